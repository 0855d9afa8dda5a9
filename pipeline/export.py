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

from .errors import ExitCode, KehoachError
from .query import COLUMNS, QueryError, frames, key, parse_date

FORMATS = ("parquet", "csv")
SUMMARY_ROWS = 20  # agencies shown by the summary format, most overdue first


class ExportError(KehoachError):
    exit_code = ExitCode.bad_args


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
    ranked = sorted(out.items(), key=lambda kv: (-kv[1]["overdue"], -kv[1]["obligations"], key(kv[0])))
    return [{"agency": name, **counts} for name, counts in ranked]


def format_rows(rows: list[dict], fmt: str = "table", today=None) -> str:
    """``rows`` of :func:`owes` as ``table`` (for people), ``csv``, ``json`` or an agency ``summary``."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[*COLUMNS, "due_label", "overdue", "section", "source"], extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "summary":
        stats = summary(rows, today)
        lines = [[_cut(s["agency"], 48), *(str(s[k]) for k in ("obligations", "dated", "overdue", "next_30_days"))]
                 for s in stats[:SUMMARY_ROWS]]
        table = _table(["AGENCY", "OBLIGATIONS", "WITH DUE DATE", "OVERDUE", "DUE IN 30 DAYS"], lines)
        more = len(stats) - SUMMARY_ROWS
        rest = f"\n... and {more} more agencies (--format csv lists every row)." if more > 0 else ""
        return f"{table}{rest}\n{len(rows)} obligations of {len(stats)} agencies."
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} (use table, csv, json or summary)")
    if not rows:
        return "No obligations match."
    lines = [[
        (r.get("due_label") or r["due"] or "-") + (" !" if r["overdue"] else ""), _cut(r["rule"] or "", 22), _cut(r["agency"], 32),
        r["role"] or "-", _cut(r["task"], 50), _cut(r["document"] or "-", 18), _cut(r["province"] or "-", 14),
        _cut(r["evidence"], 60),
    ] for r in rows]
    table = _table(["DUE", "RULE", "AGENCY", "ROLE", "TASK", "DOCUMENT", "PROVINCE", "EVIDENCE"], lines)
    overdue = sum(r["overdue"] for r in rows)
    return f"{table}\n{len(rows)} obligations" + (f", {overdue} overdue (marked !)." if overdue else ".")
