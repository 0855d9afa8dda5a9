"""kehoach: Vietnamese administrative plans -> who owes what, by when.

The stages, each a plain function::

    source = ingest(path)            # read any supported file into raw pages
    doc = normalise(source)          # one canonical text; evidence offsets index it
    outline = segment(doc)           # header, outline, tables, signature
    record = extract_document(doc)   # the record of the extraction spec

``read_document(path)`` runs the first two, ``extract(path)`` all of them.
Heavy readers (PDF, DOCX, OCR) are imported only when a stage needs them.
"""
from __future__ import annotations

# Submodules named like the stage functions below are imported first, so that
# the functions (defined after) keep the names.
from . import extract as _extract_package  # noqa: F401
from . import ingest as _ingest_module  # noqa: F401
from . import normalise as _normalise_module  # noqa: F401
from . import segment as _segment_module  # noqa: F401
from .models import Document, Record, Source

__all__ = ["ingest", "normalise", "segment", "extract", "extract_document", "read_document", "text", "frames"]


def ingest(path) -> Source:
    """Read one file into raw pages (raises ``InputError`` for bad input)."""
    from .ingest import read

    return read(path)


def normalise(source: Source) -> Document:
    """The normalised document of a Source."""
    from .normalise import normalise as _normalise

    return _normalise(source)


def segment(doc: Document):
    """The outline of a document: sections, items and table rows with spans."""
    from .segment import segment as _segment

    return _segment(doc)


def extract_document(doc: Document, only: list[str] | None = None) -> Record:
    """The extraction record of a normalised document."""
    from .extract.record import extract_document as _extract

    return _extract(doc, only)


def read_document(path) -> Document:
    """Ingest and normalise one file."""
    return normalise(ingest(path))


def text(path) -> str:
    """The normalised text of a file: what every evidence offset indexes."""
    return read_document(path).text


def extract(path) -> Record:
    """The extraction record of one file."""
    return extract_document(read_document(path))


def frames(db_url=None) -> dict:
    """Every table of the database as a pandas DataFrame, by table name."""
    from .query import frames as _frames

    return _frames(db_url)
