"""The questions read views: ``obligations`` widened, ``obligation_deadlines`` added.

``kehoach owes`` and ``kehoach calendar`` (``pipeline.query``) wrote the join of
assignments, documents and deadlines again, in SQLAlchemy, beside the
``obligations`` view of Datasette. They now read it from here:

- ``obligations`` (one row per assignment with its document) also gives the
  document's ``source`` and ``sha256``;
- ``obligation_deadlines``: each row of ``obligations`` with each deadline linked
  to it (``deadlines.assignment_id``), or once with no deadline; then each
  deadline linked to no assignment, with its document and NULL for the
  assignment's columns (its own agency, which may be NULL).

A deadline is linked only to an assignment of its own agency, so ``agency`` is
the deadline's agency on every row that has a deadline.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The columns of ``obligations`` as migration 0002 made it, and the ones added here.
OBLIGATIONS_0002 = (
    "a.id AS id, a.agency AS agency, a.role AS role, a.task AS task, a.section AS section, d.number AS document, "
    "d.province AS province, SUBSTR(CAST(d.issue_date AS TEXT), 1, 4) AS year, d.issue_date AS issue_date, "
    "d.title AS title, a.document_id AS document_id, a.evidence_text AS evidence, "
    "a.evidence_page AS evidence_page, a.evidence_start AS evidence_start, a.evidence_end AS evidence_end"
)
OBLIGATIONS_ADDED = "d.source AS source, d.sha256 AS sha256"

# (column, from an obligation and its deadline, from a deadline of no assignment). The NULLs are typed: arms
# whose columns have the same type affinity let SQLite flatten the view into a query, whose filters then use
# the indexes of each arm.
OBLIGATION_DEADLINES = (
    ("assignment_id", "o.id", "CAST(NULL AS INTEGER)"),
    ("agency", "o.agency", "dl.agency"),
    ("role", "o.role", "CAST(NULL AS TEXT)"),
    ("task", "o.task", "CAST(NULL AS TEXT)"),
    ("section", "o.section", "CAST(NULL AS TEXT)"),
    ("evidence", "o.evidence", "CAST(NULL AS TEXT)"),
    ("deadline_id", "dl.id", "dl.id"),
    ("due", "dl.due", "dl.due"),
    ("recurrence", "dl.recurrence", "dl.recurrence"),
    ("rrule", "dl.rrule", "dl.rrule"),
    ("deadline_text", "dl.text", "dl.text"),
    ("deadline_start", "dl.evidence_start", "dl.evidence_start"),
    ("document_id", "o.document_id", "d.id"),
    ("document", "o.document", "d.number"),
    ("province", "o.province", "d.province"),
    ("issue_date", "o.issue_date", "d.issue_date"),
    ("title", "o.title", "d.title"),
    ("source", "o.source", "d.source"),
    ("sha256", "o.sha256", "d.sha256"),
)


def _obligations(columns: str) -> str:
    return f"CREATE VIEW obligations AS SELECT {columns} FROM assignments a JOIN documents d ON d.id = a.document_id"


def _obligation_deadlines() -> str:
    linked = ", ".join(f"{assigned} AS {name}" for name, assigned, _ in OBLIGATION_DEADLINES)
    alone = ", ".join(f"{unassigned} AS {name}" for name, _, unassigned in OBLIGATION_DEADLINES)
    return (f"CREATE VIEW obligation_deadlines AS SELECT {linked} "
            "FROM obligations o LEFT JOIN deadlines dl ON dl.assignment_id = o.id "
            f"UNION ALL SELECT {alone} "
            "FROM deadlines dl JOIN documents d ON d.id = dl.document_id WHERE dl.assignment_id IS NULL")


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS obligation_deadlines")
    op.execute("DROP VIEW IF EXISTS obligations")
    op.execute(_obligations(f"{OBLIGATIONS_0002}, {OBLIGATIONS_ADDED}"))
    op.execute(_obligation_deadlines())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS obligation_deadlines")
    op.execute("DROP VIEW IF EXISTS obligations")
    op.execute(_obligations(OBLIGATIONS_0002))
