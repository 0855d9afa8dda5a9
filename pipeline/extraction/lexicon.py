"""Load the agency gazetteer and word lists of ``models/agencies/`` once per process.

Every file there is data only; this module turns it into lookup tables:
:class:`~pipeline.extraction.vntext.PhraseTable` objects for the word lists, and a
spaCy ``PhraseMatcher`` (on a blank ``xx`` pipeline, over the folded tokens of
:func:`pipeline.extraction.vntext.tokenize`) for the gazetteer patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from .. import patterns
from ..errors import InputError
from .vntext import PhraseTable, Tokens, signature

ENTRY_FILES = ("provincial.yaml", "central.yaml", "party_mass.yaml", "local.yaml")


@dataclass(frozen=True)
class Head:
    text: str
    level: str = "keep"  # keep or drop the printed level word in the canonical name
    place: str = "drop"  # keep or drop the place name after the level word
    unit: bool = False
    standalone: bool = False
    needs_level: bool = False
    distributive: bool = False
    described: bool = False  # the name may open with lower-case words that say what the body is for
    not_before: PhraseTable | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    patterns: tuple[str, ...]
    level: str
    group: bool
    successor: str | None
    examples: tuple
    source: str
    named: bool = False  # a proper name may follow ("Ban Quản lý Khu kinh tế Đông Nam")
    printed_place: bool = False  # a place named without a level word stays ("Báo và Phát thanh, Truyền hình Bắc Ninh")
    keeps_place: bool = False  # the province printed after the level stays ("Hiệp hội Doanh nghiệp tỉnh Gia Lai")
    as_printed: bool = False  # named as the text writes it, abbreviated or in full ("Văn phòng HĐND và UBND xã")
    local: bool = False  # a commune has its own: named with no level in a commune's document, it is the commune's


@dataclass(frozen=True)
class ListDef:
    """A standard group written as an enumeration ("UBND các huyện, thị xã, thành phố")."""

    id: str
    first: PhraseTable
    members: PhraseTable
    prefix: PhraseTable | None
    needs_prefix: bool
    cap_word: PhraseTable | None
    bare: bool
    single: bool
    examples: tuple
    paired_first: PhraseTable | None = None  # first words that open the list only before another member
    own_units: PhraseTable | None = None  # qualifiers that make the list the writer's own units, named as printed
    as_printed: bool = False  # a collective no standard name holds ("Các thôn, tổ dân phố"): named as printed


@dataclass(eq=False)
class Lexicon:
    heads: PhraseTable
    not_after: PhraseTable
    levels: PhraseTable
    level_slots: dict[str, dict[str, str]]
    default_level: str
    name_words: PhraseTable
    stops: PhraseTable
    titles: PhraseTable
    joiners: PhraseTable
    inner_prefixes: PhraseTable
    abbreviations: PhraseTable
    abbreviation_pairs: list[tuple[str, list[str]]]
    list_abbreviations: PhraseTable
    short_heads: dict[str, str]
    determiners: PhraseTable
    qualifiers: PhraseTable
    group_not_after: PhraseTable
    lists: list[ListDef]
    entries: list[Entry]
    role_words: PhraseTable | None = None  # a bare list followed by one names a role ("cơ quan, đơn vị chủ trì")
    inside_words: PhraseTable | None = None  # "cơ" of "cơ sở": the list's first word is the second half of a word
    described: frozenset = frozenset()  # collectives a description may follow ("Các doanh nghiệp cung cấp dịch vụ viễn thông")
    described_until: PhraseTable | None = None  # the role words that end that description
    described_words: int = 0  # the longest description
    described_kinds: PhraseTable | None = None  # the trades that name a kind of it wherever it stands ("viễn thông")
    member_links: PhraseTable | None = None  # "là thành viên" between a collective and the board it sits on
    named_ids: frozenset = frozenset()  # entries a proper name may follow (``named``)
    province_heads: tuple = ()  # heads named with the province's place ("Thuế tỉnh" is "Thuế tỉnh Quảng Trị")
    council_parents: PhraseTable | None = None  # "Thường trực, các ban ... Hội đồng nhân dân tỉnh": the council
    council_organs: PhraseTable | None = None  # its organs, each with its canonical name (None: the delegates)
    pattern_index: dict[tuple[str, ...], int] = field(default_factory=dict)
    keys: dict[str, tuple[int, tuple[str, ...], int]] = field(default_factory=dict)
    pattern_words: set[str] = field(default_factory=set)
    nlp: object = None
    matcher: object = None


def read_agency_data(name: str):
    """``models/agencies/<name>``, parsed (an error names the file if it cannot be read)."""
    try:
        return patterns.load(f"agencies/{name}")
    except (OSError, yaml.YAMLError) as err:
        raise InputError(patterns.path(f"agencies/{name}"), f"cannot read agency data: {err}") from None


def _table(words) -> PhraseTable:
    return PhraseTable(words or ())


@cache
def _full_rx(full: str) -> re.Pattern:
    return re.compile(re.escape(full), re.IGNORECASE)


def pattern_variants(pattern: str, pairs: list[tuple[str, list[str]]], depth: int = 2) -> list[str]:
    """The pattern and its spellings with full names replaced by their abbreviations."""
    found = [pattern]
    frontier = [pattern]
    compiled = [(_full_rx(full), abbrs) for full, abbrs in pairs]
    for _ in range(depth):
        nxt = []
        for text in frontier:
            for rx, abbrs in compiled:
                if not rx.search(text):
                    continue
                for abbr in abbrs:
                    new = rx.sub(abbr, text, count=1)
                    if new not in found:
                        found.append(new)
                        nxt.append(new)
        frontier = nxt
    return found


def _heads(rows) -> PhraseTable:
    table = PhraseTable()
    for row in rows:
        head = Head(
            text=row["head"], level=row.get("level", "keep"), place=row.get("place", "drop"),
            unit=row.get("unit", False), standalone=row.get("standalone", False),
            needs_level=row.get("needs_level", False), distributive=row.get("distributive", False),
            described=row.get("described", False), not_before=_table(row["not_before"]) if row.get("not_before") else None,
        )
        table.add(row["head"], head)
    return table


def _entries(lex_heads: PhraseTable, groups: dict) -> list[Entry]:
    entries = []
    for name in ENTRY_FILES:
        for row in read_agency_data(name) or ():
            entries.append(_entry(row, name, lex_heads))
    for row in groups.get("entries", ()):
        entries.append(_entry(row, "groups.yaml", lex_heads))
    return entries


def _entry(row: dict, source: str, lex_heads: PhraseTable) -> Entry:
    level = row.get("level")
    if level is None:
        hit = lex_heads.match(Tokens(row["id"]), 0)
        level = hit[1].level if hit else "keep"
    return Entry(
        id=row["id"], patterns=tuple(row["patterns"]), level=level, group=row.get("group", False),
        successor=row.get("successor"), examples=tuple(row.get("examples", ())), source=source,
        named=row.get("named", False),
        printed_place=row.get("place") == "printed",
        keeps_place=row.get("place") == "keep",
        as_printed=row.get("as_printed", False),
        local=row.get("local", False),
    )


def _lists(groups: dict) -> list[ListDef]:
    out = []
    for row in groups.get("lists", ()):
        out.append(ListDef(
            id=row["id"], first=_table(row["first"]), members=_table(row["members"]),
            prefix=_table(row["prefix"]) if row.get("prefix") else None,
            needs_prefix=row.get("needs_prefix", False),
            cap_word=_table([row["cap_word"]]) if row.get("cap_word") else None,
            bare=row.get("bare", False), single=row.get("single", False),
            examples=tuple(row.get("examples", ())),
            paired_first=_table(row["paired_first"]) if row.get("paired_first") else None,
            own_units=_table(row["own_units"]) if row.get("own_units") else None,
            as_printed=row.get("as_printed", False),
        ))
    return out


@cache
def lexicon() -> Lexicon:
    """Every table the agency recogniser needs, built once per process."""
    raw = read_agency_data("lexicon.yaml")
    groups = read_agency_data("groups.yaml")
    levels = PhraseTable()
    for row in raw["levels"]:
        levels.add(row["level"], (row["norm"], _table(row.get("not_before")), _table(row.get("not_after")),
                                  row.get("needs_place", False)))
    abbreviations = PhraseTable()
    pairs = []
    for row in raw["abbreviations"]:
        for abbr in row["abbr"]:
            abbreviations.add(abbr, (abbr, row["full"], row.get("printed", False)))  # printed: read in full, named as printed
        pairs.append((row["full"], list(row["abbr"])))
    heads = _heads(raw["heads"])
    lex = Lexicon(
        heads=heads, not_after=_table(raw["not_after"]), levels=levels, level_slots=raw["level_slots"],
        default_level=raw["default_level"],
        name_words=_table(raw["name_words"]), stops=_table(raw["stops"]), titles=_table(raw["titles"]),
        joiners=_table(raw["joiners"]), inner_prefixes=_table(raw["inner_prefixes"]),
        abbreviations=abbreviations, abbreviation_pairs=pairs, short_heads=raw["short_heads"],
        list_abbreviations=_table([(a, row["full"]) for row in raw.get("list_abbreviations", ()) for a in row["abbr"]]),
        determiners=_table(groups["determiners"]), qualifiers=_table(groups["qualifiers"]),
        group_not_after=_table(groups["not_after"]), lists=_lists(groups), role_words=_table(groups.get("role_words", ())),
        inside_words=_table(groups.get("inside_words", ())),
        entries=_entries(heads, groups),
        province_heads=tuple(row["head"] for row in raw["heads"] if row.get("place") == "province"),
        described=frozenset(groups.get("described", {}).get("groups", ())),
        described_until=_table(groups.get("described", {}).get("until", ())),
        described_words=groups.get("described", {}).get("max_words", 0),
        described_kinds=_table(groups.get("described", {}).get("kinds", ())),
        member_links=_table(groups.get("members", {}).get("links", ())),
        council_parents=_table(groups.get("council_organs", {}).get("parents", ())),
        council_organs=_table([(w, row["id"] or "") for row in groups.get("council_organs", {}).get("organs", ())
                               for w in row["words"]]),
    )
    lex.named_ids = frozenset(e.id for e in lex.entries if e.named)
    _build_matcher(lex)
    return lex


def ruler_patterns() -> list[dict]:
    """The gazetteer as spaCy EntityRuler patterns: ``{"label": "ORG", "pattern": ..., "id": canonical}``.

    Patterns are the folded tokens of :func:`pipeline.extraction.vntext.tokenize`,
    so a ruler fed with them must run on documents made by :func:`folded_doc`.
    """
    lex = lexicon()
    out = []
    for entry in lex.entries:
        for pattern in entry.patterns:
            for variant in pattern_variants(pattern, lex.abbreviation_pairs):
                out.append({"label": "ORG", "pattern": [{"ORTH": w} for w in Tokens(variant).norms], "id": entry.id})
    return out


def folded_doc(nlp, text: str):
    """A spaCy ``Doc`` of the folded tokens of ``text`` (the one tokenizer of the recogniser)."""
    from spacy.tokens import Doc

    toks = Tokens(text)
    return Doc(nlp.vocab, words=toks.norms, spaces=[True] * len(toks))


def _build_matcher(lex: Lexicon) -> None:
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    nlp = spacy.blank("xx")  # tokens come from vntext.tokenize, never from spaCy's tokenizer
    matcher = PhraseMatcher(nlp.vocab)
    for idx, entry in enumerate(lex.entries):
        for pattern in entry.patterns:
            core = len(Tokens(pattern))
            for n, variant in enumerate(pattern_variants(pattern, lex.abbreviation_pairs)):
                toks = Tokens(variant)
                key = f"{idx}:{pattern}:{n}"
                sigs = tuple(signature(toks.orig(i)) for i in range(len(toks)))
                lex.keys[key] = (idx, sigs, core)
                lex.pattern_index.setdefault(tuple(toks.norms), idx)
                lex.pattern_words.update(toks.norms)
                matcher.add(key, [Doc(nlp.vocab, words=toks.norms, spaces=[True] * len(toks))])
    lex.nlp = nlp
    lex.matcher = matcher
