"""Roles given after the duty, in a bracket or after a colon or a dash: "Tổ chức hội nghị tập huấn (Sở Nội vụ chủ trì,
các sở, ngành phối hợp; thời gian: Quý II/2025).", "Tổ chức kiểm tra an toàn thực phẩm: Sở Y tế chủ trì; Sở Công
Thương phối hợp.", "Xây dựng quy chế - Sở Tư pháp chủ trì, các sở, ngành phối hợp; hoàn thành trong Quý III/2025."
The text before is the duty; after it, the names a role word follows ("chủ trì", "thực hiện" lead; "phối hợp"
support) or that "giao" precedes, and the time the duty is due. After a colon or a dash the tail must say nothing
else (else it is a sentence with a subject of its own, read as prose).
"""
from __future__ import annotations

import regex

from ..models import Mention
from ..segmentation import Line
from .deadlines import find_deadlines
from .duties import Acc, role_rx

_TRAILING = regex.compile(r"\(([^()]{3,300})\)\s*[.;]?\s*$")
_SEPARATED = regex.compile(r"(?<=\S)(?::|\s[-–])\s+(?=\p{Lu})")
_PART = regex.compile(r"[^;]+")
TAIL_WORDS = 3  # words a colon's or a dash's tail may hold besides names, role words and its time


def bracketed_roles(acc: Acc, text: str, ln: Line, mentions: list[Mention], year) -> bool:
    """Assign the roles given after the duty of ``ln``; False when it gives none."""
    m = _TRAILING.search(ln.text)
    if m:
        duty_end, start, end, strict = ln.start + m.start(), ln.start + m.start(1), ln.start + m.end(1), False
    else:
        sep = next((s for s in _SEPARATED.finditer(ln.text) if s.start() > 0), None)
        if sep is None:
            return False
        duty_end, start, end, strict = ln.start + sep.start(), ln.start + sep.end(), ln.end, True
    inside = [mn for mn in mentions if start <= mn.start and mn.end <= end]
    if not inside or not text[ln.start:duty_end].strip(" -+•.0123456789)"):
        return False
    given: list[tuple[str, str]] = []
    due: list = []
    said = [(mn.start, mn.end) for mn in inside]
    for part in _PART.finditer(text, start, end):
        a, b = part.start(), part.end()
        names = [mn for mn in inside if a <= mn.start and mn.end <= b]
        run: list[Mention] = []
        for k, mn in enumerate(names):
            run.append(mn)
            stop = names[k + 1].start if k + 1 < len(names) else b
            between, before = text[mn.end:stop], text[max(a, mn.start - 20):mn.start]
            role = _role(before, between)
            if role:
                given += [(r.value, role) for r in run]
                said += [(x.start(), x.end()) for x in role_rx("cues", "tail_role_word").finditer(text, mn.end, stop)]
                run = []
            elif between.strip(" ,") and not regex.fullmatch(r"\s*(?:,|và)\s*", between):
                run = []  # the run of names is broken by words that give no role
        field = role_rx("cues", "bracket_time").match(text, a, b)
        at = field.end() if field else a  # "thời gian: Quý II/2025": a time field, where a bare period is due too
        found = find_deadlines(text[at:b], year, cell=bool(field))
        due += [(f, at) for f in found]
        said += [(at + f.start, at + f.end) for f in found] + ([(a, field.end())] if field else [])
    if not given or strict and _other_words(text, start, end, said) > TAIL_WORDS:
        return False
    duty = text[ln.start:duty_end]
    due += [(f, ln.start) for f in find_deadlines(text[ln.start:duty_end], year)]
    given = list(dict.fromkeys(given))
    for name, role in given:
        acc.assign(name, role, duty, ln.path, ln.start, ln.end)
    for found, a in due:
        for name, role in given:
            if role == "lead":
                acc.deadline(name, found, a + found.start, a + found.end)
    return True


def _other_words(text: str, start: int, end: int, said: list[tuple[int, int]]) -> int:
    """Words of text[start:end] outside the spans ``said`` (names, role words, times)."""
    chars = list(text[start:end])
    for a, b in said:
        for k in range(max(a, start), min(b, end)):
            chars[k - start] = " "
    return len(regex.findall(r"\p{L}{2,}", "".join(chars)))


def _role(before: str, after: str) -> str | None:
    if role_rx("roles", "lead_before").search(before):
        return "lead"
    if role_rx("roles", "support_after").match(after):
        return "support"
    if role_rx("cues", "bracket_lead").match(after):
        return "lead"
    return None
