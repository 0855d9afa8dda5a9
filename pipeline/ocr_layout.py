"""Page layout of OCR'd scans: ruled tables and side-by-side blocks, as table rows.

Tesseract reads a page line by line across its whole width.  The two blocks of
an administrative header ("ỦY BAN NHÂN DÂN ..." beside "CỘNG HÒA XÃ HỘI ...")
or of the recipients beside the signature run into single lines, and a ruled
table of tasks comes out as lines mixing the words of every cell.  The ruled
tables are found and read apart by ``pipeline.ocr_tables``; this module writes
the page text (``page_lines``) in the RawPage convention: words in a cell go to
that cell, blocks side by side (a wide gap at the same place on consecutive
lines) become the cells of borderless rows, and the other words lines, top to
bottom, a blank line between Tesseract's blocks.  Words made of a seal's ring
or a stain (very low confidence, or lone punctuation) are dropped, and each line
is rendered knowing the syllables over its line breaks, for the post-correction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Callable

from .table_text import CELL, layout_row
from .ocr_tables import PlacedCell, Table

NOISE_CONF = 25  # below this confidence a word is a seal's ring or a stain read as letters
LABEL_RE = re.compile(r"[^\W\d_]{2,3}[:;]$")  # "Số:", however its mark is read


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
