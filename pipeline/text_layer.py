"""Whether a PDF page's own text layer can be used, or the page must be OCR'd: empty, garbage,
or Vietnamese stripped of its marks by the scanner's own OCR (``text_layer_is_trustworthy``)."""
from __future__ import annotations

import re

from .ocr_correct import VN_SET, load_lexicon, strip_marks


LETTERS_RE = re.compile(r"[^\W\d_]+")
ODD_RE = re.compile(r"[^\w\s.,;:!?()\[\]{}\"'“”‘’/\\%&@#*+=<>|_~^$€-]")


def _mixed_case(word: str) -> bool:
    """A lower-case letter followed by a capital ("HQi", "thcIng"): OCR garbage."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


_BASES: dict[int, frozenset[str]] = {}


def _toneless_bases() -> frozenset[str]:
    """Base letters of frequent syllables that are normally written with marks."""
    lex = load_lexicon()
    if id(lex) not in _BASES:
        _BASES[id(lex)] = _bases_of(lex)
    return _BASES[id(lex)]


def _bases_of(lex) -> frozenset[str]:
    marked: dict[str, int] = {}
    plain: dict[str, int] = {}
    for key, n in lex.unigrams.items():
        form = lex.surface[key]
        base = strip_marks(form)
        (plain if form == base else marked)[base] = (plain if form == base else marked).get(base, 0) + n
    return frozenset(b for b, n in marked.items() if n >= 20 and n > 3 * plain.get(b, 0))


def text_layer_is_trustworthy(text: str) -> bool:
    """False when a PDF text layer is empty, garbage, or Vietnamese without marks.

    English or numeric pages with real words are trusted; the scanner-made
    layers of Vietnamese scans ("CONG Hcok xA HQI CHiJ NGHiA") are not.
    """
    text = text or ""
    alnum = sum(ch.isalnum() for ch in text)
    if alnum < 20:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    if sum(1 for ch in visible if ODD_RE.match(ch)) > 0.08 * len(visible):
        return False
    words = LETTERS_RE.findall(text)
    if not words:  # numbers and punctuation only: a table of figures
        return sum(ch.isdigit() for ch in text) >= 0.5 * alnum
    lex = load_lexicon()
    n = len(words)
    marked = [w for w in words if not w.isascii()]
    bad_marked = sum(1 for w in marked if not VN_SET.issuperset(w) or not lex.known(w))
    if bad_marked >= 3 and bad_marked > 0.1 * len(marked):  # "cüa", "Näng", "thânhphô"
        return False
    if sum(1 for w in words if _mixed_case(w)) > 0.05 * n:
        return False
    if len(marked) < 0.3 * n:  # few marks: English, or Vietnamese that lost them
        bases = _toneless_bases()
        if sum(1 for w in words if w.isascii() and w.lower() in bases) > 0.25 * n:
            return False
    return True
