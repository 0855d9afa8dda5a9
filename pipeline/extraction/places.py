"""Provinces and centrally-run cities, before and after the 2025 merger.

The list lives in ``models/provinces.yaml`` (63 units before Resolution
202/2025/QH15, 34 after). Names are matched with or without diacritics and
in any case; in text that uses capitals, a name must be capitalised.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import patterns
from ..models import Mention
from .vntext import PhraseTable, Tokens, fold



@dataclass(frozen=True)
class Province:
    name: str
    type: str
    pre_2025: bool
    post_2025: bool
    successor: str | None
    merged_from: tuple[str, ...]
    variants: tuple[str, ...]
    former: dict | None = None


@cache
def provinces() -> dict[str, Province]:
    """Every province or city by its name (without ``tỉnh``/``thành phố``)."""
    rows = patterns.load("provinces.yaml")["provinces"]
    return {
        row["name"]: Province(
            name=row["name"], type=row["type"], pre_2025=row["pre_2025"], post_2025=row["post_2025"],
            successor=row.get("successor"), merged_from=tuple(row.get("merged_from", ())),
            variants=tuple(row.get("variants", ())), former=row.get("former"),
        )
        for row in rows
    }


@cache
def province_table() -> PhraseTable:
    table = PhraseTable()
    for p in provinces().values():
        for spelling in (p.name, *p.variants):
            table.add(spelling, p.name)
    return table


def canonical_province(name: str) -> str | None:
    """The list name of a spelling ("Thừa Thiên Huế" -> "Huế", "tp.hcm" -> "Hồ Chí Minh"), or None."""
    toks = Tokens(name.strip())
    hit = province_table().match(toks, 0)
    if hit is None or hit[0] != len(toks):
        for i in range(1, len(toks)):  # "tỉnh Ninh Thuận", "Thành phố Cần Thơ"
            hit = province_table().match(toks, i)
            if hit and hit[0] == len(toks):
                return hit[1]
        return None
    return hit[1]


def name_as_of(name: str, when: str | None) -> str:
    """The name a province had on date ``when`` (ISO): "Huế" in 2022 was "Thừa Thiên Huế"."""
    p = provinces().get(name)
    if p and p.former and when and when < p.former["until"]:
        return p.former["name"]
    return name


def province_successor(name: str) -> str | None:
    """The post-2025 unit a province belongs to ("Kiên Giang" -> "An Giang"), or None if unknown."""
    canon = canonical_province(name)
    return provinces()[canon].successor if canon else None


def match_province(toks: Tokens, i: int) -> tuple[int, str] | None:
    """``(end, name)`` when a province is named at token ``i``."""
    if toks.cased[i] and not toks.is_cap(i):
        return None
    hit = province_table().match(toks, i)
    if hit and any(toks.cased[k] and toks.is_word(k) and not toks.is_cap(k) and not toks.orig(i).isupper()
                   for k in range(i + 1, hit[0])):
        return None  # "Viện Hải dương học": a word in lower case is no part of a province's name
    return hit


def find_provinces(text: str) -> list[Mention]:
    """Every province or city named in ``text``, kind ``province``, value its list name."""
    toks = Tokens(text)
    out = []
    i = 0
    while i < len(toks):
        hit = match_province(toks, i)
        if hit:
            end, name = hit
            start, stop = toks.starts[i], toks.ends[end - 1]
            out.append(Mention("province", start, stop, text[start:stop], name))
            i = end
        else:
            i += 1
    return out


def find_province(text: str) -> str | None:
    """The first province or city named in ``text`` ("UBND TỈNH NINH THUẬN" -> "Ninh Thuận")."""
    found = find_provinces(text)
    return found[0].value if found else None


__all__ = ["Province", "provinces", "canonical_province", "province_successor", "find_provinces", "find_province", "fold"]
