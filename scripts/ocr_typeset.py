"""Typesetting of the synthetic OCR pages (scripts/make_ocr_testset.py, bench/scan_bench.py): a
corpus text laid out like an administrative document (A4 at 300 dpi, Liberation Serif 14 pt,
two-column header, bold title, indented paragraphs), one page or every page of a document."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")  # Debian fonts-liberation2 (has Vietnamese)
DPI = 300
A4 = (2480, 3508)
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 354, 236, 236, 236
PT = DPI / 72


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
