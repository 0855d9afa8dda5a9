"""Post-correction of Tesseract output for Vietnamese administrative text.

Tesseract reads the letters of a Vietnamese syllable well but often loses or
swaps its tone and vowel marks ("chống dịch" read "chẳng địch", "PHỐ" read
"PHÓ").  The repair is a small noisy-channel decoder:

* candidates for a syllable are the known syllables with the same base
  letters (marks removed, ``đ`` read as ``d``), from the lexicon that
  ``scripts/build_ocr_lexicon.py`` builds from the corpus into ``models/ocr/``;
* a syllable bigram model (absolute discounting) scores each sequence of
  candidates, the channel cost grows with the number of marks changed and
  with Tesseract's confidence in the word, and Viterbi picks the best line.

Number and date repairs (``S6:`` -> ``Số:``, ``2O23`` -> ``2023``, ``1068 /KH``
-> ``1068/KH``) are regexes kept as data in ``models/ocr/fixes.yaml``.
Nothing is downloaded: the lexicon ships with the project.
"""
from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import patterns

# The lexicon's tables (TSV) are read here, from this folder or another one ($KEHOACH_OCR_LEXICON);
# the other files of models/ through pipeline.patterns.
MODEL_DIR = patterns.path("ocr")

TONES = {"\u0300": 2, "\u0301": 1, "\u0303": 4, "\u0309": 3, "\u0323": 5}  # huyền sắc ngã hỏi nặng
VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
TONE_BY_NUMBER = {v: k for k, v in TONES.items()}
# Letters of the Vietnamese alphabet with their marks (lower case, NFC).
VN_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
VN_SET = frozenset(VN_LETTERS + VN_LETTERS.upper())
WORD_RE = re.compile(f"[{VN_LETTERS}{VN_LETTERS.upper()}]+")
# Look-alike characters Tesseract emits for Vietnamese ones.
LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0110": "Đ", "\u0111": "đ", "\u2014": "-", "\u2013": "-"})


def strip_marks(word: str) -> str:
    """Base letters of a word: no tone or vowel marks, ``đ`` as ``d``."""
    d = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


def split_tone(syllable: str) -> tuple[str, int]:
    """(syllable without its tone mark, tone number 0-5) in lower case."""
    d = unicodedata.normalize("NFD", syllable.lower())
    tone = 0
    kept = []
    for c in d:
        if c in TONES:
            tone = TONES[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@functools.lru_cache(maxsize=65536)
def canon(syllable: str) -> str:
    """A key equal for spellings that differ only in where the tone sits ("hoà", "hòa")."""
    base, tone = split_tone(syllable)
    return f"{base}{tone}" if tone else base


def mark_distance(a: str, b: str) -> tuple[int, int]:
    """(tone changes, vowel-mark changes) between two syllables with the same base."""
    ba, ta = split_tone(a)
    bb, tb = split_tone(b)
    vowel = sum(1 for x, y in zip(unicodedata.normalize("NFD", ba), unicodedata.normalize("NFD", bb)) if x != y)
    if len(unicodedata.normalize("NFD", ba)) != len(unicodedata.normalize("NFD", bb)):
        vowel = max(1, vowel)
    vowel += (("đ" in ba) != ("đ" in bb))
    return int(ta != tb), vowel


def apply_case(pattern: str, word: str) -> str:
    if pattern.isupper() and len(pattern) > 1:
        return word.upper()
    if pattern[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# --------------------------------------------------------------------------- lexicon


MEMO_SIZE = 400_000  # entries kept of each of the lexicon's memos (log probabilities, candidate lists)


@dataclass
class Lexicon:
    unigrams: dict[str, int]  # canon -> count
    bigrams: dict[tuple[str, str], int]
    surface: dict[str, str]  # canon -> preferred spelling
    by_base: dict[str, list[str]]  # base letters -> canon keys, most frequent first
    followers: Counter  # canon -> number of distinct next syllables
    history: Counter  # canon -> count as a left context
    continuation: Counter  # canon -> number of distinct left contexts
    n_bigram_types: int
    total: int
    # log P(cur | prev) and candidate lists already computed (the same syllables recur on every page)
    _logp: dict = field(default_factory=dict, repr=False, compare=False)
    _cands: dict = field(default_factory=dict, repr=False, compare=False)

    def known(self, word: str) -> bool:
        return canon(word) in self.unigrams

    def logp(self, prev: str, cur: str, discount: float = 0.75) -> float:
        """log P(cur | prev) with interpolated absolute discounting (Kneser-Ney style)."""
        key = (prev, cur, discount)
        got = self._logp.get(key)
        if got is None:
            if len(self._logp) >= MEMO_SIZE:  # a long-running process: start afresh
                self._logp.clear()
            got = self._logp[key] = self._logp_uncached(prev, cur, discount)
        return got

    def _logp_uncached(self, prev: str, cur: str, discount: float) -> float:
        p_cont = (self.continuation.get(cur, 0) + 0.5) / (self.n_bigram_types + 0.5 * len(self.unigrams))
        if cur not in self.unigrams and cur != "</s>":
            p_cont = 0.5 / (self.n_bigram_types + 0.5 * len(self.unigrams)) / 50
        h = self.history.get(prev, 0)
        if not h:
            return math.log(p_cont)
        c = self.bigrams.get((prev, cur), 0)
        lam = discount * self.followers.get(prev, 0) / h
        return math.log(max(c - discount, 0) / h + lam * p_cont)


def load_lexicon(model_dir: Path | None = None) -> Lexicon:
    """The syllable lexicon and bigram model (loaded once per process and folder).

    The folder is ``model_dir``, else ``$KEHOACH_OCR_LEXICON`` (a folder with a
    ``syllables.tsv`` and a ``bigrams.tsv`` built by scripts/build_ocr_lexicon.py
    from other texts), else ``models/ocr``.
    """
    return _load_lexicon(Path(model_dir or os.environ.get("KEHOACH_OCR_LEXICON") or MODEL_DIR).resolve())


@functools.cache
def _load_lexicon(model_dir: Path) -> Lexicon:
    unigrams: Counter = Counter()
    surface_counts: dict[str, Counter] = {}
    for form, count in patterns.rows(model_dir / "syllables.tsv"):
        k = canon(form)
        unigrams[k] += int(count)
        surface_counts.setdefault(k, Counter())[form] += int(count)
    bigrams: dict[tuple[str, str], int] = {}
    followers: dict[str, int] = {}
    history: dict[str, int] = {}
    continuation: dict[str, int] = {}
    keys = {"<s>": "<s>", "</s>": "</s>"}  # spelling -> canon key (88 000 lines: plain dicts, read at once)
    for line in (model_dir / "bigrams.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line[0] == "#":
            continue
        pair, count = line.split("\t")
        a, b = pair.split(" ")
        ka = keys.get(a) or keys.setdefault(a, canon(a))
        kb = keys.get(b) or keys.setdefault(b, canon(b))
        n = int(count)
        key = (ka, kb)
        bigrams[key] = bigrams.get(key, 0) + n
        followers[ka] = followers.get(ka, 0) + 1
        history[ka] = history.get(ka, 0) + n
        continuation[kb] = continuation.get(kb, 0) + 1
    by_base: dict[str, list[str]] = {}
    for k in sorted(unigrams, key=lambda k: -unigrams[k]):
        by_base.setdefault(strip_marks(k.rstrip("012345")), []).append(k)
    surface = {k: c.most_common(1)[0][0] for k, c in surface_counts.items()}
    return Lexicon(dict(unigrams), bigrams, surface, by_base, Counter(followers), Counter(history),
                   Counter(continuation), len(bigrams), sum(unigrams.values()))


@functools.cache
def load_fixes() -> tuple[tuple[re.Pattern, object], ...]:
    """(regex, template or function) pairs of models/ocr/fixes.yaml, in file order."""
    out = []
    for i, e in enumerate(patterns.load("ocr/fixes.yaml")["fixes"]):
        if "translate" in e:
            table = str.maketrans(e["translate"])
            rep = lambda m, table=table: m.group().translate(table)  # noqa: E731
        else:
            rep = e["replace"]
        out.append((patterns.regex("ocr/fixes.yaml", f"fixes.{i}.pattern"), rep))
    return tuple(out)


# --------------------------------------------------------------------------- repairs


def apply_fixes(text: str) -> str:
    """Regex repairs of numbers, dates and document-number lines (models/ocr/fixes.yaml)."""
    text = unicodedata.normalize("NFC", text).translate(LOOKALIKES)
    for rx, rep in load_fixes():
        text = rx.sub(rep, text)
    return text


# Channel costs (natural log units), measured and chosen on the tune pages of
# corpora/ocr with a lexicon that had not seen those pages.  Tesseract reads the
# hook above (tone 3) as an acute (tone 1) for about one syllable in six; the
# other tone confusions are ten times rarer.
TONE_COST = 4.5
TONE_PAIR_COST = {(1, 3): 1.0}  # (tone read, tone meant) -> cost
VOWEL_COST = 4.0
CONF_COST = 0.0  # extra cost per point of Tesseract word confidence above 50
UNKNOWN_COST = 3.0  # keeping a token that is no known syllable
NAME_COST = 1.0  # extra cost of changing a capitalised word inside a line (names)
HEAD_COST = 3.0  # extra cost of changing the head word of an agency name ("Báo Ninh Thuận", "Sở Y tế")
MAX_CANDIDATES = 8


@functools.cache
def agency_heads() -> frozenset[str]:
    """First syllables of the head nouns of agency names (models/agencies/lexicon.yaml), lower case."""
    data = patterns.load("agencies/lexicon.yaml")
    return frozenset(unicodedata.normalize("NFC", h["head"]).split()[0].lower() for h in data["heads"]
                     if WORD_RE.fullmatch(h["head"].split()[0]))


def channel_cost(observed: str, candidate: str) -> float:
    """Cost of reading ``candidate`` where Tesseract printed ``observed`` (same base letters)."""
    base_o, tone_o = split_tone(observed)
    base_c, tone_c = split_tone(candidate)
    cost = 0.0 if tone_o == tone_c else TONE_PAIR_COST.get((tone_o, tone_c), TONE_COST)
    if base_o != base_c:
        cost += VOWEL_COST * mark_distance(base_o, base_c)[1]
    return cost


def _candidates(lex: Lexicon, word: str, conf: float, name: bool = False,
                head: bool = False) -> list[tuple[str, float]]:
    """(canon key or the raw word, channel cost) pairs for one observed word (``name``: it
    looks like part of a name; ``head``: like the head word of an agency's name)."""
    low = word.lower()
    k = canon(low)
    out: list[tuple[str, float]] = []
    known = k in lex.unigrams
    out.append((k if known else "\x00" + low, 0.0 if known else UNKNOWN_COST))
    extra = CONF_COST * max(0.0, conf - 50) + (NAME_COST if name else 0.0) + (HEAD_COST if head else 0.0)
    others = lex._cands.get(low)
    if others is None:  # the other spellings of the same letters and their channel costs, once per word
        if len(lex._cands) >= MEMO_SIZE:
            lex._cands.clear()
        others = lex._cands[low] = [(cand, channel_cost(low, lex.surface[cand]))
                                    for cand in lex.by_base.get(strip_marks(low), [])[:MAX_CANDIDATES] if cand != k]
    out.extend((cand, cost + extra) for cand, cost in others)
    return out


def _context(lex: Lexicon, word: str | None, edge: str) -> str:
    """The language-model state of a neighbouring syllable, or the run's edge."""
    if word:
        k = canon(word.lower())
        if k in lex.unigrams:
            return k
    return edge


def _decode(lex: Lexicon, words: list[str], confs: list[float], first: bool = True,
            left: str | None = None, right: str | None = None) -> list[str]:
    """Viterbi over the candidates of a run of syllables; returns the chosen spellings.

    A capitalised word that does not start the run (``first``) is likely part of
    a name and costs NAME_COST more to change, unless the whole run is in capitals.
    ``left`` and ``right`` are the syllables just before and after the run (the
    run continues a printed line, or goes on in the next one).
    """
    upper_run = all(w.isupper() for w in words)
    names = [not upper_run and w[:1].isupper() and (i > 0 or not first or bool(left)) for i, w in enumerate(words)]
    # an agency's head word as printed, opening a capitalised name: "Báo Ninh Thuận", "Sở Y tế"
    heads = [not upper_run and w[:1].isupper() and w.lower() in agency_heads()
             and ((i + 1 < len(words) and words[i + 1][:1].isupper()) or (i + 1 == len(words) and bool(right)
                                                                            and right[:1].isupper()))
             for i, w in enumerate(words)]
    lattice = [_candidates(lex, w, c, n, h) for w, c, n, h in zip(words, confs, names, heads)]
    # state: (score, backpointer list)
    prev_states = {_context(lex, left, "<s>"): (0.0, [])}
    end = _context(lex, right, "</s>")
    for cands in lattice:
        states = {}
        for key, cost in cands:
            lm_key = key if not key.startswith("\x00") else "\x00"
            best = None
            for pk, (score, path) in prev_states.items():
                pk_lm = pk if not pk.startswith("\x00") else "\x00"
                s = score - cost + lex.logp(pk_lm, lm_key)
                if best is None or s > best[0]:
                    best = (s, path)
            states[key] = (best[0], best[1] + [key])
        prev_states = states
    final = max(prev_states.items(), key=lambda kv: kv[1][0] + lex.logp(kv[0], end))
    out = []
    for word, key in zip(words, final[1][1]):
        if key.startswith("\x00") or key == canon(word):
            out.append(word)
        else:
            out.append(apply_case(word, lex.surface[key]))
    return out


def correct_line(line: str, confs: list[float] | None = None, left: str | None = None,
                 right: str | None = None) -> str:
    """Repair the marks of the syllables of one line of OCR text.

    ``left`` and ``right`` are the syllables that end the previous printed line
    and start the next one, when the sentence runs on across the line break."""
    lex = load_lexicon()
    matches = list(WORD_RE.finditer(line))
    if not matches:
        return line
    confs = confs if confs is not None and len(confs) == len(matches) else [60.0] * len(matches)
    # runs of words separated only by spaces form one decoding unit
    runs, cur = [], [0]
    for i in range(1, len(matches)):
        gap = line[matches[i - 1].end():matches[i].start()]
        if gap.strip() == "":
            cur.append(i)
        else:
            runs.append(cur)
            cur = [i]
    runs.append(cur)
    pieces = [m.group() for m in matches]
    open_start = not line[:matches[0].start()].strip()
    open_end = not line[matches[-1].end():].strip()
    for k, run in enumerate(runs):
        fixed = _decode(lex, [pieces[i] for i in run], [confs[i] for i in run], first=run[0] == 0,
                        left=left if k == 0 and open_start else None,
                        right=right if k == len(runs) - 1 and open_end else None)
        for i, w in zip(run, fixed):
            pieces[i] = w
    out, last = [], 0
    for m, w in zip(matches, pieces):
        out.append(line[last:m.start()])
        out.append(w)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


LIST_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()  # the letters of a lettered list, in order
MARKER_MISREAD = {"8": "g", "9": "g", "q": "g", "đ": "d", "d": "đ", "0": "o", "1": "i", "l": "i"}  # read -> meant
_LETTER_ITEM = re.compile(r"^(\s*)(\S)\)(?=\s)")
_NUMBERED = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*)\.\s")


def item_letters(text: str) -> str:
    """A lettered list's markers as the list's order says, where OCR misread one ("e)" then "8)" is "g)";
    "c)" then "đ)" is "d)"): a marker that is not the next letter but a known misreading of it becomes it."""
    out, prev = [], None
    for line in text.split("\n"):
        m = _LETTER_ITEM.match(line)
        if m:
            mark = m.group(2)
            nxt = LIST_LETTERS[LIST_LETTERS.index(prev) + 1] if prev in LIST_LETTERS[:-1] else None
            if nxt and mark != nxt and MARKER_MISREAD.get(mark) == nxt:
                line = f"{m.group(1)}{nxt}){line[m.end():]}"
                mark = nxt
            prev = mark if mark in LIST_LETTERS else None
        elif _NUMBERED.match(line):
            prev = None  # a numbered item opens a new list
        out.append(line)
    return "\n".join(out)


def correct_text(text: str) -> str:
    """Regex fixes, then mark repair line by line (no confidences known)."""
    return "\n".join(correct_line(ln) for ln in apply_fixes(text).split("\n"))


# --------------------------------------------------------------------------- metrics


def _metric_words(s: str) -> list[str]:
    s = unicodedata.normalize("NFC", s).lower()
    return re.sub(r"[^\w\s/]", " ", s).split()


def text_metrics(ref: str, hyp: str) -> dict[str, float]:
    """OCR quality of ``hyp`` against ``ref``: ``bag_err`` (1 - multiset word F1) and
    ``diacritic_err`` (share of reference words whose marks were lost or changed)."""
    cr, ch = Counter(_metric_words(ref)), Counter(_metric_words(hyp))
    tp = sum((cr & ch).values())
    p = tp / max(1, sum(ch.values()))
    r = tp / max(1, sum(cr.values()))
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    extra = Counter(strip_marks(w) for w in (ch - cr).elements())
    diac = 0
    for w, n in (cr - ch).items():
        k = min(n, extra[strip_marks(w)])
        diac += k
        extra[strip_marks(w)] -= k
    return {"bag_err": 1 - f1, "diacritic_err": diac / max(1, sum(cr.values()))}


def lexicon_stats() -> dict:
    lex = load_lexicon()
    meta = patterns.load("ocr/sources.json")
    return {"syllables": len(lex.unigrams), "bigrams": lex.n_bigram_types, "sources": len(meta["files"])}
