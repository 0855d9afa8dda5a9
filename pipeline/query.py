"""Who owes what, by when: the questions users ask of the database.

:func:`owes` lists obligations: one row per assignment (agency, role, task),
with each deadline that belongs to it (linked when the document was loaded:
same agency, closest evidence; ``deadlines.assignment_id``), and the
deadlines of no assignment, as the view ``obligation_deadlines`` gives them
(defined once, in migration 0004, on Datasette's ``obligations``); :func:`deadline_events`
reads the same view. A recurring deadline is expanded to its next
occurrence from today (the ``rrule`` column, or the ``recurrence`` value when
that is null); when its rule names no day ("hằng tháng": ``FREQ=MONTHLY``) the
row's ``due_label`` is the period that holds it (``2026-12 (no day given)``)
and ``due``, what sorts and filters, the last day of that period. Agencies match case- and diacritic-insensitively, by canonical
name, abbreviation ("Sở NV", "Sở KH&ĐT") or part of the name
(:func:`pipeline.names.match_agencies`); provinces likewise. Every query binds its values as
parameters; the rows come from indexes and stored evidence text, never from
page text. :func:`frames` gives each table as a pandas DataFrame.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from .errors import QueryError
from .names import match_agencies, match_provinces, name_key
from .recurrence import RECURRENCE_RULES, as_date, next_due, parse_date
from .store import assignments, connect, database_url, deadlines, documents, metadata, migrate, obligation_deadlines

ROLES = ("lead", "support", "requested")
READ_MMAP_BYTES = 1 << 30  # SQLite reads: map up to 1 GiB of the file ...
READ_CACHE_KIB = 65536  # ... and keep 64 MiB of pages per connection
COLUMNS = ("agency", "role", "task", "due", "rule", "document", "province", "evidence")


# --------------------------------------------------------------------------- engines and schema

_READY: set[str] = set()


def engine_for(db) -> Engine:
    """An Engine for a URL (None: env ``KEHOACH_DB``, else ``sqlite:///kehoach.db``) or an Engine.

    A SQLite file that does not exist is an error (it is not created).
    """
    if isinstance(db, Engine):
        return db
    url = make_url(database_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).expanduser().is_file():
            raise QueryError(f"{url.database}: no such database (run `kehoach ingest` first)")
    return connect(db)


def check_database(engine: Engine) -> sa.Inspector:
    """An inspector of ``engine``'s database; a one-line error if it cannot be opened or is not kehoach's."""
    where = engine.url.render_as_string()
    try:
        insp = sa.inspect(engine)
        found = insp.has_table("assignments")
    except sa.exc.DBAPIError as err:
        reason = " ".join(str(err.orig or err).split())[:200]
        raise QueryError(f"{where}: cannot open the database ({reason})") from None
    if not found:
        raise QueryError(f"{where}: not a kehoach database (run `kehoach ingest` first)")
    return insp


def ensure_schema(engine: Engine) -> None:
    """Bring a database loaded by an older kehoach up to date (once per process and engine).

    The migrations add what the queries read (stored evidence text, deadline
    links, indexes, views). A read-only database that needs them is an error.
    """
    marker = f"{engine.url!r}:{id(engine)}"
    if marker in _READY:
        return
    check_database(engine)
    try:
        migrate(engine)
    except sa.exc.OperationalError as err:
        if "readonly" not in str(err).replace(" ", "").lower():
            raise
        raise QueryError(f"{engine.url.render_as_string()}: the database was made by an older kehoach and is "
                         "read-only here: run `kehoach ingest` on it once to upgrade it") from None
    _READY.add(marker)


_NAMES: dict[tuple, list[str]] = {}


def _distinct(conn, column) -> list[str]:
    """The distinct values of a column, cached until the table gains rows.

    Rows are only inserted or deleted (a reloaded document gets new ids), so the
    largest id tells when the cache is stale; a name left from deleted rows only
    matches nothing.
    """
    table = column.table
    stamp = conn.execute(sa.select(sa.func.max(table.c.id))).one()
    cache_key = (conn.engine.url.render_as_string(), table.name, column.name, *stamp)
    if cache_key not in _NAMES:
        if len(_NAMES) > 64:
            _NAMES.clear()
        _NAMES[cache_key] = list(conn.execute(sa.select(column).where(column.is_not(None)).distinct()).scalars())
    return _NAMES[cache_key]


# --------------------------------------------------------------------------- obligations

# Every obligation row comes from this view (migration 0004): each assignment with each of its deadlines
# (or none), then each deadline of no assignment; its join is written there once, beside Datasette's views.
_OD = obligation_deadlines


class _Filters:
    """The owes arguments, checked and resolved to stored names once."""

    def __init__(self, conn, agency, province, role, before, after, overdue, today):
        if role is not None and role not in ROLES:
            raise QueryError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
        self.today = parse_date(today) or date.today()
        self.before, self.after = parse_date(before, self.today), parse_date(after, self.today)
        if overdue:
            limit = self.today - timedelta(days=1)
            self.before = min(self.before, limit) if self.before else limit
        self.overdue, self.role = overdue, role
        self.dated = bool(self.before or self.after or overdue)
        # ISO text of the dates, which compares as the dates do: what each row is checked against
        self.today_iso = self.today.isoformat()
        self.before_iso = self.before.isoformat() if self.before else None
        self.after_iso = self.after.isoformat() if self.after else None
        self.agencies = self.provinces = None
        if agency is not None:
            names = set(_distinct(conn, assignments.c.agency)) | set(_distinct(conn, deadlines.c.agency))
            self.agencies = match_agencies(names, agency)
        if province is not None:
            self.provinces = match_provinces(_distinct(conn, documents.c.province), province)

    @property
    def empty(self) -> bool:
        return self.agencies == [] or self.provinces == [] or bool(
            self.before and self.after and self.before < self.after)

    def where(self) -> list:
        """SQL: the rows of ``obligation_deadlines`` of the agencies and provinces asked for, in the date window."""
        out = [] if self.agencies is None else [_OD.c.agency.in_(self.agencies)]
        if self.provinces is not None:
            out.append(_OD.c.province.in_(self.provinces))
        if self.dated:
            out.append(self.due_clause())
        return out

    def due_clause(self):
        """SQL: a deadline that may fall in the date window (recurring ones are checked in Python)."""
        recurring = sa.or_(_OD.c.rrule.is_not(None), _OD.c.recurrence.is_not(None))
        fixed = [_OD.c.due.is_not(None)]
        if self.before:
            fixed.append(_OD.c.due <= self.before)
        if self.after:
            fixed.append(_OD.c.due >= self.after)
        return sa.or_(sa.and_(*fixed), recurring) if not self.overdue else sa.and_(*fixed, sa.not_(recurring))

    def keeps(self, due: str | None, recurring: bool) -> bool:
        """Whether a due date (ISO text, which sorts as dates do) falls in the window."""
        if not self.dated:
            return True
        if due is None or (self.overdue and recurring):
            return False
        return (not self.before_iso or due <= self.before_iso) and (not self.after_iso or due >= self.after_iso)


def _text(column, name: str | None = None):
    """A date column read as ISO text (cheaper than a date object per row)."""
    return sa.cast(column, sa.String).label(name or column.name)


# Every obligation row is read as one tuple of the view's columns, in its order (assignment, deadline, document).
_COLUMNS = tuple(_text(c) if isinstance(c.type, sa.Date) else c for c in _OD.c)


def _obligations(conn, f: _Filters) -> list[tuple]:
    """Each assignment with each of its deadlines (or none), then the deadlines of no assignment that
    name an agency (none when a role is asked for: they have no role)."""
    stmt = sa.select(*_COLUMNS).where(_OD.c.agency.is_not(None), *f.where())
    if f.role is not None:
        stmt = stmt.where(_OD.c.role == f.role)
    return conn.execute(stmt).all()


def _deadline_rows(conn, f: _Filters) -> list[tuple]:
    """Every deadline (one row each), with its assignment's columns or NULLs. An agency asked for is
    matched by ``f``, which leaves out deadlines of none."""
    return conn.execute(sa.select(*_COLUMNS).where(_OD.c.deadline_id.is_not(None), *f.where())).all()


def _row(t: tuple, f: _Filters) -> dict | None:
    """The output row of an obligation tuple; None when its due date falls outside ``f``'s window."""
    (assignment_id, agency, role, task, section, evidence, deadline_id, due, recurrence, rrule, deadline_text,
     deadline_start, document_id, number, province, issue_date, title, source, sha256) = t
    # Dates stay ISO text (they compare as dates do); only a recurring one is computed.
    rule = rrule or RECURRENCE_RULES.get(recurrence or "")
    if rule:
        upcoming = next_due(rule, as_date(issue_date), f.today)
        due, label = (upcoming.by.isoformat(), upcoming.text) if upcoming else (None, None)
    else:
        due = label = due[:10] if due else None
    if not f.keeps(due, bool(rule)):
        return None
    return {
        "agency": agency,
        "role": role,
        "task": task if assignment_id is not None else deadline_text,
        "due": due,
        "due_label": label,
        "rule": rule,
        "recurrence": recurrence,
        "document": number,
        "province": province,
        "evidence": evidence or deadline_text or task or "",
        "overdue": bool(due and not rule and due < f.today_iso),
        "deadline_text": deadline_text,
        "section": section,
        "title": title,
        "issue_date": issue_date[:10] if issue_date else None,
        "source": source,
        "sha256": sha256,
        "document_id": document_id,
        "assignment_id": assignment_id,
        "deadline_id": deadline_id,
        "deadline_start": deadline_start,
    }


@lru_cache(maxsize=8192)
def _agency_key(name: str | None) -> str:
    return name_key(name)


def _sort_key(row: dict):
    return (row["due"] is None, row["due"] or "", _agency_key(row["agency"]), row["document"] or "",
            row["assignment_id"] or 0, row["deadline_id"] or 0)


def _reading(engine: Engine):
    """A connection tuned for reading: SQLite maps the file and keeps a larger page cache."""
    conn = engine.connect()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
        conn.exec_driver_sql(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    return conn


@contextmanager
def _no_gc_pauses():
    """Python's cycle collector off while thousands of rows are built (they hold no cycles):
    a full collection in a process holding the agency lexicon costs tens of milliseconds."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _answer(db, agency, province, role, before, after, overdue, today, read) -> list[dict]:
    engine = engine_for(db)
    ensure_schema(engine)
    with _reading(engine) as conn:
        f = _Filters(conn, agency, province, role, before, after, overdue, today)
        if f.empty:
            return []
        with _no_gc_pauses():
            rows = [_row(t, f) for t in read(conn, f)]
    return sorted((r for r in rows if r), key=_sort_key)


def parse_days(value) -> int:
    """A number of days from ``90d``, ``+90d`` or ``90``."""
    m = re.fullmatch(r"\+?(\d{1,5})\s*d?", str(value).strip().lower())
    if not m:
        raise QueryError(f"not a number of days: {value!r} (use 90d)")
    return int(m.group(1))


def window(before=None, after=None, overdue: bool = False, due_within=None, today=None) -> tuple:
    """The (before, after) dates of the owes arguments: ``due_within`` (``90d``) is from today to
    90 days on, and cannot be given with ``before`` or ``after``."""
    if due_within is None:
        return before, after
    if before is not None or after is not None or overdue:
        raise QueryError("--due-within sets both ends of the window: give it without --before, --after "
                         "and --overdue")
    today = parse_date(today) or date.today()
    return today + timedelta(days=parse_days(due_within)), today


def describe_window(before=None, after=None, overdue: bool = False, due_within=None, today=None) -> str | None:
    """One line that says which due dates the owes arguments keep (the table's header), or None."""
    today = parse_date(today) or date.today()
    if due_within is not None:
        end = today + timedelta(days=parse_days(due_within))
        return f"Due within {parse_days(due_within)} days: from {today} to {end} (overdue ones left out)."
    b, a = parse_date(before, today), parse_date(after, today)
    if overdue:
        return f"Overdue: one-off deadlines before {today}" + (f", due on or before {b}." if b and b < today else ".")
    if b and a:
        return f"Due from {a} to {b}."
    if b:
        return (f"Due on or before {b}, overdue ones included (--due-within "
                f"{max(0, (b - today).days)}d keeps only what falls due from today).")
    if a:
        return f"Due on or after {a}."
    return None


def owes(db=None, agency: str | None = None, province: str | None = None, before=None, after=None,
         overdue: bool = False, role: str | None = None, today=None, due_within=None) -> list[dict]:
    """Who owes what, by when: one row per assignment and its deadline, soonest first.

    ``agency`` and ``province`` match with or without diacritics (agencies also
    by abbreviation or part of the name; provinces also by a former name or the
    units merged into them in 2025); ``before``/``after`` bound the due date
    (inclusive; ``YYYY-MM-DD``, ``today`` or ``+30d``) and drop rows without one:
    ``before`` alone keeps deadlines long past too; ``due_within`` (``90d``) keeps
    what falls due from today to 90 days on; ``overdue`` keeps one-off deadlines already past. Each row has ``agency,
    role, task, due, rule, document, province, evidence``, ``due_label`` (the due
    date as the text supports it: ``2026-12-15``, or ``2026-12 (no day given)`` for
    a monthly cycle without its day, whose ``due`` is then the month's last day)
    and the ids behind them.
    Deadlines that belong to no assignment come as rows of their own (no role).
    """
    before, after = window(before, after, overdue, due_within, today)
    return _answer(db, agency, province, role, before, after, overdue, today, _obligations)


def deadline_events(db=None, agency: str | None = None, province: str | None = None, today=None) -> list[dict]:
    """Every deadline (one row each), with the task and agency of its assignment: what a calendar shows.

    Deadlines that name no agency are included when no ``agency`` is asked for.
    """
    return _answer(db, agency, province, None, None, None, False, today, _deadline_rows)


# --------------------------------------------------------------------------- data frames

def frames(db=None) -> dict:
    """Every table of the database as a pandas DataFrame, by table name.

    Dates become ``datetime64``, integers nullable ``Int64``, flags ``boolean``.
    """
    import pandas as pd

    engine = engine_for(db)
    existing = set(check_database(engine).get_table_names())
    out = {}
    with engine.connect() as conn:
        for name, table in metadata.tables.items():
            if name not in existing:
                continue
            frame = pd.DataFrame(conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all(),
                                 columns=[c.name for c in table.columns])
            for col in table.columns:
                if isinstance(col.type, sa.Date) or isinstance(col.type, sa.DateTime):
                    frame[col.name] = pd.to_datetime(frame[col.name], utc=isinstance(col.type, sa.DateTime))
                elif isinstance(col.type, sa.Boolean):
                    frame[col.name] = frame[col.name].astype("boolean")
                elif isinstance(col.type, sa.Integer):
                    frame[col.name] = frame[col.name].astype("Int64")
                elif isinstance(col.type, sa.Float):
                    frame[col.name] = frame[col.name].astype("float64")
            out[name] = frame
    return out
