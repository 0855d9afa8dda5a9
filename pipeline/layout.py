"""Lay out a page's text as lines: paragraphs rejoined, tables one line per row.

- table markup (cells between ``|`` lines) becomes one line per row with cells
  joined by `` | ``; decoration rules (``-------``) are dropped;
- hard-wrapped lines are rejoined into paragraphs; a web copy that lost its line
  breaks is split again where an outline marker or a task's field runs on.
"""
from __future__ import annotations

import functools
import re

import regex

from . import patterns
from .table_text import CELL, PAGE_NUMBER

CELL_SEP = " | "

@functools.cache
def _rules():
    s = patterns.structure()
    kinds = {k["word"] for k in s["kinds"]}
    block = patterns.regex("structure.yaml", "block_starts", engine=regex)
    deco = patterns.regex("structure.yaml", "decoration")
    return kinds, block, deco


@functools.cache
def _continuations() -> frozenset[str]:
    return frozenset(patterns.structure()["continuation_words"])


@functools.cache
def _continuation_exceptions() -> tuple[str, ...]:
    return tuple(" " + p for p in patterns.structure()["continuation_exceptions"])


@functools.cache
def _name_bigrams() -> frozenset[tuple[str, str]]:
    """Word pairs inside agency names of the gazetteer ("trận", "tổ" of "Mặt trận Tổ quốc").

    A hard wrap between two such words is inside a name: the lines are joined.
    """
    pairs = set()
    for entries in patterns.folder("agencies").values():
        for entry in entries or []:
            if not isinstance(entry, dict):
                continue
            for pat in entry.get("patterns") or []:
                words = regex.sub(r"\{\w+\}", " ", pat).lower().split()
                pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


def is_caps(line: str) -> bool:
    """A line in capitals: a title or a heading ("II. NHIỆM VỤ TRỌNG TÂM")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_HYPHEN_GOES_ON = regex.compile(r"[-–]\s+\p{Ll}")  # a bullet opens with a capital; a wrapped compound goes on in lower case
_RANGE_END = regex.compile(r"[-–]\s*\d{1,3}(?:[.,]\d+)?\s*%")
_COUNCIL_END = regex.compile(r"(?:nhân\s+dân|UBND)$", regex.IGNORECASE)
_LEVEL_START = regex.compile(r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)(?!\p{L})", regex.IGNORECASE)
# "Các Sở: Y tế; Nội vụ;": names after a colon, each capitalised, each closed by a semicolon
_NAMES_AFTER_COLON = regex.compile(r":\s*\p{Lu}[^:;]*;(?:\s*\p{Lu}[^:;]*;)+$")
_BARE_MARKER = regex.compile(r"(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,3})\.|[a-zđ]\)")  # an outline marker alone on its line


def _joins(prev: str, nxt: str, wrapped: bool, short_heading: bool = False, full: bool = False,
           at_width: bool = False, room: bool = False) -> bool:
    """Is ``nxt`` the continuation of hard-wrapped line ``prev``? ``short_heading``: ``prev`` is one numbered line
    that ends well before the page's width, where ``nxt``'s first word would have fitted; ``full``: ``prev``'s last
    line reaches the page's width and opens no item; ``at_width``: it reaches the page's width; ``room``: ``prev`` was
    wrapped and its last line fills less than half the page's width."""
    kinds, block, _ = _rules()
    if _RANGE_END.match(nxt) and prev[-1:].isdigit():
        return True  # "tốc độ tăng bình quân 05" then "- 06%/năm": a range wrapped at its dash, not a bullet
    if _HYPHEN_GOES_ON.match(nxt) and not prev.endswith((".", ";", ":", "!", "?")) and prev[-1:].isalpha():
        return True  # "các tổ chức chính trị" then "- xã hội thành phố": a hyphenated word wrapped at its dash
    if block.match(nxt) or prev in kinds or nxt in kinds:
        return False
    if _BARE_MARKER.fullmatch(prev):
        return True  # "2.10." then "Đề nghị Viện kiểm sát nhân dân tỉnh": the marker's own heading
    if prev.endswith(";") and (nxt[0].islower() or nxt[0].isdigit()):
        return True  # "... chỉ đạo tuyên truyền ...;" then "phối hợp với Công an tỉnh ...": the sentence goes on; "... đạt
        # 3,8% năm 2026;" then "4,5% năm 2028; ...": the next stage
    if prev.endswith(";") and at_width and _NAMES_AFTER_COLON.search(prev) and not _opens_sentence(nxt):
        return True  # "7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Nội vụ;" then "Dân tộc và Tôn giáo; Công an tỉnh":
        # a list of names after its colon, wrapped at the page's width
    if prev.endswith(":") and (full or at_width and nxt[0].islower()):
        return True  # "Cơ quan chủ trì: Sở Nông nghiệp và Môi trường; cơ quan phối hợp:" then "Sở Tư pháp. ...": a
        # field's label wrapped at the page's width, its value on the next line; "- Tỷ lệ CTRSH được thu gom ... môi trường:"
        # then "khu vực đô thị đạt 98% ...": a colon at the width, the sentence going on in lower case
    if prev.endswith((".", ";", ":", "!", "?", "./.")):
        return False
    if nxt[0].isupper() and block.match(prev) and is_caps(prev) and not is_caps(nxt):
        return False  # "II. NHIỆM VỤ TRỌNG TÂM" then "Để thực hiện ...": the heading has ended
    last = prev.rsplit(" ", 1)[-1].lower()
    if prev.endswith((" -", "-", ",", "–")) or (last in _continuations()
                                                and not (" " + prev.lower()).endswith(_continuation_exceptions())):
        return True
    if (last, nxt.split(" ", 1)[0].lower()) in _name_bigrams():
        return True
    if _COUNCIL_END.search(prev) and _LEVEL_START.match(nxt):
        return True  # "Giao Văn phòng Ủy ban nhân dân" then "Thành phố kiểm tra, ...": the council's level
    first = nxt[0]
    if first.islower() or first.isdigit() or first in "(“\"',;)%":
        return True
    caps_prev, caps_next = is_caps(prev), is_caps(nxt)
    if caps_prev and caps_next:
        return True
    if caps_prev != caps_next:
        return False
    if wrapped and block.match(prev) and _proper_name(nxt):
        return True  # "2. Ban Quản lý Khu kinh tế" then "Đông Nam": a heading's name wrapped before its place
    if wrapped and _ends_in_head(prev):
        return True  # "3. Ban Quản lý rừng phòng hộ ..., Ban" then "Quản lý Khu bảo tồn ...": a head waits for its name
    if _opens_sentence(nxt):
        return False  # "10. Ban Quản lý Khu công nghệ cao ... Đà Nẵng" then "Hướng dẫn, đôn đốc ...": a verb in capitals
        # opens a sentence (a name, which a wrap may split, never starts with one)
    if room and block.match(prev):
        return False  # "5. Sở Giáo dục và Đào tạo, ..., Sở Khoa học và Công" / "nghệ" / "Các sở có trách nhiệm ...": an
        # item's heading whose last line has room for the next word has ended
    return wrapped and len(prev) >= 40 and not short_heading


@functools.cache
def _predicate() -> regex.Pattern:
    """The verbs that open a duty's predicate (data of the extraction's roles, read here as words of the language)."""
    return patterns.regex("roles.yaml", "cues.predicate", regex.IGNORECASE, engine=regex)


def _opens_sentence(line: str) -> bool:
    """Whether a line opens with a verb of a duty in capitals ("Hướng dẫn, ...", "Chủ trì, phối hợp ...")."""
    m = _predicate().match(line)
    return bool(m) and line[:1].isupper() and " " in m.group()  # two words: "Cần" may open "Cần Thơ"


@functools.cache
def _heads() -> tuple[str, ...]:
    """The head nouns of agency names (data of the extraction's agency lexicon, read here as words of the language)."""
    return tuple(sorted({h["head"] for h in patterns.load("agencies/lexicon.yaml")["heads"] if h["head"][:1].isupper()},
                        key=len, reverse=True))


def _ends_in_head(line: str) -> bool:
    """Whether a line ends with the head noun of an agency name and nothing after it ("..., Ban", "và Trung tâm")."""
    return any(line.endswith(" " + h) for h in _heads())


NAME_TAIL_WORDS = 3  # a wrapped heading's last line that is only a place name ("Đông Nam", "tỉnh Nghệ An")


def _proper_name(line: str) -> bool:
    """A line of one to three capitalised words and nothing else: the tail of a name."""
    words = line.split()
    return 0 < len(words) <= NAME_TAIL_WORDS and all(w[0].isupper() and w.isalpha() for w in words)


_INLINE_DECO = regex.compile(r"\s[-_=–—…]{3,}(?=\s|$)")
_INLINE_BREAK = regex.compile(
    r"(?:(?<=[.;:!?”\"])|(?<=\p{Lu}{2}))\s+(?=(?:[IVX]{1,5}\.\s*\p{Lu}|\d{1,2}(?:\.\d{1,2}){0,2}\s?\.\s+\p{Lu}"
    r"|[a-zđ]\)\s+\S|[-+]\s+\p{Lu}|Điều\s+\d{1,3}\.\s+\p{Lu}))"
)
_FLAT_LINE = 300


def split_flattened(line: str) -> list[str]:
    """Break a very long line where an outline marker follows a sentence end.

    Some sources flatten a whole document into a few lines
    ("... giao thông. II. NHIỆM VỤ ... 1. Tiếp tục ..."): the outline is inline.
    """
    if len(line) < _FLAT_LINE:
        return [line]
    line = _INLINE_DECO.sub("", line)
    parts, last = [], 0
    for m in _INLINE_BREAK.finditer(line):
        parts.append(line[last:m.start()])
        last = m.end()
    parts.append(line[last:])
    out = []
    for part in parts:
        out.extend(_run_in(part.strip()))
    return [p for p in out if p]


@functools.cache
def _run_in_rules():
    def rx(key):
        return patterns.regex("structure.yaml", f"run_in.{key}", engine=regex)

    return rx("caps_heading"), rx("short_heading"), (rx("sub_number"), rx("field_label")), patterns.structure()["run_in"]["max_chars"]


def _run_in(part: str) -> list[str]:
    """The short headings a flattened line runs into their text, each on its own line.

    "1. Công tác tham mưu, chỉ đạo - Các sở, ngành tổ chức ..." -> "1. Công tác tham mưu, chỉ đạo" and
    "- Các sở, ngành tổ chức ..."; a hyphen inside an agency's name ("Đài Phát thanh - Truyền hình") is no marker.
    """
    caps, short, splits, most = _run_in_rules()
    pieces = [part]
    for rx in splits:
        pieces = [p.strip() for piece in pieces for p in rx.split(piece)]
    out = []
    while pieces:
        piece = pieces.pop(0)
        m = caps.match(piece) or short.match(piece)
        if m and len(m.group()) <= most and not _inside_name(piece, m.end()):
            out.append(m.group().strip())
            pieces.insert(0, piece[m.end():].strip())
            continue
        out.append(piece)
    return out


def _inside_name(text: str, at: int) -> bool:
    """Whether the hyphen after ``text[:at]`` joins two names, or two words of an agency's name."""
    before, after = text[:at].split(), text[at:].split()
    if len(after) < 2 or after[0] not in "-+" or not before:
        return False
    if before[-1][:1].isupper():
        return True  # "Hà Nội - Hải Phòng": two names joined
    bigrams = _name_bigrams()
    return (before[-1].lower(), "-") in bigrams or ("-", after[1].lower()) in bigrams


WRAP_SLACK = 10  # characters: a line this far short of the page's width, with room for the next word, was not wrapped
_ITEM_LINE = regex.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zđ]\))\s+\p{Lu}")  # "10. Ban ...", "b) Sở ..."
WIDTH_LINES = 8  # a page with fewer lines than this tells no width


def _page_width(lines: list[str]) -> int:
    """The width a page's text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 20)
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= WIDTH_LINES else 0


def rejoin(lines: list[str], wrapped: bool = True) -> list[str]:
    """Join hard-wrapped lines into paragraphs; blank lines end paragraphs."""
    _, block, deco = _rules()
    width = _page_width(lines) if wrapped else 0
    out: list[str] = []
    open_para = False
    last = ""
    for raw in lines:
        line = re.sub(r" {2,}", " ", raw.strip())
        if open_para and PAGE_NUMBER.fullmatch(line):
            continue  # a page's number between two lines of one paragraph ("... bố trí tối" / "3" / "thiểu 20 ha")
        if not line or deco.fullmatch(line):
            open_para = False
            continue
        # "7. Các doanh nghiệp viễn thông trên địa bàn tỉnh" then "Viễn thông Cao Bằng, Viettel ...": a numbered line,
        # whole, that stops where the next word had room was not wrapped
        short = bool(width and out and out[-1] == last and _ITEM_LINE.match(last)
                     and len(last) + 1 + len(line.split()[0]) <= width - WRAP_SLACK
                     and not _predicate().search(last))  # a heading names; "3. Các cơ quan ... căn cứ nội dung" goes on
        at_width = bool(width and out and len(last) >= width - WRAP_SLACK // 2)
        room = bool(width and out and out[-1] != last and len(last) <= width // 2)  # a wrapped line's short last part
        # "1. Thanh tra tỉnh chủ trì ...:" opens its items: no label wrapped at the width
        full = at_width and not _ITEM_LINE.match(last) and not block.match(last)
        if open_para and out and _joins(out[-1], line, wrapped, short, full, at_width, room):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        last = line
        open_para = True
    return [part for line in out for part in split_flattened(line)]


def _chunks(lines: list[str]):
    """Split lines into ('text', [lines]) and ('pipes', count) items."""
    items: list[list] = []
    for line in lines:
        if line.strip() == "|":
            if items and items[-1][0] == "pipes":
                items[-1][1] += 1
            else:
                items.append(["pipes", 1])
        elif items and items[-1][0] == "text":
            items[-1][1].append(line)
        else:
            items.append(["text", [line]])
    return items


_MAX_CELL_LINES = 60


def layout_blocks(text: str) -> list[tuple[str, list]]:
    """Blocks of a page: ('para', [lines]) or ('row', [[cell lines], ...]).

    A table is cells between ``|`` lines, each row opened by a ``|`` line; two
    or more ``|`` lines in a row close a row (with empty cells between) and
    open the next. A single ``|`` after a row as wide as the first one closes
    the table.
    """
    kinds, _, _ = _rules()
    blocks: list[tuple[str, list]] = []
    row: list[list[str]] | None = None
    ncols = 0
    chunks = _chunks(text.split("\n"))
    for at, (kind, val) in enumerate(chunks):
        if kind == "text":
            long_chunk = len(val) > _MAX_CELL_LINES or any(l.strip() in kinds for l in val)
            # a blank line right after a cell's closing "|" ends the table
            ends_table = row is not None and not val[0].strip() and len(row) >= 1
            if row is None or long_chunk or ends_table:
                if row:
                    blocks.append(("row", row))
                row = None
                blocks.append(("para", val))
            else:
                row.append(val)
            continue
        # a run of `val` pipe lines
        if row is None:
            row, ncols = [], 0
            row.extend([[]] * (val - 1))
            continue
        if val == 1:
            if ncols and len(row) >= ncols and not _cell_follows(chunks, at):
                blocks.append(("row", row))
                row = None
            continue
        row.extend([[]] * (val - 2))
        blocks.append(("row", row))
        ncols = ncols or len(row)
        row = []
    if row:
        blocks.append(("row", row))
    return blocks


def _cell_follows(chunks: list, at: int) -> bool:
    """Whether the text after the pipe at ``chunks[at]`` is one more cell of the row: a few lines
    without a blank one, closed by a pipe (a row wider than the table's first one, such as a
    header row under a section row "| I | Tổ chức, bộ máy |"), not the paragraph after the table."""
    if at + 2 >= len(chunks) or chunks[at + 1][0] != "text" or chunks[at + 2][0] != "pipes":
        return False
    cell = chunks[at + 1][1]
    return len(cell) <= _MAX_CELL_LINES and all(line.strip() for line in cell)


PARAGRAPH_LINE = 150  # characters: no page wraps its lines this long
PARAGRAPH_SHARE = 0.10  # a page with this share of its lines longer: one paragraph per line, as a web copy


def paragraph_lines(text: str) -> bool:
    """Whether a page writes one paragraph per line (a web copy), not lines wrapped at the page's width.

    Wrapped text (a PDF's text layer, OCR, a copy of either) has hardly a line over
    :data:`PARAGRAPH_LINE` characters; a web copy has many. On such a page a line that
    ends without a stop is a heading, not a wrapped sentence: "12. Đề nghị Ủy ban MTTQ
    Việt Nam tỉnh và các tổ chức chính trị - xã hội" then "Đẩy mạnh tuyên truyền ...".
    """
    lines = [ln for ln in text.split("\n") if ln.strip() and ln.strip() != CELL and ln.count(CELL) < 2]
    long_lines = sum(1 for ln in lines if len(ln.strip()) > PARAGRAPH_LINE)
    return long_lines >= 3 and long_lines >= PARAGRAPH_SHARE * len(lines)


_RECIPIENTS = regex.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*:", regex.IGNORECASE)
_COLUMN_GAP = regex.compile(r"\S(\s{5,})(?=\S)")
SIGNATURE_LINES = 30  # lines after "Nơi nhận:" that the signature's column may run over


def signature_columns(text: str) -> str:
    """The signature block of a text laid out in two columns ("Nơi nhận:      KT. CHỦ TỊCH" ... "- Lưu: VT.
    Lò Văn Hưng"), as a PDF's text layer kept with its spacing prints it: the recipients' column first, then
    the signer's, each line whole. Other text is left as it is."""
    lines = text.split("\n")
    at = next((i for i, ln in enumerate(lines) if _RECIPIENTS.match(ln) and _COLUMN_GAP.search(ln)), None)
    if at is None:
        return text
    left, right, end = [], [], at
    for end in range(at, min(len(lines), at + SIGNATURE_LINES)):
        ln = lines[end]
        gap = _COLUMN_GAP.search(ln)
        indent = len(ln) - len(ln.lstrip(" "))
        part = ln[: gap.start(1)] if gap else ln
        nxt = lines[end + 1].strip() if end + 1 < len(lines) else ""
        goes_on = part.strip()[:1].islower() or (  # a wrapped recipient; a page number inside the list
            PAGE_NUMBER.fullmatch(part.strip()) and (nxt[:1].islower() or nxt.startswith(("-", "+", "•"))))
        if end > at and part.strip() and indent < 20 and not part.lstrip().startswith(("-", "+", "•")) and not goes_on:
            break  # the recipients' list has ended: what follows is no column of the signature
        if gap:
            left.append(part)
            right.append(ln[gap.end(1):])
        elif indent >= 20:  # the signer's column alone on its line
            right.append(ln.strip())
        else:
            left.append(ln)
    else:
        end += 1
    return "\n".join(lines[:at] + left + right + lines[end:])


def layout(text: str, wrapped: bool = True) -> tuple[list[str], list[tuple[int, list[tuple[int, int]]]]]:
    """Lines of a page, and for each table row its line index and cell spans.

    ``wrapped``: the page may be hard-wrapped (a plain-text, PDF or OCR page), unless
    :func:`paragraph_lines` says otherwise.
    """
    text = signature_columns(text)
    wrapped = wrapped and not paragraph_lines(text)
    lines: list[str] = []
    rows: list[tuple[int, list[tuple[int, int]]]] = []
    for kind, val in layout_blocks(text):
        if kind == "para":
            lines.extend(rejoin(val, wrapped))
            continue
        cells = [" ".join(rejoin(cell, wrapped)) for cell in val]
        if not any(cells):
            continue
        spans, pos = [], 0
        for i, cell in enumerate(cells):
            if i:
                pos += len(CELL_SEP)
            spans.append((pos, pos + len(cell)))
            pos += len(cell)
        rows.append((len(lines), spans))
        lines.append(CELL_SEP.join(cells))
    return lines, rows
