"""Shared fixtures: the corpus, databases (SQLite, a real PostgreSQL) and a Prefect server."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # flows/ is not an installed package
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The sample documents (corpora/ in the repository)."""
    return ROOT / "corpora"


@pytest.fixture
def fresh_db():
    """A migrated, empty in-memory SQLite database (an Engine)."""
    from pipeline.store import connect, migrate

    engine = connect("sqlite://")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect server for the whole session; yields its API URL."""
    import flows.server  # noqa: F401  (sets Prefect's environment defaults first)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()


def _pg_bindir() -> str | None:
    def version(d):
        return [int(x) for x in Path(d).parent.name.split(".") if x.isdigit()]

    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if os.path.exists(f"{d}/initdb") and os.path.exists(f"{d}/pg_ctl"):
            return d
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server (Debian's ``postgresql`` package); yields its base URL.

    initdb refuses to run as root, so under root the server runs as the
    ``postgres`` user (``nobody`` if there is none). Skips only when the
    server is not installed and env CI is unset; in CI that is a failure.
    """
    bindir = _pg_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = tempfile.mkdtemp(prefix="kehoach-pg-")
    preexec = None
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            user = pwd.getpwnam("nobody")
        os.chown(root, user.pw_uid, user.pw_gid)

        def preexec():
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

    data, port = f"{root}/data", _free_port()
    run = dict(preexec_fn=preexec, cwd=root, capture_output=True, text=True, check=True)
    subprocess.run([f"{bindir}/initdb", "-D", data, "-U", "kehoach", "--auth=trust", "-E", "UTF8",
                    "--no-locale", "--no-sync"], **run)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run([f"{bindir}/pg_ctl", "-D", data, "-l", f"{root}/server.log", "-w", "-t", "60",
                    "-o", options, "start"], **run)
    try:
        yield f"postgresql://kehoach@127.0.0.1:{port}"
    finally:
        subprocess.run([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], **{**run, "check": False})
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """URL of a new, empty database on the throwaway server (dropped afterwards)."""
    import psycopg

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CYCLES_PLAN = """ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
Số: 99/KH-UBND
Nghệ An, ngày 01 tháng 3 năm 2025
KẾ HOẠCH
Báo cáo định kỳ
1. Sở Nội vụ báo cáo kết quả thực hiện trước ngày 15 hằng tháng.
2. Sở Tài chính tổng hợp, báo cáo UBND tỉnh vào tháng 12 hằng năm.
3. Sở Y tế báo cáo trước ngày 15/6 và 15/12 hằng năm.
4. Sở Tư pháp báo cáo kết quả hằng tháng.
"""


@pytest.fixture(scope="session")
def cycles_db(tmp_path_factory) -> str:
    """A SQLite database holding one plan (issued 2025-03-01) with four reporting cycles, as
    `kehoach ingest` loads it: a day of each month, a month of each year, two days a year, none."""
    from pipeline.batch import ingest_paths

    folder = tmp_path_factory.mktemp("cycles")
    (folder / "ke-hoach-99.txt").write_text(CYCLES_PLAN, encoding="utf-8")
    url = f"sqlite:///{folder}/cycles.db"
    assert ingest_paths(url, [folder / "ke-hoach-99.txt"]).loaded == 1
    return url


@pytest.fixture
def make_document():
    """Factory: (doc, record) of a small one-page plan holding the given assignments.

    ``make_document(path, text, assignments=[(agency, role, task), ...])``: the
    sha256 is that of ``text``, evidence points at each task in ``text``.
    """
    import hashlib

    from pipeline.models import Assignment, Document, Evidence, RawPage, Record, Source

    def make(path, text, assignments=()):
        sha = hashlib.sha256(text.encode()).hexdigest()
        source = Source(path=str(path), sha256=sha, format="text", pages=(RawPage(1, text, "text"),))
        items = tuple(
            Assignment(agency, role, task, None, Evidence(1, text.find(task), text.find(task) + len(task)))
            for agency, role, task in assignments
        )
        record = Record(source=str(path), sha256=sha, kind="plan", assignments=items,
                        pages=({"number": 1, "method": "text", "confidence": None},))
        return Document(source=source, text=text, page_starts=(0,)), record

    return make


@pytest.fixture
def bad_files(tmp_path) -> Path:
    """A directory holding an empty file, junk named .pdf and junk named .docx."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.pdf").write_bytes(b"this is not a PDF at all\n" * 20)
    (bad / "junk.docx").write_bytes(b"PK\x03\x04 not really a zip archive" * 10)
    return bad
