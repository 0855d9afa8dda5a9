"""Roles given in a bracket after the duty: "Tổ chức hội nghị tập huấn (Sở Nội vụ chủ trì, các sở, ngành phối hợp;
thời gian: Quý II/2025)." The text before the bracket is the duty; inside it, the names a role word follows ("chủ
trì", "thực hiện" lead; "phối hợp" support) or that "giao" precedes, and the time the duty is due.
"""
from __future__ import annotations

import regex

from ..models import Mention
from ..segmentation import Line
from .deadlines import find_deadlines
from .duties import Acc, role_rx

_TRAILING = regex.compile(r"\(([^()]{3,300})\)\s*[.;]?\s*$")
_PART = regex.compile(r"[^;]+")


def bracketed_roles(acc: Acc, text: str, ln: Line, mentions: list[Mention], year) -> bool:
    """Assign the roles of a bracket that ends ``ln``; False when it gives none."""
    m = _TRAILING.search(ln.text)
    if not m:
        return False
    start, end = ln.start + m.start(1), ln.start + m.end(1)
    inside = [mn for mn in mentions if start <= mn.start and mn.end <= end]
    if not inside:
        return False
    given: list[tuple[str, str]] = []
    due: list = []
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
                run = []
            elif between.strip(" ,") and not regex.fullmatch(r"\s*(?:,|và)\s*", between):
                run = []  # the run of names is broken by words that give no role
        field = role_rx("cues", "bracket_time").match(text, a, b)
        at = field.end() if field else a  # "thời gian: Quý II/2025": a time field, where a bare period is due too
        due += [(f, at) for f in find_deadlines(text[at:b], year, cell=bool(field))]
    if not given:
        return False
    duty = text[ln.start:ln.start + m.start()]
    due += [(f, ln.start) for f in find_deadlines(text[ln.start:start], year)]
    for name, role in dict.fromkeys(given):
        acc.assign(name, role, duty, ln.path, ln.start, ln.end)
    for found, a in due:
        for name, role in dict.fromkeys(given):
            if role == "lead":
                acc.deadline(name, found, a + found.start, a + found.end)
    return True


def _role(before: str, after: str) -> str | None:
    if role_rx("roles", "lead_before").search(before):
        return "lead"
    if role_rx("roles", "support_after").match(after):
        return "support"
    if role_rx("cues", "bracket_lead").match(after):
        return "lead"
    return None
