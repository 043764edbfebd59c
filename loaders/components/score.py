"""``kg_score``: the learned entity scorer over the resolved candidates.

For every entity the resolver made, features (:func:`kg.loaders.scoring.entity_features`)
go through the shipped model (``loaders/models/entities.json``, made by
``kg train``); an entity below the model's threshold is dropped with its
mentions, one that another type fits clearly better is retyped, and every kept
entity gets its ``confidence``.  Without a model (before any training) every
entity is kept unscored.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.components.resolve import Span
from kg.loaders.kgdoc import doc_text
from kg.loaders.scoring import LacIndex, entity_decision, entity_features, load_model
from kg.model import Entity


@Language.factory("kg_score", default_config={"model": "entities"})
def make_score(nlp: Language, name: str, model: str) -> "EntityScorer":
    return EntityScorer(model)


def features_of(doc: Doc) -> dict[str, list[str]]:
    """The features of every resolved entity of ``doc``, by key."""
    text = doc_text(doc)
    lac = LacIndex(doc._.kg_lac)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for sp in doc._.kg_spans or []:
        spans.setdefault(sp.key, []).append((sp.start, sp.end, sp.source))
    return {key: entity_features(e.type, e.name, e.aliases, spans.get(key, []), text, lac)
            for key, e in doc._.kg_entities.items()}


class EntityScorer:
    """Drops, retypes and scores the entities of ``doc._.kg_entities``."""

    def __init__(self, model: str = "entities") -> None:
        self.model_name = model

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_name)
        if model is None or not doc._.kg_entities:
            return doc
        ents: dict[str, Entity] = doc._.kg_entities
        spans: list[Span] = doc._.kg_spans or []
        rename: dict[str, str | None] = {}
        for key, feats in features_of(doc).items():
            ent = ents[key]
            type_, confidence = entity_decision(model, ent.type, feats)
            ent.confidence = confidence
            rename[key] = None if type_ is None else f"{type_}:{ent.name}"
        kept: dict[str, Entity] = {}
        for key, ent in ents.items():
            new = rename.get(key, key)
            if new is None:
                continue
            if new != key:
                ent.type = new.split(":", 1)[0]
            have = kept.get(new)
            if have is None:
                kept[new] = ent
            else:
                have.aliases |= ent.aliases
                have.mentions.extend(ent.mentions)
                have.confidence = max(have.confidence or 0.0, ent.confidence or 0.0)
        doc._.kg_entities = kept
        doc._.kg_spans = [Span(sp.start, sp.end, rename.get(sp.key, sp.key), sp.source)
                          for sp in spans if rename.get(sp.key, sp.key) is not None]
        return doc
