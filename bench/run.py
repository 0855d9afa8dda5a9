"""Speed and memory of kehoach, as ratios against the raw tools on the same work.

    python bench/run.py [--quick | --smallest] [--only extract,pdf,ocr,scan,ingest,query] [--out FILE]

Writes bench/results.json (parts not run keep their last figures; a part that
runs replaces all of its own; ``measured`` gives, per part, when it ran, with
which sample and in how many seconds). ``--smallest`` runs every part on the
smallest sample it can take, to check that each part starts and runs (the
tests do that): its figures mean nothing and are written only to ``--out``.

The parts are ``extract`` and ``pdf`` (here) and every ``bench/NAME_bench.py``
with a ``run(quick, smallest)`` function, imported as the module
``bench.NAME_bench`` (so its functions can be sent to worker processes).
Measures:

- ``extract_text_docs_per_s``: full extraction (ingest, normalise, header,
  references, agencies, roles, deadlines, quotas) of the bundled text
  documents, one process, models loaded once;
- ``pdf_pages_per_s`` and ``pdf_vs_pdfplumber``: kehoach's full extraction of
  text PDFs, pages per second, over pdfplumber's ``extract_text`` alone on the
  same pages (the PDFs are rendered from corpus texts with matplotlib, so
  they have a real text layer);
- the OCR, ingest and query figures of ``bench/*_bench.py``.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpora"


def _texts() -> list[Path]:
    return sorted((CORPUS / "documents").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))


def bench_extract(quick: bool, smallest: bool = False) -> dict:
    import pipeline

    files = _texts()[:2] if smallest else _texts()
    pipeline.extract(files[0])  # load models once, as a long-running process does
    rounds = 1 if quick or smallest else 3
    sizes = [f.stat().st_size for f in files]
    t0 = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            pipeline.extract(f)
    elapsed = time.perf_counter() - t0
    n = len(files) * rounds
    return {"extract_text_docs_per_s": round(n / elapsed, 2), "extract_text_docs": len(files),
            "extract_text_mean_kb": round(sum(sizes) / len(sizes) / 1024, 1)}


def make_text_pdfs(out_dir: Path, count: int) -> list[Path]:
    """Render corpus texts to multi-page A4 PDFs with a real text layer (matplotlib, DejaVu Sans)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    import pipeline

    paths = []
    for src in _texts()[:count]:
        lines = []
        for para in pipeline.text(src).replace("\f", "\n").split("\n"):
            lines.extend(textwrap.wrap(para, 95) or [""])
        path = out_dir / (src.stem + ".pdf")
        with PdfPages(path) as pdf:
            for start in range(0, len(lines), 55):
                fig = plt.figure(figsize=(8.27, 11.69))
                for i, line in enumerate(lines[start:start + 55]):
                    fig.text(0.06, 0.96 - i * 0.0168, line, fontsize=8.5, family="DejaVu Sans")
                pdf.savefig(fig)
                plt.close(fig)
        paths.append(path)
    return paths


def bench_pdf(quick: bool, smallest: bool = False) -> dict:
    import pdfplumber
    import pypdfium2

    import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        pdfs = make_text_pdfs(Path(tmp), 1 if smallest else 4 if quick else 12)
        pages = sum(len(pypdfium2.PdfDocument(p)) for p in pdfs)
        pipeline.extract(pdfs[0])
        t0 = time.perf_counter()
        for p in pdfs:
            pipeline.extract(p)
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        for p in pdfs:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_text()
        plumber = time.perf_counter() - t0
    return {"pdf_pages": pages, "pdf_pages_per_s": round(pages / ours, 1),
            "pdfplumber_pages_per_s": round(pages / plumber, 1), "pdf_vs_pdfplumber": round(plumber / ours, 2)}


BUILT_IN = {"extract": bench_extract, "pdf": bench_pdf}
ORDER = ("extract", "pdf", "ocr", "scan", "ingest", "query")  # the rest follow by name


def _plugin(name: str):
    """The module ``bench.NAME_bench`` if it has a ``run`` function, else None.

    Imported by its package name, not from its file path: a module loaded from
    a path under no name in ``sys.modules`` cannot send its functions to worker
    processes (pickle finds them by module and name)."""
    if not (ROOT / "bench" / f"{name}_bench.py").exists():
        return None
    mod = importlib.import_module(f"bench.{name}_bench")
    return mod if callable(getattr(mod, "run", None)) else None


def parts() -> list[str]:
    """Every part that can run: the built-in ones and each ``bench/NAME_bench.py`` with ``run``."""
    found = [p.name[:-len("_bench.py")] for p in sorted((ROOT / "bench").glob("*_bench.py"))]
    names = list(BUILT_IN) + [n for n in found if _plugin(n) is not None]
    return sorted(dict.fromkeys(names), key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def run_part(part: str, quick: bool, smallest: bool = False) -> dict:
    """The figures of one part."""
    if part in BUILT_IN:
        return BUILT_IN[part](quick, smallest)
    mod = _plugin(part)
    if mod is None:
        raise SystemExit(f"bench: no part {part!r} (the parts are {', '.join(parts())})")
    return mod.run(quick, smallest=smallest)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller samples, under 10 minutes on 2 cores")
    size.add_argument("--smallest", action="store_true",
                      help="the smallest sample of each part: checks that it runs; figures go only to --out")
    ap.add_argument("--only", default=None, help=f"comma-separated parts to run (default: all, {','.join(parts())})")
    ap.add_argument("--out", type=Path, default=None, help="results file (default: bench/results.json)")
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else parts()
    unknown = [n for n in names if n not in parts()]
    if unknown:
        ap.error(f"no part {unknown[0]!r} (the parts are {', '.join(parts())})")
    out = args.out or (None if args.smallest else ROOT / "bench" / "results.json")
    sample = "smallest" if args.smallest else "quick" if args.quick else "full"
    # Parts not run this time keep their last figures; ``measured`` says when and how each part ran.
    results: dict = json.loads(out.read_text(encoding="utf-8")) if out and out.exists() else {}
    results.update({"cores": os.cpu_count(), "python": platform.python_version()})
    measured = results.setdefault("measured", {})
    for part in names:
        t0 = time.perf_counter()
        figures = run_part(part, args.quick, args.smallest)
        for key in measured.get(part, {}).get("figures", []):  # a part's figures are all its own run's
            results.pop(key, None)
        results.update(figures)
        measured[part] = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "sample": sample,
                          "seconds": round(time.perf_counter() - t0, 1), "figures": sorted(figures)}
        print(f"bench: {part} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    for stale in ("quick", "when"):  # per part now, in ``measured``
        results.pop(stale, None)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
