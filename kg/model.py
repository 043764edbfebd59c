"""The graph model shared by every stage: documents, mentions, entities, relations.

Loaders produce :class:`Document`; extraction produces a :class:`Graph`; the
store writes it; queries and viz read it back.  This module imports nothing
from the project and nothing outside the standard library.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

ENTITY_TYPES: tuple[str, ...] = (
    "City", "Region", "Agency", "Lab", "Institute", "University", "Incubator",
    "Park", "Company", "Financier", "Fund", "Program", "Policy", "Person", "Sector",
)
"""Node labels of the ontology (``ONTOLOGY.md``)."""

RELATION_TYPES: tuple[str, ...] = (
    "FUNDS", "HOSTS", "BELONGS_TO", "LOCATED_IN", "ADMINISTERS", "SUPPORTS",
    "AFFILIATED_WITH", "FOCUSES_ON", "PARTNERS_WITH",
)
"""Relationship types of the ontology, directed head → tail."""

PLACE_TYPES = frozenset({"City", "Region"})
SCHEME_TYPES = frozenset({"Program", "Fund", "Policy"})
ACTOR_TYPES = frozenset(ENTITY_TYPES) - PLACE_TYPES - SCHEME_TYPES - {"Sector"}


def document_id(text: str, source: str) -> str:
    """Deterministic document id: the first 16 hex digits of SHA-256 of the file's identity and its cleaned text.

    ``source`` is what identifies the file (its absolute path, else its name):
    the same text at two paths is two documents, so removing or changing one
    copy never touches the other's facts; the same file read twice is one.
    """
    return hashlib.sha256(f"{source}\0{text}".encode("utf-8")).hexdigest()[:16]


def entity_key(type_: str, name: str) -> str:
    """Deterministic entity key from type and canonical name, e.g. ``City:青岛``."""
    return f"{type_}:{name}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document; ``start``/``end`` are offsets into ``Document.text``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of a document about one city (multi-city documents have several)."""

    start: int
    end: int
    city: str | None


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document ready for extraction.

    ``id`` is :func:`document_id` of the file and its cleaned text: a file is a
    document of its own, whatever other file holds the same text.
    ``boilerplate`` lists the lines the reader blanked as web boilerplate.
    """

    id: str
    name: str
    text: str
    title: str = ""
    date: str | None = None
    city: str | None = None
    sentences: tuple[Sentence, ...] = ()
    sections: tuple[Section, ...] = ()
    source_path: str | None = None
    encoding: str | None = None
    boilerplate: tuple[str, ...] = ()

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains character ``offset``, if any."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def city_at(self, offset: int) -> str | None:
        """The city of the section that contains ``offset``, else the document's city."""
        for sec in self.sections:
            if sec.start <= offset < sec.end and sec.city:
                return sec.city
        return self.city


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a fact was read: document, sentence and character offsets in the document."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A typed node with its canonical name, aliases and the mentions it came from.

    ``confidence`` is the extractor's probability that this is a real entity
    of this type (None when nothing scored it); Program, Fund and Policy
    entities carry an ``instrument`` (``schema/instruments.json``) and the
    text that decided it.
    """

    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float | None = None
    instrument: str | None = None
    instrument_evidence: str | None = None

    @property
    def key(self) -> str:
        return entity_key(self.type, self.name)


@dataclass(slots=True)
class Relation:
    """A directed edge between two entities (by key) with its evidence.

    ``rule`` is the id of the extraction pass or cue rule that proposed it;
    ``confidence`` the extractor's probability that the text states it.
    """

    head: str
    type: str
    tail: str
    amount_cny: float | None = None
    year: int | None = None
    role: str | None = None
    evidence: list[Mention] = field(default_factory=list)
    confidence: float | None = None
    rule: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.head, self.type, self.tail)


@dataclass(slots=True)
class Graph:
    """Documents, entities and relations; merging keeps one node per key."""

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    extractor: str | None = None
    """Fingerprint of the extractor that made the graph (``kg.loaders.extract.fingerprint``); None if built otherwise."""

    def add_document(self, doc: Document) -> None:
        self.documents.setdefault(doc.id, doc)

    def add_entity(self, entity: Entity) -> Entity:
        """Add or merge an entity; returns the stored one."""
        have = self.entities.get(entity.key)
        if have is None:
            self.entities[entity.key] = entity
            return entity
        have.aliases |= entity.aliases
        have.confidence = _max(have.confidence, entity.confidence)
        if have.instrument in (None, "unknown") and entity.instrument is not None:
            have.instrument, have.instrument_evidence = entity.instrument, entity.instrument_evidence
        known = set(have.mentions)
        have.mentions.extend(m for m in entity.mentions if m not in known and not known.add(m))
        return have

    def add_relation(self, rel: Relation) -> Relation:
        """Add or merge a relation; attributes already known are kept."""
        have = self.relations.get(rel.key)
        if have is None:
            self.relations[rel.key] = rel
            return rel
        have.amount_cny = have.amount_cny if have.amount_cny is not None else rel.amount_cny
        have.year = have.year if have.year is not None else rel.year
        have.role = have.role or rel.role
        have.confidence = _max(have.confidence, rel.confidence)
        have.rule = have.rule or rel.rule
        known = set(have.evidence)
        have.evidence.extend(m for m in rel.evidence if m not in known and not known.add(m))
        return have

    def merge(self, other: Graph) -> None:
        """Fold another graph into this one (it keeps an extractor fingerprint only if both have the same)."""
        if not (self.documents or self.entities or self.relations):
            self.extractor = other.extractor
        elif self.extractor != other.extractor:
            self.extractor = None
        for d in other.documents.values():
            self.add_document(d)
        for e in other.entities.values():
            self.add_entity(replace(e, aliases=set(e.aliases), mentions=list(e.mentions)))
        for r in other.relations.values():
            self.add_relation(replace(r, evidence=list(r.evidence)))


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)
