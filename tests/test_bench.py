"""bench/run.py: every part starts and runs from a checkout, and bench/results.json holds only its output.

Each part runs on its smallest sample (``--smallest``) in a process of its own, as
``make bench`` runs it; the figures are written to a temporary file, not to the
repository's results. No figure is checked: speed belongs to the benchmark.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as bench_run  # noqa: E402

EXPECTED = ["extract", "pdf", "ocr", "scan", "ingest", "query"]


def test_every_part_of_the_issue_is_found():
    assert bench_run.parts()[:len(EXPECTED)] == EXPECTED


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.issue(12)
@pytest.mark.parametrize("part", bench_run.parts())
def test_part_runs_on_its_smallest_sample_from_a_checkout(part, tmp_path):
    # a checkout: the repository on PYTHONPATH, run from elsewhere, nothing installed by name
    out = tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smallest", "--only", part,
                           "--out", str(out)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    measured = results["measured"][part]
    assert measured["sample"] == "smallest"
    assert measured["figures"] and all(key in results for key in measured["figures"])


def test_smallest_sample_never_writes_the_repository_results(capsys):
    results = ROOT / "bench" / "results.json"
    before = results.read_bytes()
    assert bench_run.main(["--smallest", "--only", "extract"]) == 0
    assert results.read_bytes() == before
    assert json.loads(capsys.readouterr().out)["measured"]["extract"]["sample"] == "smallest"


def test_unknown_part_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit):
        bench_run.main(["--only", "nosuchpart"])
    assert "no part 'nosuchpart'" in capsys.readouterr().err


def test_a_part_run_again_replaces_all_its_figures(tmp_path, monkeypatch):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"measured": {"extract": {"figures": ["extract_old_figure"]}},
                               "extract_old_figure": 1, "query_figure": 2}), encoding="utf-8")
    monkeypatch.setitem(bench_run.BUILT_IN, "extract", lambda quick, smallest: {"extract_new_figure": 3})
    assert bench_run.main(["--only", "extract", "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert "extract_old_figure" not in results
    assert results["extract_new_figure"] == 3 and results["query_figure"] == 2
@pytest.mark.issue(12)
def test_results_hold_only_figures_of_bench_run():
    """Nothing merged by hand: every figure belongs to a part measured by bench/run.py."""
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    measured = results.pop("measured")
    assert set(measured) == set(bench_run.parts())
    claimed = [key for part in measured.values() for key in part["figures"]]
    assert len(claimed) == len(set(claimed))
    assert set(results) - {"cores", "python"} == set(claimed)
    for part in measured.values():
        assert part["sample"] in ("quick", "full") and part["seconds"] > 0
