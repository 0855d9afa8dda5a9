"""Readers of pages: ``.pdf`` (its text layer, ruled tables through pdfplumber, OCR for the pages
without usable text) and images (``.png``, ``.jpg``, ``.tif``), read by OCR."""
from __future__ import annotations

import io
import os
import re
import unicodedata

from .errors import InputError, MissingDependencyError
from .models import RawPage
from .read_web import join_lines, table_lines


# --- pdf --------------------------------------------------------------------

_PDF_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_pdf(path: str, data: bytes):
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
            if page_needs_ocr(text):
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
    from .text_layer import text_layer_is_trustworthy

    return text_layer_is_trustworthy(text)


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


def page_needs_ocr(text: str) -> bool:
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
        lines.extend(table_lines(_plumber_rows(table)))
        cursor = table.bbox[3]
    band(bottom, top - cursor - 1)
    return unicodedata.normalize("NFC", join_lines(lines))


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

def read_image(path: str, data: bytes):
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
