"""OCR speed and quality: kehoach against the ``tesseract`` CLI on the same page images.

    python bench/ocr_bench.py [--quick]      (bench/run.py calls ``run(quick, smallest=...)``)

The pages are those of corpora/ocr (synthetic phone-photo and scanner pages,
and the real scans at 300 dpi).  kehoach reads them as one multi-page TIFF
through ``ocr_image_file`` with its default workers (one per core), including
pre-processing, table and column layout and post-correction.  The CLI reads
each page image on its own (``tesseract IMG OUT -l vie``), as a user would
script it:

* ``ocr_vs_tesseract`` (the headline): the CLI page after page with
  ``OMP_THREAD_LIMIT=1`` (its default OpenMP threads only slow it down on
  two cores: several times slower on a busy machine);
* ``ocr_vs_tesseract_parallel``: two CLI processes at a time (one a core),
  the best a user's script gets from the machine.

Runs alternate (CLI, kehoach, CLI, kehoach... two rounds, one with
``--quick``) so machine load weighs on both sides; the CPU seconds of each
side (its processes and their children) are reported too, as load does not
change them much: ``ocr_cpu_vs_tesseract`` is the CLI's CPU time over
kehoach's (``*_wall_s_per_page`` beside ``*_cpu_s_per_page``).  Quality is reported on the held-out pages only (bag_err,
diacritic_err, as in ``pipeline.ocr_correct.text_metrics``), and apart on the held-out phone
photos (``ocr_photo_*``, full sample only), with the share of their headers whose
number and date are read right.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import os
import re
import resource
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
SMALLEST_IDS = ("h01", "r02")  # a low-resolution photo and a page of a real scanned PDF, both held out


def _pages(ids: tuple[str, ...] | None, tmp: Path) -> list[dict]:
    """Manifest entries with ``file`` (an image on disk) and ``truth`` text."""
    from PIL import Image

    from pipeline.ocr import render_pdf_page

    out = []
    for e in json.loads((OCR_DIR / "manifest.json").read_text(encoding="utf-8")):
        if ids is not None and e["id"] not in ids:
            continue
        if e["image"].endswith(".pdf"):
            path = tmp / f"{e['id']}.png"
            render_pdf_page(str(ROOT / e["image"]), e["page"]).save(path, dpi=(300, 300))
        else:
            path = OCR_DIR / e["image"]
        with Image.open(path) as im:
            im.load()
            img = im.convert("RGB")
        out.append({**e, "file": path, "img": img, "truth_text": (OCR_DIR / e["truth"]).read_text(encoding="utf-8")})
    return out


def _cli_page(p: dict, tmp: Path, env: dict) -> str:
    base = tmp / f"cli-{p['id']}"
    subprocess.run(["tesseract", str(p["file"]), str(base), "-l", "vie"], env=env, capture_output=True, check=True)
    return base.with_suffix(".txt").read_text(encoding="utf-8")


def _cli(pages: list[dict], tmp: Path, env: dict, processes: int = 1) -> tuple[float, list[str]]:
    """Seconds for the CLI over every page, and its texts."""
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(processes) as pool:  # threads that each wait on one tesseract process
        texts = list(pool.map(lambda p: _cli_page(p, tmp, env), pages))
    return time.perf_counter() - t0, texts


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers, tesseract runs)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def run(quick: bool = False, smallest: bool = False) -> dict:
    from pipeline.ocr import check_tesseract, ocr_image_file
    from pipeline.ocr_correct import text_metrics

    check_tesseract()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-bench-") as td:
        tmp = Path(td)
        pages = _pages(SMALLEST_IDS if smallest else QUICK_IDS if quick else None, tmp)
        tiff = tmp / "pages.tif"
        pages[0]["img"].save(tiff, save_all=True, append_images=[p["img"] for p in pages[1:]],
                             compression="tiff_deflate")
        one = {**{k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}, "OMP_THREAD_LIMIT": "1"}
        _cli(pages[:1], tmp, one)  # warm the file cache for both sides
        rounds = 1 if quick or smallest else 2
        cli1_s = ours_s = cli1_cpu = ours_cpu = 0.0
        for _ in range(rounds):
            c0, t0 = _cpu(), time.perf_counter()
            cli_texts = _cli(pages, tmp, one)[1]
            c1, t1 = _cpu(), time.perf_counter()
            ours = ocr_image_file(tiff)
            c2, t2 = _cpu(), time.perf_counter()
            cli1_s, ours_s = cli1_s + t1 - t0, ours_s + t2 - t1
            cli1_cpu, ours_cpu = cli1_cpu + c1 - c0, ours_cpu + c2 - c1
        c0 = _cpu()
        par_s, _ = _cli(pages, tmp, one, processes=os.cpu_count() or 1)
        par_cpu = _cpu() - c0
    n = len(pages)
    per_page = {"ours": ours_s / n / rounds, "cli1": cli1_s / n / rounds, "par": par_s / n}
    held = [i for i, p in enumerate(pages) if p["split"] == "holdout"]
    ours_m = [text_metrics(pages[i]["truth_text"], ours[i].text) for i in held]
    cli_m = [text_metrics(pages[i]["truth_text"], cli_texts[i]) for i in held]
    low = [k for k, i in enumerate(held) if pages[i]["damage"].get("dpi", 300) <= 80]
    photo = [k for k, i in enumerate(held) if "perspective" in pages[i]["damage"]]
    figures = {
        "ocr_pages": n,
        "ocr_pages_per_s": round(1 / per_page["ours"], 3),
        "tesseract_cli_1thread_pages_per_s": round(1 / per_page["cli1"], 3),
        "tesseract_cli_parallel_pages_per_s": round(1 / per_page["par"], 3),
        "ocr_vs_tesseract": round(per_page["cli1"] / per_page["ours"], 2),
        "ocr_vs_tesseract_parallel": round(per_page["par"] / per_page["ours"], 2),
        "ocr_wall_s_per_page": round(per_page["ours"], 2),
        "tesseract_cli_parallel_wall_s_per_page": round(per_page["par"], 2),
        "ocr_cpu_s_per_page": round(ours_cpu / n / rounds, 2),
        "tesseract_cli_cpu_s_per_page": round(cli1_cpu / n / rounds, 2),
        "tesseract_cli_parallel_cpu_s_per_page": round(par_cpu / n, 2),
        "ocr_cpu_vs_tesseract": round(cli1_cpu / ours_cpu, 2),
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
    if photo:  # the phone photos (p*): on a table, perspective, rotated, a hand in the frame
        header = [_header_read(pages[held[k]]["truth_text"], ours[held[k]].text) for k in photo]
        figures.update({
            "ocr_photo_holdout_pages": len(photo),
            "ocr_photo_bag_err": _mean([ours_m[k]["bag_err"] for k in photo]),
            "ocr_photo_diacritic_err": _mean([ours_m[k]["diacritic_err"] for k in photo]),
            "tesseract_photo_bag_err": _mean([cli_m[k]["bag_err"] for k in photo]),
            "tesseract_photo_diacritic_err": _mean([cli_m[k]["diacritic_err"] for k in photo]),
            "ocr_photo_header_read": f"{sum(h for h in header if h is not None)}/{sum(h is not None for h in header)}",
        })
    return figures


def _header_read(truth: str, text: str) -> bool | None:
    """Whether the header's number ("Số: 160/KH-UBND") and date ("ngày 19 tháng 11 năm 2025")
    of a page are read right (None: the page has no header)."""
    wanted = [m.group() for m in (re.search(r"Số: ?\S+", truth), re.search(r"ngày \d+ tháng \d+ năm \d+", truth)) if m]
    if not wanted:
        return None
    flat = " ".join(text.split())
    return all(w in flat for w in wanted)


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=2))
