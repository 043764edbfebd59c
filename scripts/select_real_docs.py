"""Pick the real 人民日报 articles to annotate and split them, once, reproducibly.

    python scripts/select_real_docs.py ../shared/realcorpus tests/data/real

Draws (seed 13) 36 articles of at most 5,000 characters from the corpus's
``innovation_dense.txt`` and 12 of 600–3,500 characters from the rest of the
newspaper, then puts 10 dense and 4 other articles in the frozen ``test``
split and the rest in ``train``.  Copies each text unchanged into
``OUT/<split>/`` and writes ``OUT/split.json``.  Run once, before any
annotation; the split is then fixed and this script is kept as the record of
how it was drawn.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

SEED = 13
DENSE, OTHER = 36, 12
TEST_DENSE, TEST_OTHER = 10, 4


def main(corpus: Path, out: Path) -> None:
    dense = [line.strip() for line in (corpus / "innovation_dense.txt").read_text().splitlines() if line.strip()]
    every = sorted(p.relative_to(corpus).as_posix() for p in corpus.glob("20*/*.txt"))
    size = {p: len((corpus / p).read_text(encoding="utf-8")) for p in every}
    dense_pool = sorted(p for p in dense if size[p] <= 5000)
    other_pool = sorted(p for p in every if p not in set(dense) and 600 <= size[p] <= 3500)
    rng = random.Random(SEED)
    dense_pick = rng.sample(dense_pool, DENSE)
    other_pick = rng.sample(other_pool, OTHER)
    split = {"test": sorted(dense_pick[:TEST_DENSE] + other_pick[:TEST_OTHER]),
             "train": sorted(dense_pick[TEST_DENSE:] + other_pick[TEST_OTHER:])}
    for name, docs in split.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        for p in docs:
            shutil.copyfile(corpus / p, out / name / Path(p).name)
    record = {"seed": SEED, "source": "../shared/realcorpus (人民日报, see README.md)",
              "dense": sorted(dense_pick), "other": sorted(other_pick), **split}
    (out / "split.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(split['train'])} train, {len(split['test'])} test")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
