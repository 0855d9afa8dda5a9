"""Full-text search of assignments, with or without diacritics.

Each assignment's agency and task are stored folded (:func:`search_fold`, column
``search_text``); SQLite searches them through FTS5, PostgreSQL through a GIN index
on ``to_tsvector('simple', search_text)``.
"""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .store import assignments, documents

_FOLD_EXTRA = str.maketrans({"\u0111": "d", "\u0110": "d"})


def search_fold(text: str | None) -> str:
    """The form text is stored and searched in (``search_text``, a document's identity): lower
    case, no diacritics, ``đ`` -> ``d``, whitespace folded."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


_TOKEN = re.compile(r"\w+\*?")


def _terms(query: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs of a query, folded; punctuation dropped."""
    out = []
    for tok in _TOKEN.findall(search_fold(query)):
        out.append((tok.rstrip("*"), tok.endswith("*")))
    return out


def search(engine: Engine, query: str, limit: int = 50) -> list[dict]:
    """Assignments whose agency or task contain every word of ``query``.

    Diacritics and case are ignored (``so noi vu`` finds ``Sở Nội vụ``); a
    word ending in ``*`` matches as a prefix. Best matches first.
    """
    terms = _terms(query)
    if not terms:
        return []
    a, d = assignments, documents
    cols = [
        a.c.id, a.c.agency, a.c.role, a.c.task, a.c.section,
        a.c.evidence_page, a.c.evidence_start, a.c.evidence_end,
        d.c.id.label("document_id"), d.c.sha256, d.c.source, d.c.number, d.c.province,
    ]
    if engine.dialect.name == "sqlite":
        match = " ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in terms)
        fts = sa.table("assignments_fts", sa.column("rowid"))
        rank = sa.func.bm25(sa.literal_column("assignments_fts"))
        stmt = (
            sa.select(*cols)
            .select_from(fts.join(a, a.c.id == fts.c.rowid).join(d, d.c.id == a.c.document_id))
            .where(sa.literal_column("assignments_fts").op("MATCH")(match))
            .order_by(rank, a.c.id)
        )
    else:
        tsquery = " & ".join(f"{t}:*" if prefix else t for t, prefix in terms)
        vector = sa.func.to_tsvector(sa.literal_column("'simple'::regconfig"), a.c.search_text)
        tsq = sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), tsquery)
        stmt = (
            sa.select(*cols)
            .select_from(a.join(d, d.c.id == a.c.document_id))
            .where(vector.op("@@")(tsq))
            .order_by(sa.func.ts_rank(vector, tsq).desc(), a.c.id)
        )
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(limit)).mappings().all()
    return [
        {
            "document_id": r["document_id"], "sha256": r["sha256"], "source": r["source"],
            "number": r["number"], "province": r["province"], "agency": r["agency"],
            "role": r["role"], "task": r["task"], "section": r["section"],
            "evidence": {"page": r["evidence_page"], "start": r["evidence_start"], "end": r["evidence_end"]},
        }
        for r in rows
    ]
