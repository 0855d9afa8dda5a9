"""Noun phrases that name a body where a duty is given, to their real end.

The agency recogniser (:mod:`.agencies`) knows names by their heads and lists; a clause's
subject may still be a body no list holds ("Các ngân hàng thương mại", "Các doanh nghiệp
viễn thông") or a name that runs on in lower case ("Ngân hàng Nhà nước chi nhánh khu vực
14", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch:" as a block heading). Here a phrase
ends where its predicate begins (``models/roles.yaml``, ``cues.predicate``), at
punctuation, at another agency, or at a line end.
"""
from __future__ import annotations

from functools import cache

import regex

from .. import patterns
from ..models import Mention
from ..segmentation import item_marker

MAX_WORDS = 12
HEADING_WORDS = 24  # a block heading that is only a collective's name may describe it at length


def _cue(name: str) -> regex.Pattern:
    return patterns.regex("roles.yaml", f"cues.{name}", regex.IGNORECASE, engine=regex)


def _value(surface: str) -> str:
    surface = " ".join(surface.split()).strip(" ,;:-–")
    return surface[:1].upper() + surface[1:]


def phrase_end(text: str, pos: int, end: int, stop: int | None = None) -> int:
    """Where a noun phrase starting at ``pos`` ends: before its predicate, punctuation, another
    agency (``stop``), the clause end, or after ``MAX_WORDS`` words."""
    limit = min(end, stop if stop is not None else end)
    # ", các ...": another body; a point between digits is a number's ("1.200 giáo viên")
    m = regex.compile(r"[;:()|\n]|\.(?!\d)|,\s*(?=\p{Lu}|(?:các|những)\s)").search(text, pos, limit)
    if m:
        limit = m.start()
    p = _cue("predicate").search(text, pos, limit)
    if p:
        limit = p.start()
    place = _cue("locative_end").search(text, pos, limit)
    if place:  # "Các trường cao đẳng trên địa bàn" + "đào tạo, bồi dưỡng ...": the place closes the phrase
        limit = place.end()
    words = list(regex.finditer(r"\S+", text[pos:limit]))
    if len(words) > MAX_WORDS:
        limit = pos + words[MAX_WORDS - 1].end()
    while limit > pos and text[limit - 1] in " ,-–":
        limit -= 1
    tail = regex.search(r"\s+(?:và|hoặc|cùng|với)$", text[pos:limit])  # "... dịch vụ công nghệ thông tin và" + a name
    return pos + tail.start() if tail else limit


def predicate(text: str, pos: int, end: int) -> int | None:
    """Where the first predicate word in text[pos:end] begins, if any."""
    m = _cue("predicate").search(text, pos, end)
    return m.start() if m else None


@cache
def _listed_after_comma() -> regex.Pattern:
    return regex.compile(r",\s*(?=" + _cue("listed_name").pattern + ")")


def open_subject(text: str, pos: int, end: int, stop: int | None = None, heading: bool = False,
                 whole: bool = False) -> Mention | None:
    """A collective addressee opening the clause at ``pos`` ("Các ngân hàng thương mại ..."). In a block
    heading that is only a name ("6. Đề nghị các tổ chức cung cấp dịch vụ chi trả"), a verb that describes
    the bodies (cung cấp, kinh doanh...) is part of it, and the name runs to the colon or the line's end."""
    m = _cue("open_subject").match(text, pos, end)
    if not m:
        return None
    if heading:
        line_end = regex.compile(r"[:\n]|$").search(text, m.end(), end).start()
        tail = _cue("heading_duty_tail").search(text, m.end(), line_end)
        if tail:  # "12. Các tổ chức, cá nhân ... khai thác nước dưới đất trên địa bàn có trách nhiệm": the name ends there
            line_end = tail.start()
        # "Các Ban quản lý rừng phòng hộ, Ban quản lý rừng đặc dụng, ...": the heading lists bodies, the first ends at
        # the next one, named under a head no list holds or known
        listed = _listed_after_comma().search(text, m.end(), line_end)
        line_end = min([line_end] + ([listed.start()] if listed else []) + ([stop] if stop is not None else []))
        p = _cue("predicate").search(text, m.end(), line_end)
        while p and (d := _cue("describing").match(text, p.start(), line_end)) and d.end() == p.end():
            p = _cue("predicate").search(text, p.end(), line_end)
        name = text[pos:line_end].rstrip(" ,-–")
        value = name
        members = regex.search(r"\s*\(([^(),]+(?:,[^(),]+)+)\)$", name)
        if members and all(part.strip()[:1].isupper() for part in members.group(1).split(",")):
            value = name[:members.start()]  # "Các công ty TNHH MTV thủy lợi (Sông Chu, Bắc Sông Mã)": its members listed
        if not p and not name.endswith(".") and len(name.split()) <= HEADING_WORDS:
            return Mention("agency", pos, pos + len(name), name, _value(value))
    stop_at = phrase_end(text, m.end(), end, stop)
    if regex.search(r"(?<![\p{L}\d/.-])\d[\d.,]*\s+\p{Ll}", text[m.end():stop_at]):
        return None  # "Mỗi trường THPT ... tối thiểu 30 học liệu số": a count inside, so a predicate ran into the name
    if stop_at - m.end() < 2 and not (whole and stop_at == m.end() and _cue("whole_collective").fullmatch(m.group())
                                      and _cue("predicate").match(text, m.end() + 1, end)):
        return None  # "Các cơ quan" alone names no body; "Các chủ đầu tư khẩn trương ..." (``whole``: a subject) does
    return Mention("agency", pos, stop_at, text[pos:stop_at], _value(text[pos:stop_at]))


def extend(text: str, mention: Mention, end: int, stop: int | None = None, heading: bool = False) -> Mention:
    """``mention`` run on over lower-case modifiers ("Các doanh nghiệp" + " viễn thông"); in a
    block heading, over everything up to the colon that is not a predicate."""
    nxt = mention.end
    if nxt >= end:
        return mention
    if _cue("closed_group").match(mention.value):
        # a standard group is never run on, but a shorter list that names a kind of body is not the group:
        # "Các cơ quan, đơn vị" + " sự nghiệp công lập" is "Các cơ quan, đơn vị sự nghiệp công lập"
        surface = " ".join(text[mention.start:nxt].split())
        if _cue("closed_group").match(surface) or not _cue("unit_kind").match(text, nxt, end):
            return mention
        mention = Mention(mention.kind, mention.start, nxt, mention.text, surface[:1].upper() + surface[1:])
    rest = text[nxt:end]
    joined = regex.match(r"\s*(?:,|và)\s+", rest)
    if heading and not (joined and _cue("open_subject").match(rest, joined.end())):
        # "Sở Tài chính và các chủ đầu tư:" lists two ("Ban Quản lý Khu công nghệ cao và các khu công nghiệp" is one)
        colon = regex.match(r"(?:[^:;()\n,|]|,(?!\s*\p{Lu}))*?(?=\s*(?::|$))", rest)
        if colon and colon.group().strip() and not _cue("predicate").search(colon.group()) \
                and (stop is None or nxt + colon.end() <= stop):
            new_end = nxt + len(colon.group().rstrip(" ,-–./"))
            return Mention("agency", mention.start, new_end, text[mention.start:new_end],
                           mention.value + text[nxt:new_end].rstrip())
    if _cue("run_on").match(mention.value) and _cue("kind_list").match(rest):
        # "Các doanh nghiệp, tổ chức kinh tế, cơ sở giáo dục, đào tạo bố trí ...": one collective of several kinds
        new_end = phrase_end(text, nxt, end, stop)
        if new_end > nxt:
            return Mention("agency", mention.start, new_end, text[mention.start:new_end],
                           mention.value + text[nxt:new_end].rstrip())
    if not regex.match(r"\s+\p{Ll}", rest) or regex.match(r"\s+(?:và|với|cùng|hoặc|của|tại|về|cho)\b", rest):
        return mention
    if not (_cue("run_on").match(mention.value) or _cue("run_on").match(rest)):
        return mention
    new_end = phrase_end(text, nxt, end, stop)
    if new_end <= nxt or not regex.search(r"\p{L}", text[nxt:new_end]):
        return mention
    return Mention("agency", mention.start, new_end, text[mention.start:new_end],
                   mention.value + " " + " ".join(text[nxt:new_end].split()))


def clause_subject(text: str, start: int, end: int, mentions: list[Mention], heading: bool = False,
                   addressee: bool = False) -> tuple[list[Mention], int]:
    """The agencies opening the clause text[start:end], and where they end. A collective body no
    list holds ("Các ngân hàng thương mại") and names that run on in lower case are read to the
    phrase's end; in a block heading, to the colon; ``addressee``: a heading may name its body after
    "Đối với"."""
    m = item_marker().match(text, start, end)
    pos = m.end() if m else start
    addressed = _cue("heading_addressee").match(text, pos, end) if heading and addressee else None
    if addressed and any(mn.start == addressed.end() for mn in mentions):
        pos = addressed.end()  # "1.2. Đối với Sở Giáo dục và Đào tạo": the heading of the body's own block
    # a short lead-in before the subject: "Hằng năm, ", "Định kỳ mỗi quý, ", "Đồng thời, "
    req = _cue("lead_in").match(text[pos:end])
    if req and (any(pos <= m.start < pos + req.end() for m in mentions)
                or heading and _cue("plural_start").match(text, pos, end)
                or _cue("open_subject").match(text, pos + len(text[pos:end]) - len(text[pos:end].lstrip()), end)):
        req = None  # "12. Các tổ chức, cá nhân ... có trách nhiệm": a collective, not a lead-in
    pos += req.end() if req else 0
    condition = _cue("condition_lead_in").match(text[pos:end]) if req else None
    if condition and not any(pos <= m.start < pos + condition.end() for m in mentions):
        pos += condition.end()  # "Trong quá trình thực hiện, trường hợp có khó khăn, vướng mắc ..., Sở Nội vụ ..."
    subject: list[Mention] = []
    first = pos
    for mn in mentions:
        if mn.start < pos:
            continue
        if mn.start >= end:
            break
        gap = text[pos:mn.start]
        if subject and not _cue("separators").match(gap):
            # "Các cơ quan, đơn vị sự nghiệp công lập, UBND cấp xã": a name that runs on, then the list goes on
            longer = extend(text, subject[-1], end, mn.start, heading=heading)
            between = open_between(text, pos, mn.start) if longer is subject[-1] else None
            if between:  # "Thủ trưởng các sở, ban, ngành, Giám đốc các Ban Quản lý dự án, Chủ tịch UBND các xã"
                subject.extend(between)
                pos = between[-1].end
            elif longer is subject[-1] or not _cue("separators").match(text[longer.end:mn.start]):
                break
            else:
                subject[-1], pos = longer, longer.end
        if not subject and gap.strip() and not _cue("subject_gap_after_lead_in" if req else "subject_gap").fullmatch(gap):
            break
        subject.append(mn)
        pos = mn.end
    if not subject:
        label = None if heading else _cue("label_lead_in").match(text, first, end)
        if label and any(mn.start == label.end() for mn in mentions):
            # "b) Thực hiện mở tài khoản và phát hành thẻ: Ủy ban nhân dân xã, phường phối hợp với ...": what the item
            # is about, then who does it (a predicate must follow; "Đối tượng thực hiện: X, Y." only lists)
            found, after = clause_subject(text, label.end(), end, mentions)
            rest = text[after:end].lstrip(" ,")
            if found and _cue("predicate").match(rest):
                return found, after
            runs_on = _cue("subject_runs_on").match(rest) if found else None
            if runs_on:  # "Chế độ báo cáo: UBND các xã, phường và các cơ quan được giao nhiệm vụ báo cáo ...": its predicate
                return found, end - len(rest) + runs_on.end()
        gap = _cue("request_word").match(text[first:end]) or regex.match(r"\s*(?:giao(?:\s+cho)?)\s+", text[first:end],
                                                                        regex.IGNORECASE)
        at = first + gap.end() if gap else first
        at += len(text[at:end]) - len(text[at:end].lstrip())
        return open_list(text, at, end, mentions, heading)
    later = next((mn.start for mn in mentions if mn.start >= pos), None)
    last = extend(text, subject[-1], end, later, heading=heading)
    if last is not subject[-1]:
        subject[-1] = last
        pos = last.end
    elif heading and later is None:  # "... Chủ tịch UBND các xã, phường và các chủ đầu tư:": a collective ends the list
        rest = text[pos:end]
        closing = regex.search(r"\s*:?\s*$", rest)
        tail = open_between(text, pos, pos + closing.start(), closing=True)
        if tail:
            subject.extend(tail)
            pos = tail[-1].end
    elif not heading and (joined := regex.match(r"\s*,?\s*và\s+", text[pos:end])):
        # "Các sở, ban, ngành, UBND các xã, phường và các chủ rừng xác định ...": a collective ends the subject
        found = open_subject(text, pos + joined.end(), end, later, whole=True)
        verb = regex.compile(r"\s*").match(text, found.end).end() if found else None
        if found and _cue("predicate").match(text, verb, end):
            subject.append(found)
            pos = found.end
    return subject, pos


def open_between(text: str, a: int, b: int, closing: bool = False) -> list[Mention] | None:
    """The collectives no list holds that text[a:b] lists between (or after) names, each perhaps after the title of
    its heads (", Giám đốc các Ban Quản lý dự án, ", " và các chủ đầu tư"); None unless that is all it holds.
    ``closing``: text[a:b] ends a heading, whose last collective runs to its end."""
    out: list[Mention] = []
    pos = a
    while True:
        pos += regex.match(r"(?:\s*(?:,|;|và)\s*)*", text[pos:b]).end()
        if pos >= b:
            return out or None
        if pos == a:
            return None  # the list's separator comes first
        title = _cue("official_title").match(text, pos, b)
        at = title.end() if title else pos
        last = closing and not regex.search(r"[,;]|\svà\s", text[at:b])
        found = open_subject(text, at, b, b, heading=last, whole=True)
        if not found or found.end < b and not regex.match(r"\s*(?:,|;|và)", text[found.end:b]):
            return None
        out.append(found)
        pos = found.end


def open_list(text: str, at: int, end: int, mentions: list[Mention], heading: bool) -> tuple[list[Mention], int]:
    """Collectives no list holds, and listed names, opening a clause: "Các đơn vị sự nghiệp công lập, UBND cấp xã
    ...", "Các phòng GD&ĐT quận, huyện, các trường Đại học NCL, các Trung tâm GDTX chủ động ..." (a name glued inside a
    collective, "các trường" + "Đại học NCL", is part of it)."""
    subject: list[Mention] = []
    pos = at
    while pos < end:
        if subject:
            gap_end = pos + len(regex.match(r"(?:\s*(?:,|;|và)\s*)*", text[pos:end]).group())
            if gap_end == pos:
                break
            pos = gap_end
        here = next((mn for mn in mentions if mn.start == pos), None)
        if here is not None:
            subject.append(here)
            pos = here.end
            continue
        stop = next((mn.start for mn in mentions if mn.start > pos and _cue("list_gap").search(text[pos:mn.start])), None)
        found = open_subject(text, pos, end, stop, heading=heading and not subject, whole=True)
        if not found and heading and subject and _cue("listed_name").match(text, pos, end):
            # "12. Các Ban quản lý rừng phòng hộ, Ban quản lý rừng đặc dụng, ...": each body a heading lists
            name_end = phrase_end(text, pos, end, stop)
            found = Mention("agency", pos, name_end, text[pos:name_end], _value(text[pos:name_end])) \
                if name_end > pos else None
        if not found:
            break
        subject.append(found)
        pos = found.end
    if subject and pos > subject[-1].end:
        pos = subject[-1].end
    return subject, pos


def listed_after(text: str, pos: int, mentions: list[Mention]) -> list[Mention]:
    """The names listed from ``pos`` on, joined by separators: "Sở Tài chính, UBND cấp xã và các cơ quan liên quan"."""
    out = []
    for m in mentions:
        if m.start < pos:
            continue
        if not _cue("separators").match(text[pos:m.start]):
            break
        out.append(m)
        pos = m.end
    return out


def collectives_in(text: str, start: int, end: int, mentions: list[Mention]) -> list[Mention]:
    """Collectives no list holds among the names of a field: "Đơn vị chủ trì: Sở GDĐT, Đại học Đà Nẵng; các trường
    đại học."."""
    out = []
    for piece in regex.finditer(r"[^,;]+", text[start:end]):
        a, b = start + piece.start(), start + piece.end()
        a += len(text[a:b]) - len(text[a:b].lstrip())
        if not any(a <= mn.start < b or mn.start <= a < mn.end for mn in mentions):
            found = open_subject(text, a, b)
            if found:
                out.append(found)
    return out
