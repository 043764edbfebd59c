"""What the extractor scored, kept per document so that a retraction undoes exactly its part.

An entity's ``confidence`` and ``instrument`` and a relation's ``confidence``
and ``rules`` are computed from the scores of the documents that state them,
stored on the node or relationship as a sorted list of strings (``scores``),
one per document, as :mod:`kg.store.claims` keeps relation attributes:

- entity: ``"<doc_id>\\x1f<confidence>\\x1f<instrument>\\x1f<evidence>"``;
- relation: ``"<doc_id>\\x1f<confidence>\\x1f<rule>"``;

empty fields for missing values.  A document's new scores replace the ones
it gave before (:func:`merge`), and the values follow from the list alone,
so they do not depend on the order of the writes and retracting a document
lowers them again:

- ``confidence``: the highest any document gave;
- ``instrument`` (with its evidence): that of the first document (by id)
  naming one other than ``unknown``, else the first ``unknown``;
- ``rules``: the sorted ids of the rules that proposed the relation.

The transactional writer and the offline import use these functions;
``schema/write_relations.cypher``, ``retract_relations.cypher`` and
``retract_entities.cypher`` state the same rules in Cypher.

>>> s = [entity_score("d2", 0.6, "grant", "补助"), entity_score("d1", 0.9, "unknown", None)]
>>> entity_values(merge([], ["d1", "d2"], s))
(0.9, 'grant', '补助')
>>> relation_values(merge([relation_score("d1", 0.4, "cue:funds")], ["d2"], [relation_score("d2", None, "names:seat")]))
(0.4, ['cue:funds', 'names:seat'])
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.store.claims import SEP
from kg.store.claims import merge as merge

UNKNOWN = "unknown"


def _num(x: float | None) -> str:
    return "" if x is None else repr(float(x))


def entity_score(doc_id: str, confidence: float | None, instrument: str | None, evidence: str | None) -> str | None:
    """One document's scores of an entity, or None when it gave none."""
    if confidence is None and not instrument:
        return None
    return SEP.join((doc_id, _num(confidence), instrument or "", (evidence or "") if instrument else ""))


def relation_score(doc_id: str, confidence: float | None, rule: str | None) -> str | None:
    """One document's scores of a relation, or None when it gave none."""
    if confidence is None and not rule:
        return None
    return SEP.join((doc_id, _num(confidence), rule or ""))


def entity_values(scores: Iterable[str]) -> tuple[float | None, str | None, str | None]:
    """``confidence``, ``instrument`` and ``instrument_evidence`` of an entity's sorted scores."""
    confidence = None
    known = unknown = None
    for s in scores:
        parts = s.split(SEP, 3)
        if parts[1]:
            c = float(parts[1])
            confidence = c if confidence is None else max(confidence, c)
        if parts[2] == UNKNOWN:
            unknown = unknown or parts
        elif parts[2]:
            known = known or parts
    chosen = known or unknown
    if chosen is None:
        return confidence, None, None
    return confidence, chosen[2], chosen[3] or None


def relation_values(scores: Iterable[str]) -> tuple[float | None, list[str] | None]:
    """``confidence`` and ``rules`` (None when there are none) of a relation's scores."""
    confidence = None
    rules: set[str] = set()
    for s in scores:
        _, c, rule = s.split(SEP, 2)
        if c:
            confidence = float(c) if confidence is None else max(confidence, float(c))
        if rule:
            rules.add(rule)
    return confidence, sorted(rules) or None
