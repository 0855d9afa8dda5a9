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
from . import agencies, phrases
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
    """What has been found so far: one assignment per duty, deadlines without duplicates.

    An assignment made from a line that only names its agency (a block heading, a table cell
    with no task) is kept only while the agency has no duty of the same role elsewhere.
    """

    doc: Document
    assignments: dict = field(default_factory=dict)
    deadlines: dict = field(default_factory=dict)
    headings: set = field(default_factory=set)
    listing: dict = field(default_factory=dict)  # (agency, role) -> key of a duty that ends in ":" and lists its objects
    last: dict = field(default_factory=dict)  # (agency, role) -> key and end of its latest duty

    def ev(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc.page_of(start), start, end)

    def assign(self, agency: str, role: str, task: str, section: str | None, start: int, end: int,
               heading: bool = False):
        task = duty_text(task)
        if cue("not_a_duty").match(task):
            if not heading:
                return  # "Quyết định này có hiệu lực kể từ ngày ký", a cited resolution: nothing owed
            task = ""
        if not heading and len(task) < MIN_DUTY:
            heading, task = True, fold_ws(self.doc.text[start:end])
        if not heading and self._goes_on(agency, role, task, section, start, end):
            return
        key = (agency, role, start, end)
        if not heading:
            self.last[(agency, role)] = (key, end)
        if not heading and self._lists_objects(start, end, task):
            task = task.rstrip(" :") + ":"
            self.listing[(agency, role)] = (key, end, section)
        if key not in self.assignments:
            self.assignments[key] = Assignment(agency, role, task[:600], section, self.ev(start, end))
            if heading:
                self.headings.add(key)
        elif not heading and key in self.headings:
            self.headings.discard(key)
            self.assignments[key] = Assignment(agency, role, task[:600], section, self.ev(start, end))

    def _lists_objects(self, start: int, end: int, task: str) -> bool:
        """Whether a duty lists the objects of its verb below it: "trình HĐND tỉnh quyết định:", "1.1. Trình UBND tỉnh"."""
        colon = self.doc.text[start:end].rstrip().endswith(":") or self.doc.text[end:end + 1] == ":"
        return bool(cue("objects_follow").search(task.rstrip(" :") + ":")) and (colon or len(task.split()) <= 8)

    def _goes_on(self, agency: str, role: str, task: str, section: str | None, start: int, end: int) -> bool:
        """Add the clause to the open duty of (agency, role) when it is one of that duty's objects: a bullet or an
        item under "... quyết định:", a line it wraps onto, "...; các dự án ..." in the same line."""
        listed, last_end, parent = self.listing.pop((agency, role), (None, None, None))
        still_open = listed is not None
        prev_key, prev_end = self.last.get((agency, role), (None, None))
        if (not listed and prev_key in self.assignments and cue("object_continues").match(task)
                and "\n" not in self.doc.text[prev_end:start]):
            listed, last_end, parent = prev_key, prev_end, None
        if not listed:
            return False
        line_start = self.doc.text.rfind("\n", 0, start) + 1
        if not (cue("bullet").match(self.doc.text, start) or "\n" not in self.doc.text[last_end:start]
                or line_start == start and not item_marker().match(self.doc.text, start)
                or parent and section and section.startswith(parent + ".")):
            return False
        prev = self.assignments[listed]
        sep = " " if prev.task.endswith(":") else "; "
        self.assignments[listed] = Assignment(agency, role, f"{prev.task}{sep}{task.rstrip(' ;.')}"[:600],
                                              prev.section, self.ev(listed[2], end))
        if still_open:
            self.listing[(agency, role)] = (listed, end, parent)
        self.last[(agency, role)] = (listed, end)
        return True

    def result(self) -> list[Assignment]:
        dutied = {(k[0], k[1]) for k in self.assignments if k not in self.headings}
        seen, out = set(), []
        for key, a in self.assignments.items():
            if key in self.headings and (key[0], key[1]) in dutied:
                continue
            if (a.agency, a.role, a.task) in seen:
                continue
            seen.add((a.agency, a.role, a.task))
            out.append(a)
        return out

    def deadline(self, agency, found, start: int, end: int):
        key = (agency, found.due, found.recurrence)
        if key not in self.deadlines:
            text = self.doc.text[start:end]
            self.deadlines[key] = Deadline(agency, found.due, found.recurrence, fold_ws(text)[:300],
                                           self.ev(start, end), found.rrule)


MIN_DUTY = 8  # a task shorter than this is no duty ("Sở Nội vụ:", "-")


def duty_text(text: str) -> str:
    """The duty of a clause: its marker and leading role words dropped ("- Chủ trì, ...")."""
    text = fold_ws(text)
    m = item_marker().match(text)
    if m:
        text = text[m.end():]
    return fold_ws(cue("duty_lead_in").sub("", text, count=1))


# ------------------------------------------------------------- clauses ---

def _subject(text: str, start: int, end: int, mentions: list[Mention], heading: bool = False
             ) -> tuple[list[Mention], int]:
    """The agencies opening the clause text[start:end], and where they end. A collective body no
    list holds ("Các ngân hàng thương mại") and names that run on in lower case are read to the
    phrase's end (:mod:`.phrases`); in a block heading, to the colon."""
    m = item_marker().match(text, start, end)
    pos = m.end() if m else start
    # a short lead-in before the subject: "Hằng năm, ", "Định kỳ mỗi quý, ", "Đồng thời, "
    req = cue("lead_in").match(text[pos:end])
    if req and any(pos <= m.start < pos + req.end() for m in mentions):
        req = None
    pos += req.end() if req else 0
    subject: list[Mention] = []
    first = pos
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
    if not subject:
        gap = cue("request_word").match(text, first, end) or regex.match(r"\s*(?:giao(?:\s+cho)?)\s+", text[first:end],
                                                                           regex.IGNORECASE)
        at = first + (gap.end() if gap and gap.start() == 0 else 0) if gap else first
        at += len(text[at:end]) - len(text[at:end].lstrip())
        nxt = next((mn.start for mn in mentions if mn.start >= at), None)
        found = phrases.open_subject(text, at, end, nxt)
        if found:
            return [found], found.end
        return subject, pos
    later = next((mn.start for mn in mentions if mn.start >= pos), None)
    last = phrases.extend(text, subject[-1], end, later, heading=heading)
    if last is not subject[-1]:
        subject[-1] = last
        pos = last.end
    return subject, pos


def _role_after(text: str) -> str | None:
    if _rx("roles", "support_after").match(text):
        return "support"
    if _rx("roles", "lead_strong").match(text) or _rx("roles", "lead_after").match(text):
        return "lead"
    return None


def _role_after_qualifier(after: str) -> str | None:
    """The role after a qualifier of the subject: "... và các Sở, ngành quản lý quy hoạch theo chức
    năng, nhiệm vụ được giao có trách nhiệm phối hợp ...": the first predicate gives it."""
    m = cue("qualified_role").search(after, 0, min(len(after), QUALIFIER_CHARS))
    if m is None or regex.search(r"[;.:]", after[:m.start()]) or not cue("qualifier").search(after[:m.start()]):
        return None
    return _role_after(after[m.start():])


QUALIFIER_CHARS = 120


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
    if "lead" not in cols:
        return None
    cols["numbering"] = _numbering(doc, row, "number_column")
    return cols


def _numbering(doc: Document, row, name: str) -> int:
    """How many cells open ``row`` with a row number (or, in a header, the number column)."""
    k = 0
    for a, b in row.cells:
        if not _rx(name).fullmatch(doc.text[a:b]):
            break
        k += 1
    return k


def _aligned(doc: Document, row, columns: dict[str, int]) -> dict[str, int]:
    """``columns`` for ``row``: a row that opens with more numbering cells than its header
    (" | 4.1 | task | lead" under "Nội dung | Đơn vị thực hiện") has its cells shifted."""
    shift = _numbering(doc, row, "row_number") - columns.get("numbering", 0)
    if shift <= 0:
        return columns
    return {k: v + shift if k != "numbering" else v for k, v in columns.items()}


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
    skip = skipped_spans(text)
    blocks: list[tuple] = []  # (path prefix, agencies, role, heading says "chủ trì")
    fields = {"leads": [], "item": None}  # "Đơn vị chủ trì: X" lines of the current item
    issuer_is_ubnd = bool(header.issuer and header.issuer.startswith("UBND"))
    regulated, described = _regulated_body(header, level_word), None  # "Quy định chức năng, nhiệm vụ, quyền hạn ... của Sở Tư pháp"
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
            row_columns = _aligned(doc, ln.row, columns) if columns else None
            if row_columns and len(ln.row.cells) > max(row_columns.values()):
                _table_row(acc, doc, ln, row_columns, line_mentions, year)
                last_row = ln
                continue
        elif columns is not None and last_row is None and len(ln.text.strip()) <= PAGE_FURNITURE_CHARS:
            continue  # the header row's last cell, wrapped onto a line of its own ("Sản phẩm đầu ra")
        elif columns is not None:
            ended, columns = EndedTable(columns, last_row, []), None
        if ended is not None:
            ended.after.append(ln)
        blocks = [b for b in blocks if ln.path and (ln.path == b[0] or ln.path.startswith(b[0] + "."))]
        if regulated and ln.path and cue("position_heading").match(ln.text):
            described = ln.path  # "Điều 1. Vị trí và chức năng": what the body is, not what it owes
            continue
        if described and ln.path and (ln.path == described or ln.path.startswith(described + ".")):
            continue
        if regulated and ln.path and cue("powers_heading").match(ln.text):
            blocks.append((ln.path, [regulated], "lead", False))  # its articles' clauses are the body's duties
            continue
        if _field_line(acc, doc, ln, line_mentions, blocks, fields, year):
            continue
        bullet = cue("bullet").match(ln.text)
        if item_marker().match(ln.text):
            fields = {"leads": [], "item": ln, "support_list": fields.get("support_list") if bullet else None}
        elif not bullet:
            fields["support_list"] = None
        fields["issuer_is_ubnd"] = issuer_is_ubnd
        _prose_line(acc, doc, ln, line_mentions, blocks, fields, year)
    quotas = find_quotas(doc, lines, skip)
    return acc.result(), list(acc.deadlines.values()), quotas


def _regulated_body(header, level_word: str) -> str | None:
    """The body a regulation on one body's functions is about, from the document's title."""
    m = cue("regulated_title").search(header.title or "")
    if not m:
        return None
    found = agencies.find_agencies(m["body"], level_word=level_word)
    return found[0].value if found else None


def _issuer_ids(header, level_word: str) -> set[str]:
    """Names the issuer goes by: it gives tasks, it is not assigned them."""
    if not header.issuer:
        return set()
    ids = {header.issuer, agencies.canonical_agency(header.issuer, level_word=level_word)}
    if header.issuer.startswith("UBND ") and header.level:  # "Ủy ban nhân dân tỉnh" in the body
        ids.add(agencies.canonical_agency(f"UBND {header.level}", level_word=level_word))
    return ids


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """Header, legal bases, recipients and signature: no duties there."""
    spans = []
    for m in cue("recipients").finditer(text):
        nxt = cue("attachment").search(text, m.end())
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
    spans = clauses(ln)
    # a block heading: "a) Sở Nội vụ:" / "e) Đề nghị Ủy ban MTTQ tỉnh:"
    subject, pos = _subject(text, ln.start, ln.end, mentions, heading=bool(ln.path))
    heading_names: list[str] = []
    heading_end = ln.start
    if subject and ln.path and regex.match(r"\s*(?::|$|\(|-\s)", text[pos:ln.end]):
        before = text[ln.start:subject[0].start]
        role = "requested" if cue("request_word").search(before) else "lead"
        if fields.get("issuer_is_ubnd") and all(outside_authority(m.value) for m in subject):
            role = "requested"  # a block for the Front, the associations, the Party: a request
        heading_names = [m.value for m in subject]
        heading_end = pos
        blocks.append((ln.path, heading_names, role, bool(cue("lead_word").search(ln.text))))
        first_end = next((b for a, b in spans if b > pos), ln.end)
        rest = text[pos:first_end].lstrip(" :-")
        for name in heading_names:
            acc.assign(name, role, rest, ln.path, ln.start, first_end, heading=not duty_text(rest))
        if regex.match(r"\s*$", text[pos:ln.end]):
            return
    block_agencies = [a for b in blocks for a in b[1]]
    closing = _rx("whole_document").search(ln.text)
    if closing and len(ln.text) - closing.end() <= 5 and not find_deadlines(ln.text, year) \
            and not cue("oversight").search(ln.text):
        return  # "... chịu trách nhiệm thi hành Quyết định này./.": an order to carry out the whole document
    carried = list(fields["leads"])  # the owners of earlier clauses of the same item
    line_owners: list[tuple[str, str]] = []  # (agency, role) given a duty by an earlier clause of this line
    closing_owners: list[tuple[str, str]] = []  # addressees of an order to carry out the whole document
    for a, b in spans:
        clause = text[a:b]
        # "... yêu cầu X, Y nghiêm túc triển khai thực hiện; định kỳ trước ngày 30/11 hằng năm báo cáo ...":
        # the order assigns nothing, but its addressees owe the specific duty that follows
        closing_clause = (bool(_rx("whole_document").search(clause)) and not find_deadlines(clause, year)
                          and not cue("oversight").search(clause))
        cms = [m for m in mentions if a <= m.start < b]
        subject, pos = _subject(text, a, b, cms)
        owners: list[str] = []
        given: list[tuple[str, str]] = []
        if subject:
            before = text[a:subject[0].start]
            after = text[pos:b]
            if _rx("roles", "requested").search(before):
                role = "requested"
            elif _rx("roles", "lead_before").search(before):
                role = "lead"
            else:
                role = _role_after_qualifier(after) or _role_after(after)
            if role == "lead" and fields.get("issuer_is_ubnd") and all(outside_authority(m.value) for m in subject):
                role = "requested"
            if role == "lead" and fields.get("support_list") and not cue("lead_word").search(after):
                role = "support"  # "b) Chủ trì, phối hợp:" then "- Sở Tài chính ... tham mưu ...": the partners
            if role:
                in_own_block = role == "support" and all(m.value in block_agencies for m in subject)
                for m in subject:
                    if a == ln.start and heading_names and m.start < heading_end:
                        continue  # the heading line's own first clause: assigned above
                    if not in_own_block:
                        given.append((m.value, role))
                    if role != "support":
                        owners.append(m.value)
        # "X chủ trì, phối hợp với Y": Y supports; "X phối hợp với Y" gives Y nothing
        lead_clause = bool(cue("lead_word").search(clause)) or any(b[3] for b in blocks)
        # objects: "giao X", "đề nghị X, Y và Z", "chủ trì, phối hợp với Y": a cue and the list after it
        chained, chain_end = None, None
        objects_lead = False
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
                given.append((m.value, role))
                if role != "support":
                    owners.append(m.value)
                    objects_lead = True
        duty_from = max([m.end for m in cms if any(m.value == g[0] for g in given)] + [pos if subject else a])
        duty = text[duty_from:b]
        if closing_clause:
            closing_owners = [g for g in given if g[1] != "support"]
            carried = owners or carried
            continue
        for name, role in given:
            acc.assign(name, role, duty, ln.path, a, b)
        if not subject and not objects_lead and not (a == ln.start and heading_names):
            # a clause with no subject of its own: a further duty of this line's owners, else of its block
            inherited = line_owners or ([(n, blocks[-1][2]) for n in blocks[-1][1]] if blocks else [])
            if closing_owners and not line_owners:
                inherited = closing_owners if find_deadlines(clause, year) else []
            if _is_duty(clause, ln, a, b):
                for name, role in inherited:
                    acc.assign(name, role, clause, ln.path, a, b)
        line_owners = [g for g in given if g[1] != "support"] or line_owners
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
    if cue("support_intro").search(ln.text) and (cue("lead_word").search(ln.text) or any(b[3] or b[2] == "lead" for b in blocks)):
        fields["support_list"] = ln.path


def _is_duty(clause: str, ln: Line, a: int, b: int) -> bool:
    """Whether a clause without a subject reads as a duty: not a lone sub-heading ("a) Về tuyên truyền:")."""
    words = duty_text(clause).split()
    if len(words) < 2 or cue("not_a_duty").match(duty_text(clause)):
        return False
    if any(regex.match(_roles()["field_lines"][k], clause.strip(), regex.IGNORECASE) for k in ("lead", "support", "time")):
        return False  # "Thời gian hoàn thành: Trước ngày 31/5/2026." is the duty's date, not a duty
    return not (b == ln.end and ln.text.rstrip().endswith(":") and len(words) <= 10)
