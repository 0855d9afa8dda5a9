"""What a clause says besides its subject: the bodies it names after a role cue ("giao X", "đề nghị X", "chủ trì,
phối hợp với X", "chỉ đạo X phối hợp ..."), the members a collective lists in brackets, "các sở" standing for a block
heading's bodies, a purpose that hands a result to another body, and whether a clause without a subject is a duty.
:mod:`~pipeline.extraction.tasks` reads each line with these.
"""
from __future__ import annotations

import regex

from ..models import Mention
from ..segmentation import Line
from . import phrases
from .duties import cue, duty_text, role_rx


def directed_role(text: str, m: Mention, cms: list[Mention], end: int) -> str | None:
    """The role of a body another directs, from its own verb after the list it opens: "Chỉ đạo Chi cục Chăn nuôi và
    Thú y, Chi cục Thủy sản phối hợp ..." support; "... thực hiện ..." lead; "... tăng cường kiểm tra" none. The
    directing body's own units ("các cơ sở y tế trực thuộc") owe nothing of their own."""
    if regex.search(r"(?<![\p{L}])trực\s+thuộc(?![\p{L}])", m.text):
        return None
    last = m
    for n in cms:
        if n.start >= last.end and cue("separators").match(text[last.end:n.start]):
            last = n
    after = text[last.end:end]
    after = after[len(after) - len(regex.sub(r"^\s*\([^()]{0,40}\)", "", after)):]  # "(HCDC)"
    if role_rx("roles", "support_after").match(after):
        return "support"
    if regex.fullmatch(r"\s*:\s*", after):
        return "lead"  # "b) Chỉ đạo Chi cục Kiểm lâm:" then its duties, one a line
    return "lead" if cue("directed_lead").match(after) else None


def block_anaphora(subject: list[Mention], blocks: list) -> list[Mention]:
    """"Các sở" opening a clause under "5. Sở GD&ĐT, Sở Y tế, Sở Nội vụ": the bodies the block heading names."""
    if len(subject) != 1 or not blocks or len(blocks[-1][1]) < 2 or not cue("block_anaphora").fullmatch(subject[0].text):
        return subject
    m = subject[0]
    return [Mention(m.kind, m.start, m.end, m.text, name) for name in blocks[-1][1]]


def purpose_owners(text: str, spans: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Clauses cut where a purpose names the body that acts on the result: "... báo cáo về Sở Nội vụ trước ngày 10/12
    để Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 20/12" (the second duty and its date are that body's)."""
    out = []
    for a, b in spans:
        for m in mentions:
            purpose = cue("purpose_lead").search(text, max(a, m.start - 6), m.start) if a < m.start < b else None
            if purpose and cue("purpose_duty").match(text, m.end, b):
                out.append((a, purpose.start()))
                a = m.start
        out.append((a, b))
    return out


def object_role(before: str, lead_clause: bool) -> str | None:
    """The role a cue just before a name gives it: "giao X" lead, "đề nghị X" requested, "chủ trì, phối hợp với X"
    support (only in a clause with a lead)."""
    if role_rx("roles", "lead_before").search(before):
        return "lead"
    if role_rx("roles", "requested").search(before):
        return "requested"
    if lead_clause and role_rx("roles", "support_before").search(before):
        return "support"
    return None


BRACKET_DESCRIPTION_WORDS = 6  # "Các cơ quan đăng ký đầu tư (...)": a collective's description before its members


def members_in_brackets(text: str, at: int, end: int, mentions: list[Mention], subject: list[Mention]):
    """The bodies listed in brackets after a collective that they make up, and where the brackets close: "Các cơ quan
    đăng ký đầu tư (Sở Tài chính, Ban Quản lý Khu kinh tế Phú Yên)"; a single name in brackets is a unit's parent."""
    opening, close = text.find("(", at, end), text.find(")", at, end)
    if len(subject) != 1 or not subject[0].value.startswith("Các ") or not 0 <= opening < close:
        return None
    between = text[at:opening]
    if len(between.split()) > BRACKET_DESCRIPTION_WORDS or cue("predicate").search(between):
        return None  # "Các sở (...)" may be described ("đăng ký đầu tư"), not given a duty, before its brackets
    at = opening
    inside = [m for m in mentions if at < m.start and m.end <= close]
    if len(inside) < 2 or not cue("separators").match(text[at + 1:inside[0].start]):
        return None
    if not all(cue("separators").match(text[x.end:y.start]) for x, y in zip(inside, inside[1:])) \
            or text[inside[-1].end:close].strip(" ,;"):
        return None
    return inside, close + 1


def collective_between(text: str, start: int, end: int) -> Mention | None:
    """The collective that fills text[start:end] between two listed names, separators around it."""
    sep = regex.match(r"(?:\s*(?:,|và)\s*)+", text[start:end])
    if not sep:
        return None
    found = phrases.open_subject(text, start + sep.end(), end, end)
    if found and cue("separators").match(text[found.end:end]):
        return found
    return None


def open_objects(text: str, a: int, b: int, cms: list[Mention], subject: list[Mention], lead_clause: bool):
    """Collectives no list holds right after a role cue: "Chủ trì, phối hợp các đơn vị điện lực trên địa bàn tỉnh
    trong việc rà soát ..." (the names the lists hold are read as mentions)."""
    out = []
    for cue_m in cue("object_cue").finditer(text, a, b):
        at = cue_m.end()
        if any(m.start <= at < m.end or m.start == at for m in cms) or any(s.start <= at < s.end for s in subject):
            continue
        found = phrases.open_subject(text, at, b, next((m.start for m in cms if m.start > at), None))
        if not found:
            continue
        role = object_role(text[max(a, at - 40):at], lead_clause)
        if role is None and cue("directs").search(text, max(a, at - 20), at):
            role = directed_role(text, found, [], b)  # "chỉ đạo các Đồn Biên phòng phối hợp với chủ rừng ..."
        if role is None:
            continue
        out.append((found, role))
        # "... đơn vị cung cấp dịch vụ công nghệ thông tin và các cơ quan, đơn vị liên quan": the list goes on
        out.extend((m, role) for m in phrases.listed_after(text, found.end, cms))
    return out


def is_duty(clause: str, ln: Line, a: int, b: int) -> bool:
    """Whether a clause without a subject reads as a duty: not a lone sub-heading ("a) Về tuyên truyền:")."""
    words = duty_text(clause).split()
    if len(words) < 2 or cue("not_a_duty").match(duty_text(clause)):
        return False
    if any(role_rx("field_lines", k).match(clause.strip()) for k in ("lead", "support", "time")):
        return False  # "Thời gian hoàn thành: Trước ngày 31/5/2026." is the duty's date, not a duty
    return not (b == ln.end and ln.text.rstrip().endswith(":") and len(words) <= 10)
