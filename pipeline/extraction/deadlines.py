"""Deadlines and reporting cycles in a span of text.

Spans are found with the templates of ``models/deadlines.yaml``; full dates go
through ``dates.parse_full`` (dateparser), months, quarters and years through
``dates.make_date`` (a month or year alone is its last day). Recurring
deadlines carry an RFC 5545 ``rrule`` with the anchor the text gives
(:func:`anchored_rule`): "trước ngày 15/12 hằng năm" ->
``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15``, "trước ngày 15 hằng tháng" ->
``FREQ=MONTHLY;BYMONTHDAY=15``, "Tháng 12 hằng năm" -> ``FREQ=YEARLY;BYMONTH=12``,
"trước ngày 15/6 và 15/12 hằng năm" -> ``FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15``.
A cycle without an anchor keeps its bare rule (``FREQ=MONTHLY``): no day is made up.
"""
from __future__ import annotations

import calendar
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
    out = dict(patterns.templated("deadlines.yaml", "patterns", regex.IGNORECASE, engine=regex))
    for key in ("not_deadline", "reporting", "budget_cycle", "benefit_cycle", "results", "time_label"):
        out[key] = patterns.regex("deadlines.yaml", key, regex.IGNORECASE, engine=regex)
    return out


@functools.cache
def _next_to() -> dict[str, tuple[regex.Pattern, regex.Pattern]]:
    """The anchors of a cycle written just before it and just after it."""
    out = {}
    for name in ("cycle_day", "cycle_month"):
        core = _rx()[name].pattern
        out[name] = (regex.compile(r"(?:" + core + r")[\s,(*]*$", regex.IGNORECASE),
                     regex.compile(r"^[\s,(*]*(?=\S*\s*(?:trước|chậm|vào|trong|hạn|hết))(?:" + core + r")",
                                   regex.IGNORECASE))
    return out


def _cycle_anchor(text: str, m, value: str, rrule: str) -> tuple[str, int, int]:
    """A bare cycle's rule with the anchor written next to it, and the span that includes it."""
    before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 80]
    name = "cycle_month" if value == "yearly" else "cycle_day" if value in ("monthly", "quarterly") else None
    if name is None:
        return rrule, m.start(), m.end()
    for side, rx in zip(("before", "after"), _next_to()[name]):
        a = rx.search(before if side == "before" else after)
        if not a:
            continue
        if name == "cycle_month":
            days = [(int(a["month"]), None)]
        elif value == "monthly":
            days = [(None, int(a["day"]))]
        elif a["qm"]:  # "hằng quý (trước ngày 15 của tháng cuối quý)"
            days = [(_QUARTER_MONTHS[regex.sub(r"\s+", " ", a["qm"].lower())][0], int(a["day"]))]
        else:  # a day without the month of the quarter: no anchor
            continue
        if any(d and not 1 <= d <= 31 for _, d in days):
            continue
        new = anchored_rule(value, rrule, days)
        if side == "before":
            return new, m.start() - len(before) + a.start(), m.end()
        return new, m.start(), m.end() + a.end()
    return rrule, m.start(), m.end()


def _more_days(text: str, end: int) -> tuple[list[tuple[int, int]], int]:
    """Further (month, day) anchors after a first date ("... và 15/12"), and where they end."""
    out = []
    while (m := _rx()["more_dates"].match(text, end)) and 1 <= int(m["month"]) <= 12 and 1 <= int(m["day"]) <= 31:
        out.append((int(m["month"]), int(m["day"])))
        end = m.end()
    return out, end


@functools.cache
def _recurrences() -> list[tuple[str, regex.Pattern, str]]:
    return [(r["value"], regex.compile(r["regex"], regex.IGNORECASE), r["rrule"]) for r in _data()["recurrence"]]


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# the months of each quarter that "tháng cuối quý", "tháng đầu quý (sau)" ... name
_QUARTER_MONTHS = {"đầu": (1, 4, 7, 10), "thứ nhất": (1, 4, 7, 10), "giữa": (2, 5, 8, 11), "thứ hai": (2, 5, 8, 11),
                   "cuối": (3, 6, 9, 12), "thứ ba": (3, 6, 9, 12)}
_STEPS = {"yearly": 12, "semiannual": 6, "quarterly": 3}  # months between occurrences


def _last_day(month: int) -> int:
    return calendar.monthrange(2023, month)[1]


def _yearly(pairs: list[tuple[int, int | None]]) -> str:
    """FREQ=YEARLY on the given (month, day) pairs (day None: the month only)."""
    pairs = sorted(set(pairs))
    months = ",".join(str(m) for m in dict.fromkeys(m for m, _ in pairs))
    if all(d is None for _, d in pairs):
        return f"FREQ=YEARLY;BYMONTH={months}"
    pairs = [(m, d) for m, d in pairs if d is not None]
    if len(pairs) == 1:
        return f"FREQ=YEARLY;BYMONTH={pairs[0][0]};BYMONTHDAY={pairs[0][1]}"
    # 30/6 and 31/12 are both the last day of their month (a 31 June would be skipped)
    days = {-1 if d >= _last_day(m) else d for m, d in pairs}
    if len(days) == 1:
        return f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={days.pop()}"
    # different days in different months: the wanted ones among all month-day combinations of a year
    all_days = sorted({d for _, d in pairs})
    combos = [(m, d) for m in sorted({m for m, _ in pairs}) for d in all_days if d <= _last_day(m)]
    positions = ",".join(str(combos.index(p) + 1) for p in pairs if p in combos)
    return (f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={','.join(map(str, all_days))};BYSETPOS={positions}")


def anchored_rule(value: str, rrule: str, days: list[tuple[int | None, int | None]]) -> str:
    """The rule of a ``value`` cycle on the (month, day) anchors the text gives (None: not given).

    Yearly, semiannual and quarterly cycles anchored on a month repeat it every 12, 6 or 3
    months (FREQ=YEARLY with the months in BYMONTH); a monthly cycle keeps the day. An anchor
    the cycle cannot use (a day without a month for a yearly cycle) leaves ``rrule`` as it is.
    """
    if value == "monthly":
        mdays = sorted({d for _, d in days if d})
        return f"FREQ=MONTHLY;BYMONTHDAY={','.join(map(str, mdays))}" if mdays else rrule
    step = _STEPS.get(value)
    if step is None or not all(m for m, _ in days):
        return rrule
    return _yearly([((m - 1 + k) % 12 + 1, d) for m, d in days for k in range(0, 12, step)])


def _add_more_dated(text: str, end: int, add) -> None:
    """The full dates listed after a first one ("trước ngày 10/6/2026 và 10/12/2026"): each due on its own day."""
    while m := _rx()["more_dated"].match(text, end):
        add(m, dates.parse_full(m["day"], m["month"], m["year"]))
        end = m.end()


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
    if rx["results"].search(text):
        return out  # "6 tháng đầu năm thu hoạch 574.341 tấn, đạt 45,2% kế hoạch": what was done, nothing owed

    recurrences = []
    reporting = bool(rx["reporting"].search(text))
    for value, rec_rx, rrule in _recurrences():
        for m in rec_rx.finditer(text):
            before = text[max(0, m.start() - 40):m.start()]
            if not reporting and rx["budget_cycle"].search(before) or rx["benefit_cycle"].search(before):
                continue  # "dự toán chi ngân sách hàng năm", "trợ cấp sinh hoạt hàng tháng": what it is, nothing owed
            if not _overlaps(taken, m.start(), m.end()):
                recurrences.append((m, value, rrule))
                taken.append((m.start(), m.end()))

    def add(m, d, precision="day"):
        if d is None or _overlaps([(f.start, f.end) for f in out], m.start(), m.end()):
            return
        out.append(Found(m.start(), m.end(), d.isoformat(), None, None, precision))

    for m in rx["full_date"].finditer(text):
        shared = None if m["year"] else rx["more_dated"].match(text, m.end())  # "trước ngày 15/6 và 15/12/2026"
        dated = bool(m["year"] or shared)
        y = int(m["year"]) if m["year"] else int(shared["year"]) if shared else year
        if y is None or _overlaps([(f.start, f.end) for f in out if f.recurrence], m.start(), m.end()):
            continue  # "... và trước ngày 20/12 hằng năm": already an anchor of the cycle before it
        d = dates.parse_full(m["day"], m["month"], str(y))
        more, end = _more_days(text, m.end()) if not dated else ([], m.end())
        tail = rx["more_dated"].match(text, end) if more else None
        if tail and not any(0 <= m.start() - rm.end() < 40 for rm, _, _ in recurrences):
            # "trước ngày 15/3, 15/6, 15/9 và 30/11/2026": the year written once, at the end, dates them all (after
            # "hằng quý", the days anchor the cycle)
            y = int(tail["year"])
            for month, day in [(int(m["month"]), int(m["day"])), *more]:
                due = dates.parse_full(str(day), str(month), str(y))
                if due:
                    out.append(Found(m.start(), end, due.isoformat(), None, None))
            _add_more_dated(text, end, add)
            continue
        before = [(rm, v, r) for rm, v, r in recurrences if 0 <= m.start() - rm.end() < 40
                  and not rx["full_date"].search(text, rm.end(), m.start())]
        after = [(rm, v, r) for rm, v, r in recurrences if 0 <= rm.start() - end < 25]
        # "hằng quý, 6 tháng, năm (trước ngày 12/3, 12/6, 12/9 và 12/12)": four days a year anchor the quarterly cycle
        rec = next((c for c in before if c[1] in _STEPS and 12 // _STEPS[c[1]] == 1 + len(more)),
                   max(before, key=lambda c: c[0].end()) if before else after[0] if after else None)
        if rec is None and not dated and recurrences:
            # "Hằng năm, ... báo cáo trước ngày 15/12": a day with no year in a recurring duty is its anchor
            rec = min(recurrences, key=lambda r: min(abs(r[0].start() - m.end()), abs(m.start() - r[0].end())))
        if rec and d and dated:
            # a dated report: "báo cáo 6 tháng trước ngày 10/6/2026" is due that day (the six-month report, once);
            # "định kỳ 6 tháng (trước ngày 15/6/2026)" is the cycle and its first date
            lead = regex.split(r"[;.]", text[max(0, rec[0].start() - 80): rec[0].start()])[-1]
            if not rx["cycle_word"].search(lead + rec[0].group()):
                recurrences = [r for r in recurrences if r[0] is not rec[0]]
            add(m, d)
            _add_more_dated(text, m.end(), add)
            continue
        if rec and d:
            # the anchor days of a recurring deadline: "trước ngày 15/6 và 15/12 hằng năm"
            rm, value, rrule = rec
            rrule = anchored_rule(value, rrule, [(d.month, d.day), *more])
            out.append(Found(min(m.start(), rm.start()), max(end, rm.end()), None, value, rrule))
            continue
        add(m, d)
        if dated:
            _add_more_dated(text, m.end(), add)

    def add_first(m, d, precision, apart: bool):
        # "trong Quý II và Quý IV/2026", "tháng 3 và tháng 8/2026": two times apart, each due; a range ("Quý III - IV"),
        # a list ("Quý I, II") or two in a row ("Quý I và Quý II") is one period, due at its end
        if d and apart and m["conn"] == "và" and len(out) and out[-1].start == m.start():
            out.append(Found(m.start("first"), m.end("first"), d.isoformat(), None, None, precision))

    def labelled(m) -> bool:  # "Thời gian hoàn thành: tháng 10/2026": the label is the cue
        return bool(rx["time_label"].search(text[max(0, m.start() - 90):m.start()]))

    for m in rx["month"].finditer(text):
        if m["cue"] or cell or labelled(m):
            add(m, dates.make_date(int(m["year"]), int(m["month"])), "month")
            if m["first"]:
                first = int(m["first"])
                add_first(m, dates.make_date(int(m["year"]), first), "month", int(m["month"]) - first > 1)
    for m in rx["quarter"].finditer(text):
        q = _ROMAN.get(m["q"].upper()) or int(m["q"])
        add(m, dates.make_date(int(m["year"]), q * 3), "quarter")
        if m["first"]:
            first = _ROMAN.get(m["first"].upper()) or int(m["first"])
            add_first(m, dates.make_date(int(m["year"]), 3 * first), "quarter", q - first > 1)
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
    for m, value, rrule in recurrences:  # "định kỳ 6 tháng, hằng năm (trước ngày 10/6 và 10/12)": the days anchor
        # the half-yearly cycle; the yearly one written between stays a cycle of its own
        covered = [(f.start, f.end) for f in out if f.recurrence in (None, value)]
        if not _overlaps(covered, m.start(), m.end()):
            rule, start, end = _cycle_anchor(text, m, value, rrule)
            out.append(Found(start, end, None, value, rule))
    # "Định kỳ hàng tháng (trước ngày 16 hàng tháng)": one cycle, written twice; the anchored one stands
    has_anchor = {f.recurrence for f in out if f.recurrence and f.rrule != _bare(f.recurrence)}
    out = [f for f in out if not (f.recurrence in has_anchor and f.rrule == _bare(f.recurrence))]
    merged: list[Found] = []
    for f in sorted(out, key=lambda f: f.start):
        same = next((i for i, g in enumerate(merged) if g.recurrence and (g.recurrence, g.rrule) ==
                     (f.recurrence, f.rrule) and f.start < g.end), None)
        if same is None:
            merged.append(f)
        else:
            merged[same] = Found(merged[same].start, max(merged[same].end, f.end), None, f.recurrence, f.rrule)
    out = merged
    return sorted(out, key=lambda f: f.start)


def _bare(value: str) -> str | None:
    return next((r for v, _, r in _recurrences() if v == value), None)


def is_not_deadline(text: str, cell: bool = False) -> bool:
    """True for "thường xuyên", start dates, open-ended periods and the like; in a time column (``cell``) a period
    alone ("Giai đoạn 2026 - 2030") is due at its end, as the spec says."""
    if cell and _rx()["bare_year"].match(text):
        return False
    return bool(_rx()["not_deadline"].search(text))
