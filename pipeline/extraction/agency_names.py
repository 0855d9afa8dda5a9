"""The other names a document gives one body: the short name it defines ("(sau đây gọi tắt là Ban Quản lý KKT)"),
its head alone after a full naming ("Ban Chỉ đạo"), the name of a body a decision sets up, an acronym of a name it
spells out ("Phòng QLVT, PT&NL"), a commune's unit written with and without its level, and the province's name
that some bodies carry ("Thuế tỉnh Quảng Trị"). :func:`~pipeline.extraction.agencies.find_agencies` and the duty
accumulator use these; recognising a name is not done here.
"""
from __future__ import annotations

import regex

from ..models import Mention
from .agency_scan import Candidate, fill_template
from .header import provincial_levels
from .lexicon import Lexicon
from .vntext import Tokens, fold


def _head_alone(b: Candidate, out: list[Candidate]) -> bool:
    """``b`` is a described head ("Ban Chỉ đạo", "Tổ công tác") standing alone, inside no name already found."""
    return bool(b.head and b.head.described) and not any(c.start < b.end and b.start < c.end for c in out)


def short_references(lex: Lexicon, toks: Tokens, out: list[Candidate], bare: list[Candidate]) -> list[Candidate]:
    """A body named by its head alone ("Nhiệm vụ của Ban Chỉ đạo", "Tổ công tác có trách nhiệm") after the document
    named it in full ("Thành lập Ban Chỉ đạo chuyển đổi số tỉnh"): the full name (with none before, no mention)."""
    added = []
    for b in bare:
        if not _head_alone(b, out):
            continue
        if b.start and lex.determiners.match_ending(toks, b.start):
            continue  # "các Ban quản lý rừng khác": every such body, not the one named before
        before = [c for c in out if c.end <= b.start and c.head is b.head]
        if not before:
            continue
        # "Ban Chỉ đạo Trung ương" named in passing is not the board the document means by "Ban Chỉ đạo"
        own = [c for c in before if not _CENTRAL.search(c.value)]
        b.value = own[-1].value if own else b.value  # else the board the document means, by its head alone
        b.bare = False
        added.append(b)
    return sorted(out + added, key=lambda c: c.start) if added else out


_CENTRAL = regex.compile(r"\b(?:Trung\s+ương|quốc\s+gia|Chính\s+phủ)$")
_ESTABLISH = regex.compile(  # a decision setting a body up, in its title or first article
    r"(?:^|\n)\s*(?:Điều\s+\d+\s*[.:]\s*|Về\s+việc\s+|V/v\s+)?(?:thành\s+lập|kiện\s+toàn)\s*$", regex.IGNORECASE)
_ESTABLISHED_END = regex.compile(  # where the name of a body being set up ends: its short name, members, purpose
    r"\s*(?:[(;.:|]|\s(?:gồm|do|để|nhằm|với|theo|có\s+nhiệm\s+vụ|có\s+trách\s+nhiệm|như\s+sau|sau\s+đây|và\s+(?:phân\s+công|quy\s+định|ban\s+hành|giao))\b)",
    regex.IGNORECASE)
ESTABLISHED_WORDS = 30


def established(lex: Lexicon, toks: Tokens, out: list[Candidate], bare: list[Candidate]) -> list[Candidate]:
    """A body being set up ("Thành lập Tổ công tác liên ngành tháo gỡ khó khăn, vướng mắc cho các dự án đầu tư trọng
    điểm trên địa bàn tỉnh (sau đây gọi tắt là Tổ công tác)"): its name runs over the words of its purpose to its short
    name, its members or the end of the sentence; later the head alone stands for it."""
    added = []
    for b in bare:
        if not _head_alone(b, out):
            continue
        if not _ESTABLISH.search(toks.text[max(0, toks.starts[b.start] - 30):toks.starts[b.start]]):
            continue
        start = toks.ends[b.end - 1]
        line_end = toks.text.find("\n", start)
        rest = toks.text[start:line_end if line_end >= 0 else len(toks.text)]
        stop = _ESTABLISHED_END.search(rest)
        name = (rest[: stop.start()] if stop else rest).rstrip(" ,")
        if not name.strip() or len(name.split()) > ESTABLISHED_WORDS:
            continue
        k = b.end
        while k < toks.n and toks.ends[k] <= start + len(name):
            k += 1
        b.value = toks.text[toks.starts[b.start]:toks.ends[k - 1]]
        b.end = b.core_end = k
        b.bare = False
        added.append(b)
    return sorted(out + added, key=lambda c: c.start) if added else out


_SHORT_NAME = regex.compile(  # "(sau đây gọi tắt là Ban Quản lý KKT)"
    r"\s*\((?:sau\s+đây\s+)?(?:được\s+)?gọi\s+(?:tắt|chung)\s+là\s*[“\"]?(?P<alias>[^()“”\"]{2,60}?)[”\"]?\s*\)")


def defined_short_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A body named in full, then "(sau đây gọi tắt là Ban Quản lý KKT)": the short name stands for it after that,
    wherever it is not the start of a longer name ("Trung tâm" of "Trung tâm Y tế")."""
    out = list(mentions)
    for m in mentions:
        defined = _SHORT_NAME.match(text, m.end)
        alias = defined["alias"].strip() if defined else ""
        if not alias[:1].isupper() or alias == m.text:
            continue
        out = [Mention(n.kind, n.start, n.end, n.text, m.value) if m.end <= n.start and n.end <= defined.end() else n
               for n in out]  # the short name in the definition is that body too
        for occ in regex.finditer(r"(?<![\p{L}\d])" + regex.escape(alias) + r"(?![\p{L}\d])", text, pos=defined.end()):
            longer = regex.match(r"\s+\p{Lu}", text[occ.end():occ.end() + 3])
            if longer:
                continue
            inside = [k for k, n in enumerate(out) if n.start < occ.end() and occ.start() < n.end]
            if not inside:
                out.append(Mention("agency", occ.start(), occ.end(), occ.group(), m.value))
            elif len(inside) == 1 and out[inside[0]].text == occ.group():
                out[inside[0]] = Mention("agency", occ.start(), occ.end(), occ.group(), m.value)
    return sorted(out, key=lambda n: n.start)


_ACRONYM = regex.compile(r"[\p{Lu}&,.\-]+")  # "QLVT,", "PT&NL", "KCHTGT"
_NOT_INITIAL = {"và", ","}  # "PT&NL": "phương tiện và người lái"
ACRONYM_LETTERS = 3  # an acronym this long at least names one body of the document by its initials


def spelled_out(values: set[str]) -> dict[str, str]:
    """Names whose words after the head are an acronym of a name the document spells out under the same head:
    "Phòng QLVT, PT&NL" -> "Phòng Quản lý vận tải, phương tiện và người lái", "Ban QLBTĐB" -> "Ban Quản lý bảo trì
    đường bộ Nghệ An" (its place left out). Only where one name fits."""
    def split(value: str) -> tuple[str, list[str]]:
        words = value.split()
        at = next((k for k, w in enumerate(words) if _ACRONYM.fullmatch(w) and sum(c.isupper() for c in w) >= 2), None)
        return (" ".join(words[:at]).lower(), words[at:]) if at else ("", [])

    spelled: dict[str, list[tuple[str, str]]] = {}
    for v in values:
        head, tail = split(v)
        if not head:
            words = v.split()
            for k in range(1, min(3, len(words))):  # a head of one or two words, then the name spelt out
                tail = regex.findall(r"[\p{L}]+", " ".join(words[k:]))
                initials = "".join(fold(w)[0] for w in tail if w.lower() not in _NOT_INITIAL)
                spelled.setdefault(" ".join(words[:k]).lower(), []).append((initials, v))
    out = {}
    for v in values:
        head, tail = split(v)
        if not tail or not all(_ACRONYM.fullmatch(w) for w in tail):
            continue
        letters = "".join(ch for ch in fold("".join(tail)) if ch.isalpha())
        if len(letters) < ACRONYM_LETTERS:
            continue
        fits = {name for initials, name in spelled.get(head, ()) if initials == letters
                or initials.startswith(letters) and len(letters) >= 4}
        if len(fits) == 1:
            out[v] = fits.pop()
    return out


LOCAL_LEVELS = ("xã", "phường", "đặc khu")  # a commune's own units, written with or without its level


def with_level(values: set[str]) -> dict[str, str]:
    """A commune's unit written bare and with its level in one document ("Phòng Kinh tế" and "Phòng Kinh tế xã")
    is one body, named with the level."""
    out = {}
    for v in values:
        fits = [w for w in values if w.startswith(v + " ") and w[len(v) + 1:] in LOCAL_LEVELS]
        if len(fits) == 1:
            out[v] = fits[0]
    return out


def with_place(values: set[str], province: str | None) -> dict[str, str]:
    """A body written bare and with the province's name in one document ("Tỉnh đoàn" and "Tỉnh đoàn Tây Ninh") is one
    body, named as the document names it in full."""
    if not province:
        return {}
    folded = {v.lower(): v for v in values}  # "Ban Quản lý các Khu công nghiệp" and "... các khu công nghiệp Đồng Nai"
    return {v: folded[f"{v} {province}".lower()] for v in values if f"{v} {province}".lower() in folded}


_DISTRICT_UNITS = "Các phòng, ban, ngành cấp huyện"
_OWN_UNITS = regex.compile(r"^Các (?:phòng|cơ quan|đơn vị)\b.* thuộc (?:UBND|Ủy ban nhân dân) (?:xã|phường|đặc khu)$")


def commune_units(values: set[str], level: str | None) -> dict[str, str]:
    """In a commune's or a ward's document, "các phòng, đơn vị" are its own units, not a district's (there is no
    district since 2025, and a district's units take no orders from a commune): the name the document gives them
    with its level ("Các phòng, đơn vị thuộc UBND phường"), else that name made from the level."""
    if level not in LOCAL_LEVELS or _DISTRICT_UNITS not in values:
        return {}
    printed = sorted(v for v in values if _OWN_UNITS.match(v))
    return {_DISTRICT_UNITS: printed[0] if len(printed) == 1 else f"Các phòng, ban, đơn vị thuộc UBND {level}"}


def named_by_province(lex: Lexicon, level_word: str | None, province: str | None) -> dict[str, str]:
    """The level form of each body known by its province's name, and that name: "Báo và Phát thanh, Truyền hình
    tỉnh" -> "Báo và Phát thanh, Truyền hình Đồng Nai"; a head whose place is the province's ("Thuế tỉnh" ->
    "Thuế tỉnh Quảng Trị")."""
    if not province:
        return {}
    named = {fill_template(lex, e.id, None, level_word): fill_template(lex, e.id, province, level_word)
             for e in lex.entries if e.printed_place}
    for head in lex.province_heads:
        for level in provincial_levels():
            named[f"{head} {level}"] = f"{head} {level} {province}"
    return named
