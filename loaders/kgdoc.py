"""What the pipeline components share: Doc extensions and the candidate mention type.

Components read the source :class:`~kg.model.Document` from ``doc._.kg_document``
and add :class:`Cand` objects to ``doc._.kg_cands``; the resolver turns them
into entities (``doc._.kg_entities``, ``doc._.kg_spans``) and the relater adds
``doc._.kg_relations``.  Offsets are character offsets into ``Document.text``
(the spaCy Doc is made from that same text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.model import Document, content_id


@dataclass(slots=True)
class Cand:
    """A candidate mention: span, type, the rule that found it and its priority."""

    start: int
    end: int
    text: str
    type: str
    source: str
    prio: int = 0
    canon: str | None = None  # canonical name when the rule knows it
    aliases: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


def register_extensions() -> None:
    """Register the Doc extensions once per process."""
    for name, default in (("kg_document", None), ("kg_cands", None), ("kg_entities", None),
                          ("kg_spans", None), ("kg_relations", None), ("kg_places", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def document_of(doc: Doc) -> Document:
    """The Document behind ``doc``; made on the fly for a Doc built from bare text."""
    d = doc._.kg_document
    if d is None:
        from kg.loaders.places import detect_sections
        from kg.loaders.segment import split_sentences

        city, sections = detect_sections(doc.text)
        d = Document(id=content_id(doc.text), name="<text>", text=doc.text, city=city,
                     sentences=tuple(split_sentences(doc.text)), sections=tuple(sections))
        doc._.kg_document = d
    return d


def cands_of(doc: Doc) -> list[Cand]:
    if doc._.kg_cands is None:
        doc._.kg_cands = []
    return doc._.kg_cands


class Recognizer:
    """A pipeline component in spaCy's shape: ``__call__`` is ``set_annotations(doc, match(doc))``.

    Subclasses implement ``match(doc)``; the default ``set_annotations`` adds the
    returned candidates to ``doc._.kg_cands``.  The source Document is attached
    (or made from the bare text) before ``match`` runs.
    """

    def __call__(self, doc: Doc) -> Doc:
        document_of(doc)
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: list) -> None:
        cands_of(doc).extend(found)


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token."""
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]
    return starts, ends
