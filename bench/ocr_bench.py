"""OCR speed and quality: kehoach against the ``tesseract`` CLI on the same page images.

    python bench/ocr_bench.py [--quick]      (bench/run.py calls ``run(quick)``)

The pages are those of corpora/ocr (synthetic phone-photo and scanner pages,
and the real scans at 300 dpi).  The CLI reads each page image on its own
(``tesseract IMG OUT -l vie``, as a user would run it, and once more with
``OMP_THREAD_LIMIT=1``); kehoach reads the same images as one multi-page TIFF
through ``ocr_image_file`` with its default workers (one per core), including
pre-processing and post-correction.  Quality is reported on the held-out
pages only (bag_err, diacritic_err, as in ``pipeline.ocr.text_metrics``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OCR_DIR = ROOT / "corpora" / "ocr"
QUICK_IDS = ("h01", "h03", "h06", "r02")


def _pages(quick: bool, tmp: Path) -> list[dict]:
    """Manifest entries with ``file`` (an image on disk) and ``truth`` text."""
    from PIL import Image

    from pipeline.ocr import _render_pdf_page

    out = []
    for e in json.loads((OCR_DIR / "manifest.json").read_text(encoding="utf-8")):
        if quick and e["id"] not in QUICK_IDS:
            continue
        if e["image"].endswith(".pdf"):
            path = tmp / f"{e['id']}.png"
            _render_pdf_page(str(ROOT / e["image"]), e["page"]).save(path, dpi=(300, 300))
        else:
            path = OCR_DIR / e["image"]
        with Image.open(path) as im:
            im.load()
            img = im.convert("RGB")
        out.append({**e, "file": path, "img": img, "truth_text": (OCR_DIR / e["truth"]).read_text(encoding="utf-8")})
    return out


def _cli(pages: list[dict], tmp: Path, env: dict) -> tuple[float, list[str]]:
    texts = []
    t0 = time.perf_counter()
    for p in pages:
        base = tmp / f"cli-{p['id']}"
        subprocess.run(["tesseract", str(p["file"]), str(base), "-l", "vie"], env=env,
                       capture_output=True, check=True)
        texts.append((base.with_suffix(".txt")).read_text(encoding="utf-8"))
    return time.perf_counter() - t0, texts


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def run(quick: bool) -> dict:
    from pipeline.ocr import check_tesseract, ocr_image_file, text_metrics

    check_tesseract()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-bench-") as td:
        tmp = Path(td)
        pages = _pages(quick, tmp)
        tiff = tmp / "pages.tif"
        pages[0]["img"].save(tiff, save_all=True, append_images=[p["img"] for p in pages[1:]],
                             compression="tiff_deflate")
        env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
        cli_s, cli_texts = _cli(pages, tmp, env)
        cli1_s, _ = _cli(pages, tmp, {**env, "OMP_THREAD_LIMIT": "1"})
        t0 = time.perf_counter()
        ours = ocr_image_file(tiff)
        ours_s = time.perf_counter() - t0
    n = len(pages)
    held = [i for i, p in enumerate(pages) if p["split"] == "holdout"]
    ours_m = [text_metrics(pages[i]["truth_text"], ours[i].text) for i in held]
    cli_m = [text_metrics(pages[i]["truth_text"], cli_texts[i]) for i in held]
    low = [k for k, i in enumerate(held) if pages[i]["damage"].get("dpi", 300) <= 80]
    return {
        "ocr_pages": n,
        "ocr_pages_per_s": round(n / ours_s, 3),
        "tesseract_cli_pages_per_s": round(n / cli_s, 3),
        "tesseract_cli_1thread_pages_per_s": round(n / cli1_s, 3),
        "ocr_vs_tesseract": round(cli_s / ours_s, 2),
        "ocr_vs_tesseract_1thread": round(cli1_s / ours_s, 2),
        "ocr_holdout_pages": len(held),
        "ocr_bag_err": _mean([m["bag_err"] for m in ours_m]),
        "ocr_diacritic_err": _mean([m["diacritic_err"] for m in ours_m]),
        "tesseract_bag_err": _mean([m["bag_err"] for m in cli_m]),
        "tesseract_diacritic_err": _mean([m["diacritic_err"] for m in cli_m]),
        "ocr_low_dpi_bag_err": _mean([ours_m[k]["bag_err"] for k in low]),
        "ocr_low_dpi_diacritic_err": _mean([ours_m[k]["diacritic_err"] for k in low]),
        "tesseract_low_dpi_bag_err": _mean([cli_m[k]["bag_err"] for k in low]),
        "tesseract_low_dpi_diacritic_err": _mean([cli_m[k]["diacritic_err"] for k in low]),
    }


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=2))
