"""``kg_score``: the learned entity scorer over the resolved candidates.

For every entity the resolver made, features (:func:`kg.loaders.scoring.entity_features`)
go through the shipped model (``loaders/models/entities.json``, made by
``kg train``); an entity below the model's threshold is dropped with its
mentions, one that another type fits clearly better is retyped, and every kept
entity gets its ``confidence``.  A dropped name that overlapped other
candidates gives way to them: the resolver reads the document again without
it (up to :data:`_REREADS` times).  Without a model (before any training) every
entity is kept unscored, but for those only :data:`FOR_THE_SCORER` sources proposed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.components.resolve import Span
from kg.loaders.kgdoc import doc_text
from kg.loaders.scoring import LacIndex, entity_decision, entity_features, load_model
from kg.model import Entity

FOR_THE_SCORER = frozenset({"sector_weak_bare", "bare_title"})
"""Candidate sources too loose to stand without the learned scorer: a weak domain word the text does not frame
(芯片 in 芯片设计), a bare title after a verb (落实援企稳岗政策).  Without a model their entities are dropped."""


@Language.factory("kg_score", default_config={"model": "entities"})
def make_score(nlp: Language, name: str, model: str) -> "EntityScorer":
    return EntityScorer(model, nlp)


def spans_by_key(doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
    """The mentions ``(start, end, source)`` of every resolved entity of ``doc``, by key."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for sp in doc._.kg_spans or []:
        spans.setdefault(sp.key, []).append((sp.start, sp.end, sp.source))
    return spans


def features_of(doc: Doc, keys: set[str] | None = None) -> dict[str, list[str]]:
    """The features of every resolved entity of ``doc`` (or of those of ``keys``), by key."""
    text = doc_text(doc)
    lac = LacIndex(doc._.kg_lac)
    spans = spans_by_key(doc)
    return {key: entity_features(e.type, e.name, e.aliases, spans.get(key, []), text, lac)
            for key, e in doc._.kg_entities.items() if keys is None or key in keys}


class EntityScorer:
    """Drops, retypes and scores the entities of ``doc._.kg_entities``.

    A name the model drops gives way to the names it overlaps: when a dropped entity's mention holds or
    crosses other candidates (加拿大土木工程学会 inside 加拿大土木工程学会国际合作委员会, LAC's 重庆两江联创电子有限公司
    around the suffix rule's 电子有限公司), the candidates of the dropped mentions are set aside, the resolver
    (``kg_resolve`` of the same pipeline) reads the document once more and the model scores what it finds."""

    def __init__(self, model: str = "entities", nlp: Language | None = None) -> None:
        self.model_name = model
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_name)
        if not doc._.kg_entities:
            return doc
        if model is None:
            _drop_scorer_only(doc)
            return doc
        memo: dict[tuple, tuple[str | None, float]] = {}
        rename = self._decide(doc, model, memo)
        for _ in range(_REREADS):
            if not self._reread(doc, rename):
                break
            rename = self._decide(doc, model, memo)
        self._apply(doc, rename)
        return doc

    @staticmethod
    def _decide(doc: Doc, model, memo: dict[tuple, tuple[str | None, float]]) -> dict[str, str | None]:
        """Each entity's new key (None: dropped); sets its ``confidence``.  ``memo`` keeps the decisions of an
        earlier reading of the document: an entity read the same way (name, aliases, mentions) is not scored
        again."""
        ents: dict[str, Entity] = doc._.kg_entities
        spans = spans_by_key(doc)
        sig = {key: (e.type, e.name, tuple(sorted(e.aliases)), tuple(spans.get(key, ()))) for key, e in ents.items()}
        for key, feats in features_of(doc, {k for k, v in sig.items() if v not in memo}).items():
            memo[sig[key]] = entity_decision(model, ents[key].type, feats)
        rename: dict[str, str | None] = {}
        for key, ent in ents.items():
            type_, ent.confidence = memo[sig[key]]
            rename[key] = None if type_ is None else f"{type_}:{ent.name}"
        return rename

    def _reread(self, doc: Doc, rename: dict[str, str | None]) -> bool:
        """Sets aside the candidates of dropped mentions that overlap other candidates and resolves again; False
        when there is none (or no resolver to ask)."""
        if self.nlp is None or "kg_resolve" not in self.nlp.pipe_names:
            return False
        dropped = {(sp.start, sp.end) for sp in doc._.kg_spans or []
                   if rename.get(sp.key, sp.key) is None and not sp.key.startswith(_NOT_REREAD)}
        cands = doc._.kg_cands or []
        holding = {(s, e) for s, e in dropped
                   if any(c.type != "Sector" and c.start < e and s < c.end and (c.start, c.end) != (s, e)
                          for c in cands)}
        if not holding:
            return False
        doc._.kg_cands = [c for c in cands if (c.start, c.end) not in holding]
        self.nlp.get_pipe("kg_resolve")(doc)
        return bool(doc._.kg_entities)

    @staticmethod
    def _apply(doc: Doc, rename: dict[str, str | None]) -> None:
        ents: dict[str, Entity] = doc._.kg_entities
        spans: list[Span] = doc._.kg_spans or []
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


_REREADS = 3
"""How many times a document is read again for the names its dropped names overlap."""

_NOT_REREAD = ("Sector:", "Person:", "City:", "Region:")
"""Types whose dropped names are not read again for the names inside them."""


def _drop_scorer_only(doc: Doc) -> None:
    """Drops the entities whose every mention comes from a :data:`FOR_THE_SCORER` source."""
    sources: dict[str, set[str]] = {}
    for sp in doc._.kg_spans or []:
        sources.setdefault(sp.key, set()).add(sp.source)
    gone = {key for key, found in sources.items() if found <= FOR_THE_SCORER}
    if gone:
        doc._.kg_entities = {k: e for k, e in doc._.kg_entities.items() if k not in gone}
        doc._.kg_spans = [sp for sp in doc._.kg_spans if sp.key not in gone]
