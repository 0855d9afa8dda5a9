"""Labelled fields of a task item: "Đơn vị chủ trì: X", "Đơn vị phối hợp: Y", "Thời gian thực hiện: Z", each on a
line of its own or several on one line ("- Đơn vị chủ trì: Sở Y tế; đơn vị phối hợp: Sở Tài chính; thời gian hoàn
thành: Quý III/2025", "Rà soát ... . Cơ quan chủ trì: Thanh tra tỉnh. Thời gian thực hiện: năm 2025.")."""
from __future__ import annotations

from ..models import Document, Mention
from ..segmentation import Line
from . import phrases
from .deadlines import find_deadlines
from .duties import Acc, cue, role_rx
from .task_tables import time_cell_due

NAMES = ("lead", "support", "time", "content")


def _field(text: str):
    for name in NAMES:
        m = role_rx("field_lines", name).match(text)
        if m:
            return name, m
    return None


def field_line(acc: Acc, doc: Document, ln: Line, mentions: list[Mention], blocks, fields, year) -> bool:
    """Read the fields of ``ln``; False when it holds none (or only what the task is made of: still prose)."""
    cuts = [0] + [m.end() for m in cue("field_boundary").finditer(ln.text)]
    segments = [(a, b) for a, b in zip(cuts, cuts[1:] + [len(ln.text)])]
    found = [(a, b, f) for a, b in segments if (f := _field(ln.text[a:b]))]
    if not found or found[0][2][0] == "content" and len(found) == 1:
        if found and fields["item"] is not None:  # "Hình thức thực hiện: Xây dựng chuyên trang ...": what the
            fields["content"] = ln.text[found[0][2][1].end():].strip()  # item's task is made of
        return False  # still read as prose: a block's agency may own it
    if found[0][0] > 0 and not any(f[0] in ("lead", "support") for _, _, f in found):
        return False  # "- Tổng hợp kết quả ... gửi Bộ Tài chính. Thời gian hoàn thành: ...": a duty and its time
    item = fields["item"]
    if found[0][0] > 0:  # "2. Kiểm tra việc thực hiện chính sách. Cơ quan chủ trì: Thanh tra tỉnh.": the item itself
        task = ln.text[:found[0][0]].rstrip(" .;")
        fields.update(leads=[], content=None)
    else:
        task = item.text if item is not None else ln.text
    if fields.get("content"):
        task = f"{task.rstrip(' :')}: {fields['content']}"
    for a, b, (name, m) in found:
        start, end = ln.start + a, ln.start + b
        if name == "content":
            continue
        if name == "time":
            rest = ln.text[a + m.end():b]
            if time_cell_due(rest):
                owners = fields["leads"] or [x for blk in blocks for x in blk[1]] or [None]
                for f in find_deadlines(rest, year, cell=True):
                    for owner in owners:
                        acc.deadline(owner, f, start + m.end() + f.start, start + m.end() + f.end)
            continue
        role = "lead" if name == "lead" else "support"
        inside = [mn for mn in mentions if start <= mn.start and mn.end <= end]
        named = [phrases.extend(doc.text, mn, end, nxt.start if nxt else None)  # "các doanh nghiệp" + " viễn thông"
                 for mn, nxt in zip(inside, inside[1:] + [None])]
        for mn in named + phrases.collectives_in(doc.text, start + m.end(), end, inside):
            acc.assign(mn.value, role, task, ln.path, ln.start, ln.end)
            if role == "lead":
                fields["leads"].append(mn.value)
    return True
