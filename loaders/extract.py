"""Extraction entry points: Document → Graph, one document or a stream of them."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator

from kg.loaders.kgdoc import register_extensions
from kg.model import Document, Entity, Graph, Relation


def extract(doc: Document) -> Graph:
    """Extract entities and relations of one document with the spaCy pipeline."""
    from kg.loaders.pipeline import get_nlp

    register_extensions()
    nlp = get_nlp()
    sdoc = nlp.make_doc(doc.text)
    sdoc._.kg_document = doc
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    g = Graph()
    g.add_document(doc)
    for e in sorted(sdoc._.kg_entities.values(), key=lambda e: e.key):
        g.add_entity(Entity(e.type, e.name, set(e.aliases), sorted(e.mentions, key=lambda m: (m.start, m.end))))
    for r in sdoc._.kg_relations or []:
        if r.head in g.entities and r.tail in g.entities:
            g.add_relation(Relation(r.head, r.type, r.tail, r.amount_cny, r.year, r.role, list(r.evidence)))
    return g


def extract_documents(docs: Iterable[Document], workers: int = 1) -> Iterator[Graph]:
    """Extract documents in order, one Graph per document.

    With ``workers > 1`` documents are extracted in a process pool; results
    come back in input order (``imap``), so the output is the same for any
    number of workers, and documents are consumed lazily (no whole-corpus list).
    """
    if workers <= 1:
        for d in docs:
            yield extract(d)
        return
    ctx = mp.get_context("spawn") if mp.get_start_method(allow_none=True) == "spawn" else mp.get_context()
    with ctx.Pool(workers, initializer=_warm) as pool:
        yield from pool.imap(extract, docs, chunksize=1)


def _warm() -> None:
    from kg.loaders.pipeline import get_nlp

    get_nlp()
