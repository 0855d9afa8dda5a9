"""References: every other document the text cites, by its number."""
from __future__ import annotations

import functools
import re

import regex

from .. import patterns
from ..models import Evidence, Reference
from . import dates
from .header import compact_number


@functools.cache
def _data() -> dict:
    return patterns.load("references.yaml")


def _rx(key: str) -> regex.Pattern:
    return patterns.regex("references.yaml", key, engine=regex)


@functools.cache
def _kind_rx() -> regex.Pattern:
    words = sorted(_data()["kind_words"], key=len, reverse=True)
    alt = "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in words)
    word = regex.escape(_data()["number_word"])
    return regex.compile(r"(?P<kind>" + alt + r")\s*(?:(?-i:\p{Lu})[\p{L}\s,]{0,60}?\s)?" + word + r"\s*$", regex.IGNORECASE)


def symbol_type(number: str, before: str = "") -> str:
    """The document kind of a number: the kind symbol in it (1899/QĐ-TTg is QĐ), else the kind
    word before it ("Luật số 97/2025/QH15" is Luật), else a letter (CV)."""
    data = _data()
    symbols = {s.upper(): s for s in data["symbols"]}
    for part in re.split(r"[/-]", number)[1:]:
        symbol = symbols.get(part.strip().upper())
        if symbol:
            return data["symbol_kind"].get(symbol, symbol)
    # the kind word closest to the number: "Kế hoạch thực hiện Luật Thủy lợi số ..." cites a law
    m = next(reversed(list(_kind_rx().finditer(before[-80:], overlapped=True))), None)
    if m:
        said = regex.sub(r"\s+", " ", m["kind"]).lower()
        key = next((k for k in data["kind_words"] if k.lower() == said), None)
        if key:
            return data["kind_words"][key]
    return "CV"


def find_references(text: str, own_number: str | None = None, page_of=lambda o: None) -> list[Reference]:
    own = compact_number(own_number).lower() if own_number else None
    seen: set[str] = set()
    out: list[Reference] = []
    for m in _rx("number").finditer(text):
        number = compact_number(m["number"])
        key = number.lower()
        if key == own or key in seen or not re.search(r"\d", number.split("/")[0]):
            continue
        if any(p.upper() in _data()["exclude_symbols"] for p in re.split(r"[/-]", number)[1:]):
            continue
        before = text[max(0, m.start() - 80): m.start()]
        if _rx("form_before").search(before):
            continue  # "Biểu số 01/BC-CC": a form, not a document
        seen.add(key)
        after = text[m.end(): m.end() + 160]
        d = dates.first_date(after[:40])
        im = _rx("issuer").search(after)
        issuer = regex.sub(r"\s+", " ", im["issuer"]).strip() if im else None
        out.append(Reference(number, symbol_type(number, before), d.isoformat() if d else None, issuer,
                             Evidence(page_of(m.start()), m.start(), m.end())))
    return out
