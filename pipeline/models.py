"""Record types shared by every stage.

Every mention keeps ``start``/``end`` offsets into the normalised text of its
document (what ``kehoach text`` prints), so each extracted value can be traced
back to the words it came from.
"""
from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawPage:
    """One page as a reader produced it, before normalisation.

    ``text`` follows the layout convention shared by all readers (and by the web
    copies of the corpus): paragraphs on their own lines (hard wraps allowed);
    a table row opened by a line holding a single ``|`` and each cell followed
    by such a line, so ``|`` ``|`` between two cells closes a row and opens the
    next; a blank line after the last ``|`` ends the table. Readers therefore
    write an empty cell that has a filled one after it as ``-``
    (``table_text.layout_row``).
    ``method`` says how the text was obtained: ``text``, ``html``, ``docx``,
    ``pdf-text``, ``ocr`` or ``none`` (a page with no text at all).
    """

    number: int
    text: str
    method: str
    confidence: float | None = None


@dataclass(frozen=True)
class Source:
    """What ingest read from one input file."""

    path: str
    sha256: str
    format: str
    pages: tuple[RawPage, ...]
    encoding: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A normalised document: the text every evidence offset indexes."""

    source: Source
    text: str
    page_starts: tuple[int, ...] = (0,)
    rows: tuple["Segment", ...] = ()  # table rows found by the layout pass, with cell spans

    def page_of(self, offset: int) -> int:
        """The 1-based page number holding character ``offset``."""
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class Evidence:
    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A node of the document outline with its character span."""

    kind: str  # header, title, section, item, paragraph, table, row, signature, recipients, appendix
    start: int
    end: int
    label: str | None = None  # the marker as printed: "V.", "1.", "a)", "-", "Điều 3", "Phụ lục I"
    path: str | None = None  # section path such as "V.1.b" (None outside the outline)
    heading: str | None = None  # first line of the segment (shortened)
    children: tuple["Segment", ...] = ()
    cells: tuple[tuple[int, int], ...] = ()  # for rows: the span of each cell


@dataclass(frozen=True)
class Mention:
    """A span of the normalised text with the value read from it."""

    kind: str
    start: int
    end: int
    text: str
    value: Any = None


@dataclass(frozen=True)
class Reference:
    number: str
    type: str | None
    date: str | None
    issuer: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Assignment:
    agency: str
    role: str  # lead, support, requested
    task: str
    section: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Deadline:
    agency: str | None
    due: str | None
    recurrence: str | None
    text: str
    evidence: Evidence
    rrule: str | None = None


@dataclass(frozen=True)
class Quota:
    scope: str | None
    comparator: str
    value: float | int
    percent: bool
    unit: str | None
    period: str | None
    agency: str | None
    text: str
    evidence: Evidence
    value_max: float | int | None = None


@dataclass(frozen=True)
class Record:
    """The output contract of ``kehoach extract`` (see the extraction spec)."""

    source: str
    sha256: str
    kind: str
    number: str | None = None
    issuer: str | None = None
    province: str | None = None
    issue_date: str | None = None
    title: str | None = None
    signer: str | None = None
    references: tuple[Reference, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    quotas: tuple[Quota, ...] = ()
    pages: tuple[dict, ...] = field(default=())  # per page: number, method, confidence
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out = asdict(self)
        for q in out["quotas"]:
            if q.get("value_max") is None:
                q.pop("value_max", None)
        out["pages"] = list(out["pages"])
        out["notes"] = list(out["notes"])
        return out
