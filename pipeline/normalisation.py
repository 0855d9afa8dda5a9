"""Normalise raw pages into the one text every evidence offset indexes.

Steps (each a named ``str -> str`` function in ``NORMALISERS``, then the line
layout of :mod:`pipeline.layout`):

- ``unicode``: NFC, no-break and zero-width spaces, line endings, tabs;
- ``tones``: one tone-mark placement (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``);
- ``spacing``: syllables a web copy broke into letters joined again (``t ỉ nh`` -> ``tỉnh``);
- layout: tables one line per row, hard-wrapped lines rejoined (:func:`pipeline.layout.layout`);
- pages are joined with form feeds (``\\f``).

``kehoach text PATH`` prints exactly ``normalise(read(PATH)).text``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from . import patterns
from .layout import layout
from .legacy import is_syllable
from .models import Document, RawPage, Segment, Source

_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def unicode_form(text: str) -> str:
    """NFC, plain spaces, ``\\n`` line ends, no zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", text)  # markdown bold from web copies
    text = re.sub(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    return unicodedata.normalize("NFC", text)


def tone_marks(text: str) -> str:
    """Put the tone mark of open ``oa``/``oe``/``uy`` syllables on the first vowel.

    ``hoà`` -> ``hòa``, ``khoẻ`` -> ``khỏe``, ``thuỷ`` -> ``thủy``; ``hoàng``,
    ``hoài`` and ``quý`` are left alone (the mark belongs where it is).
    """
    if not any(c in text for c in "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"):
        return text
    nfd = unicodedata.normalize("NFD", text)
    nfd = re.sub(r"([oO])([aAeE])([" + _MARKS + r"])(?![\u0300-\u036f]|[^\W\d_])", r"\1\3\2", nfd)
    nfd = re.sub(r"(?<![qQ])([uU])([yY])([" + _MARKS + r"])(?![\u0300-\u036f]|[^\W\d_])", r"\1\3\2", nfd)
    return unicodedata.normalize("NFC", nfd)


_VOWEL = re.compile("[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
_FRAGMENTS = re.compile(r"(?<![\w.])(?:[^\W\d_]{1,3} )+[^\W\d_]{1,3}(?![\w])")  # a run of short fragments


@functools.cache
def _syllable_counts() -> dict[str, int]:
    """How often each syllable occurs in the texts of ``models/ocr/syllables.tsv``, lower case."""
    counts: dict[str, int] = {}
    for form, n in patterns.rows(patterns.path("ocr/syllables.tsv")):
        counts[form.lower()] = counts.get(form.lower(), 0) + int(n)
    return counts


def _joinable(parts: list[str]) -> bool:
    word = "".join(parts)
    if not (word.islower() or word.isupper() or word[0].isupper() and word[1:].islower()):
        return False
    counts = _syllable_counts()
    n = counts.get(word.lower(), 0)
    whole = [is_syllable(p) for p in parts]  # a fragment that is a syllable of its own must be far rarer
    if n < 20 or not (is_syllable(word) or word.isupper()) or all(whole):
        return False
    return all(counts.get(p.lower(), 0) * 5 <= n for p, s in zip(parts, whole) if s)


def _joined(m: re.Match) -> str:
    parts, out, i = m.group().split(" "), [], 0
    if all(_VOWEL.search(p) for p in parts):
        return m.group()  # a broken syllable leaves a fragment without a vowel ("t ỉ nh", "U BND", "tr ong")
    while i < len(parts):
        j = next((j for j in range(min(len(parts), i + 4), i + 1, -1) if _joinable(parts[i:j])), None)
        out.append("".join(parts[i:j]) if j else parts[i])
        i = j or i + 1
    return " ".join(out)


def letter_spacing(text: str) -> str:
    """Join a syllable that a web copy broke into letters: "t ỉ nh" -> "tỉnh", "U BND" -> "UBND".

    Only where one fragment is no syllable, the whole is a frequent one and each
    fragment alone is far rarer than the whole ("tr ong" -> "trong"; "cho n" stays).
    """
    if " " not in text:
        return text
    return _FRAGMENTS.sub(_joined, text)


NORMALISERS: dict[str, Callable[[str], str]] = {
    "unicode": unicode_form,
    "tones": tone_marks,
    "spacing": letter_spacing,
}


def apply(text: str, steps: Iterable[str | Callable[[str], str]] = ("unicode", "tones", "spacing")) -> str:
    """Run named (or given) ``str -> str`` steps in order."""
    for step in steps:
        if isinstance(step, str):
            if step not in NORMALISERS:
                raise ValueError(f"unknown normaliser {step!r}; known: {', '.join(NORMALISERS)}")
            step = NORMALISERS[step]
        text = step(text)
    return text


def normalise(source: Source, steps=("unicode", "tones", "spacing")) -> Document:
    """The normalised Document of a Source: pages joined with form feeds."""
    parts: list[str] = []
    page_starts: list[int] = []
    tables: list[Segment] = []
    pos = 0
    for page in source.pages:
        page_starts.append(pos)
        text = apply(page.text, steps)
        lines, rows = layout(text, wrapped=page.method in ("text", "pdf-text", "ocr", "none"))
        offsets, o = [], pos
        for line in lines:
            offsets.append(o)
            o += len(line) + 1
        for idx, spans in rows:
            start = offsets[idx]
            cells = tuple((start + a, start + b) for a, b in spans)
            tables.append(Segment("row", start, start + len(lines[idx]), cells=cells))
        body = "".join(line + "\n" for line in lines)
        parts.append(body)
        pos += len(body)
        if page is not source.pages[-1]:
            parts.append("\f")
            pos += 1
    return Document(source=source, text="".join(parts), page_starts=tuple(page_starts) or (0,),
                    rows=tuple(tables))


def normalise_text(text: str, method: str = "text") -> str:
    """Normalise a bare string (one page) the way ``normalise`` does."""
    src = Source(path="<text>", sha256="", format="text", pages=(RawPage(1, text, method),))
    return normalise(src).text
