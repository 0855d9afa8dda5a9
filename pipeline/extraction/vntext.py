"""Vietnamese text primitives shared by the extractors.

* :func:`fold` lower-cases and strips diacritics (``đ`` -> ``d``) keeping the
  length, so offsets found on the folded copy index the original text.
* :func:`tokenize` is the one tokenizer of the agency recogniser: words and
  single punctuation marks, each with its span in the original text.
* :class:`PhraseTable` finds the longest of a set of phrases at a token,
  ignoring case, and ignoring diacritics only where the text has none: a word
  printed with marks must carry the phrase's marks (``số`` is not ``Sở``), in
  any tone placement (``hoà`` = ``hòa``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_STROKE = "\u0335"  # stands for the stroke of đ in an accent signature
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)]
    for rng in ranges:
        for code in rng:
            ch = chr(code)
            low = ch.lower()
            if len(low) != 1:
                continue
            base = unicodedata.normalize("NFD", low)[0]
            if low in "đ":
                base = "d"
            if len(base) == 1 and base != ch:
                table[code] = base
    for ch in _DASHES:
        table[ord(ch)] = "-"
    return table


_FOLD = _fold_table()
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_TOKEN_NFD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*|[^\w\s]")
_MARKS = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """Lower case without diacritics, ``đ`` -> ``d``, dashes -> ``-``; same length as ``text``."""
    return text.translate(_FOLD)


@lru_cache(maxsize=65536)
def signature(word: str) -> str:
    """The diacritics of ``word`` in a fixed order, whatever their placement."""
    low = unicodedata.normalize("NFD", word.lower()).replace("đ", "d" + _STROKE)
    return "".join(sorted(c for c in low if unicodedata.combining(c)))


def accented(word: str) -> bool:
    return not word.isascii() and fold(word) != word.lower()


class Tokens:
    """The tokens of a text: spans, folded forms and case information."""

    __slots__ = ("text", "starts", "ends", "norms", "cased", "n", "strict", "_sig")

    def __init__(self, text: str):
        self.text = text
        folded = fold(text)
        if _MARKS.search(folded):  # decomposed (NFD) input: marks stay inside words, then leave the folded forms
            spans = [m.span() for m in _TOKEN_NFD.finditer(folded)]
            self.norms = [_MARKS.sub("", folded[a:b]) for a, b in spans]
        else:
            spans = [m.span() for m in _TOKEN.finditer(folded)]
            self.norms = [folded[a:b] for a, b in spans]
        self.starts: list[int] = [a for a, _ in spans]
        self.ends: list[int] = [b for _, b in spans]
        self.n = len(self.norms)
        self.cased = self._case_flags()
        self.strict = self._has_diacritics()
        self._sig: dict[int, str | None] = {}

    def __len__(self) -> int:
        return self.n

    def _has_diacritics(self) -> bool:
        """Whether the text is written with diacritics (then a plain "Quy" is not "Quỹ")."""
        words = _WORD.findall(self.text)
        if len(words) < 8:
            return False
        marked = sum(1 for w in words if not w.isascii())
        return marked >= 0.15 * len(words)

    def orig(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def gap(self, i: int) -> str:
        """The text between token ``i - 1`` and token ``i``."""
        return self.text[self.ends[i - 1]:self.starts[i]] if i > 0 else ""

    def is_word(self, i: int) -> bool:
        return self.norms[i][0].isalnum()

    def is_cap(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()

    def sig(self, i: int) -> str | None:
        """Accent signature of token ``i``, or None when it may be written without its marks.

        In a text written with diacritics, only all-capital abbreviations may
        lack them ("KH&DT"); elsewhere any word may.
        """
        if i not in self._sig:
            word = self.orig(i)
            if accented(word):
                self._sig[i] = signature(word)
            elif self.strict and word.isalpha() and not (word.isupper() and self.cased[i]):
                self._sig[i] = ""
            else:
                self._sig[i] = None
        return self._sig[i]

    def _case_flags(self) -> list[bool]:
        """True where capitals carry meaning: not in an all-caps line or a text without capitals."""
        text = self.text
        if text.lower() == text or text.upper() == text:
            return [False] * self.n
        line_starts = [0]
        cased_lines = []
        for line in text.split("\n"):
            cased_lines.append(line.upper() != line)
            line_starts.append(line_starts[-1] + len(line) + 1)
        flags = []
        li = 0
        for s in self.starts:
            while line_starts[li + 1] <= s:
                li += 1
            flags.append(cased_lines[li])
        # three or more words in capitals inside a cased line are a heading, not abbreviations
        run: list[int] = []
        starts, ends = self.starts, self.ends
        for i in range(self.n):
            if not text[starts[i]].isupper():
                continue
            word = text[starts[i]:ends[i]]
            if len(word) < 2 or not word.isupper() or not word.isalpha():
                continue
            if run and not (i - run[-1] == 1 or (i - run[-1] == 2 and ends[i - 2] == starts[i - 1] and ends[i - 1] == starts[i])):
                if len(run) >= 3:
                    for k in run:
                        flags[k] = False
                run = []
            run.append(i)
        if len(run) >= 3:
            for k in run:
                flags[k] = False
        return flags


def tokenize(text: str) -> Tokens:
    return Tokens(text)


class PhraseTable:
    """Longest-match lookup of phrases at a token position."""

    def __init__(self, phrases=()):
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], object]]] = {}
        self._by_last: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], object]]] = {}
        self.firsts = self._by_first.keys()
        for phrase in phrases:
            if isinstance(phrase, tuple):
                self.add(*phrase)
            else:
                self.add(phrase, phrase)

    def add(self, phrase: str, payload=None) -> None:
        toks = Tokens(phrase)
        if not len(toks):
            return
        norms = tuple(toks.norms)
        sigs = tuple(signature(toks.orig(i)) for i in range(len(toks)))
        item = (norms, sigs, phrase if payload is None else payload)
        for index, key in ((self._by_first, norms[0]), (self._by_last, norms[-1])):
            bucket = index.setdefault(key, [])
            bucket.append(item)
            bucket.sort(key=lambda it: -len(it[0]))

    @staticmethod
    def _fits(toks: Tokens, start: int, norms, sigs) -> bool:
        if start < 0 or start + len(norms) > toks.n:
            return False
        for k, (n, s) in enumerate(zip(norms, sigs)):
            i = start + k
            if toks.norms[i] != n:
                return False
            got = toks.sig(i)
            if got is not None and got != s:
                return False
        return True

    def match(self, toks: Tokens, i: int):
        """``(end, payload)`` of the longest phrase starting at token ``i``, or None."""
        if i >= toks.n:
            return None
        for norms, sigs, payload in self._by_first.get(toks.norms[i], ()):
            if self._fits(toks, i, norms, sigs):
                return i + len(norms), payload
        return None

    def match_ending(self, toks: Tokens, end: int):
        """``(start, payload)`` of the longest phrase ending just before token ``end``."""
        if end <= 0:
            return None
        for norms, sigs, payload in self._by_last.get(toks.norms[end - 1], ()):
            if self._fits(toks, end - len(norms), norms, sigs):
                return end - len(norms), payload
        return None


_TONE_FIX = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\W\d_])")


def _move_tone(m: re.Match) -> str:
    first, second = m.group(1), m.group(2)
    d = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + d[1:]) + d[0]


def standard_tones(text: str) -> str:
    """Tone marks of ``oa``, ``oe``, ``uy`` on the first vowel, as the spec writes names (hòa, ủy)."""
    return _TONE_FIX.sub(_move_tone, text)
