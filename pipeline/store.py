"""The database: schema, connections and migrations.

SQLite is the default (one file, no server); PostgreSQL serves a team. The
same tables exist in both; the schema changes only through the Alembic
migrations in ``pipeline/migrations`` (run by :func:`migrate`, no alembic.ini
needed). Full-text search (``pipeline.search``) reads the ``search_text`` of
each assignment; ``pipeline.dedupe`` tells which files are one document.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool

from .errors import DatabaseError

DEFAULT_URL = "sqlite:///kehoach.db"
EVIDENCE_TEXT_MAX = 600  # characters of an assignment's evidence kept in ``evidence_text``
ENV_URL = "KEHOACH_DB"
ENV_BUSY = "KEHOACH_SQLITE_BUSY_MS"  # how long a writer waits for another one (default 60 s)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)


def _evidence() -> list[sa.Column]:
    return [
        sa.Column("evidence_page", sa.Integer),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
    ]


def _doc_fk() -> sa.Column:
    return sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),  # the path as given
    sa.Column("path", sa.Text, nullable=False, index=True),  # absolute: identifies the file
    sa.Column("format", sa.String(16)),
    sa.Column("kind", sa.String(32)),
    sa.Column("number", sa.Text),
    sa.Column("issuer", sa.Text),
    sa.Column("province", sa.Text),
    sa.Column("province_successor", sa.Text),
    sa.Column("issue_date", sa.Date),
    sa.Column("title", sa.Text),
    sa.Column("signer", sa.Text),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("ocr_used", sa.Boolean, nullable=False),
    sa.Column("notes", sa.Text),  # JSON list
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("run_id", sa.String(64)),
    # Issuer-independent part of the document's identity: folded number and issue date (NULL when the
    # document has no number or no date: it is then identified by its file alone). See identity().
    sa.Column("identity", sa.Text, index=True),
)

# Every file of a document: the one its rows were read from (documents.sha256) and the other copies,
# kept for their provenance (migration 0003).
copies = sa.Table(
    "copies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False, index=True),
    sa.Column("format", sa.String(16)),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("ocr_used", sa.Boolean, nullable=False),
    sa.Column("quality", sa.Integer, nullable=False),  # 2: no page read by OCR, 1: some, 0: all
    sa.Column("items", sa.Integer, nullable=False),  # assignments + deadlines + quotas read from it
    sa.Column("digest", sa.String(64)),  # what was read from it (see content_digest): copies agree when equal
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("run_id", sa.String(64)),
    sa.UniqueConstraint("path", "sha256"),
)

pages = sa.Table(
    "pages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("method", sa.String(16)),
    sa.Column("ocr_confidence", sa.Float),
    sa.UniqueConstraint("document_id", "number"),
)

citations = sa.Table(
    "citations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("number", sa.Text, nullable=False),
    sa.Column("type", sa.String(16)),
    sa.Column("date", sa.Date),
    sa.Column("issuer", sa.Text),
    *_evidence(),
)

assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("agency", sa.Text, nullable=False, index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("task", sa.Text, nullable=False),
    sa.Column("section", sa.String(64)),
    *_evidence(),
    sa.Column("search_text", sa.Text, nullable=False),  # search_fold(agency + task): what search indexes
    sa.Column("evidence_text", sa.Text),  # the evidence span's text, at most EVIDENCE_TEXT_MAX characters
)

deadlines = sa.Table(
    "deadlines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("agency", sa.Text),
    sa.Column("due", sa.Date, index=True),
    sa.Column("recurrence", sa.String(16)),
    sa.Column("rrule", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    *_evidence(),
    # The assignment this deadline belongs to (same document and agency, closest evidence), if any.
    sa.Column("assignment_id", sa.Integer),
)

quotas = sa.Table(
    "quotas",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _doc_fk(),
    sa.Column("scope", sa.Text),
    sa.Column("comparator", sa.String(8), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("value_max", sa.Float),
    sa.Column("percent", sa.Boolean, nullable=False),
    sa.Column("unit", sa.Text),
    sa.Column("period", sa.String(16)),
    sa.Column("agency", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    *_evidence(),
)

quarantine_table = sa.Table(
    "quarantine",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),  # "" when the file could not be read
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("run_id", sa.String(64)),
    sa.UniqueConstraint("path", "sha256"),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),  # running, completed, failed
    sa.Column("counts", sa.Text),  # JSON object
)

# The indexes the questions of pipeline.query need (migration 0002).
sa.Index("ix_kh_deadlines_agency", deadlines.c.agency, deadlines.c.document_id)
sa.Index("ix_kh_deadlines_assignment", deadlines.c.assignment_id)
sa.Index("ix_kh_assignments_doc_agency", assignments.c.document_id, assignments.c.agency)
sa.Index("ix_kh_documents_province", documents.c.province)
sa.Index("ix_kh_citations_number", citations.c.number)

# The view the questions of pipeline.query read (migration 0004): each assignment with each of its deadlines
# (or none), then each deadline of no assignment, with the document's columns. Views are not in
# ``metadata``: nothing creates, copies or exports them as tables.
OBLIGATION_DEADLINE_COLUMNS = (
    "assignment_id agency role task section evidence deadline_id due recurrence rrule deadline_text deadline_start "
    "document_id document province issue_date title source sha256").split()
obligation_deadlines = sa.table("obligation_deadlines", *(
    sa.column(name, sa.Date if name in ("due", "issue_date") else None) for name in OBLIGATION_DEADLINE_COLUMNS))

# Tables holding what documents say (``runs`` is bookkeeping).
DATA_TABLES = ("documents", "copies", "pages", "citations", "assignments", "deadlines", "quotas", "quarantine")
CHILD_TABLES = (pages, citations, assignments, deadlines, quotas)  # what is read from a document's best copy


PG_CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server (unless the URL says connect_timeout)


def database_url(url: str | None = None) -> str:
    """``url``, else env ``KEHOACH_DB``, else ``sqlite:///kehoach.db``.

    A plain path (no ``scheme://``) is a SQLite file at that path; a plain
    ``postgresql://`` URL uses psycopg 3. A value that is neither raises
    :class:`DatabaseError` without repeating it (it may hold a password).
    """
    url = url or os.environ.get(ENV_URL) or DEFAULT_URL
    if "://" not in url:
        url = "sqlite:///" + os.path.expanduser(url)
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise DatabaseError("the database is neither a file path nor a URL such as "
                            "postgresql://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r} (use sqlite or postgresql)")
    return parsed.render_as_string(hide_password=False)


def where(url) -> str:
    """The database of ``url`` named for people: a SQLite file, or NAME on HOST:PORT as USER (no password)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite database {parsed.database or ':memory:'}"
    host = parsed.host or parsed.query.get("host") or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    user = f" as {parsed.username}" if parsed.username else ""
    return f"PostgreSQL database {parsed.database or '(default)'} on {host}{port}{user}"


def _connect_failure(url, err: BaseException) -> DatabaseError:
    """One line for a connection that failed: where, and why (never the password)."""
    parsed = make_url(url) if isinstance(url, str) else url
    text = str(getattr(err, "orig", None) or err)
    if parsed.password:
        text = text.replace(str(parsed.password), "***")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    reason = lines[0] if lines else type(err).__name__
    reason = reason.removeprefix("connection failed: ")
    reason = reason if len(reason) <= 200 else reason[:197] + "..."
    verb = "open" if parsed.get_backend_name() == "sqlite" else "connect to"
    return DatabaseError(f"cannot {verb} the {where(parsed)}: {reason}",
                         transient=parsed.get_backend_name() != "sqlite")


def connect(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`database_url`); SQLite in WAL mode.

    A connection that cannot be made raises :class:`DatabaseError` (one line, no password).
    """
    url = database_url(url)
    parsed = make_url(url)
    if not parsed.get_backend_name() == "sqlite":
        args = {} if "connect_timeout" in parsed.query else {"connect_timeout": PG_CONNECT_TIMEOUT}
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args=args)
        _report_connect_failures(engine)
        return engine
    memory = parsed.database in (None, "", ":memory:")
    if not memory:
        try:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DatabaseError(f"cannot open the {where(parsed)}: cannot create its folder "
                                f"({(err.strerror or str(err)).lower()})") from None
    busy_ms = int(os.environ.get(ENV_BUSY) or 60_000)
    engine = sa.create_engine(
        url,
        connect_args={"timeout": busy_ms / 1000, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )
    _report_connect_failures(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # transactions are begun below, not by pysqlite
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        _wal(cur, busy_ms)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock up front, so two ingests queue on
        # busy_timeout instead of failing to upgrade a read lock.
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _wal(cur, busy_ms: int) -> None:
    """Switch a SQLite connection to WAL. Two processes opening a new database at once race for
    the switch, and SQLite reports the loser "locked" without waiting on busy_timeout: retry."""
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _report_connect_failures(engine: Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(ctx):
        if ctx.connection is None and not ctx.is_pre_ping:  # the connection itself failed
            raise _connect_failure(engine.url, ctx.original_exception) from None


def write_connection(engine: Engine) -> sa.Connection:
    """A connection whose transactions take the write lock at once (SQLite)."""
    return engine.connect().execution_options(sqlite_immediate=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version (safe to call on every start)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.connect() as conn:  # up to date: no write lock needed
        if set(MigrationContext.configure(conn).get_current_heads()) == set(ScriptDirectory.from_config(cfg).get_heads()):
            return
    with write_connection(engine) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            # Two processes migrating at once: the second waits, then finds head.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7347001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of each data table (``runs`` excluded)."""
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[name])).scalar_one()
            for name in DATA_TABLES
        }
