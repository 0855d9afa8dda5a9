"""Which files are one document, and which of its copies is read: identity, issuer, quality.

A document is its issuer, number and date, not its file: the web text of a plan,
its Word original and a scan of it are three copies of one document, whose rows
are read from the best copy (text over OCR, then the copy that yields more).
"""
from __future__ import annotations

from .search import search_fold


def identity(number: str | None, issue_date) -> str | None:
    """What two files of one document share: its folded number and issue date, or None.

    With the issuer (see :func:`same_document`) this is a document's identity; a
    document without a number or a date has none, and is known by its file alone.
    """
    key = "".join(search_fold(number).split())
    if not key or not issue_date:
        return None
    return f"{key}|{str(issue_date)[:10]}"


def _agree(a: str | None, b: str | None) -> bool:
    return not a or not b or search_fold(a) == search_fold(b)


def same_document(a, b) -> bool:
    """Whether two document rows (mappings) are one document: same identity, and the same issuer
    and province where both copies name them (an OCR copy may miss either)."""
    return (a["identity"] is not None and a["identity"] == b["identity"]
            and _agree(a["issuer"], b["issuer"]) and _agree(a["province"], b["province"]))


def copy_quality(methods) -> int:
    """How trustworthy a copy's text is, from how its pages were read: 2 when no page was read
    by OCR (web text, Word, a PDF's text layer), 1 when some were, 0 when all were."""
    methods = list(methods)
    ocr = sum(m == "ocr" for m in methods)
    return 2 if not ocr else (0 if ocr == len(methods) else 1)


def content_digest(children: dict) -> str:
    """A digest of what was read from a copy, insensitive to offsets and the wording of tasks:
    who owes (agency, role), deadlines (agency, due, rule), quotas (value, unit) and citations."""
    import hashlib
    import json

    parts = [
        sorted([search_fold(r["agency"]), r["role"]] for r in children.get("assignments", ())),
        sorted([search_fold(r.get("agency")), str(r.get("due")), r.get("rrule") or ""] for r in children.get("deadlines", ())),
        sorted([r.get("value"), search_fold(r.get("unit"))] for r in children.get("quotas", ())),
        sorted(search_fold(r["number"]) for r in children.get("citations", ())),
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()
