"""Tables as DataFrames (pipeline.frames) and as Parquet/CSV files (kehoach export)."""
from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import cli
from pipeline.errors import ExportError
from pipeline.export import export

DOCS = ["seeds/001_7a113dd4bb8f1a7d.txt", "documents/nghe-an-987-kh-ubnd-2025.txt"]
TABLES = ["documents", "copies", "pages", "citations", "assignments", "deadlines", "quotas", "quarantine", "runs"]


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus):
    from pipeline.batch import ingest_paths

    path = tmp_path_factory.mktemp("export") / "db.sqlite"
    assert ingest_paths(f"sqlite:///{path}", [corpus / p for p in DOCS]).loaded == len(DOCS)
    return path


def _counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def test_frames_gives_every_table_with_useful_types(db):
    frames = pipeline.frames(f"sqlite:///{db}")
    assert list(frames) == TABLES
    assert {name: len(f) for name, f in frames.items()} == _counts(db)
    docs, deadlines = frames["documents"], frames["deadlines"]
    assert str(docs["issue_date"].dtype).startswith("datetime64")
    assert str(deadlines["due"].dtype).startswith("datetime64")
    assert str(docs["ocr_used"].dtype) == "boolean" and str(deadlines["evidence_page"].dtype) == "Int64"
    assert "1068/KH-UBND" in set(docs["number"]) and "Ninh Thuận" in set(docs["province"])
    assert (frames["assignments"]["agency"] == "Sở Nội vụ").any()
    # a join a notebook would make: tasks per province
    joined = frames["assignments"].merge(docs, left_on="document_id", right_on="id")
    assert set(joined["province"]) == {"Ninh Thuận", "Nghệ An"}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_one_file_per_table_that_reads_back(db, tmp_path, fmt):
    out = tmp_path / "out"
    paths = export(f"sqlite:///{db}", fmt, out)
    assert [p.name for p in paths] == [f"{t}.{fmt}" for t in TABLES]
    frames = pipeline.frames(f"sqlite:///{db}")
    for table in TABLES:
        back = pd.read_parquet(out / f"{table}.parquet") if fmt == "parquet" else pd.read_csv(out / f"{table}.csv")
        assert list(back.columns) == list(frames[table].columns)
        assert len(back) == len(frames[table])
    assignments = (pd.read_parquet if fmt == "parquet" else pd.read_csv)(out / f"assignments.{fmt}")
    assert list(assignments["agency"]) == list(frames["assignments"]["agency"])  # Vietnamese intact
    if fmt == "parquet":
        back = pd.read_parquet(out / "documents.parquet")
        pd.testing.assert_frame_equal(back, frames["documents"], check_dtype=False)
    else:
        raw = (out / "deadlines.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8
        issued = pd.read_csv(out / "documents.csv", dtype=str)["issue_date"].dropna()
        assert len(issued) == 2 and issued.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_cli_export(db, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", f"sqlite:///{db}", "--format", "csv", "-o", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote 9 files to {tmp_path / 'x'}: documents.csv")


def test_bad_arguments_are_one_clear_line(db, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        export(f"sqlite:///{db}", "xlsx", tmp_path)
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    result = CliRunner().invoke(cli, ["export", "--db", f"sqlite:///{db}", "-o", str(a_file)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["export", "--db", f"sqlite:///{tmp_path}/missing.db", "-o", str(tmp_path / "y")])
    assert result.exit_code == 2 and result.output.startswith("kehoach: ") and "no such database" in result.output


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_the_owes_table_fits_the_terminal(db, width):
    from pipeline.export import format_rows
    from pipeline.query import owes

    rows = owes(f"sqlite:///{db}")
    wide = format_rows(rows, "table").splitlines()
    assert max(map(len, wide)) > 160  # the task and evidence at their widest
    lines = format_rows(rows, "table", width=width).splitlines()
    assert max(map(len, lines)) <= width
    header = lines[0].split()
    assert header[:1] == ["DUE"] and {"AGENCY", "TASK", "DOCUMENT"} <= set(header)
    assert lines[-1] == f"{len(rows)} obligations" + wide[-1].split("obligations", 1)[1]


def test_the_cli_table_fits_the_columns_it_is_given(db):
    result = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["owes", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0 and max(map(len, result.output.splitlines())) <= 100
