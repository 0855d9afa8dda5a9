"""Load extraction records into the database, one transaction per document.

A document is stored once, however many files hold it. Its identity is its
issuer, number and date (:func:`pipeline.dedupe.same_document`); each file is a
row of ``copies`` (path, sha256, how it was read), and the document's rows
(pages, assignments, deadlines...) are read from its best copy: text (web
text, Word, a PDF's text layer) over OCR, then the copy that yields more. A
document without a number or a date is known by its file alone.

``load_record`` is idempotent: a file already stored (same path and sha256) is
left alone, the same bytes at another path are recorded as another copy, and a
new version of a file (same path, new sha256) replaces the old one in the same
transaction. Files that cannot be read or extracted go to the ``quarantine``
table with a one-line reason. Batches of files (discover, extract, store)
are ``pipeline.batch``'s.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pipeline.rows import ASSIGNMENT_INDEX, record_rows, utc_now, without_nul
from pipeline.dedupe import content_digest, copy_quality, same_document
from pipeline.store import CHILD_TABLES, assignments, copies, documents, quarantine_table, runs, write_connection


def _delete_documents(conn: sa.Connection, ids: list[int]) -> None:
    for table in (*CHILD_TABLES, copies):
        conn.execute(sa.delete(table).where(table.c.document_id.in_(ids)))
    conn.execute(sa.delete(documents).where(documents.c.id.in_(ids)))


def _insert_rows(conn: sa.Connection, doc_id: int, children: dict[str, list[dict]]) -> None:
    tables = {t.name: t for t in CHILD_TABLES}
    ids = []
    if children["assignments"]:
        ids = conn.execute(
            sa.insert(assignments).returning(assignments.c.id, sort_by_parameter_order=True),
            [{**row, "document_id": doc_id} for row in children["assignments"]],
        ).scalars().all()
    for name, rows in children.items():
        if not rows or name == "assignments":
            continue
        if name == "deadlines":
            rows = [{**{k: v for k, v in row.items() if k != ASSIGNMENT_INDEX},
                     "assignment_id": None if row[ASSIGNMENT_INDEX] is None else ids[row[ASSIGNMENT_INDEX]]}
                    for row in rows]
        conn.execute(sa.insert(tables[name]), [{**row, "document_id": doc_id} for row in rows])


def _copy_row(head: dict, children: dict) -> dict:
    return {
        "sha256": head["sha256"], "source": head["source"], "path": head["path"], "format": head["format"],
        "pages": head["pages"], "ocr_used": head["ocr_used"],
        "quality": copy_quality(p["method"] for p in children["pages"]),
        "items": sum(len(children[t]) for t in ("assignments", "deadlines", "quotas")),
        "digest": content_digest(children), "loaded_at": head["loaded_at"], "run_id": head["run_id"],
    }


def _rank(copy) -> tuple:
    """Better copies rank higher: text over OCR, then more items read, then the first path."""
    return (copy["quality"], copy["items"], [-ord(c) for c in copy["path"]])


_READ_AS = {0: "OCR", 1: "text layer and OCR"}
_FORMATS = {"text": "web text", "html": "web page", "docx": "Word", "doc": "Word .doc", "pdf": "PDF text layer"}


def _describe(copy) -> str:
    how = _READ_AS.get(copy["quality"]) or _FORMATS.get(copy["format"] or "", copy["format"] or "text")
    return f"{copy['source']} ({how}, {copy['items']} items)"


def _disagreement(head, used, other) -> str:
    what = ", ".join(str(v) for v in (head["issuer"] or head["province"], head["issue_date"]) if v)
    return (f"{head['number']} ({what}): its copies disagree; using {_describe(used)} "
            f"over {_describe(other)}")


@dataclass
class Stored:
    """What storing one file did."""

    outcome: str  # loaded (a new document), copy (another file of a stored one), replaced, unchanged
    note: str | None = None  # copies that disagree: which one is used
    reread: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256) to read again


def _drop_copy(conn: sa.Connection, copy) -> list[tuple[str, str]]:
    """Remove one copy (its file changed). When the document's rows were read from it, the
    document goes too, and its other copies are returned: they are to be read again."""
    conn.execute(sa.delete(copies).where(copies.c.id == copy.id))
    doc = conn.execute(sa.select(documents.c.id, documents.c.sha256)
                       .where(documents.c.id == copy.document_id)).first()
    if doc is None or doc.sha256 != copy.sha256:
        return []
    rest = conn.execute(sa.select(copies).where(copies.c.document_id == doc.id)).all()
    same = [r for r in rest if r.sha256 == doc.sha256]  # the same bytes elsewhere: nothing to read again
    if same:
        conn.execute(sa.update(documents).where(documents.c.id == doc.id)
                     .values(source=same[0].source, path=same[0].path))
        return []
    _delete_documents(conn, [doc.id])
    return [(r.path, r.sha256) for r in rest]


def _lock(conn: sa.Connection) -> None:
    """One writer at a time (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so that two
    copies of a document loaded at once still make one document."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(7347002)))


def store_file(engine: Engine, doc, record, run_id: str | None = None) -> Stored:
    """Load one file's record in one transaction: a new document, another copy of a stored one
    (whose rows the better copy gives), or nothing when the file is stored already."""
    try:
        return _store_file(engine, doc, record, run_id)
    except sa.exc.IntegrityError:
        # Another process stored the same file first.
        if (os.path.realpath(record.source), record.sha256) in known_files(engine, [(record.source, record.sha256)]):
            return Stored("unchanged")
        raise


def _store_file(engine: Engine, doc, record, run_id: str | None = None) -> Stored:
    head, children = record_rows(doc, record, run_id)
    copy = _copy_row(head, children)
    with write_connection(engine) as conn, conn.begin():
        _lock(conn)
        same_bytes = conn.execute(sa.select(copies).where(copies.c.sha256 == head["sha256"])).all()
        if any(c.path == head["path"] for c in same_bytes):
            return Stored("unchanged")
        reread: list[tuple[str, str]] = []
        old = conn.execute(sa.select(copies).where(copies.c.path == head["path"])).all()
        for row in old:  # the earlier version of this file
            reread += _drop_copy(conn, row)
        same_bytes = [c for c in same_bytes if (c.path, c.sha256) not in reread]
        conn.execute(sa.delete(quarantine_table).where(quarantine_table.c.path == head["path"]))
        found = conn.execute(sa.select(documents).where(documents.c.identity == head["identity"])).mappings().all() \
            if head["identity"] else []
        target = next((d for d in found if same_document(d, head)), None)
        if same_bytes:
            target = conn.execute(sa.select(documents).where(documents.c.id == same_bytes[0].document_id)).mappings().one()
        outcome = "replaced" if old else ("copy" if target is not None else "loaded")
        if target is None:
            doc_id = conn.execute(sa.insert(documents).values(**head)).inserted_primary_key[0]
            _insert_rows(conn, doc_id, children)
            conn.execute(sa.insert(copies).values(**copy, document_id=doc_id))
            return Stored(outcome, reread=reread)
        used = conn.execute(sa.select(copies).where(copies.c.document_id == target["id"],
                                                    copies.c.sha256 == target["sha256"])).mappings().first()
        note = None
        if used is None or _rank(copy) > _rank(used):  # this file is the better source: its rows are used
            for table in CHILD_TABLES:
                conn.execute(sa.delete(table).where(table.c.document_id == target["id"]))
            conn.execute(sa.update(documents).where(documents.c.id == target["id"]).values(**head))
            _insert_rows(conn, target["id"], children)
            if used is not None and used["digest"] != copy["digest"]:
                note = _disagreement(head, copy, used)
        elif used["digest"] != copy["digest"]:
            note = _disagreement(target, used, copy)
        conn.execute(sa.insert(copies).values(**copy, document_id=target["id"]))
        return Stored(outcome, note, reread)


def store_record(engine: Engine, doc, record, run_id: str | None = None) -> str:
    """Load one record; returns ``loaded``, ``copy``, ``replaced`` or ``unchanged`` (see :func:`store_file`)."""
    return store_file(engine, doc, record, run_id).outcome


def load_record(engine: Engine, doc, record, run_id: str | None = None) -> bool:
    """Load one file in one transaction; False if it was already loaded."""
    return store_record(engine, doc, record, run_id) != "unchanged"


def quarantine(engine: Engine, path, sha256: str | None, reason: str, run_id: str | None = None) -> None:
    """Record a file that could not be loaded (one row per path and content)."""
    row = {"path": os.path.realpath(str(path)), "sha256": sha256 or "", "reason": without_nul(reason),
           "time": utc_now(), "run_id": run_id}
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with write_connection(engine) as conn, conn.begin():
        conn.execute(insert(quarantine_table).values(**row).on_conflict_do_nothing())


def start_run(engine: Engine, run_id: str | None = None) -> str:
    """Open a row in ``runs``; returns its id (a new uuid when none is given)."""
    import uuid

    run_id = run_id or uuid.uuid4().hex
    with write_connection(engine) as conn, conn.begin():
        conn.execute(sa.insert(runs).values(id=run_id, started=utc_now(), status="running"))
    return run_id


def finish_run(engine: Engine, run_id: str, status: str, counts: dict) -> None:
    with write_connection(engine) as conn, conn.begin():
        conn.execute(
            sa.update(runs).where(runs.c.id == run_id)
            .values(finished=utc_now(), status=status, counts=json.dumps(counts, ensure_ascii=False))
        )


def hash_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def loaded_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """The subset of ``hashes`` already stored (as some copy of a document)."""
    hashes, found = list(hashes), set()
    with engine.connect() as conn:
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            found.update(conn.execute(sa.select(copies.c.sha256).where(copies.c.sha256.in_(chunk))).scalars())
    return found


def known_files(engine: Engine, items: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (absolute path, sha256) of ``items`` (path, sha256) already stored as copies."""
    wanted = {(os.path.realpath(str(p)), sha) for p, sha in items}
    found = set()
    shas = sorted({sha for _, sha in wanted})
    with engine.connect() as conn:
        for i in range(0, len(shas), 500):
            rows = conn.execute(sa.select(copies.c.path, copies.c.sha256).where(copies.c.sha256.in_(shas[i:i + 500])))
            found.update((r.path, r.sha256) for r in rows)
    return wanted & found


def add_copy(engine: Engine, path, sha256: str, run_id: str | None = None) -> Stored:
    """Record a file whose bytes are stored already (under another path) as another copy, without
    reading it again. A new version of a file stored before replaces it."""
    path = os.path.realpath(str(path))
    with write_connection(engine) as conn, conn.begin():
        _lock(conn)
        rows = conn.execute(sa.select(copies).where(copies.c.sha256 == sha256)).mappings().all()
        if any(r["path"] == path for r in rows):
            return Stored("unchanged")
        reread: list[tuple[str, str]] = []
        old = conn.execute(sa.select(copies).where(copies.c.path == path)).all()
        for row in old:
            reread += _drop_copy(conn, row)
        rows = [r for r in rows if (r["path"], r["sha256"]) not in reread]
        if not rows:  # its document went with the old version: read it like a new file
            return Stored("unread", reread=[*reread, (path, sha256)])
        keep = {k: v for k, v in rows[0].items() if k != "id"}
        conn.execute(sa.insert(copies).values(**{**keep, "path": path, "source": path, "loaded_at": utc_now(),
                                                   "run_id": run_id}))
        conn.execute(sa.delete(quarantine_table).where(quarantine_table.c.path == path))
        return Stored("replaced" if old else "copy", reread=reread)


def is_transient(err: BaseException) -> bool:
    """Database busy or connection lost: worth retrying the same work."""
    from pipeline.errors import DatabaseError

    if isinstance(err, DatabaseError):
        return err.transient  # a server that did not answer, not a bad path
    if isinstance(err, sa.exc.DBAPIError):
        orig = err.orig
        if err.connection_invalidated or isinstance(err, sa.exc.InterfaceError):
            return True
        if getattr(orig, "sqlstate", None) in ("40001", "40P01"):  # serialization failure, deadlock
            return True
        if isinstance(err, sa.exc.OperationalError):
            if type(orig).__module__.startswith("sqlite3"):  # SQLite says "operational" for bugs too
                return any(word in str(orig).lower() for word in ("locked", "busy"))
            return True  # server gone, connection refused or reset
        return False
    return isinstance(err, (sa.exc.TimeoutError, ConnectionError, TimeoutError))
