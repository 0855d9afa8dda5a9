"""Score extraction records against gold records, with the spec's matching rules.

Text is compared after NFC, lower case, one tone-mark placement and folded
whitespace and punctuation. Scalars are accuracies over documents; list
fields are micro-averaged precision, recall and F1 over all documents. A
reference counts only when its number and its type both match the gold's (a
letter may be typed ``CV`` or by its body's code, as the spec allows).
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SCALARS = ("kind", "number", "issue_date", "province", "signer")
LISTS = ("references", "agencies", "agency_roles", "deadlines", "deadline_links", "quotas")


def norm(value) -> str:
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value))
    # compare with the mark on the first vowel of oa/oe/uy, whatever the syllable
    nfd = unicodedata.normalize("NFD", s)
    nfd = re.sub(r"([oO])([aAeE])([\u0300\u0301\u0309\u0303\u0323])", r"\1\3\2", nfd)
    nfd = re.sub(r"([uU])([yY])([\u0300\u0301\u0309\u0303\u0323])", r"\1\3\2", nfd)
    s = unicodedata.normalize("NFC", nfd).lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"[^\w/\-% ]", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s*/\s*", "/", s)
    return re.sub(r" +", " ", s).strip()


def words(value) -> set[str]:
    return set(norm(value).replace("-", " ").replace("/", " ").split())


def overlap(a, b) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def same_agency(gold: dict, pred: dict) -> bool:
    p = pred.get("agency")
    if not norm(p):
        return False
    names = [gold.get("agency"), *(gold.get("aliases") or gold.get("agency_aliases") or [])]
    return any(n and (norm(n) == norm(p) or overlap(n, p) >= 0.8) for n in names)


def _value(d: dict) -> str:
    return norm(d.get("due") or d.get("recurrence"))


@functools.cache
def _kind_types() -> frozenset[str]:
    """The reference types that name a kind of document (QĐ, CT, KH, NQ, ...): models/references.yaml."""
    from . import patterns

    data = patterns.load("references.yaml")
    return frozenset(norm(t) for t in [*data["kind_words"].values(), *data["symbols"], *data["symbol_kind"].values()])


def ref_type(ref: dict) -> str:
    """A reference's type for scoring: a letter is ``cv`` whether typed CV or by the body's code
    (the spec allows both for 261/UBND-VHXH)."""
    t = norm(ref.get("type"))
    return t if t in _kind_types() else "cv"


def same_reference(gold: dict, pred: dict) -> bool:
    """Same number and, when the gold gives one, same type."""
    if norm(gold.get("number")) != norm(pred.get("number")):
        return False
    return not gold.get("type") or ref_type(gold) == ref_type(pred)


def _quota_key(q: dict):
    try:
        v = float(q.get("value"))
    except (TypeError, ValueError):
        v = None
    return (q.get("comparator") or "=", v, bool(q.get("percent")))


def _unique(items, key):
    seen, out = set(), []
    for it in items:
        k = key(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _match(gold: list, pred: list, same) -> tuple[int, int, int]:
    used, tp = set(), 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def _mistyped(gold: list, pred: list) -> list[tuple[dict, dict]]:
    """(gold, pred) references with the same number and different types."""
    by_number = {norm(p.get("number")): p for p in pred}
    return [(g, by_number[norm(g.get("number"))]) for g in gold
            if norm(g.get("number")) in by_number and not same_reference(g, by_number[norm(g.get("number"))])]


def _pairs(gold: dict, pred: dict):
    """(field, gold items, pred items, match) for every list field."""
    g_as, p_as = gold.get("assignments") or [], pred.get("assignments") or []
    g_dl, p_dl = gold.get("deadlines") or [], pred.get("deadlines") or []
    by_agency = lambda a: norm(a.get("agency"))
    by_role = lambda a: (norm(a.get("agency")), a.get("role"))
    by_link = lambda d: (norm(d.get("agency")), _value(d))
    yield ("references", _unique(gold.get("references") or [], lambda r: norm(r.get("number"))),
           _unique(pred.get("references") or [], lambda r: norm(r.get("number"))),
           same_reference)
    yield "agencies", _unique(g_as, by_agency), _unique(p_as, by_agency), same_agency
    yield ("agency_roles", _unique(g_as, by_role), _unique(p_as, by_role),
           lambda g, p: g.get("role") == p.get("role") and same_agency(g, p))
    yield "deadlines", _unique(g_dl, _value), _unique(p_dl, _value), lambda g, p: _value(g) == _value(p)
    yield ("deadline_links", _unique([d for d in g_dl if d.get("agency")], by_link),
           _unique([d for d in p_dl if d.get("agency")], by_link),
           lambda g, p: _value(g) == _value(p) and same_agency(g, p))
    yield ("quotas", gold.get("quotas") or [], pred.get("quotas") or [],
           lambda g, p: _quota_key(g) == _quota_key(p) and overlap(g.get("scope"), p.get("scope")) >= 0.5)


@dataclass
class Scores:
    documents: int
    scalars: dict  # field -> (hits, n)
    counts: dict  # field -> [tp, fp, fn]
    errors: list
    task_f1s: tuple = ()  # word F1 of the task texts, one per matched gold (agency, role) pair

    @property
    def tasks_f1(self) -> float:
        """Mean word F1 of task texts over matched agency-role pairs (outside the macro F1)."""
        return sum(self.task_f1s) / len(self.task_f1s) if self.task_f1s else 0.0

    def prf(self, field: str) -> tuple[float, float, float]:
        tp, fp, fn = self.counts[field]
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def accuracy(self, field: str) -> float | None:
        hits, n = self.scalars.get(field, (0, 0))
        return hits / n if n else None

    @property
    def macro_f1(self) -> float:
        return sum(self.prf(f)[2] for f in LISTS) / len(LISTS)

    def as_dict(self) -> dict:
        out = {"documents": self.documents, "macro_f1": round(self.macro_f1, 3)}
        for f in SCALARS:
            if self.accuracy(f) is not None:
                out[f] = round(self.accuracy(f), 3)
        for f in LISTS:
            out[f] = round(self.prf(f)[2], 3)
        out["tasks"] = round(self.tasks_f1, 3)
        return out

    def table(self) -> str:
        lines = [f"{'field':16} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn   (documents: {self.documents})"]
        for f in LISTS:
            p, r, f1 = self.prf(f)
            lines.append(f"{f:16} {p:6.3f} {r:6.3f} {f1:6.3f}   {'/'.join(map(str, self.counts[f]))}")
        for f in SCALARS:
            if self.accuracy(f) is not None:
                lines.append(f"{f:16} accuracy {self.accuracy(f):.3f} over {self.scalars[f][1]}")
        lines.append(f"macro_f1 {self.macro_f1:.3f}")
        lines.append(f"tasks            word F1 {self.tasks_f1:.3f} over {len(self.task_f1s)} matched "
                     "agency-role pairs (not in macro)")
        return "\n".join(lines)


def score(gold_dir, records: list[dict]) -> Scores:
    """Score ``records`` (extraction dicts) against ``gold_dir/*.json`` by file stem."""
    preds = {Path(r.get("source", "")).stem: r for r in records}
    golds = sorted(Path(gold_dir).glob("*.json"))
    scalars: dict = {}
    counts = {f: [0, 0, 0] for f in LISTS}
    errors: list[str] = []
    task_f1s: list[float] = []
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred = preds.get(path.stem)
        if pred is None:
            errors.append(f"{path.stem}: no prediction")
            pred = {}
        for f in SCALARS:
            g, p = norm(gold.get(f)), norm(pred.get(f))
            if not g and not p:
                continue
            hits, n = scalars.get(f, (0, 0))
            scalars[f] = (hits + (g == p), n + 1)
            if g != p:
                errors.append(f"{path.stem}: {f}: gold={gold.get(f)!r} pred={pred.get(f)!r}")
        for field, g_items, p_items, same in _pairs(gold, pred):
            tp, fp, fn = _match(g_items, p_items, same)
            for i, v in enumerate((tp, fp, fn)):
                counts[field][i] += v
            if fp or fn:
                errors.append(f"{path.stem}: {field}: tp={tp} fp={fp} fn={fn}")
            if field == "references":
                errors.extend(f"{path.stem}: references: {g['number']}: type gold={g.get('type')!r} "
                              f"pred={p.get('type')!r}" for g, p in _mistyped(g_items, p_items))
        task_f1s.extend(_task_f1s(gold.get("assignments") or [], pred.get("assignments") or []))
    return Scores(len(golds), scalars, counts, errors, tuple(task_f1s))


def _task_f1s(gold: list, pred: list) -> list[float]:
    """For each gold (agency, role) pair that a predicted pair matches (one-to-one, in order), the
    word F1 between all gold task texts of the pair and all predicted ones."""
    key = lambda a: (norm(a.get("agency")), a.get("role"))  # noqa: E731

    def task_words(items, k):
        return set().union(*[words(a.get("task")) for a in items if key(a) == k])

    g_pairs, p_pairs = _unique(gold, key), _unique(pred, key)
    used, out = set(), []
    for g in g_pairs:
        for i, p in enumerate(p_pairs):
            if i in used or g.get("role") != p.get("role") or not same_agency(g, p):
                continue
            used.add(i)
            gw, pw = task_words(gold, key(g)), task_words(pred, key(p))
            if gw:
                hit = len(gw & pw)
                prec, rec = (hit / len(pw) if pw else 0.0), hit / len(gw)
                out.append(2 * prec * rec / (prec + rec) if hit else 0.0)
            break
    return out


def gold_sources(gold_dir, roots) -> list[Path]:
    """The input file of each gold record, looked up by stem in ``roots`` (files or folders)."""
    stems = {g.stem for g in Path(gold_dir).glob("*.json")}
    found: dict[str, Path] = {}
    for root in map(Path, roots):
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in candidates:
            if p.stem in stems and p.stem not in found and p.suffix != ".json":
                found[p.stem] = p
    return [found[s] for s in sorted(found)]


def records_for_gold(gold_dir, paths) -> list[dict]:
    """Records to score: read from .jsonl files, or extracted from the inputs matching gold stems."""
    from . import extract

    records, inputs = [], []
    for p in map(Path, paths):
        if p.suffix == ".jsonl":
            with p.open(encoding="utf-8") as fh:
                records.extend(json.loads(line) for line in fh if line.strip())
        else:
            inputs.append(p)
    for src in gold_sources(gold_dir, inputs):
        records.append(extract(src).to_dict())
    return records
