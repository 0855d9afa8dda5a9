"""Ruled tables of OCR'd scans: found, and read apart.

* ``find_tables``: horizontal rules joined by vertical rules at both ends and
  between the cells, row by row;
* ``blank_tables``, ``table_images``: the inside of every cell, without its
  rules, stacked one under the other, so that Tesseract runs no word from one
  cell into the next, judges word spaces within a cell and reads a lone row
  number too. ``pipeline.ocr_layout`` puts the words read back in their cells.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

RULE_INK = 0.88  # a pixel may belong to a rule below this share of the local paper brightness
MAX_RULE_ROWS = 8  # a rule is thin: thicker runs are text or pictures (reduced pixels)
WORK_WIDTH = 1240  # width of the reduced page searched for rules
RULE_COVER = 0.75  # share of a row band's height a vertical rule covers
GUTTER = 40  # pixels of paper between the stacked cells of ``table_images``
MAX_STACK = 20000  # height of one image of stacked cells
CELL_MARGIN = 10  # pixels shaved off each side of a cell, from the middle of its rules



@dataclass(frozen=True)
class Table:
    """Rows of cell boxes (x0, y0, x1, y1), page pixels, top to bottom."""

    rows: tuple[tuple[tuple[int, int, int, int], ...], ...]

    @property
    def top(self) -> int:
        return self.rows[0][0][1]

    @property
    def bottom(self) -> int:
        return self.rows[-1][0][3]


@dataclass(frozen=True)
class PlacedCell:
    """Where a table cell went in the re-laid image."""

    box: tuple[int, int, int, int]
    table: int
    row: int
    col: int



def ink_mask(gray: Image.Image, k: int = 2, share: float = RULE_INK) -> np.ndarray:
    """Ink pixels of a page reduced ``k`` times: darker than ``share`` of the local paper
    brightness (loose: a rule must also be long, or cross a whole row)."""
    small = gray.reduce(k) if k > 1 else gray
    bg = small.reduce(8).filter(ImageFilter.MaxFilter(5)).resize(small.size, Image.BILINEAR)
    return np.asarray(small, dtype=np.float32) < share * np.maximum(np.asarray(bg, dtype=np.float32), 1)


def _segments(row: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True of at least ``min_len`` in a 1-D array."""
    d = np.diff(np.concatenate(([0], row.view(np.int8), [0])))
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    keep = ends - starts >= min_len
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


def _window_any(mask: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Pixels with a set pixel within ``k // 2`` along ``axis`` (a dilation)."""
    m = np.moveaxis(mask, axis, -1)
    n, r = m.shape[-1], k // 2
    c = np.zeros(m.shape[:-1] + (n + 2 * r + 1,), np.uint16 if n < 65535 else np.int32)
    np.cumsum(m, axis=-1, dtype=c.dtype, out=c[..., r + 1:n + r + 1])
    c[..., n + r + 1:] = c[..., n + r:n + r + 1]
    return np.moveaxis(c[..., 2 * r + 1:] > c[..., :n], -1, axis)


def close(mask: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Morphological closing along one axis: gaps shorter than ``k`` filled."""
    return ~_window_any(~_window_any(mask, k, axis), k, axis)


def horizontal_rules(ink: np.ndarray, min_len: int) -> list[tuple[float, int, int]]:
    """(y, x0, x1) of the horizontal rules: runs of ink at least ``min_len`` long, faint,
    dotted or slightly slanted ones included."""
    closed = close(_window_any(ink, 3, 0), 5, 1)
    candidates = np.flatnonzero(closed.sum(axis=1) >= min_len)
    lines: list[list] = []  # [y_sum, n, x0, x1, last_y, first_y]
    for y in candidates.tolist():
        for x0, x1 in _segments(closed[y], min_len):
            for ln in lines:
                if y - ln[4] <= 2 and min(x1, ln[3]) - max(x0, ln[2]) > 0.5 * min(x1 - x0, ln[3] - ln[2]):
                    ln[0] += y
                    ln[1] += 1
                    ln[2], ln[3], ln[4] = min(x0, ln[2]), max(x1, ln[3]), y
                    break
            else:
                lines.append([y, 1, x0, x1, y, y])
    out: list[list[float]] = []
    for y, x0, x1 in sorted((ln[0] / ln[1], ln[2], ln[3]) for ln in lines if ln[4] - ln[5] < MAX_RULE_ROWS):
        # pieces of one slightly slanted rule, or of a rule broken by a seal
        near = next((o for o in out if abs(o[0] - y) <= 3 and min(x1, o[2]) - max(x0, o[1]) > -ink.shape[1] / 4),
                    None)
        if near:
            near[0], near[1], near[2] = (near[0] + y) / 2, min(near[1], x0), max(near[2], x1)
        else:
            out.append([y, x0, x1])
    return sorted((y, int(x0), int(x1)) for y, x0, x1 in out)


def _verticals(ink: np.ndarray, y0: float, y1: float, x0: int, x1: int) -> list[int]:
    """x of the vertical rules crossing the band between two horizontal rules."""
    top, bottom = int(y0) + 3, int(y1) - 2
    if bottom - top < 6:
        return []
    lo, hi = max(0, x0 - 4), min(ink.shape[1], x1 + 5)
    band = close(_window_any(ink[top:bottom, lo:hi], 3, 1), 5, 0)  # faint, dotted or slanted rules
    cover = band.mean(axis=0)
    return [lo + (a + b) // 2 for a, b in _segments(cover >= RULE_COVER, 1)]


def find_tables(gray: Image.Image, k: int | None = None, min_row: float = 0) -> list[Table]:
    """The ruled tables of a grey page: bands between horizontal rules that vertical
    rules close at both ends and split into two cells or more, and at least ``min_row``
    pixels high (a band less tall than a line of text holds none: an underlined line whose
    letters pass for rules, on a photo). The page is searched reduced ``k`` times (by
    default to about 1240 pixels wide: half an A4 at 300 dpi)."""
    k = k or max(1, round(gray.size[0] / WORK_WIDTH))
    ink = ink_mask(gray, k)
    h, w = ink.shape
    rules = horizontal_rules(ink, max(40, w // 8))
    tables: list[list] = []
    current: list = []
    for (ya, xa0, xa1), (yb, xb0, xb1) in zip(rules, rules[1:]):
        x0, x1 = max(xa0, xb0), min(xa1, xb1)
        row = None
        if x1 - x0 >= 0.8 * min(xa1 - xa0, xb1 - xb0) and yb - ya >= max(8, min_row / k):
            xs = _verticals(ink, ya, yb, x0, x1)
            tol = max(6, w // 100)
            if len(xs) >= 3 and abs(xs[0] - x0) <= tol and abs(xs[-1] - x1) <= tol:
                row = tuple((xs[i] * k, round(ya * k), xs[i + 1] * k, round(yb * k))
                            for i in range(len(xs) - 1) if xs[i + 1] - xs[i] >= 8)
        if row and len(row) >= 2 and (not current or abs(current[-1][0][3] - row[0][1]) <= 4 * k):
            current.append(row)
        else:
            if current:
                tables.append(current)
            current = [row] if row and len(row) >= 2 else []
    if current:
        tables.append(current)
    return [Table(tuple(t)) for t in tables]


def blank_tables(gray: Image.Image, tables: list[Table]) -> Image.Image:
    """The page with its tables painted white (they are read apart, see ``table_image``)."""
    out = gray.copy()
    for t in tables:
        out.paste(255, (min(c[0] for r in t.rows for c in r), t.top, max(c[2] for r in t.rows for c in r) + 1,
                        t.bottom + 1))
    return out


def table_images(gray: Image.Image, tables: list[Table], gap: int = GUTTER,
                 max_height: int = MAX_STACK) -> list[tuple[Image.Image, list[PlacedCell]]]:
    """The cells of a page's tables for Tesseract: the inside of every cell, its rules
    shaved off, stacked one under the other on paper of the page's colour (so each
    line of words is one cell's: word spaces are judged within the cell, and a lone
    row number is read as a line of its own); images at most ``max_height`` high."""
    paper = int(np.percentile(np.asarray(gray.reduce(4)), 90))
    m = CELL_MARGIN
    crops = [(gray.crop((x0 + m, y0 + m, max(x0 + m + 1, x1 - m), max(y0 + m + 1, y1 - m))), ti, ri, ci)
             for ti, t in enumerate(tables) for ri, row in enumerate(t.rows)
             for ci, (x0, y0, x1, y1) in enumerate(row)]
    out: list[tuple[Image.Image, list[PlacedCell]]] = []
    batch: list = []
    height = gap

    def flush():
        if not batch:
            return
        canvas = Image.new("L", (max(c[0].size[0] for c in batch) + 2 * gap, height), paper)
        placed, y = [], gap
        for img, ti, ri, ci in batch:
            canvas.paste(img, (gap, y))
            placed.append(PlacedCell((gap, y, gap + img.size[0], y + img.size[1]), ti, ri, ci))
            y += img.size[1] + gap
        out.append((canvas, placed))

    for crop in crops:
        if batch and height + crop[0].size[1] + gap > max_height:
            flush()
            batch, height = [], gap
        batch.append(crop)
        height += crop[0].size[1] + gap
    flush()
    return out
