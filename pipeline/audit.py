"""Coverage audit without gold: what the text promises and the record does not hold.

Two shares, over any set of documents:

- **assignment cues**: clauses of the body (outside the preamble, the recipients and the
  signature) holding a word that gives a body a duty (giao, chủ trì, phối hợp, đề nghị,
  có trách nhiệm, tham mưu) whose span no assignment's evidence touches;
- **target numbers**: numbers governed by a target word (đạt, ít nhất, tối thiểu, phấn đấu,
  chỉ tiêu) that no quota's evidence covers.

Neither is an error rate (a "phối hợp" inside an agency's own block rightly adds nothing);
they point at classes of failure the gold does not show yet. The cues live in
``models/roles.yaml`` (``audit``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import regex

from . import patterns
from .models import Document, Record
from .segmentation import clauses, lines_with_paths


@functools.cache
def _cue(name: str) -> regex.Pattern:
    return patterns.regex("roles.yaml", f"audit.{name}", regex.IGNORECASE, engine=regex)


@dataclass(frozen=True)
class Miss:
    """A clause with an assignment cue and no assignment, or a target number with no quota."""

    path: str
    kind: str  # "assignment" or "quota"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Coverage:
    documents: int
    cue_clauses: int
    cue_missed: int
    target_numbers: int
    target_missed: int
    misses: tuple[Miss, ...]

    @property
    def assignment_gap(self) -> float:
        return self.cue_missed / self.cue_clauses if self.cue_clauses else 0.0

    @property
    def quota_gap(self) -> float:
        return self.target_missed / self.target_numbers if self.target_numbers else 0.0

    def as_dict(self) -> dict:
        return {"documents": self.documents, "cue_clauses": self.cue_clauses, "cue_missed": self.cue_missed,
                "assignment_gap": round(self.assignment_gap, 3), "target_numbers": self.target_numbers,
                "target_missed": self.target_missed, "quota_gap": round(self.quota_gap, 3)}

    def table(self) -> str:
        return "\n".join([
            f"documents                      {self.documents}",
            f"clauses with an assignment cue {self.cue_clauses:6}   without an assignment "
            f"{self.cue_missed:5} ({self.assignment_gap:.1%})",
            f"numbers with a target cue      {self.target_numbers:6}   without a quota       "
            f"{self.target_missed:5} ({self.quota_gap:.1%})",
        ])


def audit_document(doc: Document, record: Record, skipped: list[tuple[int, int]]) -> tuple[int, int, int, int, list[Miss]]:
    """(cue clauses, missed, target numbers, missed, misses) of one document."""
    text = doc.text
    spans = [(a.evidence.start, a.evidence.end) for a in record.assignments]
    quota_spans = [(q.evidence.start, q.evidence.end) for q in record.quotas]
    cues = missed = targets = t_missed = 0
    misses: list[Miss] = []
    for ln in lines_with_paths(doc):
        if any(a <= ln.start < b for a, b in skipped):
            continue
        for a, b in clauses(ln):
            clause = text[a:b]
            if _cue("assignment_cue").search(clause):
                cues += 1
                if not any(s < b and a < e for s, e in spans):
                    missed += 1
                    misses.append(Miss(record.source, "assignment", a, b, " ".join(clause.split())[:300]))
            for m in _cue("target_number").finditer(clause):
                n0, n1 = a + m.start(1), a + m.end(1)
                targets += 1
                if not any(s <= n0 and n1 <= e for s, e in quota_spans):
                    t_missed += 1
                    misses.append(Miss(record.source, "quota", a + m.start(), n1, " ".join(m.group().split())))
    return cues, missed, targets, t_missed, misses


def audit(paths) -> Coverage:
    """The coverage audit of every readable document under ``paths`` (files or folders)."""
    from . import read_document
    from .errors import KehoachError
    from .extraction.record import extract_document
    from .extraction.context import skipped_spans
    from .reading import iter_paths

    totals = [0, 0, 0, 0]
    misses: list[Miss] = []
    n = 0
    for path in iter_paths([Path(p) for p in paths]):
        try:
            doc = read_document(path)
        except KehoachError:
            continue
        record = extract_document(doc)
        found = audit_document(doc, record, skipped_spans(doc.text))
        for i in range(4):
            totals[i] += found[i]
        misses.extend(found[4])
        n += 1
    return Coverage(n, *totals, tuple(misses))
