"""How many real bodies the graph holds more than once: entity duplicates across documents.

    python bench/duplicates.py [--uri bolt://127.0.0.1:7687] [--examples 20] [--json out.json]

Groups the entities of each type by a normalised name (no 中国/国家/省/市
prefix words, no quotes, the usual long and short forms made one:
高新技术产业开发区 → 高新区, 经济技术开发区 → 经开区, 管理委员会 → 管委会,
科学技术局 → 科技局, 有限公司/股份有限公司/集团 dropped) and counts the groups
holding more than one node: each extra node is a duplicate a user would see
as two entries for one body.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict

from neo4j import GraphDatabase

FORMS = (("高新技术产业开发区", "高新区"), ("国家高新区", "高新区"), ("经济技术开发区", "经开区"),
         ("国家级", ""), ("管理委员会", "管委会"), ("科学技术局", "科技局"), ("科学技术厅", "科技厅"),
         ("科学技术部", "科技部"), ("人民政府", "政府"), ("股份有限公司", ""), ("有限责任公司", ""),
         ("集团有限公司", ""), ("有限公司", ""), ("集团", ""), ("委员会", "委"))
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】·]")
KINDS = ("Agency", "Park", "Company", "University", "Institute", "Lab", "Incubator", "Financier", "Fund", "Program")


def normalise(name: str) -> str:
    n = _NOISE.sub("", name)
    for long, short in FORMS:
        n = n.replace(long, short)
    n = re.sub(r"^(中国|国家)", "", n)
    n = re.sub(r"(?<=[\u4e00-\u9fff]{2})[省市](?=[\u4e00-\u9fff])", "", n, count=1)
    return n


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uri", default="bolt://127.0.0.1:7687")
    ap.add_argument("--examples", type=int, default=20)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    with GraphDatabase.driver(a.uri, auth=None) as drv:
        rows = drv.execute_query("MATCH (e:Entity) WHERE e.type IN $kinds AND EXISTS { (e)-[:MENTIONED_IN]->() } "
                                 "RETURN e.type AS type, e.name AS name", kinds=list(KINDS)).records
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        groups[(r["type"], normalise(r["name"]))].append(r["name"])
    dup = {k: sorted(v) for k, v in groups.items() if len(v) > 1}
    extra = sum(len(v) - 1 for v in dup.values())
    by_type: dict[str, int] = defaultdict(int)
    for (t, _), v in dup.items():
        by_type[t] += len(v) - 1
    out = {"entities": len(rows), "groups_with_duplicates": len(dup), "duplicate_nodes": extra,
           "duplicate_share": round(extra / max(1, len(rows)), 4), "by_type": dict(sorted(by_type.items())),
           "examples": [{"type": t, "names": v} for (t, _), v in sorted(dup.items())[: a.examples]]}
    print(f"{len(rows):,} named organisations/schemes; {len(dup):,} bodies held more than once, "
          f"{extra:,} duplicate nodes ({out['duplicate_share']:.1%})")
    for t, n in sorted(by_type.items(), key=lambda kv: -kv[1]):
        print(f"  {t}: {n}")
    for ex in out["examples"]:
        print(f"  {ex['type']}: {' / '.join(ex['names'])}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
