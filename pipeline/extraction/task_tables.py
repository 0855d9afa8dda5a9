"""Task tables: the header row names the columns (chủ trì, phối hợp, thời gian...); each row
gives its lead and support agencies the task cell's text, and the lead its deadline."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..models import Document, Mention
from ..segmentation import Line
from .deadlines import find_deadlines, is_not_deadline
from .duties import Acc, cue, role_rx


def columns_of(doc: Document, row) -> dict[str, int] | None:
    """The columns a header row names (lead, support, time, task, and how many numbering cells open it); a row that
    opens with its number ("2 | Đào tạo ... | Sở Nội vụ chủ trì; ...") is a task, whatever its cells say."""
    if numbering(doc, row, "row_number"):
        return None
    cols = {}
    for i, (a, b) in enumerate(row.cells):
        cell = doc.text[a:b]
        if len(cell) > 60:
            continue
        for name in ("lead", "support", "time", "task"):
            if name not in cols and role_rx("columns", name).search(cell):
                cols[name] = i
                break
    if "lead" not in cols or sum(1 for a, b in row.cells if doc.text[a:b].strip(" -")) < 2:
        return None  # "Cơ quan thực hiện thủ tục hành chính | (empty)": a procedure card's label, not a header
    cols["numbering"] = numbering(doc, row, "number_column")
    return cols


def numbering(doc: Document, row, name: str) -> int:
    """How many cells open ``row`` with a row number (or, in a header, the number column)."""
    k = 0
    for a, b in row.cells:
        if not role_rx(name).fullmatch(doc.text[a:b]):
            break
        k += 1
    return k


def aligned(doc: Document, row, columns: dict[str, int]) -> dict[str, int]:
    """``columns`` for ``row``: a row that opens with more numbering cells than its header
    (" | 4.1 | task | lead" under "Nội dung | Đơn vị thực hiện") has its cells shifted."""
    shift = numbering(doc, row, "row_number") - columns.get("numbering", 0)
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


def continues(doc: Document, ended: EndedTable, ln: Line) -> bool:
    """Whether a header-less row goes on with the table that ``ended``: it comes on a later
    page, with as many cells as the table's last row, and only page furniture in between."""
    last = ended.last_row
    if last is None or len(ln.row.cells) != len(last.row.cells):
        return False
    if doc.page_of(ln.start) <= doc.page_of(last.start):
        return False
    return len(ended.after) <= PAGE_FURNITURE_LINES and all(
        len(a.text.strip()) <= PAGE_FURNITURE_CHARS for a in ended.after)


def cell_span(doc: Document, row, i: int | None) -> tuple[int, int] | None:
    if i is None or i >= len(row.cells):
        return None
    return row.cells[i]


def table_row(acc: Acc, doc: Document, ln: Line, columns: dict, mentions: list[Mention], year):
    def inside(span):
        if not span:
            return []
        found = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        text = doc.text[span[0]:span[1]]
        lead = len(text) - len(text.lstrip())
        if (cue("open_subject").match(text.lstrip()) and ";" not in text
                and not any(m.start == span[0] + lead for m in found)):
            # "Các Trường Đại học, Cao đẳng trên địa bàn tỉnh": a collective filling its cell, no list holds it
            name = text.strip(" .:")
            return [Mention("agency", span[0] + lead, span[0] + lead + len(name), name, name[:1].upper() + name[1:])]
        return [_to_item_end(doc.text, m, span[1], found) for m in found]

    task_span = cell_span(doc, ln.row, columns.get("task")) or (ln.start, ln.end)
    task = doc.text[task_span[0]:task_span[1]]
    lead_span = cell_span(doc, ln.row, columns.get("lead"))
    leads = inside(lead_span)
    supports = inside(cell_span(doc, ln.row, columns.get("support")))
    if lead_span and "support" not in columns:  # "Chủ trì: Sở KH&CN; Phối hợp: các sở, ngành" in one column
        moved = [m for m in leads if _cell_role(doc.text, lead_span, m) == "support"]
        leads, supports = [m for m in leads if m not in moved], supports + moved
    for m in leads:
        acc.assign(m.value, "lead", task, ln.path, ln.start, ln.end)
    for m in supports:
        acc.assign(m.value, "support", task, ln.path, ln.start, ln.end)
    tspan = cell_span(doc, ln.row, columns.get("time"))
    if tspan:
        cell = doc.text[tspan[0]:tspan[1]]
        if time_cell_due(cell):
            for f in find_deadlines(cell, year, cell=True):
                for m in leads or [None]:
                    acc.deadline(m.value if m else None, f, tspan[0] + f.start, tspan[0] + f.end)


def time_cell_due(text: str) -> bool:
    """Whether a time column's cell or a "Thời gian thực hiện:" field says when something is due: not "thường xuyên"
    or a start date, unless it names a cycle too ("Thường xuyên, hằng năm")."""
    return not is_not_deadline(text, cell=True) or bool(cue("recurring").search(text))


def _cell_role(text: str, span: tuple[int, int], m: Mention) -> str | None:
    """The role the part of a performer cell holding ``m`` gives it: its label ("Phối hợp: ...") or the word after
    the names ("Sở Khoa học và Công nghệ phối hợp")."""
    start = text.rfind(";", span[0], m.start) + 1 or span[0]
    stop = text.find(";", m.end, span[1])
    part_end = span[1] if stop < 0 else stop
    label = text[max(start, span[0]):m.start].strip(" -+•")
    if role_rx("field_lines", "support").match(label) or role_rx("roles", "support_after").match(
            regex.sub(r"^[\s,]*(?:và\s+)?(?:[^\s,;]+\s*){0,8}?(?=\s*phối\s+hợp)", "", text[m.end:part_end])):
        return "support"
    return None


def _to_item_end(text: str, m: Mention, cell_end: int, found: list[Mention]) -> Mention:
    """An open group in a cell runs to the end of its item: "...; Các doanh nghiệp cung cấp dịch vụ bưu chính" (a cell
    lists its bodies between semicolons)."""
    if not cue("run_on").match(m.value):
        return m
    semicolon = text.find(";", m.end, cell_end)
    stop = min([semicolon if semicolon >= 0 else cell_end] + [x.start for x in found if x.start > m.start])
    tail = text[m.end:stop]
    if not regex.match(r"\s+\p{Ll}", tail) or "\n" in tail or len(tail.split()) > 12:
        return m
    name = (text[m.start:m.end] + tail).rstrip(" .,;")
    return Mention(m.kind, m.start, m.start + len(name), name, m.value + tail.rstrip(" .,;"))


STEP_PERFORMER_CELL = 2  # "Bước 3 | content | who does it | time ...": the cell naming who carries the step out


def step_row(acc: Acc, doc: Document, ln: Line, mentions: list[Mention]) -> None:
    """A row of a procedure's step table with no header the reader knows: the bodies named in its performer cell lead
    the step ("Chuyên viên Phòng Khoa giáo - Văn xã, Văn phòng UBND tỉnh" -> Văn phòng UBND tỉnh), except the service
    centre and its desk, a unit or a leader named without its body, and a body named as where the step happens."""
    cells = ln.row.cells
    if len(cells) <= STEP_PERFORMER_CELL or not cue("step_label").match(doc.text[cells[0][0]:cells[0][1]]):
        return
    performer_cell = STEP_PERFORMER_CELL
    if cue("step_performer").match(doc.text[cells[1][0]:cells[1][1]]) and not cue("step_performer").match(
            doc.text[cells[2][0]:cells[2][1]]):
        performer_cell = 1  # "Bước 10 | Chuyên viên Văn phòng UBND tỉnh | Dự thảo văn bản ... | 16 giờ"
    # the step's content is the longest of the cells around the performer ("B3 | UBND cấp xã | Lãnh đạo UBND cấp xã |
    # Quyết định thành lập Hội đồng chính sách | 1/4 ngày": the first cell only names where the step happens)
    content_cell = max((i for i in range(1, min(len(cells), STEP_PERFORMER_CELL + 2)) if i != performer_cell),
                       key=lambda i: cells[i][1] - cells[i][0])
    content = doc.text[cells[content_cell][0]:cells[content_cell][1]]
    if cue("receipt_only").match(" " + content):
        return  # "Tiếp nhận hồ sơ", "Trả kết quả": it decides nothing
    a, b = cells[performer_cell]
    inside = [m for m in mentions if a <= m.start and m.end <= b]
    named = cue("step_performer_body").match(doc.text[a:b]) if not inside else None
    if named:  # "Cơ sở trợ giúp xã hội.": a body no list holds fills the cell
        body = named["body"].strip(" ,")
        acc.assign(body[:1].upper() + body[1:], "lead", content, ln.path, ln.start, ln.end)
    for m in inside:
        if cue("step_performer_not").search(m.value):
            continue
        if cue("step_not_performer_before").search(doc.text[max(a, m.start - 40):m.start]):
            continue  # "... chuyển hồ sơ lên Sở Nội vụ", "Cán bộ một cửa Sở Nội vụ": where it goes, or the desk; "Lãnh
            # đạo UBND cấp xã (Chủ tịch Hội đồng chính sách xã)": the role the performer also holds
        acc.assign(m.value, "lead", content, ln.path, ln.start, ln.end)
