"""Obligations stored ready to answer: evidence text, deadline links, query indexes, views.

- ``assignments.evidence_text``: the text of the assignment's evidence span (at
  most 600 characters), so that a question needs no page text.
- ``deadlines.assignment_id``: the assignment a deadline belongs to (same
  document and agency, closest evidence; ties to the first), or NULL.
- The indexes of ``pipeline.query`` and the views ``obligations`` and
  ``deadline_links`` (formerly created on first query).

Existing rows are filled in by the same rules as a load.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EVIDENCE_TEXT_MAX = 600

INDEXES = {
    "ix_kh_deadlines_agency": ("deadlines", "agency, document_id"),
    "ix_kh_deadlines_assignment": ("deadlines", "assignment_id"),
    "ix_kh_assignments_doc_agency": ("assignments", "document_id, agency"),
    "ix_kh_documents_province": ("documents", "province"),
    "ix_kh_citations_number": ("citations", "number"),
}
OLD_INDEXES = ("ix_kh_deadlines_doc_agency", "ix_kh_assignments_role")  # made by earlier query code

OBLIGATIONS_VIEW = (
    "CREATE VIEW obligations AS SELECT a.id AS id, a.agency AS agency, a.role AS role, a.task AS task, "
    "a.section AS section, d.number AS document, d.province AS province, "
    "SUBSTR(CAST(d.issue_date AS TEXT), 1, 4) AS year, d.issue_date AS issue_date, d.title AS title, "
    "a.document_id AS document_id, a.evidence_text AS evidence, a.evidence_page AS evidence_page, "
    "a.evidence_start AS evidence_start, a.evidence_end AS evidence_end "
    "FROM assignments a JOIN documents d ON d.id = a.document_id"
)
DEADLINE_LINKS_VIEW = (
    "CREATE VIEW deadline_links AS SELECT id AS deadline_id, assignment_id FROM deadlines "
    "WHERE assignment_id IS NOT NULL"
)

# The text of each assignment's span: its page's text, offset by the pages before it.
FILL_EVIDENCE = f"""
UPDATE assignments SET evidence_text = (
  SELECT SUBSTR(p.text,
                CAST(assignments.evidence_start + 1 - COALESCE((SELECT SUM(LENGTH(q.text)) FROM pages q
                  WHERE q.document_id = p.document_id AND q.number < p.number), 0) AS INTEGER),
                LEAST_LEN)
  FROM pages p
  WHERE p.document_id = assignments.document_id AND p.number = COALESCE(assignments.evidence_page, 1))
WHERE evidence_start IS NOT NULL AND evidence_end IS NOT NULL
"""
LEAST_LEN = (f"CASE WHEN assignments.evidence_end - assignments.evidence_start > {EVIDENCE_TEXT_MAX} "
             f"THEN {EVIDENCE_TEXT_MAX} ELSE assignments.evidence_end - assignments.evidence_start END")

# A deadline's assignment: same document and agency, smallest gap between the two spans, then lowest id.
GAP = (
    "COALESCE(CASE WHEN dl.evidence_start < a.evidence_end AND a.evidence_start < dl.evidence_end THEN 0 "
    "WHEN dl.evidence_start >= a.evidence_end THEN dl.evidence_start - a.evidence_end "
    "ELSE a.evidence_start - dl.evidence_end END, 1000000000)"
)
FILL_LINKS = (
    "CREATE TEMPORARY TABLE kh_links (deadline_id INTEGER PRIMARY KEY, assignment_id INTEGER NOT NULL)",
    "INSERT INTO kh_links (deadline_id, assignment_id) SELECT deadline_id, assignment_id FROM ("
    "SELECT dl.id AS deadline_id, a.id AS assignment_id, "
    f"ROW_NUMBER() OVER (PARTITION BY dl.id ORDER BY {GAP}, a.id) AS rank_in_deadline "
    "FROM deadlines dl JOIN assignments a ON a.document_id = dl.document_id AND a.agency = dl.agency"
    ") ranked WHERE rank_in_deadline = 1",
    "UPDATE deadlines SET assignment_id = "
    "(SELECT l.assignment_id FROM kh_links l WHERE l.deadline_id = deadlines.id)",
    "DROP TABLE kh_links",
)


def upgrade() -> None:
    op.add_column("assignments", sa.Column("evidence_text", sa.Text))
    op.add_column("deadlines", sa.Column("assignment_id", sa.Integer))
    for name in OLD_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, (table, columns) in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    op.execute(FILL_EVIDENCE.replace("LEAST_LEN", LEAST_LEN))
    for statement in FILL_LINKS:
        op.execute(statement)
    for view, ddl in (("obligations", OBLIGATIONS_VIEW), ("deadline_links", DEADLINE_LINKS_VIEW)):
        op.execute(f"DROP VIEW IF EXISTS {view}")
        op.execute(ddl)


def downgrade() -> None:
    for view in ("obligations", "deadline_links"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    # Plain ALTER TABLE (SQLite >= 3.35): a rebuilt table would lose the search triggers.
    op.execute("ALTER TABLE deadlines DROP COLUMN assignment_id")
    op.execute("ALTER TABLE assignments DROP COLUMN evidence_text")
