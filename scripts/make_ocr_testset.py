#!/usr/bin/env python3
"""Render the synthetic OCR test pages of corpora/ocr/ from corpus texts.

    .venv/bin/python scripts/make_ocr_testset.py            # writes corpora/ocr/synth/
    .venv/bin/python scripts/make_ocr_testset.py --check    # re-renders, compares ground truth

Each page is typeset like an administrative document (A4 at 300 dpi, Liberation
Serif 14 pt, two-column header, bold title, indented paragraphs), then damaged
like a phone photo or a cheap scan: skew, blur, uneven light, faded or dark
ink, shadows, a red round stamp over the text, noise, down-sampling to 70-150 dpi and
JPEG compression.  The ground truth is the text as typeset, one printed line a
line.  ``corpora/ocr/manifest.json`` lists every page (synthetic and real
scans) with its split: ``tune`` pages may be used to choose parameters,
``holdout`` pages only to report; the source documents of holdout pages are
also kept out of the OCR lexicon (scripts/build_ocr_lexicon.py reads the
manifest).  Rendering is deterministic for a given Pillow and font version.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its siblings, however this is loaded
from ocr_damage import damage  # noqa: E402
from ocr_typeset import parse_document, typeset  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "ocr"

# page id, source document, kind (first page or a body page), damage, split
PAGES = [
    ("s01", "bac-ninh-141-kh-ubnd-2025", "first", dict(dpi=100, skew=1.2, blur=0.8, jpeg=70), "tune"),
    ("s02", "can-tho-159-kh-ubnd-2025", "first", dict(dpi=70, skew=-1.5, blur=0.6, jpeg=75, light=0.25), "tune"),
    ("s03", "nghe-an-987-kh-ubnd-2025", "body", dict(dpi=80, skew=2.0, blur=0.7, jpeg=65, stamp=True), "tune"),
    ("s04", "ha-noi-308-kh-ubnd-2025", "first", dict(dpi=150, skew=-2.5, blur=1.0, jpeg=60, stamp=True, noise=12), "tune"),
    ("s05", "ca-mau-0204-kh-ubnd-2025", "body", dict(dpi=72, skew=1.0, blur=0.5, jpeg=70, dark=True, shadow=0.6), "tune"),
    ("s06", "nghe-an-980-kh-ubnd-2025", "first", dict(dpi=120, skew=-1.0, blur=0.8, jpeg=70, faded=True), "tune"),
    ("h01", "ha-tinh-624-kh-ubnd-2025", "first", dict(dpi=70, skew=1.8, blur=0.6, jpeg=70, light=0.3), "holdout"),
    ("h02", "dong-nai-182-kh-ubnd-2025", "first", dict(dpi=80, skew=-2.2, blur=0.8, jpeg=65, stamp=True), "holdout"),
    ("h03", "son-la-2954-qd-ubnd-2025", "body", dict(dpi=72, skew=2.8, blur=0.5, jpeg=75, stamp=True, noise=10), "holdout"),
    ("h04", "can-tho-160-kh-ubnd-2025", "first", dict(dpi=100, skew=-1.2, blur=0.9, jpeg=60, shadow=0.65), "holdout"),
    ("h05", "quang-ngai-1627-qd-ubnd-2025", "body", dict(dpi=150, skew=-3.0, blur=1.2, jpeg=55, light=0.3), "holdout"),
    ("h06", "nghe-an-982-kh-ubnd-2025", "first", dict(dpi=75, skew=1.4, blur=0.7, jpeg=70, faded=True), "holdout"),
]

# Phone photos: a page photographed at 60-80 dpi on a table, not flat to the camera
# (perspective), lit unevenly, turned by 90 or 180 degrees or skewed a little, dark or
# washed out, a hand or the table's edge in the frame, a red seal. The tune pages come
# from the tune pages' documents, the held-out ones from the held-out pages' documents
# (kept out of the OCR lexicon), so that nothing is tuned on them.
PHOTOS = [
    ("p01", "bac-ninh-141-kh-ubnd-2025", "first",
     dict(dpi=70, perspective=0.06, light=0.35, jpeg=60, blur=0.7, frame="table", skew=1.0), "tune"),
    ("p02", "can-tho-159-kh-ubnd-2025", "first",
     dict(dpi=65, perspective=0.04, rotate=90, washed=True, jpeg=65, blur=0.6, frame="hand"), "tune"),
    ("p03", "nghe-an-987-kh-ubnd-2025", "body",
     dict(dpi=75, perspective=0.05, rotate=180, dark=True, shadow=0.5, jpeg=60, blur=0.6, stamp=True), "tune"),
    ("p04", "ha-noi-308-kh-ubnd-2025", "first",
     dict(dpi=80, perspective=0.08, light=0.4, jpeg=55, blur=0.9, frame="table", stamp=True, noise=8), "tune"),
    ("p05", "ha-tinh-624-kh-ubnd-2025", "first",
     dict(dpi=70, perspective=0.06, light=0.35, jpeg=60, blur=0.7, frame="table", skew=-1.5), "holdout"),
    ("p06", "dong-nai-182-kh-ubnd-2025", "first",
     dict(dpi=65, perspective=0.05, rotate=90, washed=True, jpeg=65, blur=0.6, frame="hand", stamp=True), "holdout"),
    ("p07", "son-la-2954-qd-ubnd-2025", "body",
     dict(dpi=75, perspective=0.04, rotate=180, dark=True, shadow=0.5, jpeg=60, blur=0.6), "holdout"),
    ("p08", "can-tho-160-kh-ubnd-2025", "first",
     dict(dpi=80, perspective=0.08, light=0.4, jpeg=55, blur=0.9, frame="table", stamp=True, noise=8), "holdout"),
]

# Real scans (corpora/scanned) with hand-checked transcriptions in corpora/ocr/scans/.
SCANS = [
    ("r01", "corpora/scanned/064_da-nang-sgddt-cv-2019.pdf", 1, "scans/064_da-nang-sgddt-cv-2019.p1.txt", "tune"),
    ("r02", "corpora/scanned/062_da-nang-ubnd-cv-sgddt-2023.pdf", 1, "scans/062_da-nang-ubnd-cv-sgddt-2023.p1.txt", "holdout"),
]


def build(out: Path, write_images: bool = True) -> list[dict]:
    entries, truths = [], {}  # a page typeset like an earlier one shares its truth file (no duplicate text)
    for pid, docname, kind, spec, split in PAGES + PHOTOS:
        text = (ROOT / "corpora" / "documents" / f"{docname}.txt").read_text(encoding="utf-8")
        img, truth, anchor = typeset(parse_document(text), kind)
        rng = random.Random(pid)
        rel = f"synth/{pid}_{docname}"
        truth_rel = truths.setdefault("\n".join(truth), f"{rel}.txt")
        if write_images:
            (out / "synth").mkdir(parents=True, exist_ok=True)
            with open(out / f"{rel}.jpg", "wb") as fh:
                fh.write(damage(img, spec, rng, anchor).fp.getvalue())
            if truth_rel == f"{rel}.txt":
                (out / truth_rel).write_text("\n".join(truth) + "\n", encoding="utf-8")
        entries.append({"id": pid, "image": f"{rel}.jpg", "page": 1, "truth": truth_rel, "split": split,
                        "source": f"corpora/documents/{docname}.txt", "damage": spec, "truth_lines": truth})
    for pid, pdf, page, truth, split in SCANS:
        entries.append({"id": pid, "image": pdf, "page": page, "truth": truth, "split": split,
                        "source": pdf, "damage": {"real_scan": True}})
    return entries


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="re-typeset and compare the ground truth only")
    args = ap.parse_args(argv)
    entries = build(OUT, write_images=not args.check)
    if args.check:
        bad = [e["id"] for e in entries if "truth_lines" in e and
               (OUT / e["truth"]).read_text(encoding="utf-8") != "\n".join(e["truth_lines"]) + "\n"]
        print("ground truth differs for: " + ", ".join(bad) if bad else "ground truth up to date")
        return 1 if bad else 0
    for e in entries:
        e.pop("truth_lines", None)
    (OUT / "manifest.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} pages to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
