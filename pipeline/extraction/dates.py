"""Calendar dates: find the span with our patterns, then normalise it.

Spans come from the templates in ``models/dates.yaml``; the matched text is
then handed to ``dateparser.parse`` (languages ``vi``, day-month-year order)
where it is a full date, and to our own code for months, quarters and years,
which dateparser misreads ("năm 2025" -> January 31st).
"""
from __future__ import annotations

import calendar
import functools
import re
from datetime import date

import regex

from .. import patterns


def compiled() -> dict[str, regex.Pattern]:
    """The date regexes of models/dates.yaml, with $variables expanded."""
    return patterns.templated("dates.yaml", "patterns", regex.IGNORECASE, engine=regex)


def _year(text: str) -> int | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 2:
        digits = "20" + digits
    if len(digits) != 4:
        return None
    y = int(digits)
    return y if 1945 <= y <= 2100 else None


def make_date(year: int | None, month: int | None = None, day: int | None = None) -> date | None:
    """A date, or None when out of range; month/year alone give their last day."""
    if year is None:
        return None
    month = month or 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = day or last
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(text, languages=["vi"], settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True})
    return parsed.date() if parsed else None


def parse_full(day: str, month: str, year: str, written: bool = False) -> date | None:
    """A full date from its parts.

    Dates written out in words ("ngày 22 tháng 3 năm 2023") go through
    dateparser; numeric ones (22/3/2023) are checked with the calendar, which
    is what dateparser would do, a thousand times faster.
    """
    y = _year(year)
    if y is None or not day.isdigit() or not month.isdigit():
        return None
    d = make_date(y, int(month), int(day))
    if d is None or not written:
        return d
    return _dateparser(f"ngày {int(day)} tháng {int(month)} năm {y}")


def find_dates(text: str, start: int = 0, end: int | None = None):
    """Yield (match start, match end, date) for full dates in ``text[start:end]``."""
    end = len(text) if end is None else end
    for m in compiled()["full_date"].finditer(text, start, end):
        d = parse_full(m["day"], m["month"], m["year"], written="tháng" in m.group())
        if d:
            yield m.start(), m.end(), d


def first_date(text: str) -> date | None:
    for _, _, d in find_dates(text):
        return d
    return None
