"""Legacy Vietnamese font encodings: TCVN3 (ABC) and VNI-Windows.

Before Unicode, Vietnamese was typed in ordinary Windows-1252 text with special
fonts that draw some Latin-1 characters as Vietnamese letters. Such text reads
as "Céng hoµ x· héi" (TCVN3) or "Coäng hoøa xaõ hoäi" (VNI). This module
detects it and converts it to Unicode; the code tables are data in
``models/encodings/{tcvn3,vni}.yaml``.

    detect(text) -> "tcvn3" | "vni" | None
    to_unicode(text, encoding) -> str
    from_unicode(text, encoding) -> str      # the reverse, used by tests
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

from . import patterns

ENCODINGS = ("tcvn3", "vni")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave acute tilde hook dot
# Letters only Unicode Vietnamese has (never in Latin-1 legacy text).
_VN_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
                      "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_MAX_TOKENS = 1500  # detection looks at the first tokens holding non-ASCII characters


def table(encoding: str) -> dict:
    """The parsed YAML table of ``encoding`` (``tcvn3`` or ``vni``)."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r} (known: {', '.join(ENCODINGS)})")
    return patterns.load(f"encodings/{encoding}.yaml")


@cache
def _decoder(encoding: str):
    data = table(encoding)
    mapping = {**data.get("aliases", {}), **data["map"]}
    by_first: dict[str, set[str]] = {}
    for key in mapping:
        by_first.setdefault(key[0], set()).add(key[1:])
    parts, singles = [], []
    for first, rests in sorted(by_first.items()):
        if rests == {""}:
            singles.append(re.escape(first))
            continue
        longer = sorted((r for r in rests if r), key=len, reverse=True)  # longest first
        tail = "|".join(map(re.escape, longer))
        parts.append(f"{re.escape(first)}(?:{tail}){'?' if '' in rests else ''}")
    if singles:
        parts.append(f"[{''.join(singles)}]")
    return mapping, re.compile("|".join(parts))


@cache
def _encoder(encoding: str) -> dict[str, str]:
    inverse = {uni: leg for leg, uni in table(encoding)["map"].items()}
    if encoding == "tcvn3":  # capitals with tone marks: the lowercase code (drawn by an "H" font)
        for uni, leg in list(inverse.items()):
            inverse.setdefault(uni.upper(), leg)
    return inverse


@cache
def _legacy_chars() -> str:
    chars = set()
    for enc in ENCODINGS:
        for key in _decoder(enc)[0]:
            chars.update(c for c in key if not c.isascii())
    return "".join(sorted(chars))


@cache
def _strong_re() -> re.Pattern:
    """Characters of the legacy tables that are not Vietnamese letters in Unicode (µ ¸ ä ø...)."""
    letters = set(table("vni")["map"].values())
    return re.compile("[" + re.escape("".join(c for c in _legacy_chars() if c not in letters)) + "]")


@cache
def _token_re() -> re.Pattern:
    return re.compile("[\\w" + re.escape(_legacy_chars()) + "]+")


@cache
def _syllable_re() -> re.Pattern:
    data = patterns.load("encodings/syllables.yaml")

    def alt(items):
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    return re.compile(f"(?:{alt(data['initials'])})?(?:{alt(data['nuclei'])})(?:{alt(data['finals'])})?")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True if ``word`` has the shape of one Vietnamese syllable (at most one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _syllable_re().fullmatch(toneless) is not None


@cache
def _translation(encoding: str) -> dict[int, str] | None:
    """A str.translate table when every legacy sequence is one character (TCVN3)."""
    mapping = _decoder(encoding)[0]
    if all(len(k) == 1 for k in mapping):
        return {ord(k): v for k, v in mapping.items()}
    return None


def has_unicode_letters(text: str) -> bool:
    """True if ``text`` holds Vietnamese letters that only Unicode has (so it is not legacy text)."""
    return _VN_ONLY.search(text) is not None


def _convert(text: str, encoding: str) -> str:
    single = _translation(encoding)
    if single is not None:
        return text.translate(single)
    mapping, pattern = _decoder(encoding)
    return pattern.sub(lambda m: mapping[m.group()], text)


def to_unicode(text: str, encoding: str) -> str:
    """Convert ``text`` written in a legacy font encoding to Unicode (NFC)."""
    converted = _convert(text, encoding)
    if encoding == "tcvn3":
        converted = _restore_capitals(text, converted)
    return unicodedata.normalize("NFC", converted)


def from_unicode(text: str, encoding: str) -> str:
    """Write Unicode ``text`` the way a legacy font encoding stores it."""
    inverse = _encoder(encoding)
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


_WORD = re.compile(r"[^\W\d_]+")


def _word_kind(word: str, legacy: str, mapping: dict) -> str | None:
    """U (capitals), L (lower case), A (ambiguous) or None (no converted lowercase letter)."""
    if word == legacy and (word.isascii() or not any(c in mapping for c in legacy)):
        return None
    if word.islower():
        return "L"
    conv = [c.islower() and l in mapping for c, l in zip(word, legacy)]
    if not any(conv):  # capitals typed with their own codes (NH¢N); Đ alone is an abbreviation (QĐ)
        coded = any(l in mapping and c != "\u0110" for c, l in zip(word, legacy))
        return "U" if coded and len(word) >= 2 and word.isupper() else None
    others = [i for i, is_conv in enumerate(conv) if not is_conv]
    if any(word[i].islower() for i in others):
        return "L"
    if len(others) >= 2 or (others and others[0] > 0):
        return "U"
    return "A"


@cache
def _capital_word_re() -> re.Pattern:
    """Words holding a capital, in text converted from TCVN3 (Latin-1 plus the table's letters)."""
    mapping = _decoder("tcvn3")[0]
    latin = {chr(i) for i in range(0x41, 0x100)} - set(mapping)
    capitals = sorted(c for c in latin | set(mapping.values()) if c.isupper())
    return re.compile(r"[^\W\d_]*[" + re.escape("".join(capitals)) + r"][^\W\d_]*")


def _restore_capitals(legacy: str, converted: str) -> str:
    """Capitalise TCVN3 letters typed with an uppercase ("H") font.

    TCVN3 has no codes for capitals with tone marks, so "KÕ HO¹CH" decodes to
    "Kế HOạCH". Only words holding such a letter count. A word whose other
    letters are capitals ("HOạCH") is set in capitals; an ambiguous word, whose
    only other capital is its first letter ("Kế"), follows the next such word on
    its line, else the previous one ("KẾ HOẠCH" but "Kế hoạch"). The conversion
    maps one character to one, so positions in both texts agree.
    """
    if len(legacy) != len(converted) or converted.islower():
        return converted
    mapping = _decoder("tcvn3")[0]
    capitals: list[tuple[int, int]] = []  # spans of words set in capitals
    ambiguous_lines: set[tuple[int, int]] = set()
    for m in _capital_word_re().finditer(converted):
        s, e = m.span()
        kind = _word_kind(m.group(), legacy[s:e], mapping)
        if kind == "U":
            capitals.append((s, e))
        elif kind == "A":
            ambiguous_lines.add((converted.rfind("\n", 0, s) + 1, _line_end(converted, e)))
    for start, end in ambiguous_lines:  # decide ambiguous words from their line
        words = []
        for m in _WORD.finditer(converted, start, end):
            kind = _word_kind(m.group(), legacy[m.start():m.end()], mapping)
            if kind is not None:
                words.append([m.start(), m.end(), kind])
        following, previous = [None] * len(words), None
        for i in range(len(words) - 1, -1, -1):
            following[i] = previous = words[i][2] if words[i][2] != "A" else previous
        previous = None
        for i, (s, e, kind) in enumerate(words):
            if kind == "A" and (following[i] or previous) == "U":
                capitals.append((s, e))
            elif kind != "A":
                previous = kind
    if not capitals:
        return converted
    out = list(converted)
    for s, e in capitals:
        for i in range(s, e):
            out[i] = out[i].upper()
    return "".join(out)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def detect(text: str) -> str | None:
    """Return ``"tcvn3"`` or ``"vni"`` if ``text`` is Vietnamese in that legacy encoding.

    Evidence is counted per word: a word holding characters that are not
    Vietnamese letters ("hoµ", "Coäng") which the table turns into a well-formed
    Vietnamese syllable ("hoà", "Cộng"). Text that already holds Unicode-only
    Vietnamese letters, English, or other Latin-script languages does not fire.
    """
    sample = text[:20_000]
    vn_letters = len(_VN_ONLY.findall(sample))
    if vn_letters >= 10 and vn_letters > 4 * len(_strong_re().findall(sample)):
        return None  # Unicode Vietnamese
    legacy = _legacy_chars()
    if not any(c in legacy for c in text[:200_000]):
        return None
    counts: Counter[str] = Counter()
    n = 0
    for m in _token_re().finditer(text):
        tok = m.group()
        if tok.isascii():
            continue
        counts[tok] += 1
        n += 1
        if n >= _MAX_TOKENS:
            break
    vn_only = sum(k for tok, k in counts.items() if _VN_ONLY.search(tok))
    best, best_good = None, 0
    for enc in ENCODINGS:
        good = bad = 0
        for tok, k in counts.items():
            conv = _convert(tok, enc)
            if conv == tok:
                continue
            if is_syllable(conv):
                if not is_syllable(tok) and any(c.isalpha() for c in tok):
                    good += k
            else:
                bad += k
        if good >= 2 and good >= 0.3 * n and bad * 2 <= good and vn_only * 4 <= good:
            if good > best_good:
                best, best_good = enc, good
    return best
