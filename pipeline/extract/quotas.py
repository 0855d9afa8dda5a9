"""Quotas: numeric targets ("mỗi huyện có ít nhất 05 điển hình", "đạt 90%").

A number becomes a quota when its clause has a target word (ít nhất, tối
thiểu, phấn đấu, đạt...) or it is a percentage of a named bearer; money,
dates, counts of documents and section numbers are not quotas
(``models/quotas.yaml``).
"""
from __future__ import annotations

import functools
import re

import regex

from .. import patterns
from ..models import Evidence, Quota
from ..segment import clauses, item_marker
from .deadlines import find_deadlines

WORDS_MAX = 14


@functools.cache
def _data() -> dict:
    return patterns.load("quotas.yaml")


@functools.cache
def _rx(key: str) -> regex.Pattern:
    node = _data()
    for part in key.split("/"):
        node = node[part]
    return regex.compile(node["regex"] if isinstance(node, dict) else node, regex.IGNORECASE)


def _number(s: str) -> float | int:
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    s = s.replace(",", ".")
    v = float(s)
    return int(v) if v.is_integer() else v


def _clip(text: str) -> str:
    words = text.split()
    return " ".join(words[:WORDS_MAX]).strip(" ,;:.-–")


def _scope_after(text: str) -> str:
    end = _rx("scope_end").search(text)
    return _clip(text[: end.start()] if end else text)


def _scope_before(prefix: str) -> str:
    """The bearer before the number: from the last 'mỗi/toàn/tỷ lệ...' or the clause start."""
    marker = item_marker().match(prefix)
    if marker:
        prefix = prefix[marker.end():]
    prefix = _rx("cues/lead_in").sub("", prefix)
    starts = [m.start() for m in _rx("cues/scope_anchor").finditer(prefix)]
    if not starts:  # the noun phrase after a leading adverbial ("Tùy điều kiện cụ thể, các cơ quan...")
        starts = [m.start() for m in _rx("cues/noun_phrase").finditer(prefix)][:1]
    if starts:
        prefix = prefix[starts[-1]:]
    end = _rx("scope_end").search(prefix)
    if end:
        prefix = prefix[: end.start()]
    return _clip(prefix)


def quotas_in(text: str, start: int, end: int, page_of=lambda o: None) -> list[Quota]:
    clause = text[start:end]
    if not _rx("target_words").search(clause):
        return []
    period = next((f.recurrence for f in find_deadlines(clause) if f.recurrence), None)
    out = []
    for m in _rx("value").finditer(clause):
        before, after = clause[max(0, m.start() - 30):m.start()], clause[m.end():]
        if _rx("not_quota_before").search(before) or _rx("not_quota_after").match(after):
            continue
        if re.match(r"\s*[/.]\d", after) or re.search(r"[/\d]$", before.rstrip()) and not before.endswith(" "):
            continue
        pct = bool(m["pct"] or m["pct2"])
        comparator = "="
        if m["max"]:
            if not _rx("cues/range_from").search(before):
                continue
            comparator = "range"
        elif _rx("comparators/>=").search(before) or _rx("comparators/>=_after").match(after):
            comparator = ">="
        elif _rx("comparators/<=").search(before):
            comparator = "<="
        if comparator == "=" and not pct and not _rx("cues/equal_target").search(before):
            continue
        value = _number(m["value"])
        if pct and value > 100:
            continue
        cue = _rx("cues/cue_before").search(clause[: m.start()])
        prefix = clause[: cue.start() if cue else m.start()]
        scope = _scope_after(after.lstrip(" %")) if pct else ""
        if not scope or _rx("cues/predicate_after").match(after.lstrip(" %")):
            scope = _scope_before(prefix) or scope
        unit = _scope_after(after.lstrip(" %"))
        q = Quota(scope or None, comparator, value, pct, unit or None, period, None, _clip(clause) if len(clause) < 200 else clause[:200],
                  Evidence(page_of(start + m.start()), start + m.start(), start + m.end()),
                  _number(m["max"]) if m["max"] else None)
        out.append(q)
    return out


def find_quotas(doc, lines, skip, assignments=None) -> list[Quota]:
    out: list[Quota] = []
    for ln in lines:
        if any(a <= ln.start < b for a, b in skip):
            continue
        for a, b in clauses(ln):
            out.extend(quotas_in(doc.text, a, b, doc.page_of))
    return out
