"""Find agency names in a text and give each its canonical name.

Four recognisers run over the tokens of :func:`~pipeline.extraction.vntext.tokenize`
(folded, so they work with or without diacritics and in any case):

* the gazetteer of ``models/agencies/*.yaml`` through a spaCy ``PhraseMatcher``
  on a blank ``xx`` pipeline (the tokenizer is ``vntext.tokenize``, here only);
* the standard groups written as enumerations ("UBND các huyện, thị xã, thành
  phố", "các sở, ban, ngành, đoàn thể cấp tỉnh") and a head shared by a list
  ("Giám đốc các Sở: Nội vụ, Tài chính"), in :mod:`.agency_lists`;
* a generic pattern for names no list holds (:mod:`.agency_scan`): a head noun
  (Sở, Ban, Trung tâm...), a capitalised name ("Văn hóa, Thể thao và Du lịch"),
  an optional level word (tỉnh, huyện, Tỉnh ủy...) and an optional place.

The longest candidate wins (a listed name beats a generic one it starts); then
a head's title is folded into the body ("Giám đốc Sở Y tế" -> "Sở Y tế"), a
parenthesis naming a unit or role into the name before it, a unit written
before its parent into one name ("Văn phòng Sở Y tế"), and coordinated levels
into one mention each ("Ban Chỉ huy ... cấp tỉnh, cấp xã").
Roles, tasks and deadlines are not decided here.
"""
from __future__ import annotations

import functools

import regex

from ..models import Mention
from ..segmentation import item_marker
from .agency_lists import council_organs, distributive, scan_groups, short_departments
from .agency_names import defined_short_names, established, named_by_province, short_references
from .agency_scan import (
    GAZ, GENERIC, abbr_case_ok, Candidate, entry_rebuild, entry_value, extend_name, generic_groups, glued,
    head_at, level_at, render, shorten, stop_at,
)
from .lexicon import Lexicon, lexicon
from .vntext import Tokens, fold, tokenize

__all__ = ["find_agencies", "canonical_agency", "expand_abbreviations", "fold", "province_successor", "find_province"]


# --------------------------------------------------------------------------- gazetteer


def _gazetteer(lex: Lexicon, toks: Tokens, level_word, own_level: str | None = None) -> list[Candidate]:
    from spacy.tokens import Doc

    if not len(toks):
        return []
    # words no pattern uses become one placeholder: positions stay, the vocabulary does not grow
    known = lex.pattern_words
    words = [w if w in known else "_" for w in toks.norms]
    doc = Doc(lex.nlp.vocab, words=words, spaces=[True] * len(toks))
    out = []
    strings = lex.nlp.vocab.strings
    for key, i, j in lex.matcher(doc):
        idx, sigs, core = lex.keys[strings[key]]
        entry = lex.entries[idx]
        if any(toks.sig(i + k) not in (None, s) for k, s in enumerate(sigs)):
            continue
        if glued(toks, i) or (toks.cased[i] and not entry.group and not toks.is_cap(i)):
            continue
        if (entry.group and j - 1 > i and j < toks.n and toks.cased[j - 1] and toks.is_cap(j - 1)
                and head_at(lex, toks, j - 1) and toks.is_word(j) and toks.is_cap(j) and not level_at(lex, toks, j)):
            continue  # "Các cơ quan báo chí, Đài Phát thanh và Truyền hình tỉnh": the capital opens the next name
        end, ext_level = extend_name(lex, toks, j)
        if entry.local and own_level:  # "Hội Nông dân" in a commune's plan: the commune's
            value = entry_value(lex, entry, toks, i, end, ext_level, own_level, core_end=j)
        else:
            value = entry_value(lex, entry, toks, i, end, ext_level, level_word, core_end=j)
        if ("{" in entry.id and not ext_level and toks.norms[j:j + 2] == ["khu", "vuc"] and toks.gap(j) == " "
                and (j + 2 >= toks.n or not toks.is_word(j + 2) or stop_at(lex, toks, j + 2))):
            # "các Trung tâm Y tế khu vực": the regional centres, no region named
            end, value = j + 2, regex.sub(r"\s*\{\w+\}", "", entry.id) + " khu vực"
        head = lex.heads.match(toks, i)
        out.append(Candidate(i, end, GAZ, value, head[1] if head else None, core_end=j, core_len=core,
                         rebuild=entry_rebuild(lex, entry, level_word)))
    return out


# --------------------------------------------------------------------------- selection and merging

def _select(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """The longest candidates that do not overlap; a listed name beats a generic one it starts, but not one that its
    last word opens ("Văn phòng Sở" of "Văn phòng Sở Y tế": the office of the department named in full)."""
    opens = {c.start: c.end for c in cands if c.prio == GAZ}
    cands = [c for c in cands if not (c.prio == GAZ and opens.get(c.end - 1, c.end) > c.end and c.end - c.start > 1)]
    gaz: dict[int, Candidate] = {}
    for c in cands:
        if c.prio == GAZ and c.end > gaz.get(c.start, c).end or c.prio == GAZ and c.start not in gaz:
            gaz[c.start] = c
    cands = [c for c in cands if not (c.prio == GENERIC and c.start in gaz and gaz[c.start].end < c.end
                                      and not lex.joiners.match(toks, gaz[c.start].core_end))]
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, -c.core_len, c.start))
    taken: list[Candidate] = []
    used: set[int] = set()
    for c in cands:
        if c.bare or any(k in used for k in range(c.start, c.end)):
            continue
        taken.append(c)
        used.update(range(c.start, c.end))
    return sorted(taken, key=lambda c: c.start)


def _merge(lex: Lexicon, toks: Tokens, chosen: list[Candidate], bare: list[Candidate]) -> list[Candidate]:
    by_start = {c.start: c for c in chosen}
    for b in sorted(bare, key=lambda b: -b.start):  # "Văn phòng" + "Sở Y tế"; "Văn phòng" + "Thường trực" + "Ban Chỉ đạo"
        if b.end in by_start and not any(c.start < b.end and b.start < c.end for c in chosen):
            chosen.append(b)
            by_start[b.start] = b
    chosen.sort(key=lambda c: c.start)
    out: list[Candidate] = []
    for c in chosen:
        prev = out[-1] if out else None
        adjoins = prev and (prev.end == c.start or prev.end + 3 == c.start and _abbreviation_in_brackets(toks, prev.end))
        if adjoins and prev.core_end == prev.end and prev.head and prev.head.unit and "\n" not in toks.gap(c.start):
            tail = c.value
            if tail.startswith("UBND ") and toks.norms[c.start] not in ("ubnd", "uy", "chu"):
                tail = tail[len("UBND "):]  # "Ban An toàn giao thông các huyện, thị xã": of the districts, not of their UBND
            prev.value = f"{render(lex, toks, prev.start, prev.end)} {tail}"
            prev.end, prev.core_end, prev.bare = c.end, c.end, False
            continue
        if adjoins and prev.rebuild and c.value.startswith("UBND ") and toks.norms[c.start] == "cac" \
                and "\n" not in toks.gap(c.start):
            # "Ban Chỉ huy PCTT và TKCN các huyện, thị xã": the listed body of each district
            prev.value, prev.end, prev.core_end = prev.rebuild(c.value[len("UBND "):], plural=True), c.end, c.end
            continue
        out.append(c)
    out = [c for c in out if not c.bare]
    out = established(lex, toks, out, bare)
    out = short_references(lex, toks, out, bare)
    out = _parentheses(lex, toks, out)
    out = _branches(toks, out)
    out = _regional(toks, out)
    out = _named(lex, toks, out)
    out = _described(lex, toks, out)
    out = _members(lex, toks, out)
    out = _coordinated_levels(lex, toks, out)
    for idx, c in enumerate(out):
        title = lex.titles.match_ending(toks, c.start)
        floor = out[idx - 1].end if idx else 0
        if title and title[0] >= floor and "\n\n" not in toks.gap(c.start):
            c.start = title[0]
    return out


def _coordinated_levels(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã" names two bodies; the second is its level words. A body that
    keeps its place shares its head with the next level and place too: "UBND xã Trà Bồng, xã Tây Trà"."""
    out: list[Candidate] = []
    for idx, c in enumerate(cands):
        out.append(c)
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else toks.n
        k = c.end
        while c.rebuild and k + 1 < nxt and (toks.norms[k] == "," or lex.joiners.match(toks, k)):
            j = k + 1 if toks.norms[k] == "," else lex.joiners.match(toks, k)[0]
            lvl = level_at(lex, toks, j)
            if not lvl or lvl[0] > nxt:
                break
            if lvl[0] < toks.n and toks.cased[lvl[0]] and toks.is_cap(lvl[0]) and "\n" not in toks.gap(lvl[0]):
                # "UBND xã Trà Bồng, xã Tây Trà": a body that keeps its place, shared by the next level and place
                end = extend_name(lex, toks, j)[0]
                if not (c.head and c.head.place == "keep" and c.core_end < c.end and lvl[0] < end <= nxt):
                    break
                out.append(Candidate(j, end, c.prio, f"{c.rebuild(lvl[1])} {render(lex, toks, lvl[0], end)}"))
                k = end
                continue
            out.append(Candidate(j, lvl[0], c.prio, c.rebuild(lvl[1])))
            k = lvl[0]
    return out


def _described(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Các doanh nghiệp cung cấp dịch vụ viễn thông phối hợp": the collective with its description."""
    for idx, c in enumerate(cands):
        if c.value not in lex.described:
            continue
        limit = min(toks.n, c.end + lex.described_words, cands[idx + 1].start if idx + 1 < len(cands) else toks.n)
        k = c.end
        while k < limit and "\n" not in toks.gap(k) and toks.norms[k] != "|":
            if toks.norms[k] == "," and k + 1 < limit and toks.is_word(k + 1) and not toks.is_cap(k + 1):
                k += 1  # "trong khu chế xuất, khu công nghiệp": the description goes on
                continue
            # a capitalised word ends it (a name follows), an abbreviation in capitals does not ("trong KCX, KCN")
            capitalised = toks.is_word(k) and toks.is_cap(k) and not toks.orig(k).isupper()
            if not toks.is_word(k) or capitalised or lex.described_until.match(toks, k):
                break
            k += 1
        if _item_start(toks, c.start) and k < toks.n and "\n" not in toks.gap(k):
            k = _heading_end(lex, toks, k, cands[idx + 1].start if idx + 1 < len(cands) else toks.n)
        while k > c.end and not toks.is_word(k - 1):
            k -= 1
        cell_end = k >= toks.n or toks.norms[k] == "|" or "\n" in toks.gap(k)  # a table cell holding the whole name
        if k > c.end and (cell_end and (_cell_start(toks, c.start) or _item_start(toks, c.start))
                          or k < toks.n and lex.described_until.match(toks, k) and "\n" not in toks.gap(k)):
            c.value = c.value + toks.text[toks.ends[c.end - 1]:toks.ends[k - 1]]
            c.end = c.core_end = k
        elif kind := _kinds_end(lex, toks, c.end):  # "các doanh nghiệp viễn thông, bưu chính phủ sóng ...": its trade
            c.value = c.value + toks.text[toks.ends[c.end - 1]:toks.ends[kind - 1]]
            c.end = c.core_end = kind
    return cands


def _kinds_end(lex: Lexicon, toks: Tokens, k: int) -> int | None:
    """End of the trades named right after a collective ("viễn thông", "viễn thông, bưu chính"), or None."""
    end = None
    while k < toks.n and "\n" not in toks.gap(k) and (kind := lex.described_kinds.match(toks, k)):
        end = k = kind[0]
        if k + 1 < toks.n and toks.norms[k] in (",", "và") and lex.described_kinds.match(toks, k + 1):
            k += 1
    return end


def _heading_end(lex: Lexicon, toks: Tokens, k: int, limit: int) -> int:
    """Where a block heading that names a described collective ends: "5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng
    Khu công nghiệp" over its own bullets names the investors, capitals and all; else ``k``, where the description
    stopped (the line does not end there in words alone, or no item of a lower rank follows it)."""
    j = k
    while j < toks.n and "\n" not in toks.gap(j):
        if j >= limit or not (toks.is_word(j) or toks.norms[j] in (",", "-")) or lex.described_until.match(toks, j):
            return k
        j += 1
    if j >= toks.n:
        return k
    line_start = toks.text.rfind("\n", 0, toks.starts[k]) + 1
    line_end = toks.text.index("\n", toks.ends[j - 1])
    own, below = (item_marker().match(toks.text, at) for at in (line_start, line_end + 1))
    return j if below and below.group().strip() and _rank(below.group()) > _rank(own.group()) else k


def _rank(marker: str) -> int:
    """How deep an item marker sits: numbered (0), lettered (1), bulleted (2)."""
    marker = marker.strip()
    return 0 if marker[0].isdigit() or regex.match(r"[IVX]+\.", marker) else 1 if regex.match(r"[a-zđ]\)", marker) else 2


def _plural_before(toks: Tokens, s: int, words: int = 3) -> int | None:
    """The "các" that opens the plain collective ending before token ``s`` ("các cơ quan"), if any."""
    k = s - 1
    while k >= 0 and s - k <= words + 1 and "\n" not in toks.gap(k + 1):
        if toks.norms[k] == "cac":
            return k
        if not toks.is_word(k) or toks.is_cap(k):
            return None
        k -= 1
    return None


def _members(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Các sở, ngành là thành viên Ban An toàn giao thông tỉnh": the members of a board, one collective body."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        link = lex.member_links.match_ending(toks, c.start) if lex.member_links else None
        if not link or c.value.startswith("Các ") or "\n" in toks.gap(c.start):
            out.append(c)
            continue
        s = link[0]
        if prev and prev.value.startswith("Các ") and (prev.end == s or prev.start < s < prev.end == c.start) \
                and "\n" not in toks.gap(s):
            start = out.pop().start  # "Các sở, ngành" + "là thành viên"; "Các cơ quan thành viên" read as one name
        elif (det := _plural_before(toks, s)) is not None and (not prev or prev.end <= det):
            start = det  # "Các thành viên Ban Chỉ đạo tỉnh", "các cơ quan thành viên Ban ATGT tỉnh"
        else:
            out.append(c)
            continue
        printed = toks.text[toks.starts[start]:toks.ends[c.start - 1]]
        out.append(Candidate(start, c.end, c.prio, f"{printed[:1].upper()}{printed[1:]} {c.value}", c.head, c.end))
    return out


def _named(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Ban Quản lý Khu kinh tế Đông Nam": a body whose entry is ``named`` takes the proper name after it."""
    for idx, c in enumerate(cands):
        if c.value not in lex.named_ids:
            continue
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else toks.n
        if c.core_end < c.end and not level_at(lex, toks, c.core_end):  # "Khu Kinh tế Phú Yên": the place is its name
            c.value = f"{c.value} {toks.text[toks.starts[c.core_end]:toks.ends[c.end - 1]]}"
            continue
        k = c.end
        while (k < nxt and k - c.end < 4 and toks.is_word(k) and toks.is_cap(k) and toks.gap(k) == " "
               and not lex.heads.match(toks, k) and not level_at(lex, toks, k)):
            k += 1
        if k > c.end:
            c.value = c.value + toks.text[toks.ends[c.end - 1]:toks.ends[k - 1]]
            c.end = c.core_end = k
    return cands


def _regional(toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Ngân hàng Nhà nước khu vực 8", "Kiểm toán Nhà nước khu vực II": a regional office of a national body."""
    for idx, c in enumerate(cands):
        k = c.end
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else toks.n
        if (k + 2 < min(toks.n, nxt + 1) and toks.norms[k:k + 2] == ["khu", "vuc"]
                and (toks.norms[k + 2].isdigit() or set(toks.norms[k + 2]) <= set("ivxl"))
                and all(toks.gap(j) == " " for j in (k, k + 1, k + 2))):
            number = toks.text[toks.starts[k + 2]:toks.ends[k + 2]]
            c.value = f"{c.value} khu vực {number.upper() if not number.isdigit() else number}"
            c.end = c.core_end = k + 3
    return cands


def _item_start(toks: Tokens, i: int) -> bool:
    """Token ``i`` opens a numbered or bulleted line ("8. Các doanh nghiệp ...", "- Các doanh nghiệp ...")."""
    line_start = toks.text.rfind("\n", 0, toks.starts[i]) + 1
    marker = item_marker().match(toks.text, line_start)
    return bool(marker) and marker.end() == toks.starts[i]


def _cell_start(toks: Tokens, i: int) -> bool:
    """Token ``i`` opens a table cell or a line."""
    return i == 0 or toks.norms[i - 1] == "|" or "\n" in toks.gap(i)


def _branches(toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9" is one body: the branch of the body named before it."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        k = c.start - 1 if c.start and toks.norms[c.start - 1] in ("-", "–") else c.start
        if (prev and prev.end == k and toks.norms[c.start:c.start + 2] == ["chi", "nhanh"]
                and "\n\n" not in toks.gap(c.start) + toks.gap(k)):
            end = c.end
            if end < toks.n and toks.gap(end) == " " and (toks.norms[end].isdigit() or set(toks.norms[end]) <= set("ivx")):
                end += 1  # "Chi nhánh Khu vực 9"
            branch = c.value if end == c.end else f"{c.value} {toks.text[toks.starts[c.end]:toks.ends[c.end]]}"
            out[-1] = Candidate(prev.start, end, prev.prio, f"{prev.value} - {branch}", prev.head, end, prev.core_len)
            continue
        out.append(c)
    return out


def _abbreviation_in_brackets(toks: Tokens, j: int) -> bool:
    """"(ATGT)" at token ``j``: a name's own abbreviation, written after it."""
    return (j + 2 < toks.n and toks.norms[j] == "(" and toks.norms[j + 2] == ")"
            and toks.orig(j + 1).isupper() and 2 <= len(toks.orig(j + 1)) <= 8)


def _parentheses(lex: Lexicon, toks: Tokens, cands: list[Candidate]) -> list[Candidate]:
    """"Sở Nội vụ (Ban Thi đua - Khen thưởng)" is one mention of the name before the bracket."""
    out: list[Candidate] = []
    skip = set()
    for idx, c in enumerate(cands):
        if idx in skip:
            continue
        j = c.end
        if _abbreviation_in_brackets(toks, j) and c.rebuild and (lvl := level_at(lex, toks, j + 3)) \
                and "\n" not in toks.gap(j + 3) \
                and (idx + 1 == len(cands) or cands[idx + 1].start >= lvl[0] or cands[idx + 1].end <= lvl[0]):
            c.value, c.end = c.rebuild(lvl[1]), lvl[0]  # "Ban An toàn giao thông (ATGT) các huyện, thành phố"
            c.core_end = c.end
            skip.update(k for k in range(idx + 1, len(cands)) if cands[k].end <= c.end)
            out.append(c)
            continue
        if j < len(toks) and toks.norms[j] == "(" and idx + 1 < len(cands):
            k = j + 1
            pre = lex.inner_prefixes.match(toks, k)
            if pre:
                k = pre[0]
            inner = cands[idx + 1]
            close = inner.end
            if inner.start in (j + 1, k) and close < len(toks) and toks.norms[close] == ")":
                c.end = close + 1
                skip.add(idx + 1)
        out.append(c)
    return out


# --------------------------------------------------------------------------- public API


def find_agencies(text: str, level_word: str | None = None, province: str | None = None,
                  own_level: str | None = None) -> list[Mention]:
    """Every agency named in ``text``, kind ``agency``, value its canonical name.

    ``level_word`` is the document's own level ("tỉnh" or "thành phố"): it names
    groups and bodies written without one ("các sở, ban, ngành" is
    "Các sở, ban, ngành thành phố" in a city's plan). ``province``, the document's,
    names the bodies known by their province ("Báo và Phát thanh, Truyền hình tỉnh"
    is "Báo và Phát thanh, Truyền hình Đồng Nai" in Đồng Nai). ``own_level``, a commune's or a ward's document's
    level ("xã", "phường"): the Front and the mass organisations it names with no level are its own ("Hội Nông dân"
    is "Hội Nông dân xã"). Offsets index ``text``.
    """
    lex = lexicon()
    toks = tokenize(text)
    shared, heads = distributive(lex, toks, level_word)
    groups = [c for c in scan_groups(lex, toks, level_word) if c.end - 1 not in heads]
    cands = (_gazetteer(lex, toks, level_word, own_level) + groups + generic_groups(lex, toks, level_word) + shared
             + council_organs(lex, toks, level_word) + short_departments(lex, toks, level_word))
    chosen = _select(lex, toks, [c for c in cands if not c.bare])
    merged = _merge(lex, toks, chosen, [c for c in cands if c.bare])
    named = named_by_province(lex, level_word, province)
    out = []
    first: dict[str, str] = {}  # one body named as printed keeps its first spelling: "Văn phòng UBND tỉnh" throughout
    for c in merged:
        start, end = toks.starts[c.start], toks.ends[c.end - 1]
        value = named.get(c.value, c.value)
        value = first.setdefault(_spelling(value), value)
        out.append(Mention("agency", start, end, text[start:end], value))
    return defined_short_names(text, out)


@functools.lru_cache(maxsize=4096)
def _spelling(value: str) -> str:
    """What two spellings of one body share: "Văn phòng UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh"."""
    return fold(expand_abbreviations(value))


def canonical_agency(name: str, level_word: str | None = None) -> str:
    """The canonical form of one agency name as printed.

    "Sở TT&TT" -> "Sở Thông tin và Truyền thông"; "Giám đốc Sở Y tế" -> "Sở Y tế";
    "Sở Nội vụ (Ban Thi đua - Khen thưởng)" -> "Sở Nội vụ";
    "Thủ trưởng các sở, ngành" -> "Các sở, ban, ngành cấp tỉnh".
    """
    name = " ".join(name.split())
    found = find_agencies(name, level_word)
    if found and found[0].start <= 4 and (found[0].end - found[0].start) * 2 >= len(name):
        return found[0].value
    lex = lexicon()
    toks = tokenize(name)
    if not len(toks):
        return name
    value = shorten(lex, render(lex, toks, 0, len(toks)))
    return value[:1].upper() + value[1:]


def expand_abbreviations(text: str) -> str:
    """``text`` with every known abbreviation written out ("Sở KH&ĐT" -> "Sở Kế hoạch và Đầu tư")."""
    lex = lexicon()
    toks = tokenize(text)
    out, pos, k = [], 0, 0
    while k < len(toks):
        hit = lex.abbreviations.match(toks, k)
        if hit and abbr_case_ok(toks, k, hit[0], hit[1][0]) and not glued(toks, k):
            out.append(text[pos:toks.starts[k]])
            out.append(hit[1][1])
            pos = toks.ends[hit[0] - 1]
            k = hit[0]
        else:
            k += 1
    out.append(text[pos:])
    return "".join(out)


def province_successor(name: str) -> str | None:
    from .places import province_successor as successor

    return successor(name)


def find_province(text: str) -> str | None:
    from .places import find_province as first

    return first(text)
