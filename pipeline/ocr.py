"""OCR of scanned pages with Tesseract (``vie``), one page per worker process.

Public functions:

* ``text_layer_is_trustworthy(text)`` (``pipeline.text_layer``): whether a PDF page's
  own text layer can be used, or the page must be OCR'd;
* ``ocr_pdf_pages(path, page_numbers, workers=None)`` and
  ``ocr_image_file(path, workers=None)``: lists of ``OcrPage``;
* ``read_words(image)``: Tesseract's words of one image, as they are.

Each page goes through cheap pre-processing (``pipeline.ocr_image``: red-ink
suppression, background and contrast normalisation, deskew, upscaling of
low-resolution images), one Tesseract run (words with confidences, from a
Tesseract kept loaded in each worker through tesserocr, built on Debian's
libtesseract; the ruled tables of the page get a run of their own, cell by cell),
the page layout of ``pipeline.ocr_layout`` (tables and side-by-side header or
signature blocks written as table rows), and the Vietnamese post-correction of
``pipeline.ocr_correct``. Deskew and line height ignore the table, hand or floor
around a photographed page (``drop_frame``). A page whose lines run up or down
(``looks_sideways``), or read upside down once level (``looks_upside_down``), is
turned upright through OSD before it is read; one that reads badly is checked
with OSD after, and read again if OSD turns it.
The post-correction lexicon is loaded once, before the worker processes fork.
"""
from __future__ import annotations

import concurrent.futures as cf
import functools
import os
import shutil
from dataclasses import dataclass

from PIL import Image

from .errors import InputError, MissingDependencyError
from .ocr_image import (TARGET_LINE_PX, UPSCALE_BELOW, drop_frame, estimate_skew, line_height, looks_sideways,
                        looks_upside_down, normalise_background, preprocess, scale_for, suppress_red)
from .ocr_layout import Word, page_lines
from .ocr_tables import blank_tables, find_tables, table_images
from .text_layer import text_layer_is_trustworthy
from .ocr_correct import (WORD_RE, agency_heads, apply_fixes, correct_line, item_letters, load_fixes, load_lexicon,
                          text_metrics)

__all__ = ["OcrPage", "ocr_pdf_pages", "ocr_image_file", "ocr_image", "read_words", "render_pdf_page", "text_layer_is_trustworthy",
           "check_tesseract", "text_metrics", "DEFAULT_STEPS", "osd_rotation",
           # pre-processing (pipeline.ocr_image), read from here too
           "TARGET_LINE_PX", "UPSCALE_BELOW", "drop_frame", "estimate_skew", "line_height", "looks_sideways",
           "looks_upside_down",
           "normalise_background", "preprocess", "scale_for", "suppress_red"]

LANG = "vie"
RENDER_DPI = 300
DEFAULT_STEPS = ("orient", "red", "background", "deskew", "upscale", "tables", "correct")
MIN_ROW_LINES = 0.8  # a table row is at least this many text lines high (tune photo p02: 0.46)
LOW_CONFIDENCE = 55.0  # below this mean word confidence, try OSD orientation


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: text in the RawPage layout convention (one printed line a
    line, a blank line between blocks), mean word confidence 0-100 and the
    pre-processing steps that were applied."""

    number: int
    text: str
    confidence: float
    steps: tuple[str, ...] = ()


# --------------------------------------------------------------------------- dependencies


@functools.cache
def check_tesseract() -> str:
    """The Tesseract version; raises MissingDependencyError without it or its ``vie`` data."""
    import pytesseract

    if not shutil.which("tesseract"):
        raise MissingDependencyError(
            "Tesseract is not installed: install the tesseract-ocr and tesseract-ocr-vie packages to read scans")
    try:
        langs = pytesseract.get_languages(config="")
        version = str(pytesseract.get_tesseract_version())
    except Exception as err:  # pytesseract raises its own types
        raise MissingDependencyError(f"Tesseract does not run: {err}") from None
    if LANG not in langs:
        raise MissingDependencyError(
            "Tesseract has no Vietnamese data: install the tesseract-ocr-vie package to read scans")
    return version


@functools.cache
def _has_osd() -> bool:
    _api(3)  # tesserocr loaded as the readers need it
    import tesserocr

    return "osd" in tesserocr.get_languages()[1]


# --------------------------------------------------------------------------- Tesseract


TSV_HEAD = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
            "conf", "text")
_APIS: dict = {}  # (process id, psm, language) -> a Tesseract kept loaded in that process


def _api(psm: int, lang: str = LANG):
    """Tesseract (``vie``) loaded once per worker process and page segmentation mode.

    Through tesserocr, built against Debian's libtesseract (the same Tesseract as the
    CLI): a page costs no process start nor reload of the language data. Its OpenMP
    is capped at one thread when the library loads, as the CLI runs are: one page per
    core beats several threads per page."""
    key = (os.getpid(), psm, lang)
    if key not in _APIS:
        import sys

        if "tesserocr" not in sys.modules:
            saved = os.environ.get("OMP_THREAD_LIMIT")
            os.environ["OMP_THREAD_LIMIT"] = "1"  # read once, when libgomp loads with tesserocr
            try:
                import tesserocr  # noqa: F401
            except ImportError:
                raise MissingDependencyError(
                    "tesserocr is not installed: pip install --no-binary tesserocr tesserocr "
                    "(it builds on Debian's libtesseract-dev and libleptonica-dev)") from None
            finally:
                if saved is None:
                    os.environ.pop("OMP_THREAD_LIMIT", None)
                else:
                    os.environ["OMP_THREAD_LIMIT"] = saved
        import tesserocr

        api = tesserocr.PyTessBaseAPI(lang=lang, psm=psm)
        api.SetVariable("tessedit_do_invert", "0")
        _APIS[key] = api
    return _APIS[key]


def _tesseract_data(gray: Image.Image, dpi: int, psm: int = 3) -> list[dict]:
    """Tesseract's words with their boxes and confidences (the rows of its TSV output)."""
    api = _api(psm)
    api.SetImage(gray)
    api.SetSourceResolution(dpi)
    tsv = api.GetTSVText(0)
    api.Clear()
    rows = []
    for ln in tsv.splitlines():
        parts = ln.split("\t")
        if len(parts) != len(TSV_HEAD):
            continue
        row = dict(zip(TSV_HEAD, parts))
        if row["level"] == "5" and row["text"].strip():
            rows.append(row)
    return rows


def read_words(gray: Image.Image, dpi: int = RENDER_DPI, psm: int = 3) -> list[Word]:
    """Tesseract's words of an image as it is (no pre-processing), with boxes and confidences:
    the same words as ``tesseract IMAGE - -l vie --psm PSM --dpi DPI tsv``, from a Tesseract
    kept loaded in this process."""
    return _words(_tesseract_data(gray, dpi, psm))


def _words(rows: list[dict]) -> list[Word]:
    return [Word(r["text"], float(r["conf"]), int(r["left"]), int(r["top"]), int(r["left"]) + int(r["width"]),
                 int(r["top"]) + int(r["height"]), int(r["block_num"])) for r in rows]


def _render_line(words: list[Word], correct: bool, left: str | None = None, right: str | None = None) -> str:
    """One printed line: regex repairs, then the mark decoder with each word's confidence
    (``left``/``right``: the syllables over the line breaks, when the sentence runs on)."""
    line = apply_fixes(" ".join(w.text for w in words))
    if correct:
        spans = WORD_RE.findall(line)
        per_run = []  # one confidence per letter run: that of the OCR word it sits in
        for w in words:
            per_run.extend([w.conf] * len(WORD_RE.findall(apply_fixes(w.text))))
        line = correct_line(line, per_run if len(per_run) == len(spans) else None, left, right)
    return line


def _layout(rows: list[dict], correct: bool, tables=(), cell_reads=()) -> tuple[str, float]:
    """Page text in the RawPage convention (tables and side-by-side blocks as rows of
    cells, see ``pipeline.ocr_layout``) and the mean word confidence."""
    words = _words(rows)
    confs = [w.conf for w in words + [w for _, ws in cell_reads for w in ws] if w.conf >= 0]
    out = page_lines(words, lambda ws, left=None, right=None: _render_line(ws, correct, left, right),
                     list(tables), list(cell_reads))
    text = "\n".join(out)
    text = (item_letters(text) if correct else text).strip()
    return text + "\n" if out else "", (sum(confs) / len(confs) if confs else 0.0)


def osd_rotation(img: Image.Image) -> int:
    """Clockwise degrees (0, 90, 180, 270) that turn the page upright, from Tesseract OSD
    (kept loaded in this process, like the ``vie`` reader)."""
    gray = img.convert("L")
    long_side = max(gray.size)
    if long_side < 2400:  # OSD needs letters of a decent size
        f = min(3.0, 2400 / long_side)
        gray = gray.resize((round(gray.size[0] * f), round(gray.size[1] * f)), Image.LANCZOS)
    elif long_side > 3600:
        gray = gray.reduce(2)
    api = _api(0, "osd")
    api.SetImage(gray)
    try:
        osd = api.DetectOrientationScript()
    except RuntimeError:  # too little text for OSD: keep the page as it is
        osd = None
    finally:
        api.Clear()
    if osd and osd["orient_conf"] >= 2.0:
        return (360 - int(osd["orient_deg"])) % 360  # the page reads turned by orient_deg counter-clockwise
    return 0


def _ocr_once(img: Image.Image, number: int, steps) -> OcrPage:
    gray, done, lh = preprocess(img, steps)
    if "orient" in steps and looks_upside_down(gray) and _has_osd() and osd_rotation(gray) == 180:
        # turned before it is read, not after a first reading: the page is prepared again
        # from the turned image, as the low-confidence retry of ``ocr_image`` would
        page = _ocr_once(img.rotate(-180, expand=True), number, tuple(s for s in steps if s != "orient"))
        return OcrPage(number, page.text, page.confidence, ("rotate(180)",) + page.steps)
    dpi = RENDER_DPI
    tables, cell_reads = [], []
    if "tables" in steps:
        tables = find_tables(gray, min_row=MIN_ROW_LINES * lh)
        if tables:  # read apart, cell by cell (pipeline.ocr_layout)
            cell_reads = [(placed, _words(_tesseract_data(img, dpi, psm=6)))
                          for img, placed in table_images(gray, tables)]
            gray = blank_tables(gray, tables)
            done += (f"tables({len(tables)})",)
    text, conf = _layout(_tesseract_data(gray, dpi), "correct" in steps, tables, cell_reads)
    if "correct" in steps:
        done += ("correct",)
    return OcrPage(number=number, text=text, confidence=round(conf, 1), steps=done)


def ocr_image(img: Image.Image, number: int = 1, steps=DEFAULT_STEPS) -> OcrPage:
    """OCR one page image (any mode) with the given pre-processing steps.

    A page whose lines run up or down (``looks_sideways``), or whose lines once
    level look upside down (``looks_upside_down``), is turned upright by Tesseract
    OSD before it is read; a page that reads badly (mean confidence under
    LOW_CONFIDENCE) and was not turned yet is checked with OSD and read again
    turned upright when OSD says so.
    """
    first = ()
    if "orient" in steps and looks_sideways(img) and _has_osd():
        rot = osd_rotation(img)
        if rot in (90, 270):
            img, first = img.rotate(-rot, expand=True), (f"rotate({rot})",)
    page = _ocr_once(img, number, steps)
    turned_already = any(s.startswith("rotate") for s in page.steps)
    if "orient" in steps and page.confidence < LOW_CONFIDENCE and not turned_already and _has_osd():
        rot = osd_rotation(img)
        if rot:
            turned = _ocr_once(img.rotate(-rot, expand=True), number, steps)
            if turned.confidence > page.confidence:
                page = OcrPage(number, turned.text, turned.confidence, (f"rotate({rot})",) + turned.steps)
    return OcrPage(page.number, page.text, page.confidence, first + page.steps) if first else page


# --------------------------------------------------------------------------- files and workers


def render_pdf_page(path: str, number: int) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        return page.render(scale=RENDER_DPI / 72, grayscale=False).to_pil()
    finally:
        pdf.close()


def _pdf_worker(path: str, number: int, steps) -> OcrPage:
    return ocr_image(render_pdf_page(path, number), number, steps)


def _image_worker(path: str, frame: int, steps) -> OcrPage:
    with Image.open(path) as im:
        im.seek(frame)
        img = im.copy()
    return ocr_image(img, frame + 1, steps)


def _init_worker():
    os.environ["OMP_THREAD_LIMIT"] = "1"


ENV_WORKERS = "KEHOACH_OCR_WORKERS"  # pages OCR'd at once (default: one per CPU)


def default_workers() -> int:
    """Pages OCR'd at once: ``KEHOACH_OCR_WORKERS`` if set (the ingest pool sets it in its
    workers, which already share the CPUs), else one per CPU."""
    try:
        return max(1, int(os.environ.get(ENV_WORKERS, "")))
    except ValueError:
        return os.cpu_count() or 1


def _run(jobs, fn, workers: int | None, sizes: list[int] | None = None) -> list[OcrPage]:
    """Run the page jobs, one page per worker process, Tesseract single-threaded in each.
    With ``sizes`` (the pixels of each page), the largest pages start first, so that no
    core waits alone on a large page at the end; the pages come back in their order."""
    check_tesseract()
    workers = workers or default_workers()
    if workers <= 1 or len(jobs) <= 1:
        saved = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"
        try:
            return [fn(*job) for job in jobs]
        finally:
            if saved is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = saved
    load_lexicon()  # loaded once here, the forked workers inherit them
    load_fixes()
    agency_heads()
    order = sorted(range(len(jobs)), key=lambda i: -sizes[i]) if sizes else list(range(len(jobs)))
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_init_worker) as pool:
        done = dict(zip(order, pool.map(fn, *zip(*[jobs[i] for i in order]))))
    return [done[i] for i in range(len(jobs))]


def ocr_pdf_pages(path, page_numbers: list[int], workers: int | None = None, steps=DEFAULT_STEPS) -> list[OcrPage]:
    """OCR the given 1-based pages of a PDF, rasterised at 300 dpi, one page per worker."""
    import pypdfium2 as pdfium

    try:
        count = len(pdfium.PdfDocument(str(path)))
    except Exception as err:
        raise InputError(path, f"cannot open the PDF for OCR ({err})") from None
    bad = [n for n in page_numbers if not 1 <= n <= count]
    if bad:
        raise InputError(path, f"no page {bad[0]} (the PDF has {count} pages)")
    return _run([(str(path), n, steps) for n in page_numbers], _pdf_worker, workers)


def ocr_image_file(path, workers: int | None = None, steps=DEFAULT_STEPS) -> list[OcrPage]:
    """OCR an image file (PNG, JPEG, TIFF...); each frame of a multi-page TIFF is a page."""
    try:
        with Image.open(path) as im:
            frames = getattr(im, "n_frames", 1)
            sizes = []
            for i in range(frames):
                im.seek(i)
                sizes.append(im.size[0] * im.size[1])
        with Image.open(path) as im:
            im.verify()
    except (OSError, SyntaxError, EOFError) as err:
        raise InputError(path, f"not a readable image ({err})") from None
    return _run([(str(path), i, steps) for i in range(frames)], _image_worker, workers, sizes)
