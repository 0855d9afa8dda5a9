"""Load extraction records into the database, one transaction per document.

A document is stored once, however many files hold it. Its identity is its
issuer, number and date (:func:`pipeline.store.same_document`); each file is a
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
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pipeline.store import (
    CHILD_TABLES,
    EVIDENCE_TEXT_MAX,
    assignments,
    content_digest,
    copies,
    copy_quality,
    documents,
    identity,
    quarantine_table,
    runs,
    same_document,
    search_fold,
    write_connection,
)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clean(value):
    """PostgreSQL text cannot hold NUL; U+FFFD keeps every offset in place."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _successor(province: str | None) -> str | None:
    if not province:
        return None
    from pipeline.extract.agencies import province_successor

    return province_successor(province)


def _evidence(item: dict) -> dict:
    ev = item.get("evidence") or {}
    return {"evidence_page": ev.get("page"), "evidence_start": ev.get("start"), "evidence_end": ev.get("end")}


def _evidence_text(doc, row: dict) -> str | None:
    start, end = row["evidence_start"], row["evidence_end"]
    if start is None or end is None:
        return None
    return doc.text[start:min(end, start + EVIDENCE_TEXT_MAX)]


def _gap(a: dict, b: dict) -> int:
    """How far apart two evidence spans lie (0 when they overlap)."""
    a0, a1, b0, b1 = a["evidence_start"], a["evidence_end"], b["evidence_start"], b["evidence_end"]
    if None in (a0, a1, b0, b1):
        return 10**9
    return 0 if b0 < a1 and a0 < b1 else (b0 - a1 if b0 >= a1 else a0 - b1)


def link_deadlines(assignment_rows: list[dict], deadline_rows: list[dict]) -> list[int | None]:
    """For each deadline, the index of its assignment: same agency, closest evidence, the first on a tie.

    A deadline naming no agency, or an agency with no assignment, belongs to none.
    """
    by_agency: dict[str, list[int]] = {}
    for i, a in enumerate(assignment_rows):
        by_agency.setdefault(a["agency"], []).append(i)
    return [
        min(by_agency[d["agency"]], key=lambda i: (_gap(assignment_rows[i], d), i))
        if d.get("agency") in by_agency else None
        for d in deadline_rows
    ]


def _page_rows(doc, rec: dict) -> list[dict]:
    meta = rec.get("pages") or [
        {"number": p.number, "method": p.method, "confidence": p.confidence} for p in doc.source.pages
    ]
    starts = list(doc.page_starts) or [0]
    rows = []
    for i, page in enumerate(meta):
        number = page.get("number") or i + 1
        idx = min(number - 1, len(starts) - 1)
        end = starts[idx + 1] if idx + 1 < len(starts) else len(doc.text)
        text = doc.text[starts[idx]:end] if idx == number - 1 else ""
        rows.append({"number": number, "text": text, "method": page.get("method"),
                     "ocr_confidence": page.get("confidence")})
    return rows


ASSIGNMENT_INDEX = "assignment_index"  # in a deadline row: its assignment's place in the assignment rows


def record_rows(doc, record, run_id: str | None = None) -> tuple[dict, dict[str, list[dict]]]:
    """The ``documents`` row and the child rows (by table name) of one record.

    A deadline row holds ``ASSIGNMENT_INDEX`` (see :func:`link_deadlines`) where
    the table has ``assignment_id``: :func:`store_record` swaps one for the other.
    """
    rec = record.to_dict()
    page_rows = _page_rows(doc, rec)
    head = {
        "sha256": rec["sha256"],
        "source": rec["source"],
        "path": os.path.realpath(rec["source"]),
        "format": getattr(doc.source, "format", None),
        "kind": rec.get("kind"),
        "number": rec.get("number"),
        "issuer": rec.get("issuer"),
        "province": rec.get("province"),
        "province_successor": _successor(rec.get("province")),
        "issue_date": _date(rec.get("issue_date")),
        "title": rec.get("title"),
        "signer": rec.get("signer"),
        "pages": len(page_rows),
        "ocr_used": any(p["method"] == "ocr" for p in page_rows),
        "notes": json.dumps(rec.get("notes") or [], ensure_ascii=False),
        "loaded_at": _now(),
        "run_id": run_id,
        "identity": identity(rec.get("number"), _date(rec.get("issue_date"))),
    }
    children = {
        "pages": page_rows,
        "citations": [
            {"number": r["number"], "type": r.get("type"), "date": _date(r.get("date")),
             "issuer": r.get("issuer"), **_evidence(r)}
            for r in rec.get("references") or []
        ],
        "assignments": [
            {"agency": a["agency"], "role": a["role"], "task": a.get("task") or "",
             "section": a.get("section"), **_evidence(a),
             "search_text": search_fold(f"{a['agency']}\n{a.get('task') or ''}")}
            for a in rec.get("assignments") or []
        ],
        "deadlines": [
            {"agency": d.get("agency"), "due": _date(d.get("due")), "recurrence": d.get("recurrence"),
             "rrule": d.get("rrule"), "text": d.get("text") or "", **_evidence(d)}
            for d in rec.get("deadlines") or []
        ],
        "quotas": [
            {"scope": q.get("scope"), "comparator": q["comparator"], "value": q["value"],
             "value_max": q.get("value_max"), "percent": bool(q.get("percent")), "unit": q.get("unit"),
             "period": q.get("period"), "agency": q.get("agency"), "text": q.get("text") or "",
             **_evidence(q)}
            for q in rec.get("quotas") or []
        ],
    }
    for row in children["assignments"]:
        row["evidence_text"] = _evidence_text(doc, row)
    for row, index in zip(children["deadlines"], link_deadlines(children["assignments"], children["deadlines"])):
        row[ASSIGNMENT_INDEX] = index
    head = {k: _clean(v) for k, v in head.items()}
    children = {t: [{k: _clean(v) for k, v in row.items()} for row in rows] for t, rows in children.items()}
    return head, children


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
    row = {"path": os.path.realpath(str(path)), "sha256": sha256 or "", "reason": _clean(reason),
           "time": _now(), "run_id": run_id}
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
        conn.execute(sa.insert(runs).values(id=run_id, started=_now(), status="running"))
    return run_id


def finish_run(engine: Engine, run_id: str, status: str, counts: dict) -> None:
    with write_connection(engine) as conn, conn.begin():
        conn.execute(
            sa.update(runs).where(runs.c.id == run_id)
            .values(finished=_now(), status=status, counts=json.dumps(counts, ensure_ascii=False))
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
        conn.execute(sa.insert(copies).values(**{**keep, "path": path, "source": path, "loaded_at": _now(),
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
