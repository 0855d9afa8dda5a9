"""The duties found so far and the cues they are read with (``models/roles.yaml``).

``Acc`` holds one assignment per duty and one deadline per (owner, date): a block
heading that only names its agency is kept while the agency has no duty of that
role; the objects a duty lists below it ("trình HĐND tỉnh quyết định:", then
"- Phương án ...") are that one duty.
"""
from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass, field

import regex

from .. import patterns
from ..models import Assignment, Deadline, Document, Evidence
from ..segmentation import item_marker, within


def cue(name: str) -> regex.Pattern:
    """A small cue regex of ``models/roles.yaml`` (``cues``)."""
    return role_rx("cues", name)


def role_rx(*path: str) -> regex.Pattern:
    """The regex at ``path`` of ``models/roles.yaml``, matched case-insensitively."""
    return patterns.regex("roles.yaml", ".".join(path), regex.IGNORECASE, engine=regex)


def fold_ws(s: str) -> str:
    """Whitespace folded, and the punctuation around a clause dropped (a document's closing "./." too)."""
    return re.sub(r"\s+", " ", s).strip(" ;,.:-–/")


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

    def as_heading(self, agency: str, role: str, start: int, end: int):
        """The assignment made from text[start:end] only heads the duties listed after it: kept only while the
        agency has no duty of the same role."""
        if (agency, role, start, end) in self.assignments:
            self.headings.add((agency, role, start, end))

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

    def rename(self, names: dict[str, str]) -> None:
        """Name the agencies anew (``names``: old name -> new); an entry its new name makes the same as an earlier one
        gives way to it, as if the text had used that name throughout."""
        if not names:
            return
        assignments = {}
        for (agency, role, start, end), a in self.assignments.items():
            key = (names.get(agency, agency), role, start, end)
            if key not in assignments:
                assignments[key] = dataclasses.replace(a, agency=key[0])
                if (agency, role, start, end) in self.headings:
                    self.headings.add(key)
        self.assignments = assignments
        deadlines = {}
        for (agency, due, recurrence), d in self.deadlines.items():
            named = names.get(agency, agency)
            deadlines.setdefault((named, due, recurrence), dataclasses.replace(d, agency=named))
        self.deadlines = deadlines

    def result(self) -> list[Assignment]:
        dutied = {(k[0], k[1]) for k in self.assignments if k not in self.headings}
        seen, out = set(), []
        for key, a in self.assignments.items():
            if (key in self.headings and not a.task and a.section and (key[0], key[1]) not in dutied
                    and any(k != key and k[2:] == key[2:] and (k[0], k[1]) in dutied for k in self.headings)):
                a = self._block_duties(key, a)  # "15. Đề nghị Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội" then
                # items for the Front and for named unions: a body the heading lists beside one that an item names,
                # and that no item names, owes the block's duties
            if key in self.headings and ((key[0], key[1]) in dutied or not a.task):
                continue
            if (a.agency, a.role, a.task) in seen:
                continue
            seen.add((a.agency, a.role, a.task))
            out.append(a)
        return out

    def _block_duties(self, key, heading: Assignment) -> Assignment:
        """The heading's assignment with the duties given under it (to other bodies of its block) as its task."""
        duties = [a.task for k, a in self.assignments.items()
                  if k not in self.headings and k[2] >= key[3] and within(a.section, heading.section) and a.task]
        if not duties:
            return heading
        return dataclasses.replace(heading, task="; ".join(dict.fromkeys(duties))[:600])

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
    if text.startswith(")"):  # "UBND các xã, phường (sau đây gọi chung là UBND cấp xã) tổ chức ...": the bracket's end
        text = text[1:]
    return fold_ws(cue("duty_lead_in").sub("", text.lstrip(), count=1))


# ------------------------------------------------------------- clauses ---
