"""Assemble the record of the extraction spec from the extractors."""
from __future__ import annotations

from collections.abc import Callable

from ..models import Document, Record
from .header import extract_header
from .references import find_references


def _tasks(doc: Document, header) -> dict:
    from .tasks import find_obligations

    assignments, deadlines, quotas = find_obligations(doc, header)
    return {"assignments": tuple(assignments), "deadlines": tuple(deadlines), "quotas": tuple(quotas)}


def _references(doc: Document, header) -> dict:
    return {"references": tuple(find_references(doc.text, header.number, doc.page_of))}


# Each extractor adds fields to the record; `kehoach extract --only` picks some.
EXTRACTORS: dict[str, Callable[[Document, object], dict]] = {
    "references": _references,
    "tasks": _tasks,
}


def extract_document(doc: Document, only: list[str] | None = None) -> Record:
    """The Record of a normalised document."""
    header = extract_header(doc.text)
    fields: dict = {}
    for name, fn in EXTRACTORS.items():
        if only is None or name in only:
            fields.update(fn(doc, header))
    src = doc.source
    pages = tuple({"number": p.number, "method": p.method, "confidence": p.confidence} for p in src.pages)
    notes = list(src.notes) + [f"page {p.number}: no text layer and no OCR" for p in src.pages if p.method == "none"]
    return Record(
        source=src.path, sha256=src.sha256, kind=header.kind, number=header.number, issuer=header.issuer,
        province=header.province, issue_date=header.issue_date, title=header.title, signer=header.signer,
        pages=pages, notes=tuple(notes), **fields,
    )
