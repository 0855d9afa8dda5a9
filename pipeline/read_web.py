"""Readers of web text: ``.txt`` in any encoding kehoach meets (UTF-8, UTF-16, Windows-1258, the
legacy TCVN3/ABC and VNI font encodings) and ``.html``, into pages in the layout convention of
``pipeline.reading``; ``Lines``, ``table_lines`` and ``join_lines`` write that convention for
every reader."""
from __future__ import annotations

import codecs
import re
import unicodedata

from . import legacy
from .errors import InputError
from .models import RawPage
from .table_text import inline_rows, layout_row


# --- text -------------------------------------------------------------------

def _cp1252_map() -> dict[int, str]:
    """Latin-1 -> Windows-1252 for bytes 0x80-0x9F (its five undefined bytes stay Latin-1)."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_CP1252_MAP = _cp1252_map()
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32", "utf-32"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAGIC = ((b"%PDF", "it looks like a PDF"), (b"PK\x03\x04", "it looks like a zip package, such as .docx"),
          (b"\xd0\xcf\x11\xe0", "it looks like an old Office file, such as .doc"))


def decode_text(data: bytes, path: str = "", declared: str | None = None,
                convert_legacy: bool = True) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding, notes), converting legacy Vietnamese font encodings."""
    notes: list[str] = []
    text, encoding = None, None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text, encoding = data.decode(codec, errors="replace"), name
            break
    if text is None and declared:
        try:
            text, encoding = data.decode(declared), _codec_name(declared)
        except (LookupError, UnicodeDecodeError):
            notes.append(f"declared charset {declared!r} does not match the bytes; detected instead")
    found = None
    if text is None:
        text, encoding, found = _guess(data, path, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if convert_legacy:
        text, encoding = from_legacy(text, encoding, notes, found)
    return unicodedata.normalize("NFC", text), encoding, notes


def from_legacy(text: str, encoding: str | None, notes: list[str],
                 found: str | None = None) -> tuple[str, str | None]:
    """Convert TCVN3 / VNI text to Unicode, noting it; other text is returned as it is."""
    found = found or legacy.detect(text)
    if found is None:
        return text, encoding
    stored = f" (stored as {encoding})" if encoding and encoding != "windows-1252" else ""
    notes.append(f"converted from {legacy.table(found)['label']} font encoding{stored}")
    return legacy.to_unicode(text, found), found


def _guess(data: bytes, path: str, notes: list[str]) -> tuple[str, str, str | None]:
    """(text, encoding, legacy font encoding found on the way) of bytes without a BOM."""
    sample = data[:65536]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = max(1, len(sample) // 2)
        if odd > 0.2 * half and even < 0.02 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16", None
        if even > 0.2 * half and odd < 0.02 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16", None
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        kind = next((k for magic, k in _MAGIC if data.startswith(magic)), "binary data")
        raise InputError(path, f"not a text file ({kind})")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if bad * 50 < len(_NON_ASCII.findall(loose)):  # mostly valid UTF-8
        notes.append(f"{bad} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} replaced")
        return loose, "utf-8", None
    western = data.decode("latin-1").translate(_CP1252_MAP)
    found = legacy.detect(western)
    if found:
        return western, "windows-1252", found
    vietnamese = data.decode("cp1258", errors="replace")
    if _vietnamese_words(vietnamese) > _vietnamese_words(western):
        return vietnamese, "windows-1258", None
    return western, "windows-1252", None


_TOKEN = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _vietnamese_words(text: str) -> int:
    words = [w for w in _TOKEN.findall(unicodedata.normalize("NFC", text[:20000])) if not w.isascii()]
    return sum(legacy.is_syllable(w) for w in words)


def _codec_name(charset: str) -> str:
    name = codecs.lookup(charset).name
    return {"cp1258": "windows-1258", "cp1252": "windows-1252", "iso8859-1": "iso-8859-1"}.get(name, name)


def read_text(path: str, data: bytes):
    text, encoding, notes = decode_text(data, path)
    parts = text.split("\f")  # form feed: a page break (pdftotext output)
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return [RawPage(i + 1, inline_rows(part), "text") for i, part in enumerate(parts)], encoding, notes


# --- html -------------------------------------------------------------------

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DROP = {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "iframe",
         "svg", "object", "embed", "select", "button", "canvas", "audio", "video", "map"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
          "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
          "h4", "h5", "h6", "hr", "html", "legend", "li", "main", "ol", "p", "section", "summary",
          "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


class Lines:
    """Collects text into lines: inline text is joined and its whitespace folded."""

    def __init__(self):
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self):
        line = " ".join("".join(self.buf).split())
        if line:
            self.lines.append(line)
        self.buf = []


def table_rows(rows, cells, walk) -> list[list[list[str]]]:
    """The lines of each cell of a table: ``rows`` its rows, ``cells(row)`` a row's cells,
    ``walk(cell, lines)`` the reader's own walk into a fresh :class:`Lines`."""
    out = []
    for row in rows:
        line_cells = []
        for cell in cells(row):
            sub = Lines()
            walk(cell, sub)
            sub.flush()
            line_cells.append(sub.lines)
        out.append(line_cells)
    return out


def read_html(path: str, data: bytes):
    from bs4 import BeautifulSoup, NavigableString

    match = _META.search(data[:4096])
    declared = match.group(1).decode("ascii", "ignore") if match else None
    if declared and declared.lower() in ("iso-8859-1", "latin1", "us-ascii", "ascii"):
        declared = "cp1252"  # what browsers do (WHATWG encoding standard)
    text, encoding, notes = decode_text(data, path, declared, convert_legacy=False)
    soup = BeautifulSoup(text, "lxml")
    out = Lines()

    def walk(node, out):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, doctype, CDATA...
                    out.buf.append(str(child))
                continue
            name = child.name
            if name in _DROP or child.has_attr("hidden"):
                continue
            if name == "br":
                out.flush()
            elif name == "pre":
                out.flush()
                out.lines += [ln.rstrip() for ln in child.get_text().split("\n") if ln.strip()]
            elif name == "table" and child.find("table") is None:
                out.flush()
                rows = table_rows(child.find_all("tr"), lambda tr: tr.find_all(["td", "th"], recursive=False), walk)
                out.lines += table_lines(rows)
            elif name in _BLOCK:  # a table holding tables is layout: its cells are blocks
                out.flush()
                walk(child, out)
                out.flush()
            else:
                walk(child, out)

    try:
        walk(soup, out)
        out.flush()
    except RecursionError:
        raise InputError(path, "HTML nested too deeply to read") from None
    text, encoding = from_legacy(join_lines(out.lines), encoding, notes)  # after entities are decoded
    return [RawPage(1, text, "html")], encoding, notes


def table_lines(rows: list[list[list[str] | None]]) -> list[str]:
    """Rows of cells (each a list of lines, or None for a merged-away cell) in the convention.

    A blank line follows the table: it marks where the table ends (the last row
    may be narrower than the others). A one-column table is a frame, not a
    table: its text comes out as plain lines.
    """
    lines: list[str] = []
    if all(sum(cell is not None for cell in row) <= 1 for row in rows):
        return [ln for row in rows for cell in row if cell for ln in cell if ln.strip()]
    for row in rows:
        lines += layout_row([cell for cell in row if cell is not None])  # nothing for a row of empty cells
    return lines + [""] if lines else lines


def join_lines(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""
