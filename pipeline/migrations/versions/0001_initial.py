"""Initial schema: documents, their pages and extracted items, quarantine, runs, search.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_TOKENIZER = "unicode61 remove_diacritics 2"


def _evidence():
    return [
        sa.Column("evidence_page", sa.Integer),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
    ]


def _child(name, *columns):
    op.create_table(
        name,
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name=f"fk_{name}_document_id_documents",
        ),
    )
    op.create_index(f"ix_{name}_document_id", name, ["document_id"])


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
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
        sa.Column("notes", sa.Text),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
    )
    op.create_index("ix_documents_path", "documents", ["path"])

    _child(
        "pages",
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("method", sa.String(16)),
        sa.Column("ocr_confidence", sa.Float),
        sa.UniqueConstraint("document_id", "number", name="uq_pages_document_id"),
    )
    _child(
        "citations",
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("type", sa.String(16)),
        sa.Column("date", sa.Date),
        sa.Column("issuer", sa.Text),
        *_evidence(),
    )
    _child(
        "assignments",
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("section", sa.String(64)),
        *_evidence(),
        sa.Column("search_text", sa.Text, nullable=False),
    )
    op.create_index("ix_assignments_agency", "assignments", ["agency"])
    _child(
        "deadlines",
        sa.Column("agency", sa.Text),
        sa.Column("due", sa.Date),
        sa.Column("recurrence", sa.String(16)),
        sa.Column("rrule", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        *_evidence(),
    )
    op.create_index("ix_deadlines_due", "deadlines", ["due"])
    _child(
        "quotas",
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
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
        sa.UniqueConstraint("path", "sha256", name="uq_quarantine_path"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("counts", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )

    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index over assignments.search_text, kept in
        # step by triggers (so any client that writes keeps it right).
        op.execute(
            "CREATE VIRTUAL TABLE assignments_fts USING fts5(search_text, "
            f"content='assignments', content_rowid='id', tokenize='{FTS_TOKENIZER}')"
        )
        op.execute(
            "CREATE TRIGGER assignments_fts_ai AFTER INSERT ON assignments BEGIN "
            "INSERT INTO assignments_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER assignments_fts_ad AFTER DELETE ON assignments BEGIN "
            "INSERT INTO assignments_fts(assignments_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER assignments_fts_au AFTER UPDATE ON assignments BEGIN "
            "INSERT INTO assignments_fts(assignments_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO assignments_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_assignments_search ON assignments "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("assignments_fts_ai", "assignments_fts_ad", "assignments_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS assignments_fts")
    for table in ("runs", "quarantine", "quotas", "deadlines", "assignments", "citations", "pages", "documents"):
        op.drop_table(table)
