"""Speed of the agency recogniser on the documents of corpora/ (not a test).

Usage: python bench/agencies_bench.py [--repeat N]

Prints the one-off load time (spaCy, gazetteer, word lists), then the time
per document and per 20 KB of text, and mentions per second.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs over the corpus (the best is reported)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from pipeline.extraction.agencies import find_agencies
    from pipeline.extraction.lexicon import lexicon

    lexicon()
    find_agencies("Sở Nội vụ tỉnh Ninh Thuận")
    load = time.perf_counter() - t0

    paths = sorted((ROOT / "corpora" / "documents").glob("*.txt")) + sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best, mentions = float("inf"), 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        mentions = sum(len(find_agencies(text)) for text in texts)
        best = min(best, time.perf_counter() - t)
    per_doc = best / len(texts) * 1000
    per_20k = best / (size / 20_000) * 1000
    print(f"load {load:.2f} s; {len(texts)} documents, {size / 1000:.0f} KB UTF-8, {mentions} mentions")
    print(f"{per_doc:.1f} ms/document, {per_20k:.1f} ms per 20 KB, {mentions / best:.0f} mentions/s, "
          f"{len(texts) / best:.0f} documents/s")


if __name__ == "__main__":
    main()
