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
import functools
import io
import json
import math
import random
import re
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "ocr"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")  # Debian fonts-liberation2 (has Vietnamese)
DPI = 300
A4 = (2480, 3508)
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 354, 236, 236, 236
PT = DPI / 72

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


@functools.lru_cache(maxsize=None)
def font(style: str, size_pt: float) -> ImageFont.FreeTypeFont:
    name = {"r": "Regular", "b": "Bold", "i": "Italic", "bi": "BoldItalic"}[style]
    return ImageFont.truetype(str(FONT_DIR / f"LiberationSerif-{name}.ttf"), round(size_pt * PT))


def parse_document(text: str) -> dict:
    """Header fields and body paragraphs of a corpus text in the `|` layout."""
    lines = [ln.strip() for ln in text.splitlines()]
    cells, cur = [], []
    i = 0
    # header cells: up to the 4th cell (agency, motto, number, place/date)
    while i < len(lines) and len(cells) < 4:
        ln = lines[i]
        i += 1
        if ln == "|":
            if cur:
                cells.append(cur)
                cur = []
            continue
        if ln and not re.fullmatch(r"-{3,}|\*", ln):
            cur.append(ln)
    agency = cells[0] if cells else []
    number = " ".join(cells[2]) if len(cells) > 2 else ""
    date = " ".join(cells[3]) if len(cells) > 3 else ""
    rest = [ln for ln in lines[i:] if ln != "|"]
    paras, cur = [], []
    for ln in rest:
        if not ln:
            if cur:
                paras.append(" ".join(cur))
                cur = []
        else:
            cur.append(ln)
    if cur:
        paras.append(" ".join(cur))
    paras = [re.sub(r"\s+", " ", p).strip(" *") for p in paras]
    paras = [p for p in paras if p]
    title = []
    while paras and paras[0].upper() == paras[0] and len(title) < 3:
        title.append(paras.pop(0))
    return {"agency": agency, "number": number, "date": date, "title": title, "body": paras}


def wrap(draw, text: str, f, width: int, indent: int = 0) -> list[tuple[str, int]]:
    words, out, cur, first = text.split(), [], "", True
    for w in words:
        trial = (cur + " " + w).strip()
        avail = width - (indent if first else 0)
        if cur and draw.textlength(trial, font=f) > avail:
            out.append((cur, indent if first else 0))
            cur, first = w, False
        else:
            cur = trial
    if cur:
        out.append((cur, indent if first else 0))
    return out


def typeset(doc: dict, kind: str) -> tuple[Image.Image, list[str], tuple[int, int]]:
    img = Image.new("L", A4, 255)
    d = ImageDraw.Draw(img)
    reg, bold, ital = font("r", 14), font("b", 14), font("i", 14)
    small_b = font("b", 13)
    lh = round(14 * PT * 1.35)
    width = A4[0] - MARGIN_L - MARGIN_R
    truth: list[str] = []
    y = MARGIN_T
    if kind == "first":
        left_c, right_c = MARGIN_L + width * 0.2, MARGIN_L + width * 0.68
        agency = [a for a in doc["agency"] if a][:3]
        agency = [" ".join(agency)] if sum(map(len, agency)) < 24 else agency
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        for k in range(max(len(agency), 2)):
            parts = []
            if k < len(agency):
                w = d.textlength(agency[k], font=small_b)
                d.text((left_c - w / 2, y), agency[k], font=small_b, fill=0)
                parts.append(agency[k])
            if k < 2:
                w = d.textlength(motto[k], font=small_b)
                d.text((right_c - w / 2, y), motto[k], font=small_b, fill=0)
                parts.append(motto[k])
            truth.append(" ".join(parts))
            y += lh
        d.line((right_c - 300, y + 4, right_c + 300, y + 4), fill=0, width=3)
        y += lh
        num = doc["number"] or "Số: 01/KH-UBND"
        w1 = d.textlength(num, font=reg)
        d.text((left_c - w1 / 2, y), num, font=reg, fill=0)
        date = doc["date"]
        w2 = d.textlength(date, font=ital)
        d.text((right_c - w2 / 2, y), date, font=ital, fill=0)
        truth.append(f"{num} {date}".strip())
        y += lh * 2
        for t in doc["title"]:
            for ln, _ in wrap(d, t, bold, width - 200):
                w = d.textlength(ln, font=bold)
                d.text((MARGIN_L + (width - w) / 2, y), ln, font=bold, fill=0)
                truth.append(ln)
                y += lh
        y += lh // 2
        body = doc["body"]
    else:
        body = doc["body"][len(doc["body"]) // 3:]
    for para in body:
        for ln, ind in wrap(d, para, reg, width, indent=round(1.27 / 2.54 * DPI)):
            if y + lh > A4[1] - MARGIN_B:
                return img, truth, (MARGIN_L + width // 2, y)
            d.text((MARGIN_L + ind, y), ln, font=reg, fill=0)
            truth.append(ln)
            y += lh
        y += lh // 4
    return img, truth, (MARGIN_L + width // 2, y)


# --------------------------------------------------------------------------- whole documents
# bench/scan_bench.py typesets every page of a normalised text (``pipeline.text``:
# one paragraph a line, the cells of a table row or of the header joined by " | ")
# and damages each page like a scan.

CELL_SEP = re.compile(r" \|(?: |$)")
HEADING_RE = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s")
INDENT = round(1.27 / 2.54 * DPI)


def _has_lower(word: str) -> bool:
    return any(c.islower() for c in word)


def split_caps(cell: str) -> list[str]:
    """Printed lines of a header or signature cell: a break where capitals end
    ("... VIỆT NAM | Độc lập - ...") and before an abbreviation ("KT.", "TM.")."""
    out, cur = [], []
    for w in cell.split():
        caps_before = cur and not any(_has_lower(x) for x in cur)
        abbrev = re.fullmatch(r"[A-ZĐ]{1,3}\.", w) and cur
        if (caps_before and _has_lower(w) and w[:1].isupper()) or abbrev:
            out.append(" ".join(cur))
            cur = []
        cur.append(w)
    if cur:
        out.append(" ".join(cur))
    return out


class _Pages:
    """A4 pages at 300 dpi filled top to bottom; a new page when a block does not fit."""

    def __init__(self):
        self.pages: list[list] = []  # [image, stamp anchor]
        self.width = A4[0] - MARGIN_L - MARGIN_R
        self.new_page()

    def new_page(self):
        img = Image.new("L", A4, 255)
        self.draw = ImageDraw.Draw(img)
        self.pages.append([img, None])
        self.y = MARGIN_T
        if len(self.pages) > 1:  # page number, top centre
            n = str(len(self.pages))
            f = font("r", 13)
            self.draw.text((MARGIN_L + (self.width - self.draw.textlength(n, font=f)) / 2, MARGIN_T // 2), n,
                           font=f, fill=0)

    def room(self, height: int):
        if self.y + height > A4[1] - MARGIN_B and self.y > MARGIN_T:
            self.new_page()

    def text_lines(self, lines, f, x0: int, width: int, align: str = "left", lh: int | None = None):
        lh = lh or round(f.size * 1.35)
        for ln, ind in lines:
            self.room(lh)
            w = self.draw.textlength(ln, font=f)
            x = x0 + ind if align == "left" else x0 + (width - w) / 2
            self.draw.text((x, self.y), ln, font=f, fill=0)
            self.y += lh


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in CELL_SEP.split(line)]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return cells


def _borderless_row(pg: _Pages, cells: list[str], first: bool):
    """Header rows and the recipients / signature block: cells side by side, no rules."""
    n = len(cells)
    widths = [0.42, 0.58] if n == 2 else [1 / n] * n
    x, blocks = MARGIN_L, []
    for k, (cell, share) in enumerate(zip(cells, widths)):
        w = round(pg.width * share)
        if cell.startswith("Nơi nhận"):
            items = [c.strip() for c in re.split(r"\s(?=- )", cell)]
            head, rest = items[0].split(":", 1) if ":" in items[0] else (items[0], "")
            lines = [(head + ":", font("bi", 12), "left")] + [(ln, font("r", 11), "left") for it in
                                                              ([rest.strip()] if rest.strip() else []) + items[1:]
                                                              for ln, _ in wrap(pg.draw, it, font("r", 11), w - 40)]
        else:
            sig = not first and k == n - 1 and any(_has_lower(p) for p in split_caps(cell)[1:])
            size = 12 if first else 13
            f = font("b", size) if first or sig else font("r", size)
            parts = split_caps(cell)
            lines = []
            for j, part in enumerate(parts):
                style = font("i", size) if "ngày" in part and not first else (
                    font("b", size) if (first or sig) and not _has_lower(part) else
                    font("b", size) if first and j == len(parts) - 1 and _has_lower(part) else f)
                if sig and j == len(parts) - 1:
                    lines.extend([("", style, "centre")] * 4)  # room for the hand signature
                lines.extend((ln, style, "centre") for ln, _ in wrap(pg.draw, part, style, w - 40))
        blocks.append((x, w, lines))
        x += w
    lh = round(font("r", 13).size * 1.35)
    height = max(len(b[2]) for b in blocks) * lh
    pg.room(min(height, A4[1] - MARGIN_T - MARGIN_B))
    top = pg.y
    bottom = top
    for x0, w, lines in blocks:
        y = top
        for ln, f, align in lines:
            tw = pg.draw.textlength(ln, font=f)
            pg.draw.text((x0 + 20 if align == "left" else x0 + (w - tw) / 2, y), ln, font=f, fill=0)
            y += lh
        bottom = max(bottom, y)
        if first and lines:  # the short rule under the agency and under the motto
            rw = min(w - 80, max(pg.draw.textlength(ln, font=f) for ln, f, _ in lines[-1:]) * 0.6)
            pg.draw.line((x0 + (w - rw) / 2, y + 4, x0 + (w + rw) / 2, y + 4), fill=0, width=3)
        if lines and lines[-1][2] == "centre" and any(ln == "" for ln, _, _ in lines):
            pg.pages[-1][1] = (x0 + 40, y - lh)  # seal over the signature
    pg.y = bottom + lh // 2


def _ruled_table(pg: _Pages, rows: list[list[str]]):
    """A table with rules around every cell; a row with fewer cells spans the last ones."""
    n = max(len(r) for r in rows)
    f, fb = font("r", 12), font("b", 12)
    lengths = [1.0] * n
    for r in rows:
        if len(r) == n:
            for j, c in enumerate(r):
                lengths[j] += min(len(c), 200)
    total = sum(lengths)
    pad = 14
    # as a word processor does: no column narrower than its longest word
    longest = [max((pg.draw.textlength(w, font=fb) for r in rows if len(r) == n for w in r[j].split()), default=0)
               + 2 * pad + 4 for j in range(n)]
    mins = [max((0.05 if j == 0 else 0.09) * pg.width, longest[j]) for j in range(n)]
    extra = max(0.0, pg.width - sum(mins))
    widths = [round(m * min(1.0, pg.width / sum(mins)) + extra * v / total) for m, v in zip(mins, lengths)]
    lh = round(f.size * 1.3)
    for i, r in enumerate(rows):
        spans = [widths[j] for j in range(len(r) - 1)] + [sum(widths[len(r) - 1:])]
        style = fb if i == 0 or (len(r) < n and not any(_has_lower(c) for c in r)) else f
        cells = [[ln for ln, _ in wrap(pg.draw, c, style, w - 2 * pad)] or [""] for c, w in zip(r, spans)]
        height = max(map(len, cells)) * lh + 2 * pad
        pg.room(height)
        x, top = MARGIN_L, pg.y
        for lines, w in zip(cells, spans):
            pg.draw.rectangle((x, top, x + w, top + height), outline=0, width=2)
            y = top + pad
            for ln in lines:
                tw = pg.draw.textlength(ln, font=style)
                tx = x + (w - tw) / 2 if (i == 0 or w < 0.12 * pg.width) else x + pad
                pg.draw.text((tx, y), ln, font=style, fill=0)
                y += lh
            x += w
        pg.y = top + height
    pg.y += lh // 2


def typeset_document(text: str) -> list[tuple[Image.Image, tuple[int, int] | None]]:
    """Every page of a normalised text as printed: (grey A4 image at 300 dpi, where the
    seal goes or None: the signature's page and the last page are sealed). Leading
    rows with " | " form the two-column header, then come the centred title lines in
    capitals, paragraphs (headings in bold), ruled tables, and the recipients /
    signature block; a page number heads every page after the first."""
    pg = _Pages()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    reg, bold = font("r", 13), font("b", 13)
    i = 0
    while i < len(lines) and CELL_SEP.search(lines[i]):  # header rows
        _borderless_row(pg, _cells(lines[i]), first=i == 0)
        i += 1
    if i:
        pg.y += round(reg.size * 0.6)
        while i < len(lines) and lines[i] == lines[i].upper() and any(c.isalpha() for c in lines[i]):
            pg.text_lines(wrap(pg.draw, lines[i], bold, pg.width - 200), bold, MARGIN_L, pg.width, "centre")
            i += 1
        pg.y += round(reg.size * 0.6)
    while i < len(lines):
        ln = lines[i]
        if CELL_SEP.search(ln):
            rows = []
            while i < len(lines) and CELL_SEP.search(lines[i]) and not lines[i].startswith("Nơi nhận"):
                rows.append(_cells(lines[i]))
                i += 1
            if len(rows) >= 2:
                _ruled_table(pg, rows)
            elif rows:
                _borderless_row(pg, rows[0], first=False)
            else:  # recipients and signature
                _borderless_row(pg, _cells(ln), first=False)
                i += 1
            continue
        heading = HEADING_RE.match(ln) and len(ln) < 120
        f = bold if heading and (re.match(r"[IVXLC]+\.", ln) or ln.upper() == ln) else reg
        pg.text_lines(wrap(pg.draw, ln, f, pg.width, indent=INDENT), f, MARGIN_L, pg.width)
        pg.y += round(reg.size * 0.15)
        i += 1
    if pg.pages[-1][1] is None:  # the last page is sealed too (under its last lines)
        pg.pages[-1][1] = (MARGIN_L + pg.width // 2, pg.y + 300)
    return [(img, anchor) for img, anchor in pg.pages]


def scan_damage(rng: random.Random, dpi: int, seal: bool) -> dict:
    """Damage of one page of a scanned document (a scanner or a phone at ``dpi``),
    with a red seal when ``seal``."""
    spec = dict(dpi=dpi, skew=round(rng.uniform(-1.8, 1.8), 2), blur=round(rng.uniform(0.3, 0.9), 2),
                jpeg=rng.randint(60, 85))
    roll = rng.random()
    if roll < 0.25:
        spec["light"] = round(rng.uniform(0.1, 0.3), 2)
    elif roll < 0.4:
        spec["shadow"] = round(rng.uniform(0.4, 0.6), 2)
    elif roll < 0.5:
        spec["faded"] = True
    if rng.random() < 0.3:
        spec["noise"] = rng.randint(4, 10)
    if seal:
        spec["stamp"] = True
    return spec


def render_scan(text: str, seed: str, dpi: int | None = None) -> tuple[list[Image.Image], int, list[dict]]:
    """(damaged page images, dpi, damage of each page) of a normalised text; deterministic for a seed."""
    rng = random.Random(seed)
    dpi = dpi or rng.choice((100, 120, 150, 200, 300))
    pages = typeset_document(text)
    out, specs = [], []
    for k, (img, anchor) in enumerate(pages):
        spec = scan_damage(rng, dpi, seal=anchor is not None)
        out.append(damage(img, spec, rng, anchor or (MARGIN_L, MARGIN_T + 600)))
        specs.append(spec)
    return out, dpi, specs


def stamp(rng: random.Random, size: int = 460) -> Image.Image:
    """A red round seal (RGBA) with a ring of capitals and a star."""
    s = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(s)
    red = (205, 30, 40, 235)
    c = size / 2
    d.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    d.ellipse((70, 70, size - 70, size - 70), outline=red, width=5)
    f = font("b", 7)
    text = "ỦY BAN NHÂN DÂN * TỈNH * ỦY BAN NHÂN DÂN * "
    for k, ch in enumerate(text):
        ang = 2 * math.pi * k / len(text) - math.pi / 2
        r = c - 42
        g = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
        ImageDraw.Draw(g).text((12, 5), ch, font=f, fill=red)
        g = g.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        s.alpha_composite(g, (int(c + r * math.cos(ang) - 25), int(c + r * math.sin(ang) - 25)))
    pts = [(c + (60 if k % 2 == 0 else 24) * math.cos(math.pi / 2 + k * math.pi / 5),
            c - (60 if k % 2 == 0 else 24) * math.sin(math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    d.polygon(pts, fill=red)
    return s.rotate(rng.uniform(-40, 40), resample=Image.BICUBIC)


def damage(img: Image.Image, spec: dict, rng: random.Random, anchor: tuple[int, int]) -> Image.Image:
    # a page without a seal stays grey until the paper tint: a third of the work
    rgb = img.convert("RGB" if spec.get("stamp") else "L")
    if spec.get("stamp"):
        st = stamp(rng)
        x = anchor[0] + rng.randint(-200, 400)
        y = max(MARGIN_T, anchor[1] - st.size[1] - rng.randint(0, 200))
        base = rgb.convert("RGBA")
        layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
        layer.alpha_composite(st, (x, y))
        # multiply the ink of the seal with the page so black text stays black
        a = np.asarray(base, dtype=np.float32)[..., :3]
        lay = np.asarray(layer, dtype=np.float32)
        alpha = lay[..., 3:4] / 255
        mixed = a * (1 - alpha) + (a * lay[..., :3] / 255) * alpha
        rgb = Image.fromarray(mixed.clip(0, 255).astype(np.uint8))
    arr = np.asarray(rgb, dtype=np.float32)
    if spec.get("faded"):
        arr = 255 - (255 - arr) * 0.45
    if spec.get("dark"):
        arr = arr * 0.62 + 10
    rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    rgb = rgb.rotate(spec.get("skew", 0), resample=Image.BICUBIC, expand=True,
                     fillcolor=(235, 235, 230) if rgb.mode == "RGB" else 234)
    if spec.get("blur"):
        rgb = rgb.filter(ImageFilter.GaussianBlur(spec["blur"] * 300 / 150))
    arr = np.asarray(rgb, dtype=np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]
    if spec.get("light"):
        shade = 1 - spec["light"] * ((xx / w) * 0.6 + (yy / h) * 0.4)
        arr = arr * (shade if arr.ndim == 2 else shade[..., None])
    if spec.get("shadow"):  # a hand or phone shadow over one side of the page
        shade = np.clip(1 - spec["shadow"] + spec["shadow"] * (xx / w * 1.6 + yy / h * 0.3), 1 - spec["shadow"], 1)
        arr = arr * (shade if arr.ndim == 2 else shade[..., None])
    arr = (arr if arr.ndim == 3 else arr[..., None]) * np.array([1.0, 0.98, 0.93], dtype=np.float32)  # yellowish
    factor = spec["dpi"] / DPI
    rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    rgb = rgb.resize((round(w * factor), round(h * factor)), Image.LANCZOS)
    if spec.get("noise"):
        nrng = np.random.default_rng(rng.randint(0, 2**31))
        arr = np.asarray(rgb, dtype=np.float32) + nrng.normal(0, spec["noise"], (rgb.size[1], rgb.size[0], 1))
        rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if any(k in spec for k in ("perspective", "frame", "washed", "rotate")):
        rgb = photo(rgb.convert("RGB"), spec, rng)
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=spec.get("jpeg", 75), dpi=(spec["dpi"], spec["dpi"]))
    return Image.open(io.BytesIO(buf.getvalue()))


def photo(page: Image.Image, spec: dict, rng: random.Random) -> Image.Image:
    """The (already down-sampled) page as a phone photographs it: on a darker table, not
    flat to the camera (``perspective``: how far the far corners move in, as a share of
    the width), with a hand or the table's edge in the frame (``frame``), washed out
    (``washed``), turned by ``rotate`` degrees (clockwise)."""
    w, h = page.size
    pad = round(0.06 * w)
    W, H = w + 2 * pad, h + 2 * pad
    table = np.asarray(Image.new("RGB", (W, H), (118, 96, 74)), dtype=np.float32)
    trng = np.random.default_rng(rng.randint(0, 2**31))
    table = table + trng.normal(0, 6, (H, W, 1))  # wood grain, roughly
    canvas = Image.fromarray(table.clip(0, 255).astype(np.uint8))
    k = spec.get("perspective", 0) * w
    # where the page's corners land: the top edge (farther from the camera) is shorter
    quad = [(pad + k + rng.uniform(-2, 2), pad + rng.uniform(0, k / 3)),
            (pad + w - k + rng.uniform(-2, 2), pad + rng.uniform(0, k / 3)),
            (pad + w + rng.uniform(-2, 2), pad + h - rng.uniform(0, 2)),
            (pad + rng.uniform(-2, 2), pad + h - rng.uniform(0, 2))]
    coeffs = _perspective_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = page.transform((W, H), Image.PERSPECTIVE, coeffs, resample=Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", page.size, 255).transform((W, H), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR)
    canvas.paste(warped, (0, 0), mask)
    d = ImageDraw.Draw(canvas)
    if spec.get("frame") == "hand":  # fingers holding the page at its left edge
        x0, y0 = -pad // 2, H // 2 + rng.randint(-H // 6, H // 6)
        for f in range(4):
            y = y0 + f * round(0.035 * H)
            d.rounded_rectangle((x0, y, x0 + round(0.16 * W), y + round(0.03 * H)), radius=round(0.012 * H),
                                fill=(200, 150, 120))
    elif spec.get("frame") == "table":  # the table's edge and the floor below it
        y = H - round(0.04 * H)
        d.rectangle((0, y, W, H), fill=(40, 38, 36))
    arr = np.asarray(canvas, dtype=np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    vignette = 1 - 0.25 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2) * 4
    arr = arr * vignette[..., None]
    if spec.get("washed"):  # over-exposed: everything lifted towards white, low contrast
        arr = 255 - (255 - arr) * 0.5 + 10
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if spec.get("rotate"):
        out = out.rotate(-spec["rotate"], expand=True)
    return out


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """Coefficients of PIL's PERSPECTIVE transform mapping output points ``src`` to input points ``dst``."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    return list(np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)))


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
