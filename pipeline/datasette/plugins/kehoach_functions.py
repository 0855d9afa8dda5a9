"""Datasette plugin: the SQL functions kehoach's canned queries use.

* ``kh_fold(text)``: the folded comparison key (no case, no diacritics, no punctuation);
* ``kh_agency_tier(name, query)``: 1 same agency, 2 abbreviation, 3 part of the name, 0 no match;
* ``kh_next_due(due, rrule, recurrence, issue_date)``: the latest day the next due date from today
  can fall on (``YYYY-MM-DD``), what the queries sort and filter by;
* ``kh_due_label(due, rrule, recurrence, issue_date)``: the next due date as shown: ``2026-12-15``, or
  ``2026-12 (no day given)`` for a cycle whose text gives no day.

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
    from pipeline.names import agency_tier, name_key
    from pipeline.recurrence import next_due_iso, next_due_label

    conn.create_function("kh_fold", 1, _safe(name_key), deterministic=True)
    conn.create_function("kh_agency_tier", 2, _safe(lambda name, query: agency_tier(name or "", query or "")),
                         deterministic=True)
    conn.create_function("kh_next_due", 4, _safe(next_due_iso))
    conn.create_function("kh_due_label", 4, _safe(next_due_label))
