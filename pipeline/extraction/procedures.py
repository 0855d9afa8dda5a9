"""Decisions that publish administrative procedures: the body whose procedures they are.

"Điều 1. Công bố kèm theo Quyết định này danh mục 24 thủ tục hành chính ... thuộc thẩm quyền giải
quyết của Sở Nông nghiệp và Môi trường, UBND cấp xã": each body named after the competence phrase
is lead for the procedures (the spec: the body that carries a procedure out or decides it is lead;
the issuer, left out of ``mentions`` by the caller, is not assigned), when the list is in the document
(its table rows), the procedures are not abolished and the decision is not only cited.
"""
from __future__ import annotations

from ..models import Document, Mention
from ..segmentation import Line
from . import phrases
from .duties import Acc, cue, fold_ws


LIST_CELLS = 3  # a row of a list of procedures: number, name, and at least one more column


def competent_bodies(acc: Acc, doc: Document, ln: Line, mentions: list[Mention]) -> list[str]:
    """Assign the bodies whose procedures the line publishes; their names."""
    text = doc.text
    found = cue("competence").search(text, ln.start, ln.end)
    if not found or not any(r.start > ln.end and len(r.cells) >= LIST_CELLS and not cue("recipients").match(text, r.start)
                            for r in doc.rows):
        return []  # the list is not in the document (only "FILE ĐƯỢC ĐÍNH KÈM"): nothing to carry out is named
    start = max(ln.start, text.rfind("|", ln.start, found.start()) + 1, text.rfind(";", ln.start, found.start()) + 1)
    what = cue("procedures").search(text, start, found.start())
    if not what or cue("repealed").search(text, start, found.start()) or cue("citation").search(text, start, found.start()):
        # "các vụ việc thuộc thẩm quyền ... của Tòa án", "bãi bỏ danh mục 05 thủ tục ...", "Quyết định số 800/QĐ-BDTTG
        # ... về việc công bố thủ tục hành chính ... thuộc phạm vi chức năng quản lý của Bộ ...": nothing to carry out here
        return []
    names = [m.value for m in phrases.listed_after(text, found.end(), mentions)]
    task = "giải quyết " + fold_ws(text[what.start():found.start()]).strip(" ,")
    for name in names:
        acc.assign(name, "lead", task, ln.path, ln.start, ln.end)
    return names
