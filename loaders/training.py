"""Train the scorers of :mod:`kg.loaders.scoring` on annotated documents (``kg train``).

Every gold document is run through the pipeline without the scorer being
trained; each candidate it makes is labelled by the gold file (the gold type
of the gold entity it names, else ``NONE``), and a multinomial logistic
regression (scikit-learn, a training-only dependency) is fitted on the
candidates' features.  Regularisation and the keep threshold are chosen by
cross-validation over documents (no document is scored by a model that saw
it).  The result is written as JSON (weights rounded to six decimals, keys
sorted): training twice on the same documents gives the same file.

Only documents you may tune on belong here: ``tests/data/real/test`` is the
frozen test split and is refused.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.evaluate import norm
from kg.loaders.components.relscore import CANDIDATE_ONLY
from kg.loaders.scoring import NONE, Model, entity_choice

C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.20 … 0.80
FOLDS = 5
ENTITY_MIN_COUNT = 2
"""Entity features (name bigrams, context characters) seen in one candidate only are left out: the same
cross-validated F1, a model a third the size."""
FLAT = 0.005
"""How much cross-validated F1 the entity threshold and the candidate-only relation threshold may give up for
precision (a graph people query is better short of a doubtful name than holding it)."""


@dataclass(slots=True)
class Example:
    """One candidate: the document it came from, its proposed type, its features and its gold label."""

    doc: str
    proposed: str
    features: list[str]
    label: str
    target: str | None = None
    """The gold entity or relation the candidate names (several candidates may name one: it counts once)."""


def _gold_index(gold: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e in gold.get("entities", []):
        for n in [e["name"], *(e.get("aliases") or [])]:
            out.setdefault(norm(n), e)
    return out


def gold_documents(dirs: Iterable[Path]) -> list[tuple[Path, dict]]:
    """``(document path, gold dict)`` of every ``X.json`` with its ``X.txt`` in ``dirs`` (sorted)."""
    out = []
    for d in dirs:
        d = Path(d)
        if d.resolve().parts[-2:] == ("real", "test"):
            raise KgError(f"{d} is the frozen test split: it is scored, never trained on")
        for g in sorted(d.glob("*.json")):
            txt = g.with_suffix(".txt")
            if g.name == "split.json" or not txt.is_file():
                continue
            out.append((txt, json.loads(g.read_text(encoding="utf-8"))))
    if not out:
        raise KgError("no annotated documents (X.json next to X.txt) in the given folders")
    return out


def entity_examples(docs: Sequence[tuple[Path, dict]]) -> list[Example]:
    """The labelled candidate entities of the documents (pipeline without the entity scorer)."""
    from kg.loaders.components.score import features_of
    from kg.loaders.extract import process
    from kg.loaders.read import load_document

    out: list[Example] = []
    for path, gold in docs:
        index = _gold_index(gold)
        sdoc = process(load_document(path), skip=("kg_score", "kg_relate"))
        feats = features_of(sdoc)
        for key, e in sorted(sdoc._.kg_entities.items()):
            match = next((index[n] for n in map(norm, [e.name, *sorted(e.aliases)]) if n in index), None)
            out.append(Example(path.name, e.type, feats[key], match["type"] if match else NONE,
                               f"{path.name}:{match['name']}" if match else None))
    return out


def _fit(examples: Sequence[Example], c: float, min_count: int = 1):
    """A logistic regression over the features seen in at least ``min_count`` of the examples."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for ex in examples for f in set(ex.features)) if min_count > 1 else None
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{f: 1 for f in ex.features if seen is None or seen[f] >= min_count} for ex in examples])
    clf = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    clf.fit(x, [ex.label for ex in examples])
    return vec, clf


def _to_model(vec, clf, threshold: float) -> dict:
    classes = [str(c) for c in clf.classes_]
    if len(classes) == 2:  # one weight vector for the second class: scores (0, w·x + b) give the same probabilities
        coef = [[0.0] * clf.coef_.shape[1], list(clf.coef_[0])]
        bias = [0.0, float(clf.intercept_[0])]
    else:
        coef, bias = clf.coef_, clf.intercept_
    weights = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        w = [round(float(coef[i][j]), 6) for i in range(len(classes))]
        if any(w):
            weights[str(name)] = w
    return {"classes": classes, "bias": [round(float(b), 6) for b in bias], "threshold": threshold,
            "weights": dict(sorted(weights.items()))}


def _f1(tp: int, kept: int, gold_total: int) -> float:
    p = tp / kept if kept else 0.0
    r = tp / gold_total if gold_total else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _decisions(examples: Sequence[Example], models: dict[str, Model]) -> list[tuple[Example, str, float]]:
    """``(example, type it would be kept as, probability it is an entity)`` under each document's model."""
    return [(ex, *entity_choice(models[ex.doc], ex.proposed, ex.features)) for ex in examples]


def _entity_f1(examples: Sequence[Example], models: dict[str, Model], threshold: float, gold_total: int) -> float:
    return _decided_f1(_decisions(examples, models), {}, threshold, gold_total)


def _prf(tp: int, kept: int, gold: int) -> str:
    p = tp / kept if kept else 0.0
    r = tp / gold if gold else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {_f1(tp, kept, gold):.3f} ({tp}/{kept} kept, {gold} gold)"


def _report(kept: Sequence[tuple[str, str | None]], covered: dict[str, set[str]], gold: dict[str, int],
            log) -> None:
    """Log cross-validated precision and recall, overall and per type, and how much of the gold the
    candidates cover.  ``kept``: (type, target or None) of every kept candidate; ``covered``: the targets
    any candidate names, by type; ``gold``: gold counts by type."""
    total_gold = sum(gold.values())
    hits: dict[str, set[str]] = {}
    n_kept: dict[str, int] = {}
    for type_, target in kept:
        n_kept[type_] = n_kept.get(type_, 0) + 1
        if target is not None:
            hits.setdefault(type_, set()).add(target)
    tp = sum(len(v) for v in hits.values())
    n_cov = sum(len(v) for v in covered.values())
    log(f"  cross-validated: {_prf(tp, len(kept), total_gold)}; candidates name {n_cov}/{total_gold} of the gold")
    for type_ in sorted(set(gold) | set(n_kept)):
        log(f"    {type_:16} {_prf(len(hits.get(type_, ())), n_kept.get(type_, 0), gold.get(type_, 0))}; "
            f"candidates {len(covered.get(type_, ()))}")


def _gold_by_type(docs: Sequence[tuple[Path, dict]], part: str) -> dict[str, int]:
    """How many gold ``part`` (``entities`` or ``relations``) the documents hold, by type."""
    return dict(Counter(x["type"] for _, g in docs for x in g.get(part, [])))


def _candidate_only(ex: Example) -> bool:
    rules = [f.split("=", 1)[1] for f in ex.features if f.startswith("rule=") and "|" not in f]
    return bool(rules) and set(rules) <= CANDIDATE_ONLY


def _relation_f1(examples: Sequence[Example], models: dict[str, Model], threshold: float, gold_total: int,
                 candidate_threshold: float | None = None) -> float:
    hits: set[str] = set()
    kept = 0
    for ex in examples:
        limit = candidate_threshold if candidate_threshold is not None and _candidate_only(ex) else threshold
        if models[ex.doc].probabilities(ex.features).get("REL", 0.0) >= limit:
            kept += 1
            if ex.label == "REL" and ex.target not in hits:
                hits.add(ex.target)
    return _f1(len(hits), kept, gold_total)


def _folds(examples: Sequence[Example]) -> tuple[list[str], list[list[str]]]:
    """The documents of ``examples`` (sorted) and the :data:`FOLDS` folds of them cross-validation holds out."""
    names = sorted({ex.doc for ex in examples})
    return names, [names[i::FOLDS] for i in range(FOLDS)]


def _train(examples: Sequence[Example], gold_total: int, f1, log, flat: float = 0.0, min_count: int = 1
           ) -> tuple[dict, dict[str, Model], float]:
    """Fit on every example with the C and threshold that cross-validation over documents liked best; with
    ``flat``, the highest threshold of that C whose F1 is within ``flat`` of the best (precision where F1 is
    flat).  Features seen in fewer than ``min_count`` examples are left out.

    Returns the model, the cross-validation models of that C (by held-out document) and its F1.
    """
    names, folds = _folds(examples)
    best = (-1.0, C_GRID[0], THRESHOLDS[0])
    cv_models: dict[float, dict[str, Model]] = {}
    scores: dict[tuple[float, float], float] = {}
    for c in C_GRID:
        models: dict[str, Model] = {}
        for held in folds:
            rest = [ex for ex in examples if ex.doc not in held]
            vec, clf = _fit(rest, c, min_count)
            m = Model.from_json(_to_model(vec, clf, 0.5))
            models.update({d: m for d in held})
        cv_models[c] = models
        for t in THRESHOLDS:
            score = scores[(c, t)] = f1(examples, models, t, gold_total)
            if score > best[0] + 1e-9:
                best = (score, c, t)
        log(f"  C={c}: best cross-validated F1 so far {best[0]:.3f} (C={best[1]}, threshold={best[2]})")
    if flat:
        t = flat_threshold({t: scores[(best[1], t)] for t in THRESHOLDS}, flat)
        if t != best[2]:
            log(f"  threshold {best[2]} → {t}: cross-validated F1 {scores[(best[1], t)]:.3f} (within {flat} of the best)")
            best = (scores[(best[1], t)], best[1], t)
    vec, clf = _fit(examples, best[1], min_count)
    model = _to_model(vec, clf, best[2])
    model["trained_on"] = {"documents": len(names), "candidates": len(examples), "C": best[1],
                           "cv_f1": round(best[0], 4)}
    return model, cv_models[best[1]], best[0]


def flat_threshold(f1_by_threshold: dict[float, float], flat: float) -> float:
    """The highest threshold whose F1 is within ``flat`` of the best one."""
    top = max(f1_by_threshold.values())
    return max(t for t, f in f1_by_threshold.items() if f >= top - flat)


def train_entities(docs: Sequence[tuple[Path, dict]], log=print) -> dict:
    """The entity model (JSON-ready dict) trained on ``docs``, C and threshold chosen by cross-validation."""
    examples = entity_examples(docs)
    gold_total = sum(len(g.get("entities", [])) for _, g in docs)
    model, cv, _ = _train(examples, gold_total, _entity_f1, log, flat=FLAT, min_count=ENTITY_MIN_COUNT)
    gold = _gold_by_type(docs, "entities")
    decisions = _decisions(examples, cv)
    by_type = type_thresholds(decisions, model["threshold"], gold_total, log)
    if by_type:
        model["type_thresholds"] = by_type
    covered: dict[str, set[str]] = {}
    for ex in examples:
        if ex.target is not None:
            covered.setdefault(ex.label, set()).add(ex.target)
    kept = [(t, ex.target if t == ex.label else None) for ex, t, keep in decisions
            if keep >= by_type.get(t, model["threshold"])]
    _report(kept, covered, gold, log)
    return model


def _decided_f1(decisions: Sequence[tuple[Example, str, float]], by_type: dict[str, float], default: float,
                gold_total: int) -> float:
    hits: set[str] = set()
    kept = 0
    for ex, type_, keep in decisions:
        if keep >= by_type.get(type_, default):
            kept += 1
            if type_ == ex.label and ex.target not in hits:
                hits.add(ex.target)
    return _f1(len(hits), kept, gold_total)


def type_thresholds(decisions: Sequence[tuple[Example, str, float]], default: float, gold_total: int,
                    log=print) -> dict[str, float]:
    """A threshold per entity type where one of its own beats the common one in cross-validation.

    ``decisions``: (example, type it would be kept as, probability it is an entity) under the models that
    did not see its document.  Types are taken one at a time, most candidates first; each gets the highest
    threshold whose overall F1 is within :data:`FLAT` of the best for it (as the common threshold is chosen),
    and keeps the common one unless that gains more than :data:`FLAT`.
    """
    by_type: dict[str, float] = {}
    counts = Counter(t for _, t, _ in decisions)
    base = _decided_f1(decisions, by_type, default, gold_total)
    for type_ in sorted(counts, key=lambda t: (-counts[t], t)):
        scores = {t: _decided_f1(decisions, {**by_type, type_: t}, default, gold_total) for t in THRESHOLDS}
        best = flat_threshold(scores, FLAT)
        if best != default and scores[best] > base + FLAT:
            by_type[type_] = best
            log(f"  {type_}: threshold {best} (cross-validated F1 {base:.4f} → {scores[best]:.4f})")
            base = scores[best]
    return dict(sorted(by_type.items()))


def relation_examples(docs: Sequence[tuple[Path, dict]], stats: dict[str, int] | None = None) -> list[Example]:
    """The labelled candidate relations of the documents (pipeline with the entity scorer, without the
    relation scorer): a candidate is a relation when the gold file has its type between the gold entities
    its ends name.  ``stats`` (when given) counts the gold relations whose two ends are both found
    (``both_ends``)."""
    from kg.loaders.components.relscore import features_of
    from kg.loaders.extract import process
    from kg.loaders.read import load_document

    out: list[Example] = []
    for path, gold in docs:
        ids = {}
        for i, e in enumerate(gold.get("entities", [])):
            for n in [e["name"], *(e.get("aliases") or [])]:
                ids.setdefault(norm(n), i)
        wanted = {(ids.get(norm(r["head"])), r["type"], ids.get(norm(r["tail"]))) for r in gold.get("relations", [])}
        sdoc = process(load_document(path), skip=("kg_relscore",))
        ents = sdoc._.kg_entities

        def gold_id(key: str) -> int | None:
            e = ents.get(key)
            return None if e is None else next((ids[n] for n in map(norm, [e.name, *sorted(e.aliases)])
                                               if n in ids), None)

        if stats is not None:
            found = {gold_id(k) for k in ents} - {None}
            stats["both_ends"] = stats.get("both_ends", 0) + sum(
                1 for r in gold.get("relations", [])
                if ids.get(norm(r["head"])) in found and ids.get(norm(r["tail"])) in found)
        for r, feats in features_of(sdoc):
            h, t = gold_id(r.head), gold_id(r.tail)
            hit = h is not None and t is not None and (h, r.type, t) in wanted
            out.append(Example(path.name, r.type, feats, "REL" if hit else NONE,
                               f"{path.name}:{h}:{r.type}:{t}" if hit else None))
    return out


def train_relations(docs: Sequence[tuple[Path, dict]], log=print) -> dict:
    """The relation model trained on ``docs`` (run after the entity model is in place)."""
    stats: dict[str, int] = {}
    examples = relation_examples(docs, stats)
    gold_total = sum(len(g.get("relations", [])) for _, g in docs)
    log(f"  gold relations with both ends among the entities: {stats.get('both_ends', 0)}/{gold_total}")
    model, cv, best = _train(examples, gold_total, _relation_f1, log)
    # Relations only co-occurrence or a document's topic proposed are the least certain: they need the highest
    # probability that costs at most FLAT of cross-validated F1 (precision where F1 is flat).
    chosen = model["threshold"]
    for t in [x for x in THRESHOLDS if x > model["threshold"]]:
        if _relation_f1(examples, cv, model["threshold"], gold_total, candidate_threshold=t) >= best - FLAT:
            chosen = t
    model["candidate_threshold"] = chosen
    log(f"  candidate-only relations: threshold {chosen}")
    gold = _gold_by_type(docs, "relations")
    covered: dict[str, set[str]] = {}
    kept = []
    for ex in examples:
        if ex.target is not None:
            covered.setdefault(ex.proposed, set()).add(ex.target)
        limit = chosen if _candidate_only(ex) else model["threshold"]
        if cv[ex.doc].probabilities(ex.features).get("REL", 0.0) >= limit:
            kept.append((ex.proposed, ex.target))
    _report(kept, covered, gold, log)
    return model


INSTRUMENT_C_GRID = (0.3, 1.0, 3.0, 10.0)


def instrument_examples(docs: Sequence[tuple[Path, dict]]) -> list[Example]:
    """Every gold Program, Fund and Policy with an instrument type: its features
    (:func:`kg.loaders.instruments.features` over its name, aliases and the sentences that write one of them)
    and its gold instrument."""
    from kg.loaders.instruments import features
    from kg.loaders.read import load_document
    from kg.model import SCHEME_TYPES

    out: list[Example] = []
    for path, gold in docs:
        sentences = [s.text for s in load_document(path).sentences]
        for e in gold.get("entities", []):
            if e["type"] not in SCHEME_TYPES or not e.get("instrument"):
                continue
            aliases = sorted(e.get("aliases") or [])
            forms = {f.strip("《》“”\"") for f in [e["name"], *aliases]} - {""}
            seen = [s for s in sentences if any(f in s for f in forms)]
            out.append(Example(path.name, e["type"], features(e["name"], e["type"], seen, aliases), e["instrument"]))
    return out


def train_instruments(docs: Sequence[tuple[Path, dict]], log=print) -> dict:
    """The instrument classifier (a multinomial logistic regression over the cue rules' answer and the name), its
    C chosen by accuracy cross-validated over documents; logs the cue rules' accuracy on the same schemes."""
    examples = instrument_examples(docs)
    if not examples:
        raise KgError("no annotated Program, Fund or Policy with an instrument type to train on")
    names, folds = _folds(examples)
    rules = sum(f"rule={ex.label}" in ex.features for ex in examples) / len(examples)
    log(f"  {len(examples)} schemes; the cue rules alone: accuracy {rules:.3f}")
    best = (-1.0, INSTRUMENT_C_GRID[0])
    for c in INSTRUMENT_C_GRID:
        right = 0
        for held in folds:
            rest = [ex for ex in examples if ex.doc not in held]
            if len({ex.label for ex in rest}) < 2:
                continue
            m = Model.from_json(_to_model(*_fit(rest, c), 0.0))
            right += sum(m.most_likely(ex.features)[0] == ex.label for ex in examples if ex.doc in held)
        acc = right / len(examples)
        log(f"  C={c}: cross-validated accuracy {acc:.3f}")
        if acc > best[0] + 1e-9:
            best = (acc, c)
    model = _to_model(*_fit(examples, best[1]), 0.0)
    model["trained_on"] = {"documents": len(names), "candidates": len(examples), "C": best[1],
                           "cv_accuracy": round(best[0], 4), "rules_accuracy": round(rules, 4)}
    return model


def write_model(model: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")


DEFAULT_DIRS = ("tests/data/real/train", "tests/data/real/train2", "tests/data/real/train3",
                "tests/data/real/train4", "tests/data/real/train5",
                "tests/data/real/train6", "tests/data/real/train7", "tests/data/real/train8",
                "tests/data/real/train9", "tests/data/real/train10", "tests/data/real/train11", "tests/data/real/train12",
                "tests/data/real/train13", "tests/data/real/train14", "tests/data/real/train15",
                "tests/data/real/train16", "tests/data/real/train17", "tests/data/real/train18",
                "tests/data/real/train19", "tests/data/real/train20", "tests/data/real/train21",
                "tests/data/real/train22",
                "tests/data/real/train23", "tests/data/real/train24",
                "tests/data/dev", "tests/data/dev2", "tests/data/dev3", "tests/data/seed_gold")
"""What ``kg train`` learns from by default (relative to the repository): the real training split and the
twenty-three later batches of real articles, the hand-written dev sets and the gold of two sample seeds; never
``tests/data/real/test``."""


def train_models(dirs: Iterable[Path], out_dir: Path, log=print) -> dict[str, dict]:
    """Train the entity model, then (with it in place) the relation model, then the instrument classifier;
    write each into ``out_dir``."""
    from kg.loaders.scoring import load_model

    docs = gold_documents(dirs)
    log(f"{len(docs)} annotated documents")
    out: dict[str, dict] = {}
    for name, train in (("entities", train_entities), ("relations", train_relations),
                        ("instruments", train_instruments)):
        log(f"training the {name} model…")
        out[name] = train(docs, log=log)
        write_model(out[name], Path(out_dir) / f"{name}.json")
        load_model.cache_clear()
    return out
