"""Who owes what, by when: linking, next occurrences, agency matching, filters, safety."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import cli
from pipeline.errors import QueryError
from pipeline.export import format_rows
from pipeline.names import match_agencies
from pipeline.query import deadline_events, owes
from pipeline.recurrence import next_occurrence, parse_date

CORPUS_DOCS = [
    "documents/bac-ninh-141-kh-ubnd-2025.txt",
    "documents/nghe-an-987-kh-ubnd-2025.txt",
    "documents/dong-nai-182-kh-ubnd-2025.txt",
    "documents/can-tho-153-kh-ubnd-2025.txt",
    "seeds/001_7a113dd4bb8f1a7d.txt",
    "seeds/003_1b75eff83d3a58f3.txt",
]
INJECTIONS = [
    "'; DROP TABLE assignments; --",
    "Sở Nội vụ' OR '1'='1",
    '" OR 1=1 --',
    "x') UNION SELECT sha256, source, path, 1, 1, 1, 1, 1, 1 FROM documents --",
    "%",
    "_",
    "*",
]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, corpus):
    """A SQLite database loaded (without Prefect) from a few bundled documents."""
    from pipeline.batch import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp('query')}/corpus.db"
    tally = ingest_paths(url, [corpus / p for p in CORPUS_DOCS])
    assert tally.loaded == len(CORPUS_DOCS), tally.quarantined
    return url


# A hand-made plan over two pages; offsets are exact, so every row can be predicted.
PAGE1 = (
    "1. Sở Nội vụ chủ trì tổng hợp báo cáo kết quả trước ngày 30/6/2025.\n"
    "2. Sở Tài chính bố trí kinh phí hằng năm.\n"
    "3. Sở Y tế báo cáo trước ngày 31/01/2026.\n"
)
PAGE2 = "4. Sở Nội vụ phối hợp kiểm tra, báo cáo trước ngày 15/12 hằng năm.\n5. Kế hoạch thực hiện trong năm 2025.\n"
TEXT = PAGE1 + "\f" + PAGE2
TODAY = date(2025, 11, 20)


def _span(text: str, start_at: int = 0) -> tuple[int, int]:
    start = TEXT.index(text, start_at)
    return start, start + len(text)


@pytest.fixture
def plan_db(tmp_path):
    """One plan, issued 2025-03-01 in Nghệ An: three assignments and five deadlines, stored as a load
    stores them (evidence text, each deadline linked by ``link_deadlines``)."""
    from pipeline.rows import link_deadlines
    from pipeline.store import connect, migrate
    from pipeline.search import search_fold
    from pipeline.store import assignments, deadlines, documents, pages

    url = f"sqlite:///{tmp_path}/plan.db"
    engine = connect(url)
    migrate(engine)
    s1 = _span("Sở Nội vụ chủ trì tổng hợp báo cáo kết quả trước ngày 30/6/2025")
    s2 = _span("Sở Tài chính bố trí kinh phí hằng năm")
    s4 = _span("Sở Nội vụ phối hợp kiểm tra, báo cáo trước ngày 15/12 hằng năm")

    def task(agency, role, task_text, span):
        return {"document_id": 1, "agency": agency, "role": role, "task": task_text, "section": None,
                "evidence_page": 2 if span[0] > len(PAGE1) else 1, "evidence_start": span[0],
                "evidence_end": span[1], "search_text": search_fold(f"{agency}\n{task_text}"),
                "evidence_text": TEXT[span[0]:span[1]]}

    def deadline(agency, due, recurrence, rrule, words):
        start, end = _span(words)
        return {"document_id": 1, "agency": agency, "due": due, "recurrence": recurrence, "rrule": rrule,
                "text": words, "evidence_page": 2 if start > len(PAGE1) else 1, "evidence_start": start,
                "evidence_end": end}

    with engine.begin() as conn:
        conn.execute(sa.insert(documents).values(
            id=1, sha256=hashlib.sha256(TEXT.encode()).hexdigest(), source="plan.txt", path="/plan.txt",
            format="text", kind="plan", number="12/KH-UBND", issuer="UBND tỉnh Nghệ An", province="Nghệ An",
            issue_date=date(2025, 3, 1), title="Kế hoạch thử", pages=2, ocr_used=False, notes="[]",
            loaded_at=datetime.now(timezone.utc)))
        conn.execute(sa.insert(pages), [
            {"document_id": 1, "number": 1, "text": PAGE1 + "\f", "method": "text"},
            {"document_id": 1, "number": 2, "text": PAGE2, "method": "text"},
        ])
        tasks = [
            task("Sở Nội vụ", "lead", "tổng hợp báo cáo kết quả", s1),
            task("Sở Tài chính", "lead", "bố trí kinh phí", s2),
            task("Sở Nội vụ", "support", "kiểm tra, báo cáo", s4),
        ]
        dated = [
            deadline("Sở Nội vụ", date(2025, 6, 30), None, None, "trước ngày 30/6/2025"),
            deadline("Sở Tài chính", None, "yearly", None, "hằng năm"),
            deadline("Sở Y tế", date(2026, 1, 31), None, None, "trước ngày 31/01/2026"),
            deadline("Sở Nội vụ", None, "yearly", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15",
                     "trước ngày 15/12 hằng năm"),
            deadline(None, date(2025, 12, 31), None, None, "trong năm 2025"),
        ]
        ids = conn.execute(sa.insert(assignments).returning(assignments.c.id, sort_by_parameter_order=True),
                           tasks).scalars().all()
        for row, index in zip(dated, link_deadlines(tasks, dated)):
            row["assignment_id"] = None if index is None else ids[index]
        conn.execute(sa.insert(deadlines), dated)
    engine.dispose()
    return url


def _brief(rows):
    return [(r["agency"], r["role"], r["task"], r["due"], r["rule"], r["overdue"]) for r in rows]


def test_each_deadline_goes_to_the_closest_task_of_its_agency_and_recurring_ones_to_their_next_date(plan_db):
    rows = owes(plan_db, today=TODAY)
    assert _brief(rows) == [
        ("Sở Nội vụ", "lead", "tổng hợp báo cáo kết quả", "2025-06-30", None, True),
        ("Sở Nội vụ", "support", "kiểm tra, báo cáo", "2025-12-15", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", False),
        # recurrence without an rrule: the spec's value; "hằng năm" gives no day, so this year's
        # occurrence sorts and filters by the year's last day and is shown as the year alone
        ("Sở Tài chính", "lead", "bố trí kinh phí", "2025-12-31", "FREQ=YEARLY", False),
        # a deadline whose agency has no task in the document still shows, with its own words
        ("Sở Y tế", None, "trước ngày 31/01/2026", "2026-01-31", None, False),
    ]
    assert [r["due_label"] for r in rows] == ["2025-06-30", "2025-12-15", "2025 (no day given)", "2026-01-31"]
    assert {r["document"] for r in rows} == {"12/KH-UBND"} and {r["province"] for r in rows} == {"Nghệ An"}


def test_evidence_is_the_sentence_of_the_task_also_on_a_later_page(plan_db):
    by_task = {r["task"]: r for r in owes(plan_db, today=TODAY)}
    assert by_task["tổng hợp báo cáo kết quả"]["evidence"] == (
        "Sở Nội vụ chủ trì tổng hợp báo cáo kết quả trước ngày 30/6/2025")
    assert by_task["kiểm tra, báo cáo"]["evidence"] == "Sở Nội vụ phối hợp kiểm tra, báo cáo trước ngày 15/12 hằng năm"


# fmt: off
FILTERS = [
    ({"overdue": True},                                   ["tổng hợp báo cáo kết quả"]),
    ({"before": "2025-12-31"},                            ["tổng hợp báo cáo kết quả", "kiểm tra, báo cáo", "bố trí kinh phí"]),
    ({"after": "today", "before": "+30d"},                ["kiểm tra, báo cáo"]),
    ({"after": "2026-01-01"},                             ["trước ngày 31/01/2026"]),
    ({"role": "support"},                                 ["kiểm tra, báo cáo"]),
    ({"role": "lead", "before": "2026-12-31"},            ["tổng hợp báo cáo kết quả", "bố trí kinh phí"]),
    ({"province": "nghe an", "agency": "SO TAI CHINH"},   ["bố trí kinh phí"]),
    ({"province": "tỉnh Nghệ An", "role": "requested"},   []),
    ({"province": "Hà Tĩnh"},                             []),
    ({"before": "2025-01-01", "after": "2025-12-31"},     []),
]
# fmt: on


@pytest.mark.parametrize("kwargs, tasks", FILTERS)
def test_filters(plan_db, kwargs, tasks):
    assert [r["task"] for r in owes(plan_db, today=TODAY, **kwargs)] == tasks


def test_calendar_rows_are_one_per_deadline_including_those_of_no_agency(plan_db):
    rows = deadline_events(plan_db, today=TODAY)
    assert sorted((r["agency"] or "", r["deadline_text"]) for r in rows) == [
        ("", "trong năm 2025"),
        ("Sở Nội vụ", "trước ngày 15/12 hằng năm"),
        ("Sở Nội vụ", "trước ngày 30/6/2025"),
        ("Sở Tài chính", "hằng năm"),
        ("Sở Y tế", "trước ngày 31/01/2026"),
    ]
    assert {r["agency"] for r in deadline_events(plan_db, agency="so y te", today=TODAY)} == {"Sở Y tế"}


@pytest.mark.parametrize("spelling", ["so noi vu", "Sở NV", "SỞ NỘI VỤ", "Sở Nội vụ", "sở nội vụ", "So Noi Vu",
                                      "Sở Nội Vụ tỉnh Bắc Ninh", "Giám đốc Sở Nội vụ"])
def test_an_agency_is_found_however_it_is_typed(corpus_db, spelling):
    rows = owes(corpus_db, agency=spelling)
    assert "Sở Nội vụ" in {r["agency"] for r in rows}
    assert len([r for r in rows if r["agency"] == "Sở Nội vụ"]) == len(owes(corpus_db, agency="Sở Nội vụ"))


# fmt: off
MATCHES = [
    ("so noi vu",       ["Sở Nội vụ"]),
    ("Sở NV",           ["Sở Nội vụ"]),       # the short names of lists after "Sở:": NV is Nội vụ, NgV Ngoại vụ
    ("Sở NgV",          ["Sở Ngoại vụ"]),
    ("Sở KH&ĐT",        ["Sở Kế hoạch và Đầu tư"]),
    ("so kh&dt",        ["Sở Kế hoạch và Đầu tư"]),
    ("Sở TT&TT",        ["Sở Thông tin và Truyền thông"]),
    ("SGDĐT",           ["Sở Giáo dục và Đào tạo"]),
    ("UBND các xã, phường, thị trấn", ["UBND cấp xã"]),
    ("noi vu",          ["Phòng Nội vụ huyện", "Sở Nội vụ"]),  # part of a name: every agency holding it
    ("tai chinh",       ["Sở Tài chính"]),
    ("Sở",              ["Sở Giáo dục và Đào tạo", "Sở Kế hoạch và Đầu tư", "Sở Ngoại vụ", "Sở Nội vụ",
                         "Sở Thông tin và Truyền thông", "Sở Tài chính"]),    # a head word alone: every Sở
    ("'; DROP TABLE assignments; --", []),
]
# fmt: on
NAMES = ["Sở Nội vụ", "Sở Ngoại vụ", "Phòng Nội vụ huyện", "Sở Kế hoạch và Đầu tư", "Sở Tài chính",
         "Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo", "UBND cấp xã", "UBND cấp huyện"]


@pytest.mark.parametrize("query, expected", MATCHES)
def test_agency_matching(query, expected):
    assert match_agencies(NAMES, query) == expected


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_strings_find_nothing_and_change_nothing(corpus_db, evil):
    path = corpus_db.removeprefix("sqlite:///")
    before = sqlite3.connect(path).execute("select count(*) from assignments").fetchone()
    assert owes(corpus_db, agency=evil) == []
    assert owes(corpus_db, province=evil) == []
    result = CliRunner().invoke(cli, ["owes", "--db", corpus_db, "--agency", evil])
    assert result.exit_code == 0 and "No obligations match." in result.output
    assert sqlite3.connect(path).execute("select count(*) from assignments").fetchone() == before


def test_evidence_is_the_text_the_offsets_point_at(corpus_db, corpus):
    import pipeline

    engine = sa.create_engine(corpus_db)
    with engine.connect() as conn:
        spans = {r.id: (r.source, r.evidence_start, r.evidence_end) for r in conn.execute(sa.text(
            "select a.id, d.source, a.evidence_start, a.evidence_end from assignments a "
            "join documents d on d.id = a.document_id"))}
    rows = [r for r in owes(corpus_db) if r["assignment_id"]]
    assert len(rows) > 20
    texts = {}
    for r in rows:
        source, start, end = spans[r["assignment_id"]]
        text = texts.setdefault(source, pipeline.text(source))
        assert r["evidence"] == text[start:end][:600]


def test_python_linking_agrees_with_the_deadline_links_view(corpus_db):
    rows = owes(corpus_db)
    linked = {(r["deadline_id"], r["assignment_id"]) for r in rows if r["deadline_id"] and r["assignment_id"]}
    with sa.create_engine(corpus_db).connect() as conn:
        view = set(map(tuple, conn.execute(sa.text("select deadline_id, assignment_id from deadline_links"))))
    assert linked and linked == view


# fmt: off
CYCLE_ROWS = [  # (agency, rule, due: what sorts and filters, due_label: what is shown), from 2025-11-20
    ("Sở Nội vụ",    "FREQ=MONTHLY;BYMONTHDAY=15",             "2025-12-15", "2025-12-15"),
    ("Sở Tư pháp",   "FREQ=MONTHLY",                           "2025-11-30", "2025-11 (no day given)"),
    ("Sở Y tế",      "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15", "2025-12-15", "2025-12-15"),
    ("Sở Tài chính", "FREQ=YEARLY;BYMONTH=12",                 "2025-12-31", "2025-12 (no day given)"),
]
# fmt: on


def test_a_cycle_is_due_on_the_day_the_text_gives_and_says_so_when_it_gives_none(cycles_db):
    rows = {r["agency"]: r for r in owes(cycles_db, today=TODAY)}
    assert sorted((a, rows[a]["rule"], rows[a]["due"], rows[a]["due_label"]) for a in rows) == sorted(CYCLE_ROWS)
    # "vào tháng 12 hằng năm" is this December's report: due within the next 30 days from 1 December
    soon = owes(cycles_db, after="today", before="+30d", today="2025-12-01")
    assert {r["agency"] for r in soon} == {"Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính"}
    table = format_rows(owes(cycles_db, today=TODAY), "table")
    assert "2025-12 (no day given)" in table and "2025-11 (no day given)" in table
    # never the day of the month of today (20) or of the issue date (1)
    assert not any(r["due_label"].endswith(("-20", "-01")) for r in rows.values())


@pytest.mark.parametrize("rrule, recurrence, label, by", [
    ("FREQ=MONTHLY;BYMONTHDAY=15", "monthly", "2025-12-15", "2025-12-15"),
    (None, "monthly", "2025-11 (no day given)", "2025-11-30"),
    (None, "quarterly", "2025-Q4 (no day given)", "2025-12-31"),
    (None, "semiannual", "2025-H2 (no day given)", "2025-12-31"),
    (None, "yearly", "2025 (no day given)", "2025-12-31"),
    (None, "weekly", "2025-W47 (no day given)", "2025-11-23"),
    (None, "daily", "2025-11-20", "2025-11-20"),
    ("FREQ=YEARLY;BYMONTH=3", "yearly", "2026-03 (no day given)", "2026-03-31"),
    ("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15", "quarterly", "2025-12-15", "2025-12-15"),
])
def test_the_web_ui_functions_show_the_next_date_and_sort_by_its_latest_day(rrule, recurrence, label, by):
    from pipeline.recurrence import next_due_iso, next_due_label

    assert next_due_label(None, rrule, recurrence, "2025-03-01", today=TODAY) == label
    assert next_due_iso(None, rrule, recurrence, "2025-03-01", today=TODAY) == by


def test_corpus_answers(corpus_db):
    rows = owes(corpus_db, agency="Sở KH&CN", today="2025-11-20")
    assert {r["agency"] for r in rows} == {"Sở Khoa học và Công nghệ"}
    yearly = [r for r in rows if r["rule"] == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"]
    assert yearly and all(r["due"] == "2025-12-15" and r["document"] == "987/KH-UBND" for r in yearly)
    assert {r["province"] for r in owes(corpus_db, province="nghe an")} == {"Nghệ An"}


@settings(max_examples=200, deadline=None)
@given(
    rule=st.sampled_from(["FREQ=YEARLY", "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY;INTERVAL=6",
                          "FREQ=WEEKLY", "FREQ=DAILY", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15",
                          "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=31",
                          "FREQ=YEARLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2", "FREQ=DAILY;INTERVAL=3",
                          "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30",
                          "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=-1",
                          "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "FREQ=YEARLY;COUNT=3",
                          "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=15,30",
                          "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1",
                          "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=31",
                          "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10,15;BYSETPOS=2,3"]),
    anchor=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    today=st.dates(date(2015, 1, 1), date(2032, 12, 31)),
)
def test_next_occurrence_is_what_dateutil_says_from_the_anchor(rule, anchor, today):
    naive = rrulestr(rule, dtstart=datetime.combine(anchor, time())).after(datetime.combine(today, time()), inc=True)
    assert next_occurrence(rule, anchor, today) == (naive.date() if naive else None)


@pytest.mark.parametrize("value, expected", [
    ("2025-12-31", date(2025, 12, 31)), ("today", TODAY), ("+30d", TODAY + timedelta(days=30)),
    ("-7d", TODAY - timedelta(days=7)), (None, None),
])
def test_dates(value, expected):
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize("bad", ["31/12/2025", "next week", "2025-13-01"])
def test_a_bad_date_is_one_clear_line(plan_db, bad):
    with pytest.raises(QueryError, match="not a date"):
        owes(plan_db, before=bad)
    result = CliRunner().invoke(cli, ["owes", "--db", plan_db, "--before", bad])
    assert result.exit_code == 2 and result.output.strip().startswith("kehoach: not a date")


def test_missing_or_foreign_database_is_one_clear_line(tmp_path):
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["owes", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2 and "no such database" in result.output and not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(cli, ["owes", "--db", f"sqlite:///{junk}"])
    assert result.exit_code == 2 and result.output == f"kehoach: cannot open the SQLite database {junk}: file is not a database\n"
    assert "Traceback" not in result.output


def test_cli_formats(plan_db):
    runner = CliRunner()
    args = ["owes", "--db", plan_db, "--agency", "so noi vu"]
    as_json = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    assert {r["agency"] for r in as_json} == {"Sở Nội vụ"} and len(as_json) == 2
    csv_out = runner.invoke(cli, [*args, "--format", "csv"]).stdout_bytes
    assert csv_out.startswith(b"\xef\xbb\xbf")  # a UTF-8 byte order mark, as `export` writes: Excel reads Vietnamese
    csv_lines = csv_out.decode("utf-8-sig").splitlines()
    assert csv_lines[0].startswith("agency,role,task,due,rule,document,province,evidence") and len(csv_lines) == 3
    table = runner.invoke(cli, args).output
    assert "Sở Nội vụ" in table and "12/KH-UBND" in table and table.rstrip().endswith(".")
    summary = runner.invoke(cli, ["owes", "--db", plan_db, "--format", "summary"]).output
    assert "Sở Nội vụ" in summary and "4 obligations of 3 agencies." in summary


def test_due_within_is_from_today_and_before_alone_includes_the_past(plan_db):
    within = [r["task"] for r in owes(plan_db, due_within="30d", today=TODAY)]
    assert within == [r["task"] for r in owes(plan_db, after="today", before="+30d", today=TODAY)]
    assert within == ["kiểm tra, báo cáo"]
    assert "tổng hợp báo cáo kết quả" in [r["task"] for r in owes(plan_db, before="+30d", today=TODAY)]  # overdue
    with pytest.raises(QueryError, match="--due-within sets both ends"):
        owes(plan_db, due_within="30d", before="+10d")
    with pytest.raises(QueryError, match="not a number of days"):
        owes(plan_db, due_within="soon")
    runner = CliRunner()
    help_text = " ".join(runner.invoke(cli, ["owes", "--help"]).output.split())
    assert "Alone it keeps past deadlines too" in help_text and "--due-within DAYS" in help_text
    table = runner.invoke(cli, ["owes", "--db", plan_db, "--before", "2099-01-01"]).output.splitlines()
    assert table[0].startswith("Due on or before 2099-01-01, overdue ones included (--due-within")
    table = runner.invoke(cli, ["owes", "--db", plan_db, "--due-within", "90d"]).output.splitlines()
    assert table[0].startswith("Due within 90 days: from ") and "overdue ones left out" in table[0]
    both = runner.invoke(cli, ["owes", "--db", plan_db, "--due-within", "90d", "--after", "today"])
    assert both.exit_code == 2 and both.output.startswith("kehoach: --due-within sets both ends")


@pytest.fixture(scope="module")
def places_db(tmp_path_factory, corpus):
    """Documents of a renamed province (Thừa Thiên Huế, now Huế) and a merged one (Yên Bái, now in Lào Cai)."""
    from pipeline.batch import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp('places')}/places.db"
    docs = ["documents/thua-thien-hue-254-tb-pctt-2022-textlayer.txt", "documents/yen-bai-01-kh-ubnd-2020.txt",
            "documents/quang-ngai-28-kh-ubnd-2020.txt"]
    assert ingest_paths(url, [corpus / p for p in docs]).loaded == len(docs)
    return url


@pytest.mark.parametrize("query, provinces", [
    ("Huế", {"Thừa Thiên Huế"}), ("hue", {"Thừa Thiên Huế"}), ("thành phố Huế", {"Thừa Thiên Huế"}),
    ("Thừa Thiên Huế", {"Thừa Thiên Huế"}),
    ("Lào Cai", {"Yên Bái"}),  # Yên Bái was merged into Lào Cai in 2025
    ("Yên Bái", {"Yên Bái"}), ("Quảng Ngãi", {"Quảng Ngãi"}), ("Đà Nẵng", set()),
])
def test_a_province_is_found_by_its_current_and_former_names(places_db, query, provinces):
    assert {r["province"] for r in owes(places_db, province=query)} == provinces


@pytest.mark.parametrize("spelling", ["UBND xã", "ubnd xa", "Ủy ban nhân dân xã", "UBND cấp xã", "UBND các xã"])
def test_a_group_is_found_without_its_level_word(places_db, spelling):
    assert {r["agency"] for r in owes(places_db, agency=spelling)} == {"UBND cấp xã"}


def test_summary_counts():
    rows = [{"agency": "A", "due": "2025-11-25", "overdue": False}, {"agency": "A", "due": "2025-01-01", "overdue": True},
            {"agency": "B", "due": None, "overdue": False}]
    out = format_rows(rows, "summary", today=TODAY)
    assert out.splitlines()[2].split() == ["A", "2", "2", "1", "1"]
    many = [{"agency": f"Agency {i:02}", "due": None, "overdue": False} for i in range(25)]
    lines = format_rows(many, "summary", today=TODAY).splitlines()
    assert len(lines) == 2 + 20 + 2 and lines[-2] == "... and 5 more agencies (--format csv lists every row)."


@pytest.mark.postgres
def test_postgres_gives_the_same_answers(postgres_url, corpus, corpus_db):
    from pipeline.batch import ingest_paths

    ingest_paths(postgres_url, [corpus / p for p in CORPUS_DOCS])
    for kwargs in ({"agency": "so noi vu"}, {"province": "Nghệ An"}, {"overdue": True, "today": "2025-11-20"}):
        pg = [(r["agency"], r["role"], r["task"], r["due"], r["document"], r["evidence"])
              for r in owes(postgres_url, **kwargs)]
        lite = [(r["agency"], r["role"], r["task"], r["due"], r["document"], r["evidence"])
                for r in owes(corpus_db, **kwargs)]
        assert pg and pg == lite


# What owes and calendar answer, asked of a database before and after its schema changes.
ASKED = ({}, {"agency": "so noi vu"}, {"province": "Nghệ An"}, {"overdue": True}, {"role": "support"},
         {"after": "2025-06-01", "before": "2026-01-31"})


def _answers(url) -> tuple:
    return [owes(url, today=TODAY, **kwargs) for kwargs in ASKED], deadline_events(url, today=TODAY)


def _as_before_the_obligation_views(url) -> None:
    """Take the schema of ``url`` back to migration 0003, as kehoach left a database before the views
    ``owes`` and ``calendar`` read (migration 0004), and forget that this process had brought it up to date."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    import pipeline.query
    from pipeline.store import connect, write_connection

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(pipeline.query.__file__).with_name("migrations")))
    engine = connect(url)
    with write_connection(engine) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        assert "obligation_deadlines" not in insp.get_view_names()
        assert "source" not in {c["name"] for c in insp.get_columns("obligations")}
    engine.dispose()
    pipeline.query._READY.clear()


def _check_upgrade_answers_the_same(url) -> None:
    from pipeline.store import connect

    answers = _answers(url)
    assert all(answers[0]) and answers[1]
    _as_before_the_obligation_views(url)
    assert _answers(url) == answers  # the first question brought the schema up to date
    engine = connect(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
        assert {"source", "sha256", "year"} <= {c["name"] for c in sa.inspect(conn).get_columns("obligations")}
    engine.dispose()


def test_a_database_made_before_the_obligation_views_is_upgraded_and_answers_the_same(plan_db, corpus_db, tmp_path):
    _check_upgrade_answers_the_same(plan_db)
    copy = tmp_path / "corpus.db"  # the module's database stays as it is
    with sqlite3.connect(sa.make_url(corpus_db).database) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    _check_upgrade_answers_the_same(f"sqlite:///{copy}")


@pytest.mark.postgres
def test_a_postgres_database_made_before_the_obligation_views_is_upgraded_and_answers_the_same(postgres_url, corpus):
    from pipeline.batch import ingest_paths

    ingest_paths(postgres_url, [corpus / p for p in CORPUS_DOCS])
    _check_upgrade_answers_the_same(postgres_url)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_query_leaves_the_garbage_collector_as_it_found_it(plan_db, enabled):
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert owes(plan_db, today=TODAY)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
