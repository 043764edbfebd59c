"""Extraction speed on the sample corpus, in characters per second on one core.

Usage: python bench/extract_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from importlib import resources

from kg.loaders.extract import extract
from kg.loaders.read import load_document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = resources.files("kg.corpus").joinpath("sample")
    docs = [load_document(str(p)) for p in sorted(folder.iterdir()) if p.name.endswith(".txt")]
    extract(docs[0])  # warm up: jieba dictionary, gazetteers
    chars = sum(len(d.text) for d in docs) * args.repeat
    t0 = time.process_time()
    for _ in range(args.repeat):
        for d in docs:
            extract(d)
    dt = time.process_time() - t0
    print(f"{len(docs)} documents x {args.repeat}: {chars} chars in {dt:.2f} s CPU = {chars / dt:,.0f} chars/s per core")


if __name__ == "__main__":
    main()
