"""Answers in the formats people use: tables as Parquet/CSV files, ``owes`` rows as text.

``frames(db)`` (in :mod:`pipeline.query`) reads each table into a DataFrame;
:func:`export` writes one file per table: ``DIR/<table>.parquet`` (types kept:
dates, nullable integers, flags) or ``DIR/<table>.csv`` (UTF-8 with a byte
order mark, so that spreadsheet programs show Vietnamese correctly).
:func:`format_rows` renders the rows of :func:`pipeline.query.owes` as a table
for the terminal, CSV, JSON or a per-agency summary.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from .errors import ExportError, QueryError
from .names import name_key
from .query import COLUMNS, frames
from .recurrence import parse_date

FORMATS = ("parquet", "csv")
SUMMARY_ROWS = 20  # agencies shown by the summary format, most overdue first
BOM = "\ufeff"  # what starts a CSV file, so that spreadsheet programs read it as UTF-8


def export(db=None, fmt: str = "parquet", out_dir="export") -> list[Path]:
    """Write one file per table into ``out_dir`` (created if missing); returns the paths written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (use parquet or csv)")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames(db).items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


# --------------------------------------------------------------------------- rows of owes

def _cut(text, width: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _table(header: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:{w}}}" for w in widths)
    out = [fmt.format(*header).rstrip(), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*l).rstrip() for l in lines]
    return "\n".join(out)


# The owes table: each column's widest (its text is cut beyond), and the order in which columns
# give up width when the table is wider than the terminal: (column, narrowest it gets, 0 = dropped).
OWES_COLUMNS = {"DUE": 24, "RULE": 22, "AGENCY": 32, "ROLE": 9, "TASK": 50, "DOCUMENT": 18, "PROVINCE": 14,
                "EVIDENCE": 60}
SHRINK = [("EVIDENCE", 24), ("TASK", 30), ("RULE", 0), ("EVIDENCE", 0), ("AGENCY", 24), ("TASK", 24),
          ("DOCUMENT", 12), ("PROVINCE", 10), ("AGENCY", 16), ("TASK", 16), ("PROVINCE", 8), ("DOCUMENT", 10),
          ("ROLE", 7), ("AGENCY", 12), ("TASK", 12), ("PROVINCE", 0)]


def _fitted(cells: list[dict], width: int | None) -> str:
    """The owes table with each column at most its width in OWES_COLUMNS and, given ``width``
    (the terminal's), the task, evidence and other columns shortened until the lines fit."""
    widths = {c: min(cap, max(len(c), *(len(r[c]) for r in cells))) for c, cap in OWES_COLUMNS.items()}

    def total():
        shown = [w for w in widths.values() if w]
        return sum(shown) + 2 * (len(shown) - 1)

    for column, floor in SHRINK if width else ():
        excess = total() - width
        if excess <= 0:
            break
        widths[column] = max(floor, widths[column] - excess)
        if widths[column] < len(column) and floor == 0:
            widths[column] = 0  # too narrow to be read: left out
    shown = [c for c in OWES_COLUMNS if widths[c]]
    return _table(shown, [[_cut(r[c], widths[c]) for c in shown] for r in cells])


def terminal_width() -> int | None:
    """The width of the terminal standard output writes to (or $COLUMNS), None for a file or pipe."""
    import os
    import shutil
    import sys

    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def summary(rows: list[dict], today=None) -> list[dict]:
    """Per agency: obligations, how many have a due date, are overdue, fall due in the next 30 days."""
    today = parse_date(today) or date.today()
    soon = (today + timedelta(days=30)).isoformat()
    out = defaultdict(lambda: {"obligations": 0, "dated": 0, "overdue": 0, "next_30_days": 0})
    for r in rows:
        s = out[r["agency"] or "(no agency)"]
        s["obligations"] += 1
        s["dated"] += r["due"] is not None
        s["overdue"] += r["overdue"]
        s["next_30_days"] += bool(r["due"] and today.isoformat() <= r["due"] <= soon)
    ranked = sorted(out.items(), key=lambda kv: (-kv[1]["overdue"], -kv[1]["obligations"], name_key(kv[0])))
    return [{"agency": name, **counts} for name, counts in ranked]


def format_rows(rows: list[dict], fmt: str = "table", today=None, heading: str | None = None,
                width: int | None = None) -> str:
    """``rows`` of :func:`owes` as ``table`` (for people), ``csv``, ``json`` or an agency ``summary``.

    ``heading`` (:func:`pipeline.query.describe_window`) is the table's first line; ``width`` the
    terminal's, which the table fits by shortening the task and evidence columns first. CSV starts
    with a UTF-8 byte order mark, as `export` writes it, so that spreadsheet programs read Vietnamese.
    """
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[*COLUMNS, "due_label", "overdue", "section", "source"],
                                extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return BOM + buf.getvalue().rstrip("\n")
    top = f"{heading}\n" if heading else ""
    if fmt == "summary":
        stats = summary(rows, today)
        lines = [[_cut(s["agency"], 48), *(str(s[k]) for k in ("obligations", "dated", "overdue", "next_30_days"))]
                 for s in stats[:SUMMARY_ROWS]]
        table = _table(["AGENCY", "OBLIGATIONS", "WITH DUE DATE", "OVERDUE", "DUE IN 30 DAYS"], lines)
        more = len(stats) - SUMMARY_ROWS
        rest = f"\n... and {more} more agencies (--format csv lists every row)." if more > 0 else ""
        return f"{top}{table}{rest}\n{len(rows)} obligations of {len(stats)} agencies."
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} (use table, csv, json or summary)")
    if not rows:
        return f"{top}No obligations match."
    cells = [{
        "DUE": (r.get("due_label") or r["due"] or "-") + (" !" if r["overdue"] else ""), "RULE": r["rule"] or "",
        "AGENCY": r["agency"] or "", "ROLE": r["role"] or "-", "TASK": _cut(r["task"], 10_000),
        "DOCUMENT": r["document"] or "-", "PROVINCE": r["province"] or "-", "EVIDENCE": _cut(r["evidence"], 10_000),
    } for r in rows]
    overdue = sum(r["overdue"] for r in rows)
    return (f"{top}{_fitted(cells, width)}\n{len(rows)} obligations"
            + (f", {overdue} overdue (marked !)." if overdue else "."))
