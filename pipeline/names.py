"""Agency and province names as users type them: folded keys, abbreviations, tiers of match.

``match_agencies`` finds the stored agency names a query designates, with or without
diacritics, in any case, by abbreviation ("Sở NV") or without a group's level word
("UBND xã"); ``match_provinces`` the province names, former names and merged ones included.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache


def name_key(text: str | None) -> str:
    """The comparison key of an agency or province name: lower case, no diacritics, punctuation as spaces."""
    from .extraction.vntext import fold

    return " ".join(re.sub(r"[\W_]+", " ", fold(text or "")).split())


@lru_cache(maxsize=4096)
def _abbreviations(name: str) -> frozenset[str]:
    """Short forms of an agency name, as compact keys: "Sở Nội vụ" -> {"sonv", "snv"}."""
    from .extraction.lexicon import lexicon
    from .extraction.vntext import tokenize

    lex = lexicon()
    toks = tokenize(name)
    words = [i for i in range(len(toks)) if toks.is_word(i)]
    if len(words) < 2:
        return frozenset()
    joiner = {i for i in words if lex.joiners.match(toks, i)}
    head = lex.heads.match(toks, 0)
    out = set()
    for skip_joiners in (True, False):
        kept = [i for i in words if not (skip_joiners and i in joiner)]
        out.add("".join(toks.norms[i][0] for i in kept))
        if head:
            rest = [i for i in kept if i >= head[0]]
            if rest:
                out.add("".join(toks.norms[:head[0]]) + "".join(toks.norms[i][0] for i in rest))
    return frozenset(out)


def agency_tier(name: str, query: str) -> int:
    """How ``name`` matches ``query``: 1 same name (the level word "cấp" of a group aside: "UBND xã"
    is "UBND cấp xã"), 2 abbreviation, 3 part of the name, 0 no match."""
    return _tier(name, query)


_LEVEL = re.compile(r"\bcap (?=(?:tinh|huyen|xa|phuong|thon|co so|trung uong)\b)")


def _levelless(k: str) -> str:
    """A key without the level word of a group: "ubnd cap xa" -> "ubnd xa"."""
    return _LEVEL.sub("", k)


@lru_cache(maxsize=65536)
def _tier(name: str, query: str) -> int:
    qkeys = _query_keys(query)
    if not qkeys:
        return 0
    nkey = name_key(name)
    if nkey in qkeys or _levelless(nkey) in {_levelless(k) for k in qkeys}:  # "UBND xã" is UBND cấp xã
        return 1
    compact = name_key(query).replace(" ", "")
    if 2 <= len(compact) <= 16 and compact in _abbreviations(name):
        return 2
    padded = f" {nkey} "
    return 3 if any(f" {k} " in padded for k in qkeys) else 0


@lru_cache(maxsize=1024)
def _query_keys(query: str) -> frozenset[str]:
    from .extraction.agencies import canonical_agency, expand_abbreviations

    query = " ".join(str(query).split())[:200]
    if not name_key(query):
        return frozenset()
    forms = {query, expand_abbreviations(query)}
    forms |= {canonical_agency(f) for f in list(forms)}
    return frozenset(k for k in map(name_key, forms) if k)


def match_agencies(names, query: str) -> list[str]:
    """The names among ``names`` that ``query`` designates: the best tier of matches only."""
    names = sorted(set(names))
    exact = [n for n in names if name_key(n) == name_key(query)]
    if exact:  # the common case, without loading the agency lexicon
        return exact
    tiers = defaultdict(list)
    for name in names:
        tier = _tier(name, query)
        if tier:
            tiers[tier].append(name)
    return sorted(tiers[min(tiers)]) if tiers else []


def province_names(query: str) -> frozenset[str]:
    """The comparison keys of the names a province query designates: its own spellings and former
    name ("Huế": also "Thừa Thiên Huế") and, for a unit formed by the 2025 merger, the units merged
    into it ("Đà Nẵng": also "Quảng Nam"), as models/provinces.yaml records them."""
    from .extraction.agencies import find_province
    from .extraction.places import canonical_province, provinces

    query = " ".join(str(query).split())[:200]
    canon = canonical_province(query) or find_province(query)
    names = {query, canon}
    units = provinces()
    unit = units.get(canon or "")
    if unit is not None:
        family = [unit]
        if unit.post_2025:
            family += [u for u in units.values() if u.successor == unit.name and u.name != unit.name]
        for u in family:
            names |= {u.name, *u.variants, *([u.former["name"]] if u.former else [])}
    return frozenset(k for k in map(name_key, names) if k)


def match_provinces(names, query: str) -> list[str]:
    """Provinces that ``query`` designates, after folding (``nghe an`` = ``Nghệ An``), with or without
    its level word, under its current or a former name (``Huế`` finds ``Thừa Thiên Huế``)."""
    wants = province_names(query)
    return sorted(n for n in names if n and name_key(n) in wants)
