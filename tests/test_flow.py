"""flows/load_flow.py and pipeline.batch: the Prefect ingest flow (one temporary Prefect server per session)."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.batch import ingest_paths
from pipeline.load import is_transient
from pipeline.store import connect, table_counts

ROOT = Path(__file__).resolve().parent.parent


def counts(url):
    engine = connect(url)
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


def copy_docs(corpus, dest: Path, n: int) -> Path:
    """n distinct text documents: corpus documents, with a numbered line added once they run out."""
    dest.mkdir(parents=True, exist_ok=True)
    sources = sorted((corpus / "documents").glob("*.txt"))
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        if i >= len(sources):
            text += f"\nBản sao số {i}.\n"
        (dest / f"{i:04d}_{src.name}").write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def corpus_run(prefect_api, corpus, tmp_path_factory):
    """All of corpora/ (OCR included) plus three bad files, ingested twice with 2 worker processes."""
    from pipeline.batch import run_ingest

    tmp = tmp_path_factory.mktemp("corpus")
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.pdf").write_bytes(b"this is not a PDF at all\n" * 20)
    (bad / "junk.docx").write_bytes(b"PK\x03\x04 not really a zip archive" * 10)
    url = f"sqlite:///{tmp}/k.db"
    first = run_ingest([corpus, bad], db=url, workers=2)
    after_first = counts(url)
    second = run_ingest([corpus, bad], db=url, workers=2)
    return first, after_first, second, counts(url), url


@pytest.mark.ocr
@pytest.mark.slow
def test_corpus_loads_and_bad_files_are_quarantined(corpus_run, corpus):
    from pipeline.reading import FORMATS

    first, after, _, _, url = corpus_run
    # Every file of the folders is loaded or named: the bad files, and the corpus's gold records and notes.
    unread = sorted(p.name for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() not in FORMATS)
    assert unread and {".json", ".md"} <= {Path(n).suffix for n in unread}
    assert sorted(Path(p).name for p, _ in first.tally.quarantined) == sorted(
        ["empty.txt", "junk.docx", "junk.pdf", *unread])
    assert all(reason and "\n" not in reason for _, reason in first.tally.quarantined)
    bad = len(first.tally.quarantined)
    assert first.tally.found == first.tally.loaded + first.tally.copies + first.tally.unchanged + bad
    assert after["quarantine"] == bad
    assert after["documents"] == first.tally.loaded >= len(list((corpus / "documents").glob("*.txt")))
    assert after["copies"] == first.tally.loaded + first.tally.copies and first.tally.copies >= 10
    engine = connect(url)
    with engine.connect() as conn:
        run = conn.execute(sa.text("SELECT id, status FROM runs WHERE id = :id"), {"id": first.run_id}).one()
        formats = set(conn.execute(sa.text("SELECT format FROM copies")).scalars())
        ocr = conn.execute(sa.text("SELECT count(*) FROM documents WHERE ocr_used")).scalar()
        pages = conn.execute(sa.text("SELECT sum(pages) FROM documents")).scalar()
        read = conn.execute(sa.text("SELECT sum(pages) FROM copies")).scalar()
    assert after["pages"] == pages and read == first.tally.pages
    assert run.status == "completed"
    assert {"text", "doc", "docx", "pdf", "image"} <= formats and ocr > 0
    text = "\n".join(first.lines())
    assert f"{bad} quarantined" in text and "junk.pdf" in "\n".join(first.problems())


@pytest.mark.ocr
@pytest.mark.slow
def test_documents_extracted_in_worker_processes_match_in_process_extraction(corpus_run, corpus):
    import pipeline

    url = corpus_run[-1]
    engine = connect(url)
    for path in [*sorted((corpus / "documents").glob("*.txt"))[:3], *(corpus / "docx").glob("*.docx")]:
        record = pipeline.extract_document(pipeline.read_document(path))
        with engine.connect() as conn:
            copy = conn.execute(sa.text("SELECT c.document_id, c.items, d.sha256 = c.sha256 AS used FROM copies c "
                                        "JOIN documents d ON d.id = c.document_id WHERE c.sha256 = :s"),
                                {"s": record.sha256}).first()
            got = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t} WHERE document_id = :d"),
                                   {"d": copy.document_id}).scalar()
                   for t in ("pages", "citations", "assignments", "deadlines", "quotas")}
        if not copy.used:  # another copy of its document is used: only what was read from it is kept
            assert copy.items == len(record.assignments) + len(record.deadlines) + len(record.quotas), path.name
            continue
        assert got == {"pages": len(record.pages), "citations": len(record.references),
                       "assignments": len(record.assignments), "deadlines": len(record.deadlines),
                       "quotas": len(record.quotas)}, path.name


@pytest.mark.ocr
@pytest.mark.slow
def test_second_run_changes_nothing(corpus_run):
    first, after_first, second, after_second, _ = corpus_run
    assert after_second == after_first
    assert second.tally.loaded == 0
    assert second.tally.skipped == first.tally.loaded + first.tally.copies + first.tally.unchanged


def test_flow_on_a_dask_cluster(prefect_api, corpus, tmp_path):
    from distributed import LocalCluster

    from pipeline.batch import run_ingest

    src = copy_docs(corpus, tmp_path / "docs", 4)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = run_ingest([src], db=f"sqlite:///{tmp_path}/k.db", dask_address=cluster.scheduler_address,
                             batch_size=2)
    assert summary.tally.loaded == 4
    assert counts(f"sqlite:///{tmp_path}/k.db")["documents"] == 4


def extract_or_die(item):
    """Runs in a worker process: dies (as on a segfault or OOM kill) on files named die*."""
    from pipeline.worker import Extracted

    if Path(item[0]).name.startswith("die"):
        os._exit(1)
    return Extracted(item[0], item[1], error="fine")


def test_a_worker_process_dying_loses_only_its_document():
    from pipeline.pool import pool_mapper, shutdown_pools

    items = [("a.txt", "1"), ("die.txt", "2"), ("b.txt", "3"), ("c.txt", "4")]
    try:
        results = list(pool_mapper(2)(extract_or_die, items))
    finally:
        shutdown_pools()
    assert [(r.path, r.error) for r in results] == [
        ("a.txt", "fine"), ("die.txt", "the extraction process died on this file"), ("b.txt", "fine"), ("c.txt", "fine"),
    ]


def test_transient_errors_are_the_only_ones_retried():
    from prefect.states import Failed

    from flows.load_flow import retry_if_transient

    locked = sa.exc.OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
    rejected = sa.exc.IntegrityError("INSERT ...", {}, sqlite3.IntegrityError("NOT NULL constraint failed"))
    no_table = sa.exc.OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: documents"))
    assert is_transient(locked) and not is_transient(rejected) and not is_transient(ValueError("bug"))
    assert not is_transient(no_table)
    assert retry_if_transient(None, None, Failed(data=locked)) is True
    assert retry_if_transient(None, None, Failed(data=rejected)) is False
    assert retry_if_transient(None, None, Failed(data=KeyError("x"))) is False


def _run_ingest_process(src: Path, db: Path, api_url: str) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PYTHONPATH": str(ROOT)}
    log = open(db.with_suffix(".log"), "ab")
    return subprocess.Popen(
        [sys.executable, "-m", "flows.load_flow", str(src), "--db", f"sqlite:///{db}", "--batch-size", "4"],
        cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log,
    )


def _kill_when(proc: subprocess.Popen, db: Path, at_least: int, timeout: float = 300) -> int:
    """SIGKILL the ingest (its whole process group) once ``at_least`` documents are in.

    Counted and killed while this test holds the database's write lock, so the ingest
    cannot load more (nor close its run) between the count and the kill."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            conn = sqlite3.connect(db, timeout=60, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:  # not created yet
                    n = 0
                if n >= at_least and proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                    return n
            finally:
                conn.close()
        time.sleep(0.02)
    proc.wait()
    raise AssertionError(f"ingest ended before {at_least} documents were loaded: "
                         f"{db.with_suffix('.log').read_text(errors='replace')[-2000:]}")


def test_runs_killed_twice_then_rerun_end_with_clean_counts(prefect_api, corpus, tmp_path):
    src = copy_docs(corpus, tmp_path / "docs", 24)
    db = tmp_path / "killed.db"
    n1 = _kill_when(_run_ingest_process(src, db, prefect_api), db, at_least=2)
    n2 = _kill_when(_run_ingest_process(src, db, prefect_api), db, at_least=n1 + 5)
    assert 0 < n1 < n2 < 24  # both kills happened mid-run
    final = _run_ingest_process(src, db, prefect_api)
    assert final.wait(timeout=300) == 0, db.with_suffix(".log").read_text(errors="replace")[-2000:]
    clean = f"sqlite:///{tmp_path}/clean.db"
    ingest_paths(clean, [src])
    assert counts(f"sqlite:///{db}") == counts(clean)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        statuses = sorted(s for (s,) in conn.execute("SELECT status FROM runs"))
    assert statuses == ["completed", "running", "running"]  # the killed runs never finished


def test_cli_ingest_exits_0_and_lists_quarantined_files(prefect_api, corpus, tmp_path, bad_files):
    from click.testing import CliRunner

    from pipeline.cli import cli

    src = copy_docs(corpus, tmp_path / "docs", 2)
    result = CliRunner().invoke(cli, ["ingest", str(src), str(bad_files), "--db", f"sqlite:///{tmp_path}/k.db"])
    assert result.exit_code == 0, result.output
    assert "2 documents loaded" in result.stdout and "3 quarantined" in result.stdout
    assert "junk.docx" in result.stderr  # each file not loaded is named on stderr, with its reason
    # stderr is no terminal here: the progress is a plain line (documents done, rate), not a bar
    assert "ingest: 5/5 documents, " in result.output and " documents/s, in " in result.output


def test_progress_without_a_terminal_is_a_line_every_few_seconds_and_one_at_the_end():
    import io

    from pipeline.progress import Progress

    out = io.StringIO()
    progress = Progress(True, stream=out, interval=0)  # a line at every document
    progress.start(4)
    progress.advance(1, 3)
    progress.advance(1, 2)
    progress.close()
    first, second, last = out.getvalue().splitlines()
    assert first.startswith("ingest: 1/4 documents, 3 pages, ") and " documents/s, ETA " in first
    assert second.startswith("ingest: 2/4 documents, 5 pages, ")
    assert last.startswith("ingest: 2/4 documents, 5 pages, ") and ", in " in last
    quiet = io.StringIO()
    progress = Progress(True, stream=quiet, interval=3600)
    progress.start(2)
    progress.advance(2, 4)
    progress.close()
    assert len(quiet.getvalue().splitlines()) == 1  # within the interval only the closing line
    assert "\r" not in out.getvalue() + quiet.getvalue()  # no bar redrawn in a log file


def test_cli_ingest_fails_with_one_line_for_an_unusable_database(prefect_api, tmp_path, bad_files):
    from click.testing import CliRunner

    from pipeline.cli import cli

    (tmp_path / "blocker").write_text("a file where a directory should be")
    result = CliRunner().invoke(cli, ["ingest", str(bad_files), "--db", f"sqlite:///{tmp_path}/blocker/k.db"])
    assert result.exit_code == 2  # like every database that cannot be opened
    assert result.stderr == f"kehoach: cannot open the SQLite database {tmp_path}/blocker/k.db: cannot create " \
                            "its folder (file exists)\n"
    assert "Traceback" not in result.output


def _task_runs(flow_run_id: str, ready, timeout: float = 120) -> list:
    """The task runs of a flow run once ``ready(runs)`` holds (or the last read after ``timeout``).

    The Prefect server records task runs from the events the flow sends, after the flow
    has returned: read at once, a busy machine shows some of them still missing."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                         sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=100)
            if ready(runs) or time.monotonic() > deadline:
                return runs
            time.sleep(0.2)


def _task_run_names(flow_run_id: str, expected: int) -> list[str]:
    """Names of the flow run's task runs, once ``expected`` of them have finished."""
    from prefect.client.schemas.objects import StateType

    runs = _task_runs(flow_run_id, lambda rs: sum(r.state_type == StateType.COMPLETED for r in rs) >= expected)
    return sorted(r.name.rsplit("-", 1)[0] for r in runs)


def test_one_task_run_per_batch_shows_in_the_prefect_api(prefect_api, corpus, tmp_path):
    from pipeline.batch import run_ingest

    src = copy_docs(corpus, tmp_path / "docs", 7)
    summary = run_ingest([src], db=f"sqlite:///{tmp_path}/k.db", batch_size=3)
    assert summary.tally.loaded == 7
    assert _task_run_names(summary.run_id, 5) == ["close-run", "ingest-batch", "ingest-batch", "ingest-batch", "open-run"]


def test_without_a_configured_server_the_cli_starts_a_temporary_one(prefect_api, corpus, tmp_path):
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    src = copy_docs(corpus, tmp_path / "docs", 2)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # The temporary server records into the session server's (already built) database.
    env.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "prefect"),
               PREFECT_SERVER_DATABASE_CONNECTION_URL=PREFECT_SERVER_DATABASE_CONNECTION_URL.value())
    proc = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(src), "--db", f"sqlite:///{tmp_path}/k.db"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "2 documents loaded" in proc.stdout
    run_id = proc.stdout.split("(run ")[1].split(")")[0]
    assert _task_run_names(run_id, 4) == ["close-run", "ingest-batch", "ingest-batch", "open-run"]


def test_a_busy_database_is_retried_until_it_is_free(prefect_api, corpus, tmp_path, monkeypatch):
    from prefect.client.schemas.objects import StateType

    import flows.load_flow
    from pipeline.batch import run_ingest
    from pipeline.store import migrate

    src = copy_docs(corpus, tmp_path / "docs", 2)
    url = f"sqlite:///{tmp_path}/k.db"
    migrate(connect(url))
    monkeypatch.setenv("KEHOACH_SQLITE_BUSY_MS", "100")
    blocker = sqlite3.connect(tmp_path / "k.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database...
    judged = []

    def is_transient_then_release(exc):  # ...until the flow has failed on it once (not after a fixed time)
        judged.append(is_transient(exc))
        if blocker.in_transaction:
            blocker.execute("COMMIT")
        return judged[-1]

    monkeypatch.setattr(flows.load_flow, "is_transient", is_transient_then_release)
    try:
        summary = run_ingest([src], db=url)
    finally:
        blocker.close()
    assert summary.tally.loaded == 2
    assert judged[0] is True  # "database is locked": worth a retry
    runs = _task_runs(summary.run_id, lambda rs: any(r.name.startswith("open-run") and r.state_type == StateType.COMPLETED
                                                     for r in rs))
    opened = [r for r in runs if r.name.startswith("open-run")]
    assert opened[0].run_count > 1  # failed with "database is locked", then retried


def test_prefetched_documents_are_loaded_not_extracted_again_unless_changed(corpus, tmp_path):
    from pipeline.batch import Prefetch
    from pipeline.load import hash_file
    from pipeline.store import migrate
    from pipeline.worker import extract_file

    src = copy_docs(corpus, tmp_path / "docs", 3)
    engine = connect(f"sqlite:///{tmp_path}/k.db")
    migrate(engine)
    prefetch = Prefetch(limit=2).start(engine, [src])
    prefetch._thread.join()  # done: it stops by itself at its limit
    first, second, third = sorted(src.iterdir())
    old_sha = hash_file(first)
    first.write_text(first.read_text(encoding="utf-8") + "\nSửa đổi.\n", encoding="utf-8")  # changed since
    items = [(str(p), hash_file(p)) for p in (first, second, third)]
    extracted = []

    def extract(item):
        extracted.append(Path(item[0]).name)
        return extract_file(item)

    results = list(prefetch.mapper(map)(extract, items))
    assert sorted(r.path for r in results) == sorted(str(p) for p in (first, second, third))
    assert all(r.error is None and r.record.sha256 == sha for r, (_, sha) in
               zip(sorted(results, key=lambda r: r.path), sorted(items)))
    assert sorted(extracted) == sorted([first.name, third.name])  # second came from the prefetch
    assert list(prefetch.results) == [(str(first), old_sha)]  # the old version's result, never served


def test_auto_workers_use_every_cpu_only_for_enough_files(tmp_path):
    from pipeline.pool import MAX_AUTO_WORKERS, POOL_MIN_FILES, auto_workers

    few, many = tmp_path / "few", tmp_path / "many"
    for folder, n in ((few, POOL_MIN_FILES - 1), (many, POOL_MIN_FILES)):
        folder.mkdir()
        for i in range(n):
            (folder / f"{i}.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    assert auto_workers([few]) == 1
    assert auto_workers([many]) == max(1, min(len(os.sched_getaffinity(0)), MAX_AUTO_WORKERS))


def test_no_temporary_server_when_one_is_configured():
    from flows.server import start_local_server

    assert start_local_server(configured=True) is None


def test_pool_workers_share_the_cpus_for_ocr(monkeypatch):
    from pipeline.pool import process_pool, shutdown_pools
    from pipeline.ocr import ENV_WORKERS

    monkeypatch.delenv(ENV_WORKERS, raising=False)
    try:
        seen = process_pool(2).submit(os.getenv, ENV_WORKERS).result(timeout=120)
    finally:
        shutdown_pools()
    assert seen == str(max(1, len(os.sched_getaffinity(0)) // 2))
