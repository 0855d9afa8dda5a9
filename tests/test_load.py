"""pipeline.load / pipeline.store: schema, idempotent loads, quarantine, search (SQLite)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline import load, store
from pipeline.batch import ingest_paths, store_extracted
from pipeline.load import load_record, quarantine, store_record
from pipeline.rows import ASSIGNMENT_INDEX, record_rows
from pipeline.search import search, search_fold
from pipeline.store import connect, database_url, metadata, migrate, table_counts
from pipeline.worker import Extracted

ROOT = Path(__file__).resolve().parent.parent
N_DOCS = 6


def text_docs(corpus, n=N_DOCS):
    return sorted((corpus / "documents").glob("*.txt"))[:n]


def read(path):
    import pipeline

    doc = pipeline.read_document(path)
    return doc, pipeline.extract_document(doc)


def expected_counts(records, quarantined=0) -> dict:
    records = list(records)
    return {
        "documents": len({r.sha256 for r in records}),
        "copies": len({(os.path.realpath(r.source), r.sha256) for r in records}),
        "pages": sum(len(r.pages) for r in records),
        "citations": sum(len(r.references) for r in records),
        "assignments": sum(len(r.assignments) for r in records),
        "deadlines": sum(len(r.deadlines) for r in records),
        "quotas": sum(len(r.quotas) for r in records),
        "quarantine": quarantined,
    }


@pytest.fixture(scope="module")
def extracted(corpus):
    """(doc, record) of a few real documents, extracted once for the module."""
    return [read(p) for p in text_docs(corpus)]


def test_migrate_twice_and_schema_matches_the_table_definitions(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = connect(f"sqlite:///{tmp_path}/k.db")
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    # The FTS5 shadow tables are the only objects outside the table definitions.
    assert [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("assignments_fts"))] == []
    assert version == "0004"


def _links_and_evidence(engine) -> tuple[list, list]:
    with engine.connect() as conn:
        return (conn.exec_driver_sql("SELECT id, assignment_id FROM deadlines ORDER BY id").all(),
                conn.exec_driver_sql("SELECT id, evidence_text FROM assignments ORDER BY id").all())


def test_deadlines_are_linked_and_evidence_stored_at_load_and_the_upgrade_of_an_old_database_agrees(
        fresh_db, extracted):
    from alembic import command
    from alembic.config import Config

    for doc, record in extracted:
        load_record(fresh_db, doc, record)
    links, evidence = _links_and_evidence(fresh_db)
    with fresh_db.connect() as conn:
        # linked exactly when the document gives the deadline's agency a task, and to such a task
        wrong = conn.exec_driver_sql(
            "SELECT count(*) FROM deadlines dl WHERE (dl.assignment_id IS NOT NULL) != EXISTS ("
            "SELECT 1 FROM assignments a WHERE a.document_id = dl.document_id AND a.agency = dl.agency) "
            "OR dl.assignment_id IS NOT NULL AND dl.assignment_id NOT IN (SELECT a.id FROM assignments a "
            "WHERE a.document_id = dl.document_id AND a.agency = dl.agency)").scalar()
    assert wrong == 0 and any(a is not None for _, a in links)
    doc, record = extracted[0]
    first = record.assignments[0]
    assert evidence[0][1] == doc.text[first.evidence.start:first.evidence.end][:600]
    # Back to the first schema (as a database loaded by an older kehoach), then up again:
    # the migration fills both columns by the same rules as a load.
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "pipeline" / "migrations"))
    with fresh_db.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with fresh_db.connect() as conn:
        assert "assignment_id" not in {c["name"] for c in sa.inspect(conn).get_columns("deadlines")}
    migrate(fresh_db)
    assert _links_and_evidence(fresh_db) == (links, evidence)
    assert search(fresh_db, "so noi vu")  # the search triggers survived


def test_a_database_another_process_is_writing_in_rollback_mode_is_waited_for_not_reported_locked(tmp_path):
    # two ingests creating one database at once: the second's switch to WAL finds the first's
    # write lock, and SQLite answers "locked" at once instead of waiting on busy_timeout
    import sqlite3
    import threading

    path = tmp_path / "k.db"
    first = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.5, lambda: first.execute("COMMIT")).start()
    with connect(f"sqlite:///{path}").connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
    first.close()


def test_database_url_precedence(monkeypatch):
    monkeypatch.delenv("KEHOACH_DB", raising=False)
    assert database_url() == "sqlite:///kehoach.db"
    monkeypatch.setenv("KEHOACH_DB", "sqlite:////tmp/from-env.db")
    assert database_url() == "sqlite:////tmp/from-env.db"
    assert database_url("sqlite:///given.db") == "sqlite:///given.db"
    assert database_url("postgresql://u:p@h:5433/k") == "postgresql+psycopg://u:p@h:5433/k"


# fmt: off
FOLDS = [
    ("Sở Nội vụ", "so noi vu"),
    ("UBND tỉnh Đồng Nai", "ubnd tinh dong nai"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "uy ban mat tran to quoc viet nam"),
    ("Sở  Giáo dục và\nĐào tạo", "so giao duc va dao tao"),
    ("Hoà  / Hòa", "hoa / hoa"),
    (None, ""),
]
# fmt: on


@pytest.mark.parametrize("text, folded", FOLDS)
def test_fold(text, folded):
    assert search_fold(text) == folded


def test_real_documents_load_with_the_counts_of_their_records(fresh_db, extracted):
    for doc, record in extracted:
        assert load_record(fresh_db, doc, record, "run-1") is True
    assert table_counts(fresh_db) == expected_counts(r for _, r in extracted)
    with fresh_db.connect() as conn:
        for doc, record in extracted:
            row = conn.execute(sa.select(store.documents).where(store.documents.c.sha256 == record.sha256)).one()
            assert (row.number, row.kind, row.run_id) == (record.number, record.kind, "run-1")
            texts = conn.execute(
                sa.select(store.pages.c.text).where(store.pages.c.document_id == row.id).order_by(store.pages.c.number)
            ).scalars().all()
            assert "".join(texts) == doc.text  # evidence offsets index this text


def test_reloading_an_unchanged_document_does_nothing(fresh_db, extracted):
    doc, record = extracted[0]
    assert load_record(fresh_db, doc, record) is True
    before = table_counts(fresh_db)
    assert load_record(fresh_db, doc, record) is False
    assert table_counts(fresh_db) == before


def test_a_changed_file_at_the_same_path_replaces_its_old_version(fresh_db, corpus, tmp_path):
    path = tmp_path / "plan.txt"
    shutil.copy(text_docs(corpus)[0], path)
    doc1, rec1 = read(path)
    assert store_record(fresh_db, doc1, rec1) == "loaded"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\nSở Nội vụ chủ trì, theo dõi việc thực hiện Kế hoạch này.\n")
    doc2, rec2 = read(path)
    assert rec2.sha256 != rec1.sha256
    assert store_record(fresh_db, doc2, rec2) == "replaced"
    assert table_counts(fresh_db) == expected_counts([rec2])
    with fresh_db.connect() as conn:
        assert conn.execute(sa.select(store.documents.c.sha256)).scalars().all() == [rec2.sha256]


def test_search_ignores_diacritics_case_and_d_stroke(fresh_db, make_document, tmp_path):
    doc, rec = make_document(
        tmp_path / "a.txt",
        "Giao Sở Giáo dục và Đào tạo chủ trì tổ chức tập huấn. Đề nghị Tỉnh đoàn phối hợp tuyên truyền.",
        [("Sở Giáo dục và Đào tạo", "lead", "tổ chức tập huấn"), ("Tỉnh đoàn", "support", "tuyên truyền")],
    )
    load_record(fresh_db, doc, rec)
    for query in ("Đào tạo", "dao tao", "DAO TAO", "so giao duc", "tập huấn", "tap huan", "giáo dục đào"):
        hits = search(fresh_db, query)
        assert [h["agency"] for h in hits] == ["Sở Giáo dục và Đào tạo"], query
    assert [h["agency"] for h in search(fresh_db, "tinh doan")] == ["Tỉnh đoàn"]
    assert [h["agency"] for h in search(fresh_db, "truy*")] == ["Tỉnh đoàn"]
    assert search(fresh_db, "truy") == []  # whole words unless a prefix is asked for
    assert search(fresh_db, "đào tạo tuyên truyền") == []  # every word must match
    assert search(fresh_db, '"; DROP TABLE documents; --') == []
    hit = search(fresh_db, "tap huan")[0]
    assert doc.text[hit["evidence"]["start"]:hit["evidence"]["end"]] == "tổ chức tập huấn"


def test_search_finds_real_assignments_without_diacritics(fresh_db, extracted):
    for doc, record in extracted:
        load_record(fresh_db, doc, record)
    agencies = {a.agency for _, r in extracted for a in r.assignments}
    if not agencies:
        pytest.skip("the extractor found no assignments in these documents yet")
    for agency in sorted(agencies)[:5]:
        hits = search(fresh_db, search_fold(agency), limit=1000)
        assert agency in {h["agency"] for h in hits}, agency


def test_deleting_a_document_removes_it_from_search(fresh_db, make_document, tmp_path):
    path = tmp_path / "b.txt"
    doc, rec = make_document(path, "Giao Sở Y tế chủ trì kiểm tra.", [("Sở Y tế", "lead", "kiểm tra")])
    load_record(fresh_db, doc, rec)
    doc2, rec2 = make_document(path, "Giao Sở Tư pháp chủ trì rà soát.", [("Sở Tư pháp", "lead", "rà soát")])
    load_record(fresh_db, doc2, rec2)  # replaces: same path
    assert search(fresh_db, "so y te") == []
    assert [h["agency"] for h in search(fresh_db, "so tu phap")] == ["Sở Tư pháp"]


def test_quarantine_keeps_one_row_per_path_and_content(fresh_db, tmp_path):
    quarantine(fresh_db, tmp_path / "x.pdf", "a" * 64, "not a PDF file", "r1")
    quarantine(fresh_db, tmp_path / "x.pdf", "a" * 64, "not a PDF file", "r2")
    quarantine(fresh_db, tmp_path / "x.pdf", "b" * 64, "encrypted", "r2")
    assert table_counts(fresh_db)["quarantine"] == 2


def test_a_document_the_database_rejects_leaves_no_rows(fresh_db, make_document, tmp_path):
    from dataclasses import replace

    from pipeline.models import Evidence, Quota

    doc, rec = make_document(tmp_path / "c.txt", "Giao Sở Y tế chủ trì.", [("Sở Y tế", "lead", "chủ trì")])
    broken = Quota(None, ">=", None, False, None, None, None, "x", Evidence(1, 0, 1))  # value is required
    outcome = store_extracted(fresh_db, Extracted(str(tmp_path / "c.txt"), rec.sha256, doc, replace(rec, quotas=(broken,))))
    assert outcome == "quarantined"
    counts = table_counts(fresh_db)
    assert counts.pop("quarantine") == 1
    assert set(counts.values()) == {0}  # the document row was rolled back with the rest


def test_ingest_paths_quarantines_bad_files_and_a_second_run_changes_nothing(tmp_path, corpus, bad_files):
    url = f"sqlite:///{tmp_path}/k.db"
    paths = [*text_docs(corpus, 4), bad_files]
    first = ingest_paths(url, paths)
    assert first.loaded == 4 and first.found == 7
    assert sorted(Path(p).name for p, _ in first.quarantined) == ["empty.txt", "junk.docx", "junk.pdf"]
    assert all(reason and "\n" not in reason for _, reason in first.quarantined)
    engine = connect(url)
    counts = table_counts(engine)
    assert counts == expected_counts([read(p)[1] for p in text_docs(corpus, 4)], quarantined=3)
    second = ingest_paths(url, paths)
    assert (second.loaded, second.skipped) == (0, 4)
    assert table_counts(engine) == counts
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM runs WHERE status = 'completed'")).scalar() == 2


def test_two_ingests_at_once_neither_corrupt_nor_duplicate(tmp_path, corpus):
    src = tmp_path / "docs"
    src.mkdir()
    for p in text_docs(corpus, 10):
        shutil.copy(p, src / p.name)
    url = f"sqlite:///{tmp_path}/k.db"
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pipeline.batch import ingest_paths; ingest_paths({url!r}, [{str(src)!r}])"
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    engine = connect(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    expected = connect("sqlite://")
    ingest_paths(expected, [src])
    assert table_counts(engine) == table_counts(expected)


def test_default_database_is_kehoach_db_in_the_working_directory(tmp_path, monkeypatch, make_document):
    monkeypatch.delenv("KEHOACH_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    engine = connect()
    migrate(engine)
    doc, rec = make_document(tmp_path / "d.txt", "Giao Sở Y tế chủ trì.", [("Sở Y tế", "lead", "chủ trì")])
    assert load_record(engine, doc, rec)
    assert os.path.exists(tmp_path / "kehoach.db")


def test_every_obligation_of_the_demo_corpus_carries_its_duty(tmp_path, corpus):
    """What `make demo` loads: no obligation whose task is empty, only its agency's name or a heading."""
    url = f"sqlite:///{tmp_path}/demo.db"
    ingest_paths(url, [corpus / "documents", corpus / "seeds", corpus / "docx", corpus / "pdf"])
    with connect(url).connect() as conn:
        rows = conn.execute(sa.text("SELECT agency, task FROM assignments")).all()
    assert len(rows) > 1000
    bare = [(agency, task) for agency, task in rows
            if len(search_fold(task or "")) < 8 or search_fold(task or "") in search_fold(agency)
            or search_fold(agency) in search_fold(task or "") and len(search_fold(task)) - len(search_fold(agency)) < 12]
    assert bare == []


# --- one document, stored once --------------------------------------------------------------

WEB_980 = ROOT / "corpora" / "documents" / "nghe-an-980-kh-ubnd-2025.txt"
PART_980 = ROOT / "corpora" / "ocr" / "synth" / "s06_nghe-an-980-kh-ubnd-2025.txt"  # its first page, transcribed
WEB_982 = ROOT / "corpora" / "documents" / "nghe-an-982-kh-ubnd-2025.txt"


def as_ocr(doc_record):
    """The same reading, as if every page had been read by Tesseract."""
    from dataclasses import replace

    doc, rec = doc_record
    return doc, replace(rec, pages=tuple({**p, "method": "ocr"} for p in rec.pages))


def rows_of(engine) -> dict:
    with engine.connect() as conn:
        return {
            "documents": conn.execute(sa.text("SELECT number, sha256, source FROM documents")).all(),
            "copies": sorted(conn.execute(sa.text("SELECT sha256, quality FROM copies")).all()),
            "assignments": conn.execute(sa.text("SELECT agency, role, task FROM assignments ORDER BY id")).all(),
        }


@pytest.mark.parametrize("ocr_first", [True, False])
def test_a_second_file_of_a_document_is_a_copy_and_text_wins_over_ocr(fresh_db, ocr_first):
    web, scan = read(WEB_980), as_ocr(read(PART_980))
    assert (web[1].number, web[1].issue_date) == (scan[1].number, scan[1].issue_date)
    first, second = (scan, web) if ocr_first else (web, scan)
    assert store_record(fresh_db, *first) == "loaded"
    stored = load.store_file(fresh_db, *second)
    assert stored.outcome == "copy"
    counts = table_counts(fresh_db)
    assert (counts["documents"], counts["copies"]) == (1, 2)
    assert counts["assignments"] == len(web[1].assignments) and counts["deadlines"] == len(web[1].deadlines)
    rows = rows_of(fresh_db)
    assert rows["documents"][0].sha256 == web[1].sha256  # the document's rows come from the web text
    assert rows["copies"] == sorted([(web[1].sha256, 2), (scan[1].sha256, 0)])
    # The copies disagree and the run says which one is used.
    assert "980/KH-UBND" in stored.note and "disagree" in stored.note
    assert stored.note.index(WEB_980.name) < stored.note.index("over") < stored.note.index(PART_980.name)
    assert load.store_file(fresh_db, *second).outcome == "unchanged"
    assert table_counts(fresh_db) == counts


def test_which_copy_is_used_does_not_depend_on_the_order_of_loading(tmp_path):
    web, part = read(WEB_980), read(PART_980)  # both text: the copy that yields more wins
    dbs = []
    for order in ((web, part), (part, web)):
        engine = connect(f"sqlite:///{tmp_path}/{len(dbs)}.db")
        migrate(engine)
        for doc, rec in order:
            store_record(engine, doc, rec)
        dbs.append(rows_of(engine))
    assert dbs[0] == dbs[1] and dbs[0]["documents"][0].sha256 == web[1].sha256


def test_documents_without_a_number_or_of_another_issuer_keep_their_own_identity(fresh_db, make_document, tmp_path):
    from dataclasses import replace

    a = make_document(tmp_path / "a.txt", "Giao Sở Y tế chủ trì kiểm tra.", [("Sở Y tế", "lead", "kiểm tra")])
    b = make_document(tmp_path / "b.txt", "Giao Sở Tư pháp chủ trì rà soát.", [("Sở Tư pháp", "lead", "rà soát")])
    assert store_record(fresh_db, *a) == "loaded" and store_record(fresh_db, *b) == "loaded"  # letters: no number
    same = dict(number="12/KH-UBND", issue_date="2025-03-01", province="Nghệ An")
    c = make_document(tmp_path / "c.txt", "Giao Sở Y tế chủ trì kiểm tra lại.", [("Sở Y tế", "lead", "kiểm tra lại")])
    d = make_document(tmp_path / "d.txt", "Giao Sở Nội vụ chủ trì rà soát lại.", [("Sở Nội vụ", "lead", "rà soát lại")])
    c = (c[0], replace(c[1], issuer="UBND tỉnh Nghệ An", **same))
    d = (d[0], replace(d[1], issuer="UBND tỉnh Hà Tĩnh", **{**same, "province": "Hà Tĩnh"}))
    assert store_record(fresh_db, *c) == "loaded" and store_record(fresh_db, *d) == "loaded"
    e = make_document(tmp_path / "e.txt", "Giao Sở Y tế chủ trì kiểm tra lại. Bản chụp.",
                      [("Sở Y tế", "lead", "kiểm tra lại")])
    e = (e[0], replace(e[1], issuer=None, **same))  # an OCR copy of c that missed the issuer
    assert store_record(fresh_db, *e) == "copy"
    counts = table_counts(fresh_db)
    assert (counts["documents"], counts["copies"], counts["assignments"]) == (4, 5, 4)


def test_ingest_reports_each_document_once_and_a_rerun_changes_nothing(tmp_path):
    from pipeline.query import owes

    src = tmp_path / "in"
    (src / "web").mkdir(parents=True)
    (src / "scans").mkdir()
    shutil.copy(WEB_980, src / "web" / WEB_980.name)
    shutil.copy(WEB_980, src / "web" / "the-same-bytes.txt")
    shutil.copy(PART_980, src / "scans" / PART_980.name)
    shutil.copy(WEB_982, src / "web" / WEB_982.name)
    url = f"sqlite:///{tmp_path}/k.db"
    first = ingest_paths(url, [src])
    assert (first.found, first.loaded, first.copies, first.skipped) == (4, 2, 2, 0)
    assert len(first.notes) == 1 and "980/KH-UBND" in first.notes[0]
    engine = connect(url)
    counts = table_counts(engine)
    assert (counts["documents"], counts["copies"]) == (2, 4)
    alone = f"sqlite:///{tmp_path}/alone.db"
    ingest_paths(alone, [WEB_980, WEB_982])
    assert len(owes(url)) == len(owes(alone)) > 0  # each obligation once
    second = ingest_paths(url, [src])
    assert (second.loaded, second.copies, second.skipped) == (0, 0, 4)
    assert table_counts(engine) == counts


def test_when_the_file_a_document_was_read_from_becomes_another_document_its_copy_is_read_again(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(WEB_980, src / "a.txt")
    shutil.copy(PART_980, src / "b.txt")
    url = f"sqlite:///{tmp_path}/k.db"
    ingest_paths(url, [src])
    shutil.copy(WEB_982, src / "a.txt")  # a.txt, whose rows the document had, is now another plan
    again = ingest_paths(url, [src])
    assert again.replaced == 1
    engine = connect(url)
    with engine.connect() as conn:
        numbers = sorted(conn.execute(sa.text("SELECT number FROM documents")).scalars())
    assert numbers == ["980/KH-UBND", "982/KH-UBND"]
    expected = connect("sqlite://")
    ingest_paths(expected, [src / "a.txt", src / "b.txt"])
    assert table_counts(engine) == table_counts(expected)


def load_as_version_0002(engine, files) -> None:
    """Store files as kehoach did before migration 0003: one document per file."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "pipeline" / "migrations"))
    with store.write_connection(engine) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with store.write_connection(engine) as conn, conn.begin():
        old = sa.MetaData()
        old.reflect(conn)
        for doc, rec in files:
            head, children = record_rows(doc, rec)
            head.pop("identity")
            doc_id = conn.execute(sa.insert(old.tables["documents"]).values(**head)).inserted_primary_key[0]
            for name, rows in children.items():
                for row in rows:
                    row = {k: v for k, v in row.items() if k != ASSIGNMENT_INDEX}
                    conn.execute(sa.insert(old.tables[name]).values(**row, document_id=doc_id))


def check_upgrade_merges_copies(engine, tmp_path) -> None:
    web, scan, other = read(WEB_980), as_ocr(read(PART_980)), read(WEB_982)
    load_as_version_0002(engine, [scan, web, other])
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 3
    migrate(engine)
    counts = table_counts(engine)
    assert (counts["documents"], counts["copies"]) == (2, 3)
    assert counts["assignments"] == len(web[1].assignments) + len(other[1].assignments)
    expected = connect(f"sqlite:///{tmp_path}/expected.db")
    migrate(expected)
    for item in (scan, web, other):
        store_record(expected, *item)
    assert counts == table_counts(expected)
    assert rows_of(engine)["copies"] == rows_of(expected)["copies"]


def test_the_upgrade_of_an_old_database_merges_the_files_of_one_document(tmp_path):
    check_upgrade_merges_copies(connect(f"sqlite:///{tmp_path}/old.db"), tmp_path)


def test_every_file_of_a_folder_is_loaded_or_quarantined_with_its_reason(tmp_path, corpus):
    from tests.test_cli import mixed_folder

    folder = mixed_folder(tmp_path, corpus)
    url = f"sqlite:///{tmp_path}/k.db"
    tally = ingest_paths(url, [folder])
    assert (tally.found, tally.loaded) == (5, 2)
    assert sorted((Path(p).name, reason.split(" (supported")[0]) for p, reason in tally.quarantined) == [
        ("README", "no file extension"), ("budget.xlsx", "spreadsheets are not supported"),
        ("notes.md", "unsupported file type '.md'")]
    with connect(url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM quarantine")).scalar() == 3
        assert conn.execute(sa.text("SELECT format FROM documents WHERE number = '99/2025/NQ-HĐND'")).scalar() == "doc"
