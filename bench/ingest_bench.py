"""Ingest benchmark: Prefect flow overhead, scaling, and memory.

``run(quick)`` returns:
- ``ingest_overhead``: wall time of ``kehoach ingest`` (defaults: one worker
  process per CPU from 40 files on; Prefect's temporary server included, as a
  user gets it) on 200 documents over a plain Python loop doing the same
  extraction and load in one process (``pipeline.ingest_paths``), each in
  a fresh process; runs alternate, median of 5 ratios (quick: 1). Target <= 1.25.
  ``details``: the same with ``--workers 1`` (``ingest_overhead_one_worker``)
  and with a Prefect server already running (PREFECT_API_URL set).
- ``scale_10x``: flow wall time on 10x documents over 1x (100 -> 1,000; quick:
  20 -> 200), against a Prefect server already running. Target <= 11.
- ``peak_rss_mb``: peak RSS of the ingest process and its children during the
  10x run (1,000 documents; quick: 200). Target <= 1500.
Documents are corpus text documents, each copy made distinct by one added line.

    python -m bench.ingest_bench [--quick]
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_docs(dest: Path, n: int) -> Path:
    """n distinct documents: corpus text documents, each with a numbered line appended."""
    dest.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "corpora" / "documents").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in sources]
    for i in range(n):
        k = i % len(sources)
        (dest / f"{i:05d}_{sources[k].name}").write_text(texts[k] + f"\nBản số {i}.\n", encoding="utf-8")
    return dest


def _timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the process and its children) of one command."""
    import psutil

    log = tempfile.TemporaryFile("w+")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - start
    log.seek(0)
    err = log.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed: {err[-2000:]}")
    return wall, peak / 2**20


def _plain(src: Path, db: Path, env: dict) -> float:
    code = ("import sys; from pipeline import ingest_paths; "
            f"t = ingest_paths('sqlite:///{db}', [{str(src)!r}]); assert t.loaded, t")
    return _timed([sys.executable, "-c", code], env)[0]


def _flow(src: Path, db: Path, env: dict, *options: str) -> tuple[float, float]:
    return _timed([sys.executable, "-m", "pipeline", "ingest", str(src), "--db", f"sqlite:///{db}", *options], env)


def _overhead(docs: Path, tmp: Path, env: dict, repeats: int) -> dict:
    """Flow over plain-loop wall time, default and with one worker: runs interleaved, so that
    each ratio compares runs made seconds apart (this machine's speed drifts); medians of the ratios."""
    times = {"plain": [], "flow": [], "flow_one_worker": []}
    for i in range(repeats):
        times["plain"].append(_plain(docs, tmp / f"plain{i}.db", env))
        times["flow"].append(_flow(docs, tmp / f"flow{i}.db", env)[0])
        times["flow_one_worker"].append(_flow(docs, tmp / f"one{i}.db", env, "--workers", "1")[0])
    ratios = {name: sorted(f / p for f, p in zip(times[name], times["plain"])) for name in ("flow", "flow_one_worker")}
    return {
        "ratio": statistics.median(ratios["flow"]),
        "ratio_one_worker": statistics.median(ratios["flow_one_worker"]),
        "ratio_range": [round(ratios["flow"][0], 3), round(ratios["flow"][-1], 3)],
        **{f"{name}_s": statistics.median(values) for name, values in times.items()},
    }


def run(quick: bool = False, smallest: bool = False) -> dict:
    """The figures above; ``smallest``: 4 documents, 1 -> 10 for the scaling (checks that the part runs)."""
    n_overhead, n_small, repeats = (4, 1, 1) if smallest else (200, 20, 1) if quick else (200, 100, 5)
    tmp = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(tmp / "prefect-home"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    try:
        # Prefect creates its own database on first use (once per PREFECT_HOME): not part of a run.
        cold, _ = _flow(make_docs(tmp / "warm", 1), tmp / "warm.db", env)
        docs = make_docs(tmp / "overhead", n_overhead)
        overhead = _overhead(docs, tmp, env, repeats)
        plain = overhead["plain_s"]

        saved = {k: os.environ.get(k) for k in ("PREFECT_HOME", "PREFECT_API_URL")}
        os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]
        os.environ.pop("PREFECT_API_URL", None)
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from flows.server import LocalServer

        server = LocalServer()  # a server already running, as a team would have
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        try:
            if not server.wait(120):
                raise RuntimeError("the Prefect server did not start")
            served = {**env, "PREFECT_API_URL": server.api_url}
            flow_served, _ = _flow(docs, tmp / "served.db", served)
            small, _ = _flow(make_docs(tmp / "small", n_small), tmp / "small.db", served)
            large, rss = _flow(make_docs(tmp / "large", 10 * n_small), tmp / "large.db", served)
        finally:
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "ingest_overhead": round(overhead["ratio"], 3),
        "scale_10x": round(large / small, 3),
        "peak_rss_mb": round(rss, 1),
        "details": {
            "documents": {"overhead": n_overhead, "scale_small": n_small, "scale_large": 10 * n_small},
            "repeats": repeats,
            "plain_loop_s": round(plain, 2),
            "flow_with_temporary_server_s": round(overhead["flow_s"], 2),
            "ingest_overhead_range": overhead["ratio_range"],
            "flow_one_worker_s": round(overhead["flow_one_worker_s"], 2),
            "ingest_overhead_one_worker": round(overhead["ratio_one_worker"], 3),
            "flow_with_running_server_s": round(flow_served, 2),
            "ingest_overhead_running_server": round(flow_served / plain, 3),
            "flow_first_use_of_prefect_home_s": round(cold, 2),
            "flow_small_s": round(small, 2),
            "flow_large_s": round(large, 2),
        },
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
