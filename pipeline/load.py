"""Load extraction records into the database, one transaction per document.

``load_record`` is idempotent: a document already stored (same sha256) is left
alone, and a new version of a file (same path, new sha256) replaces the old
one in the same transaction. Files that cannot be read or extracted go to the
``quarantine`` table with a one-line reason. ``ingest_paths`` is the plain
loop (discover, hash, skip what is loaded, extract, load); the Prefect flow in
``flows/ingest.py`` runs the same steps in batches.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pipeline.store import (  # noqa: F401  (connect, migrate, search are public here too)
    CHILD_TABLES,
    EVIDENCE_TEXT_MAX,
    assignments,
    citations,
    connect,
    database_url,
    deadlines,
    documents,
    fold,
    migrate,
    pages,
    quarantine_table,
    quotas,
    runs,
    search,
    table_counts,
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
    try:
        from pipeline.extract.agencies import province_successor
    except ImportError:
        return None
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
             "search_text": fold(f"{a['agency']}\n{a.get('task') or ''}")}
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
    for table in CHILD_TABLES:
        conn.execute(sa.delete(table).where(table.c.document_id.in_(ids)))
    conn.execute(sa.delete(documents).where(documents.c.id.in_(ids)))


def store_record(engine: Engine, doc, record, run_id: str | None = None) -> str:
    """Load one record; returns ``loaded``, ``replaced`` or ``unchanged``."""
    head, children = record_rows(doc, record, run_id)
    tables = {t.name: t for t in CHILD_TABLES}
    try:
        with write_connection(engine) as conn, conn.begin():
            if conn.dialect.name == "postgresql":  # loads of one file queue up (SQLite: BEGIN IMMEDIATE)
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(head["path"]))))
            if conn.execute(sa.select(documents.c.id).where(documents.c.sha256 == head["sha256"])).first():
                return "unchanged"
            old = conn.execute(
                sa.select(documents.c.id)
                .where(documents.c.path == head["path"], documents.c.sha256 != head["sha256"])
            ).scalars().all()
            if old:
                _delete_documents(conn, list(old))
            doc_id = conn.execute(sa.insert(documents).values(**head)).inserted_primary_key[0]
            ids = []
            if children["assignments"]:
                ids = conn.execute(
                    sa.insert(assignments).returning(assignments.c.id, sort_by_parameter_order=True),
                    [{**row, "document_id": doc_id} for row in children["assignments"]],
                ).scalars().all()
            for row in children["deadlines"]:
                index = row.pop(ASSIGNMENT_INDEX)
                row["assignment_id"] = None if index is None else ids[index]
            for name, rows in children.items():
                if rows and name != "assignments":
                    conn.execute(sa.insert(tables[name]), [{**row, "document_id": doc_id} for row in rows])
            conn.execute(sa.delete(quarantine_table).where(quarantine_table.c.path == head["path"]))
    except sa.exc.IntegrityError:
        # Another process stored the same document first (PostgreSQL race).
        with engine.connect() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.sha256 == head["sha256"])).first():
                return "unchanged"
        raise
    return "replaced" if old else "loaded"


def load_record(engine: Engine, doc, record, run_id: str | None = None) -> bool:
    """Load one document in one transaction; False if it was already loaded."""
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
    """The subset of ``hashes`` already stored in ``documents``."""
    hashes, found = list(hashes), set()
    with engine.connect() as conn:
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            found.update(conn.execute(sa.select(documents.c.sha256).where(documents.c.sha256.in_(chunk))).scalars())
    return found


def iter_files(paths) -> Iterator:
    """Input files in order: directories walked (supported types only), files as given."""
    from pipeline.ingest import iter_paths

    return iter_paths(paths)


@dataclass
class Tally:
    """What happened to the files of a run (or of one batch)."""

    found: int = 0
    skipped: int = 0  # already loaded before extraction
    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0  # extracted, but another path or process had stored it
    pages: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "Tally") -> "Tally":
        for name in ("found", "skipped", "loaded", "replaced", "unchanged", "pages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.quarantined.extend(other.quarantined)
        return self

    def counts(self) -> dict:
        return {"found": self.found, "skipped": self.skipped, "loaded": self.loaded, "replaced": self.replaced,
                "unchanged": self.unchanged, "pages": self.pages, "quarantined": len(self.quarantined)}


def discover(engine: Engine, paths, run_id: str | None = None) -> tuple[list[tuple[str, str]], Tally]:
    """Files to process as (path, sha256), skipping content already loaded.

    Unreadable files are quarantined here.
    """
    tally, hashed = Tally(), []
    for path in iter_files(paths):
        tally.found += 1
        try:
            hashed.append((str(path), hash_file(path)))
        except OSError as err:
            reason = f"cannot read file: {(err.strerror or str(err)).lower()}"
            quarantine(engine, path, None, reason, run_id)
            tally.quarantined.append((str(path), reason))
    done = loaded_hashes(engine, {sha for _, sha in hashed})
    todo = [(p, sha) for p, sha in hashed if sha not in done]
    tally.skipped = len(hashed) - len(todo)
    return todo, tally


@dataclass
class Extracted:
    path: str
    sha256: str | None
    doc: object = None
    record: object = None
    error: str | None = None


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def extract_file(item: tuple[str, str | None]) -> Extracted:
    """Read and extract one (path, sha256); never raises for a bad document."""
    import pipeline
    from pipeline.errors import InputError, KehoachError

    path, sha = item
    try:
        doc = pipeline.read_document(path)
        return Extracted(path, sha, doc, pipeline.extract_document(doc))
    except InputError as err:
        return Extracted(path, sha, error=err.reason)
    except KehoachError as err:
        return Extracted(path, sha, error=_one_line(err))
    except Exception as err:  # an extractor bug must not stop the run
        return Extracted(path, sha, error=f"extraction failed ({type(err).__name__}: {_one_line(err)})")


WARM_UP_TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 1/KH-UBND\nNghệ An, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\n"
    "Thực hiện Quyết định số 12/QĐ-TTg\n1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành báo cáo "
    "trước ngày 20/12/2024; định kỳ hằng năm, mỗi huyện có ít nhất 05 mô hình.\n"
)


def warm_up() -> None:
    """Load the extractors' lexicons and matchers now, by extracting a short plan.

    A pool's workers forked after this (``forkserver`` preload) start ready.
    """
    import pipeline
    from pipeline.models import RawPage, Source

    page = RawPage(number=1, text=WARM_UP_TEXT, method="text")
    pipeline.extract_document(pipeline.normalise(Source("warm-up.txt", "", "text", (page,))))


def is_transient(err: BaseException) -> bool:
    """Database busy or connection lost: worth retrying the same work."""
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


def store_extracted(engine: Engine, item: Extracted, run_id: str | None = None) -> str:
    """Load or quarantine one extracted file; returns the outcome.

    Transient database errors propagate (the caller retries); a record the
    database rejects for its content is quarantined.
    """
    if item.error is None:
        try:
            return store_record(engine, item.doc, item.record, run_id)
        except sa.exc.DBAPIError as err:
            if is_transient(err):
                raise
            item.error = f"the database rejected the record ({_one_line(err.orig or err)})"
    quarantine(engine, item.path, item.sha256, item.error, run_id)
    return "quarantined"


def ingest_items(
    engine: Engine,
    items: Iterable[tuple[str, str]],
    run_id: str | None = None,
    mapper: Callable = map,
    on_item: Callable[[str, int], None] | None = None,
) -> Tally:
    """Extract (with ``mapper``, e.g. a process pool's ``imap``) and load items."""
    tally = Tally()
    for ext in mapper(extract_file, items):
        outcome = store_extracted(engine, ext, run_id)
        n_pages = len(getattr(ext.record, "pages", ()) or ()) if outcome != "quarantined" else 0
        if outcome == "quarantined":
            tally.quarantined.append((ext.path, ext.error))
        else:
            setattr(tally, outcome, getattr(tally, outcome) + 1)
            tally.pages += n_pages
        if on_item:
            on_item(outcome, n_pages)
    return tally


def ingest_paths(url_or_engine, paths, run_id: str | None = None) -> Tally:
    """The plain loop, without Prefect: discover, extract and load every file."""
    engine = connect(url_or_engine) if url_or_engine is None or isinstance(url_or_engine, str) else url_or_engine
    migrate(engine)
    run_id = start_run(engine, run_id)
    todo, tally = discover(engine, paths, run_id)
    tally.add(ingest_items(engine, todo, run_id))
    finish_run(engine, run_id, "completed", tally.counts())
    return tally
