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

import hashlib
import os
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .models import RawPage, Source
from .read_pdf import read_image, read_pdf
from .read_web import read_html, read_text
from .read_word import read_doc, read_docx

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


_READERS = {"text": read_text, "html": read_html, "doc": read_doc, "docx": read_docx, "pdf": read_pdf,
            "image": read_image}
