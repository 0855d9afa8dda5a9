"""One document, stored once: ``copies`` lists every file of a document; ``documents.identity``.

A document's identity is its issuer, number and date; until now each file was
a document of its own, so a plan loaded from its web text and from a scan was
counted twice. This migration

- adds ``documents.identity`` (folded number and issue date; NULL without
  either) and the table ``copies`` (one row per file: path, sha256, how it was
  read, what was read from it);
- gives every stored document its copy;
- merges the documents that are one (same identity, and the same issuer and
  province where both name them): the best copy's rows stay (no page read by
  OCR over some over all, then more assignments, deadlines and quotas, then
  the first path), the others become copies of it.

The rules are those of ``pipeline.store`` at the time of writing, copied here
so that this migration does not change when the code does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""
import hashlib
import json
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHILDREN = ("pages", "citations", "assignments", "deadlines", "quotas")
_FOLD_EXTRA = str.maketrans({"\u0111": "d", "\u0110": "d"})


def _fold(text):
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).lower().translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def _identity(number, issue_date):
    key = "".join(_fold(number).split())
    return f"{key}|{str(issue_date)[:10]}" if key and issue_date else None


def _agree(a, b):
    return not a or not b or _fold(a) == _fold(b)


def _digest(conn, doc_id):
    def rows(sql):
        return conn.execute(sa.text(sql), {"d": doc_id}).all()

    parts = [
        sorted([_fold(a), r] for a, r in rows("SELECT agency, role FROM assignments WHERE document_id = :d")),
        sorted([_fold(a), str(due)[:10] if due is not None else "None", rule or ""]
               for a, due, rule in rows("SELECT agency, due, rrule FROM deadlines WHERE document_id = :d")),
        sorted([v, _fold(u)] for v, u in rows("SELECT value, unit FROM quotas WHERE document_id = :d")),
        sorted(_fold(n) for (n,) in rows("SELECT number FROM citations WHERE document_id = :d")),
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def _count(conn, table, doc_id):
    return conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE document_id = :d"), {"d": doc_id}).scalar()


def upgrade() -> None:
    op.add_column("documents", sa.Column("identity", sa.Text))
    op.create_index("ix_documents_identity", "documents", ["identity"])
    op.create_table(
        "copies",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(16)),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("ocr_used", sa.Boolean, nullable=False),
        sa.Column("quality", sa.Integer, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(64)),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_copies"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_copies_document_id_documents"),
        sa.UniqueConstraint("path", "sha256", name="uq_copies_path"),
    )
    op.create_index("ix_copies_document_id", "copies", ["document_id"])
    op.create_index("ix_copies_sha256", "copies", ["sha256"])
    op.create_index("ix_copies_path", "copies", ["path"])

    conn = op.get_bind()
    docs = conn.execute(sa.text(
        "SELECT id, sha256, source, path, format, pages, ocr_used, loaded_at, run_id, number, issue_date, "
        "issuer, province FROM documents ORDER BY id")).mappings().all()
    copies = sa.table("copies", *(sa.column(c) for c in (
        "document_id", "sha256", "source", "path", "format", "pages", "ocr_used", "quality", "items", "digest",
        "loaded_at", "run_id")))
    ranked = {}
    for d in docs:
        methods = [m for (m,) in conn.execute(sa.text("SELECT method FROM pages WHERE document_id = :d"),
                                              {"d": d["id"]})]
        ocr = sum(m == "ocr" for m in methods)
        quality = 2 if not ocr else (0 if ocr == len(methods) else 1)
        items = sum(_count(conn, t, d["id"]) for t in ("assignments", "deadlines", "quotas"))
        ident = _identity(d["number"], d["issue_date"])
        conn.execute(sa.text("UPDATE documents SET identity = :i WHERE id = :d"), {"i": ident, "d": d["id"]})
        conn.execute(sa.insert(copies).values(
            document_id=d["id"], sha256=d["sha256"], source=d["source"], path=d["path"], format=d["format"],
            pages=d["pages"], ocr_used=d["ocr_used"], quality=quality, items=items, digest=_digest(conn, d["id"]),
            loaded_at=d["loaded_at"], run_id=d["run_id"]))
        ranked[d["id"]] = (quality, items, [-ord(c) for c in d["path"]])
    # Merge the documents that are one: each joins the first group it agrees with.
    groups = []
    for d in docs:
        ident = _identity(d["number"], d["issue_date"])
        if ident is None:
            continue
        for group in groups:
            head = group[0]
            if (_identity(head["number"], head["issue_date"]) == ident and _agree(head["issuer"], d["issuer"])
                    and _agree(head["province"], d["province"])):
                group.append(d)
                break
        else:
            groups.append([d])
    for group in groups:
        if len(group) < 2:
            continue
        best = max(group, key=lambda d: ranked[d["id"]])
        others = [d["id"] for d in group if d["id"] != best["id"]]
        for doc_id in others:
            conn.execute(sa.text("UPDATE copies SET document_id = :b WHERE document_id = :d"),
                         {"b": best["id"], "d": doc_id})
            conn.execute(sa.text("DELETE FROM deadlines WHERE document_id = :d"), {"d": doc_id})
            for table in ("pages", "citations", "assignments", "quotas"):
                conn.execute(sa.text(f"DELETE FROM {table} WHERE document_id = :d"), {"d": doc_id})
            conn.execute(sa.text("DELETE FROM documents WHERE id = :d"), {"d": doc_id})


def downgrade() -> None:
    # Copies that are not their document's best file are lost: they hold no rows of their own.
    op.drop_table("copies")
    op.drop_index("ix_documents_identity", table_name="documents")
    # Plain ALTER TABLE (SQLite >= 3.35), as in 0002.
    op.execute("ALTER TABLE documents DROP COLUMN identity")
