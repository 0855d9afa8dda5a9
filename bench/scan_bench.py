"""Extraction from rendered scans against extraction from the same documents' clean text.

    python bench/scan_bench.py [--quick] [--shipped-lexicon] [--keep DIR]
    (bench/run.py --only scan calls ``run(quick, smallest=...)``)

Every page of each gold document (the stems of corpora/gold/*.json; its text is
``pipeline.text`` of the source in corpora/seeds or corpora/documents) is
typeset on A4 (two-column header, title, paragraphs, ruled tables, recipients
and signature) and damaged like a scan by ``scripts/ocr_damage.py``: one
resolution a document (100-300 dpi), skew, blur, JPEG, uneven light, shadow,
fading or noise by page, and a red seal on the signature page and the last
page.  The pages are saved as an image-only PDF named by the document's stem,
read by ``pipeline.extract`` (so by OCR), and both record sets are scored with
``pipeline.evaluate.score`` against the gold records.

By default the OCR post-correction uses a lexicon rebuilt without the gold
documents (``KEHOACH_OCR_LEXICON``), since the shipped one was built from most
of them: the scores are those of documents the corrector has not seen.
``--shipped-lexicon`` measures with models/ocr as shipped; ``--keep DIR`` keeps
the PDFs, both texts and both records of each document in DIR.
"""
from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpora"
GOLD = CORPUS / "gold"
# a web article at 100 dpi, a plan with a table (and an appendix after the signature), a plan
QUICK_STEMS = ("002_1092c537d5eb0b5a", "nghe-an-980-kh-ubnd-2025", "ha-noi-308-kh-ubnd-2025")
SMALLEST_STEMS = ("002_1092c537d5eb0b5a",)  # 3 pages at 100 dpi


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _source(stem: str) -> Path:
    for folder in ("seeds", "documents"):
        found = sorted((CORPUS / folder).glob(f"{stem}.*"))
        if found:
            return found[0]
    raise FileNotFoundError(f"no source for gold record {stem} in corpora/seeds or corpora/documents")


def _render(stem: str, text: str, out: str) -> dict:
    """Typeset and damage every page of one text, saved as an image-only PDF."""
    maker = _script("ocr_damage")
    images, dpi, specs = maker.render_scan(text, stem)
    images = [im.convert("RGB") for im in images]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return {"pages": len(images), "dpi": dpi, "seals": sum(1 for s in specs if s.get("stamp"))}


def _leave_out_lexicon(stems: set[str], folder: Path) -> Path:
    """syllables.tsv and bigrams.tsv built like models/ocr but without the gold documents."""
    build = _script("build_ocr_lexicon")
    sources = [p for p in build.default_sources() if p.stem not in stems]
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in build.build(sources).items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def _per_field(prefix: str, scores) -> dict:
    d = scores.as_dict()
    d.pop("documents")
    return {f"{prefix}_{k}": v for k, v in d.items()}


def run(quick: bool = False, shipped_lexicon: bool = False, keep: Path | None = None, smallest: bool = False) -> dict:
    import pipeline
    from pipeline.ocr import check_tesseract
    from pipeline.ocr_correct import text_metrics

    check_tesseract()
    stems = sorted(p.stem for p in GOLD.glob("*.json"))
    if quick or smallest:
        stems = [s for s in stems if s in (SMALLEST_STEMS if smallest else QUICK_STEMS)]
    saved_env = os.environ.get("KEHOACH_OCR_LEXICON")
    with tempfile.TemporaryDirectory(prefix="kehoach-scan-bench-") as td:
        tmp = Path(td)
        gold = tmp / "gold"
        gold.mkdir()
        for s in stems:
            shutil.copy(GOLD / f"{s}.json", gold)
        clean_docs = {s: pipeline.read_document(_source(s)) for s in stems}
        clean = [pipeline.extract_document(clean_docs[s]).to_dict() for s in stems]
        t0 = time.perf_counter()
        with cf.ProcessPoolExecutor(max_workers=min(len(stems), os.cpu_count() or 1)) as pool:
            futures = {s: pool.submit(_render, s, clean_docs[s].text, str(tmp / f"{s}.pdf")) for s in stems}
            renders = {s: f.result() for s, f in futures.items()}
        render_s = time.perf_counter() - t0
        if not shipped_lexicon:
            os.environ["KEHOACH_OCR_LEXICON"] = str(_leave_out_lexicon(set(stems), tmp / "lexicon"))
        try:
            t0 = time.perf_counter()
            scan_docs = {s: pipeline.read_document(tmp / f"{s}.pdf") for s in stems}
            scan = [pipeline.extract_document(scan_docs[s]).to_dict() for s in stems]
            ocr_s = time.perf_counter() - t0
        finally:
            if saved_env is None:
                os.environ.pop("KEHOACH_OCR_LEXICON", None)
            else:
                os.environ["KEHOACH_OCR_LEXICON"] = saved_env
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            for s in stems:
                shutil.copy(tmp / f"{s}.pdf", keep)
                (keep / f"{s}.clean.txt").write_text(clean_docs[s].text, encoding="utf-8")
                (keep / f"{s}.ocr.txt").write_text(scan_docs[s].text, encoding="utf-8")
                (keep / f"{s}.clean.json").write_text(json.dumps(clean[stems.index(s)], ensure_ascii=False,
                                                                 indent=1), encoding="utf-8")
                (keep / f"{s}.scan.json").write_text(json.dumps(scan[stems.index(s)], ensure_ascii=False,
                                                                indent=1), encoding="utf-8")
        per_doc = {}
        for s, c, r in zip(stems, clean, scan):
            one = tmp / f"gold-{s}"
            one.mkdir()
            shutil.copy(GOLD / f"{s}.json", one)
            m = text_metrics(clean_docs[s].text, scan_docs[s].text)
            per_doc[s] = {**renders[s], "bag_err": round(m["bag_err"], 4),
                          "diacritic_err": round(m["diacritic_err"], 4),
                          "clean_macro_f1": round(pipeline.score(one, [c]).macro_f1, 3),
                          "scan_macro_f1": round(pipeline.score(one, [r]).macro_f1, 3)}
        s_scan, s_clean = pipeline.score(gold, scan), pipeline.score(gold, clean)
    pages = sum(d["pages"] for d in per_doc.values())
    out = {
        "scan_documents": len(stems),
        "scan_pages": pages,
        "scan_lexicon": "shipped" if shipped_lexicon else "without the gold documents",
        "scan_render_s": round(render_s, 1),
        "scan_ocr_extract_pages_per_s": round(pages / ocr_s, 3),
        "scan_macro_f1": round(s_scan.macro_f1, 3),
        "clean_macro_f1": round(s_clean.macro_f1, 3),
        "scan_vs_clean_macro_f1_gap": round(s_clean.macro_f1 - s_scan.macro_f1, 3),
    }
    out.update(_per_field("scan", s_scan))
    out.update(_per_field("clean", s_clean))
    for f in list(s_scan.as_dict()):
        if f not in ("documents", "macro_f1"):
            out[f"scan_vs_clean_{f}_gap"] = round(out[f"clean_{f}"] - out[f"scan_{f}"], 3)
    out["scan_per_document"] = per_doc
    return out


if __name__ == "__main__":
    keep = None
    if "--keep" in sys.argv:
        keep = Path(sys.argv[sys.argv.index("--keep") + 1])
    print(json.dumps(run("--quick" in sys.argv, "--shipped-lexicon" in sys.argv, keep), indent=2,
                     ensure_ascii=False))
