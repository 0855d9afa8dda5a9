"""Document structure: header, title, outline with section paths, tables,
signature and recipients, each a Segment with its character span.

The outline follows the markers of ``models/structure.yaml`` (I., 1., 1.1.,
a), -, +, Điều, Phụ lục), each with its level: a marker closes every open
item of its level or below. Table rows inside an
appendix take their path from their first cell ("I", "1" -> ``<appendix>.I.1``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import regex

from . import patterns
from .models import Document, Segment

BULLETS = ("dash", "plus")


@functools.cache
def _markers() -> list[tuple[str, regex.Pattern]]:
    return [(o["name"], patterns.regex("structure.yaml", f"outline.{i}", engine=regex))
            for i, o in enumerate(patterns.structure()["outline"])]


@functools.cache
def _levels() -> dict[str, int]:
    return {o["name"]: o["level"] for o in patterns.structure()["outline"]}


@functools.cache
def item_marker() -> regex.Pattern:
    """The marker opening an item or clause with its surrounding space (``models/structure.yaml``)."""
    return patterns.regex("structure.yaml", "item_marker", engine=regex)


def match_marker(line: str) -> tuple[str, str] | None:
    """(style, label) of an outline marker opening ``line``, if any."""
    for name, rx in _markers():
        m = rx.match(line)
        if m:
            return name, regex.sub(r"\s+", " ", m["label"])
    return None


@dataclass
class _Open:
    style: str
    label: str
    start: int
    heading: str


def _path(stack: list[_Open]) -> str | None:
    parts: list[str] = []
    for node in stack:
        if node.style in BULLETS:
            continue
        if node.style == "appendix":
            parts = [patterns.structure()["appendix_label"]]
            continue
        label = node.label
        if node.style.startswith("decimal"):
            # "1.1" under "1" replaces it: II.1.1, not II.1.1.1
            head = label.split(".")[0]
            if parts and parts[-1] == head:
                parts.pop()
        parts.append(label)
    return ".".join(parts) if parts else None


def _row_label(text: str, row: Segment) -> tuple[str, str] | None:
    """An appendix row's label from its first cell: roman group or number."""
    if not row.cells:
        return None
    a, b = row.cells[0]
    first = text[a:b].strip().rstrip(".")
    if regex.fullmatch(r"[IVXLC]{1,6}", first):
        return "roman", first
    if regex.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,2}", first):
        return ("decimal2" if "." in first else "arabic"), first
    if regex.fullmatch(r"[a-zđ]\)?", first):
        return "letter", first.rstrip(")")
    return None


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    path: str | None
    row: Segment | None


def lines_with_paths(doc: Document) -> list[Line]:
    """Every line of the document with the outline path it falls under."""
    text = doc.text
    rows = {r.start: r for r in doc.rows}
    out: list[Line] = []
    stack: list[_Open] = []
    levels = _levels()
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = raw.lstrip("\f")
        start += len(raw) - len(line)
        row = rows.get(start)
        mk = _row_label(text, row) if row is not None and _in_appendix(stack) else None
        if mk is None and row is None:
            mk = match_marker(line)
        if mk:
            style, label = mk
            if style == "appendix":
                stack = [_Open(style, label, start, line[:80])]
            else:
                rank = levels[style]
                stack = [n for n in stack if n.style == "appendix" or levels[n.style] < rank]
                stack.append(_Open(style, label, start, line[:80]))
        if line.strip():
            out.append(Line(start, end, line, _path(stack), row))
    return out


_CLAUSE_END = regex.compile(r";|(?<=(?:[^\d\s]|\d{4}|\d/\d{1,2})[.!?])\s+(?=\p{Lu}|[-+•]\s)|:\s+(?=[-+]\s)")  # a year or date ends a
# sentence; a bullet after a sentence end starts a clause where a flattened text ran its items into one line


def within(path: str | None, part: str | None) -> bool:
    """Whether outline ``path`` lies in the part at ``part`` ("IV.2.a" in "IV.2", "IV.2" in itself)."""
    return bool(path and part and (path == part or path.startswith(part + ".")))


def lines_in_parts(lines: list[Line], opens) -> set[int]:
    """Starts of the lines in the top-level parts ("II. THỰC TRẠNG", "I. MỤC ĐÍCH, YÊU CẦU") whose heading line
    ``opens`` accepts (a callable on the line's text)."""
    out, part = set(), None
    for ln in lines:
        if ln.path and "." not in ln.path and ln.row is None:
            if opens(ln.text):
                part = ln.path
            elif part and ln.path != part:
                part = None
        if within(ln.path, part):
            out.add(ln.start)
    return out


def lines_under(lines: list[Line], opens) -> set[int]:
    """Starts of the lines of the sections, at any level, whose heading line ``opens`` accepts, headings included."""
    out, part = set(), None
    for ln in lines:
        if part and ln.path and not within(ln.path, part):
            part = None
        if part is None and ln.path and ln.row is None and opens(ln.text):
            part = ln.path
        if part:
            out.add(ln.start)
    return out


def clauses(line: Line) -> list[tuple[int, int]]:
    """Spans of the clauses of a line (split at ";" and sentence ends), absolute offsets."""
    spans, last = [], 0
    for m in _CLAUSE_END.finditer(line.text):
        if _bracket_depth(line.text, last, m.start()) > 0:
            continue  # "theo 03 nhóm (chất thải tái chế; chất thải thực phẩm; ...)": a list inside brackets is one clause
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(line.text)))
    return [(line.start + a, line.start + b) for a, b in spans if line.text[a:b].strip()]


def _bracket_depth(text: str, start: int, end: int) -> int:
    depth = 0
    for ch in text[start:end]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth


def _in_appendix(stack: list[_Open]) -> bool:
    return bool(stack) and stack[0].style == "appendix"


def segment(doc: Document) -> list[Segment]:
    """The outline as a flat list of Segments (sections, items, rows) in order."""
    segs: list[Segment] = []
    for ln in lines_with_paths(doc):
        mk = match_marker(ln.text) if ln.row is None else None
        if ln.row is not None:
            segs.append(replace(ln.row, path=ln.path, heading=ln.text[:80]))
        elif mk:
            kind = "appendix" if mk[0] == "appendix" else ("item" if mk[0] in BULLETS else "section")
            segs.append(Segment(kind, ln.start, ln.end, label=mk[1], path=ln.path, heading=ln.text[:80]))
    return segs


def outline_text(doc: Document) -> str:
    """A readable tree: one line per segment, indented by depth, with spans."""
    lines = []
    for s in segment(doc):
        depth = (s.path or "").count(".") + (1 if s.kind in ("item", "row") else 0)
        span = f"[{s.start}-{s.end}]"
        lines.append(f"{'  ' * depth}{s.kind:8} {s.path or '-':14} {span:14} {s.heading}")
    return "\n".join(lines)
