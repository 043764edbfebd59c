"""Extraction speed in characters per second of CPU time on one core (the sample corpus, or any folders).

Usage:
    python bench/extract_speed.py [--repeat N]                       # the sample corpus
    python bench/extract_speed.py ../shared/realcorpus [--every K]    # real newspaper text (every K-th file)

CPU time (``time.process_time``) of one process, so other work on the machine
does not count; reading and cleaning the files is not timed, extraction is.
Extraction runs as ``kg build``, ``kg extract`` and ``kg eval`` run it
(``extract_documents``: LAC tags the sentences of a chunk of documents
together); ``--one-by-one`` times ``extract`` on each document alone instead
(what a program calling ``extract`` for single documents gets).
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

from kg.loaders.extract import extract, extract_documents
from kg.loaders.read import iter_paths, load_document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="Files or folders (default: the sample corpus).")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--every", type=int, default=1, help="Take every K-th file (sorted), for a quicker run.")
    ap.add_argument("--one-by-one", action="store_true", help="Extract each document alone (extract(), not extract_documents()).")
    args = ap.parse_args()
    if args.paths:
        files = iter_paths(list(args.paths))[:: args.every]
    else:
        folder = resources.files("kg.corpus").joinpath("sample")
        files = [Path(str(p)) for p in sorted(folder.iterdir()) if p.name.endswith(".txt")]
    docs = [load_document(p) for p in files]
    extract(docs[0])  # warm up: jieba dictionary, gazetteers, LAC, models
    chars = sum(len(d.text) for d in docs) * args.repeat
    t0 = time.process_time()
    for _ in range(args.repeat):
        if args.one_by_one:
            for d in docs:
                extract(d)
        else:
            for _g in extract_documents(docs):
                pass
    dt = time.process_time() - t0
    how = "one by one" if args.one_by_one else "in chunks, as kg build does"
    print(f"{len(docs)} documents x {args.repeat} ({how}): {chars:,} chars in {dt:.2f} s CPU"
          f" = {chars / dt:,.0f} chars/s per core")


if __name__ == "__main__":
    main()
