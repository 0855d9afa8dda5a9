"""What a document says of itself that the duty reader needs: who issued it (and so gives, not owes,
its tasks), which body a regulation on one body's functions is about, which spans hold no duties
(header, legal bases, recipients, signature), and which dates lie too far before its issue to be due.
"""
from __future__ import annotations

from datetime import date

from ..segmentation import lines_in_parts, lines_under
from . import agencies
from .duties import cue

PAST_DAYS = 60  # a due date this long before the document was issued is an event it recalls, not a deadline


def long_past(due: str | None, issued: str | None) -> bool:
    """"Bản ghi nhớ ... được ký vào ngày 21/10/2022" in a 2025 decision: a date of the past."""
    if not due or not issued:
        return False
    try:
        return (date.fromisoformat(issued) - date.fromisoformat(due)).days > PAST_DAYS
    except ValueError:
        return False


def regulated_body(header, level_word: str) -> str | None:
    """The body a regulation on one body's functions is about, from the document's title."""
    m = cue("regulated_title").search(header.title or "")
    if not m:
        return None
    found = agencies.find_agencies(m["body"], level_word=level_word)
    return found[0].value if found else None


PROVINCE_LEVEL = "tỉnh"  # the generic level word of a province-wide body ("UBND cấp tỉnh")


def issuer_names(header, level_word: str) -> set[str]:
    """Names the issuer goes by: it gives tasks, it is not assigned them."""
    if not header.issuer:
        return set()
    ids = {header.issuer, agencies.canonical_agency(header.issuer, level_word=level_word)}
    body = header.issuer.split(f" {header.level} ")[0] if header.level else None
    if body and body != header.issuer:  # "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh" in the body
        ids.add(agencies.canonical_agency(f"{body} {header.level}", level_word=level_word))
    if header.issuer.startswith("UBND") and header.level == level_word:
        ids.add(agencies.canonical_agency(f"UBND cấp {PROVINCE_LEVEL}", level_word=level_word))  # "Cơ quan thực hiện: UBND cấp tỉnh"
    return ids


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """Header, legal bases, recipients and signature: no duties there. The recipients run to where an attached document
    begins (an appendix, the plan a decision issues); rows of an attached list inside that span are read by the caller
    (``attached_step``)."""
    spans = []
    for m in cue("recipients").finditer(text):
        nxt = cue("attachment").search(text, m.end())
        spans.append((m.start(), nxt.start() if nxt else len(text)))
    for m in cue("preamble").finditer(text):
        spans.append((m.start(), m.end()))
    return spans


def attached_step(ln) -> bool:
    """A row of a procedure's step table attached after the signature with no heading of its own ("Bước 3 | ... |
    Chuyên viên ..., Văn phòng UBND tỉnh | ..."): its performer cell names who carries the step out. The rest of such
    an attachment (forms, conditions, fees) stays unread."""
    return ln.row is not None and bool(cue("step_label").match(ln.text[:ln.text.find("|")] if "|" in ln.text else ""))


def situation_lines(lines) -> set[int]:
    """Starts of the lines in a part that tells the situation or past results ("II. THỰC TRẠNG ...", "I. KẾT QUẢ
    THỰC HIỆN NĂM 2024"), or in a section that says whom the document covers ("2. Đối tượng thụ hưởng"): what it
    says was done or is so, and who is concerned; nobody owes."""
    return lines_in_parts(lines, cue("situation_heading").match) | lines_under(lines, cue("scope_heading").match)


PREAMBLED = ("directive", "official_letter")


def preamble_lines(lines, kind: str | None) -> set[int]:
    """Starts of the lines of a directive's or a letter's opening prose, before its first numbered item: what it says
    of the situation ("Năm 2024, tỷ lệ che phủ rừng toàn tỉnh đạt 63,3% ...") is no target unless it aims at one."""
    if kind not in PREAMBLED:
        return set()
    out = set()
    for ln in lines:
        if ln.path:
            break
        out.add(ln.start)
    return out


def criteria_lines(lines) -> set[int]:
    """Starts of the lines in a section of criteria ("1. Tiêu chí thi đua", "3. Tiêu chí đánh giá, xếp loại"): a
    heading there ("a) Đối với các doanh nghiệp") says whom the criteria apply to, not who owes the lines under it."""
    return lines_under(lines, cue("criteria_heading").match)
