"""Coverage audit without gold: what the text promises and the record does not hold.

Two shares, over any set of documents:

- **assignment cues**: clauses of the body (outside the preamble, the recipients and the
  signature) holding a word that gives a body a duty (giao, chủ trì, phối hợp, đề nghị,
  có trách nhiệm, tham mưu) whose span no assignment's evidence touches. Counted twice: over
  the whole body, and over the **implementing sections** only, where the cue is a verb ("Giao
  Sở X", not "nút giao" or "công tác phối hợp"), outside the parts that tell the situation or
  the purpose, not in a table's header row, a title in capitals, the closing summary ("Trên
  đây là ...") or an order to carry out the whole document (which the spec gives no duty). The
  first line of an item is covered when an assignment falls in the lines under it.
- **target numbers**: numbers governed by a target word (đạt, ít nhất, tối thiểu, phấn đấu,
  chỉ tiêu) that no quota's evidence covers.

Neither is an error rate (a "phối hợp" inside an agency's own block rightly adds nothing);
they point at classes of failure the gold does not show yet. The cues live in
``models/roles.yaml`` (``audit``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from .extraction.duties import cue, role_rx
from .layout import is_caps
from .models import Document, Record
from .segmentation import clauses, lines_in_parts, lines_with_paths, within


_SENTENCE_END = regex.compile(r"(?<=[^\d\s][.!?])\s+(?=\p{Lu})|$")


def _cue(name: str) -> regex.Pattern:
    return role_rx("audit", name)


@dataclass(frozen=True)
class Miss:
    """A clause with an assignment cue and no assignment, or a target number with no quota."""

    path: str
    kind: str  # "assignment" or "quota"
    start: int
    end: int
    text: str
    implementing: bool = True  # a verb cue in an implementing section (the narrow count)


@dataclass(frozen=True)
class Coverage:
    documents: int
    cue_clauses: int
    cue_missed: int
    target_numbers: int
    target_missed: int
    misses: tuple[Miss, ...]
    implementing_clauses: int = 0
    implementing_missed: int = 0

    @property
    def assignment_gap(self) -> float:
        return self.cue_missed / self.cue_clauses if self.cue_clauses else 0.0

    @property
    def implementing_gap(self) -> float:
        return self.implementing_missed / self.implementing_clauses if self.implementing_clauses else 0.0

    @property
    def quota_gap(self) -> float:
        return self.target_missed / self.target_numbers if self.target_numbers else 0.0

    def as_dict(self) -> dict:
        return {"documents": self.documents, "cue_clauses": self.cue_clauses, "cue_missed": self.cue_missed,
                "assignment_gap": round(self.assignment_gap, 3), "implementing_clauses": self.implementing_clauses,
                "implementing_missed": self.implementing_missed, "implementing_gap": round(self.implementing_gap, 3),
                "target_numbers": self.target_numbers,
                "target_missed": self.target_missed, "quota_gap": round(self.quota_gap, 3)}

    def table(self) -> str:
        return "\n".join([
            f"documents                      {self.documents}",
            f"clauses with an assignment cue {self.cue_clauses:6}   without an assignment "
            f"{self.cue_missed:5} ({self.assignment_gap:.1%})",
            f"  of them verb cues in implementing sections {self.implementing_clauses:4}   without an assignment "
            f"{self.implementing_missed:5} ({self.implementing_gap:.1%})",
            f"numbers with a target cue      {self.target_numbers:6}   without a quota       "
            f"{self.target_missed:5} ({self.quota_gap:.1%})",
        ])


@dataclass(frozen=True)
class DocumentCoverage:
    cue_clauses: int
    cue_missed: int
    implementing_clauses: int
    implementing_missed: int
    target_numbers: int
    target_missed: int
    misses: tuple[Miss, ...]


def outside_implementing(lines) -> set[int]:
    """Starts of the lines in a part that tells the situation or the purpose ("I. MỤC ĐÍCH, YÊU CẦU",
    "II. THỰC TRẠNG"): the implementing sections are the rest."""
    return lines_in_parts(lines, lambda text: bool(_cue("purpose_heading").match(text)
                                                   or cue("situation_heading").match(text)))


def whole_document(clause: str) -> bool:
    """An order to carry out the whole document, or to report problems back ("... phản ánh về Văn phòng UBND tỉnh"):
    the spec gives it no duty."""
    return bool(role_rx("whole_document").search(clause))


def verb_cue(clause: str) -> bool:
    """Whether the clause holds a cue used as a verb: "Giao Sở X", not "nút giao" or "công tác phối hợp"."""
    masked = _cue("cue_as_noun").sub(lambda m: " " * len(m.group()), clause)
    return bool(_cue("assignment_cue").search(masked))


def audit_document(doc: Document, record: Record, skipped: list[tuple[int, int]]) -> DocumentCoverage:
    """What one document's record misses of the cues in its text."""
    from .extraction.task_tables import columns_of

    text = doc.text
    spans = [(a.evidence.start, a.evidence.end) for a in record.assignments]
    quota_spans = [(q.evidence.start, q.evidence.end) for q in record.quotas]
    cues = missed = impl = impl_missed = targets = t_missed = 0
    misses: list[Miss] = []
    lines = lines_with_paths(doc)
    outside = outside_implementing(lines)
    for i, ln in enumerate(lines):
        if any(a <= ln.start < b for a, b in skipped):
            continue
        header_row = ln.row is not None and columns_of(doc, ln.row) is not None
        part_end = ln.end
        opens = ln.path and (i == 0 or lines[i - 1].path != ln.path)
        if opens and i + 1 < len(lines) and within(lines[i + 1].path, ln.path):
            # the first line of an item with a body ("9. Đề nghị Ủy ban MTTQ tỉnh", "1. Sở Tài chính chủ trì, phối hợp
            # với ...:"): the lines under it carry the duties
            part_end = next((x.start for x in lines[i + 1:] if not within(x.path, ln.path)), len(text))
        for a, b in clauses(ln):
            clause = text[a:b]
            if _cue("assignment_cue").search(clause):
                cues += 1
                # a clause cut by ";" belongs to its sentence: "Giao X; Y thực hiện ..." gives X the duty told after it
                stop = _SENTENCE_END.search(text, b, ln.end)
                until = part_end if b == ln.end or not stop else stop.start()
                covered = any(s < until and a < e for s, e in spans)
                narrow = (ln.start not in outside and not header_row and verb_cue(clause) and not is_caps(ln.text)
                          and not _cue("closing").match(ln.text) and not whole_document(clause))
                impl += narrow
                if not covered:
                    missed += 1
                    impl_missed += narrow
                    misses.append(Miss(record.source, "assignment", a, b, " ".join(clause.split())[:300], narrow))
            for m in _cue("target_number").finditer(clause):
                n0, n1 = a + m.start(1), a + m.end(1)
                targets += 1
                if not any(s <= n0 and n1 <= e for s, e in quota_spans):
                    t_missed += 1
                    misses.append(Miss(record.source, "quota", a + m.start(), n1, " ".join(m.group().split())))
    return DocumentCoverage(cues, missed, impl, impl_missed, targets, t_missed, tuple(misses))


def audit(paths) -> Coverage:
    """The coverage audit of every readable document under ``paths`` (files or folders)."""
    from . import read_document
    from .errors import KehoachError
    from .extraction.record import extract_document
    from .extraction.context import skipped_spans
    from .reading import iter_paths

    totals = [0] * 6
    misses: list[Miss] = []
    n = 0
    for path in iter_paths([Path(p) for p in paths]):
        try:
            doc = read_document(path)
        except KehoachError:
            continue
        record = extract_document(doc)
        found = audit_document(doc, record, skipped_spans(doc.text))
        for i, name in enumerate(("cue_clauses", "cue_missed", "implementing_clauses", "implementing_missed",
                                  "target_numbers", "target_missed")):
            totals[i] += getattr(found, name)
        misses.extend(found.misses)
        n += 1
    cue_clauses, cue_missed, impl, impl_missed, targets, t_missed = totals
    return Coverage(n, cue_clauses, cue_missed, targets, t_missed, tuple(misses), impl, impl_missed)
