"""What one extraction worker does: read and extract one file, never raising for a bad document.

``extract_file`` runs in this process, in a pool's worker processes (``pipeline.pool``)
or on a Dask worker; ``warm_up`` loads the extractors first, so that a pool's workers
start ready.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.load import Stored


@dataclass
class Extracted:
    path: str
    sha256: str | None
    doc: object = None
    record: object = None
    error: str | None = None
    stored: Stored | None = None


def one_line(err: BaseException) -> str:
    """An error as one line of at most 300 characters."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def extract_file(item: tuple[str, str | None]) -> Extracted:
    """Read and extract one (path, sha256); never raises for a bad document."""
    import pipeline
    from pipeline.errors import InputError, KehoachError

    path, sha = item
    try:
        doc = pipeline.read_document(path)
        return Extracted(path, sha, doc, pipeline.extract_document(doc))
    except InputError as err:
        return Extracted(path, sha, error=err.reason)
    except KehoachError as err:
        return Extracted(path, sha, error=one_line(err))
    except Exception as err:  # an extractor bug must not stop the run
        return Extracted(path, sha, error=f"extraction failed ({type(err).__name__}: {one_line(err)})")


WARM_UP_TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 1/KH-UBND\nNghệ An, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\n"
    "Thực hiện Quyết định số 12/QĐ-TTg\n1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành báo cáo "
    "trước ngày 20/12/2024; định kỳ hằng năm, mỗi huyện có ít nhất 05 mô hình.\n"
)


def warm_up() -> None:
    """Load the extractors' lexicons and matchers now, by extracting a short plan.

    A pool's workers forked after this (``forkserver`` preload) start ready.
    """
    import pipeline
    from pipeline.models import RawPage, Source

    page = RawPage(number=1, text=WARM_UP_TEXT, method="text")
    pipeline.extract_document(pipeline.normalise(Source("warm-up.txt", "", "text", (page,))))
