"""Deadlines as an iCalendar (RFC 5545) feed, made with the ``icalendar`` library.

One all-day event per deadline: a one-off deadline on its due date, a
recurring one from its first occurrence (counted from the document's issue
date) with its ``RRULE``. A cycle whose text gives no day ("hằng tháng") stands
on the last day of each period, and its summary says "(no day given)". The summary names the agency and the task; the
description holds the task, agency, role, document number, province and the
sentence the deadline was read from. UIDs are stable across reloads: they
hash the document's sha256, the agency and the deadline's place in the text.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .errors import OutputError
from .query import deadline_events
from .recurrence import NO_DAY, next_due, period_end_rule

PRODID = "-//kehoach//deadlines//EN"
UID_DOMAIN = "kehoach.invalid"
SUMMARY_MAX = 120


def _uid(row: dict) -> str:
    parts = [row["sha256"], row["agency"] or "", str(row["deadline_start"]), row["rule"] or row["due"] or ""]
    return f"{hashlib.sha256(chr(31).join(parts).encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def _cut(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _start(row: dict) -> date | None:
    """DTSTART: the due date, or a recurring deadline's first occurrence on or after the issue date
    (when the text gives no day, the last day of the first period)."""
    if not row["rule"]:
        return date.fromisoformat(row["due"]) if row["due"] else None
    anchor = date.fromisoformat(row["issue_date"]) if row["issue_date"] else None
    first = next_due(row["rule"], anchor, anchor) if anchor else None
    return first.by if first else (date.fromisoformat(row["due"]) if row["due"] else None)


def _description(row: dict) -> str:
    lines = [
        f"Task: {' '.join((row['task'] or '').split())}",
        f"Agency: {row['agency'] or 'not named in the text'}" + (f" ({row['role']})" if row["role"] else ""),
        f"Document: {row['document'] or 'no number'}" + (f", {row['province']}" if row["province"] else ""),
    ]
    if row["title"]:
        lines.append(f"Title: {row['title']}")
    if row["rule"]:
        lines.append(f"Repeats: {row['recurrence'] or row['rule']} ({row['rule']})")
        if period_end_rule(row["rule"]):
            lines.append("Day: the text gives none; the event stands on the last day of each period.")
    lines.append(f"Deadline as written: {' '.join((row['deadline_text'] or '').split())}")
    lines.append(f"Source: {row['source']}")
    return "\n".join(lines)


def calendar_from_rows(rows: list[dict], name: str = "kehoach deadlines"):
    """An ``icalendar.Calendar`` with one event per row of :func:`pipeline.query.deadline_events`."""
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    seen = set()
    for row in rows:
        start, uid = _start(row), _uid(row)
        if start is None or uid in seen:  # the same deadline read twice from one sentence
            continue
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        who = row["agency"] or "Unassigned"
        placed = period_end_rule(row["rule"]) if row["rule"] else None
        event.add("summary", _cut(f"{'(' + NO_DAY + ') ' if placed else ''}{who}: {row['task']}", SUMMARY_MAX))
        event.add("description", _description(row))
        event.add("transp", "TRANSPARENT")
        if row["rule"]:
            event.add("rrule", vRecur.from_ical(placed or row["rule"]))
        if row["document"]:
            event.add("categories", [row["document"]])
        cal.add_component(event)
    return cal


def calendar(db=None, agency: str | None = None, province: str | None = None, today=None) -> bytes:
    """The iCalendar feed (bytes) of every deadline, optionally for one agency or province."""
    rows = deadline_events(db, agency=agency, province=province, today=today)
    name = "kehoach deadlines" + "".join(f" - {v}" for v in (agency, province) if v)
    return calendar_from_rows(rows, name).to_ical()


def write_calendar(path, db=None, agency: str | None = None, province: str | None = None) -> int:
    """Write the feed to ``path``; returns the number of events."""
    data = calendar(db, agency=agency, province=province)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as err:
        raise OutputError(f"{path}: cannot write the calendar ({err.strerror or err})") from None
    return data.count(b"BEGIN:VEVENT")
