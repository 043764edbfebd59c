"""Write a :class:`kg.model.Graph` into Neo4j: batched, idempotent, one atomic transaction per batch of documents.

Graph shape (the contract queries and viz build on)::

    (:Document {id, name, path, title, date, city, chars})-[:HAS_SENTENCE]->(:Sentence {id, doc_id, index, start, end, text})
    (:Entity:<Type> {key, name, type, aliases})-[:MENTIONED_IN {start, end, text}]->(:Sentence)
    (:Entity)-[:<TYPE> {amount_cny, year, role, evidence, docs, claims}]->(:Entity)

Every batch first retracts the stored versions of its documents (same id, or
same file with another id: the file changed), then upserts them with
``UNWIND $rows`` statements from ``schema/*.cypher``, all in one managed
transaction.  A killed run therefore leaves whole documents only, and running
it again gives the same graph as a clean load.  The rows are planned and
folded beforehand in pure Python (:mod:`kg.store.plan`); ``write_batches``
does that for the next batch while Neo4j writes the current one.

A document's file is its ``path`` (the absolute path it was read from) when
both the stored and the new version have one, else its ``name``; so two
``index.html`` in different folders are two documents.

Relation attributes are facts of the documents that state them: ``claims``
keeps one claim per document, and ``amount_cny``/``year``/``role`` are
derived from them; the rules are those of :mod:`kg.store.claims`, applied in
Python to the claims ``write_relations`` reads back.  Retracting a document
drops its claims, so an amount stated only by an old version disappears, and
the result does not depend on the order or batching of the writes.

Every write transaction first takes the graph's write lock (a ``KgLock`` node
created and deleted in the same transaction; its uniqueness constraint makes a
second writer wait until the first commits), so concurrent ``kg build`` runs
apply whole batches one after the other: no deadlocks, and no transaction
decides what to retract from a state another is changing.
"""

from __future__ import annotations

import queue
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from kg.errors import KgError
from kg.model import Graph
from kg.store.cypher import statement, statements
from kg.store.errors import neo4j_errors, translate
from kg.store import claims
from kg.store.plan import (
    FoldedRelations,
    Group,
    Prepared,
    evidence_ids,
    fold_entities,
    fold_relations,
    merge_stored,
    plan,
    prepare,
    sentence_id,
)

__all__ = ["WriteReport", "clear_graph", "ensure_schema", "exclusive", "finish_import", "remove_document",
           "sentence_id", "write_batches", "write_graph", "write_graph_per_row"]


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


WRITING = "writing to Neo4j"


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
        _run(tx, statement("retract_entities"), rows=rows, keep=keep or [], doc_ids=doc_ids)


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


def _entity_keys(g: Group) -> list[str]:
    return sorted({r["key"] for rows in g.entities.values() for r in rows})


def _count(recs: list[dict[str, Any]]) -> int:
    return int(recs[0]["n"]) if recs else 0


def _write_prepared(tx: neo4j.ManagedTransaction, p: Prepared, keep_ids: list[str]) -> dict[str, Any]:
    """Retract the stored versions of the transaction's documents, then upsert its rows: one transaction."""
    g = p.group
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
    _write_entities(tx, p.entities)
    if g.mentions:  # into sentences this transaction created (documents), or stored earlier (no documents)
        out["mentions"] = _count(_run(tx, statement("write_mentions" if g.docs else "merge_mentions"), rows=g.mentions))
    written = {s["id"]: s["doc_id"] for s in g.sentences}
    folded = p.relations if p.relations is not None else _fold_with_stored(tx, g.relations, written)
    out["relations"] = _write_folded(tx, folded)
    return out


def _write_entities(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """Upsert folded entity rows (:func:`kg.store.plan.fold_entities`) in one statement.

    The stored name, type and aliases of their keys are read first (one index
    seek per key); each row's aliases become the sorted union of the stored
    and the new ones without its name, and rows that would change nothing on
    a stored entity are not sent.
    """
    if not rows:
        return
    stored = {rec["key"]: rec for rec in _run(tx, statement("stored_aliases"), keys=[r["key"] for r in rows])}
    rows = merge_stored(rows, stored)
    if rows:
        _run(tx, statement("write_entities"), rows=rows)


def _fold_with_stored(tx: neo4j.ManagedTransaction, by_type: dict[str, list[dict[str, Any]]],
                      written: dict[str, str]) -> FoldedRelations:
    """Fold relation rows whose evidence may name sentences stored earlier: those are looked up first."""
    sentences = dict(written)
    unknown = sorted(evidence_ids(by_type) - sentences.keys())
    if unknown:
        sentences.update((rec["id"], rec["doc_id"]) for rec in _run(tx, statement("stored_sentences"), ids=unknown))
    return fold_relations(by_type, sentences)


def _write_relations(tx: neo4j.ManagedTransaction, by_type: dict[str, list[dict[str, Any]]],
                     written: dict[str, str]) -> set[int]:
    """Fold and upsert relation rows in the caller's transaction; returns the relation numbers written."""
    return _write_folded(tx, _fold_with_stored(tx, by_type, written))


def _write_folded(tx: neo4j.ManagedTransaction, folded: FoldedRelations) -> set[int]:
    """Upsert folded relation rows, one statement per type; returns the relation numbers written.

    ``write_relations`` inserts each row's evidence and documents into the
    stored sorted lists, so only what the batch adds travels, not the stored
    lists; for the rows whose claims may change it returns the stored claims,
    and ``set_claims`` writes what :mod:`kg.store.claims` makes of them.
    """
    done: set[int] = set()
    for rel_type, rows in sorted(folded.rows.items()):
        recs = _run(tx, statement("write_relations", rel_type=rel_type), rows=rows)
        if not recs:
            continue
        for n in recs[0]["written"]:
            done.update(folded.also.get(n, [n]))
        by_n = {r["n"]: r for r in rows}
        updates = []
        for c in recs[0]["claimed"]:
            row = by_n[c["n"]]
            merged = claims.merge(c["stored"], row["touched"], row["claims"])
            amount, year, role = claims.attributes(merged)
            updates.append({"id": c["id"], "claims": merged or None, "amount_cny": amount, "year": year,
                            "role": role})
        if updates:
            _run(tx, statement("set_claims"), rows=updates)
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
        raise translate(exc, WRITING) from None
    _schema_ready.add(driver)


def finish_import(driver: neo4j.Driver, timeout_s: int = 3600) -> None:
    """Make a store built by the offline importer (:mod:`kg.store.bulk`) what transactions would have built.

    Creates the constraints and indexes and waits until they are online,
    then gives entities without aliases the empty list the writer stores.
    """
    ensure_schema(driver)
    try:
        with driver.session() as session:
            session.run(statement("await_indexes"), seconds=timeout_s).consume()
            session.run(statement("bulk_fixup")).consume()
    except (Neo4jError, DriverError) as exc:
        raise translate(exc, WRITING) from None


def _ensure_schema_once(driver: neo4j.Driver) -> None:
    if driver not in _schema_ready:
        ensure_schema(driver)


def _commit_all(session: neo4j.Session, units: list[Prepared], keep_ids: list[str], report: WriteReport,
                progress: Callable[[int], None] | None) -> tuple[set[int], set[str]]:
    """Run each prepared transaction (with the write lock); returns the relation numbers and entity keys written."""
    relations: set[int] = set()
    keys: set[str] = set()
    for p in units:
        out = session.execute_write(exclusive(_write_prepared), p, keep_ids)
        report.documents += len(p.group.docs)
        report.sentences += out["sentences"]
        report.mentions += out["mentions"]
        report.replaced += out["replaced"]
        relations |= out["relations"]
        keys.update(r["key"] for r in p.entities)
        if progress and p.group.docs:
            progress(len(p.group.docs))
    return relations, keys


def _keep_ids(graphs: Sequence[Graph]) -> list[str]:
    return sorted({d for g in graphs for d in g.documents})


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
    units = prepare(graphs, batch_size)
    report = WriteReport()
    try:
        with driver.session() as session:
            relations, keys = _commit_all(session, units, _keep_ids(graphs), report, progress)
    except (Neo4jError, DriverError) as exc:
        raise translate(exc, WRITING) from None
    report.entities = len(keys)
    report.relations = len(relations)
    report.seconds = time.perf_counter() - started
    return report


def write_batches(driver: neo4j.Driver, batches: Iterable[Sequence[Graph]], batch_size: int = 1000,
                  progress: Callable[[int], None] | None = None) -> WriteReport:
    """Write each item of ``batches`` as ``write_graph(driver, item, batch_size)`` would, in order.

    The next item is taken from ``batches`` (extracted, when it is a
    generator over the extractor) and planned in the calling thread while a
    writer thread has Neo4j write the current one, so the client's work
    overlaps the database's; at most one planned item waits.  The first
    error on either side stops both, as in a serial loop: the items handed
    over before it are written whole, nothing later is, and the error is
    raised here.  The
    report's counts are summed over the items (an entity written by two
    items counts twice).
    """
    started = time.perf_counter()
    _ensure_schema_once(driver)
    report = WriteReport()
    handoff: queue.Queue[tuple[list[Prepared], list[str]] | None] = queue.Queue(maxsize=1)
    failed: list[BaseException] = []

    def write() -> None:
        try:
            with driver.session() as session:
                while (item := handoff.get()) is not None:
                    relations, keys = _commit_all(session, *item, report, progress)
                    report.entities += len(keys)
                    report.relations += len(relations)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread, which raises it
            failed.append(exc)

    writer = threading.Thread(target=write, name="kg-writer", daemon=True)

    def hand_over(item: tuple[list[Prepared], list[str]] | None) -> None:
        while writer.is_alive():
            try:
                handoff.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    try:
        for graphs in batches:
            if failed:
                break
            graphs = list(graphs)
            item = (prepare(graphs, batch_size), _keep_ids(graphs))
            if writer.ident is None:  # started late, so that a process pool behind ``batches`` forks first
                writer.start()
            hand_over(item)
    finally:  # what was handed over is written (as serially, it would be before the next item is taken)
        if writer.ident is not None:
            hand_over(None)
            writer.join()
    if failed:
        exc = failed[0]
        if isinstance(exc, (Neo4jError, DriverError)):
            raise translate(exc, WRITING) from None
        raise exc
    report.seconds = time.perf_counter() - started
    return report


def write_graph_per_row(driver: neo4j.Driver, graph: Graph) -> WriteReport:
    """The naive writer, for benchmarks only: one transaction and round trip per row.

    Gives the same graph as :func:`write_graph` but is neither fast nor atomic
    per document.
    """
    started = time.perf_counter()
    _ensure_schema_once(driver)
    groups, extra = plan([graph])
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
                        session.execute_write(_write_entities, fold_entities({label: [row]}))
                        entity_keys.add(row["key"])
                for row in g.mentions:
                    query = statement("write_mentions" if g.docs else "merge_mentions")
                    report.mentions += _count(session.execute_write(one, query, row))
                for rel_type, rows in sorted(g.relations.items()):
                    for row in rows:  # reads the stored relationships of the pair in the row's own transaction
                        relations |= session.execute_write(_write_relations, {rel_type: [row]}, written)
    except (Neo4jError, DriverError) as exc:
        raise translate(exc, WRITING) from None
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
        raise translate(exc, WRITING) from None


def clear_graph(driver: neo4j.Driver) -> int:
    """Delete every node and relationship (the schema stays); returns how many nodes there were.

    Runs as auto-committed batches (``CALL … IN TRANSACTIONS``), so it needs
    no memory for large graphs; a run stopped half-way leaves fewer nodes,
    and running it again finishes the work.
    """
    with neo4j_errors("emptying the database"):
        before = driver.execute_query(statement("node_count_all")).records[0]["n"]
        with driver.session() as session:
            session.run(statement("clear_graph")).consume()
    return int(before)
