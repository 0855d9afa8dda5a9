"""The token-level pieces of the agency recogniser (see :mod:`pipeline.extraction.agencies`).

Level words and places after a name, the generic pattern for names no list
holds (head noun + capitalised name + level + place), and how a name is
rendered canonically (abbreviations expanded, spacing and tone marks fixed).
"""
from __future__ import annotations

import re

from .lexicon import Entry, Head, Lexicon
from .places import match_province
from .vntext import Tokens, fold, standard_tones

GAZ, GROUP, GENERIC = 3, 2, 1
_MAX_NAME = 12


class Candidate:
    __slots__ = ("start", "end", "prio", "value", "head", "core_end", "core_len", "bare", "rebuild")

    def __init__(self, start, end, prio, value, head=None, core_end=None, core_len=0, bare=False, rebuild=None):
        self.start, self.end, self.prio, self.value, self.rebuild = start, end, prio, value, rebuild
        self.head, self.core_end, self.core_len, self.bare = head, end if core_end is None else core_end, core_len, bare


def _blank_line(toks: Tokens, i: int) -> bool:
    return toks.gap(i).count("\n") >= 2


def glued(toks: Tokens, i: int) -> bool:
    """Token ``i`` is part of a document symbol such as ``1068/KH-UBND``."""
    return i > 1 and toks.gap(i) == "" and toks.norms[i - 1] in ("-", "/") and toks.gap(i - 1) == ""


def level_at(lex: Lexicon, toks: Tokens, i: int):
    """``(end, norm)`` of a level word at ``i`` ("tỉnh", "cấp xã", "Tỉnh ủy"), or None."""
    hit = lex.levels.match(toks, i)
    if not hit:
        return None
    end, (norm, not_before, not_after, needs_place) = hit
    if not_before.match(toks, end) or not_after.match_ending(toks, i):
        return None
    if needs_place and not (end < len(toks) and toks.gap(end) == " " and toks.is_word(end)
                            and (toks.is_cap(end) or toks.norms[end].isdigit())):
        return None  # "khu vực VIII" names a region; "khu vực biên giới" is no level
    if toks.cased[i] and toks.is_cap(i) and norm == norm.lower() and "\n" in toks.gap(i) and i > 0:
        return None
    return end, norm


def head_at(lex: Lexicon, toks: Tokens, i: int):
    """``(end, Head)`` of a head noun opening an agency name at ``i``, or None."""
    if i >= len(toks) or (toks.cased[i] and not toks.is_cap(i)):
        return None
    hit = lex.heads.match(toks, i)
    if not hit:
        return None
    end, head = hit
    if head.not_before and head.not_before.match(toks, end):
        return None
    return hit


def stop_at(lex: Lexicon, toks: Tokens, i: int) -> bool:
    stop = lex.stops.match(toks, i)
    if not stop:
        return False
    word = lex.name_words.match(toks, i)
    return not word or word[0] <= stop[0]


def _name_start(lex: Lexicon, toks: Tokens, i: int, cased: bool, any_word: bool = False) -> bool:
    """Whether token ``i`` can continue a name after a comma, hyphen, ``&`` or "và"."""
    if i >= len(toks) or not toks.is_word(i) or "\n\n" in toks.gap(i):
        return False
    if head_at(lex, toks, i) or level_at(lex, toks, i):
        return False
    if any_word:
        return True
    if cased:
        return toks.is_cap(i)
    return not stop_at(lex, toks, i)


def _closed_run(lex: Lexicon, toks: Tokens, i: int) -> int | None:
    """End of a short lower-case run followed by a capital, a head or a level word; or, of two words at most, by the
    predicate that ends the name ("Chi cục Trồng trọt và Bảo vệ thực vật phối hợp", "Văn phòng Đăng ký đất đai,")."""
    j = i
    while j < len(toks) and j - i < 8 and toks.is_word(j) and not toks.is_cap(j) and "\n\n" not in toks.gap(j):
        word = lex.name_words.match(toks, j)
        if word and word[0] - j > 1 and not stop_at(lex, toks, j):  # "quyền lợi" + "người tiêu dùng": a phrase
            j = word[0]  # of the name, though "dùng" alone would end it
            continue
        if stop_at(lex, toks, j) or level_at(lex, toks, j):
            break
        j += 1
    if j == i:
        return None
    stop = lex.stops.match(toks, j) if j < len(toks) else None
    closes = (j >= len(toks) or toks.norms[j] in (",", ";", ".", ")", "|", ":") or stop and stop[0] - j >= 2
              or "\n" in toks.gap(j))  # a table cell's or a heading line's end ends the name
    if j - i <= 2 and closes:
        return j  # a predicate of two words at least ("phối hợp"): "lộ trình" is no name's end
    if closes and not any(standard_tones(toks.orig(k).lower()) in _RUN_BREAKERS for k in range(i, j)):
        return j  # "Trung tâm Quan trắc" + "tài nguyên và môi trường" + " thực hiện": what the body does, in full
    if j >= len(toks) or not toks.is_word(j) or "\n" in toks.gap(j):
        return None
    if level_at(lex, toks, j) or (toks.is_cap(j) and j - i <= 4):
        return j
    if match_province(toks, j) and not any(standard_tones(toks.orig(k).lower()) in _RUN_BREAKERS for k in range(i, j)):
        return j  # "Trung tâm Ứng dụng" + "tiến bộ khoa học và công nghệ" + " Đắk Lắk": what it does, then its province
    return None


# words that, in a lower-case run after a name, show a clause rather than the rest of the name
_RUN_BREAKERS = frozenset(standard_tones(w) for w in ("các", "những", "cho", "của", "để", "tại", "theo", "với", "về", "trong", "từ",
                                            "đến", "trên", "dưới", "được", "khi", "nếu", "này", "đó", "mỗi", "từng"))

DESCRIBED_WORDS = 10
NAME_AFTER_RUN = 4  # capitalised words of a place's name after what a body is for


def _described_run(lex: Lexicon, toks: Tokens, k: int) -> int | None:
    """End of the lower-case words that say what a body is for, when a level word follows them ("chuyển đổi số" before
    " tỉnh", "phòng, chống tham nhũng" before " tỉnh"): no predicate or function word among them."""
    j, n = k, len(toks)
    while j < n and j - k < DESCRIBED_WORDS and "\n" not in toks.gap(j):
        if toks.is_word(j):
            if level_at(lex, toks, j):
                return j if j > k else None
            word = lex.name_words.match(toks, j)
            if word:
                j = word[0]
                continue
            if toks.is_cap(j) and j > k and toks.gap(j) == " " and not head_at(lex, toks, j):
                # "Ban Quản lý" + "rừng phòng hộ" + " Sìn Hồ": what it is for, then the proper name of the place
                end = j
                while end < n and end - j < NAME_AFTER_RUN and toks.is_word(end) and toks.is_cap(end) \
                        and toks.gap(end) == " " and not head_at(lex, toks, end) and not stop_at(lex, toks, end):
                    end += 1
                return end
            if toks.is_cap(j) or stop_at(lex, toks, j):
                return None
        elif toks.norms[j] not in (",", "-") or j == k:
            return None
        j += 1
    return None


def _name(lex: Lexicon, toks: Tokens, k: int, described: bool = False) -> int:
    """End (exclusive) of the proper name starting at token ``k``; ``k`` if there is none. ``described``: it may open
    with a short lower-case run that ends at a capital or a level ("Ban Chỉ đạo" + "chuyển đổi số" + " tỉnh")."""
    start, end, last_cap, n = k, k, False, len(toks)
    if described and k < n and toks.is_word(k) and toks.cased[k] and not toks.is_cap(k):
        run = _described_run(lex, toks, k)
        if run is not None:
            return run
    while k < n and k - start < _MAX_NAME and not _blank_line(toks, k):
        cased = toks.cased[k]
        if "\n" in toks.gap(k) and k + 1 < n and toks.norms[k + 1] in (")", ".") and len(toks.norms[k]) <= 2:
            break  # "... khu vực XIX" then "a) Tăng cường ...": the next line's item marker
        if toks.is_word(k):
            place = match_province(toks, k) if cased and toks.is_cap(k) else None
            if place:  # "Công ty TNHH MTV Thoát nước Hải Phòng": a province's name, though "Phòng" heads a body, and
                # it ends the name ("Tổng công ty Vận tải Hà Nội xây dựng lộ trình ..."), but for capitalised words that
                return _capitalised_run(lex, toks, place[0])  # go on with it ("Báo Sài Gòn Giải Phóng")
            phrase = lex.name_words.match(toks, k) if end > start else None
            if phrase and (longer := lex.stops.match(toks, k)) and longer[0] > phrase[0]:
                phrase = None  # "xây dựng kế hoạch" after "Chi cục Chăn nuôi và Thú y": a predicate, not "xây dựng"
            if phrase and phrase[0] - k > 1:  # "Ban Chỉ huy Phòng, chống thiên tai, Tìm kiếm cứu nạn ...": "Phòng" heads
                k = end = phrase[0]  # no body inside a name's fixed phrase
                last_cap = False
                continue
            if level_at(lex, toks, k) or head_at(lex, toks, k):
                break
            joiner = lex.joiners.match(toks, k)
            if joiner:
                if end > start and _name_start(lex, toks, joiner[0], cased):
                    k = joiner[0]
                    continue
                break
            if cased and toks.is_cap(k):
                if ("\n" in toks.gap(k) or toks.orig(k).isupper()) and stop_at(lex, toks, k):
                    break  # a predicate opening the next line ("Chủ trì, ...") or in capitals
                word = lex.name_words.match(toks, k)
                k = word[0] if word else k + 1
                end, last_cap = k, not word
                continue
            if stop_at(lex, toks, k) or (cased and end == start):
                break
            word = lex.name_words.match(toks, k)
            if word:
                k, end, last_cap = word[0], word[0], False
                continue
            if not cased or last_cap:
                k, end, last_cap = k + 1, k + 1, False
                continue
            run = _closed_run(lex, toks, k)
            if run is None:
                break
            k, end = run, run
            continue
        punct = toks.norms[k]
        if end == start or "\n" in toks.gap(k) and punct == "-":
            break
        if punct == "," and cased and _name_start(lex, toks, k + 1, cased):
            k += 1
        elif punct == "-" and _name_start(lex, toks, k + 1, cased):
            k += 1
        elif punct == "&" and _name_start(lex, toks, k + 1, cased, any_word=True):
            k += 1
        else:
            break
    return end


def _capitalised_run(lex: Lexicon, toks: Tokens, k: int) -> int:
    """End of the capitalised words right after token ``k`` on its line that open no body, level, place or predicate."""
    while (k < len(toks) and toks.is_word(k) and toks.cased[k] and toks.is_cap(k) and toks.gap(k) == " "
           and not head_at(lex, toks, k) and not level_at(lex, toks, k) and not stop_at(lex, toks, k)
           and not match_province(toks, k)):
        k += 1
    return k


def _place(lex: Lexicon, toks: Tokens, k: int) -> int:
    """End of a place name after a level word ("tỉnh Ninh Thuận", "huyện Cẩm Mỹ")."""
    if k >= len(toks) or "\n\n" in toks.gap(k):
        return k
    hit = match_province(toks, k)
    if hit:
        return hit[0]
    if not toks.cased[k]:
        return k
    end = j = k
    while j < len(toks) and j - k < 6 and "\n" not in toks.gap(j):
        if toks.is_word(j) and (toks.is_cap(j) or toks.norms[j].isdigit()):
            named = head_at(lex, toks, j)
            if named and j > k and toks.gap(j) == " " and (named[0] >= len(toks) or not (
                    toks.is_word(named[0]) and toks.is_cap(named[0])) and not level_at(lex, toks, named[0])):
                named = None  # "phường Xuân Đài phối hợp": a head word in the place's name, no name of its own after it
            if named or (stop_at(lex, toks, j) and "\n" in toks.gap(j)):
                break
            j = end = j + 1
        elif toks.norms[j] == "-" and j > k and j + 1 < len(toks) and toks.is_word(j + 1) and toks.is_cap(j + 1):
            j += 1
        else:
            break
    return end


def extend_name(lex: Lexicon, toks: Tokens, j: int):
    """``(end, level)`` after an optional level word and place following token ``j``."""
    if j >= len(toks) or _blank_line(toks, j):
        return j, None
    lvl = level_at(lex, toks, j)
    if lvl:
        return _place(lex, toks, lvl[0]), lvl[1]
    hit = match_province(toks, j)
    return (hit[0], None) if hit else (j, None)


def _printed_level(lex: Lexicon, toks: Tokens, i: int, j: int) -> tuple[str | None, int]:
    """The last level word tokens ``i..j`` print, and the token after it (``j`` when there is none)."""
    found, after = None, j
    k = i
    while k < j:
        lvl = level_at(lex, toks, k)
        if lvl and lvl[0] <= j:
            k, found = lvl
            after = k
        else:
            k += 1
    return found, after


def fill_template(lex: Lexicon, template: str, printed: str | None, level_word: str | None, plural: bool = False) -> str:
    """``template`` with its level slots filled; ``plural``: the body of each unit of a level ("cấp huyện")."""
    if "{" not in template:
        return template
    slots = lex.level_slots
    default = slots.get(level_word or lex.default_level) or slots[lex.default_level]
    slot = slots.get(printed) if printed else None
    cap_level = (slot or default)["cap_level"]
    level = cap_level if plural else slot["level"] if slot else (printed or default["level"])
    below = "" if (slot or default)["level"] in PROVINCIAL else cap_level  # a group named bare at the province's level
    return template.replace("{level}", level).replace("{cap_level}", cap_level).replace(" {below_level}", f" {below}".rstrip())


_SLOT = re.compile(r"\s*\{\w+\}")  # a level slot of a canonical name
PROVINCIAL = ("tỉnh", "thành phố")  # the levels {below_level} leaves unsaid: "Các tổ chức chính trị - xã hội"
REGION = "khu vực"  # a level that names a region by its number or name: "Kho bạc Nhà nước khu vực VIII"


def entry_value(lex: Lexicon, entry: Entry, toks: Tokens, i: int, j: int, ext_level, level_word, core_end=None) -> str:
    if ext_level == REGION and core_end is not None:  # the entry's own name, then the region as printed
        return f"{_SLOT.sub('', entry.id)} {render(lex, toks, core_end, j)}"
    if entry.as_printed and ext_level:  # "Văn phòng HĐND và UBND xã": as written (a name in capitals: as listed)
        printed_text = " ".join(toks.orig(k) for k in range(i, j))
        if not printed_text.isupper():
            return standard_tones(printed_text)
    if "{" in entry.id:
        printed, after = _printed_level(lex, toks, i, j)
        if entry.printed_place and printed is None and core_end is not None and core_end < j and match_province(toks, core_end):
            # "Báo và Phát thanh, Truyền hình Bắc Ninh": a place named with no level word is kept as printed
            return fill_template(lex, entry.id, render(lex, toks, core_end, j), level_word)
        value = fill_template(lex, entry.id, printed, level_word)
        if entry.keeps_place and after < j and (place := match_province(toks, after)) and place[0] == j:
            value = f"{value} {place[1]}"  # "Hiệp hội Doanh nghiệp tỉnh Gia Lai": the province after the level
        return value
    if entry.level == "keep" and ext_level:
        return f"{entry.id} {ext_level}"
    return entry.id


def entry_rebuild(lex: Lexicon, entry: Entry, level_word):
    """How the entry's name reads with another level ("cấp tỉnh, cấp xã")."""
    if "{" in entry.id:
        return lambda lv, plural=False: fill_template(lex, entry.id, lv, level_word, plural)
    if entry.level == "keep":
        return lambda lv, plural=False: f"{entry.id} {lv}"
    return None


def render(lex: Lexicon, toks: Tokens, i: int, j: int) -> str:
    """Tokens ``i..j`` as a canonical name: abbreviations expanded (not those kept as printed: a company's legal form,
    "Công ty TNHH MTV ..."), spacing normalised."""
    out: list[str] = []
    k = i
    while k < j:
        hit = lex.abbreviations.match(toks, k)
        if hit and hit[0] <= j and not hit[1][2] and abbr_case_ok(toks, k, hit[0], hit[1][0]):
            piece, k = hit[1][1], hit[0]
        else:
            piece, k = toks.orig(k), k + 1
        if out and piece not in (",", ".", ")") and out[-1] != "(":
            glue = "" if piece == "&" or out[-1] == "&" else " "
            out.append(glue)
        out.append(piece)
    text = "".join(out)
    if toks.text[toks.starts[i]:toks.ends[j - 1]].isupper() and len(text) > 1 and j - i > 1:  # not an acronym
        text = text[0] + text[1:].lower()
    return standard_tones(" ".join(text.split()))


def abbr_case_ok(toks: Tokens, i: int, j: int, abbr: str) -> bool:
    if not toks.cased[i] or not any(c.isupper() for c in abbr):
        return True
    return not toks.text[toks.starts[i]:toks.ends[j - 1]].islower()


def shorten(lex: Lexicon, value: str) -> str:
    for full, short in lex.short_heads.items():
        if fold(value).startswith(fold(full) + " "):
            return short + value[len(full):]
    return value


def generic_groups(lex: Lexicon, toks: Tokens, level_word) -> list[Candidate]:
    out = []
    covered = 0
    firsts = lex.heads.firsts
    for i in range(toks.n):
        if toks.norms[i] not in firsts:
            continue
        hit = head_at(lex, toks, i)
        if not hit or i < covered:
            continue
        covered = hit[0]
        if glued(toks, i) or lex.not_after.match_ending(toks, i):
            continue
        h_end, head = hit
        if any((t := lex.titles.match(toks, j)) and t[0] > i for j in range(max(0, i - 3), i)):
            continue  # "Phó Chủ tịch Thường trực": the head is part of a title
        name_end = h_end if head.needs_level else _name(lex, toks, h_end, head.described)
        if head.needs_level and head.standalone and not level_at(lex, toks, h_end):
            place = match_province(toks, h_end) if h_end < toks.n and toks.gap(h_end) == " " else None
            if place:  # "Thuế Đồng Nai": the province's office, named by the province alone
                out.append(Candidate(i, place[0], GENERIC, render(lex, toks, i, place[0]), head))
                continue
        if name_end == h_end and not level_at(lex, toks, h_end):
            if head.unit:
                out.append(Candidate(i, h_end, 0, render(lex, toks, i, h_end), head, bare=True))
            continue
        end, level = extend_name(lex, toks, name_end)
        if head.needs_level and not level:
            continue
        rebuild = None
        if level and head.level != "drop" and lex.pattern_index.get(tuple(toks.norms[i:name_end])) is None:
            core = render(lex, toks, i, name_end)
            rebuild = lambda lv, plural=False, core=core: shorten(lex, f"{core} {lv}")  # noqa: E731
        out.append(Candidate(i, end, GENERIC, _generic_value(lex, toks, i, name_end, end, level, head, level_word),
                         head, core_end=name_end, rebuild=rebuild))
    return out


def _generic_value(lex, toks, i, name_end, end, level, head: Head, level_word) -> str:
    idx = lex.pattern_index.get(tuple(toks.norms[i:name_end]))
    if idx is not None:
        return entry_value(lex, lex.entries[idx], toks, i, end, level, level_word, core_end=name_end)
    if level == REGION:
        return shorten(lex, render(lex, toks, i, end))
    value = render(lex, toks, i, name_end)
    if level and head.level != "drop":
        value += " " + level
        lvl_end = level_at(lex, toks, name_end)
        if head.place in ("keep", "province") and lvl_end and lvl_end[0] < end:
            hit = match_province(toks, lvl_end[0])
            place = hit[1] if hit and hit[0] == end else render(lex, toks, lvl_end[0], end)
            value += " " + place
    return shorten(lex, value)
