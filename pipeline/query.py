"""Who owes what, by when: the questions users ask of the database.

:func:`owes` lists obligations: one row per assignment (agency, role, task),
with the deadline that goes with it. A deadline belongs to the assignment of
the same agency in the same document whose evidence is closest to its own; a
recurring deadline is expanded to its next occurrence from today with
python-dateutil's ``rrule`` (the ``rrule`` column, or the ``recurrence`` value
when that is null). Agencies match case- and diacritic-insensitively, by
canonical name, abbreviation ("Sở NV", "Sở KH&ĐT") or part of the name
(:func:`match_agencies`); provinces likewise. Every query binds its values as
parameters. :func:`frames` gives each table as a pandas DataFrame.

The indexes these queries need are created on first use (``CREATE INDEX IF NOT
EXISTS``), and so are two views: ``obligations`` (assignments with their
document's number, province and year: what the web UI facets on) and
``deadline_links`` (each deadline's assignment, by the same rule as here).
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from .errors import ExitCode, KehoachError
from .store import assignments, connect, database_url, deadlines, documents, metadata, pages

ROLES = ("lead", "support", "requested")
# RFC 5545 rules of the extraction spec's recurrence values (used when ``rrule`` is null).
RECURRENCE_RULES = {
    "yearly": "FREQ=YEARLY",
    "semiannual": "FREQ=MONTHLY;INTERVAL=6",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "monthly": "FREQ=MONTHLY",
    "weekly": "FREQ=WEEKLY",
    "daily": "FREQ=DAILY",
}
EVIDENCE_MAX = 600  # characters of evidence text returned per row
READ_MMAP_BYTES = 1 << 30  # SQLite reads: map up to 1 GiB of the file ...
READ_CACHE_KIB = 65536  # ... and keep 64 MiB of pages per connection
COLUMNS = ("agency", "role", "task", "due", "rule", "document", "province", "evidence")

# Created on first use by :func:`ensure_schema`: portable SQL (SQLite and PostgreSQL).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_kh_deadlines_agency ON deadlines (agency, document_id)",
    "CREATE INDEX IF NOT EXISTS ix_kh_deadlines_doc_agency ON deadlines (document_id, agency)",
    "CREATE INDEX IF NOT EXISTS ix_kh_assignments_doc_agency ON assignments (document_id, agency)",
    "CREATE INDEX IF NOT EXISTS ix_kh_assignments_role ON assignments (role)",
    "CREATE INDEX IF NOT EXISTS ix_kh_documents_province ON documents (province)",
    "CREATE INDEX IF NOT EXISTS ix_kh_citations_number ON citations (number)",
)
# One row per assignment with its document's number, province and year: what the web UI facets on.
OBLIGATIONS_VIEW = (
    "CREATE VIEW obligations AS SELECT a.id AS id, a.agency AS agency, a.role AS role, a.task AS task, "
    "a.section AS section, d.number AS document, d.province AS province, "
    "SUBSTR(CAST(d.issue_date AS TEXT), 1, 4) AS year, d.issue_date AS issue_date, d.title AS title, "
    "a.document_id AS document_id, a.evidence_page AS evidence_page, a.evidence_start AS evidence_start, "
    "a.evidence_end AS evidence_end FROM assignments a JOIN documents d ON d.id = a.document_id"
)
# Each deadline with the assignment it belongs to: same document and agency, closest evidence
# (the rule :func:`owes` applies in Python).
_GAP = (
    "COALESCE(CASE WHEN dl.evidence_start < a.evidence_end AND a.evidence_start < dl.evidence_end THEN 0 "
    "WHEN dl.evidence_start >= a.evidence_end THEN dl.evidence_start - a.evidence_end "
    "ELSE a.evidence_start - dl.evidence_end END, 1000000000)"
)
DEADLINE_LINKS_VIEW = (
    "CREATE VIEW deadline_links AS SELECT deadline_id, assignment_id FROM ("
    "SELECT dl.id AS deadline_id, a.id AS assignment_id, "
    f"ROW_NUMBER() OVER (PARTITION BY dl.id ORDER BY {_GAP}, a.id) AS rank_in_deadline "
    "FROM deadlines dl JOIN assignments a ON a.document_id = dl.document_id AND a.agency = dl.agency"
    ") ranked WHERE rank_in_deadline = 1"
)
VIEWS = {"obligations": OBLIGATIONS_VIEW, "deadline_links": DEADLINE_LINKS_VIEW}


class QueryError(KehoachError):
    """A query argument cannot be used (a bad date, an unknown role or format)."""

    exit_code = ExitCode.bad_args


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
    """Create the query indexes and the views if missing (once per process and engine).

    A read-only database is left as it is: the queries still work, only slower.
    """
    marker = f"{engine.url!r}:{id(engine)}"
    if marker in _READY:
        return
    insp = check_database(engine)
    try:
        with engine.connect() as conn, conn.begin():
            for ddl in INDEXES:
                conn.exec_driver_sql(ddl)
            have = set(insp.get_view_names())
            for name, ddl in VIEWS.items():
                if name not in have:
                    conn.exec_driver_sql(ddl)
    except sa.exc.OperationalError as err:
        if "readonly" not in str(err).replace(" ", "").lower():
            raise
    _READY.add(marker)


# --------------------------------------------------------------------------- matching names

def key(text: str | None) -> str:
    """Folded comparison key: lower case, no diacritics, punctuation as spaces."""
    from .extract.vntext import fold

    return " ".join(re.sub(r"[\W_]+", " ", fold(text or "")).split())


@lru_cache(maxsize=4096)
def _abbreviations(name: str) -> frozenset[str]:
    """Short forms of an agency name, as compact keys: "Sở Nội vụ" -> {"sonv", "snv"}."""
    from .extract.lexicon import lexicon
    from .extract.vntext import tokenize

    lex = lexicon()
    toks = tokenize(name)
    words = [i for i in range(len(toks)) if toks.is_word(i)]
    if len(words) < 2:
        return frozenset()
    joiner = {i for i in words if lex.joiners.match(toks, i)}
    head = lex.heads.match(toks, 0)
    out = set()
    for skip_joiners in (True, False):
        kept = [i for i in words if not (skip_joiners and i in joiner)]
        out.add("".join(toks.norms[i][0] for i in kept))
        if head:
            rest = [i for i in kept if i >= head[0]]
            if rest:
                out.add("".join(toks.norms[:head[0]]) + "".join(toks.norms[i][0] for i in rest))
    return frozenset(out)


def agency_tier(name: str, query: str) -> int:
    """How ``name`` matches ``query``: 1 same name, 2 abbreviation, 3 part of the name, 0 no match."""
    return _tier(name, query)


@lru_cache(maxsize=65536)
def _tier(name: str, query: str) -> int:
    qkeys = _query_keys(query)
    if not qkeys:
        return 0
    nkey = key(name)
    if nkey in qkeys:
        return 1
    compact = key(query).replace(" ", "")
    if 2 <= len(compact) <= 16 and compact in _abbreviations(name):
        return 2
    padded = f" {nkey} "
    return 3 if any(f" {k} " in padded for k in qkeys) else 0


@lru_cache(maxsize=1024)
def _query_keys(query: str) -> frozenset[str]:
    from .extract.agencies import canonical_agency, expand_abbreviations

    query = " ".join(str(query).split())[:200]
    if not key(query):
        return frozenset()
    forms = {query, expand_abbreviations(query)}
    forms |= {canonical_agency(f) for f in list(forms)}
    return frozenset(k for k in map(key, forms) if k)


def match_agencies(names, query: str) -> list[str]:
    """The names among ``names`` that ``query`` designates: the best tier of matches only."""
    names = sorted(set(names))
    exact = [n for n in names if key(n) == key(query)]
    if exact:  # the common case, without loading the agency lexicon
        return exact
    tiers = defaultdict(list)
    for name in names:
        tier = _tier(name, query)
        if tier:
            tiers[tier].append(name)
    return sorted(tiers[min(tiers)]) if tiers else []


def match_provinces(names, query: str) -> list[str]:
    """Provinces equal to ``query`` after folding (``nghe an`` = ``Nghệ An``), with or without its level word."""
    from .extract.agencies import find_province

    query = " ".join(str(query).split())[:200]
    wants = {key(query), key(find_province(query))} - {""}
    return sorted(n for n in names if n and key(n) in wants)


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


# --------------------------------------------------------------------------- dates

RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_date(value, today: date | None = None) -> date | None:
    """A date from ``YYYY-MM-DD``, a date/datetime, ``today``, or ``+30d`` / ``-7d`` from today."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip().lower()
    today = today or date.today()
    if text in RELATIVE:
        return today + timedelta(days=RELATIVE[text])
    m = re.fullmatch(r"([+-]\d{1,5})d", text)
    if m:
        return today + timedelta(days=int(m.group(1)))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"not a date: {value!r} (use YYYY-MM-DD, today, or +30d)") from None


def rule_of(rrule: str | None, recurrence: str | None) -> str | None:
    """The RFC 5545 rule of a deadline, or None for a one-off."""
    return rrule or RECURRENCE_RULES.get(recurrence or "")


_STEP = {"YEARLY": 12, "MONTHLY": 1}  # months per period
_DAYS = {"WEEKLY": 7, "DAILY": 1}


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def _shift_months(day: date, months: int) -> date | None:
    """``day`` moved by whole months, or None when that month has no such day (31 April)."""
    month = day.month - 1 + months
    try:
        return day.replace(year=day.year + month // 12, month=month % 12 + 1)
    except ValueError:
        return None


def _fast_next(parts: dict[str, str], anchor: date, today: date) -> date | None:
    """Next occurrence of the rules plans use, by arithmetic (what dateutil finds by iterating).

    Raises LookupError for a rule it does not cover.
    """
    freq, extra = parts.get("FREQ"), set(parts) - {"FREQ", "INTERVAL"}
    interval = int(parts.get("INTERVAL", "1"))
    if interval < 1:
        raise LookupError(parts)
    if freq in _DAYS and not extra:
        step = _DAYS[freq] * interval
        return anchor if today <= anchor else anchor + timedelta(days=-(-(today - anchor).days // step) * step)
    if freq in _STEP and not extra:
        step = _STEP[freq] * interval
        k = max(0, ((today.year - anchor.year) * 12 + today.month - anchor.month) // step - 1)
        for k in range(k, k + 400):  # a day missing from some months (31, 29 February) is skipped
            day = _shift_months(anchor, k * step)
            if day and day >= today:
                return day
        return None
    if freq == "YEARLY" and extra == {"BYMONTH", "BYMONTHDAY"} and interval == 1:
        month, mday = int(parts["BYMONTH"]), int(parts["BYMONTHDAY"])
        if not (1 <= month <= 12 and 1 <= mday <= 31):
            raise LookupError(parts)
        start = max(anchor, today)
        for year in range(start.year, start.year + 9):
            try:
                day = date(year, month, mday)
            except ValueError:
                continue
            if day >= start:
                return day
        return None
    raise LookupError(parts)


@lru_cache(maxsize=65536)
def next_occurrence(rule: str, anchor: date | None, today: date) -> date | None:
    """The first occurrence of ``rule`` (counted from ``anchor``) on or after ``today``.

    The same answer as ``rrulestr(rule, dtstart=anchor).after(today, inc=True)``;
    common rules are computed directly, others by python-dateutil.
    """
    from dateutil.rrule import rrulestr

    anchor = anchor or today
    try:
        return _fast_next(_parts(rule), anchor, today)
    except (LookupError, ValueError):
        pass
    try:
        nxt = rrulestr(rule, dtstart=datetime.combine(anchor, time())).after(datetime.combine(today, time()), inc=True)
    except (ValueError, TypeError):
        return None
    return nxt.date() if nxt else None


def next_due_iso(due, rrule, recurrence, issue_date, today=None) -> str | None:
    """A deadline's next due date from ``today`` as ``YYYY-MM-DD`` (the web UI's SQL function)."""
    rule = rule_of(rrule, recurrence)
    today = parse_date(today) or date.today()
    value = next_occurrence(rule, _as_date(issue_date), today) if rule else _as_date(due)
    return value.isoformat() if value else None


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- obligations

def _evidence_text(a, page):
    """SQL: the text of an assignment's evidence span, cut from its page (``page``, joined) text."""
    q = pages.alias("q")
    before = (sa.select(sa.func.coalesce(sa.func.sum(sa.func.length(q.c.text)), 0))
              .where(q.c.document_id == a.c.document_id, q.c.number < page.c.number).scalar_subquery())
    before = sa.case((page.c.number <= 1, 0), else_=before)  # most plans are one page: skip the sum
    length = a.c.evidence_end - a.c.evidence_start
    length = sa.case((length > EVIDENCE_MAX, EVIDENCE_MAX), else_=length)
    return sa.func.substr(page.c.text, sa.cast(a.c.evidence_start - before + 1, sa.Integer), length)


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

    def where(self, table) -> list:
        out = [] if self.agencies is None else [table.c.agency.in_(self.agencies)]
        if self.provinces is not None:
            out.append(documents.c.province.in_(self.provinces))
        return out

    def due_clause(self, dl):
        """SQL: a deadline that may fall in the date window (recurring ones are checked in Python)."""
        recurring = sa.or_(dl.c.rrule.is_not(None), dl.c.recurrence.is_not(None))
        fixed = [dl.c.due.is_not(None)]
        if self.before:
            fixed.append(dl.c.due <= self.before)
        if self.after:
            fixed.append(dl.c.due >= self.after)
        return sa.or_(sa.and_(*fixed), recurring) if not self.overdue else sa.and_(*fixed, sa.not_(recurring))

    def keeps(self, due: date | None, recurring: bool) -> bool:
        if not self.dated:
            return True
        if due is None or (self.overdue and recurring):
            return False
        return (not self.before or due <= self.before) and (not self.after or due >= self.after)


def _text(column):
    """A date column read as ISO text (cheaper than a date object per row)."""
    return sa.cast(column, sa.String).label(column.name)


_DOC_COLUMNS = (documents.c.number, documents.c.province, _text(documents.c.issue_date), documents.c.source,
                documents.c.sha256, documents.c.title)


def _fetch(conn, stmt) -> list[dict]:
    result = conn.execute(stmt)
    names = list(result.keys())
    return [dict(zip(names, row)) for row in result.fetchall()]


def _deadline_rows(conn, f: _Filters, with_unassigned: bool = False) -> list[dict]:
    dl, d = deadlines, documents
    stmt = (sa.select(dl.c.id, dl.c.document_id, dl.c.agency, _text(dl.c.due), dl.c.recurrence, dl.c.rrule,
                      dl.c.text, dl.c.evidence_start, dl.c.evidence_end, *_DOC_COLUMNS)
            .select_from(dl.join(d, d.c.id == dl.c.document_id)).where(*f.where(dl)))
    if not with_unassigned:
        stmt = stmt.where(dl.c.agency.is_not(None))
    if f.dated:
        stmt = stmt.where(f.due_clause(dl))
    return _fetch(conn, stmt)


PAIR_CHUNK = 2000  # (document, agency) pairs per query


def _assignment_rows(conn, f: _Filters, pairs: set | None = None) -> list[dict]:
    """Assignments matching the filters; with ``pairs``, only those of these (document_id, agency)."""
    a, d, p = assignments, documents, pages.alias("p")
    on_page = sa.and_(p.c.document_id == a.c.document_id, p.c.number == sa.func.coalesce(a.c.evidence_page, 1))
    stmt = (sa.select(a.c.id, a.c.document_id, a.c.agency, a.c.role, a.c.task, a.c.section,
                      a.c.evidence_start, a.c.evidence_end, _evidence_text(a, p).label("evidence"), *_DOC_COLUMNS)
            .select_from(a.join(d, d.c.id == a.c.document_id).outerjoin(p, on_page)).where(*f.where(a)))
    if pairs is None:
        return _fetch(conn, stmt)
    out, pairs = [], sorted(pairs)
    for i in range(0, len(pairs), PAIR_CHUNK):
        out += _fetch(conn, stmt.where(sa.tuple_(a.c.document_id, a.c.agency).in_(pairs[i:i + PAIR_CHUNK])))
    return out


def _due(dl: dict, today: date) -> tuple[date | None, bool]:
    """(due date, recurring) of a deadline row: a recurring one's next occurrence from ``today``."""
    rule = rule_of(dl["rrule"], dl["recurrence"])
    if rule:
        return next_occurrence(rule, _as_date(dl["issue_date"]), today), True
    return _as_date(dl["due"]), False


def _gather(conn, f: _Filters, with_unassigned: bool = False) -> tuple[list[dict], list[dict]]:
    """(assignments, deadlines) to link: with a date window, only deadlines in it and their assignments."""
    dated = _deadline_rows(conn, f, with_unassigned)
    if not f.dated and not with_unassigned:
        return _assignment_rows(conn, f), dated
    if f.dated:
        dated = [dl for dl in dated if f.keeps(*_due(dl, f.today))]
    pairs = {(dl["document_id"], dl["agency"]) for dl in dated if dl["agency"] is not None}
    return (_assignment_rows(conn, f, pairs) if pairs else []), dated


def _distance(a: dict, dl: dict) -> int:
    """How far a deadline's evidence lies from an assignment's (0 when they overlap)."""
    a0, a1, d0, d1 = a["evidence_start"], a["evidence_end"], dl["evidence_start"], dl["evidence_end"]
    if None in (a0, a1, d0, d1):
        return 10**9
    return 0 if d0 < a1 and a0 < d1 else min(abs(d0 - a1), abs(a0 - d1))


def _link(assigned: list[dict], dated: list[dict]) -> tuple[list[tuple[dict, dict | None]], list[dict]]:
    """Pairs (assignment, deadline or None) and the deadlines of no assignment."""
    by_pair = defaultdict(list)
    for a in assigned:
        by_pair[(a["document_id"], a["agency"])].append(a)
    linked, orphans = defaultdict(list), []
    for dl in dated:
        cands = by_pair.get((dl["document_id"], dl["agency"]))
        if cands:
            best = cands[0] if len(cands) == 1 else min(cands, key=lambda a: (_distance(a, dl), a["id"]))
            linked[best["id"]].append(dl)
        else:
            orphans.append(dl)
    pairs = []
    for a in assigned:
        pairs.extend((a, dl) for dl in linked.get(a["id"], [None]))
    return pairs, orphans


def _row(a: dict | None, dl: dict | None, f: _Filters) -> dict | None:
    doc = a or dl
    rule = rule_of(dl["rrule"], dl["recurrence"]) if dl else None
    issue = _as_date(doc["issue_date"])
    due = _due(dl, f.today)[0] if dl else None
    if not f.keeps(due, bool(rule)):
        return None
    return {
        "agency": a["agency"] if a else dl["agency"],
        "role": a["role"] if a else None,
        "task": a["task"] if a else dl["text"],
        "due": due.isoformat() if due else None,
        "rule": rule,
        "recurrence": dl["recurrence"] if dl else None,
        "document": doc["number"],
        "province": doc["province"],
        "evidence": (a["evidence"] if a and a["evidence"] else (dl["text"] if dl else a["task"])) or "",
        "overdue": bool(due and not rule and due < f.today),
        "deadline_text": dl["text"] if dl else None,
        "section": a["section"] if a else None,
        "title": doc["title"],
        "issue_date": issue.isoformat() if issue else None,
        "source": doc["source"],
        "sha256": doc["sha256"],
        "document_id": doc["document_id"],
        "assignment_id": a["id"] if a else None,
        "deadline_id": dl["id"] if dl else None,
        "deadline_start": dl["evidence_start"] if dl else None,
    }


@lru_cache(maxsize=8192)
def _agency_key(name: str | None) -> str:
    return key(name)


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


def owes(db=None, agency: str | None = None, province: str | None = None, before=None, after=None,
         overdue: bool = False, role: str | None = None, today=None) -> list[dict]:
    """Who owes what, by when: one row per assignment and its deadline, soonest first.

    ``agency`` and ``province`` match with or without diacritics (agencies also
    by abbreviation or part of the name); ``before``/``after`` bound the due date
    (inclusive; ``YYYY-MM-DD``, ``today`` or ``+30d``) and drop rows without one;
    ``overdue`` keeps one-off deadlines already past. Each row has ``agency,
    role, task, due, rule, document, province, evidence`` and the ids behind them.
    """
    engine = engine_for(db)
    ensure_schema(engine)
    with _reading(engine) as conn:
        f = _Filters(conn, agency, province, role, before, after, overdue, today)
        if f.empty:
            return []
        assigned, dated = _gather(conn, f)
    pairs, orphans = _link(assigned, dated)
    rows = [_row(a, dl, f) for a, dl in pairs if f.role in (None, a["role"])]
    if f.role is None:
        rows += [_row(None, dl, f) for dl in orphans]
    return sorted((r for r in rows if r), key=_sort_key)


def deadline_events(db=None, agency: str | None = None, province: str | None = None, today=None) -> list[dict]:
    """Every deadline (one row each), with the task and agency of its assignment: what a calendar shows.

    Deadlines that name no agency are included when no ``agency`` is asked for.
    """
    engine = engine_for(db)
    ensure_schema(engine)
    with _reading(engine) as conn:
        f = _Filters(conn, agency, province, None, None, None, False, today)
        if f.empty:
            return []
        assigned, dated = _gather(conn, f, with_unassigned=agency is None)
    pairs, orphans = _link(assigned, [r for r in dated if r["agency"]])
    rows = [_row(a, dl, f) for a, dl in pairs if dl is not None]
    rows += [_row(None, dl, f) for dl in orphans + [r for r in dated if not r["agency"]]]
    return sorted((r for r in rows if r), key=_sort_key)


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
