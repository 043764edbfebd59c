"""Extraction entry points: Document → Graph, one document or a stream of them."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path

from kg import model
from kg.loaders.kgdoc import register_extensions
from kg.model import Document, Entity, Graph, Mention, Relation, Section, Sentence

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


SECTION_CHARS = 500_000
"""Longer documents are extracted in sections of at most this many characters (spaCy refuses texts over
1,000,000), cut at line breaks, else at sentence ends; offsets stay those of the whole document."""

_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """A document the extractor failed on, with a one-line reason."""

    document: Document
    reason: str

    @property
    def where(self) -> str:
        return self.document.source_path or self.document.name


def extract(doc: Document) -> Graph:
    """Extract entities and relations of one document with the spaCy pipeline.

    A document longer than :data:`SECTION_CHARS` is extracted section by
    section (names declared in one section are not known in the next); its
    mentions keep their offsets and sentence numbers in the whole document.
    """
    g = Graph(extractor=fingerprint())
    g.add_document(doc)
    for start, end in section_bounds(doc.text, SECTION_CHARS):
        part = doc if (start, end) == (0, len(doc.text)) else _section_view(doc, start, end)
        entities, relations = _run_pipeline(part)
        for ent in sorted(entities, key=lambda x: x.key):
            if not ent.mentions:  # provenance: an entity is written somewhere, else it and its relations go
                continue
            g.add_entity(replace(ent, aliases=set(ent.aliases),
                                 mentions=sorted((_shift(m, start) for m in ent.mentions),
                                                 key=lambda m: (m.start, m.end))))
        for r in relations:
            if r.head in g.entities and r.tail in g.entities:
                g.add_relation(replace(r, evidence=[_shift(m, start) for m in r.evidence]))
    return g


def extract_or_failure(doc: Document) -> Graph | ExtractionFailure:
    """:func:`extract`, with any error turned into an :class:`ExtractionFailure` (one line)."""
    try:
        return extract(doc)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop a batch
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        return ExtractionFailure(doc, f"extraction failed ({type(exc).__name__}: {text})")


def _run_pipeline(doc: Document) -> tuple[list[Entity], list[Relation]]:
    sdoc = process(doc)
    return list(sdoc._.kg_entities.values()), list(sdoc._.kg_relations or [])


def process(doc: Document, skip: Iterable[str] = ()):
    """The spaCy Doc of ``doc`` after the pipeline, without the components named in ``skip`` (for training)."""
    from kg.loaders.pipeline import get_nlp

    register_extensions()
    nlp = get_nlp()
    sdoc = nlp.make_doc(doc.text)
    sdoc._.kg_document = doc
    skipped = set(skip)
    for name, proc in nlp.pipeline:
        if name not in skipped:
            sdoc = proc(sdoc)
    return sdoc


def section_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive sections of at most ``limit`` characters covering ``text``.

    Each cut is at the last line break in the second half of the window, else
    after the last sentence end there, else at the limit.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = text.rfind("\n", low, high) + 1
        if cut <= 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, low, high)]
            cut = ends[-1] if ends else high
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _section_view(doc: Document, start: int, end: int) -> Document:
    """The stretch ``[start, end)`` of ``doc`` as a Document of its own, offsets relative to ``start``.

    Sentences keep their numbers in the whole document, so mentions found in
    the view only need their offsets shifted back.
    """
    sentences = tuple(Sentence(s.index, max(s.start, start) - start, min(s.end, end) - start,
                               doc.text[max(s.start, start):min(s.end, end)])
                      for s in doc.sentences if s.end > start and s.start < end)
    sections = tuple(Section(max(x.start, start) - start, min(x.end, end) - start, x.city)
                     for x in doc.sections if x.end > start and x.start < end)
    return replace(doc, text=doc.text[start:end], sentences=sentences, sections=sections)


def _shift(m: Mention, by: int) -> Mention:
    return m if by == 0 else Mention(m.doc_id, m.sentence, m.start + by, m.end + by, m.text)


CHUNK_DOCS = 64
CHUNK_CHARS = 200_000
"""``extract_documents`` hands documents to the extractor in chunks of at most this many documents or
characters (whichever comes first); LAC tags each chunk's sentences together."""


def extract_documents(docs: Iterable[Document], workers: int = 1,
                      on_failure: Callable[[ExtractionFailure], None] | None = None) -> Iterator[Graph]:
    """Extract documents in order, one Graph per document.

    Documents go in chunks (:data:`CHUNK_DOCS`, :data:`CHUNK_CHARS`) whose
    sentences LAC tags together before each document is extracted; a
    document's graph is the same as :func:`extract` gives it alone.  With
    ``workers > 1`` chunks are extracted in a process pool; results come back
    in input order (``imap``), so the output is the same for any number of
    workers, and documents are consumed lazily (no whole-corpus list).  With
    ``on_failure``, a document the extractor fails on is handed to it and the
    others go on; without, the error is raised.
    """
    work = partial(_extract_chunk, catch=on_failure is not None)
    chunks = _chunks(docs, CHUNK_DOCS, CHUNK_CHARS)
    if workers <= 1:
        for chunk in map(work, chunks):
            yield from _graphs(chunk, on_failure)
        return
    ctx = mp.get_context("spawn") if mp.get_start_method(allow_none=True) == "spawn" else mp.get_context()
    with ctx.Pool(workers, initializer=_warm) as pool:
        for chunk in pool.imap(work, chunks, chunksize=1):
            yield from _graphs(chunk, on_failure)


def _chunks(docs: Iterable[Document], max_docs: int, max_chars: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    chars = 0
    for d in docs:
        chunk.append(d)
        chars += len(d.text)
        if len(chunk) >= max_docs or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _extract_chunk(docs: list[Document], catch: bool) -> list[Graph | ExtractionFailure]:
    from kg.loaders.lac import prefetch

    try:
        prefetch([d.text[s.start:s.end] for d in docs for s in d.sentences])
    except Exception:  # noqa: BLE001 - then each document is tagged, and fails, on its own
        if not catch:
            raise
    return [extract_or_failure(d) if catch else extract(d) for d in docs]


def _graphs(results: Iterable[Graph | ExtractionFailure],
            on_failure: Callable[[ExtractionFailure], None] | None) -> Iterator[Graph]:
    for r in results:
        if isinstance(r, ExtractionFailure):
            if on_failure is not None:
                on_failure(r)
        else:
            yield r


def _warm() -> None:
    from kg.loaders.pipeline import get_nlp

    get_nlp()
