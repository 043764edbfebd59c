"""Score extractions against gold annotations (the rules of ``shared/gold/README.md``).

Names match after NFKC normalisation with quotes, brackets and white space
removed; an entity matches when any of its names (canonical or alias) equals
any name of a gold entity, a typed match also needs the type; a relation
matches when its type and both resolved ends match.  Precision, recall and F1
are micro-averaged over documents, overall and per type.

>>> gold = {"a.json": {"entities": [{"name": "青岛", "type": "City", "aliases": []}], "relations": []}}
>>> evaluate(gold, gold).entities_typed.f1
1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_STRIP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】]")


def norm(name: object) -> str:
    """A name as compared: NFKC, without quotes, brackets and white space."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", str(name)))


def _names(entity: dict) -> list[str]:
    """The entity's compared names, its name first, then its aliases in their order (no repeats): matching
    tries them in this order, so the score does not depend on the order of a set (hash seed)."""
    return list(dict.fromkeys(n for n in (norm(x) for x in [entity.get("name", "")] + list(entity.get("aliases") or []))
                              if n))


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass(slots=True)
class EvalReport:
    """Overall and per-type scores, FUNDS amounts and the lists of misses."""

    documents: int
    entities: PRF
    entities_typed: PRF
    relations: PRF
    per_entity_type: dict[str, PRF]
    per_relation_type: dict[str, PRF]
    amounts_correct: int
    amounts_gold: int
    instruments_correct: int = 0
    """Typed-matched Programs, Funds and Policies whose gold instrument the extractor gave too."""
    instruments_gold: int = 0
    missed_entities: list[str] = field(default_factory=list)  # gold entities not found ("Type:name")
    spurious_entities: list[str] = field(default_factory=list)  # predicted, matching no gold entity
    wrong_types: list[str] = field(default_factory=list)  # "name: predicted != gold"
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)  # with the rule that proposed each, in brackets
    wrong_instruments: list[str] = field(default_factory=list)  # "name: predicted != gold"

    def as_dict(self) -> dict:
        def d(x: PRF) -> dict:
            return {"p": x.p, "r": x.r, "f": x.f1}
        return {
            "documents": self.documents, "entities": d(self.entities), "entities_typed": d(self.entities_typed),
            "relations": d(self.relations), "amounts_correct": [self.amounts_correct, self.amounts_gold],
            "instruments_correct": [self.instruments_correct, self.instruments_gold],
            "per_entity_type": {t: d(v) for t, v in self.per_entity_type.items()},
            "per_relation_type": {t: d(v) for t, v in self.per_relation_type.items()},
        }


def evaluate(pred: dict[str, dict], gold: dict[str, dict]) -> EvalReport:
    """Score ``pred`` against ``gold``; both map a document file name to its gold-format dict.

    Gold documents without a prediction count as documents where nothing was found.
    """
    tally: Counter = Counter()
    misses: dict[str, list[str]] = {k: [] for k in ("ent_fn", "ent_fp", "ent_type", "rel_fn", "rel_fp", "instr")}
    for name in sorted(gold):
        _score_doc(pred.get(name) or {}, gold[name], tally, misses)
    etypes = sorted({k[1] for k in tally if isinstance(k, tuple) and k[0] in ("ent_gold", "ent_pred") and k[1]})
    rtypes = sorted({k[1] for k in tally if isinstance(k, tuple) and k[0] in ("rel_gold", "rel_pred") and k[1]})
    return EvalReport(
        documents=len(gold),
        entities=PRF(tally["ent_tp"], tally["ent_pred"], tally["ent_gold"]),
        entities_typed=PRF(tally["ent_typed_tp"], tally["ent_pred"], tally["ent_gold"]),
        relations=PRF(tally["rel_tp"], tally["rel_pred"], tally["rel_gold"]),
        per_entity_type={t: PRF(tally[("ent_typed_tp", t)], tally[("ent_pred", t)], tally[("ent_gold", t)])
                         for t in etypes},
        per_relation_type={t: PRF(tally[("rel_tp", t)], tally[("rel_pred", t)], tally[("rel_gold", t)])
                           for t in rtypes},
        amounts_correct=tally["amount_ok"], amounts_gold=tally["amount_gold"],
        instruments_correct=tally["instr_ok"], instruments_gold=tally["instr_gold"],
        missed_entities=misses["ent_fn"], spurious_entities=misses["ent_fp"], wrong_types=misses["ent_type"],
        missed_relations=misses["rel_fn"], spurious_relations=misses["rel_fp"], wrong_instruments=misses["instr"],
    )


def _score_doc(pred: dict, gold: dict, tally: Counter, misses: dict[str, list[str]]) -> None:
    gents = gold.get("entities", [])
    by_name: dict[str, int] = {}
    for i, e in enumerate(gents):
        for n in _names(e):
            by_name.setdefault(n, i)
    matched: dict[int, dict] = {}
    pred_to_gold: dict[str, int] = {}
    for e in pred.get("entities", []):
        tally["ent_pred"] += 1
        tally[("ent_pred", e.get("type"))] += 1
        names = _names(e)
        g = next((by_name[n] for n in names if n in by_name), None)
        if g is not None:
            for n in names:
                pred_to_gold[n] = g
        if g is None or g in matched:
            misses["ent_fp"].append(f'{e.get("type")}:{e.get("name")}')
            continue
        matched[g] = e
        tally["ent_tp"] += 1
        want = gents[g].get("instrument")
        if want is not None and e.get("type") == gents[g]["type"]:
            tally["instr_gold"] += 1
            if e.get("instrument", "unknown") == want:
                tally["instr_ok"] += 1
            else:
                misses["instr"].append(f'{e.get("name")}: {e.get("instrument", "unknown")} != {want}')
        if e.get("type") == gents[g]["type"]:
            tally["ent_typed_tp"] += 1
            tally[("ent_typed_tp", e.get("type"))] += 1
        else:
            misses["ent_type"].append(f'{e.get("name")}: {e.get("type")} != {gents[g]["type"]}')
    for i, g in enumerate(gents):
        tally["ent_gold"] += 1
        tally[("ent_gold", g["type"])] += 1
        if i not in matched:
            misses["ent_fn"].append(f'{g["type"]}:{g["name"]}')

    def resolve(name: str) -> int | None:
        n = norm(name)
        return pred_to_gold[n] if n in pred_to_gold else by_name.get(n)

    gold_rel = {}
    for r in gold.get("relations", []):
        gold_rel[(by_name.get(norm(r["head"])), r["type"], by_name.get(norm(r["tail"])))] = r
    hit = set()
    for r in pred.get("relations", []):
        tally["rel_pred"] += 1
        tally[("rel_pred", r.get("type"))] += 1
        key = (resolve(r.get("head", "")), r.get("type"), resolve(r.get("tail", "")))
        if None in (key[0], key[2]) or key not in gold_rel or key in hit:
            rule = f' [{r["rule"]}]' if r.get("rule") else ""
            misses["rel_fp"].append(f'{r.get("head")} -{r.get("type")}-> {r.get("tail")}{rule}')
            continue
        hit.add(key)
        tally["rel_tp"] += 1
        tally[("rel_tp", r.get("type"))] += 1
        want = gold_rel[key].get("amount_cny")
        if want is not None:
            tally["amount_gold"] += 1
            got = r.get("amount_cny")
            if got is not None and abs(float(got) - float(want)) < 0.5:
                tally["amount_ok"] += 1
    for key, r in gold_rel.items():
        tally["rel_gold"] += 1
        tally[("rel_gold", r["type"])] += 1
        if key not in hit:
            misses["rel_fn"].append(f'{r["head"]} -{r["type"]}-> {r["tail"]}')
