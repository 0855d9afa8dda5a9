"""Who owes what: assignments, deadlines and quotas with their evidence.

The document is read line by line with its outline path (``segment``):

- task tables: the header row names the columns (chủ trì, phối hợp, thời
  gian...); each row gives lead and support agencies and a deadline;
- block headings ("a) Sở Nội vụ:", "e) Đề nghị Ủy ban MTTQ tỉnh:") make their
  agencies lead (or requested) for the whole block below them;
- clauses (split at ";" and sentence ends): the agencies that open a clause
  are its subject, and the words after them give the role (chủ trì -> lead,
  phối hợp -> support); "giao X", "đề nghị X" and "chủ trì, phối hợp với Y"
  give roles to the agencies after them.

Deadlines and quotas found in a clause or row are linked to its agencies.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import regex

from .. import patterns
from ..models import Assignment, Deadline, Document, Evidence, Mention, Quota
from ..segment import Line, clauses, item_marker, lines_with_paths
from . import agencies
from .deadlines import find_deadlines, is_not_deadline
from .header import provincial_levels
from .quotas import find_quotas, quotas_in



@functools.cache
def _roles() -> dict:
    return patterns.load("roles.yaml")


def cue(name: str) -> regex.Pattern:
    """A small cue regex of ``models/roles.yaml`` (``cues``)."""
    return _rx("cues", name)


@functools.cache
def _rx(*path: str) -> regex.Pattern:
    node = _roles()
    for p in path:
        node = node[p]
    return regex.compile(node["regex"] if isinstance(node, dict) else node, regex.IGNORECASE)


def fold_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip(" ;,.:-–")


@dataclass
class Acc:
    """What has been found so far, without duplicates."""

    doc: Document
    assignments: dict = field(default_factory=dict)
    deadlines: dict = field(default_factory=dict)

    def ev(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc.page_of(start), start, end)

    def assign(self, agency: str, role: str, task: str, section: str | None, start: int, end: int):
        key = (agency, role)
        if key not in self.assignments:
            self.assignments[key] = Assignment(agency, role, fold_ws(task)[:600], section, self.ev(start, end))

    def deadline(self, agency, found, start: int, end: int):
        key = (agency, found.due, found.recurrence)
        if key not in self.deadlines:
            text = self.doc.text[start:end]
            self.deadlines[key] = Deadline(agency, found.due, found.recurrence, fold_ws(text)[:300],
                                           self.ev(start, end), found.rrule)


# ------------------------------------------------------------- clauses ---

def _subject(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[list[Mention], int]:
    """The agencies opening the clause text[start:end], and where they end."""
    m = item_marker().match(text, start, end)
    pos = m.end() if m else start
    # a short lead-in before the subject: "Hằng năm, ", "Định kỳ mỗi quý, ", "Đồng thời, "
    req = cue("lead_in").match(text[pos:end])
    if req and any(pos <= m.start < pos + req.end() for m in mentions):
        req = None
    pos += req.end() if req else 0
    subject: list[Mention] = []
    for mn in mentions:
        if mn.start < pos:
            continue
        if mn.start >= end:
            break
        gap = text[pos:mn.start]
        if subject and not cue("separators").match(gap):
            break
        if not subject and gap.strip() and not cue("subject_gap").fullmatch(gap):
            break
        subject.append(mn)
        pos = mn.end
    return subject, pos


def _role_after(text: str) -> str | None:
    if _rx("roles", "support_after").match(text):
        return "support"
    if _rx("roles", "lead_strong").match(text) or _rx("roles", "lead_after").match(text):
        return "lead"
    return None


def outside_authority(agency: str) -> bool:
    """Party organs, the Fatherland Front, mass organisations, central bodies."""
    return bool(_rx("outside_authority").search(agency))


# ---------------------------------------------------------------- tables ---

def _columns(doc: Document, row) -> dict[str, int] | None:
    cols = {}
    for i, (a, b) in enumerate(row.cells):
        cell = doc.text[a:b]
        if len(cell) > 60:
            continue
        for name in ("lead", "support", "time", "task"):
            if name not in cols and regex.search(_roles()["columns"][name], cell):
                cols[name] = i
                break
    return cols if "lead" in cols else None


@dataclass
class EndedTable:
    """A task table that stopped, and the lines seen since: it may go on on the next page."""

    columns: dict[str, int]
    last_row: Line | None
    after: list[Line]


PAGE_FURNITURE_LINES = 3  # page numbers, running heads: at most this many lines between the parts
PAGE_FURNITURE_CHARS = 60


def _continues(doc: Document, ended: EndedTable, ln: Line) -> bool:
    """Whether a header-less row goes on with the table that ``ended``: it comes on a later
    page, with as many cells as the table's last row, and only page furniture in between."""
    last = ended.last_row
    if last is None or len(ln.row.cells) != len(last.row.cells):
        return False
    if doc.page_of(ln.start) <= doc.page_of(last.start):
        return False
    return len(ended.after) <= PAGE_FURNITURE_LINES and all(
        len(a.text.strip()) <= PAGE_FURNITURE_CHARS for a in ended.after)


def _cell(doc: Document, row, i: int | None) -> tuple[int, int] | None:
    if i is None or i >= len(row.cells):
        return None
    return row.cells[i]


# ------------------------------------------------------------------ main ---

def find_obligations(doc: Document, header) -> tuple[list[Assignment], list[Deadline], list[Quota]]:
    text = doc.text
    year = int(header.issue_date[:4]) if header.issue_date else None
    provincial = provincial_levels()
    level_word = header.level if header.level in provincial else provincial[0]
    mentions = agencies.find_agencies(text, level_word=level_word) if hasattr(agencies, "find_agencies") else []
    issuer_ids = _issuer_ids(header, level_word)
    acc = Acc(doc)
    lines = lines_with_paths(doc)
    skip = _skipped_spans(text)
    blocks: list[tuple] = []  # (path prefix, agencies, role, heading says "chủ trì")
    fields = {"leads": [], "item": None}  # "Đơn vị chủ trì: X" lines of the current item
    issuer_is_ubnd = bool(header.issuer and header.issuer.startswith("UBND"))
    columns, ended, last_row = None, None, None
    mi = 0
    for ln in lines:
        if any(a <= ln.start < b for a, b in skip):
            continue
        while mi < len(mentions) and mentions[mi].end <= ln.start:
            mi += 1
        line_mentions = [m for m in mentions[mi:mi + 400] if ln.start <= m.start and m.end <= ln.end]
        line_mentions = [m for m in line_mentions if m.value not in issuer_ids] or []
        if ln.row is not None:
            cols = _columns(doc, ln.row)
            if cols:
                columns, ended, last_row = cols, None, None
                continue
            if columns is None and ended and _continues(doc, ended, ln):
                columns, ended = ended.columns, None  # the table goes on after a page break, headerless
            if columns and len(ln.row.cells) > max(columns.values()):
                _table_row(acc, doc, ln, columns, line_mentions, year)
                last_row = ln
                continue
        elif columns is not None:
            ended, columns = EndedTable(columns, last_row, []), None
        if ended is not None:
            ended.after.append(ln)
        blocks = [b for b in blocks if ln.path and (ln.path == b[0] or ln.path.startswith(b[0] + "."))]
        if _field_line(acc, doc, ln, line_mentions, blocks, fields, year):
            continue
        if item_marker().match(ln.text):
            fields = {"leads": [], "item": ln}
        fields["issuer_is_ubnd"] = issuer_is_ubnd
        _prose_line(acc, doc, ln, line_mentions, blocks, fields, year)
    quotas = find_quotas(doc, lines, skip, acc.assignments)
    return list(acc.assignments.values()), list(acc.deadlines.values()), quotas


def _issuer_ids(header, level_word: str) -> set[str]:
    """Names the issuer goes by: it gives tasks, it is not assigned them."""
    if not header.issuer:
        return set()
    ids = {header.issuer, agencies.canonical_agency(header.issuer, level_word=level_word)}
    if header.issuer.startswith("UBND ") and header.level:  # "Ủy ban nhân dân tỉnh" in the body
        ids.add(agencies.canonical_agency(f"UBND {header.level}", level_word=level_word))
    return ids


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """Header, legal bases, recipients and signature: no duties there."""
    spans = []
    for m in cue("recipients").finditer(text):
        nxt = cue("appendix").search(text, m.end())
        spans.append((m.start(), nxt.start() if nxt else len(text)))
    for m in cue("preamble").finditer(text):
        spans.append((m.start(), m.end()))
    return spans


def _table_row(acc: Acc, doc: Document, ln: Line, columns: dict, mentions: list[Mention], year):
    def inside(span):
        return [m for m in mentions if span and span[0] <= m.start and m.end <= span[1]]

    task_span = _cell(doc, ln.row, columns.get("task")) or (ln.start, ln.end)
    task = doc.text[task_span[0]:task_span[1]]
    leads = inside(_cell(doc, ln.row, columns.get("lead")))
    supports = inside(_cell(doc, ln.row, columns.get("support")))
    for m in leads:
        acc.assign(m.value, "lead", task, ln.path, ln.start, ln.end)
    for m in supports:
        acc.assign(m.value, "support", task, ln.path, ln.start, ln.end)
    tspan = _cell(doc, ln.row, columns.get("time"))
    if tspan:
        cell = doc.text[tspan[0]:tspan[1]]
        if not is_not_deadline(cell):
            for f in find_deadlines(cell, year, cell=True):
                for m in leads or [None]:
                    acc.deadline(m.value if m else None, f, tspan[0] + f.start, tspan[0] + f.end)


def _field_line(acc: Acc, doc: Document, ln: Line, mentions: list[Mention], blocks, fields, year) -> bool:
    """"Đơn vị chủ trì: X", "Đơn vị phối hợp: Y", "Thời gian thực hiện: Z" under a task item."""
    for name in ("lead", "support", "time"):
        m = regex.match(_roles()["field_lines"][name], ln.text, regex.IGNORECASE)
        if m:
            break
    else:
        return False
    item = fields["item"]
    task = item.text if item is not None else ln.text
    if name == "time":
        rest = ln.text[m.end():]
        if not is_not_deadline(rest) or cue("recurring").search(rest):
            owners = fields["leads"] or [a for b in blocks for a in b[1]] or [None]
            for f in find_deadlines(rest, year, cell=True):
                for owner in owners:
                    acc.deadline(owner, f, ln.start + m.end() + f.start, ln.start + m.end() + f.end)
        return True
    role = "lead" if name == "lead" else "support"
    for mn in mentions:
        acc.assign(mn.value, role, task, ln.path, ln.start, ln.end)
        if role == "lead":
            fields["leads"].append(mn.value)
    return True


def _prose_line(acc: Acc, doc: Document, ln: Line, mentions: list[Mention], blocks: list, fields: dict, year):
    text = doc.text
    # a block heading: "a) Sở Nội vụ:" / "e) Đề nghị Ủy ban MTTQ tỉnh:"
    subject, pos = _subject(text, ln.start, ln.end, mentions)
    if subject and ln.path and regex.match(r"\s*(?::|$|\(|-\s)", text[pos:ln.end]):
        before = text[ln.start:subject[0].start]
        role = "requested" if cue("request_word").search(before) else "lead"
        names = [m.value for m in subject]
        blocks.append((ln.path, names, role, bool(cue("lead_word").search(ln.text))))
        rest = text[pos:ln.end].lstrip(" :-")
        for name in names:
            acc.assign(name, role, rest or ln.text, ln.path, ln.start, ln.end)
        if regex.match(r"\s*$", text[pos:ln.end]):
            return
    block_agencies = [a for b in blocks for a in b[1]]
    closing = _rx("whole_document").search(ln.text)
    if closing and len(ln.text) - closing.end() <= 5 and not find_deadlines(ln.text, year):
        return  # "... chịu trách nhiệm thi hành Quyết định này./.": an order to carry out the whole document
    carried = list(fields["leads"])  # the owners of earlier clauses of the same item
    for a, b in clauses(ln):
        clause = text[a:b]
        if _rx("whole_document").search(clause) and not find_deadlines(clause, year):
            continue
        cms = [m for m in mentions if a <= m.start < b]
        subject, pos = _subject(text, a, b, cms)
        owners: list[str] = []
        if subject:
            before = text[a:subject[0].start]
            after = text[pos:b]
            if _rx("roles", "requested").search(before):
                role = "requested"
            elif _rx("roles", "lead_before").search(before):
                role = "lead"
            else:
                role = _role_after(after)
            if role == "lead" and fields.get("issuer_is_ubnd") and all(outside_authority(m.value) for m in subject):
                role = "requested"
            if role:
                in_own_block = role == "support" and all(m.value in block_agencies for m in subject)
                for m in subject:
                    if not in_own_block:
                        acc.assign(m.value, role, after, ln.path, a, b)
                    if role != "support":
                        owners.append(m.value)
        # "X chủ trì, phối hợp với Y": Y supports; "X phối hợp với Y" gives Y nothing
        lead_clause = bool(cue("lead_word").search(clause)) or any(b[3] for b in blocks)
        # objects: "giao X", "đề nghị X, Y và Z", "chủ trì, phối hợp với Y": a cue and the list after it
        chained, chain_end = None, None
        for m in cms:
            if m in subject:
                continue
            before = text[max(a, m.start - 40):m.start]
            if _rx("roles", "lead_before").search(before):
                role = "lead"
            elif _rx("roles", "requested").search(before):
                role = "requested"
            elif lead_clause and _rx("roles", "support_before").search(before):
                role = "support"
            elif chained and cue("separators").match(text[chain_end:m.start]):
                role = chained
            else:
                role = None
            chained, chain_end = role, m.end
            if role:
                acc.assign(m.value, role, text[m.end:b], ln.path, a, b)
                if role != "support":
                    owners.append(m.value)
        if is_not_deadline(clause) and not cue("deadline_despite").search(clause):
            carried = owners or carried
            continue
        carried = owners or carried
        heads_block = owners and ln.path and ln.text.rstrip().endswith(":") and b == ln.end
        if heads_block:  # "3. Giao Phòng Nội vụ huyện chủ trì thực hiện các nhiệm vụ:" opens a block
            blocks.append((ln.path, list(owners), "lead", bool(cue("lead_word").search(ln.text))))
        found = find_deadlines(clause, year)
        if found and quotas_in(text, a, b) and not cue("periodic").search(clause):
            # "hằng năm, mỗi huyện có ít nhất ...", "đến hết năm 2030, có ít nhất 50% ...": the quota's period
            found = [f for f in found if f.recurrence is None and f.precision == "day"]
        for f in found:
            for name in carried or block_agencies or [None]:
                acc.deadline(name, f, a, b)
    fields["leads"] = carried
