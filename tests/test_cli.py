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

