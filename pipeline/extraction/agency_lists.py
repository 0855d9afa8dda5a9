"""Agencies written as lists: the standard groups ("UBND các huyện, thị xã, thành
phố", "các sở, ban, ngành, đoàn thể cấp tỉnh") and a head shared by the names
after a colon ("Giám đốc các Sở: Nội vụ, Tài chính").
"""
from __future__ import annotations

from functools import cache

from .agency_scan import GAZ, GROUP, Candidate, extend_name, fill_template, head_at, level_at, stop_at
from .lexicon import Lexicon, ListDef
from .vntext import Tokens


def _group_at(lex: Lexicon, toks: Tokens, i: int, d: ListDef, level_word) -> Candidate | None:
    k = i
    pre = d.prefix.match(toks, k) if d.prefix else None
    if pre:
        k = pre[0]
    elif d.needs_prefix:
        return None
    det_at = k
    det = lex.determiners.match(toks, k)
    if det:
        k = det[0]
    count, paired = 0, None
    if lex.inside_words and lex.inside_words.match_ending(toks, k) and "\n" not in toks.gap(k):
        return None  # "trung học cơ sở": "sở" is half of a word, no department
    cap = d.cap_word.match(toks, k) if d.cap_word else None
    if cap:
        k, count = cap[0], 2
    else:
        first = d.first.match(toks, k)
        paired = not first and d.paired_first and d.paired_first.match(toks, k)
        first = first or paired
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
            if not member or _other_first(lex, toks, j, d, member[0]):
                break
            if not _member_end_ok(lex, toks, member[0]):
                named, level = extend_name(lex, toks, j)  # the member as a level word, and the place it names
                if level and named > member[0]:  # "UBND các huyện, thị xã và thành phố Huế": the city closes the list
                    k, count = named, count + 1
                break
            k, count = member[0], count + 1
    if paired and count < 2:  # "các ban" alone is no group; "các ban, ngành" is
        return None
    if d.bare:
        valid = det and count >= 2 and not lex.group_not_after.match_ending(toks, i)
    else:
        valid = det or count >= 2 or cap or d.single or (pre and not d.needs_prefix)
    printed, qualified, q, own = None, False, k, False
    for _ in range(2):
        qual = lex.qualifiers.match(toks, q)
        if not qual or "\n\n" in toks.gap(q):
            break
        lvl = level_at(lex, toks, q)
        if lvl and lvl[0] == qual[0]:
            printed = lvl[1]
        else:
            qualified = True
        own = own or bool(d.own_units and (hit := d.own_units.match(toks, q)) and hit[0] == qual[0])
        q = qual[0]
    if not valid and not (qualified and not d.bare):
        return None
    if not det and not pre and not qualified and not cap and lex.role_words and lex.role_words.match(toks, q):
        return None  # "cơ quan, đơn vị chủ trì lập kế hoạch": the body in a role, not the collective
    k = q
    if count == 1 and not qualified and not _group_end_ok(lex, toks, k):  # "liên quan" closes the phrase
        return None
    if own and det:  # "các phòng, đơn vị thuộc Sở": the units of the department that writes, named as printed
        named = _after_title(lex, toks, i, k)  # "Thủ trưởng các đơn vị thuộc Sở": the head stands for the units
        return Candidate(i, k, GROUP, named[:1].upper() + named[1:])
    if d.as_printed:  # "các thôn, tổ dân phố", "Ban điều hành các khu phố": as printed; "Trưởng các ấp" stands for
        # "Các ấp" as "Giám đốc Sở X" for "Sở X"; "Mỗi tổ dân phố có ..." is a target's bearer, no addressee
        every = det and toks.norms[det_at] in ("moi", "tung")
        if every or not (det or count >= 2) or (pre and not det) or (not det and lex.determiners.match_ending(toks, i)):
            return None
        if not det:  # "thôn, tổ dân phố báo cáo": the collective, named with its determiner
            return Candidate(i, k, GROUP, f"Các {toks.text[toks.starts[i]:toks.ends[k - 1]]}")
        named = _after_title(lex, toks, i, k)
        return Candidate(i, k, GROUP, named[:1].upper() + named[1:])
    return Candidate(i, k, GROUP, fill_template(lex, d.id, printed, level_word))


def _after_title(lex: Lexicon, toks: Tokens, i: int, k: int) -> str:
    """The words of tokens i..k as printed, after a head's title that opens them ("Thủ trưởng các đơn vị thuộc Sở" ->
    "các đơn vị thuộc Sở"; "Trưởng các ấp" -> "các ấp")."""
    title = lex.titles.match(toks, i)
    return toks.text[toks.starts[title[0] if title else i]:toks.ends[k - 1]]


def _member_end_ok(lex: Lexicon, toks: Tokens, k: int) -> bool:
    """A member word is not the head of a proper name ("các Sở Y tế" is no group)."""
    if k >= len(toks) or not toks.is_word(k) or not toks.cased[k] or "\n" in toks.gap(k):
        return True
    return not toks.is_cap(k) or bool(level_at(lex, toks, k))


def _group_end_ok(lex: Lexicon, toks: Tokens, k: int) -> bool:
    if k >= len(toks) or not toks.is_word(k) or "\n" in toks.gap(k):
        return True
    return stop_at(lex, toks, k) or bool(lex.joiners.match(toks, k)) or bool(level_at(lex, toks, k))


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


def scan_groups(lex: Lexicon, toks: Tokens, level_word) -> list[Candidate]:
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


def distributive(lex: Lexicon, toks: Tokens, level_word) -> tuple[list[Candidate], set[int]]:
    """"các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư": one mention per name after the colon.

    Returns the mentions and the positions of the shared heads (a group such as
    "các Sở" ending there is not reported).
    """
    out: list[Candidate] = []
    heads: set[int] = set()
    for i in range(toks.n - 2):
        if toks.norms[i + 1] != ":" or toks.norms[i] not in lex.heads.firsts:
            continue
        hit = head_at(lex, toks, i) or (not toks.is_cap(i) and lex.heads.match(toks, i))
        if not hit or hit[0] != i + 1 or not hit[1].distributive:
            continue
        key, k, found = (toks.norms[i],), i + 2, []
        while k < toks.n and toks.is_word(k) and "\n\n" not in toks.gap(k):
            if toks.cased[k] and not toks.is_cap(k) and not toks.orig(k).isupper():
                break
            end = next((q for q in range(min(toks.n, k + 9), k, -1) if key + tuple(toks.norms[k:q]) in lex.pattern_index), None)
            short = lex.list_abbreviations.match(toks, k) if end is None else None
            idx = None
            if end is not None:
                idx = lex.pattern_index[key + tuple(toks.norms[k:end])]
            elif short:
                end, idx = short[0], lex.pattern_index.get(key + tuple(Tokens(short[1]).norms))
            # "Các Sở: Y tế; Nội vụ; Công an tỉnh": a name with its own head
            own = idx is None and head_at(lex, toks, k)
            if idx is not None:
                value = fill_template(lex, lex.entries[idx].id, None, level_word)
            else:
                end = k
                while end < toks.n and toks.norms[end] not in (",", ";", ".", ")", "(", ":", "|") and "\n\n" not in toks.gap(end):
                    end += 1
                if end == k or end - k > 8:
                    break
                value = f"{toks.orig(i)[:1].upper()}{toks.orig(i)[1:].lower()} {' '.join(toks.orig(q) for q in range(k, end))}"
            if not own:  # (the scan of names reads that one)
                found.append(Candidate(k, end, GAZ, value, core_len=int(idx is not None)))
            joiner = lex.joiners.match(toks, end) if end < toks.n else None
            if end < toks.n and toks.norms[end] in (",", ";"):  # "Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; ..."
                k = end + 1
            elif joiner:
                k = joiner[0]
            else:
                break
        if any(c.core_len for c in found) and (len(found) >= 2 or toks.norms[found[0].end:found[0].end + 1] in ([";"], ["."])):
            out.extend(found)
            heads.add(i)
    return out, heads


def short_departments(lex: Lexicon, toks: Tokens, level_word) -> list[Candidate]:
    """"Sở NV", "Sở TP" (a task table's cells): a head, then a short name of the lists after a shared head ("Sở: NV,
    TP"), ending there. Only in capitals ("NV", "NgV"), and only where the head's entry has that name."""
    out = []
    for i in range(toks.n - 1):
        if toks.norms[i] not in lex.heads.firsts or not toks.is_cap(i) or toks.gap(i + 1) != " ":
            continue
        short = lex.list_abbreviations.match(toks, i + 1)
        written = toks.orig(i + 1)
        if not short or not (written[:1].isupper() and sum(c.isupper() for c in written) >= 2):
            continue  # "Sở NV", "Sở NgV": in capitals, not a word ("Sở Tư")
        end = short[0]
        if end < toks.n and toks.is_word(end) and toks.is_cap(end) and "\n" not in toks.gap(end):
            continue  # "Sở TC Hà ..." goes on: not a short name alone
        idx = lex.pattern_index.get((toks.norms[i],) + tuple(Tokens(short[1]).norms))
        if idx is not None:
            out.append(Candidate(i, end, GAZ, fill_template(lex, lex.entries[idx].id, None, level_word), core_len=1))
    return out


def council_organs(lex: Lexicon, toks: Tokens, level_word) -> list[Candidate]:
    """"Thường trực, các ban, các tổ đại biểu Hội đồng nhân dân tỉnh": one body per organ listed before the council
    they share (the delegates themselves are people, no body); the last organ's span runs over the council."""
    out: list[Candidate] = []
    if not lex.council_organs:
        return out
    covered = 0
    for i in range(toks.n):
        first = _organ_at(lex, toks, i) if i >= covered else None
        if not first:
            continue
        organs, k = [(i, first)], first[0]
        while k < toks.n:
            j = k + 1 if toks.norms[k] == "," else (lex.joiners.match(toks, k) or (None,))[0]
            nxt = _organ_at(lex, toks, j) if j is not None else None
            if not nxt:
                break
            organs.append((j, nxt))
            k = nxt[0]
        parent = lex.council_parents.match(toks, k)
        if len(organs) < 2 or not parent:
            continue
        end, level = extend_name(lex, toks, parent[0])
        if not level:
            continue
        covered = end
        bodies = [(start, stop, organ_id) for start, (stop, organ_id) in organs if organ_id]
        for n, (start, stop, organ_id) in enumerate(bodies):  # the last body's span runs over the council's name
            out.append(Candidate(start, end if n == len(bodies) - 1 else stop, GAZ,
                                 fill_template(lex, organ_id, level, level_word)))
    return out


def _organ_at(lex: Lexicon, toks: Tokens, i: int):
    det = lex.determiners.match(toks, i)
    return lex.council_organs.match(toks, det[0] if det else i)
