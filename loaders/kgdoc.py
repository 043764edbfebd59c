"""What the pipeline components share: Doc extensions and the candidate mention type.

Components read the source :class:`~kg.model.Document` from ``doc._.kg_document``
and add :class:`Cand` objects to ``doc._.kg_cands``; the resolver turns them
into entities (``doc._.kg_entities``, ``doc._.kg_spans``) and the relater adds
``doc._.kg_relations``.  Offsets are character offsets into ``Document.text``
(the spaCy Doc is made from that same text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from kg.model import Document, document_id


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
                          ("kg_spans", None), ("kg_relations", None), ("kg_places", None), ("kg_lac", None),
                          ("kg_relation_rules", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy rebuilds ``Doc.text`` from the tokens on every access (a Token object
    per token); the components read it many times per document.  Retokenizing
    never changes the text, so the first value is kept in ``doc.user_data``.
    """
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start offset and length in characters of every token, without making Token objects."""
    if len(doc) == 0:
        return [], []
    arr = doc.to_array([IDX, LENGTH])
    return arr[:, 0].tolist(), arr[:, 1].tolist()


def find_all(text: str, word: str):
    """Start and end of every non-overlapping occurrence of ``word``, left to right.

    What ``re.finditer(re.escape(word), text)`` finds, without compiling a
    pattern per word (the ``re`` cache is too small for a document's names).
    """
    if not word:
        for m in re.finditer("", text):
            yield m.start(), m.end()
        return
    k = text.find(word)
    while k >= 0:
        yield k, k + len(word)
        k = text.find(word, k + len(word))


def document_of(doc: Doc) -> Document:
    """The Document behind ``doc``; made on the fly for a Doc built from bare text."""
    d = doc._.kg_document
    if d is None:
        from kg.loaders.places import detect_sections
        from kg.loaders.segment import split_sentences

        text = doc_text(doc)
        city, sections = detect_sections(text)
        d = Document(id=document_id(text, "<text>"), name="<text>", text=text, city=city,
                     sentences=tuple(split_sentences(text)), sections=tuple(sections))
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
    starts, lengths = token_offsets(doc)
    return starts, [s + n for s, n in zip(starts, lengths)]
