"""Draw more real 人民日报 articles to annotate, reproducibly, into the training side.

    python scripts/select_more_real_docs.py ../shared/realcorpus tests/data/real            # train2, seed 15
    python scripts/select_more_real_docs.py ../shared/realcorpus tests/data/real train3 16  # train3, seed 16
    python scripts/select_more_real_docs.py ../shared/realcorpus tests/data/real train5 18 --dense 18 --max-dense 6000
    python scripts/select_more_real_docs.py ../shared/realcorpus tests/data/real train6 19 --dense 16 --max-dense 8000 --other 8
    python scripts/select_more_real_docs.py ../shared/realcorpus tests/data/real train8 21 --dense 2 --max-dense 14000 --other 22 --cues 8

Each batch draws (with its seed) 24 articles (``--dense``) of at most 4,500 characters from ``innovation_dense.txt`` and 6 (``--other``) of
600–3,000 characters from the rest of the newspaper (with ``--cues N``, only those holding at least N words of
innovation news such as 科技, 研发, 实验室, 公司), none already drawn by
``select_real_docs.py`` or an earlier batch and none whose text repeats (the crawl holds some articles twice) or shares
its opening with an article of the frozen ``test`` split.  Copies each text unchanged into
``OUT/<batch>/`` and records the draw in ``OUT/split.json`` under the batch's name.  Run once, before any
annotation; the frozen ``test`` split is untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
from pathlib import Path

SEED = 15
DENSE, OTHER = 24, 6
OPENING = 120
CUES = re.compile("科技|创新|研发|实验室|研究院|研究所|产业园|高新|基金|孵化|大学|集团|公司")
"""Words of innovation news: ``--cues`` draws other articles that hold enough of them."""


def _key(text: str) -> str:
    return hashlib.sha1("".join(text.split()).encode()).hexdigest()


def main(corpus: Path, out: Path, batch: str = "train2", seed: int = SEED,
         n_dense: int = DENSE, max_dense: int = 4500, n_other: int = OTHER, cues: int = 0) -> None:
    record = json.loads((out / "split.json").read_text(encoding="utf-8"))
    if batch in record or batch in ("test", "train"):
        raise SystemExit(f"{batch} was drawn already")
    drawn = set(record["dense"]) | set(record["other"])
    for earlier in record.values():
        if isinstance(earlier, dict):
            drawn |= set(earlier["dense"]) | set(earlier["other"]) | set(earlier.get("dropped", {}))
    text = {p.relative_to(corpus).as_posix(): p.read_text(encoding="utf-8") for p in corpus.glob("20*/*.txt")}
    taken_keys = {_key(text[p]) for p in drawn}
    test_openings = {"".join(text[p].split())[:OPENING] for p in record["dense"] + record["other"]
                     if Path(p).name in {Path(t).name for t in record["test"]}}
    dense = {line.strip() for line in (corpus / "innovation_dense.txt").read_text().splitlines() if line.strip()}

    def fresh(p: str) -> bool:
        return (p not in drawn and _key(text[p]) not in taken_keys
                and "".join(text[p].split())[:OPENING] not in test_openings)

    first: dict[str, str] = {}
    for p in sorted(text):  # one path per distinct text
        first.setdefault(_key(text[p]), p)
    unique = set(first.values())
    dense_pool = sorted(p for p in dense & unique if len(text[p]) <= max_dense and fresh(p))
    other_pool = sorted(p for p in unique - dense if 600 <= len(text[p]) <= 3000 and fresh(p)
                        and len(CUES.findall(text[p])) >= cues)
    rng = random.Random(seed)
    print(f"pools: {len(dense_pool)} dense, {len(other_pool)} other")
    pick = sorted(rng.sample(dense_pool, n_dense) + rng.sample(other_pool, n_other))
    (out / batch).mkdir(parents=True, exist_ok=True)
    for p in pick:
        shutil.copyfile(corpus / p, out / batch / Path(p).name)
    record[batch] = {"seed": seed, "dense": sorted(set(pick) & dense), "other": sorted(set(pick) - dense)}
    if cues:
        record[batch]["cues"] = cues
    (out / "split.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pick)} more training articles in {out / batch}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("batch", nargs="?", default="train2")
    ap.add_argument("seed", nargs="?", type=int, default=SEED)
    ap.add_argument("--dense", type=int, default=DENSE, help="articles from innovation_dense.txt")
    ap.add_argument("--max-dense", type=int, default=4500, help="longest dense article, in characters")
    ap.add_argument("--other", type=int, default=OTHER, help="articles from the rest of the newspaper")
    ap.add_argument("--cues", type=int, default=0, help="other articles must hold this many words of innovation news")
    args = ap.parse_args()
    main(args.corpus, args.out, args.batch, args.seed, args.dense, args.max_dense, args.other, args.cues)
