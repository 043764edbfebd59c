"""Extraction entry points: Document → Graph, one document or a stream of them."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg import model
from kg.loaders.kgdoc import register_extensions
from kg.model import Document, Entity, Graph, Relation

_FINGERPRINTED = (".py", ".txt", ".jsonl", ".json")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of what extraction depends on: this package's code and data, kg.model, spaCy's and jieba's versions.

    Stored on each Document a build writes, so that a later ``kg build`` can
    skip files whose text and extractor are both unchanged.
    """
    here = Path(__file__).resolve().parent
    files = {p.relative_to(here).as_posix(): p for p in here.rglob("*")
             if p.suffix in _FINGERPRINTED and "__pycache__" not in p.parts}
    files["kg/model.py"] = Path(model.__file__)
    h = hashlib.sha256()
    for name, path in sorted(files.items()):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("spacy", "jieba"):
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()[:16]


def extract(doc: Document) -> Graph:
    """Extract entities and relations of one document with the spaCy pipeline."""
    from kg.loaders.pipeline import get_nlp

    register_extensions()
    nlp = get_nlp()
    sdoc = nlp.make_doc(doc.text)
    sdoc._.kg_document = doc
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    g = Graph(extractor=fingerprint())
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
