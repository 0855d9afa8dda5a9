"""Tables in the RawPage convention: a row's cells written between ``|`` lines, one cell a line
(:func:`layout_row`, what :func:`~pipeline.layout.layout_blocks` reads), and tables written one row a line
("1 | Nhiệm vụ | Sở Y tế | Quý II/2025", a Markdown table, or its cells parted by tabs) put in that convention
(:func:`inline_rows`). The readers of web, Word and scanned pages write their tables with these.
"""
from __future__ import annotations

import regex

CELL = "|"  # in RawPage text: the line that opens a table row and ends each of its cells
EMPTY_CELL = "-"  # how readers write an empty cell that the convention could not hold


def layout_row(cells: list[list[str]], width: int = 0) -> list[str]:
    """The lines of one table row in the RawPage convention (what :func:`layout_blocks` reads).

    ``cells``: each cell's lines. A run of ``|`` lines after a cell closes the
    row, so an empty cell with a filled one after it is written as
    ``EMPTY_CELL`` (else the cells after it would slide into the next row and
    out of their columns); empty cells at the end are bare ``|`` lines, up to
    ``width`` cells in all. No lines when no cell has text.
    """
    cells = [[ln for ln in cell if ln.strip()] for cell in cells]
    filled = [i for i, cell in enumerate(cells) if cell]
    if not filled:
        return []
    out = [CELL]
    for cell in cells[:filled[-1] + 1]:
        out += (cell or [EMPTY_CELL]) + [CELL]
    return out + [CELL] * (max(width, len(cells)) - filled[-1] - 1)


_RULE_ROW = regex.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")  # a Markdown table's rule under its header


def inline_rows(text: str) -> str:
    """``text`` with its tables written one row a line ("1 | Nhiệm vụ | Sở Y tế | Quý II/2025", a Markdown
    table, or ``kehoach text`` output read again) put in the RawPage convention, one cell a line between ``|``
    lines. A line is a row when it has three cells or more, or two between outer pipes. A table's first row says
    whether its rows are written between outer pipes: a later row with a pipe first has an empty first cell
    (" | Tổng cộng | 42 | 5.660 | | "). A table whose last row is narrower than its first ends at a blank line.
    A table whose columns spaces align, as a PDF's text comes out laid out, is read first (:func:`_aligned`), and one
    whose cells come one under the other, as text copied out of a PDF's table does, before it (:func:`_stacked`).
    Inside a table, a row wrapped at the page's width is joined (:func:`_wrapped_row`), and a line naming a group of
    rows ("A | KHÁCH DU LỊCH", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") is a row of its own that keeps the table open."""
    out = []
    lines = _aligned(_stacked([_tabbed(line) for line in text.split("\n")]))
    width = header = 0  # the cells of the table's last row and of its first
    outer = False  # the table's rows are written between outer pipes
    skip = 0  # lines before this one belong to a wrapped row read at its last line
    for k, line in enumerate(lines):
        if k < skip:
            continue  # a line of a wrapped row, read with its last
        s = line.strip()
        cells = _cells(s, outer if header else None)
        filled = len(cells) - (not outer and s.endswith("|") and not cells[-1])  # "... | 13.500 |" then "15.000"
        if (header and s.count("|") == 1 and s != CELL and k + 1 < len(lines)
                and regex.fullmatch(r"(?:[IVX]{1,5}|[A-ZĐ])\.?", cells[0]) and len(_cells(lines[k + 1].strip(), outer)) >= 3):
            # "A | KHÁCH DU LỊCH VÀ DOANH THU" between two rows: a row that names the group of the rows after it
            out.extend(layout_row([[c] for c in cells], header))
            continue
        if width and "|" in s and (filled < width and (wrapped := _wrapped_row(lines, k, width, outer))
                                    or filled == width and (wrapped := _cell_tail(lines, k))):
            # a row hard-wrapped inside its cells ("3 | Tỷ lệ lao động qua đào tạo có bằng cấp," / "chứng chỉ | % | 32,0
            # | ..."): its cells go on over the next lines, each line's first words ending the cell before
            lines[k + wrapped] = " ".join(ln.strip() for ln in lines[k:k + wrapped + 1])
            skip = k + wrapped
            continue
        if header and s and "|" not in s and k + 1 < len(lines) and _ROW_START.match(lines[k + 1]) and _group_row(s):
            # "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" before a numbered row: a row naming the group of the rows after it
            out.extend(layout_row([[s]], header))
            continue
        if s.count("|") < 2 or s == CELL:
            if s and header and width < header and s != CELL:
                out.append("")  # a last row narrower than the first: a blank line ends the table
            out.append(line)
            width = header = 0  # text or a blank line: the table is over
            continue
        if _RULE_ROW.fullmatch(s):
            continue
        between = s.startswith("|") and s.endswith("|")
        if len(cells) < 2 or (len(cells) < 3 and not between) or not any(cells):
            if header and width < header:
                out.append("")
            out.append(line)
            width = header = 0
            continue
        last = k + 1 >= len(lines) or lines[k + 1].strip().count("|") < 2
        if header and last:  # the table's last row: empty cells at its end would open one more row
            cells = cells[: max(i for i, c in enumerate(cells) if c) + 1]
        elif not header:
            header, outer = len(cells), between
        width = len(cells)
        out.extend(layout_row([[c] for c in cells]))
    return "\n".join(out)


def _tabbed(line: str) -> str:
    """A row whose cells tabs part (a table copied out of a word processor or a web page: "1\tKiện toàn Ban Chỉ đạo\t
    Phòng Văn hóa - Xã hội\t...") written with pipes; three cells at least, so that a tab inside a line of text stays."""
    if line.count("\t") < 2 or "|" in line:
        return line
    return " | ".join(cell.strip() for cell in line.strip("\r").split("\t"))


_STACK_HEAD = regex.compile(r"(?i)(?:S[ốo]\s*)?TT")  # the number column heading a table whose cells are stacked
_HEADING = regex.compile(r"(?i)nhiệm\s+vụ|nội\s+dung|chủ\s+trì|phối\s+hợp|thời\s+(?:gian|hạn|điểm)|tiến\s+độ|sản\s+phẩm"
                         r"|chỉ\s+tiêu|đơn\s+vị|cơ\s+quan|kết\s+quả|ghi\s+chú|hoạt\s+động|công\s+việc|năm\s+\d{4}")
_BODY = regex.compile(r"(?:Sở|UBND|Ủy\s+ban|Ban|Các|Công\s+an|Trung\s+tâm|Bộ|Hội|Đài|Chi\s+cục|Phòng|Văn\s+phòng|Liên)\b")
_OPENS_CELL = regex.compile(_BODY.pattern + r"|(?i:trước|quý|năm|tháng|thường\s+xuyên|hằng|hàng|định\s+kỳ)\b|\d")  # a body, a time
# a line that a cell's next line goes on: it ends in a comma, an open bracket, or a word that cannot end a cell
_GOES_ON = regex.compile(r"(?:[,;:&(/–-]|(?<!\p{L})(?:và|của|các|cho|với|trước|sau|từ|đến|tại|trong|theo|về|hoặc|"
                         r"Sở|Ban|Ủy|UBND|Trung|Chi|Công|Bộ|Phòng|ngày|tháng|quý))$")


def _stacked(lines: list[str]) -> list[str]:
    """``lines`` with each table whose cells come one under the other ("TT" / "Nhiệm vụ" / "Cơ quan chủ trì" / ... /
    "1" / "Kiện toàn Ban Chỉ đạo" / "Sở Nội vụ" / ...) written one row a line between pipes. The header is the "TT" line
    and the column headings under it; a row opens at its number, alone on its line with a capital after it (a number
    before a word in lower case is a page's, dropped with the blank lines around it); a cell's text wrapped over
    several lines is joined where a line begins in lower case, or the one before ends a clause unfinished or leaves a
    bracket open. A row whose lines do not make one cell per column stays as it is, and so does the rest of the table."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        width = _stack_header(lines, k)
        if not width:
            out.append(lines[k])
            k += 1
            continue
        out.append(" | ".join(ln.strip() for ln in lines[k:k + width]))
        k += width
        number = 1
        while k < len(lines) and lines[k].strip() == str(number):
            end, body = _stack_row(lines, k + 1, number + 1, width - 1)
            cells = _stack_cells(body, width - 1)
            if cells:
                out.append(" | ".join([str(number)] + cells))
            else:
                out.extend(lines[k:end])
            k, number = end, number + 1
    return out


def _stack_header(lines: list[str], k: int) -> int:
    """The number of columns of a stacked table whose header opens at line ``k``, or 0."""
    if not _STACK_HEAD.fullmatch(lines[k].strip()):
        return 0
    j = k + 1
    while j < len(lines) and lines[j].strip() != "1":
        s = lines[j].strip()
        if not s or len(s) > 40 or "|" in s or not _HEADING.search(s) or j - k > 10:
            return 0
        j += 1
    return j - k if j - k >= 4 and j < len(lines) else 0


def _stack_row(lines: list[str], j: int, following: int, width: int) -> tuple[int, list[str]]:
    """Where the stacked row whose lines begin at ``j`` ends (the next row's number, or a blank line), and its lines.
    A page's break (a blank line and its number) inside the row is passed over where the row goes on after it: in
    lower case, or with cells still to come."""
    body: list[str] = []
    while j < len(lines):
        s = lines[j].strip()
        if not s or PAGE_NUMBER.fullmatch(s) and s != str(following):
            nxt = next((i for i in range(j + 1, len(lines)) if lines[i].strip()), len(lines))
            ahead, paged = (lines[nxt].strip() if nxt < len(lines) else ""), False
            if (PAGE_NUMBER.fullmatch(ahead) and nxt + 1 < len(lines)
                    and (ahead != str(following) or lines[nxt + 1].strip()[:1].islower())):
                nxt, ahead, paged = nxt + 1, lines[nxt + 1].strip(), True  # a blank line, a page's number
            if not (ahead[:1].islower() or paged and ahead != str(following) and len(_joined(body)) < width):
                return j, body
            j = nxt
            continue
        if s == str(following) and j + 1 < len(lines) and lines[j + 1].strip()[:1].isupper():
            return j, body
        body.append(s)
        j += 1
    return j, body


def _stack_cells(body: list[str], width: int) -> list[str] | None:
    """The ``width`` cells of a stacked row's lines, a wrapped cell's lines joined, or None. One line too many left
    is joined to the line before where it opens no name of a body and no time, and follows no time ("Các công ty TNHH"
    / "MTV thủy lợi"), if that place is the only one."""
    cells = _joined(body)
    if len(cells) == width + 1:
        cost = [2 * bool(_OPENS_CELL.match(b)) + bool(_OPENS_CELL.match(a) and not _BODY.match(a))
                for a, b in zip(cells, cells[1:])]
        if cost.count(0) == 1:
            i = cost.index(0)
            cells[i:i + 2] = [f"{cells[i]} {cells[i + 1]}"]
    return cells if len(cells) == width else None


def _joined(body: list[str]) -> list[str]:
    """A stacked row's lines with each wrapped cell's lines joined."""
    cells: list[str] = []
    for s in body:
        if cells and (s[:1].islower() or _GOES_ON.search(cells[-1]) or cells[-1].count("(") > cells[-1].count(")")):
            cells[-1] += " " + s
        else:
            cells.append(s)
    return cells


PAGE_NUMBER = regex.compile(r"\d{1,3}")  # a page's number alone on its line (stripped)
_SEGMENT = regex.compile(r"\S+(?: \S+)*")  # words parted by single spaces: two spaces or more part the columns
_WORD = regex.compile(r"\S+")
ALIGNED_CELLS = 3  # the cells, at least, that the lines of a table aligned with spaces show
_NUMERIC = regex.compile(r"[-≥≤<>+~]?\s*\d[\d.,]*\s*%?")
_YEAR = regex.compile(r"(?:19|20)\d\d")  # a year in a header's second line ("tính  2026  2027"), no figure


def _aligned(lines: list[str]) -> list[str]:
    """``lines`` with each table whose columns spaces align (a PDF's text laid out: " 1    Số HTX thành lập mới      HTX
    40      45") written one row a line between pipes. A table is a run of lines, from the first with three cells or more
    parted by two spaces or more, whose columns are where the ink of its lines with the most cells falls (:func:`_columns`);
    it ends at a line of text that runs across a column's edge, or at a blank line unless a row on its columns follows
    (blank lines and a page's number between a PDF's rows are dropped). A row opens where the first column has
    text; a line with an empty first column goes on the row above (a cell's text wrapped inside its column), unless two
    of its cells are figures ("Tổng cộng | 255.000 | 125.000")."""
    segments = [list(_SEGMENT.finditer(line)) for line in lines]  # each line's runs of words, found once
    out: list[str] = []
    k = 0
    while k < len(lines):
        if "|" in lines[k] or len(segments[k]) < ALIGNED_CELLS:
            out.append(lines[k])
            k += 1
            continue
        end = _stop(lines, k)
        body = list(range(k, end))
        while (nxt := _after_gap(lines, segments, body[-1] + 1)) is not None:
            # blank lines (a page's number) between a PDF's rows: the run goes on where a line of cells follows
            body += range(nxt, _stop(lines, nxt))
        cols = _columns([lines[i] for i in body], [segments[i] for i in body])
        if cols is None:
            out.extend(lines[k:end])
            k = end
            continue
        kept = [k]
        for i in body[1:]:
            if not _fits(segments[i], cols) or i != kept[-1] + 1 and not _opens_row(segments[i], cols):
                break
            kept.append(i)
        out.extend(_aligned_rows([lines[i] for i in kept], [segments[i] for i in kept], cols))
        k = kept[-1] + 1
    return out


def _stop(lines: list[str], k: int) -> int:
    """Where the lines from ``k`` first meet a blank line or a line with a pipe."""
    while k < len(lines) and lines[k].strip() and "|" not in lines[k]:
        k += 1
    return k


def _after_gap(lines: list[str], segments: list[list], at: int) -> int | None:
    """After blank lines (and a page's number alone) at ``at``, the line that shows cells, if any."""
    j = at
    while j < len(lines) and (not lines[j].strip() or PAGE_NUMBER.fullmatch(lines[j].strip())):
        j += 1
    if j == at or j >= len(lines) or "|" in lines[j] or len(segments[j]) < ALIGNED_CELLS:
        return None
    return j


def _opens_row(line_segments: list, cols: list[int]) -> bool:
    """Whether a line after a gap opens a row on columns ``cols``: its first column has text and its runs of words
    start where columns start."""
    starts = [m.start() for m in line_segments]
    on_columns = sum(any(abs(st - c) <= 1 for c in cols) for st in starts)
    return abs(starts[0] - cols[0]) <= 1 and on_columns >= max(ALIGNED_CELLS, len(starts) - 1)


def _columns(run: list[str], segments: list[list]) -> list[int] | None:
    """Where each column of an aligned table starts: the ink of its lines with the most cells that two lines at least
    show (three at least: a row's wrapped lines show fewer), parted by two spaces or more. None when the run holds no
    such table."""
    wide = [len(s) for s in segments if len(s) >= ALIGNED_CELLS]
    mode = max((c for c in set(wide) if wide.count(c) >= 2), default=None)  # the most cells two lines show
    if mode is None:
        return None
    width = max(len(line) for line in run)
    ink = [False] * (width + 2)
    for line_segments in segments:
        if len(line_segments) == mode:
            for m in line_segments:
                for i in range(m.start(), m.end()):
                    ink[i] = True
    starts = [i for i in range(width) if ink[i] and (i == 0 or not ink[i - 1])]
    if len(starts) < mode:  # a long cell reaching the next column's heading, which its writer set a little left ("Lao
        # động được đào tạo nghề (người)  1.400" under "Chỉ tiêu ... Quý I"): the lines agree cell by cell
        nth = [min(line_segments[c].start() for line_segments in segments if len(line_segments) == mode) for c in range(mode)]
        starts = nth if all(a < b for a, b in zip(nth, nth[1:])) else starts
    return starts if len(starts) >= ALIGNED_CELLS else None


def _fits(segments: list, cols: list[int]) -> bool:
    """Whether a line of the run (its runs of words) stays in the table: three cells or more, or text that crosses no
    column's edge by more than a word's end."""
    if len(segments) >= ALIGNED_CELLS:
        return True
    return not any(m.start() < edge and m.end() > edge + 3 for m in segments for edge in cols[1:])


def _aligned_rows(run: list[str], segments: list[list], cols: list[int]) -> list[str]:
    """The rows of an aligned table's lines, one a line between pipes (:func:`_aligned`): each run of words goes to the
    column it overlaps most (a figure aligned right may start left of its column)."""
    rows: list[list[str]] = []
    for line, line_segments in zip(run, segments):
        bounds = cols + [max(len(line), cols[-1]) + 1]
        cells = [""] * len(cols)
        for m in line_segments:
            crossing = " " in m.group() and any(m.start() < edge < m.end() for edge in cols[1:])
            # "STT Nhiệm vụ" over two columns, one space apart: each word to its own column
            for w in (_WORD.finditer(line, m.start(), m.end()) if crossing else [m]):
                col = max(range(len(cols)), key=lambda c: min(w.end(), bounds[c + 1]) - max(w.start(), bounds[c]))
                cells[col] = f"{cells[col]} {w.group()}".strip()
        figures = sum(bool(_NUMERIC.fullmatch(c) and not _YEAR.fullmatch(c)) for c in cells if c)
        if not rows or cells[0] or figures >= 2:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells)]
    return ["| " + " | ".join(cells) + " |" for cells in rows]


_ROW_START = regex.compile(r"\s*\d{1,3}\s*\|")  # "12 | ...": a numbered row begins


def _cell_tail(lines: list[str], j: int) -> int:
    """How many lines after row ``lines[j]`` end its last cell: indented lines without a pipe, or such a line right before
    the next numbered row or group line ("... | Trong vòng 60 ngày kể từ ngày" then "bộ tiêu chí quốc gia có hiệu lực"
    then "3 | ...")."""
    n = 0
    while (j + n + 1 < len(lines) and lines[j + n + 1].strip() and "|" not in lines[j + n + 1]
           and (lines[j + n + 1][:1].isspace()
                or j + n + 2 < len(lines) and (_ROW_START.match(lines[j + n + 2]) or _group_row(lines[j + n + 2])))
           and not _group_row(lines[j + n + 1])):
        n += 1
    return n


def _group_row(line: str) -> bool:
    """A line naming a group of a table's rows, without pipes: "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"."""
    s = line.strip()
    return bool(regex.match(r"(?:[IVX]{1,5}|[A-ZĐ])[.)]\s+\p{Lu}", s)) and s == s.upper()


WRAPPED_ROW_LINES = 6  # lines that one hard-wrapped row may run over


def _wrapped_row(lines: list[str], k: int, width: int, outer: bool) -> int:
    """How many lines after ``lines[k]`` (a row with fewer cells than the table's ``width``) hold the rest of its cells:
    the lines up to the one that brings the row to the table's width (a line ending in a pipe leaves its last cell open),
    and the end of its last cell (:func:`_cell_tail`); 0 when no run of lines does (a short last row with text after it)."""
    row = lines[k].strip()
    for j in range(k + 1, min(len(lines), k + 1 + WRAPPED_ROW_LINES)):
        nxt = lines[j].strip()
        if not nxt or nxt == CELL:
            return 0  # a blank line: the row was short, not wrapped
        row = f"{row} {nxt}"
        n = len(_cells(row, outer)) - (not outer and row.endswith("|"))  # "... | UBND các xã |": its last cell goes on
        if n > width:
            return 0
        if n == width:
            return j + _cell_tail(lines, j) - k
    return 0


def _cells(s: str, outer: bool | None = None) -> list[str]:
    """The cells of a row written on one line; ``outer``: the table's rows stand between outer pipes (None: this
    line's own ends say)."""
    if outer is None:
        outer = s.startswith("|") and s.endswith("|")
    if outer:
        s = s[1:] if s.startswith("|") else s
        s = s[:-1] if s.endswith("|") else s
    return [c.strip() for c in s.split("|")]
