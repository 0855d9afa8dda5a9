"""kehoach: Vietnamese administrative plans -> who owes what, by when.

The stages, each a plain function::

    source = ingest(path)            # read any supported file into raw pages
    doc = normalise(source)          # one canonical text; evidence offsets index it
    outline = segment(doc)           # header, outline, tables, signature
    record = extract_document(doc)   # the record of the extraction spec

``read_document(path)`` runs the first two, ``extract(path)`` all of them.
Heavy readers (PDF, DOCX, OCR) are imported only when a stage needs them.

This module is the one import surface of the CLI, the notebooks and the
benches. Besides the stages it gives, each imported on first use (``LATER``):
loading (``ingest_paths``, the plain loop; ``run_ingest``, the Prefect flow;
``connect``, ``migrate``), questions (``owes``, ``describe_window``,
``deadline_events``, ``write_calendar``, ``frames``, ``format_rows``,
``write_tables``, ``serve_database``) and scoring (``records_for_gold``,
``score``, ``audit_coverage``).
"""
from __future__ import annotations

from .models import Document, Record, Source

# name -> (module, its name there): imported when first asked for (PEP 562), so that
# ``import pipeline`` stays light. The names differ from the modules' where a module of
# that name exists (``pipeline.export``, ``pipeline.serve``, ``pipeline.audit``).
LATER = {
    "iter_paths": ("reading", "iter_paths"),
    "outline_text": ("segmentation", "outline_text"),
    "ingest_paths": ("batch", "ingest_paths"),
    "run_ingest": ("batch", "run_ingest"),
    "connect": ("store", "connect"),
    "migrate": ("store", "migrate"),
    "owes": ("query", "owes"),
    "describe_window": ("query", "describe_window"),
    "deadline_events": ("query", "deadline_events"),
    "write_calendar": ("ics", "write_calendar"),
    "format_rows": ("export", "format_rows"),
    "terminal_width": ("export", "terminal_width"),
    "write_tables": ("export", "export"),
    "serve_database": ("serve", "serve"),
    "records_for_gold": ("evaluate", "records_for_gold"),
    "score": ("evaluate", "score"),
    "audit_coverage": ("audit", "audit"),
}

__all__ = ["ingest", "normalise", "segment", "extract", "extract_document", "read_document", "text", "frames",
           *LATER]


def __getattr__(name: str):
    if name not in LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module, attribute = LATER[name]
    return getattr(import_module(f"{__name__}.{module}"), attribute)


def ingest(path) -> Source:
    """Read one file into raw pages (raises ``InputError`` for bad input)."""
    from .reading import read

    return read(path)


def normalise(source: Source) -> Document:
    """The normalised document of a Source."""
    from .normalisation import normalise as _normalise

    return _normalise(source)


def segment(doc: Document):
    """The outline of a document: sections, items and table rows with spans."""
    from .segmentation import segment as _segment

    return _segment(doc)


def extract_document(doc: Document, only: list[str] | None = None) -> Record:
    """The extraction record of a normalised document."""
    from .extraction.record import extract_document as _extract

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
