"""A random sample of the extracted graph, to be judged against ONTOLOGY.md, and the precision of the judgements.

    python bench/precision_sample.py draw --uri bolt://127.0.0.1:7687 --out docs/precision [--seed 13]
    python bench/precision_sample.py score docs/precision

``draw`` takes, with a fixed seed, 150 entities (named in some document) and
100 relationships of the ontology's types (not the taxonomy's own links) from
a built graph, each with the sentence and document it was read from, and
writes ``entities.jsonl`` and ``relations.jsonl`` with an empty
``judgement`` field.  A judge fills in ``"judgement": {"correct": true|false,
"why": "…"}`` for each line, reading the sentence and the ontology only.
``score`` prints the precision of the judged lines (per type too).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from neo4j import GraphDatabase

ENTITIES, RELATIONS = 150, 100

ENTITY_QUERY = """
MATCH (e:Entity)-[m:MENTIONED_IN]->(s:Sentence)<-[:HAS_SENTENCE]-(d:Document)
WITH e, m, s, d ORDER BY d.name, s.index
WITH e, collect({sentence: s.text, document: d.name, surface: m.text})[0] AS first
RETURN e.key AS key, e.type AS type, e.name AS name, coalesce(e.aliases, []) AS aliases,
       e.confidence AS confidence, first.sentence AS sentence, first.document AS document, first.surface AS surface
ORDER BY key
"""
RELATION_QUERY = """
MATCH (h:Entity)-[r]->(t:Entity)
WHERE type(r) IN $types AND coalesce(r.source, '') <> 'taxonomy' AND size(coalesce(r.evidence, [])) > 0
RETURN elementId(r) AS id, h.name AS head, h.type AS head_type, type(r) AS type, t.name AS tail,
       t.type AS tail_type, r.amount_cny AS amount_cny, r.role AS role, r.confidence AS confidence,
       coalesce(r.rules, []) AS rules, r.evidence[0] AS sentence_id
ORDER BY head, type, tail
"""
SENTENCE_QUERY = """
MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence {id: $id}) RETURN s.text AS sentence, d.name AS document
"""
TYPES = ["FUNDS", "HOSTS", "BELONGS_TO", "LOCATED_IN", "ADMINISTERS", "SUPPORTS", "AFFILIATED_WITH",
         "FOCUSES_ON", "PARTNERS_WITH"]


def draw(uri: str, out: Path, seed: int) -> None:
    rng = random.Random(seed)
    with GraphDatabase.driver(uri, auth=None) as drv:
        ents = [dict(r) for r in drv.execute_query(ENTITY_QUERY).records]
        rels = [dict(r) for r in drv.execute_query(RELATION_QUERY, types=TYPES).records]
        ent_sample = rng.sample(ents, min(ENTITIES, len(ents)))
        rel_sample = rng.sample(rels, min(RELATIONS, len(rels)))
        for r in rel_sample:
            rec = drv.execute_query(SENTENCE_QUERY, id=r.pop("sentence_id")).records
            r.update(dict(rec[0]) if rec else {"sentence": None, "document": None})
            r.pop("id")
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("entities", ent_sample), ("relations", rel_sample)):
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({**row, "judgement": None}, ensure_ascii=False) + "\n")
    print(f"{len(ent_sample)} of {len(ents):,} entities and {len(rel_sample)} of {len(rels):,} relations "
          f"(seed {seed}) → {out}")


def score(folder: Path) -> None:
    for name, kind in (("entities", "type"), ("relations", "type")):
        rows = [json.loads(ln) for ln in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if ln]
        judged = [r for r in rows if r.get("judgement")]
        ok = [r for r in judged if r["judgement"].get("correct")]
        print(f"{name}: {len(ok)}/{len(judged)} correct = {len(ok) / max(1, len(judged)):.3f} "
              f"({len(rows) - len(judged)} not judged)")
        total, good = Counter(r[kind] for r in judged), Counter(r[kind] for r in ok)
        for t, n in total.most_common():
            print(f"  {t}: {good[t]}/{n}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--uri", default="bolt://127.0.0.1:7687")
    d.add_argument("--out", type=Path, default=Path("docs/precision"))
    d.add_argument("--seed", type=int, default=13)
    s = sub.add_parser("score")
    s.add_argument("folder", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "draw":
        draw(a.uri, a.out, a.seed)
    else:
        score(a.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
