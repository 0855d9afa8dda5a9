"""Due dates: dates as users give them, and the next occurrence of a recurring deadline.

A recurring deadline (an RFC 5545 ``rrule``, or the extraction spec's ``recurrence``
value when that is null) is expanded to its next occurrence from today; when its
rule names no day ("hằng tháng": ``FREQ=MONTHLY``) the next due date is the period
that holds it (``2026-12 (no day given)``), by the last day of that period.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from .errors import QueryError

# RFC 5545 rules of the extraction spec's recurrence values (used when ``rrule`` is null).
RECURRENCE_RULES = {
    "yearly": "FREQ=YEARLY",
    "semiannual": "FREQ=MONTHLY;INTERVAL=6",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "monthly": "FREQ=MONTHLY",
    "weekly": "FREQ=WEEKLY",
    "daily": "FREQ=DAILY",
}


RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_date(value, today: date | None = None) -> date | None:
    """A date from ``YYYY-MM-DD``, a date/datetime, ``today``, or ``+30d`` / ``-7d`` from today."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip().lower()
    today = today or date.today()
    if text in RELATIVE:
        return today + timedelta(days=RELATIVE[text])
    m = re.fullmatch(r"([+-]\d{1,5})d", text)
    if m:
        return today + timedelta(days=int(m.group(1)))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"not a date: {value!r} (use YYYY-MM-DD, today, or +30d)") from None


def rule_of(rrule: str | None, recurrence: str | None) -> str | None:
    """The RFC 5545 rule of a deadline, or None for a one-off."""
    return rrule or RECURRENCE_RULES.get(recurrence or "")


_STEP = {"YEARLY": 12, "MONTHLY": 1}  # months per period
_DAYS = {"WEEKLY": 7, "DAILY": 1}


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def _shift_months(day: date, months: int) -> date | None:
    """``day`` moved by whole months, or None when that month has no such day (31 April)."""
    month = day.month - 1 + months
    try:
        return day.replace(year=day.year + month // 12, month=month % 12 + 1)
    except ValueError:
        return None


def _fast_next(parts: dict[str, str], anchor: date, today: date) -> date | None:
    """Next occurrence of the rules plans use, by arithmetic (what dateutil finds by iterating).

    Raises LookupError for a rule it does not cover.
    """
    freq, extra = parts.get("FREQ"), set(parts) - {"FREQ", "INTERVAL"}
    interval = int(parts.get("INTERVAL", "1"))
    if interval < 1:
        raise LookupError(parts)
    if freq in _DAYS and not extra:
        step = _DAYS[freq] * interval
        return anchor if today <= anchor else anchor + timedelta(days=-(-(today - anchor).days // step) * step)
    if freq in _STEP and not extra:
        step = _STEP[freq] * interval
        k = max(0, ((today.year - anchor.year) * 12 + today.month - anchor.month) // step - 1)
        for k in range(k, k + 400):  # a day missing from some months (31, 29 February) is skipped
            day = _shift_months(anchor, k * step)
            if day and day >= today:
                return day
        return None
    if freq in _STEP and interval == 1 and extra == ({"BYMONTH", "BYMONTHDAY"} if freq == "YEARLY" else {"BYMONTHDAY"}):
        # "trước ngày 15 hằng tháng", "trước ngày 15/6 và 15/12 hằng năm": the given days of the given months
        months = [int(m) for m in parts["BYMONTH"].split(",")] if freq == "YEARLY" else list(range(1, 13))
        mdays = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        if not (all(1 <= m <= 12 for m in months) and all(1 <= d <= 31 or d == -1 for d in mdays)):
            raise LookupError(parts)
        start = max(anchor, today)
        for year in range(start.year, start.year + 9):
            days = sorted(_day_of(year, m, d) for m in months for d in mdays if _day_of(year, m, d))
            day = next((d for d in days if d >= start), None)
            if day:
                return day
        return None
    raise LookupError(parts)


def _day_of(year: int, month: int, mday: int) -> date | None:
    """Day ``mday`` of a month (-1: its last day), or None when the month has no such day."""
    last = calendar.monthrange(year, month)[1]
    if mday == -1:
        return date(year, month, last)
    return date(year, month, mday) if mday <= last else None


@lru_cache(maxsize=65536)
def next_occurrence(rule: str, anchor: date | None, today: date) -> date | None:
    """The first occurrence of ``rule`` (counted from ``anchor``) on or after ``today``.

    The same answer as ``rrulestr(rule, dtstart=anchor).after(today, inc=True)``;
    common rules are computed directly, others by python-dateutil.
    """
    from dateutil.rrule import rrulestr

    anchor = anchor or today
    try:
        return _fast_next(_parts(rule), anchor, today)
    except (LookupError, ValueError):
        pass
    try:
        nxt = rrulestr(rule, dtstart=datetime.combine(anchor, time())).after(datetime.combine(today, time()), inc=True)
    except (ValueError, TypeError):
        return None
    return nxt.date() if nxt else None


NO_DAY = "no day given"  # what a next date says when the text gives the period but not the day


@dataclass(frozen=True)
class NextDue:
    """A deadline's next due date: ``by`` is the latest day it can fall on (what sorts and filters),
    ``label`` what the text supports: the day (``2026-12-15``), or when the text gives no day
    the period it falls in (``2026-12``, ``2026-Q4``, ``2026-H2``, ``2026``, ``2026-W49``)."""

    by: date
    label: str
    day_given: bool

    @property
    def text(self) -> str:
        """The label, with "(no day given)" when the text gives no day."""
        return self.label if self.day_given else f"{self.label} ({NO_DAY})"


_DAY_PARTS = {"BYMONTHDAY", "BYYEARDAY", "BYDAY", "BYWEEKNO", "BYSETPOS"}  # a rule with these names its days


def _unanchored(parts: dict[str, str]) -> tuple[str, object] | None:
    """The period of a rule that names no day ("FREQ=MONTHLY": some day of each month), or None."""
    if _DAY_PARTS & set(parts):
        return None
    freq, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1"))
    if interval < 1:
        return None
    if freq == "YEARLY" and "BYMONTH" in parts:
        return "months", tuple(sorted({int(m) for m in parts["BYMONTH"].split(",")}))
    if freq in ("YEARLY", "MONTHLY"):
        return "block", interval * (12 if freq == "YEARLY" else 1)
    if freq == "WEEKLY":
        return "weeks", interval
    return None


def _month_end(index: int) -> date:
    """The last day of month ``index`` (year * 12 + month - 1)."""
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _period_due(kind: str, value, anchor: date, today: date) -> NextDue | None:
    """The period of an unanchored rule that holds its next occurrence: the one holding ``today``."""
    if kind == "months":  # "Tháng 12 hằng năm": the next of these months
        if not all(1 <= m <= 12 for m in value):
            return None
        year, month = (today.year, today.month) if today >= anchor else (anchor.year, anchor.month)
        y, m = next(((year, m) for m in value if m >= month), (year + 1, value[0]))
        return NextDue(_month_end(y * 12 + m - 1), f"{y}-{m:02}", False)
    if kind == "weeks":
        monday = (anchor - timedelta(days=anchor.weekday()))
        weeks = max(0, (today - monday).days // 7 // value) * value
        start = monday + timedelta(weeks=weeks)
        iso = start.isocalendar()
        return NextDue(start + timedelta(days=7 * value - 1), f"{iso[0]}-W{iso[1]:02}", False)
    n = value  # blocks of n months, on the calendar (quarters, halves, years) when n divides a year
    origin = 0 if 12 % n == 0 else anchor.year * 12 + anchor.month - 1
    now = max(today.year * 12 + today.month - 1, anchor.year * 12 + anchor.month - 1)
    start = origin + (now - origin) // n * n
    year, month = divmod(start, 12)
    labels = {1: f"{year}-{month + 1:02}", 3: f"{year}-Q{month // 3 + 1}", 6: f"{year}-H{month // 6 + 1}",
              12: f"{year}"}
    end = _month_end(start + n - 1)
    label = labels.get(n) if 12 % n == 0 else None
    return NextDue(end, label or f"{year}-{month + 1:02}/{end.year}-{end.month:02}", False)


@lru_cache(maxsize=65536)
def next_due(rule: str, anchor: date | None, today: date) -> NextDue | None:
    """The next due date of a recurring deadline on or after ``today`` (counted from ``anchor``, the
    issue date): its next occurrence when the rule names the day; when it does not ("hằng tháng",
    bare ``FREQ=MONTHLY``), the period that holds it, with no day made up."""
    anchor = anchor or today
    try:
        period = _unanchored(_parts(rule))
        if period:
            return _period_due(*period, anchor, today)
    except ValueError:
        return None
    day = next_occurrence(rule, anchor, today)
    return NextDue(day, day.isoformat(), True) if day else None


def period_end_rule(rule: str) -> str | None:
    """For a rule that names no day, the same rule on the last day of each period (what a calendar
    program needs to place an event: ``FREQ=MONTHLY`` -> ``FREQ=MONTHLY;BYMONTHDAY=-1``); None
    when the rule names its day."""
    try:
        period = _unanchored(_parts(rule))
    except ValueError:
        return None
    if period is None:
        return None
    kind, _ = period
    if kind == "weeks":
        return f"{rule};BYDAY=SU"
    if kind == "block" and _parts(rule)["FREQ"] == "YEARLY":
        return f"{rule};BYMONTH=12;BYMONTHDAY=-1"
    return f"{rule};BYMONTHDAY=-1"


def due_of(due, rrule, recurrence, issue_date, today=None) -> NextDue | None:
    """A deadline's next due date from ``today``: a one-off's date, a recurring one's next one."""
    rule = rule_of(rrule, recurrence)
    today = parse_date(today) or date.today()
    if rule:
        return next_due(rule, as_date(issue_date), today)
    day = as_date(due)
    return NextDue(day, day.isoformat(), True) if day else None


def next_due_iso(due, rrule, recurrence, issue_date, today=None) -> str | None:
    """The latest day a deadline's next due date can fall on, ``YYYY-MM-DD`` (the web UI's SQL
    function that sorts and filters; :func:`next_due_label` is what it shows)."""
    value = due_of(due, rrule, recurrence, issue_date, today)
    return value.by.isoformat() if value else None


def next_due_label(due, rrule, recurrence, issue_date, today=None) -> str | None:
    """A deadline's next due date as the web UI shows it: ``2026-12-15``, or ``2026-12 (no day given)``."""
    value = due_of(due, rrule, recurrence, issue_date, today)
    return value.text if value else None


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
