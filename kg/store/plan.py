"""Plan a write: per-document graphs → the rows of whole-document transactions (pure Python, no Neo4j).

``plan`` turns graphs into one :class:`Group` of rows per document, ``batches``
packs whole documents into transactions of about ``batch_size`` rows, and
``prepare`` also does the folding that needs nothing from the stored graph
(one entity row per key, one relation row per pair of entities), so that
:mod:`kg.store.writer` can prepare the next batch while Neo4j writes the
current one, and the transaction itself only merges with what is stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.errors import StoreError
from kg.model import ENTITY_TYPES, RELATION_TYPES, Graph
from kg.store import claims, scores


@dataclass
class Group:
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

    def extend(self, other: Group) -> None:
        self.docs += other.docs
        self.sentences += other.sentences
        self.mentions += other.mentions
        for k, rows in other.entities.items():
            self.entities[k] += rows
        for k, rows in other.relations.items():
            self.relations[k] += rows


def sentence_id(doc_id: str, index: int) -> str:
    """Id of a Sentence node: ``"<doc_id>:<index>"``."""
    return f"{doc_id}:{index}"


def check_types(graph: Graph) -> None:
    for e in graph.entities.values():
        if e.type not in ENTITY_TYPES:
            raise StoreError(f"entity {e.key!r} has unknown type {e.type!r}: expected one of {', '.join(ENTITY_TYPES)}")
    for r in graph.relations.values():
        if r.type not in RELATION_TYPES:
            raise StoreError(f"relation {r.head} -{r.type}-> {r.tail} has unknown type: "
                             f"expected one of {', '.join(RELATION_TYPES)}")


def plan(graphs: list[Graph]) -> tuple[list[Group], Group]:
    """One group per document (in graph order) plus one for facts whose document is not in ``graphs``.

    Each graph is planned on its own: a relation's attributes are claimed by
    the documents of its evidence in that graph (so pass one graph per
    document, as ``kg.ingest`` does, to keep each document's own claims).
    """
    groups: dict[str, Group] = {}
    extra = Group()
    needed: dict[int, set[str]] = defaultdict(set)  # id(group) -> entity keys it must upsert
    texts: dict[tuple[int, str], set[str]] = defaultdict(set)
    entities: dict[int, dict[str, Any]] = defaultdict(dict)  # id(group) -> key -> Entity to write
    n = 0
    for graph in graphs:
        check_types(graph)
        own: dict[str, Group] = {}
        for doc in graph.documents.values():
            if doc.id in groups:
                continue  # the same document twice: written once
            g = groups[doc.id] = own[doc.id] = Group()
            g.docs.append({"id": doc.id, "name": doc.name, "path": doc.source_path, "title": doc.title,
                           "date": doc.date, "city": doc.city, "chars": len(doc.text), "extractor": graph.extractor})
            g.sentences += [{"id": sentence_id(doc.id, s.index), "doc_id": doc.id, "index": s.index,
                             "start": s.start, "end": s.end, "text": s.text, "city": doc.city_at(s.start)}
                            for s in doc.sentences]

        def group(doc_id: str, own: dict[str, Group] = own) -> Group:
            return own.get(doc_id, extra)

        used: set[str] = set()  # entity keys some group of this graph writes
        for e in graph.entities.values():
            key = e.key
            seen: set[tuple[str, int, int, int]] = set()
            for m in e.mentions:
                where = (m.doc_id, m.sentence, m.start, m.end)
                if where in seen:
                    continue
                seen.add(where)
                g = group(m.doc_id)
                g.mentions.append({"key": key, "sentence_id": f"{m.doc_id}:{m.sentence}",
                                   "start": m.start, "end": m.end, "text": m.text})
                needed[id(g)].add(key)
                texts[(id(g), key)].add(m.text)
                entities[id(g)].setdefault(key, e)
                used.add(key)
        for r in graph.relations.values():
            by_doc: dict[str, set[str]] = defaultdict(set)
            for m in r.evidence:
                by_doc[m.doc_id].add(sentence_id(m.doc_id, m.sentence))
            for doc_id, sids in sorted(by_doc.items()):
                g = group(doc_id)
                g.relations[r.type].append({"n": n, "head": r.head, "tail": r.tail, "doc_id": doc_id,
                                            "claim": claims.encode(doc_id, r), "evidence": sorted(sids),
                                            "score": scores.relation_score(doc_id, r.confidence, r.rule)})
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
            doc_id = g.docs[0]["id"] if g.docs else ""
            score = scores.entity_score(doc_id, e.confidence, e.instrument, e.instrument_evidence)
            g.entities[e.type].append({"key": key, "name": e.name, "type": e.type, "aliases": aliases,
                                       "touched": [doc_id], "scores": [score] if score else []})
    return list(groups.values()), extra


def batches(groups: list[Group], batch_size: int) -> Iterator[Group]:
    batch = Group()
    for g in groups:
        batch.extend(g)
        if batch.size >= batch_size:
            yield batch
            batch = Group()
    if batch.docs:
        yield batch


# --------------------------------------------------------------------------- folding


def sorted_distinct(values: Iterable[str]) -> list[str]:
    """As Cypher's ``RETURN DISTINCT x ORDER BY x`` on strings (Neo4j orders them by code point, as Python)."""
    return sorted(set(values))


ENTITY_SCORES = ("confidence", "instrument", "instrument_evidence")
"""Entity properties computed from the documents' scores (:mod:`kg.store.scores`)."""


def with_values(row: dict[str, Any], stored: list[str]) -> dict[str, Any]:
    """``row`` with its scores merged into the ``stored`` ones and the entity properties they give."""
    merged = scores.merge(stored, row["touched"], row["scores"] or [])
    return {**row, "scores": merged or None, **dict(zip(ENTITY_SCORES, scores.entity_values(merged)))}


def fold_entities(by_label: Mapping[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per entity key: the union of its rows' aliases and scores, in key order.

    A key is ``"<type>:<name>"`` (:func:`kg.model.entity_key`), so every row
    of a key has the same name and type, and the union is what applying the
    rows one after the other would give (a document's later scores replace
    its earlier ones); the writer merges it with the stored aliases and
    scores (:func:`merge_stored`).
    """
    final: dict[str, dict[str, Any]] = {}
    for _, rows in sorted(by_label.items()):
        for r in rows:
            f = final.get(r["key"])
            if f is None:
                f = final[r["key"]] = {"key": r["key"], "name": r["name"], "type": r["type"], "aliases": set(),
                                       "touched": set(), "scores": []}
            f["scores"] = scores.merge(f["scores"], r["touched"], r["scores"])
            f["touched"].update(r["touched"])
            f["aliases"].update(r["aliases"])
    return [with_values({**f, "aliases": sorted_distinct(a for a in f["aliases"] if a != f["name"]),
                         "touched": sorted(f["touched"])}, [])
            for _, f in sorted(final.items())]


def merge_stored(rows: list[dict[str, Any]], stored: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The entity rows to write: aliases and scores of each folded row merged with the stored ones.

    ``stored`` maps keys to their stored ``name``, ``type``, ``aliases`` and
    ``scores``; rows that would change nothing on a stored entity are left out.
    """
    out = []
    for r in rows:
        old = stored.get(r["key"])
        if old is None:
            out.append(r)
            continue
        aliases = sorted_distinct(a for a in [*(old.get("aliases") or []), *r["aliases"]] if a != r["name"])
        merged = with_values({**r, "aliases": aliases}, old.get("scores") or [])
        if old.get("name") == r["name"] and old.get("type") == r["type"] and (old.get("aliases") or []) == aliases \
                and (old.get("scores") or None) == merged["scores"]:
            continue
        out.append(merged)
    return out


@dataclass
class FoldedRelations:
    """Relation rows folded per pair of entities, by type, and which relation numbers each sent row stands for."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    also: dict[int, list[int]] = field(default_factory=dict)


def evidence_ids(by_type: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """Every sentence id the relation rows cite as evidence."""
    return {sid for rows in by_type.values() for r in rows for sid in r["evidence"]}


def fold_relations(by_type: Mapping[str, list[dict[str, Any]]], sentences: Mapping[str, str]) -> FoldedRelations:
    """Fold relation rows per (head, type, tail), in the order they would have been applied one after the other.

    ``sentences`` maps the sentence ids that exist (written in this
    transaction or stored) to their documents; evidence naming no existing
    sentence is dropped, and a row left without any is not applied.  A
    folded row has the union of its rows' evidence and documents, the
    documents whose claims it states (``touched``) and, for each document,
    the claim of its last row.
    """
    folded: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rel_type, rows in sorted(by_type.items()):
        for r in rows:
            ev = [sid for sid in r["evidence"] if sid in sentences]
            if not ev:
                continue
            f = folded.setdefault((r["head"], rel_type, r["tail"]),
                                  {"ns": [], "evidence": set(), "docs": set(), "claims": {}, "scores": {}})
            f["ns"].append(r["n"])
            f["evidence"].update(ev)
            f["docs"].update(sentences[sid] for sid in ev)
            f["claims"].pop(r["doc_id"], None)  # the document's latest claim (or none) replaces its earlier one
            f["claims"][r["doc_id"]] = r["claim"]
            f["scores"][r["doc_id"]] = r.get("score")
    out = FoldedRelations()
    for (head, rel_type, tail), f in folded.items():
        n = f["ns"][0]
        out.also[n] = f["ns"]
        out.rows.setdefault(rel_type, []).append(
            {"n": n, "head": head, "tail": tail, "evidence": sorted_distinct(f["evidence"]),
             "docs": sorted_distinct(f["docs"]), "touched": sorted(f["claims"]),
             "claims": sorted_distinct(c for c in f["claims"].values() if c is not None),
             "scores": sorted_distinct(c for c in f["scores"].values() if c is not None)})
    return out


# --------------------------------------------------------------------------- prepared transactions


@dataclass
class Prepared:
    """One transaction's rows, with what can be folded before the transaction already folded.

    ``relations`` is None when some evidence names a sentence this
    transaction does not write (facts of documents stored earlier): those
    rows are folded in the transaction, after looking the sentences up.
    """

    group: Group
    entities: list[dict[str, Any]]
    relations: FoldedRelations | None


def prepare_group(g: Group) -> Prepared:
    """Fold a transaction's entity rows, and its relation rows when all their evidence is written with them."""
    written = {s["id"]: s["doc_id"] for s in g.sentences}
    relations = fold_relations(g.relations, written) if evidence_ids(g.relations) <= written.keys() else None
    return Prepared(g, fold_entities(g.entities), relations)


def prepare(graphs: list[Graph], batch_size: int) -> list[Prepared]:
    """Plan ``graphs`` into transactions of whole documents (about ``batch_size`` rows each), folded."""
    groups, extra = plan(graphs)
    return [prepare_group(g) for g in [*batches(groups, max(1, batch_size)), extra] if g.size]
