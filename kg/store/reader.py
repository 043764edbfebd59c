"""Read the graph back: counts and totals for ``kg stats`` and a deterministic full export for tests and diffs."""

from __future__ import annotations

import json
from typing import Any

import neo4j
from kg.store.cypher import statement
from kg.store.errors import neo4j_errors


def _read(driver: neo4j.Driver, name: str) -> list[dict[str, Any]]:
    with neo4j_errors("reading from Neo4j"), driver.session() as session:
        return session.execute_read(lambda tx: tx.run(statement(name)).data())


def counts(driver: neo4j.Driver) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` (a node counts once per label)."""
    return {
        "nodes": {r["label"]: r["count"] for r in _read(driver, "read_node_counts")},
        "relationships": {r["type"]: r["count"] for r in _read(driver, "read_relationship_counts")},
    }


def totals(driver: neo4j.Driver) -> dict[str, int]:
    """``{"nodes", "relationships", "entities", "relations"}``: every node and relationship, the entities, and
    the relationships between two entities (the whole graph as ``kg export`` writes it)."""
    return {k: int(v) for k, v in _read(driver, "read_totals")[0].items()}


def stored_documents(driver: neo4j.Driver) -> dict[tuple[str, str | None], str | None]:
    """``{(document id, file path): extractor fingerprint}`` of every stored document."""
    return {(r["id"], r["path"]): r["extractor"] for r in _read(driver, "stored_documents")}


def node_count(driver: neo4j.Driver) -> int:
    """Nodes in the database besides the sector taxonomy: an offline import may only replace a database with none."""
    return int(_read(driver, "node_count")[0]["n"])


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def export(driver: neo4j.Driver) -> dict[str, list[dict[str, Any]]]:
    """Every node and relationship with its properties, in a deterministic order.

    Nodes: ``{"labels": [...sorted], "props": {...}}`` sorted by labels, then
    key/id, then properties.  Relationships: ``{"start", "type", "end",
    "props"}`` where start/end are the end nodes' ``key`` (entities) or ``id``
    (documents, sentences).  List properties are returned as stored (the
    writer stores them sorted), so an unsorted list shows up as a difference.
    """
    nodes = []
    for r in _read(driver, "read_nodes"):
        props = dict(sorted(r["props"].items()))
        nodes.append({"labels": sorted(r["labels"]), "props": props})
    nodes.sort(key=lambda n: (n["labels"], str(n["props"].get("key", n["props"].get("id", ""))), _sort_key(n["props"])))
    rels = [{"start": r["start"], "type": r["type"], "end": r["end"], "props": dict(sorted(r["props"].items()))}
            for r in _read(driver, "read_relationships")]
    rels.sort(key=lambda r: (r["type"], str(r["start"]), str(r["end"]), _sort_key(r["props"])))
    return {"nodes": nodes, "relationships": rels}
