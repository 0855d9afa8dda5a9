"""Deadlines and reporting cycles in a span of text.

Spans are found with the templates of ``models/deadlines.yaml``; full dates go
through ``dates.parse_full`` (dateparser), months, quarters and years through
``dates.make_date`` (a month or year alone is its last day). Recurring
deadlines carry an RFC 5545 ``rrule``, with the anchor day when one is given
("trước ngày 15/12 hằng năm" -> ``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .. import patterns
from . import dates


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    due: str | None
    recurrence: str | None
    rrule: str | None = None
    precision: str = "day"  # day, month, quarter, half, year (of `due`)


@functools.cache
def _data() -> dict:
    return patterns.load("deadlines.yaml")


@functools.cache
def _rx() -> dict[str, regex.Pattern]:
    data = _data()
    variables = {k: v for k, v in data["variables"].items() if not k.startswith("#")}
    out = {}
    for name, entry in data["patterns"].items():
        src = entry["regex"]
        for var in sorted(variables, key=len, reverse=True):
            src = src.replace("$" + var, variables[var])
        out[name] = regex.compile(src, regex.IGNORECASE)
    for key in ("not_deadline", "reporting", "budget_cycle"):
        out[key] = regex.compile(data[key]["regex"], regex.IGNORECASE)
    return out


@functools.cache
def _recurrences() -> list[tuple[str, regex.Pattern, str]]:
    return [(r["value"], regex.compile(r["regex"], regex.IGNORECASE), r["rrule"]) for r in _data()["recurrence"]]


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < e and s < b for s, e in spans)


def find_deadlines(text: str, year: int | None = None, cell: bool = False) -> list[Found]:
    """Deadlines in ``text``; ``year`` completes dates without one ("trước ngày 20/2").

    ``cell`` marks a table's time column or a "Thời gian:" field, where a bare
    year or period ("2025", "2026 - 2030") is a deadline too.
    """
    rx = _rx()
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    recurrences = []
    reporting = bool(rx["reporting"].search(text))
    for value, rec_rx, rrule in _recurrences():
        for m in rec_rx.finditer(text):
            if not reporting and rx["budget_cycle"].search(text[max(0, m.start() - 40):m.start()]):
                continue
            if not _overlaps(taken, m.start(), m.end()):
                recurrences.append((m, value, rrule))
                taken.append((m.start(), m.end()))

    def add(m, d, precision="day"):
        if d is None or _overlaps([(f.start, f.end) for f in out], m.start(), m.end()):
            return
        out.append(Found(m.start(), m.end(), d.isoformat(), None, None, precision))

    for m in rx["full_date"].finditer(text):
        y = int(m["year"]) if m["year"] else year
        if y is None:
            continue
        d = dates.parse_full(m["day"], m["month"], str(y))
        rec = next(((rm, v, r) for rm, v, r in recurrences
                    if 0 <= rm.start() - m.end() < 25 or 0 <= m.start() - rm.end() < 25), None)
        if rec is None and not m["year"] and recurrences:
            # "Hằng năm, ... báo cáo trước ngày 15/12": a day with no year in a recurring duty is its anchor
            rec = min(recurrences, key=lambda r: min(abs(r[0].start() - m.end()), abs(m.start() - r[0].end())))
        if rec and d:
            # an anchor day of a recurring deadline: "trước ngày 15/12 hằng năm"
            rm, value, rrule = rec
            if value == "yearly":
                rrule = f"{rrule};BYMONTH={d.month};BYMONTHDAY={d.day}"
            out.append(Found(min(m.start(), rm.start()), max(m.end(), rm.end()), None, value, rrule))
            continue
        add(m, d)
    for m in rx["month"].finditer(text):
        if m["cue"] or cell:
            add(m, dates.make_date(int(m["year"]), int(m["month"])), "month")
    for m in rx["quarter"].finditer(text):
        q = _ROMAN.get(m["q"].upper()) or int(m["q"])
        add(m, dates.make_date(int(m["year"]), q * 3), "quarter")
    for m in rx["half"].finditer(text):
        y = int(m["year"]) if m["year"] else year
        if y:
            add(m, dates.make_date(y, 6 if m["first"] else 12), "half")
    for m in rx["year"].finditer(text):
        add(m, dates.make_date(int(m["year"])), "year")
    if year:
        for m in rx["end_of_year"].finditer(text):
            add(m, dates.make_date(year), "year")
    if cell:
        for name in ("bare_date", "bare_year"):
            m = rx[name].search(text)
            if m:
                if name == "bare_date":
                    add(m, dates.parse_full(m["day"], m["month"], m["year"]))
                else:
                    add(m, dates.make_date(int(m["year"])), "year")
    covered = [(f.start, f.end) for f in out]
    for m, value, rrule in recurrences:
        if not _overlaps(covered, m.start(), m.end()):
            out.append(Found(m.start(), m.end(), None, value, rrule))
    return sorted(out, key=lambda f: f.start)


def is_not_deadline(text: str) -> bool:
    """True for "thường xuyên", start dates, open-ended periods and the like."""
    return bool(_rx()["not_deadline"].search(text))
