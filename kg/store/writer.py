"""Write a :class:`kg.model.Graph` into Neo4j: batched, idempotent, one atomic transaction per batch of documents.

Graph shape (the contract queries and viz build on)::

    (:Document {id, name, path, title, date, city, chars})-[:HAS_SENTENCE]->(:Sentence {id, doc_id, index, start, end, text})
    (:Entity:<Type> {key, name, type, aliases})-[:MENTIONED_IN {start, end, text}]->(:Sentence)
    (:Entity)-[:<TYPE> {amount_cny, year, role, evidence, docs, claims}]->(:Entity)

Every batch first retracts the stored versions of its documents (same id, or
same file with another id: the file changed), then upserts them with
``UNWIND $rows`` statements from ``schema/*.cypher``, all in one managed
transaction.  A killed run therefore leaves whole documents only, and running
it again gives the same graph as a clean load.

A document's file is its ``path`` (the absolute path it was read from) when
both the stored and the new version have one, else its ``name``; so two
``index.html`` in different folders are two documents.

Relation attributes are facts of the documents that state them: ``claims``
keeps one ``"<doc_id>\x1f<amount>\x1f<year>\x1f<role>"`` per document, and
``amount_cny``/``year``/``role`` are each taken from the first claim (by
document id) that has one.  Retracting a document drops its claims, so an
amount stated only by an old version disappears, and the result does not
depend on the order or batching of the writes.

Every write transaction first takes the graph's write lock (a ``KgLock`` node
created and deleted in the same transaction; its uniqueness constraint makes a
second writer wait until the first commits), so concurrent ``kg build`` runs
apply whole batches one after the other: no deadlocks, and no transaction
decides what to retract from a state another is changing.
"""

from __future__ import annotations

import math
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from kg.errors import KgError, StoreError
from kg.model import ENTITY_TYPES, RELATION_TYPES, Graph, Relation
from kg.store.cypher import statement, statements


@dataclass
class WriteReport:
    """What a write did; ``replaced`` counts stored document versions that were retracted first."""

    documents: int = 0
    sentences: int = 0
    entities: int = 0
    relations: int = 0
    mentions: int = 0
    replaced: int = 0
    seconds: float = 0.0


@dataclass
class _Group:
    """The rows of a set of whole documents (or, for ``docs == []``, of facts without a document here)."""

    docs: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    mentions: list[dict[str, Any]] = field(default_factory=list)
    relations: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def size(self) -> int:
        return (len(self.docs) + len(self.sentences) + len(self.mentions)
                + sum(map(len, self.entities.values())) + sum(map(len, self.relations.values())))

    def extend(self, other: _Group) -> None:
        self.docs += other.docs
        self.sentences += other.sentences
        self.mentions += other.mentions
        for k, rows in other.entities.items():
            self.entities[k] += rows
        for k, rows in other.relations.items():
            self.relations[k] += rows


def _one_line(exc: BaseException) -> str:
    text = (getattr(exc, "message", None) or str(exc)).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _wrap(exc: Exception) -> StoreError:
    return StoreError(f"writing to Neo4j failed: {_one_line(exc)}")


def sentence_id(doc_id: str, index: int) -> str:
    """Id of a Sentence node: ``"<doc_id>:<index>"``."""
    return f"{doc_id}:{index}"


CLAIM_SEP = "\x1f"
"""Separates the fields of a relation's claim (ASCII unit separator)."""


def claim(doc_id: str, rel: Relation) -> str | None:
    """The attributes ``doc_id`` states for ``rel`` as one string, or None when it states none.

    ``"<doc_id>\x1f<amount_cny>\x1f<year>\x1f<role>"`` with empty fields for
    missing values; the role is last, so it may contain anything.
    """
    amount_cny = rel.amount_cny if rel.amount_cny is not None and math.isfinite(rel.amount_cny) else None
    if amount_cny is None and rel.year is None and not rel.role:
        return None
    amount = "" if amount_cny is None else repr(float(amount_cny))
    year = "" if rel.year is None else str(int(rel.year))
    return CLAIM_SEP.join((doc_id, amount, year, str(rel.role or "")))


# --------------------------------------------------------------------------- planning


def _check_types(graph: Graph) -> None:
    for e in graph.entities.values():
        if e.type not in ENTITY_TYPES:
            raise StoreError(f"entity {e.key!r} has unknown type {e.type!r}: expected one of {', '.join(ENTITY_TYPES)}")
    for r in graph.relations.values():
        if r.type not in RELATION_TYPES:
            raise StoreError(f"relation {r.head} -{r.type}-> {r.tail} has unknown type: "
                             f"expected one of {', '.join(RELATION_TYPES)}")


def _plan(graphs: list[Graph]) -> tuple[list[_Group], _Group]:
    """One group per document (in graph order) plus one for facts whose document is not in ``graphs``.

    Each graph is planned on its own: a relation's attributes are claimed by
    the documents of its evidence in that graph (so pass one graph per
    document, as ``kg.ingest`` does, to keep each document's own claims).
    """
    groups: dict[str, _Group] = {}
    extra = _Group()
    needed: dict[int, set[str]] = defaultdict(set)  # id(group) -> entity keys it must upsert
    texts: dict[tuple[int, str], set[str]] = defaultdict(set)
    entities: dict[int, dict[str, Any]] = defaultdict(dict)  # id(group) -> key -> Entity to write
    n = 0
    for graph in graphs:
        _check_types(graph)
        own: dict[str, _Group] = {}
        for doc in graph.documents.values():
            if doc.id in groups:
                continue  # the same document twice: written once
            g = groups[doc.id] = own[doc.id] = _Group()
            g.docs.append({"id": doc.id, "name": doc.name, "path": doc.source_path, "title": doc.title,
                           "date": doc.date, "city": doc.city, "chars": len(doc.text)})
            g.sentences += [{"id": sentence_id(doc.id, s.index), "doc_id": doc.id, "index": s.index,
                             "start": s.start, "end": s.end, "text": s.text, "city": doc.city_at(s.start)}
                            for s in doc.sentences]

        def group(doc_id: str, own: dict[str, _Group] = own) -> _Group:
            return own.get(doc_id, extra)

        used: set[str] = set()  # entity keys some group of this graph writes
        for e in graph.entities.values():
            seen: set[tuple[str, int, int, int]] = set()
            for m in e.mentions:
                if (m.doc_id, m.sentence, m.start, m.end) in seen:
                    continue
                seen.add((m.doc_id, m.sentence, m.start, m.end))
                g = group(m.doc_id)
                g.mentions.append({"key": e.key, "sentence_id": sentence_id(m.doc_id, m.sentence),
                                   "start": m.start, "end": m.end, "text": m.text})
                needed[id(g)].add(e.key)
                texts[(id(g), e.key)].add(m.text)
                entities[id(g)].setdefault(e.key, e)
                used.add(e.key)
        for r in graph.relations.values():
            by_doc: dict[str, set[str]] = defaultdict(set)
            for m in r.evidence:
                by_doc[m.doc_id].add(sentence_id(m.doc_id, m.sentence))
            for doc_id, sids in sorted(by_doc.items()):
                g = group(doc_id)
                g.relations[r.type].append({"n": n, "head": r.head, "tail": r.tail, "doc_id": doc_id,
                                            "claim": claim(doc_id, r), "evidence": sorted(sids)})
                needed[id(g)].update((r.head, r.tail))
                used.update((r.head, r.tail))
                for key in (r.head, r.tail):
                    if key in graph.entities:
                        entities[id(g)].setdefault(key, graph.entities[key])
            n += 1
        for key, e in graph.entities.items():
            if key not in used:  # an entity without mentions or relations
                needed[id(extra)].add(key)
                entities[id(extra)].setdefault(key, e)
    for g in [*groups.values(), extra]:
        for key in sorted(needed.get(id(g), ())):
            e = entities[id(g)].get(key)
            if e is None:
                continue  # an endpoint stored earlier; write_relations matches it in Neo4j
            aliases = sorted((set(e.aliases) | texts.get((id(g), key), set())) - {e.name})
            g.entities[e.type].append({"key": key, "name": e.name, "type": e.type, "aliases": aliases})
    return list(groups.values()), extra


def _batches(groups: list[_Group], batch_size: int) -> Iterator[_Group]:
    batch = _Group()
    for g in groups:
        batch.extend(g)
        if batch.size >= batch_size:
            yield batch
            batch = _Group()
    if batch.docs:
        yield batch


# --------------------------------------------------------------------------- transaction work


def _run(tx: neo4j.ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return tx.run(query, **params).data()


def _retract(tx: neo4j.ManagedTransaction, doc_ids: list[str], keep: list[str] | None = None) -> None:
    """Remove documents and every fact only they support (all in the caller's transaction).

    Entities in ``keep`` are not deleted even if nothing supports them any
    more: the caller writes them again in the same transaction, so edges other
    tools hung on them (taxonomy links) survive a reload.
    """
    touched: dict[str, set[str]] = defaultdict(set)
    for rec in _run(tx, statement("retract_relations"), doc_ids=doc_ids):
        touched[rec["key"]]  # noqa: B018 - registers the key with no removed texts
    for rec in _run(tx, statement("retract_mentions"), doc_ids=doc_ids):
        touched[rec["key"]].update(rec["texts"])
    _run(tx, statement("retract_documents"), doc_ids=doc_ids)
    if touched:
        rows = [{"key": k, "texts": sorted(v)} for k, v in sorted(touched.items())]
        _run(tx, statement("retract_entities"), rows=rows, keep=keep or [])


def _replaced_ids(tx: neo4j.ManagedTransaction, docs: list[dict[str, Any]], keep_ids: list[str]) -> list[str]:
    recs = _run(tx, statement("find_replaced"),
                docs=[{"id": d["id"], "name": d["name"], "path": d["path"]} for d in docs], keep_ids=keep_ids)
    return sorted(recs[0]["ids"]) if recs else []


def _lock(tx: neo4j.ManagedTransaction) -> None:
    """Take the graph's write lock; held until the transaction ends (see the module docstring)."""
    _run(tx, statement("lock_take"))


def _unlock(tx: neo4j.ManagedTransaction) -> None:
    """Delete the lock node again: nothing of it is committed; the lock itself ends with the transaction."""
    _run(tx, statement("lock_drop"))


def exclusive(work: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a transaction function so that it runs holding the graph's write lock."""

    def locked(tx: neo4j.ManagedTransaction, *args: Any, **kwargs: Any) -> Any:
        _lock(tx)
        result = work(tx, *args, **kwargs)
        _unlock(tx)
        return result

    return locked


def _entity_keys(g: _Group) -> list[str]:
    return sorted({r["key"] for rows in g.entities.values() for r in rows})


def _count(recs: list[dict[str, Any]]) -> int:
    return int(recs[0]["n"]) if recs else 0


def _write_group(tx: neo4j.ManagedTransaction, g: _Group, keep_ids: list[str]) -> dict[str, Any]:
    """Retract the stored versions of the group's documents, then upsert the group: one transaction."""
    out: dict[str, Any] = {"replaced": 0, "sentences": 0, "mentions": 0, "relations": set()}
    if g.docs:
        old = _replaced_ids(tx, g.docs, keep_ids)
        if old:
            _retract(tx, old, _entity_keys(g))
        new = {d["id"] for d in g.docs}
        out["replaced"] = sum(1 for i in old if i not in new)
        _run(tx, statement("write_documents"), rows=g.docs)
    if g.sentences:
        out["sentences"] = _count(_run(tx, statement("write_sentences"), rows=g.sentences))
    _write_entities(tx, g.entities)
    if g.mentions:  # into sentences this transaction created (documents), or stored earlier (no documents)
        out["mentions"] = _count(_run(tx, statement("write_mentions" if g.docs else "merge_mentions"), rows=g.mentions))
    written = {s["id"]: s["doc_id"] for s in g.sentences}
    out["relations"] = _write_relations(tx, g.relations, written)
    return out


def _sorted_distinct(values: Iterable[str]) -> list[str]:
    """As Cypher's ``RETURN DISTINCT x ORDER BY x`` on strings (Neo4j orders them by code point, as Python)."""
    return sorted(set(values))


def _write_entities(tx: neo4j.ManagedTransaction, by_label: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Upsert entity rows in one statement; returns the keys of the rows that were stored already.

    The stored aliases are read first (one index seek per key) and each key's
    rows are folded in Python, in the order the rows would have been applied
    one after the other: aliases become the sorted union of the old and the
    new ones without the row's name, and the last row's name and type win.
    """
    rows = [r for _, rs in sorted(by_label.items()) for r in rs]
    if not rows:
        return set()
    keys = sorted({r["key"] for r in rows})
    aliases: dict[str, list[str] | None] = {rec["key"]: rec["aliases"]
                                            for rec in _run(tx, statement("stored_aliases"), keys=keys)}
    stored = set(aliases)
    final: dict[str, dict[str, Any]] = {}
    for r in rows:
        have = final[r["key"]]["aliases"] if r["key"] in final else (aliases.get(r["key"]) or [])
        final[r["key"]] = {"key": r["key"], "name": r["name"], "type": r["type"],
                           "aliases": _sorted_distinct(a for a in [*have, *r["aliases"]] if a != r["name"])}
    _run(tx, statement("write_entities"), rows=list(final.values()))
    return stored


def _write_relations(tx: neo4j.ManagedTransaction, by_type: dict[str, list[dict[str, Any]]],
                     written: dict[str, str]) -> set[int]:
    """Upsert relation rows, one statement per type; returns the relation numbers written.

    ``written`` maps the sentence ids this transaction has written to their
    documents; other evidence is looked up (``stored_sentences``), and evidence
    that names no existing sentence is dropped (a row left without any is not
    applied, as before).  The rows of one pair of entities are folded in
    Python, in the order they would have been applied one after the other:
    the union of their evidence and documents, and for each document the
    claim of its last row.  ``write_relations`` inserts these into the stored
    sorted lists, so only what the batch adds travels, not the stored lists.
    """
    rows = [(t, r) for t, rs in sorted(by_type.items()) for r in rs]
    if not rows:
        return set()
    sentences = dict(written)
    unknown = sorted({sid for _, r in rows for sid in r["evidence"] if sid not in sentences})
    if unknown:
        sentences.update((rec["id"], rec["doc_id"]) for rec in _run(tx, statement("stored_sentences"), ids=unknown))
    folded: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rel_type, r in rows:
        ev = [sid for sid in r["evidence"] if sid in sentences]
        if not ev:
            continue
        f = folded.setdefault((r["head"], rel_type, r["tail"]),
                              {"ns": [], "evidence": set(), "docs": set(), "claims": {}})
        f["ns"].append(r["n"])
        f["evidence"].update(ev)
        f["docs"].update(sentences[sid] for sid in ev)
        f["claims"].pop(r["doc_id"], None)  # the document's latest claim (or none) replaces its earlier one
        f["claims"][r["doc_id"]] = r["claim"]
    out_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    also: dict[int, list[int]] = {}  # relation numbers of the rows folded into one sent row
    for (head, rel_type, tail), f in folded.items():
        n = f["ns"][0]
        also[n] = f["ns"]
        out_rows[rel_type].append({"n": n, "head": head, "tail": tail,
                                   "evidence": _sorted_distinct(f["evidence"]), "docs": _sorted_distinct(f["docs"]),
                                   "touched": sorted(f["claims"]),
                                   "claims": _sorted_distinct(c for c in f["claims"].values() if c is not None)})
    done: set[int] = set()
    for rel_type, rs in sorted(out_rows.items()):
        recs = _run(tx, statement("write_relations", rel_type=rel_type), rows=rs)
        if recs:
            for n in recs[0]["written"]:
                done.update(also.get(n, [n]))
    return done


# --------------------------------------------------------------------------- public API


_schema_ready: weakref.WeakSet = weakref.WeakSet()  # drivers ensure_schema already ran on


_SCHEMA_RACE = ("EquivalentSchemaRuleAlreadyExists", "ConstraintAlreadyExists", "IndexAlreadyExists",
                "ConstraintWithNameAlreadyExists", "IndexWithNameAlreadyExists")
"""Error codes that mean another client created the same rule at the same time."""


def _schema_statement(tx: neo4j.ManagedTransaction, stmt: str) -> None:
    tx.run(stmt).consume()


def ensure_schema(driver: neo4j.Driver) -> None:
    """Create the constraints and indexes of ``schema/constraints.cypher`` (idempotent).

    Safe when several clients run it at once (two ``kg build`` on a new
    database): schema deadlocks are retried, and a rule another client has
    just created counts as created.
    """
    try:
        with driver.session() as session:
            for stmt in statements("constraints"):
                try:
                    session.execute_write(_schema_statement, stmt)
                except Neo4jError as exc:
                    if not (exc.code or "").endswith(_SCHEMA_RACE):
                        raise
    except (Neo4jError, DriverError) as exc:
        raise _wrap(exc) from None
    _schema_ready.add(driver)


def _ensure_schema_once(driver: neo4j.Driver) -> None:
    if driver not in _schema_ready:
        ensure_schema(driver)


def write_graph(driver: neo4j.Driver, graph: Graph | Iterable[Graph], batch_size: int = 1000,
                progress: Callable[[int], None] | None = None) -> WriteReport:
    """Write ``graph`` with ``UNWIND`` batches of about ``batch_size`` rows of whole documents.

    ``graph`` may also be several graphs (e.g. one per document, so that each
    document claims only the relation attributes it states itself).  Each
    batch is one managed transaction (retried on transient errors) that takes
    the graph's write lock and first retracts the stored versions of its
    documents; a batch that fails is rolled back whole.  Loading the same
    graph twice changes nothing.  ``progress`` is called after each committed
    batch with the number of documents it wrote (an increment).
    """
    started = time.perf_counter()
    _ensure_schema_once(driver)
    graphs = [graph] if isinstance(graph, Graph) else list(graph)
    groups, extra = _plan(graphs)
    keep_ids = sorted({d for g in graphs for d in g.documents})
    report = WriteReport()
    relations: set[int] = set()
    entity_keys: set[str] = set()
    try:
        with driver.session() as session:
            for batch in [*_batches(groups, max(1, batch_size)), extra]:
                if batch.size == 0:
                    continue
                out = session.execute_write(exclusive(_write_group), batch, keep_ids)
                report.documents += len(batch.docs)
                report.sentences += out["sentences"]
                report.mentions += out["mentions"]
                report.replaced += out["replaced"]
                relations |= out["relations"]
                entity_keys.update(r["key"] for rows in batch.entities.values() for r in rows)
                if progress and batch.docs:
                    progress(len(batch.docs))
    except (Neo4jError, DriverError) as exc:
        raise _wrap(exc) from None
    report.entities = len(entity_keys)
    report.relations = len(relations)
    report.seconds = time.perf_counter() - started
    return report


def write_graph_per_row(driver: neo4j.Driver, graph: Graph) -> WriteReport:
    """The naive writer, for benchmarks only: one transaction and round trip per row.

    Gives the same graph as :func:`write_graph` but is neither fast nor atomic
    per document.
    """
    started = time.perf_counter()
    _ensure_schema_once(driver)
    groups, extra = _plan([graph])
    keep_ids = sorted(graph.documents)
    report = WriteReport()
    relations: set[int] = set()
    entity_keys: set[str] = set()
    written: dict[str, str] = {}  # sentence ids this run has written -> document

    def one(tx: neo4j.ManagedTransaction, query: str, row: dict[str, Any]) -> list[dict[str, Any]]:
        return _run(tx, query, rows=[row])

    try:
        with driver.session() as session:
            for g in [*groups, extra]:
                if g.docs:
                    old = session.execute_read(_replaced_ids, g.docs, keep_ids)
                    if old:
                        session.execute_write(_retract, old, _entity_keys(g))
                    report.replaced += sum(1 for i in old if i not in {d["id"] for d in g.docs})
                for row in g.docs:
                    session.execute_write(one, statement("write_documents"), row)
                    report.documents += 1
                for row in g.sentences:
                    report.sentences += _count(session.execute_write(one, statement("write_sentences"), row))
                    written[row["id"]] = row["doc_id"]
                for label, rows in sorted(g.entities.items()):
                    for row in rows:  # the stored aliases are read in the row's own transaction
                        session.execute_write(_write_entities, {label: [row]})
                        entity_keys.add(row["key"])
                for row in g.mentions:
                    query = statement("write_mentions" if g.docs else "merge_mentions")
                    report.mentions += _count(session.execute_write(one, query, row))
                for rel_type, rows in sorted(g.relations.items()):
                    for row in rows:  # reads the stored relationships of the pair in the row's own transaction
                        relations |= session.execute_write(_write_relations, {rel_type: [row]}, written)
    except (Neo4jError, DriverError) as exc:
        raise _wrap(exc) from None
    report.entities = len(entity_keys)
    report.relations = len(relations)
    report.seconds = time.perf_counter() - started
    return report


def remove_document(driver: neo4j.Driver, name_or_id: str, path: str | None = None) -> bool:
    """Retract the document with this id, path or file name and the facts only it supports.

    ``path`` is the absolute path of the file the user named, when it exists
    (the CLI passes it).  An id or a path selects exactly; a file name that
    several stored documents share (``index.html`` from two folders) raises
    :class:`KgError` listing them instead of removing them all.  Returns False
    when no such document is stored.
    """

    def work(tx: neo4j.ManagedTransaction) -> bool:
        found: dict[str, dict[str, str | None]] = defaultdict(dict)
        for rec in _run(tx, statement("find_document"), name_or_id=name_or_id, path=path):
            found[rec["how"]][rec["id"]] = rec["path"]
        chosen = found.get("id") or found.get("path") or found.get("name") or {}
        if len(chosen) > 1 and "id" not in found and "path" not in found:
            which = ", ".join(sorted(p or i for i, p in chosen.items()))
            raise KgError(f"{name_or_id} names {len(chosen)} documents ({which}): give its path or id")
        ids = sorted(chosen)
        if ids:
            _retract(tx, ids)
        return bool(ids)

    try:
        with driver.session() as session:
            return session.execute_write(exclusive(work))
    except (Neo4jError, DriverError) as exc:
        raise _wrap(exc) from None
