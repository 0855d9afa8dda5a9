"""Speed and memory of kehoach, as ratios against the raw tools on the same work.

    python bench/run.py [--quick] [--only extract,pdf,ocr,ingest,query]

Writes bench/results.json (parts not run keep their last figures; ``measured``
gives, per part, when it ran and whether with ``--quick``). Measures:

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
import importlib.util
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


def bench_extract(quick: bool) -> dict:
    import pipeline

    files = _texts()
    pipeline.extract(files[0])  # load models once, as a long-running process does
    rounds = 1 if quick else 3
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


def bench_pdf(quick: bool) -> dict:
    import pdfplumber
    import pypdfium2

    import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        pdfs = make_text_pdfs(Path(tmp), 4 if quick else 12)
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


def _plugin(name: str):
    path = ROOT / "bench" / f"{name}_bench.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"{name}_bench", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller samples, under 5 minutes")
    ap.add_argument("--only", default="extract,pdf,ocr,scan,ingest,query", help="comma-separated parts to run")
    args = ap.parse_args(argv)
    parts = args.only.split(",")
    out = ROOT / "bench" / "results.json"
    # Parts not run this time keep their last figures; ``measured`` says when and how each part ran.
    results: dict = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results.update({"cores": os.cpu_count(), "python": platform.python_version()})
    measured = results.setdefault("measured", {})
    runners = {"extract": bench_extract, "pdf": bench_pdf}
    for part in parts:
        t0 = time.perf_counter()
        if part in runners:
            results.update(runners[part](args.quick))
        else:
            mod = _plugin(part)
            if mod is None:
                print(f"bench: no bench/{part}_bench.py, skipped", file=sys.stderr)
                continue
            results.update(mod.run(args.quick))
        measured[part] = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "quick": args.quick,
                          "seconds": round(time.perf_counter() - t0, 1)}
        print(f"bench: {part} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    for stale in ("quick", "when"):  # per part now, in ``measured``
        results.pop(stale, None)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
