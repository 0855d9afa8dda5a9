"""The store on a real PostgreSQL server started by the tests (``pytest -m postgres``)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.batch import ingest_paths
from pipeline.load import load_record, quarantine, store_record
from pipeline.search import search
from pipeline.store import connect, metadata, migrate, table_counts

pytestmark = pytest.mark.postgres


def text_docs(corpus, n):
    return sorted((corpus / "documents").glob("*.txt"))[:n]


@pytest.fixture
def pg(postgres_url):
    engine = connect(postgres_url)
    migrate(engine)
    yield engine
    engine.dispose()


def test_migrations_build_the_schema_concurrently(postgres_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engines = [connect(postgres_url) for _ in range(3)]
    errors = []

    def run(engine):
        try:
            migrate(engine)
        except Exception as err:  # noqa: BLE001 (reported below)
            errors.append(err)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engines[0].connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        # The search index is PostgreSQL-only, so the table definitions leave it out.
        assert [d for d in diff if not (d[0] == "remove_index" and d[1].name == "ix_assignments_search")] == []
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
        index = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_assignments_search'").scalar()
    assert "gin" in index and "to_tsvector" in index


def test_search_ignores_diacritics_on_postgres(pg, make_document, tmp_path):
    doc, rec = make_document(
        tmp_path / "a.txt",
        "Giao Sở Giáo dục và Đào tạo chủ trì tổ chức tập huấn. Đề nghị Tỉnh đoàn phối hợp tuyên truyền.",
        [("Sở Giáo dục và Đào tạo", "lead", "tổ chức tập huấn"), ("Tỉnh đoàn", "support", "tuyên truyền")],
    )
    assert load_record(pg, doc, rec) is True
    assert load_record(pg, doc, rec) is False
    for query in ("Đào tạo", "dao tao", "SO GIAO DUC", "tap huan", "tập huấn"):
        assert [h["agency"] for h in search(pg, query)] == ["Sở Giáo dục và Đào tạo"], query
    assert [h["agency"] for h in search(pg, "truy*")] == ["Tỉnh đoàn"]
    assert search(pg, "truy") == []
    assert search(pg, "dao tao tuyen truyen") == []
    assert search(pg, "'); DROP TABLE documents; --") == []


def test_replacement_and_quarantine_on_postgres(pg, make_document, tmp_path):
    path = tmp_path / "b.txt"
    doc, rec = make_document(path, "Giao Sở Y tế chủ trì kiểm tra.", [("Sở Y tế", "lead", "kiểm tra")])
    assert store_record(pg, doc, rec) == "loaded"
    doc2, rec2 = make_document(path, "Giao Sở Tư pháp chủ trì rà soát.", [("Sở Tư pháp", "lead", "rà soát")])
    assert store_record(pg, doc2, rec2) == "replaced"
    assert search(pg, "so y te") == []
    for _ in range(2):
        quarantine(pg, tmp_path / "x.pdf", "a" * 64, "not a PDF file")
    counts = table_counts(pg)
    assert (counts["documents"], counts["assignments"], counts["pages"], counts["quarantine"]) == (1, 1, 1, 1)


def test_concurrent_loads_of_one_document_store_it_once(pg, make_document, tmp_path):
    doc, rec = make_document(tmp_path / "c.txt", "Giao Sở Y tế chủ trì.", [("Sở Y tế", "lead", "chủ trì")])
    barrier, results = threading.Barrier(4), []

    def run():
        barrier.wait()
        results.append(load_record(pg, doc, rec))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]
    assert table_counts(pg)["documents"] == 1


def test_ingest_real_documents_into_postgres(postgres_url, corpus, bad_files):
    paths = [*text_docs(corpus, 4), bad_files]
    first = ingest_paths(postgres_url, paths)
    assert first.loaded == 4 and len(first.quarantined) == 3
    engine = connect(postgres_url)
    counts = table_counts(engine)
    assert counts["documents"] == 4 and counts["quarantine"] == 3
    second = ingest_paths(postgres_url, paths)
    assert second.loaded == 0 and table_counts(engine) == counts
    with engine.connect() as conn:
        dates = conn.execute(sa.text("SELECT pg_typeof(issue_date)::text FROM documents LIMIT 1")).scalar()
    assert dates == "date"


def test_flow_loads_into_postgres(prefect_api, postgres_url, corpus, bad_files):
    from pipeline.batch import run_ingest

    summary = run_ingest([*text_docs(corpus, 3), bad_files], db=postgres_url)
    assert summary.tally.loaded == 3 and len(summary.tally.quarantined) == 3
    assert "kehoach@" in summary.db and Path(summary.tally.quarantined[0][0]).parent == bad_files
    assert table_counts(connect(postgres_url))["documents"] == 3


def test_copies_of_one_document_loaded_at_once_make_one_document(pg):
    from tests.test_load import PART_980, WEB_980, as_ocr, read

    files = [read(WEB_980), as_ocr(read(PART_980)), read(WEB_980.parent.parent / "ocr" / "synth" / PART_980.name)]
    barrier, results = threading.Barrier(len(files)), []

    def run(item):
        barrier.wait()
        results.append(store_record(pg, *item))

    threads = [threading.Thread(target=run, args=(item,)) for item in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = table_counts(pg)
    assert (counts["documents"], counts["copies"]) == (1, 2)  # the third file is the second's bytes
    assert counts["assignments"] == len(files[0][1].assignments)
    assert sorted(results).count("loaded") == 1


def test_the_upgrade_of_an_old_database_merges_copies_on_postgres(postgres_url, tmp_path):
    from tests.test_load import check_upgrade_merges_copies

    check_upgrade_merges_copies(connect(postgres_url), tmp_path)
