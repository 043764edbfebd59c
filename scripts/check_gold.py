"""Check hand-made gold annotations against their documents and the ontology.

    python scripts/check_gold.py tests/data/real/train [more dirs or .json files]

For every ``X.json`` next to its ``X.txt`` it checks: the format of
``shared/gold/README.md``; types from ``ONTOLOGY.md``; every alias occurs in
the text and every entity is mentioned (its name or an alias); no name is
given to two entities; relation ends are listed entities, the types fit the
ontology's head → tail shapes, evidence is a substring of the text, FUNDS
amounts are numbers (entities named by no surface form of the
text are only warned about); Program, Fund and Policy entities carry an
``instrument`` from ``schema/instruments.json``.  Prints one line per problem
and exits 1 if there is any.  It reads no extractor code: annotators may run
it without seeing what the extractor would find.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.model import ACTOR_TYPES, ENTITY_TYPES, PLACE_TYPES, RELATION_TYPES, SCHEME_TYPES  # noqa: E402

INSTRUMENTS = {i["id"] for i in json.loads((ROOT / "schema" / "instruments.json").read_text())["instruments"]}
ORGS = ACTOR_TYPES - {"Person"}
_STRIP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】]")

SHAPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "FUNDS": (frozenset({"Fund", "Financier", "Agency", "Program", "Company"}), ACTOR_TYPES | {"Fund"}),
    "HOSTS": (frozenset({"Incubator", "Park", "University", "Company", "Institute", "Lab"}), ACTOR_TYPES | {"Program"}),
    "BELONGS_TO": (frozenset(ENTITY_TYPES), frozenset(ENTITY_TYPES)),
    "LOCATED_IN": (ORGS | PLACE_TYPES, PLACE_TYPES),
    "ADMINISTERS": (frozenset({"Agency"}), frozenset({"Program", "Fund", "Policy", "Park"})),
    "SUPPORTS": (SCHEME_TYPES, frozenset({"Sector"})),
    "AFFILIATED_WITH": (frozenset({"Person"}), ORGS),
    "FOCUSES_ON": (ACTOR_TYPES, frozenset({"Sector"})),
    "PARTNERS_WITH": (ACTOR_TYPES, ACTOR_TYPES),
}


def norm(name: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", str(name)))


def check(path: Path) -> list[str]:
    """Problems of one gold file, each as ``file: what``."""
    txt = path.with_suffix(".txt")
    out: list[str] = []

    def bad(msg: str) -> None:
        out.append(f"{path.name}: {msg}")

    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        return [f"{path.name}: unreadable JSON: {e}"]
    if not txt.exists():
        return [f"{path.name}: no document {txt.name} next to it"]
    text = txt.read_text(encoding="utf-8")
    flat = norm(text)
    if gold.get("doc") != txt.name:
        bad(f'"doc" should be {txt.name!r}')
    if "about_city" not in gold:
        bad('"about_city" missing (a city name, or null)')
    owner: dict[str, str] = {}
    types: dict[str, str] = {}
    for e in gold.get("entities", []):
        name, typ, aliases = e.get("name"), e.get("type"), e.get("aliases", [])
        if not name or typ not in ENTITY_TYPES or not isinstance(aliases, list):
            bad(f"entity {e!r}: needs name, a type of the ontology and an aliases list")
            continue
        if name in types:
            bad(f"entity {name!r} listed twice")
        types[name] = typ
        for n in [name, *aliases]:
            k = norm(n)
            if owner.get(k, name) != name:
                bad(f"name {n!r} given to both {owner[k]!r} and {name!r}")
            owner[k] = name
        for a in aliases:
            if norm(a) not in flat:
                bad(f"alias {a!r} of {name!r} does not occur in the text")
        if not any(norm(n) in flat for n in [name, *aliases]):
            bad(f"warning: entity {name!r}: neither its name nor an alias occurs (fine only for a body named by a"
                " short form shared by several entities, see the gold README)")
        if typ in SCHEME_TYPES and e.get("instrument") not in INSTRUMENTS:
            bad(f"{typ} {name!r}: instrument {e.get('instrument')!r} is not one of {sorted(INSTRUMENTS)}")
        if typ not in SCHEME_TYPES and "instrument" in e:
            bad(f"{typ} {name!r}: only Program, Fund and Policy take an instrument")
    seen = set()
    for r in gold.get("relations", []):
        h, t, typ = r.get("head"), r.get("tail"), r.get("type")
        if typ not in RELATION_TYPES:
            bad(f"relation {r!r}: type not in the ontology")
            continue
        if h not in types or t not in types:
            bad(f"relation {h} -{typ}-> {t}: both ends must be canonical names of listed entities")
            continue
        if (h, typ, t) in seen:
            bad(f"relation {h} -{typ}-> {t} listed twice")
        seen.add((h, typ, t))
        heads, tails = SHAPES[typ]
        if types[h] not in heads or types[t] not in tails:
            bad(f"relation {h} ({types[h]}) -{typ}-> {t} ({types[t]}): shape not allowed by the ontology")
        ev = r.get("evidence", "")
        if not ev or ev not in text:
            bad(f"relation {h} -{typ}-> {t}: evidence is not a substring of the text: {ev[:40]!r}")
        if "amount_cny" in r and not isinstance(r["amount_cny"], (int, float)):
            bad(f"relation {h} -{typ}-> {t}: amount_cny must be a number of yuan")
    return out


def main(args: list[str]) -> int:
    files: list[Path] = []
    for a in args:
        p = Path(a)
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    files = [f for f in files if f.name != "split.json"]
    problems = [msg for f in files for msg in check(f)]
    for msg in problems:
        print(msg)
    errors = [m for m in problems if ": warning: " not in m]
    print(f"{len(files)} files, {len(errors)} errors, {len(problems) - len(errors)} warnings", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
