"""Find agency names in a text and give each its canonical name.

Three recognisers run over the tokens of :func:`~pipeline.extract.vntext.tokenize`
(folded, so they work with or without diacritics and in any case):

* the gazetteer of ``models/agencies/*.yaml`` through a spaCy ``PhraseMatcher``;
* the standard groups written as enumerations ("UBND các huyện, thị xã, thành
  phố", "các sở, ban, ngành, đoàn thể cấp tỉnh");
* a generic pattern for names no list holds: a head noun (Sở, Ban, Trung tâm...),
  a capitalised name ("Văn hóa, Thể thao và Du lịch"), an optional level word
  (tỉnh, huyện, Tỉnh ủy...) and an optional place.

The longest candidate wins; then a head's title is folded into the body
("Giám đốc Sở Y tế" -> "Sở Y tế"), a parenthesis naming a unit or role into
the name before it, and a unit written before its parent into one name.
Roles, tasks and deadlines are not decided here.
"""
from __future__ import annotations

from functools import cache

from ..models import Mention
from .lexicon import Entry, Head, Lexicon, ListDef, lexicon
from .places import match_province
from .vntext import Tokens, fold, standard_tones, tokenize

__all__ = ["find_agencies", "canonical_agency", "expand_abbreviations", "fold", "province_successor", "find_province"]

_GAZ, _GROUP, _GENERIC = 3, 2, 1
_MAX_NAME = 12


class _Cand:
    __slots__ = ("start", "end", "prio", "value", "head", "core_end", "core_len", "bare", "rebuild")

    def __init__(self, start, end, prio, value, head=None, core_end=None, core_len=0, bare=False, rebuild=None):
        self.start, self.end, self.prio, self.value, self.rebuild = start, end, prio, value, rebuild
        self.head, self.core_end, self.core_len, self.bare = head, end if core_end is None else core_end, core_len, bare


# --------------------------------------------------------------------------- helpers

def _blank_line(toks: Tokens, i: int) -> bool:
    return toks.gap(i).count("\n") >= 2


def _glued(toks: Tokens, i: int) -> bool:
    """Token ``i`` is part of a document symbol such as ``1068/KH-UBND``."""
    return i > 1 and toks.gap(i) == "" and toks.norms[i - 1] in ("-", "/") and toks.gap(i - 1) == ""


def _level(lex: Lexicon, toks: Tokens, i: int):
    """``(end, norm)`` of a level word at ``i`` ("tỉnh", "cấp xã", "Tỉnh ủy"), or None."""
    hit = lex.levels.match(toks, i)
    if not hit:
        return None
    end, (norm, not_before, not_after) = hit
    if not_before.match(toks, end) or not_after.match_ending(toks, i):
        return None
    if toks.cased[i] and toks.is_cap(i) and norm == norm.lower() and "\n" in toks.gap(i) and i > 0:
        return None
    return end, norm


def _head(lex: Lexicon, toks: Tokens, i: int):
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


def _stop(lex: Lexicon, toks: Tokens, i: int) -> bool:
    stop = lex.stops.match(toks, i)
    if not stop:
        return False
    word = lex.name_words.match(toks, i)
    return not word or word[0] <= stop[0]


def _name_start(lex: Lexicon, toks: Tokens, i: int, cased: bool, any_word: bool = False) -> bool:
    """Whether token ``i`` can continue a name after a comma, hyphen, ``&`` or "và"."""
    if i >= len(toks) or not toks.is_word(i) or "\n\n" in toks.gap(i):
        return False
    if _head(lex, toks, i) or _level(lex, toks, i):
        return False
    if any_word:
        return True
    if cased:
        return toks.is_cap(i)
    return not _stop(lex, toks, i)


def _closed_run(lex: Lexicon, toks: Tokens, i: int) -> int | None:
    """End of a short lower-case run followed by a capital, a head or a level word."""
    j = i
    while j < len(toks) and j - i < 4 and toks.is_word(j) and not toks.is_cap(j) and "\n\n" not in toks.gap(j):
        if _stop(lex, toks, j) or _level(lex, toks, j):
            break
        j += 1
    if j == i or j >= len(toks) or not toks.is_word(j) or "\n" in toks.gap(j):
        return None
    if toks.is_cap(j) or _level(lex, toks, j):
        return j
    return None


def _name(lex: Lexicon, toks: Tokens, k: int) -> int:
    """End (exclusive) of the proper name starting at token ``k``; ``k`` if there is none."""
    start, end, last_cap, n = k, k, False, len(toks)
    while k < n and k - start < _MAX_NAME and not _blank_line(toks, k):
        cased = toks.cased[k]
        if toks.is_word(k):
            if _level(lex, toks, k) or _head(lex, toks, k):
                break
            joiner = lex.joiners.match(toks, k)
            if joiner:
                if end > start and _name_start(lex, toks, joiner[0], cased):
                    k = joiner[0]
                    continue
                break
            if cased and toks.is_cap(k):
                if ("\n" in toks.gap(k) or toks.orig(k).isupper()) and _stop(lex, toks, k):
                    break  # a predicate opening the next line ("Chủ trì, ...") or in capitals
                word = lex.name_words.match(toks, k)
                k = word[0] if word else k + 1
                end, last_cap = k, not word
                continue
            if _stop(lex, toks, k) or (cased and end == start):
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
            if _head(lex, toks, j) or (_stop(lex, toks, j) and "\n" in toks.gap(j)):
                break
            j = end = j + 1
        elif toks.norms[j] == "-" and j > k and j + 1 < len(toks) and toks.is_word(j + 1) and toks.is_cap(j + 1):
            j += 1
        else:
            break
    return end


def _extend(lex: Lexicon, toks: Tokens, j: int):
    """``(end, level)`` after an optional level word and place following token ``j``."""
    if j >= len(toks) or _blank_line(toks, j):
        return j, None
    lvl = _level(lex, toks, j)
    if lvl:
        return _place(lex, toks, lvl[0]), lvl[1]
    hit = match_province(toks, j)
    return (hit[0], None) if hit else (j, None)


def _printed_level(lex: Lexicon, toks: Tokens, i: int, j: int) -> str | None:
    found = None
    k = i
    while k < j:
        lvl = _level(lex, toks, k)
        if lvl and lvl[0] <= j:
            found, k = lvl[1], lvl[0]
        else:
            k += 1
    return found


def _fill(lex: Lexicon, template: str, printed: str | None, level_word: str | None) -> str:
    if "{" not in template:
        return template
    slots = lex.level_slots
    default = slots.get(level_word or "tỉnh") or slots["tỉnh"]
    slot = slots.get(printed) if printed else None
    level = slot["level"] if slot else (printed or default["level"])
    cap_level = (slot or default)["cap_level"]
    return template.replace("{level}", level).replace("{cap_level}", cap_level)


def _entry_value(lex: Lexicon, entry: Entry, toks: Tokens, i: int, j: int, ext_level, level_word) -> str:
    if "{" in entry.id:
        return _fill(lex, entry.id, _printed_level(lex, toks, i, j), level_word)
    if entry.level == "keep" and ext_level:
        return f"{entry.id} {ext_level}"
    return entry.id


def _entry_rebuild(lex: Lexicon, entry: Entry, level_word):
    """How the entry's name reads with another level ("cấp tỉnh, cấp xã")."""
    if "{" in entry.id:
        return lambda lv: _fill(lex, entry.id, lv, level_word)
    if entry.level == "keep":
        return lambda lv: f"{entry.id} {lv}"
    return None


def _render(lex: Lexicon, toks: Tokens, i: int, j: int) -> str:
    """Tokens ``i..j`` as a canonical name: abbreviations expanded, spacing normalised."""
    out: list[str] = []
    k = i
    while k < j:
        hit = lex.abbreviations.match(toks, k)
        if hit and hit[0] <= j and _abbr_case_ok(toks, k, hit[0], hit[1][0]):
            piece, k = hit[1][1], hit[0]
        else:
            piece, k = toks.orig(k), k + 1
        if out and piece not in (",", ".", ")") and out[-1] != "(":
            glue = "" if piece == "&" or out[-1] == "&" else " "
            out.append(glue)
        out.append(piece)
    text = "".join(out)
    if toks.text[toks.starts[i]:toks.ends[j - 1]].isupper() and len(text) > 1:
        text = text[0] + text[1:].lower()
    return standard_tones(" ".join(text.split()))


def _abbr_case_ok(toks: Tokens, i: int, j: int, abbr: str) -> bool:
    if not toks.cased[i] or not any(c.isupper() for c in abbr):
        return True
    return not toks.text[toks.starts[i]:toks.ends[j - 1]].islower()


def _shorten(lex: Lexicon, value: str) -> str:
    for full, short in lex.short_heads.items():
        if fold(value).startswith(fold(full) + " "):
            return short + value[len(full):]
    return value


# --------------------------------------------------------------------------- candidates

def _gazetteer(lex: Lexicon, toks: Tokens, level_word) -> list[_Cand]:
    from spacy.tokens import Doc

    if not len(toks):
        return []
    doc = Doc(lex.nlp.vocab, words=toks.norms, spaces=[True] * len(toks))
    out = []
    strings = lex.nlp.vocab.strings
    for key, i, j in lex.matcher(doc):
        idx, sigs, core = lex.keys[strings[key]]
        entry = lex.entries[idx]
        if any(toks.sig(i + k) not in (None, s) for k, s in enumerate(sigs)):
            continue
        if _glued(toks, i) or (toks.cased[i] and not entry.group and not toks.is_cap(i)):
            continue
        end, ext_level = _extend(lex, toks, j)
        value = _entry_value(lex, entry, toks, i, end, ext_level, level_word)
        head = lex.heads.match(toks, i)
        out.append(_Cand(i, end, _GAZ, value, head[1] if head else None, core_end=j, core_len=core,
                         rebuild=_entry_rebuild(lex, entry, level_word)))
    return out


def _generic(lex: Lexicon, toks: Tokens, level_word) -> list[_Cand]:
    out = []
    covered = 0
    firsts = lex.heads.firsts
    for i in range(toks.n):
        if toks.norms[i] not in firsts:
            continue
        hit = _head(lex, toks, i)
        if not hit or i < covered:
            continue
        covered = hit[0]
        if _glued(toks, i) or lex.not_after.match_ending(toks, i):
            continue
        h_end, head = hit
        if any((t := lex.titles.match(toks, j)) and t[0] > i for j in range(max(0, i - 3), i)):
            continue  # "Phó Chủ tịch Thường trực": the head is part of a title
        name_end = h_end if head.needs_level else _name(lex, toks, h_end)
        if name_end == h_end and not _level(lex, toks, h_end):
            if head.unit:
                out.append(_Cand(i, h_end, 0, _render(lex, toks, i, h_end), head, bare=True))
            continue
        end, level = _extend(lex, toks, name_end)
        if head.needs_level and not level:
            continue
        rebuild = None
        if level and head.level != "drop" and lex.pattern_index.get(tuple(toks.norms[i:name_end])) is None:
            core = _render(lex, toks, i, name_end)
            rebuild = lambda lv, core=core: _shorten(lex, f"{core} {lv}")  # noqa: E731
        out.append(_Cand(i, end, _GENERIC, _generic_value(lex, toks, i, name_end, end, level, head, level_word),
                         head, core_end=name_end, rebuild=rebuild))
    return out


def _generic_value(lex, toks, i, name_end, end, level, head: Head, level_word) -> str:
    idx = lex.pattern_index.get(tuple(toks.norms[i:name_end]))
    if idx is not None:
        return _entry_value(lex, lex.entries[idx], toks, i, end, level, level_word)
    value = _render(lex, toks, i, name_end)
    if level and head.level != "drop":
        value += " " + level
        lvl_end = _level(lex, toks, name_end)
        if head.place == "keep" and lvl_end and lvl_end[0] < end:
            hit = match_province(toks, lvl_end[0])
            place = hit[1] if hit and hit[0] == end else _render(lex, toks, lvl_end[0], end)
            value += " " + place
    return _shorten(lex, value)


def _group_at(lex: Lexicon, toks: Tokens, i: int, d: ListDef, level_word) -> _Cand | None:
    k = i
    pre = d.prefix.match(toks, k) if d.prefix else None
    if pre:
        k = pre[0]
    elif d.needs_prefix:
        return None
    det = lex.determiners.match(toks, k)
    if det:
        k = det[0]
    count = 0
    cap = d.cap_word.match(toks, k) if d.cap_word else None
    if cap:
        k, count = cap[0], 2
    else:
        first = d.first.match(toks, k)
        if not first or not _member_end_ok(lex, toks, first[0]):
            return None
        k, count = first[0], 1
        while k < len(toks):
            j = k
            if toks.norms[j] in (",", "/"):
                j += 1
            else:
                joiner = lex.joiners.match(toks, j)
                if joiner:
                    j = joiner[0]
                elif not det:
                    break
            if j < len(toks) and "\n\n" in toks.gap(j):
                break
            member = d.members.match(toks, j)
            if not member or not _member_end_ok(lex, toks, member[0]) or _other_first(lex, toks, j, d, member[0]):
                break
            k, count = member[0], count + 1
    if d.bare:
        valid = det and count >= 2 and not lex.group_not_after.match_ending(toks, i)
    else:
        valid = det or count >= 2 or cap or d.single or (pre and not d.needs_prefix)
    printed, qualified, q = None, False, k
    for _ in range(2):
        qual = lex.qualifiers.match(toks, q)
        if not qual or "\n\n" in toks.gap(q):
            break
        lvl = _level(lex, toks, q)
        if lvl and lvl[0] == qual[0]:
            printed = lvl[1]
        else:
            qualified = True
        q = qual[0]
    if not valid and not (qualified and not d.bare):
        return None
    k = q
    if count == 1 and not _group_end_ok(lex, toks, k):
        return None
    return _Cand(i, k, _GROUP, _fill(lex, d.id, printed, level_word))


def _member_end_ok(lex: Lexicon, toks: Tokens, k: int) -> bool:
    """A member word is not the head of a proper name ("các Sở Y tế" is no group)."""
    if k >= len(toks) or not toks.is_word(k) or not toks.cased[k] or "\n" in toks.gap(k):
        return True
    return not toks.is_cap(k) or bool(_level(lex, toks, k))


def _group_end_ok(lex: Lexicon, toks: Tokens, k: int) -> bool:
    if k >= len(toks) or not toks.is_word(k) or "\n" in toks.gap(k):
        return True
    return _stop(lex, toks, k) or bool(lex.joiners.match(toks, k)) or bool(_level(lex, toks, k))


def _other_first(lex: Lexicon, toks: Tokens, j: int, d: ListDef, end: int) -> bool:
    """Another group opens at ``j`` with a longer first word ("tổ chức chính trị - xã hội")."""
    return any(o is not d and (hit := o.first.match(toks, j)) and hit[0] > end for o in lex.lists)


@cache
def _group_triggers(lex: Lexicon) -> tuple[dict[str, list[ListDef]], dict[str, list[ListDef]]]:
    """The group definitions that may open at a token, by its folded form; and those a determiner may open."""
    direct: dict[str, list[ListDef]] = {}
    after_det: dict[str, list[ListDef]] = {}
    for d in lex.lists:
        firsts = set(d.first.firsts) | (set(d.cap_word.firsts) if d.cap_word else set())
        for key in firsts | (set(d.prefix.firsts) if d.prefix else set()):
            direct.setdefault(key, []).append(d)
        for key in firsts:
            after_det.setdefault(key, []).append(d)
    return direct, after_det


def _groups(lex: Lexicon, toks: Tokens, level_word) -> list[_Cand]:
    out = []
    direct, after_det = _group_triggers(lex)
    dets = lex.determiners.firsts
    for i in range(toks.n):
        norm = toks.norms[i]
        defs = direct.get(norm, [])
        if norm in dets:
            det = lex.determiners.match(toks, i)
            if det and det[0] < toks.n:
                defs = defs + [d for d in after_det.get(toks.norms[det[0]], ()) if d not in defs]
        for d in defs:
            cand = _group_at(lex, toks, i, d, level_word)
            if cand:
                out.append(cand)
    return out


# --------------------------------------------------------------------------- selection and merging

def _select(lex: Lexicon, toks: Tokens, cands: list[_Cand]) -> list[_Cand]:
    """The longest candidates that do not overlap; a listed name beats a generic one it starts."""
    gaz: dict[int, _Cand] = {}
    for c in cands:
        if c.prio == _GAZ and c.end > gaz.get(c.start, c).end or c.prio == _GAZ and c.start not in gaz:
            gaz[c.start] = c
    cands = [c for c in cands if not (c.prio == _GENERIC and c.start in gaz and gaz[c.start].end < c.end
                                      and not lex.joiners.match(toks, gaz[c.start].core_end))]
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, -c.core_len, c.start))
    taken: list[_Cand] = []
    used: set[int] = set()
    for c in cands:
        if c.bare or any(k in used for k in range(c.start, c.end)):
            continue
        taken.append(c)
        used.update(range(c.start, c.end))
    return sorted(taken, key=lambda c: c.start)


def _merge(lex: Lexicon, toks: Tokens, chosen: list[_Cand], bare: list[_Cand]) -> list[_Cand]:
    by_start = {c.start: c for c in chosen}
    for b in bare:  # "Văn phòng" + "Sở Y tế"
        if b.end in by_start and not any(c.start < b.end and b.start < c.end for c in chosen):
            chosen.append(b)
    chosen.sort(key=lambda c: c.start)
    out: list[_Cand] = []
    for c in chosen:
        prev = out[-1] if out else None
        if prev and prev.end == c.start and prev.core_end == prev.end and prev.head and prev.head.unit \
                and "\n" not in toks.gap(c.start):
            prev.value = f"{_render(lex, toks, prev.start, prev.end)} {c.value}"
            prev.end, prev.core_end, prev.bare = c.end, c.end, False
            continue
        out.append(c)
    out = [c for c in out if not c.bare]
    out = _parentheses(lex, toks, out)
    out = _coordinated_levels(lex, toks, out)
    for idx, c in enumerate(out):
        title = lex.titles.match_ending(toks, c.start)
        floor = out[idx - 1].end if idx else 0
        if title and title[0] >= floor and "\n\n" not in toks.gap(c.start):
            c.start = title[0]
    return out


def _coordinated_levels(lex: Lexicon, toks: Tokens, cands: list[_Cand]) -> list[_Cand]:
    """"Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã" names two bodies; the second is its level words."""
    out: list[_Cand] = []
    for idx, c in enumerate(cands):
        out.append(c)
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else toks.n
        k = c.end
        while c.rebuild and k + 1 < nxt and (toks.norms[k] == "," or lex.joiners.match(toks, k)):
            j = k + 1 if toks.norms[k] == "," else lex.joiners.match(toks, k)[0]
            lvl = _level(lex, toks, j)
            if not lvl or lvl[0] > nxt or (lvl[0] < toks.n and toks.cased[lvl[0]] and toks.is_cap(lvl[0])
                                           and "\n" not in toks.gap(lvl[0])):
                break
            out.append(_Cand(j, lvl[0], c.prio, c.rebuild(lvl[1])))
            k = lvl[0]
    return out


def _parentheses(lex: Lexicon, toks: Tokens, cands: list[_Cand]) -> list[_Cand]:
    """"Sở Nội vụ (Ban Thi đua - Khen thưởng)" is one mention of the name before the bracket."""
    out: list[_Cand] = []
    skip = set()
    for idx, c in enumerate(cands):
        if idx in skip:
            continue
        j = c.end
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

def find_agencies(text: str, level_word: str | None = None) -> list[Mention]:
    """Every agency named in ``text``, kind ``agency``, value its canonical name.

    ``level_word`` is the document's own level ("tỉnh" or "thành phố"): it names
    groups and bodies written without one ("các sở, ban, ngành" is
    "Các sở, ban, ngành thành phố" in a city's plan). Offsets index ``text``.
    """
    lex = lexicon()
    toks = tokenize(text)
    cands = _gazetteer(lex, toks, level_word) + _groups(lex, toks, level_word) + _generic(lex, toks, level_word)
    chosen = _select(lex, toks, [c for c in cands if not c.bare])
    merged = _merge(lex, toks, chosen, [c for c in cands if c.bare])
    out = []
    for c in merged:
        start, end = toks.starts[c.start], toks.ends[c.end - 1]
        out.append(Mention("agency", start, end, text[start:end], c.value))
    return out


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
    value = _shorten(lex, _render(lex, toks, 0, len(toks)))
    return value[:1].upper() + value[1:]


def expand_abbreviations(text: str) -> str:
    """``text`` with every known abbreviation written out ("Sở KH&ĐT" -> "Sở Kế hoạch và Đầu tư")."""
    lex = lexicon()
    toks = tokenize(text)
    out, pos, k = [], 0, 0
    while k < len(toks):
        hit = lex.abbreviations.match(toks, k)
        if hit and _abbr_case_ok(toks, k, hit[0], hit[1][0]) and not _glued(toks, k):
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
