"""Page layout of OCR'd scans: ruled tables and side-by-side blocks, as table rows.

Tesseract reads a page line by line across its whole width.  The two blocks of
an administrative header ("ỦY BAN NHÂN DÂN ..." beside "CỘNG HÒA XÃ HỘI ...")
or of the recipients beside the signature run into single lines, and a ruled
table of tasks comes out as lines mixing the words of every cell.  This module

* finds ruled tables (``find_tables``): horizontal rules joined by vertical
  rules at both ends and between the cells, row by row;
* reads the tables apart (``blank_tables``, ``table_images``): the inside of
  every cell, without its rules, stacked one under the other, so no word runs
  from one cell into the next, word spaces are judged within a cell and a lone
  row number is read too;
* writes the page text (``page_lines``) in the RawPage convention: words in a
  cell go to that cell, blocks side by side (a wide gap at the same place on
  consecutive lines) become the cells of borderless rows, and the other words
  lines, top to bottom, a blank line between Tesseract's blocks.  Words made of
  a seal's ring or a stain (very low confidence, or lone punctuation) are
  dropped, and each line is rendered knowing the syllables over its line
  breaks, for the post-correction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Callable

import numpy as np
from PIL import Image, ImageFilter

from .normalise import CELL, layout_row

RULE_INK = 0.88  # a pixel may belong to a rule below this share of the local paper brightness
MAX_RULE_ROWS = 8  # a rule is thin: thicker runs are text or pictures (reduced pixels)
WORK_WIDTH = 1240  # width of the reduced page searched for rules
RULE_COVER = 0.75  # share of a row band's height a vertical rule covers
GUTTER = 40  # pixels of paper between the stacked cells of ``table_images``
MAX_STACK = 20000  # height of one image of stacked cells
NOISE_CONF = 25  # below this confidence a word is a seal's ring or a stain read as letters
LABEL_RE = re.compile(r"[^\W\d_]{2,3}[:;]$")  # "Số:", however its mark is read
CELL_MARGIN = 10  # pixels shaved off each side of a cell, from the middle of its rules


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    x0: int
    y0: int
    x1: int
    y1: int
    block: int = 0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


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


# --------------------------------------------------------------------------- ruled tables


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


# --------------------------------------------------------------------------- text


def _is_noise(word: Word, hmed: float) -> bool:
    """A word Tesseract made of a seal's ring, a stain or a speck: very low confidence,
    letters flatter than any letter is, or no letter or digit and unsure or tiny."""
    if word.conf < NOISE_CONF:
        return True
    if any(c.isalnum() for c in word.text):
        return word.y1 - word.y0 < 0.3 * hmed
    return word.conf < 50 or max(word.x1 - word.x0, word.y1 - word.y0) < 0.25 * hmed


def _is_number_label(word: Word, words: list[Word], hmed: float) -> bool:
    """A short word ending in a colon just before a number on its line ("Số: 308/KH-UBND"):
    the label of the document's number, however unsure Tesseract is of its marks."""
    return bool(LABEL_RE.match(word.text)) and any(
        0 <= w.x0 - word.x1 <= hmed and abs(w.cy - word.cy) < 0.5 * hmed and w.text[:1].isdigit() for w in words)


def _is_rule(word: Word, hmed: float) -> bool:
    """An underline or a rule read as dashes (a list dash or a hyphen is narrower)."""
    return all(c in "-_—–=~.·…" for c in word.text) and (len(word.text) >= 3 or word.x1 - word.x0 > 2 * hmed)


def _visual_lines(words: list[Word], hmed: float) -> list[list[Word]]:
    """Words grouped into printed lines (vertical overlap), top to bottom, left to right."""
    lines: list[list[Word]] = []
    for wd in sorted(words, key=lambda w: (w.cy, w.x0)):
        for ln in reversed(lines[-4:]):
            top = median(x.y0 for x in ln)
            bottom = median(x.y1 for x in ln)
            if min(bottom, wd.y1) - max(top, wd.y0) > 0.5 * min(bottom - top, wd.y1 - wd.y0):
                ln.append(wd)
                break
        else:
            lines.append([wd])
    for ln in lines:
        ln.sort(key=lambda w: w.x0)
    return lines


def _solid(line: list[Word]) -> list[Word]:
    """The words with a letter or a digit (a speck of punctuation may sit in a gap)."""
    return [w for w in line if any(c.isalnum() for c in w.text)] or line


def _gaps(line: list[Word], min_gap: float) -> list[tuple[int, int]]:
    line = _solid(line)
    return [(a.x1, b.x0) for a, b in zip(line, line[1:]) if b.x0 - a.x1 >= min_gap]


def _bounds(cuts: list[tuple[int, int]], hmed: float) -> list[float]:
    """Where each column after the first starts: just before its leftmost word."""
    return sorted(hi - 0.25 * hmed for _, hi in cuts)


def _crosses(line: list[Word], cuts: list[tuple[int, int]], hmed: float) -> bool:
    return any(w.x0 < b < w.x1 for w in _solid(line) for b in _bounds(cuts, hmed))


def _merge_cuts(cuts: list[tuple[int, int]], gaps: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Cuts narrowed by the gaps of one more line, or None when a cut finds no gap."""
    out = []
    for lo, hi in cuts:
        match = [(max(lo, a), min(hi, b)) for a, b in gaps if min(hi, b) > max(lo, a)]
        if not match:
            return None
        out.append(match[0])
    return out


def _fits_column(ln: list[Word], cols: list[list[tuple[int, int]]], bounds: list[float], hmed: float) -> bool:
    """A line with no gap of its own belongs to a side-by-side region when it sits in one
    column, aligned like the lines that column holds: on their left edge (a list) or
    on their centre (a centred block)."""
    c = {sum(w.cx > b for b in bounds) for w in ln}
    if len(c) != 1:
        return False
    held = cols[c.pop()]
    if not held:
        return False
    x0, x1 = min(w.x0 for w in ln), max(w.x1 for w in ln)
    lefts = [a for a, _ in held]
    centres = [(a + b) / 2 for a, b in held]
    left_aligned = len(held) == 1 or max(lefts) - min(lefts) <= 2 * hmed
    centred = len(held) == 1 or max(centres) - min(centres) <= 2 * hmed
    return ((left_aligned and abs(x0 - median(lefts)) <= 2 * hmed)
            or (centred and abs((x0 + x1) / 2 - median(centres)) <= 2 * hmed))


def _column_regions(lines: list[list[Word]], hmed: float) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(first line, end line, cuts) of the runs of lines that hold blocks side by side:
    a wide gap at the same place on two consecutive lines, or a very wide one."""
    strong, weak = 4 * hmed, 1.5 * hmed
    regions = []
    i = 0
    while i < len(lines):
        g = _gaps(lines[i], weak)
        cuts = None
        if g and i + 1 < len(lines) and lines[i + 1][0].y0 - max(w.y1 for w in lines[i]) < 2.5 * hmed:
            cuts = _merge_cuts(g, _gaps(lines[i + 1], weak))
        if not cuts and g and max(b - a for a, b in g) >= strong:
            cuts = [max(g, key=lambda ab: ab[1] - ab[0])]
        if not cuts:
            i += 1
            continue
        cuts.sort()
        bounds = _bounds(cuts, hmed)
        cols: list[list[tuple[int, int]]] = [[] for _ in range(len(bounds) + 1)]

        def widen(ln):  # note the extent of the line's part in each column
            parts: dict[int, list[Word]] = {}
            for w in ln:
                parts.setdefault(sum(w.cx > b for b in bounds), []).append(w)
            for c, ws in parts.items():
                cols[c].append((min(w.x0 for w in ws), max(w.x1 for w in ws)))

        widen(lines[i])
        pitch = None  # the smallest step from a line's top to the next one's in the region
        j = i + 1
        while j < len(lines):
            ln = lines[j]
            top = min(w.y0 for w in ln)
            gap = top - max(w.y1 for w in lines[j - 1])
            step = top - min(w.y0 for w in lines[j - 1])
            if _crosses(ln, cuts, hmed) or gap > 6 * hmed:
                break
            narrowed = _merge_cuts(cuts, _gaps(ln, weak))
            if narrowed and gap <= 2.5 * hmed:
                cuts = narrowed
                bounds[:] = _bounds(cuts, hmed)
            elif not _fits_column(ln, cols, bounds, hmed):
                break
            elif any(w.cx < bounds[0] for w in ln) and (gap > 2.5 * hmed or step > 1.25 * (pitch or 1.4 * hmed)):
                break  # a line of the first column after a wider step: the text below the block
            # (in a later column only, a line may come after blank lines: the name under a signature)
            pitch = min(pitch or step, step)
            widen(ln)
            j += 1
        regions.append((i, j, cuts))
        i = j
    return regions


def _region_rows(lines: list[list[Word]], cuts, hmed: float) -> list[list[list[list[Word]]]]:
    """Rows of a side-by-side region, each a list of columns, each a list of lines of
    words. A new row starts at a line reaching the first column after a taller step
    than the usual line pitch of the region."""
    bounds = _bounds(cuts, hmed)
    tops = [min(w.y0 for w in ln) for ln in lines]
    steps = [b - a for a, b in zip(tops, tops[1:])]
    pitch = max(min(steps), hmed) if steps else 1.4 * hmed  # the line pitch inside a block
    rows: list[list[list[list[Word]]]] = []
    for k, ln in enumerate(lines):
        starts_left = any(w.cx < bounds[0] for w in ln)
        if not rows or (tops[k] - tops[k - 1] > 1.35 * pitch and starts_left):
            rows.append([[] for _ in range(len(bounds) + 1)])
        cols: dict[int, list[Word]] = {}
        for w in ln:
            cols.setdefault(sum(w.cx > b for b in bounds), []).append(w)
        for c, ws in cols.items():
            rows[-1][c].append(ws)
    return rows


def _emit_row(out: list[str], cells: list[list[str]], first: bool, width: int = 0):
    """One table row in the RawPage convention (``layout_row``); ``width`` pads the row
    with empty cells at its end (a table's first row sets how wide its rows may be)."""
    lines = layout_row(cells, width)
    if not lines:
        return
    if first and out and out[-1] == CELL:
        out.append("")  # a blank line ends the previous table
    out.extend(lines)


_RUN_ON_END = re.compile(r"[^\W\d_]$")  # a line ending in a letter: the sentence may run on
_RUN_ON_START = re.compile(r"^[^\W\d_]")


def _render_all(lines: list[list[Word]], render) -> list[str]:
    """Lines rendered in order, each knowing the syllables over its line breaks when the
    text runs on from one line to the next (no punctuation at the break)."""
    out: list[str] = []
    for k, ln in enumerate(lines):
        left = right = None
        if k and out and _RUN_ON_END.search(out[-1]) and _RUN_ON_START.match(ln[0].text):
            left = out[-1].rsplit(" ", 1)[-1]
        if k + 1 < len(lines) and _RUN_ON_END.search(ln[-1].text) and _RUN_ON_START.match(lines[k + 1][0].text):
            right = lines[k + 1][0].text
        out.append(render(ln, left, right))
    return out


def page_lines(words: list[Word], render: Callable[..., str], tables: list[Table] = (),
               cell_reads: list[tuple[list[PlacedCell], list[Word]]] = ()) -> list[str]:
    """The page text, one line a string, in the RawPage convention.

    ``words`` are Tesseract's words of the page (its tables blanked), ``render``
    turns the words of one printed line into text (with the OCR repairs; it is
    given the syllables over the line breaks when the text runs on);
    ``cell_reads`` pairs the cells an image of ``table_images`` placed with the
    words Tesseract read in it."""
    words = [w for w in words if w.text.strip()]
    every = words + [w for _, ws in cell_reads for w in ws if w.text.strip()]
    if not every:
        return []
    hmed = float(median(w.y1 - w.y0 for w in every))
    words = [w for w in words if not _is_noise(w, hmed) or _is_number_label(w, words, hmed)]
    cell_reads = [(placed, [w for w in ws if w.text.strip() and not _is_noise(w, hmed)]) for placed, ws in cell_reads]
    in_cell: dict[tuple[int, int, int], list[Word]] = {}
    for placed, ws in cell_reads:
        for w in ws:
            hit = next((c for c in placed if c.box[1] <= w.cy <= c.box[3]), None)
            if hit is not None:
                in_cell.setdefault((hit.table, hit.row, hit.col), []).append(w)
    # items to write, by their top: ("line", words), ("region", rows) or ("table", index)
    items: list[tuple[float, str, object]] = []
    lines = _visual_lines([w for w in words if not _is_rule(w, hmed)], hmed)
    taken = set()
    for a, b, cuts in _column_regions(lines, hmed):
        items.append((min(w.y0 for w in lines[a]), "region", _region_rows(lines[a:b], cuts, hmed)))
        taken.update(range(a, b))
    for k, ln in enumerate(lines):
        if k not in taken:
            items.append((min(w.y0 for w in ln), "line", ln))
    for t, table in enumerate(tables):
        items.append((table.top, "table", t))
    items.sort(key=lambda it: it[0])
    out: list[str] = []
    k = 0
    while k < len(items):
        _, kind, val = items[k]
        if kind == "line":  # a run of lines of one block, rendered together
            block = [val]
            while k + 1 < len(items) and items[k + 1][1] == "line" and items[k + 1][2][0].block == val[0].block:
                k += 1
                block.append(items[k][2])
            if out and out[-1] != "":
                out.append("")
            out.extend(_render_all(block, render))
        elif kind == "region":
            for i, row in enumerate(val):
                _emit_row(out, [_render_all(col, render) for col in row], i == 0)
            out.append("")
        else:
            rows = tables[val].rows
            width = max(map(len, rows))
            for r, row in enumerate(rows):
                # the first row as wide as the widest: later rows may not be wider
                _emit_row(out, [_render_all(_visual_lines(in_cell.get((val, r, c), []), hmed), render)
                                for c in range(len(row))], r == 0, width if r == 0 and len(rows) > 1 else 0)
            out.append("")
        k += 1
    while out and out[-1] == "":
        out.pop()
    return out
