"""Datasette plugin: the SQL functions kehoach's canned queries use.

* ``kh_fold(text)``: the folded comparison key (no case, no diacritics, no punctuation);
* ``kh_agency_tier(name, query)``: 1 same agency, 2 abbreviation, 3 part of the name, 0 no match;
* ``kh_next_due(due, rrule, recurrence, issue_date)``: the next due date from today (``YYYY-MM-DD``).

They are the functions ``kehoach owes`` uses, so the web UI answers as the command line does.
"""
from datasette import hookimpl


def _safe(fn):
    def wrapped(*args):
        try:
            return fn(*args)
        except Exception:  # a bad value in one row must not fail the whole query
            return None

    return wrapped


@hookimpl
def prepare_connection(conn):
    from pipeline.query import agency_tier, key, next_due_iso

    conn.create_function("kh_fold", 1, _safe(key), deterministic=True)
    conn.create_function("kh_agency_tier", 2, _safe(lambda name, query: agency_tier(name or "", query or "")),
                         deterministic=True)
    conn.create_function("kh_next_due", 4, _safe(next_due_iso))
