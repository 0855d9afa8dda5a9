"""The database rows of one extraction record: the ``documents`` row and its child rows.

Each deadline row is linked to its assignment (:func:`link_deadlines`); every value
is made storable (PostgreSQL text holds no NUL).
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone

from pipeline.dedupe import identity
from pipeline.search import search_fold
from pipeline.store import EVIDENCE_TEXT_MAX


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def without_nul(value):
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
    from pipeline.extraction.agencies import province_successor

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
        "loaded_at": utc_now(),
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
    head = {k: without_nul(v) for k, v in head.items()}
    children = {t: [{k: without_nul(v) for k, v in row.items()} for row in rows] for t, rows in children.items()}
    return head, children
