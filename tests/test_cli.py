"""The kehoach command: documented commands, one record per input, clear errors."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ["documents", "seeds", "doc", "docx", "pdf"]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no help"
    assert "Example" in command.help, f"{name}'s help has no example"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"kehoach {name}\b", readme), f"README.md does not document `kehoach {name}`"


def test_extract_gives_one_record_per_bundled_document_in_input_order(runner, corpus):
    files = sorted(p for d in BUNDLED for p in (corpus / d).iterdir() if p.is_file())
    result = runner.invoke(cli, ["extract", *map(str, files), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == list(map(str, files))
    for r in records:
        assert r["kind"] in {"plan", "decision", "directive", "official_letter", "report", "news", "other"}
        assert len(r["sha256"]) == 64


def test_evidence_spans_index_the_text_command(runner, corpus):
    path = corpus / "documents" / "nghe-an-980-kh-ubnd-2025.txt"
    text = runner.invoke(cli, ["text", str(path)]).stdout
    record = json.loads(runner.invoke(cli, ["extract", str(path)]).stdout)
    items = record["references"] + record["assignments"] + record["deadlines"] + record["quotas"]
    assert items
    for item in items:
        ev = item["evidence"]
        assert 0 <= ev["start"] < ev["end"] <= len(text)
        assert ev["page"] == 1
    ref = record["references"][0]
    assert text[ref["evidence"]["start"]:ref["evidence"]["end"]].replace(" ", "") == ref["number"]


def test_bad_inputs_get_one_line_each_and_the_rest_goes_through(tmp_path, corpus):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk_pdf = tmp_path / "junk.pdf"
    junk_pdf.write_bytes(b"this is not a pdf at all")
    junk_docx = tmp_path / "junk.docx"
    junk_docx.write_bytes(b"PK\x03\x04 broken zip")
    good = corpus / "seeds" / "001_7a113dd4bb8f1a7d.txt"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(empty), str(good), str(junk_pdf),
                           str(junk_docx)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 3
    for err, path in zip(errors, [empty, junk_pdf, junk_docx]):
        assert err.startswith(f"kehoach: {path}: ")
        assert "Traceback" not in err
    (record,) = [json.loads(l) for l in proc.stdout.splitlines()]
    assert record["number"] == "1068/KH-UBND"


def mixed_folder(tmp_path, corpus) -> Path:
    """A folder as offices keep them: a .doc, a web text, notes, a spreadsheet, a file without extension."""
    import shutil

    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(corpus / "doc" / "quang-ninh-99-2025-nq-hdnd.doc", folder / "sub" / "nghi-quyet.doc")
    shutil.copy(corpus / "seeds" / "001_7a113dd4bb8f1a7d.txt", folder / "plan.txt")
    (folder / "notes.md").write_text("# notes\n")
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (folder / "README").write_text("read me\n")
    return folder


def test_a_folder_gives_a_record_for_its_doc_and_names_every_file_it_cannot_read(tmp_path, corpus):
    folder = mixed_folder(tmp_path, corpus)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(folder)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 1
    numbers = [json.loads(line)["number"] for line in proc.stdout.splitlines()]
    assert numbers == ["1068/KH-UBND", "99/2025/NQ-HĐND"]
    errors = sorted(proc.stderr.strip().splitlines())
    assert errors == [
        f"kehoach: {folder}/README: no file extension (supported: .txt, .html, .htm, .doc, .docx, .pdf, .png, "
        ".jpg, .jpeg, .tif, .tiff)",
        f"kehoach: {folder}/budget.xlsx: spreadsheets are not supported (supported: .txt, .html, .htm, .doc, "
        ".docx, .pdf, .png, .jpg, .jpeg, .tif, .tiff)",
        f"kehoach: {folder}/notes.md: unsupported file type '.md' (supported: .txt, .html, .htm, .doc, .docx, "
        ".pdf, .png, .jpg, .jpeg, .tif, .tiff)",
    ]


def test_outline_shows_section_paths(runner, corpus):
    out = runner.invoke(cli, ["extract", str(corpus / "seeds" / "001_7a113dd4bb8f1a7d.txt"), "--format", "outline"]).stdout
    assert re.search(r"section\s+V\.1\.b\s", out)
    assert "Sở Thông tin và Truyền thông" in out


def test_eval_scores_the_gold_set(runner, corpus):
    result = runner.invoke(cli, ["eval", str(corpus / "gold"), str(corpus / "seeds"), str(corpus / "documents"), str(corpus / "pool"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == len(list((corpus / "gold").glob("*.json")))
    assert scores["number"] >= 0.95


# --- database and cluster errors: one line, exit status 2, never the password -----------------

def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # bound, then closed: nothing listens there
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORD = "Sup3r-s3cret-pw"
DB_COMMANDS = [
    ["ingest", "corpora/doc"],
    ["owes"],
    ["owes", "--format", "summary"],
    ["calendar", "-o", "{tmp}/k.ics"],
    ["serve", "--port", "0"],
    ["export", "-o", "{tmp}/export"],
]


@pytest.mark.parametrize("command", DB_COMMANDS, ids=lambda c: "-".join(c[:3:2]))
def test_an_unreachable_postgresql_server_is_one_line_without_the_password(command, tmp_path):
    import os

    port = _closed_port()
    url = f"postgresql://analyst:{PASSWORD}@127.0.0.1:{port}/kehoach_prod"
    args = [a.format(tmp=tmp_path) for a in command]
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args, "--db", url], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert PASSWORD not in output and "Traceback" not in output
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1, output
    assert proc.stderr.startswith(f"kehoach: cannot connect to the PostgreSQL database kehoach_prod on "
                                  f"127.0.0.1:{port} as analyst: ")


def test_the_password_is_hidden_from_every_database_error(monkeypatch):
    from pipeline.errors import DatabaseError
    from pipeline.query import owes

    monkeypatch.setenv("KEHOACH_DB", f"postgresql://analyst:{PASSWORD}@127.0.0.1:{_closed_port()}/k")
    with pytest.raises(DatabaseError) as err:
        owes()
    assert PASSWORD not in str(err.value) and PASSWORD not in repr(err.value) and err.value.exit_code == 2


def test_a_plain_path_is_a_sqlite_database(tmp_path, corpus):
    db = tmp_path / "sub" / "plans.db"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(corpus / "doc"), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert db.is_file() and f"database: sqlite:///{db} " in proc.stdout
    result = CliRunner().invoke(cli, ["owes", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0 and {r["document"] for r in json.loads(result.stdout)} == {"99/2025/NQ-HĐND"}
    for command in (["owes"], ["export", "-o", str(tmp_path / "x")]):
        missing = CliRunner().invoke(cli, [*command, "--db", str(tmp_path / "none.db")])
        assert missing.exit_code == 2 and missing.stderr == f"kehoach: {tmp_path}/none.db: no such database " \
                                                            "(run `kehoach ingest` first)\n"


def test_a_db_value_that_is_no_database_is_one_line_without_repeating_it(tmp_path):
    for value in (f"postgresql://analyst:{PASSWORD}@host:notaport/k", f"mysql://analyst:{PASSWORD}@host/k"):
        result = CliRunner().invoke(cli, ["owes", "--db", value])
        assert result.exit_code == 2 and PASSWORD not in result.output
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("kehoach: ")


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path, corpus):
    from pipeline.cluster import DASK_CONNECT_TIMEOUT

    address = f"tcp://127.0.0.1:{_closed_port()}"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(corpus / "doc"), "--db",
                           str(tmp_path / "k.db"), "--dask-address", address],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    (line,) = (proc.stdout + proc.stderr).strip().splitlines()
    assert line.startswith(f"kehoach: cannot reach the Dask scheduler at {address}: ")
    assert f"after {DASK_CONNECT_TIMEOUT} s" in line  # its own short timeout, not Dask's 30 s
