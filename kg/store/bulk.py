"""A first load without transactions: per-document graphs → CSV files for ``neo4j-admin database import full``.

Neo4j's offline importer builds a new store from CSV files far faster than
any transaction can (it writes the store files directly, on all cores), but
only into an empty database that is not running.  This module writes those
files so that the imported graph is the one :func:`kg.store.write_batches`
would build from the same graphs (the graph shape of :mod:`kg.store.writer`):

- documents, sentences, ``HAS_SENTENCE`` and ``MENTIONED_IN`` rows stream
  to their files one document at a time: the rows :func:`kg.store.plan.plan`
  makes for a transaction, written straight from the graphs;
- entities and ontology relations are folded over the whole corpus, as
  successive transactions would fold them into the stored graph: an entity's
  aliases are the union of its rows' aliases, a relation's evidence, docs and
  claims the sorted unions, and ``amount_cny``/``year``/``role`` as
  :func:`kg.store.claims.attributes` derives them.  These two maps (``_CorpusFold``) are
  the only state that grows with the corpus (one entry per distinct entity
  and relation; 324 MiB peak for the 1000× benchmark corpus).

Two things the CSV format cannot say are set after the import, by
``bulk_fixup``: an empty ``aliases`` list (an empty CSV field means "no
property"), and the schema (the importer's ``--schema`` is not supported for
this store format); :func:`kg.store.finish_import` does both on the imported
store.  This module is pure Python, like :mod:`kg.store.plan`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.model import Document, Graph
from kg.store import claims, scores
from kg.store.plan import check_types

ARRAY_SEP = "\x1e"
"""Separates the elements of a list value in the CSV files (ASCII record separator; claims use U+001F)."""

IMPORT_OPTIONS = ("--array-delimiter=U+001E", "--delimiter=,", "--quote=\"", "--id-type=string")
"""The importer options the files are written for."""


@dataclass
class ImportFiles:
    """CSV files of one import: ``(label or type, path)`` pairs for ``--nodes`` and ``--relationships``."""

    folder: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    multiline: bool = False
    """Whether some value contains a line break (the importer then needs ``--multiline-fields=true``)."""
    documents: int = 0
    sentences: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0

    @property
    def node_count(self) -> int:
        return self.documents + self.sentences + self.entities

    @property
    def relationship_count(self) -> int:
        return self.sentences + self.mentions + self.relations  # HAS_SENTENCE, MENTIONED_IN, the ontology's

    def arguments(self) -> list[str]:
        """The ``neo4j-admin database import full`` options that read these files, run in :attr:`folder`.

        File names are relative to the folder: the importer splits its file
        lists at commas, which a path may contain.
        """
        args = list(IMPORT_OPTIONS)
        args += [f"--nodes={label + '=' if label else ''}{path.name}" for label, path in self.nodes]
        args += [f"--relationships={rtype + '=' if rtype else ''}{path.name}" for rtype, path in self.relationships]
        if self.multiline:
            args.append("--multiline-fields=true")
        return args


class _CsvFile:
    """One CSV file with a header line; ``None`` is an empty field (no property), strings are quoted.

    Each column's kind comes from its header: ``:long``/``:double`` columns
    hold numbers, ``[]`` and ``:LABEL`` columns lists, the others strings.
    """

    def __init__(self, path: Path, header: list[str], owner: ImportFiles) -> None:
        self.path = path
        self._owner = owner
        self._kinds = [_NUMBER if h.endswith((":long", ":double")) else _LIST if h.endswith(("[]", ":LABEL"))
                       else _TEXT for h in header]
        self._out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self._out.write(",".join(header) + "\n")

    def _text(self, value: str) -> str:
        if "\n" in value or "\r" in value:
            self._owner.multiline = True
        return '"' + value.replace('"', '""') + '"' if '"' in value else f'"{value}"'

    def _list(self, values: list[str]) -> str:
        if not values:
            return ""
        for item in values:
            if ARRAY_SEP in item:
                raise StoreError(f"cannot bulk-load the value {item[:40]!r}: it contains U+001E; load without --bulk")
        return self._text(ARRAY_SEP.join(values))

    def write(self, *values: Any) -> None:
        fields = []
        for kind, value in zip(self._kinds, values):
            if value is None:
                fields.append("")
            elif kind is _TEXT:
                fields.append(self._text(str(value)))
            elif kind is _NUMBER:
                fields.append(repr(value) if isinstance(value, float) else str(int(value)))
            else:
                fields.append(self._list(value))
        self._out.write(",".join(fields) + "\n")

    def line(self, text: str) -> None:
        """Append one ready line (the hot paths format their rows themselves, with :meth:`quote`)."""
        self._out.write(text)

    def quote(self, value: str | None) -> str:
        return "" if value is None else self._text(value)

    def close(self) -> None:
        self._out.close()


_TEXT, _NUMBER, _LIST = "text", "number", "list"


_OUTSIDE = ("bulk load takes one graph per document with only that document's facts (as kg build extracts "
            "them); load these graphs without --bulk")


def write_import_files(graphs: Iterable[Graph], folder: Path) -> ImportFiles:
    """Write the CSV files of a first load of per-document ``graphs`` into ``folder``.

    The rows are those :func:`kg.store.plan.plan` makes for transactions
    (a test compares the two loads property by property), written straight
    from the graphs.  A graph must hold facts of its own documents only, as
    ``kg build`` extracts them: facts about other documents would have to be
    checked against a stored graph, so they are refused.  A document seen
    again is written once, with the name and path of its last occurrence (as
    a transaction that replaces it would leave it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder)
    sentences = _CsvFile(folder / "sentences.csv",
                         ["id:ID(Sentence)", "doc_id", "index:long", "start:long", "end:long", "text", "city"], files)
    has_sentence = _CsvFile(folder / "has_sentence.csv", [":START_ID(Document)", ":END_ID(Sentence)"], files)
    mentions = _CsvFile(folder / "mentions.csv",
                        [":START_ID(Entity)", ":END_ID(Sentence)", "start:long", "end:long", "text"], files)
    documents: dict[str, dict[str, Any]] = {}
    fold = _CorpusFold()
    with closing(sentences), closing(has_sentence), closing(mentions), _frozen_state() as settle:
        for n, graph in enumerate(graphs, 1):
            if n % FREEZE_EVERY == 0:
                settle()
            check_types(graph)
            new: dict[str, set[int]] = {}  # documents of this graph not written before -> their sentence indexes
            for doc in graph.documents.values():
                if doc.id not in documents:
                    new[doc.id] = {s.index for s in doc.sentences}
                    _write_sentences(doc, sentences, has_sentence)
                    files.sentences += len(doc.sentences)
                documents[doc.id] = {"id": doc.id, "name": doc.name, "path": doc.source_path, "title": doc.title,
                                     "date": doc.date, "city": doc.city, "chars": len(doc.text),
                                     "extractor": graph.extractor}
            files.mentions += fold.add_entities(graph, new, mentions)
            fold.add_relations(graph, new)

    docs = _CsvFile(folder / "documents.csv", ["id:ID(Document)", "name", "path", "title", "date", "city",
                                                "chars:long", "extractor"], files)
    with closing(docs):
        for d in documents.values():
            docs.write(d["id"], d["name"], d["path"], d["title"], d["date"], d["city"], d["chars"], d["extractor"])
    files.documents = len(documents)
    ent = _CsvFile(folder / "entities.csv", ["key:ID(Entity)", "name", "type", "aliases:string[]", ":LABEL",
                                              "scores:string[]", "confidence:double", "instrument", "instrument_evidence"], files)
    with closing(ent):
        files.entities = fold.write_entities(ent)
    rel = _CsvFile(folder / "relations.csv", [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "evidence:string[]",
                                               "docs:string[]", "claims:string[]", "amount_cny:double", "year:long",
                                               "role", "scores:string[]", "confidence:double", "rules:string[]"],
                        files)
    with closing(rel):
        files.relations = fold.write_relations(rel)
    files.nodes = [("Document", docs.path), ("Sentence", sentences.path), ("", ent.path)]
    files.relationships = [("HAS_SENTENCE", has_sentence.path), ("MENTIONED_IN", mentions.path), ("", rel.path)]
    return files


class _CorpusFold:
    """Entities and relations folded over the corpus, as successive transactions fold them into the stored graph.

    The only state that grows with the corpus, kept small (one entry per
    distinct entity and relation): sorted tuples, which most entries never
    outgrow, and interned keys, so that relations share their endpoints' strings.
    """

    def __init__(self) -> None:
        self.entities: dict[str, tuple[str, ...]] = {}  # key -> aliases (name and type are the key's parts)
        self.scores: dict[str, tuple[str, ...]] = {}  # key -> the documents' scores (kg.store.scores)
        self.relation_scores: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self.relations: dict[tuple[str, str, str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}

    def add_entities(self, graph: Graph, new: Mapping[str, set[int]], mentions: _CsvFile) -> int:
        """Fold the graph's entities in and write their mentions in the ``new`` documents; returns how many."""
        q = mentions.quote
        written = 0
        endpoints: dict[str, set[str]] = {}  # entity key -> new documents whose relations it ends
        for r in graph.relations.values():
            for m in r.evidence:
                if m.doc_id in new:
                    endpoints.setdefault(r.head, set()).add(m.doc_id)
                    endpoints.setdefault(r.tail, set()).add(m.doc_id)
        for e in graph.entities.values():
            key = e.key
            if key != f"{e.type}:{e.name}":
                raise StoreError(f"entity key {key!r} is not <type>:<name>")
            key = sys.intern(key)
            texts = set(e.aliases)
            seen: set[tuple[str, int, int, int]] = set()
            for m in e.mentions:
                if m.doc_id not in graph.documents:
                    raise StoreError(_OUTSIDE)
                where = (m.doc_id, m.sentence, m.start, m.end)
                if m.doc_id not in new or where in seen:
                    continue  # a document written before (the same text again), or the same mention twice
                seen.add(where)
                mentions.line(f'{q(key)},"{m.doc_id}:{m.sentence}",{m.start:d},{m.end:d},{q(m.text)}\n')
                texts.add(m.text)
            written += len(seen)
            texts.discard(e.name)
            self.entities[key] = _union(self.entities.get(key, ()), texts)
            stated = {scores.entity_score(d, e.confidence, e.instrument, e.instrument_evidence)
                      for d in {w[0] for w in seen} | endpoints.get(e.key, set())}
            stated.discard(None)
            if stated:
                self.scores[key] = _union(self.scores.get(key, ()), stated)
        return written

    def add_relations(self, graph: Graph, new: Mapping[str, set[int]]) -> None:
        """Fold in the graph's relations with their evidence in sentences of the ``new`` documents."""
        for r in graph.relations.values():
            by_doc: dict[str, set[str]] = {}
            for m in r.evidence:
                if m.doc_id not in graph.documents:
                    raise StoreError(_OUTSIDE)
                if m.sentence in new.get(m.doc_id, ()):  # evidence in a sentence that is written
                    by_doc.setdefault(m.doc_id, set()).add(f"{m.doc_id}:{m.sentence}")
            if not by_doc:
                continue
            k = (sys.intern(r.head), r.type, sys.intern(r.tail))
            evidence = set().union(*by_doc.values())
            stated = {c for c in (claims.encode(d, r) for d in by_doc) if c is not None}
            old = self.relations.get(k, ((), (), ()))
            self.relations[k] = (_union(old[0], evidence), _union(old[1], by_doc), _union(old[2], stated))
            scored = {scores.relation_score(d, r.confidence, r.rule) for d in by_doc}
            scored.discard(None)
            if scored:
                self.relation_scores[k] = _union(self.relation_scores.get(k, ()), scored)

    def write_entities(self, out: _CsvFile) -> int:
        for key in sorted(self.entities):
            etype, name = key.split(":", 1)
            stated = self.scores.get(key, ())
            out.write(key, name, etype, self.entities[key], ["Entity", etype], stated, *scores.entity_values(stated))
        return len(self.entities)

    def write_relations(self, out: _CsvFile) -> int:
        written = 0
        for head, rel_type, tail in sorted(self.relations):
            if head not in self.entities or tail not in self.entities:
                continue  # an endpoint no document mentions: write_relations would not find it either
            evidence, doc_ids, stated = self.relations[(head, rel_type, tail)]
            scored = self.relation_scores.get((head, rel_type, tail), ())
            out.write(head, tail, rel_type, evidence, doc_ids, stated, *claims.attributes(stated), scored,
                      *scores.relation_values(scored))
            written += 1
        return written


FREEZE_EVERY = 500
"""Graphs between two moves of the folded state out of the cyclic garbage collector's sight."""


@contextmanager
def _frozen_state() -> Iterator[Callable[[], None]]:
    """Yield a function that collects cyclic garbage, then freezes every object that survives.

    The folded maps hold millions of long-lived tuples that Python's cyclic
    collector would otherwise rescan at every full collection (about 20 % of
    the time at 1000×); frozen objects are skipped, yet still freed by
    reference counting.  Everything is unfrozen at the end.
    """
    def settle() -> None:
        gc.collect()
        gc.freeze()

    try:
        yield settle
    finally:
        gc.unfreeze()


def _union(have: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    """The sorted union of a sorted tuple and more strings (``have`` itself when nothing is new)."""
    extra = [x for x in more if x not in have]
    return tuple(sorted({*have, *extra})) if extra else have


def _write_sentences(doc: Document, sentences: _CsvFile, has_sentence: _CsvFile) -> None:
    q = sentences.quote
    doc_id = q(doc.id)
    for s in doc.sentences:
        sid = q(f"{doc.id}:{s.index}")
        sentences.line(f"{sid},{doc_id},{s.index:d},{s.start:d},{s.end:d},{q(s.text)},{q(doc.city_at(s.start))}\n")
        has_sentence.line(f"{doc_id},{sid}\n")
