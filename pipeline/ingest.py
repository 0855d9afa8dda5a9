"""Ingest: read any supported file into a :class:`~pipeline.models.Source` of raw pages.

    read(path) -> Source            # .txt .html .htm .doc .docx .pdf .png .jpg .jpeg .tif .tiff
    iter_paths(paths) -> Iterator[Path]

Legacy Word ``.doc`` files are read by antiword (Debian package ``antiword``).

Every reader writes page text in the layout convention of the corpus web-text
files: paragraphs as lines; a table row opened by a line holding only ``|``,
then each cell's lines followed by a ``|`` line (an empty cell is just the
``|`` line). So rows meet as ``|``/``|`` and a table ends with its last cell's
``|``: the row "a", "", "c" is ``|\na\n|\n|\nc\n|\n``. Bad input raises
``InputError(path, reason)`` with a one-line reason.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

from . import legacy
from .errors import InputError, MissingDependencyError
from .models import RawPage, Source
from .normalise import layout_row

FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".doc": "doc", ".docx": "docx", ".pdf": "pdf",
           ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}
_HINTS = {".rtf": "RTF files are not supported: save it as .docx or .txt",
          ".xls": "spreadsheets are not supported", ".xlsx": "spreadsheets are not supported"}


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Yield input files in order: files as given, directories walked recursively.

    Inside a directory, files are sorted and hidden files and folders (and Word
    lock files ``~$...``) are skipped. Every other file is yielded, whatever its
    type, so that :func:`read` says why one it cannot read is rejected: no file
    of a folder disappears in silence.
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        found = []
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(root, f) for f in files if not f.startswith((".", "~$"))]
        yield from sorted(found, key=lambda p: p.relative_to(path).parts)


def read(path: str | os.PathLike) -> Source:
    """Read one file into a Source (raises ``InputError`` for unreadable or unsupported input)."""
    p = Path(path)
    if not os.path.lexists(p):
        raise InputError(path, "cannot read file: no such file")
    if p.is_dir():
        raise InputError(path, "cannot read file: it is a directory")
    if not p.exists():
        raise InputError(path, "cannot read file: broken symbolic link")
    suffix = p.suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        reason = _HINTS.get(suffix) or (f"unsupported file type '{suffix}'" if suffix else "no file extension")
        raise InputError(path, f"{reason} (supported: {', '.join(FORMATS)})")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "cannot read file: permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read file: {(err.strerror or str(err)).lower()}") from None
    if not data:
        raise InputError(path, "empty file")
    pages, encoding, notes = _READERS[fmt](str(path), data)
    pages = [p if unicodedata.is_normalized("NFC", p.text) else
             RawPage(p.number, unicodedata.normalize("NFC", p.text), p.method, p.confidence) for p in pages]
    return Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt,
                  pages=tuple(pages), encoding=encoding, notes=tuple(notes))


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
        text, encoding = _from_legacy(text, encoding, notes, found)
    return unicodedata.normalize("NFC", text), encoding, notes


def _from_legacy(text: str, encoding: str | None, notes: list[str],
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


def _read_text(path: str, data: bytes):
    text, encoding, notes = decode_text(data, path)
    parts = text.split("\f")  # form feed: a page break (pdftotext output)
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return [RawPage(i + 1, part, "text") for i, part in enumerate(parts)], encoding, notes


# --- html -------------------------------------------------------------------

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DROP = {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "iframe",
         "svg", "object", "embed", "select", "button", "canvas", "audio", "video", "map"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
          "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
          "h4", "h5", "h6", "hr", "html", "legend", "li", "main", "ol", "p", "section", "summary",
          "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


class _Lines:
    """Collects text into lines: inline text is joined and its whitespace folded."""

    def __init__(self):
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self):
        line = " ".join("".join(self.buf).split())
        if line:
            self.lines.append(line)
        self.buf = []


def _read_html(path: str, data: bytes):
    from bs4 import BeautifulSoup, NavigableString

    match = _META.search(data[:4096])
    declared = match.group(1).decode("ascii", "ignore") if match else None
    if declared and declared.lower() in ("iso-8859-1", "latin1", "us-ascii", "ascii"):
        declared = "cp1252"  # what browsers do (WHATWG encoding standard)
    text, encoding, notes = decode_text(data, path, declared, convert_legacy=False)
    soup = BeautifulSoup(text, "lxml")
    out = _Lines()

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
                rows = []
                for tr in child.find_all("tr"):
                    row = []
                    for cell in tr.find_all(["td", "th"], recursive=False):
                        sub = _Lines()
                        walk(cell, sub)
                        sub.flush()
                        row.append(sub.lines)
                    rows.append(row)
                out.lines += _table_lines(rows)
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
    text, encoding = _from_legacy(_join(out.lines), encoding, notes)  # after entities are decoded
    return [RawPage(1, text, "html")], encoding, notes


def _table_lines(rows: list[list[list[str] | None]]) -> list[str]:
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


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


# --- docx -------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
         _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "txbxContent"}
_PAGE = "\f"  # marks an explicit page break while reading


def _read_docx(path: str, data: bytes):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(path, "not a Word .docx file (an old .doc, or a password-protected document)")
        raise InputError(path, "not a Word .docx file (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(path, "not a Word .docx file (damaged zip package)") from None
    if "word/document.xml" not in names:
        raise InputError(path, "not a Word .docx file (no word/document.xml in the package)")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        fonts = _DocxFonts(document.styles.element)
    except Exception as err:  # python-docx raises KeyError, ValueError, PackageNotFoundError...
        raise InputError(path, f"not a Word .docx file ({_short(err)})") from None
    lines = _docx_lines(body, fonts)
    if fonts.mislabelled():  # "legacy" fonts holding Unicode text: read again without converting
        fonts.convert = False
        fonts.used.clear()
        lines = _docx_lines(body, fonts)
    page_lines: list[list[str]] = [[]]
    for line in lines:
        if line == _PAGE:
            page_lines.append([])
        else:
            page_lines[-1].append(line)
    if len(page_lines) > 1 and not page_lines[-1]:
        page_lines.pop()
    text = _PAGE.join(map(_join, page_lines))
    encoding, notes = None, []
    if fonts.used:
        encoding = sorted(fonts.used)[0]
        labels = " and ".join(legacy.table(enc)["label"] for enc in sorted(fonts.used))
        notes.append(f"converted text in {labels} fonts")
    else:
        text, encoding = _from_legacy(text, None, notes)
    pages = text.split(_PAGE)
    return [RawPage(i + 1, t, "docx") for i, t in enumerate(pages)], encoding, notes


def _short(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _docx_lines(parent, fonts, in_cell: bool = False) -> list[str]:
    """Body paragraphs and tables in document order (page breaks as lines holding ``\\f``)."""
    lines: list[str] = []
    for el in parent:
        tag = el.tag
        if tag == _W + "p":
            text = _docx_paragraph(el, fonts).replace(_PAGE, "\n" if in_cell else f"\n{_PAGE}\n")
            lines += [ln if ln == _PAGE else ln.strip() for ln in text.split("\n") if ln.strip() or ln == _PAGE]
            for box in el.iter(_W + "txbxContent"):  # text boxes, after their paragraph
                if _outermost(box, el):
                    lines += _docx_lines(box, fonts, in_cell=True)
        elif tag == _W + "tbl":
            rows = [[None if cell is None else [ln for ln in cell if ln.strip()] for cell in row]
                    for row in _docx_rows(el, fonts)]
            if in_cell:  # a table inside a cell: its text, without the cell marks
                lines += [ln for row in rows for cell in row if cell for ln in cell]
            else:
                lines += _table_lines(rows)
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            lines += _docx_lines(el, fonts, in_cell)
    return lines


def _outermost(box, paragraph) -> bool:
    """A text box of ``paragraph`` itself: not inside another box, nor in a fallback copy."""
    for ancestor in box.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in _SKIP:
            return False
    return False


def _docx_rows(tbl, fonts):
    for tr in _docx_children(tbl, "tr"):
        row = []
        for tc in _docx_children(tr, "tc"):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") != "restart":
                row.append([])  # continues the cell above, whose text is already out
            else:
                row.append(_docx_lines(tc, fonts, in_cell=True))
        yield row


def _docx_children(el, name: str):
    for child in el:
        if child.tag == _W + name:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from _docx_children(child, name)


def _docx_paragraph(p, fonts) -> str:
    parts = []
    ppr = p.find(_W + "pPr")
    style = None
    if ppr is not None:
        brk = ppr.find(_W + "pageBreakBefore")
        if brk is not None and brk.get(_W + "val", "true") not in ("0", "false"):
            parts.append(_PAGE)
        pstyle = ppr.find(_W + "pStyle")
        style = pstyle.get(_W + "val") if pstyle is not None else None
    for run in _docx_runs(p):
        text = "".join(_RUN_TEXT.get(child.tag, _run_piece)(child) for child in run)
        parts.append(fonts.convert_run(run, style, text) if text else text)
    return "".join(parts)


def _docx_runs(el):
    for child in el:
        if child.tag == _W + "r":
            yield child
        elif child.tag not in _SKIP:  # hyperlinks, insertions, fields, smart tags, content controls
            yield from _docx_runs(child)


def _run_piece(child) -> str:
    if child.tag == _W + "br":
        return _PAGE if child.get(_W + "type") == "page" else "\n"
    return ""


_RUN_TEXT = {_W + "t": lambda el: el.text or "", _W + "tab": lambda el: "\t", _W + "ptab": lambda el: "\t",
             _W + "cr": lambda el: "\n", _W + "noBreakHyphen": lambda el: "-"}


class _DocxFonts:
    """Which runs are set in a legacy Vietnamese font (.VnTime, VNI-Times...), through styles."""

    def __init__(self, styles):
        self.convert, self._unicode = True, False
        self.used: set[str] = set()
        self._legacy_text: list[str] = []
        self._styles: dict[str, tuple[str | None, str | None]] = {}
        self._default_para = None
        for st in styles.iter(_W + "style"):
            based = st.find(_W + "basedOn")
            sid = st.get(_W + "styleId")
            self._styles[sid] = (_font(st.find(_W + "rPr")), based.get(_W + "val") if based is not None else None)
            if st.get(_W + "default") in ("1", "true") and st.get(_W + "type") == "paragraph":
                self._default_para = sid
        self._default = _font(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
        self._cache: dict = {}

    def _style_font(self, sid):
        for _ in range(20):  # follow basedOn
            if sid not in self._styles:
                return None
            font, sid = self._styles[sid]
            if font:
                return font
        return None

    def convert_run(self, run, para_style, text: str) -> str:
        rpr = run.find(_W + "rPr")
        font = _font(rpr)
        if font is None:
            rstyle = rpr.find(_W + "rStyle") if rpr is not None else None
            key = (rstyle.get(_W + "val") if rstyle is not None else None, para_style)
            if key not in self._cache:
                self._cache[key] = (self._style_font(key[0]) or self._style_font(key[1] or self._default_para)
                                    or self._default)
            font = self._cache[key]
        found = _font_encoding(font)
        if found is None:
            return text
        if legacy.has_unicode_letters(text):  # typed in Unicode, whatever the font says
            self._unicode = True
            return text
        self._legacy_text.append(text)
        if not self.convert:
            return text
        self.used.add(found[0])
        converted = legacy.to_unicode(text, found[0])
        return converted.upper() if found[1] else converted

    def mislabelled(self) -> bool:
        """Unicode text in legacy fonts, and the rest does not read as legacy text: convert nothing."""
        return self._unicode and self.convert and legacy.detect("\n".join(self._legacy_text)) is None


def _font(rpr) -> str | None:
    fonts = rpr.find(_W + "rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(_W + "hAnsi") or fonts.get(_W + "ascii")


def _font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, drawn in capitals) for a legacy font name, else None."""
    if not font:
        return None
    name = font.strip().lower()
    for enc in legacy.ENCODINGS:
        data = legacy.table(enc)
        if name.startswith(tuple(data["font_prefixes"])):
            suffix = data.get("uppercase_font_suffix")
            return enc, bool(suffix) and name.endswith(suffix)
    return None

# --- doc (Word 97-2003) -----------------------------------------------------

ANTIWORD_TIMEOUT = 120  # seconds for one .doc file
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCBOOK_BLOCKS = {"para", "simpara", "title", "listitem", "entry", "footnote", "blockquote", "literallayout"}
_DOCBOOK_SKIP = {"bookinfo"}


def _read_doc(path: str, data: bytes):
    """A legacy Word file, through ``antiword -x db`` (DocBook: paragraphs whole, table rows and
    cells as Word has them). Vietnamese comes out in UTF-8; legacy font encodings are converted."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _read_docx(path, data)  # a .docx named .doc
    if data.lstrip()[:5] == b"{\\rtf":
        raise InputError(path, "an RTF file named .doc: RTF files are not supported, save it as .docx")
    if not data.startswith(_OLE):
        raise InputError(path, "not a Word .doc file (no Word 97-2003 header)")
    import shutil
    import subprocess

    program = shutil.which("antiword")
    if program is None:
        raise MissingDependencyError("antiword is not installed: it reads .doc files "
                                     "(Debian/Ubuntu: apt-get install antiword)")
    try:
        done = subprocess.run([program, "-x", "db", os.path.abspath(path)], capture_output=True,
                              timeout=ANTIWORD_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InputError(path, f"antiword did not finish reading it in {ANTIWORD_TIMEOUT} s") from None
    if done.returncode != 0 or not done.stdout.strip():
        message = " ".join(done.stderr.decode("utf-8", "replace").replace(os.path.abspath(path), "").split())
        reason = message.strip(" :") or f"antiword exited with status {done.returncode}"
        if "encrypt" in reason.lower():
            reason = "password-protected Word document"
        raise InputError(path, f"not a readable Word .doc file ({reason})")
    lines = _docbook_lines(path, done.stdout)
    notes: list[str] = []
    text, encoding = _from_legacy(_join(lines), "utf-8", notes)
    return [RawPage(1, text, "doc")], encoding, notes


def _docbook_lines(path: str, xml: bytes) -> list[str]:
    """The lines of antiword's DocBook output, tables in the RawPage convention."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise InputError(path, "not a readable Word .doc file (antiword's output cannot be parsed)")
    out = _Lines()

    def text_lines(node, out: _Lines) -> None:
        """Inline text of ``node``: a newline in the text is a line break."""
        if node.text:
            _add_text(out, node.text)
        for child in node:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag in _DOCBOOK_SKIP:
                pass
            elif tag in ("informaltable", "table"):
                out.flush()
                rows = []
                for row in child.iter("{*}row", "row"):
                    cells = []
                    for entry in row.iter("{*}entry", "entry"):
                        sub = _Lines()
                        text_lines(entry, sub)
                        sub.flush()
                        cells.append(sub.lines)
                    rows.append(cells)
                out.lines += _table_lines(rows)
            elif tag in _DOCBOOK_BLOCKS:
                out.flush()
                text_lines(child, out)
                out.flush()
            elif isinstance(child.tag, str):
                text_lines(child, out)
            if child.tail:
                _add_text(out, child.tail)

    text_lines(root, out)
    out.flush()
    return out.lines


def _add_text(out: _Lines, text: str) -> None:
    parts = text.split("\n")
    for i, part in enumerate(parts):
        if i:
            out.flush()
        out.buf.append(part)


# --- pdf --------------------------------------------------------------------

_PDF_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _read_pdf(path: str, data: bytes):
    if b"%PDF" not in data[:1024]:
        raise InputError(path, "not a PDF (no %PDF header)")
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(path, "encrypted PDF (password required)") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(path, "encrypted PDF (unsupported security handler)") from None
        raise InputError(path, "damaged PDF (cannot be parsed)") from None
    pages, plumber = [], None
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = unicodedata.normalize("NFC", _PDF_JUNK.sub("", textpage.get_text_range().replace(
                "\r\n", "\n").replace("\r", "\n")))
            if _page_needs_ocr(text):
                pages.append(RawPage(i + 1, "", "none"))
                continue
            if not _text_layer_trusted(text):  # a scanner's text layer: garbage, or marks lost
                pages.append(RawPage(i + 1, "", "none"))
                continue
            if _has_ruled_table(page, text, pdfium_c):
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                text = _pdf_with_tables(plumber.pages[i], page, textpage) or text
            pages.append(RawPage(i + 1, text, "pdf-text"))
    except pdfium.PdfiumError:
        raise InputError(path, f"damaged PDF (page {len(pages) + 1} cannot be read)") from None
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    return _ocr_missing_pages(path, pages, lambda numbers: _ocr().ocr_pdf_pages(path, numbers))


def _ocr():
    from . import ocr

    return ocr


def _text_layer_trusted(text: str) -> bool:
    return _ocr().text_layer_is_trustworthy(text)


def _ocr_missing_pages(path: str, pages: list[RawPage], run) -> tuple[list[RawPage], None, list[str]]:
    """OCR the pages that have no usable text (``KEHOACH_OCR=0`` turns OCR off)."""
    missing = [p.number for p in pages if p.method == "none"]
    if not missing:
        return pages, None, []
    if os.environ.get("KEHOACH_OCR", "1") == "0":
        return pages, None, [f"OCR turned off (KEHOACH_OCR=0): {len(missing)} page(s) without text"]
    try:
        done = {p.number: p for p in run(missing)}
    except MissingDependencyError as err:
        return pages, None, [f"OCR unavailable: {err}"]
    out = [RawPage(p.number, done[p.number].text, "ocr", done[p.number].confidence) if p.number in done else p
           for p in pages]
    return out, None, []


def _page_needs_ocr(text: str) -> bool:
    """True when a page's text layer holds no usable text (a scan, or glyphs without Unicode)."""
    if len(_ALNUM.findall(text, 0, 2000)) < 3:
        return True
    junk = len(_UNREADABLE.findall(text))
    return junk > 0.3 * (len(text) - len(_SPACE.findall(text)))


_ALNUM = re.compile(r"[^\W_]")
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff]")  # replacement character, private-use glyphs
_SPACE = re.compile(r"\s")


def _has_ruled_table(page, text: str, pdfium_c) -> bool:
    """Cheap test before pdfplumber: many short text lines and a grid of ruling lines."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4 or sum(len(ln) <= 40 for ln in lines) < 0.3 * len(lines):
        return False
    xs, ys = set(), set()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if right - left <= 3 and top - bottom >= 8:
            xs.add(round(left / 3))
        elif top - bottom <= 3 and right - left >= 8:
            ys.add(round(bottom / 3))
        elif right - left >= 150 and top - bottom >= 30 and pdfium_c.FPDFPath_CountSegments(obj.raw) >= 16:
            return True  # a whole grid drawn as one path
        if len(xs) >= 3 and len(ys) >= 3:
            return True
    return False


def _pdf_with_tables(plumber_page, page, textpage) -> str | None:
    """The page text with each ruled table written in the convention, or None if none is found."""
    left, bottom, right, top = page.get_mediabox()
    if page.get_rotation() or left or bottom:
        return None  # keep the simple coordinate case only
    tables = sorted((t for t in plumber_page.find_tables() if _real_table(t)), key=lambda t: t.bbox[1])
    if not tables:
        return None
    lines, cursor = [], 0.0  # cursor: pdfplumber distance from the page top

    def band(low: float, high: float):  # the page's own text between two heights
        text = _PDF_JUNK.sub("", textpage.get_text_bounded(left, low, right, high).replace("\r\n", "\n"))
        lines.extend(ln for ln in text.replace("\r", "\n").split("\n") if ln.strip())

    for table in tables:
        if table.bbox[1] < cursor:
            continue  # overlapping tables: keep the first
        band(top - table.bbox[1] + 1, top - cursor)
        lines.extend(_table_lines(_plumber_rows(table)))
        cursor = table.bbox[3]
    band(bottom, top - cursor - 1)
    return unicodedata.normalize("NFC", _join(lines))


def _real_table(table) -> bool:
    rows = table.extract()
    filled = sum(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)
    return len(rows) >= 2 and max(map(len, rows)) >= 2 and filled >= 2 and filled >= 0.5 * len(rows)


def _plumber_rows(table) -> list[list[list[str] | None]]:
    """Cells as lists of lines; a cell merged into the one above is empty, one merged sideways is None."""
    rows, reach = [], {}  # reach: column -> bottom of its last cell
    for row, texts in zip(table.rows, table.extract()):
        out = []
        for j, (box, text) in enumerate(zip(row.cells, texts)):
            if box is None:
                out.append([] if reach.get(j, 0) > row.bbox[1] + 1 else None)
                continue
            reach[j] = box[3]
            out.append((text or "").split("\n"))
        rows.append(out)
    return rows

# --- images -----------------------------------------------------------------

def _read_image(path: str, data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError:
        raise InputError(path, "image too large to read safely") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InputError(path, "not a readable image (unknown or damaged format)") from None
    pages = [RawPage(i + 1, "", "none") for i in range(frames)]
    return _ocr_missing_pages(path, pages, lambda numbers: _ocr().ocr_image_file(path))


_READERS = {"text": _read_text, "html": _read_html, "doc": _read_doc, "docx": _read_docx, "pdf": _read_pdf,
            "image": _read_image}
