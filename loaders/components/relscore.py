"""``kg_relscore``: the learned relation scorer over the candidates of the relation passes.

Each relation the passes of ``kg_relate`` proposed (rules, and every
co-occurring pair the ontology allows) gets features
(:func:`kg.loaders.scoring.relation_features`) and a probability from the
shipped model (``loaders/models/relations.json``, made by ``kg train``);
relations below its threshold are dropped, the others keep it as their
``confidence``.  Entities that only the passes made (a place read from a
name) take the highest confidence of their relations.  Without a model, only
co-occurrence candidates are dropped: the rules' relations stay, unscored.
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.components.relate import INNER_RULES
from kg.loaders.kgdoc import doc_text
from kg.loaders.scoring import LacIndex, load_model, relation_features
from kg.model import Relation

CANDIDATE_ONLY = frozenset({"cooccurrence", "cooccurrence_far", *INNER_RULES.values(), "doc_topic", "doc_topic_alone"})
"""Passes that only propose candidates for the model: without a model, what only they proposed is dropped."""
UNSCORED_ENTITY = 0.5
"""Confidence of an entity no scorer saw and no kept relation vouches for (a place read from a name)."""


@Language.factory("kg_relscore", default_config={"model": "relations"})
def make_relscore(nlp: Language, name: str, model: str) -> "RelationScorer":
    return RelationScorer(model)


def _closest(heads: list[tuple[int, int]], tails: list[tuple[int, int]]):
    best = None
    for h in heads:
        for t in tails:
            gap = max(t[0] - h[1], h[0] - t[1])
            if best is None or gap < best[0]:
                best = (gap, h, t)
    return (best[1], best[2]) if best else (None, None)


def features_of(doc: Doc) -> list[tuple[Relation, list[str]]]:
    """Every candidate relation of ``doc`` with its features."""
    text = doc_text(doc)
    lac = LacIndex(doc._.kg_lac)
    ents = doc._.kg_entities or {}
    rules = doc._.kg_relation_rules or {}
    at: dict[str, list[tuple[int, int]]] = {}
    for key, e in ents.items():
        at[key] = sorted({(m.start, m.end) for m in e.mentions})
    starts = sorted((sp.start, sp.key) for sp in doc._.kg_spans or [])
    persons = [e.name for k, e in ents.items() if k.startswith("Person:") and len(e.name) >= 2]
    span_starts = [s for s, _ in starts]
    out = []
    for r in doc._.kg_relations or []:
        ev = r.evidence[0]
        inside = lambda k: [p for p in at.get(k, []) if ev.start <= p[0] and p[1] <= ev.end]  # noqa: E731
        h, t = _closest(inside(r.head), inside(r.tail))
        head_type, tail_type = r.head.split(":", 1)[0], r.tail.split(":", 1)[0]
        between = people = 0
        rivals: list[str] = []
        if h is not None and t is not None:
            lo, hi = min(h[1], t[1]), max(h[0], t[0])
            others = {k for s, k in starts if lo <= s < hi and k not in (r.head, r.tail)}
            between, people = len(others), sum(k.startswith("Person:") for k in others)
            rivals = _rivals(starts, span_starts, ev.start, ev.end, others, r.head, r.tail, head_type, tail_type)
        role_names = bool(r.role) and any(p in r.role for p in persons if p != ents[r.head].name)
        feats = relation_features(r.type, head_type, tail_type, rules.get(r.key, {r.rule or ""}), h, t, text, lac,
                                  between, people, r.role, role_names)
        extra = rivals + _confidences(ents, r.head, r.tail) + _end_kinds(r.head, r.tail)
        out.append((r, feats + [f"{f}|rel={r.type}" for f in extra]))
    return out


def _end_kinds(head: str, tail: str) -> list[str]:
    """What kind of body each end is (the last two characters of its name: 医院, 园区, 公司) and which sector a
    sector end is: a hospital rarely works on 5G, a park rarely on 农业."""
    out = []
    for end, key in (("head", head), ("tail", tail)):
        type_, name = key.split(":", 1)
        if type_ == "Sector":
            out.append(f"{end}_sector={name}")
        elif type_ not in ("Person", "City", "Region"):
            out.append(f"{end}_kind={name[-2:]}")
    return out


def _rivals(starts: list[tuple[int, str]], span_starts: list[int], lo: int, hi: int, between: set[str],
            head: str, tail: str, head_type: str, tail_type: str) -> list[str]:
    """Whether other names of the head's or the tail's type stand between the two ends, and how many of each
    the evidence sentence holds (a sector named after the only company of a sentence is more likely its own)."""
    i, j = bisect.bisect_left(span_starts, lo), bisect.bisect_left(span_starts, hi)
    sentence = {k for _, k in starts[i:j]}
    heads = sum(k.split(":", 1)[0] == head_type for k in sentence - {head})
    tails = sum(k.split(":", 1)[0] == tail_type for k in sentence - {tail})
    return [f"rival_head_between={any(k.split(':', 1)[0] == head_type for k in between)}",
            f"rival_tail_between={any(k.split(':', 1)[0] == tail_type for k in between)}",
            f"other_heads={min(heads, 2)}", f"other_tails={min(tails, 3)}"]


def _confidences(ents: dict, head: str, tail: str) -> list[str]:
    """The entity scorer's confidence in each end, in bands."""
    out = []
    for side, key in (("head", head), ("tail", tail)):
        c = ents[key].confidence if key in ents else None
        out.append(f"{side}_conf={'none' if c is None else min(int(c * 5), 4)}")
    return out


class RelationScorer:
    """Keeps, scores or drops the relations of ``doc._.kg_relations``."""

    def __init__(self, model: str = "relations") -> None:
        self.model_name = model

    def __call__(self, doc: Doc) -> Doc:
        rels = doc._.kg_relations or []
        model = load_model(self.model_name)
        if model is None:
            rules = doc._.kg_relation_rules or {}
            doc._.kg_relations = [r for r in rels if not rules.get(r.key, {r.rule}) <= CANDIDATE_ONLY]
            return doc
        ents = doc._.kg_entities or {}
        unscored = {k for k, e in ents.items() if e.confidence is None}
        rules = doc._.kg_relation_rules or {}
        kept = []
        for r, feats in features_of(doc):
            p = model.probabilities(feats).get("REL", 0.0)
            bar = model.threshold
            if model.candidate_threshold is not None and rules.get(r.key, {r.rule}) <= CANDIDATE_ONLY:
                bar = max(bar, model.candidate_threshold)
            if p >= bar:
                r.confidence = round(p, 4)
                kept.append(r)
        doc._.kg_relations = kept
        for r in kept:
            for key in (r.head, r.tail):
                if key in unscored:
                    ents[key].confidence = max(ents[key].confidence or 0.0, r.confidence)
        for key in unscored:
            if ents[key].confidence is None:
                ents[key].confidence = UNSCORED_ENTITY
        return doc
