#!/usr/bin/env python3
"""Build the OCR post-correction lexicon in models/ocr/ from the corpus texts.

    .venv/bin/python scripts/build_ocr_lexicon.py            # rebuild from corpora/
    .venv/bin/python scripts/build_ocr_lexicon.py --check    # rebuild in memory, compare

Writes ``syllables.tsv`` (syllable, count), ``bigrams.tsv`` ("a b", count;
``<s>``/``</s>`` mark the ends of a run of words) and ``sources.json`` (the
files read, with their sha256).  Sources: corpora/documents/*.txt,
corpora/seeds/*.txt and the text of corpora/docx/*.docx, skipping texts that
are not real Vietnamese with marks (scanner text layers) and the source
documents of the held-out OCR test pages (corpora/ocr/manifest.json), plus the
Viet74K word list shipped with underthesea (each word adds 1 to its syllables
and to the pairs inside it).  ``--check`` rebuilds from the files listed in
sources.json, so adding a corpus file does not make the check fail.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from pipeline.ocr_correct import LOOKALIKES, WORD_RE, MODEL_DIR  # noqa: E402

MIN_MARKED_SHARE = 0.5  # real Vietnamese prose: 60-90 % of words carry a mark
RUN_RE = re.compile(rf"{WORD_RE.pattern}(?:[ \t]+{WORD_RE.pattern})*")


def read_source(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.extend(c.text for c in row.cells)
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def marked_share(text: str) -> float:
    words = WORD_RE.findall(text)
    return sum(1 for w in words if not w.isascii()) / max(1, len(words))


def default_sources() -> list[Path]:
    manifest = ROOT / "corpora" / "ocr" / "manifest.json"
    held_out = set()
    if manifest.exists():
        held_out = {e["source"] for e in json.loads(manifest.read_text(encoding="utf-8")) if e["split"] == "holdout"}
    files = sorted((ROOT / "corpora" / "documents").glob("*.txt")) + sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
    files += sorted((ROOT / "corpora" / "docx").glob("*.docx"))
    out = []
    for f in files:
        rel = f.relative_to(ROOT).as_posix()
        if rel in held_out or marked_share(read_source(f)) < MIN_MARKED_SHARE:
            continue
        out.append(f)
    return out


def dictionary_path() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"


def count(texts: list[str], dict_words: list[str]) -> tuple[Counter, Counter]:
    uni: Counter = Counter()
    bi: Counter = Counter()
    for text in texts:
        text = unicodedata.normalize("NFC", text).translate(LOOKALIKES)
        for m in RUN_RE.finditer(text):
            words = [w.lower() for w in m.group().split()]
            uni.update(words)
            seq = ["<s>"] + words + ["</s>"]
            bi.update(zip(seq, seq[1:]))
    for entry in dict_words:
        words = [w.lower() for w in re.split(r"[\s\-]+", unicodedata.normalize("NFC", entry)) if w]
        if not words or not all(WORD_RE.fullmatch(w) for w in words):
            continue
        uni.update(words)
        bi.update(zip(words, words[1:]))
    return uni, bi


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(sources: list[Path]) -> dict[str, str]:
    """File name -> content of the models/ocr files built from ``sources``."""
    dic = dictionary_path()
    uni, bi = count([read_source(p) for p in sources], dic.read_text(encoding="utf-8").splitlines())
    header = "# built by scripts/build_ocr_lexicon.py; do not edit\n"
    syl = header + "".join(f"{w}\t{n}\n" for w, n in sorted(uni.items(), key=lambda kv: (-kv[1], kv[0])))
    big = header + "".join(f"{a} {b}\t{n}\n" for (a, b), n in sorted(bi.items(), key=lambda kv: (-kv[1], kv[0])))
    meta = {
        "files": [{"path": p.relative_to(ROOT).as_posix(), "sha256": sha256(p)} for p in sources],
        "dictionary": {"path": "underthesea/corpus/data/Viet74K.txt", "sha256": sha256(dic)},
    }
    return {"syllables.tsv": syl, "bigrams.tsv": big, "sources.json": json.dumps(meta, indent=1) + "\n"}


def recorded_sources(model_dir: Path = MODEL_DIR) -> list[Path]:
    meta = json.loads((model_dir / "sources.json").read_text(encoding="utf-8"))
    return [ROOT / f["path"] for f in meta["files"]]


def check(model_dir: Path = MODEL_DIR) -> list[str]:
    """Names of the committed files that differ from a fresh build of their recorded sources."""
    fresh = build(recorded_sources(model_dir))
    return [name for name, content in fresh.items()
            if not (model_dir / name).exists() or (model_dir / name).read_text(encoding="utf-8") != content]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare models/ocr with a fresh build")
    args = ap.parse_args(argv)
    if args.check:
        bad = check()
        print("models/ocr differs from a fresh build: " + ", ".join(bad) if bad else "models/ocr is up to date")
        return 1 if bad else 0
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    files = build(default_sources())
    for name, content in files.items():
        (MODEL_DIR / name).write_text(content, encoding="utf-8")
    print(f"wrote {', '.join(files)} to {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
