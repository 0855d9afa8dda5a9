"""Labelled fields of a task item: "Đơn vị chủ trì: X", "Đơn vị phối hợp: Y", "Thời gian thực hiện: Z"."""
from __future__ import annotations

from ..models import Document, Mention
from ..segmentation import Line
from . import phrases
from .deadlines import find_deadlines, is_not_deadline
from .duties import Acc, cue, role_rx


def field_line(acc: Acc, doc: Document, ln: Line, mentions: list[Mention], blocks, fields, year) -> bool:
    """"Đơn vị chủ trì: X", "Đơn vị phối hợp: Y", "Thời gian thực hiện: Z" under a task item."""
    for name in ("lead", "support", "time", "content"):
        m = role_rx("field_lines", name).match(ln.text)
        if m:
            break
    else:
        return False
    item = fields["item"]
    if name == "content":  # "Hình thức thực hiện: Xây dựng chuyên trang ...": what the item's task is made of
        if item is None:
            return False
        fields["content"] = ln.text[m.end():].strip()
        return False  # still read as prose: a block's agency may own it
    task = item.text if item is not None else ln.text
    if fields.get("content"):
        task = f"{task.rstrip(' :')}: {fields['content']}"
    if name == "time":
        rest = ln.text[m.end():]
        if not is_not_deadline(rest) or cue("recurring").search(rest):
            owners = fields["leads"] or [a for b in blocks for a in b[1]] or [None]
            for f in find_deadlines(rest, year, cell=True):
                for owner in owners:
                    acc.deadline(owner, f, ln.start + m.end() + f.start, ln.start + m.end() + f.end)
        return True
    role = "lead" if name == "lead" else "support"
    named = [phrases.extend(doc.text, mn, ln.end, nxt.start if nxt else None)  # "các doanh nghiệp" + " viễn thông"
             for mn, nxt in zip(mentions, mentions[1:] + [None])]
    for mn in named + phrases.collectives_in(doc.text, ln.start + m.end(), ln.end, mentions):
        acc.assign(mn.value, role, task, ln.path, ln.start, ln.end)
        if role == "lead":
            fields["leads"].append(mn.value)
    return True
