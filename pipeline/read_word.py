"""Readers of Word files: ``.docx`` (python-docx, legacy fonts converted) and ``.doc`` (Word
97-2003, through antiword), into pages in the layout convention of ``pipeline.reading``."""
from __future__ import annotations

import io
import os
import zipfile

from . import legacy
from .errors import InputError, MissingDependencyError
from .models import RawPage
from .read_web import Lines, from_legacy, join_lines, table_lines, table_rows


# --- docx -------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
         _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "txbxContent"}
_PAGE = "\f"  # marks an explicit page break while reading


def read_docx(path: str, data: bytes):
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
    text = _PAGE.join(map(join_lines, page_lines))
    encoding, notes = None, []
    if fonts.used:
        encoding = sorted(fonts.used)[0]
        labels = " and ".join(legacy.table(enc)["label"] for enc in sorted(fonts.used))
        notes.append(f"converted text in {labels} fonts")
    else:
        text, encoding = from_legacy(text, None, notes)
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
                lines += table_lines(rows)
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


def read_doc(path: str, data: bytes):
    """A legacy Word file, through ``antiword -x db`` (DocBook: paragraphs whole, table rows and
    cells as Word has them). Vietnamese comes out in UTF-8; legacy font encodings are converted."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        return read_docx(path, data)  # a .docx named .doc
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
    text, encoding = from_legacy(join_lines(lines), "utf-8", notes)
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
    out = Lines()

    def text_lines(node, out: Lines) -> None:
        """Inline text of ``node``: a newline in the text is a line break."""
        if node.text:
            _add_text(out, node.text)
        for child in node:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag in _DOCBOOK_SKIP:
                pass
            elif tag in ("informaltable", "table"):
                out.flush()
                rows = table_rows(child.iter("{*}row", "row"), lambda row: row.iter("{*}entry", "entry"), text_lines)
                out.lines += table_lines(rows)
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


def _add_text(out: Lines, text: str) -> None:
    parts = text.split("\n")
    for i, part in enumerate(parts):
        if i:
            out.flush()
        out.buf.append(part)
