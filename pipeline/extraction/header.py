"""Header fields: kind, number, issuer, province, issue date, title, signer.

Works on the normalised text, whether the header is laid out as a table
(one row per line), as separate lines, or flattened into one long line.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

from .. import patterns
from ..models import Mention
from . import dates

HEAD_CHARS = 2500  # the header block lies within the first characters


def _rx(key: str) -> regex.Pattern:
    return patterns.regex("header.yaml", key, engine=regex)


@functools.cache
def _kinds() -> list[dict]:
    return patterns.structure()["kinds"]


def compact_number(number: str) -> str:
    """``1068 /KH-UBND`` -> ``1068/KH-UBND``; trailing punctuation dropped."""
    return re.sub(r"\s+", "", number).strip(".-,;:")


def title_case(name: str) -> str:
    """``NINH THUẬN`` -> ``Ninh Thuận``; ``BÀ RỊA - VŨNG TÀU`` keeps its hyphen."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def sentence_case(text: str) -> str:
    """An all-caps title in sentence case; tokens with digits or ``/`` stay as printed."""
    if any(c.islower() for c in text):
        return text
    words = []
    for i, w in enumerate(text.split()):
        if any(c.isdigit() for c in w) or "/" in w:
            words.append(w)
        else:
            low = w.lower()
            words.append(low[:1].upper() + low[1:] if i == 0 else low)
    return " ".join(words)


@dataclass(frozen=True)
class Header:
    kind: str
    number: str | None
    issuer: str | None
    province: str | None
    issue_date: str | None
    title: str | None
    signer: str | None
    kind_span: tuple[int, int] | None = None
    level: str | None = None  # the issuer's level word (tỉnh, thành phố, huyện...)
    mentions: tuple[Mention, ...] = ()


def provincial_levels() -> list[str]:
    """Level words of province-wide issuers; the first is the default."""
    return patterns.load("header.yaml")["provincial_levels"]


def _province_from(name: str | None, text: str) -> str | None:
    """The province of a header name, or the one the text names most as a place.

    Names preceded by a level word win; a province that is also a person's
    name (``person_like_provinces``) counts only after a level word.
    """
    from collections import Counter

    from . import places

    if name:
        return places.canonical_province(name) or places.find_province(name)
    votes: Counter = Counter()
    for m in places.find_provinces(text):
        before = text[max(0, m.start - 12):m.start]
        as_place = bool(_rx("place_prefix").search(before))
        if m.value in patterns.load("header.yaml")["person_like_provinces"] and not as_place:
            continue
        votes[m.value] += 10 if as_place else 1
    return votes.most_common(1)[0][0] if votes else None


def find_kind(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The kind heading ("KẾ HOẠCH" alone, or inline after the date) and its span."""
    head = text[:HEAD_CHARS]
    best = None
    for k in _kinds():
        if k["kind"] is None:
            continue
        word = regex.escape(k["word"]).replace("\\ ", r"\s+")
        for m in regex.finditer(r"(?:^|(?<=\d\s?|\|\s|\n))\s*(" + word + r")(?=\s*$|\s+\p{Lu}[\p{Lu}/]|\s*\n)",
                                head, regex.MULTILINE):
            if best is None or m.start(1) < best[1][0]:
                best = (k["kind"], (m.start(1), m.end(1)))
            break
    return best if best else (None, None)


def find_title(text: str, kind_span: tuple[int, int] | None) -> str | None:
    if not kind_span:
        return None
    rest = text[kind_span[1]:kind_span[1] + 800]
    lines = [l for l in rest.lstrip(" ").split("\n")]
    first = lines[0].strip() if lines[0].strip() else (lines[1].strip() if len(lines) > 1 else "")
    if not first:
        return None
    # a caps title runs until the first word with lower-case letters (flattened headers)
    words = first.split()
    caps = []
    for w in words:
        if any(c.islower() for c in w) and not re.search(r"\d|/", w):
            break
        caps.append(w)
    title = " ".join(caps) if len(caps) >= 2 else first
    return sentence_case(title.strip(" -–"))


def find_signer(text: str) -> str | None:
    """The name under the last signature block of the main body."""
    names = set(patterns.load("header.yaml")["family_names"])
    sig = _rx("signature")
    person = _rx("person_name")
    best = None
    for m in sig.finditer(text):
        window = text[m.end():m.end() + 120]
        window = regex.sub(r"^(?:\s+|\([^)]{0,20}\)|\[[^\]]{0,20}\]|[|.:,)(`“”\"'‘’~_*^-])*", "", window)  # "(Đã ký)",
        # and what a scan's seal leaves of it: "(Đạt)) `“ Đỗ Mạnh Trường"
        nm = person.match(window)
        if nm:
            cand = nm["name"].split()
            # drop trailing words of a following line (name ends at the line end)
            line_end = window.find("\n")
            if 0 <= line_end < nm.end():
                cand = window[:line_end].split()
            if 2 <= len(cand) <= 5 and cand[0] in names and not any(w.isupper() and len(w) > 1 for w in cand):
                best = " ".join(cand)
                continue
        # the signer's column printed beside the recipients', one space between: "PHÓ CHỦ TỊCH" then "- Báo và
        # Phát thanh, Truyền hình Hưng Yên; Trần Quốc Hưng" a few lines down
        found = next((name for line in text[m.end():].split("\n", SIGNER_LINES)[1:SIGNER_LINES]
                      if line.lstrip().startswith("- ") and (name := _name_line(line, names, person))), None)
        best = found or best
    if best:
        return best
    # signature lost (scans, portals): a line holding only a person's name near the end
    for line in reversed(text.split("\n")[-80:]):
        name = _name_line(line, names, person)
        if name:
            return name
    return None


SIGNER_LINES = 16  # lines after a signature's title that the signer's name may stand on, beside the recipients


def _name_line(line: str, names, person) -> str | None:
    """The person's name a line holds alone, or after the last recipient on it ("- Lưu: VT; Trần Quốc Hưng", "- Lưu:
    VT, KT. Vàng A Sử")."""
    line = line.strip().strip("|").strip()
    if line.startswith("- ") and ";" in line:
        line = line.rsplit(";", 1)[1].strip()
    elif regex.match(r"-\s*Lưu\s*:", line) and ". " in line:
        line = line.rsplit(". ", 1)[1].strip()
    nm = person.fullmatch(line)
    return line if nm and line.split()[0] in names and 2 <= len(line.split()) <= 5 else None


def _is_news(text: str, kind: str | None) -> bool:
    head = text[:HEAD_CHARS]
    if _rx("national_motto").search(head):
        return False
    return kind is None or bool(_rx("news_markers").search(head))


def extract_header(text: str) -> Header:
    head = text[:HEAD_CHARS]
    kind, kind_span = find_kind(text)
    motto = _rx("national_motto").search(head)
    mentions: list[Mention] = []

    number = issue_date = issuer = place = None
    m = _rx("number").search(head[: kind_span[0]] if kind_span else head)
    if m:
        number = compact_number(m["number"])
        mentions.append(Mention("number", m.start("number"), m.end("number"), m["number"], number))
    pd = _rx("place_date").search(head)
    if pd:
        d = dates.parse_full(pd["day"], pd["month"], pd["year"], written=True)
        if d:
            issue_date = d.isoformat()
            mentions.append(Mention("issue_date", pd.start(), pd.end(), pd.group(), issue_date))
        place = pd["place"].strip()
    left = _left_column(head)  # the issuer's column, where the header's two columns are written side by side
    iss = _rx("issuer").search(left if left is not None else head)
    level = None
    if iss:
        levels = patterns.load("header.yaml")["levels"]
        level = levels.get(regex.sub(r"\s+", " ", iss["level"]), iss["level"].lower())
        short = patterns.load("header.yaml")["issuer"]["short"]
        body = short.get(iss["body"].split()[0], short["default"])
        issuer = f"{body} {level} {title_case(iss['name'])}"
    if left is None and motto and iss and "\n" not in head[iss.end(): motto.start()]:
        # a PDF's text layer runs the two columns into one line each ("UBND TỈNH PHÚ THỌ CỘNG HÒA ...", "SỞ TÀI CHÍNH
        # Độc lập - Tự do - Hạnh phúc"): the issuer's column is what each line holds before the other column's words
        left = _column_starts(head, iss.start(), motto)
        iss = _rx("issuer").search(left)
    column = left if left is not None else head[: motto.start()] if motto else None  # the issuer's lines
    if column and iss and iss.end() < len(column) and _rx("subordinate").match(column, iss.end()):
        iss = None  # "UBND TỈNH NGHỆ AN / SỞ NỘI VỤ": the department under the committee issues
        issuer = None

    if issuer is None and motto:
        # another issuing body: the last agency named above the national motto
        from .agencies import find_agencies

        found = find_agencies(column)
        issuer = found[-1].value if found else None

    news = _is_news(text, kind)
    if news:
        kind = "news"
        rep = _rx("reported_document").search(text)
        if rep and not number:
            number = compact_number(rep["number"])
            after = dates.first_date(text[rep.end(): rep.end() + 25])
            before = list(dates.find_dates(text, max(0, rep.start() - 80), rep.start()))
            d = after or (before[-1][2] if before else None)
            issue_date = d.isoformat() if d else None
    elif kind is None:
        # a letter (công văn) has no kind heading: a number or a subject line "V/v ..." under the motto
        kind = "official_letter" if motto and (number or regex.search(r"(?m)^V/v\b", head)) else "other"

    province = None
    if iss and level in provincial_levels():
        province = _province_from(title_case(iss["name"]), "")
    if province is None and place:
        province = _province_from(place, "")
    if province is None:
        province = _province_from(None, text)
    if province:
        from .places import name_as_of

        province = name_as_of(province, issue_date)
    if issuer is None and news and province:
        level = provincial_levels()[0]
        issuer = f"UBND {level} {province}"
    title = find_title(text, kind_span) if kind_span and not news else None
    signer = None if news else find_signer(_main_body(text))
    return Header(kind, number, issuer, province, issue_date, title, signer, kind_span=kind_span,
                  mentions=tuple(mentions), level=level)


def _left_column(head: str) -> str | None:
    """The left cells of a header written one row a line ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "TỈNH GIA LAI | Độc lập - Tự do - Hạnh phúc"), joined: the issuer's lines; None where the header is not so written."""
    rows = []
    for line in head.lstrip("\n").split("\n"):
        if "|" not in line:
            break
        rows.append(line.split("|")[0].strip() if not line.lstrip().startswith("|") else "")
    return "\n".join(rows) if len(rows) >= 2 and any(rows) else None


def _column_starts(head: str, start: int, motto) -> str:
    """The issuer's line before the motto on it, and the next line before the motto's second line."""
    line_end = head.find("\n", motto.end())
    following = head[line_end + 1: head.find("\n", line_end + 1)] if line_end != -1 else ""
    second = _rx("motto_second_line").split(following, maxsplit=1)[0].strip()
    return head[start: motto.start()].rstrip() + ("\n" + second if second else "")


def _main_body(text: str) -> str:
    """The text before the first appendix after the signature (where the signature sits); an appendix printed
    inside the body, before its signature ("PHỤ LỤC" then "Nơi nhận:"), is part of it."""
    signed = _rx("signature").search(text) or regex.search(r"(?m)^\s*N[ơo]i\s+nh[ậa]n\s*:", text)
    m = regex.search(r"\n\s*PHỤ\s+LỤC\b", text, pos=signed.start() if signed else len(text))
    return text[: m.start()] if m else text
