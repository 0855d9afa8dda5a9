"""``kehoach serve``: the database in Datasette, read-only, with kehoach's metadata.

The SQLite file is opened immutable (Datasette never writes it). Before that,
:func:`pipeline.query.ensure_schema` brings a database made by an older
kehoach up to date (the ``obligations`` and ``deadline_links`` views the web UI
relies on come with the migrations). A
PostgreSQL database is first copied into a temporary SQLite snapshot (Datasette
reads SQLite only). Metadata, facets and canned queries live in
``models/datasette.yaml``; the SQL functions the canned queries use
come from the plugin in ``pipeline/datasette/plugins/``.
"""
from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from . import patterns
from .errors import ServeError
from .store import connect, database_url, metadata, migrate

HERE = Path(__file__).resolve().parent / "datasette"
PLUGINS = HERE / "plugins"
SETTINGS = {"sql_time_limit_ms": "5000", "default_page_size": "50", "facet_time_limit_ms": "1000"}


def datasette_metadata(db_name: str) -> dict:
    """The metadata of ``models/datasette.yaml`` for a database Datasette calls ``db_name``."""
    meta = copy.deepcopy(patterns.load("datasette.yaml"))
    meta["databases"] = {db_name: meta["databases"].pop("kehoach")}
    meta["description_html"] = meta["description_html"].replace('href="/kehoach/', f'href="/{db_name}/')
    return meta


def snapshot(url: str, path: Path) -> Path:
    """Copy every table of the database at ``url`` into a new SQLite file at ``path``."""
    src, dst = connect(url), connect(f"sqlite:///{path}")
    migrate(dst)
    with src.connect() as read, dst.begin() as write:
        for table in metadata.sorted_tables:
            rows = [dict(r) for r in read.execute(sa.select(table)).mappings()]
            for i in range(0, len(rows), 2000):
                write.execute(sa.insert(table), rows[i:i + 2000])
    src.dispose()
    dst.dispose()
    return path


def prepare(db: str | None, workdir: Path) -> Path:
    """The SQLite file to serve (with indexes and views), checked; a snapshot for PostgreSQL."""
    from .query import ensure_schema

    url = database_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ServeError("serve needs a database file, not an in-memory database")
        path = Path(parsed.database).expanduser().resolve()
        if not path.is_file():
            raise ServeError(f"{path}: no such database (run `kehoach ingest` first)")
    else:
        path = snapshot(url, workdir / "kehoach.db")
    engine = connect(f"sqlite:///{path}")
    try:
        ensure_schema(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # immutable readers skip the WAL
    except sa.exc.DatabaseError as err:
        raise ServeError(f"{path}: not a kehoach database ({' '.join(str(err.orig).split())})") from None
    finally:
        engine.dispose()
    return path


def datasette_args(path: Path, meta_file: Path, port: int, host: str) -> list[str]:
    args = ["serve", "-i", str(path), "--metadata", str(meta_file), "--plugins-dir", str(PLUGINS),
            "--host", host, "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


def serve(db: str | None = None, port: int = 8001, host: str = "127.0.0.1") -> None:
    """Serve the database with Datasette until interrupted (read-only)."""
    from datasette.cli import cli as datasette_cli

    workdir = Path(tempfile.mkdtemp(prefix="kehoach-serve-"))
    try:
        path = prepare(db, workdir)
        meta_file = workdir / "metadata.json"
        meta_file.write_text(json.dumps(datasette_metadata(path.stem), ensure_ascii=False), encoding="utf-8")
        datasette_cli.main(args=datasette_args(path, meta_file, port, host), prog_name="datasette",
                           standalone_mode=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
