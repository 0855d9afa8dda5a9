"""The calendar feed: one event per deadline, recurring ones with their RRULE, stable UIDs."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from click.testing import CliRunner
from dateutil.rrule import rrulestr
from icalendar import Calendar

from pipeline.cli import cli
from pipeline.ics import calendar, write_calendar
from pipeline.query import deadline_events

DOCS = [
    "documents/nghe-an-987-kh-ubnd-2025.txt",   # "trước ngày 15/12 hằng năm": a yearly rule with its day
    "documents/bac-ninh-141-kh-ubnd-2025.txt",
    "documents/dong-nai-182-kh-ubnd-2025.txt",
]


def _load(tmp_path_factory, corpus, name, docs):
    from pipeline.batch import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp(name)}/db.sqlite"
    assert ingest_paths(url, [corpus / p for p in docs]).loaded == len(docs)
    return url


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus):
    return _load(tmp_path_factory, corpus, "ics", DOCS)


def _events(data: bytes):
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _parts(rule: str) -> dict:
    return dict(p.split("=") for p in rule.split(";"))


YEARLY_DEC_15 = {"FREQ": "YEARLY", "BYMONTH": "12", "BYMONTHDAY": "15"}


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def test_one_event_per_deadline_with_task_agency_and_number(db):
    rows = deadline_events(db)
    events = _events(calendar(db))
    assert len(events) == len({(r["sha256"], r["deadline_id"]) for r in rows}) > 10
    for ev in events:
        text = str(ev["DESCRIPTION"])
        assert text.startswith("Task: ") and "\nAgency: " in text and "\nDocument: " in text
        assert _as_date(ev["DTEND"].dt) > _as_date(ev["DTSTART"].dt)
    numbers = {r["document"] for r in rows}
    assert any(n and n in str(ev["DESCRIPTION"]) for ev in events for n in numbers)


def test_recurring_deadlines_repeat_by_their_rule(db):
    events = _events(calendar(db))
    recurring = [ev for ev in events if "RRULE" in ev]
    assert len(recurring) >= 3
    assert YEARLY_DEC_15 in [_parts(ev["RRULE"].to_ical().decode()) for ev in recurring]
    today = date.today()
    for ev in recurring:
        start = _as_date(ev["DTSTART"].dt)
        rule = rrulestr(ev["RRULE"].to_ical().decode(), dtstart=datetime.combine(start, time()))
        assert rule[0].date() == start  # DTSTART is itself an occurrence, as RFC 5545 wants
        upcoming = rule.after(datetime.combine(today, time()), inc=True).date()
        assert today <= upcoming <= today.replace(year=today.year + 1)
    dec15 = [ev for ev in recurring if _parts(ev["RRULE"].to_ical().decode()) == YEARLY_DEC_15]
    assert all((_as_date(ev["DTSTART"].dt).month, _as_date(ev["DTSTART"].dt).day) == (12, 15) for ev in dec15)
    assert all("Sở Khoa học và Công nghệ" in str(ev["SUMMARY"]) for ev in dec15)
    one_off = [ev for ev in events if "RRULE" not in ev]
    assert one_off and all("Repeats:" not in str(ev["DESCRIPTION"]) for ev in one_off)


def test_uids_are_unique_and_stable_across_reloads(db, tmp_path_factory, corpus):
    first = [str(ev["UID"]) for ev in _events(calendar(db))]
    assert len(first) == len(set(first))
    again = _load(tmp_path_factory, corpus, "ics-again", list(reversed(DOCS)))  # other row ids
    assert sorted(first) == sorted(str(ev["UID"]) for ev in _events(calendar(again)))


def test_agency_and_province_filters(db):
    events = _events(calendar(db, agency="so khoa hoc va cong nghe"))
    assert events and all(str(ev["SUMMARY"]).startswith("Sở Khoa học và Công nghệ:") for ev in events)
    assert _events(calendar(db, agency="'; DROP TABLE deadlines; --")) == []
    nghe_an = _events(calendar(db, province="nghe an"))
    assert nghe_an and all("987/KH-UBND" in str(ev["DESCRIPTION"]) for ev in nghe_an)


def test_cli_writes_the_file(db, tmp_path):
    out = tmp_path / "cal" / "deadlines.ics"
    result = CliRunner().invoke(cli, ["calendar", "--db", db, "--agency", "Sở KH&CN", "-o", str(out)])
    assert result.exit_code == 0, result.output
    events = _events(out.read_bytes())
    assert result.output.strip() == f"Wrote {len(events)} events to {out}." and events
    bad = CliRunner().invoke(cli, ["calendar", "--db", db, "-o", str(tmp_path)])
    assert bad.exit_code != 0


def test_write_calendar_to_a_directory_is_one_clear_error(db, tmp_path):
    from pipeline.errors import KehoachError

    target = tmp_path / "adir"
    target.mkdir()
    with pytest.raises(KehoachError, match="cannot write the calendar"):
        write_calendar(target, db)


def test_cycles_stand_on_the_day_the_text_gives_or_say_that_it_gives_none(cycles_db):
    events = {str(ev["SUMMARY"]).split(":")[0]: ev for ev in _events(calendar(cycles_db))}
    got = {who: (_as_date(ev["DTSTART"].dt).isoformat(), _parts(ev["RRULE"].to_ical().decode()))
           for who, ev in events.items()}
    assert got == {
        "Sở Nội vụ": ("2025-03-15", {"FREQ": "MONTHLY", "BYMONTHDAY": "15"}),
        "Sở Y tế": ("2025-06-15", {"FREQ": "YEARLY", "BYMONTH": "6,12", "BYMONTHDAY": "15"}),
        # no day in the text: on the last day of each period, and the summary says so
        "(no day given) Sở Tài chính": ("2025-12-31", {"FREQ": "YEARLY", "BYMONTH": "12", "BYMONTHDAY": "-1"}),
        "(no day given) Sở Tư pháp": ("2025-03-31", {"FREQ": "MONTHLY", "BYMONTHDAY": "-1"}),
    }
    described = str(events["(no day given) Sở Tư pháp"]["DESCRIPTION"])
    assert "the text gives none" in described and "(FREQ=MONTHLY)" in described
