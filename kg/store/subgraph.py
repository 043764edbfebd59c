"""Read parts of the Neo4j graph back as :class:`networkx.MultiDiGraph` for drawing and analytics.

Every view is a query pack of ``queries/`` (``view_all``, ``view_city``,
``view_sector``, ``view_entity``) that returns nodes and relationships, so
the same Cypher draws in Neo4j Browser; :func:`pack_subgraph` turns what any
pack returns into the networkx graph:

* node id: the entity key (``Company:海尔``); attributes ``name``, ``type``,
  ``aliases`` (list), ``city`` (its LOCATED_IN city, else the city of the
  documents that mention it most; may be ``None``), ``instrument`` (Programs,
  Funds and Policies) and ``official_code`` (taxonomy sectors), else ``None``;
* node attributes also ``confidence`` and ``instrument_evidence`` (else ``None``);
* edge key: the relationship type (``TYPE#2`` … for a second relationship of
  that type between the same two entities, e.g. a taxonomy link beside an
  extracted one); attributes ``type``, ``amount_cny``, ``year``, ``role``,
  ``confidence``, ``rules`` (list), ``source`` (``taxonomy`` for the
  taxonomy's links, else ``None``), ``match`` (how a taxonomy link was made)
  and ``evidence``, a list of ``{"id", "sentence", "document", "title"}``
  dicts read from the sentences the relationship cites (at most
  ``max_evidence`` of them; all with ``None``).

Document and sentence nodes a pack may return are not drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
from neo4j import READ_ACCESS, Driver, Record
from neo4j.graph import Node, Path, Relationship

from kg.errors import NotFoundError, QueryError
from kg.packs import QueryPack, get_pack
from kg.store.errors import neo4j_errors
from kg.store.query import check_params, sector_params, suggest_names

MAX_EVIDENCE = 3
"""Evidence sentences kept per relationship (the tooltip stays readable)."""


def whole_graph(driver: Driver, limit: int | None = 400, *, max_evidence: int | None = MAX_EVIDENCE
                ) -> nx.MultiDiGraph:
    """The ``limit`` most connected entities and every relationship among them; every entity with ``None``."""
    if limit is None:
        return pack_subgraph(driver, "view_whole", {}, max_evidence=max_evidence)
    return pack_subgraph(driver, "view_all", {"limit": limit}, max_evidence=max_evidence)


def city_subgraph(driver: Driver, city: str, *, max_evidence: int | None = MAX_EVIDENCE) -> nx.MultiDiGraph:
    """A city's ecosystem: the city, what is located in it or mentioned in documents about it.

    Raises :class:`NotFoundError` with the closest city names when no City is called ``city``.
    """
    graph = pack_subgraph(driver, "view_city", {"city": city}, max_evidence=max_evidence)
    if not graph:
        raise NotFoundError(f"no city {city!r} in the graph", suggest_names(driver, city, "City"))
    return graph


def sector_subgraph(driver: Driver, sector: str, *, max_evidence: int | None = MAX_EVIDENCE) -> nx.MultiDiGraph:
    """A sector, its sub-sectors, the programs, funds and actors around them and who funds or runs those.

    ``sector`` may be a Chinese or English name or a synonym of the taxonomy, or an official code (4, C27).
    Raises :class:`NotFoundError` with the closest sectors when it names none in the graph.
    """
    graph = pack_subgraph(driver, "view_sector", sector_params(driver, sector), max_evidence=max_evidence)
    if not graph:
        raise NotFoundError(f"no sector {sector!r} in the graph", suggest_names(driver, sector, "Sector"))
    return graph


def neighbourhood(driver: Driver, name: str, depth: int = 1, *, max_evidence: int | None = MAX_EVIDENCE) -> nx.MultiDiGraph:
    """Entities within ``depth`` (1 to 3) relationships of the entity called ``name`` (name, alias or key).

    Raises :class:`NotFoundError` with the closest names when no entity matches.
    """
    graph = pack_subgraph(driver, "view_entity", {"name": name, "depth": depth}, max_evidence=max_evidence)
    if not graph:
        raise NotFoundError(f"no entity {name!r} in the graph", suggest_names(driver, name))
    return graph


def pack_subgraph(driver: Driver, pack: str | QueryPack, params: dict[str, Any] | None = None, *,
                  max_evidence: int | None = MAX_EVIDENCE) -> nx.MultiDiGraph:
    """The entities and relationships a query pack returns (in any column, list or path), as a graph.

    Parameters are checked and converted as ``kg query run`` does
    (:func:`kg.store.query.check_params`; CLI strings are fine).  A pack that returns rows but no node, relationship or path raises
    :class:`QueryError`: there is nothing to draw.
    """
    qp = get_pack(pack) if isinstance(pack, str) else pack
    records = _run(driver, qp, check_params(qp, params or {}))
    graph = nx.MultiDiGraph()
    seen_any = False
    rels: dict[str, Relationship] = {}
    for record in records:
        for value in record.values():
            for item in _graph_items(value):
                seen_any = True
                if isinstance(item, Node):
                    _add_node(graph, item)
                else:
                    rels.setdefault(item.element_id, item)
    if records and not seen_any:
        raise QueryError(f"query {qp.name} returns no nodes, relationships or paths: there is nothing to draw")
    for rel in rels.values():
        for end in (rel.start_node, rel.end_node):
            if end is not None:
                _add_node(graph, end)
        head, tail = _key(rel.start_node), _key(rel.end_node)
        if head in graph and tail in graph:
            key, n = rel.type, 1
            while graph.has_edge(head, tail, key):
                n += 1
                key = f"{rel.type}#{n}"
            graph.add_edge(head, tail, key=key, type=rel.type, amount_cny=rel.get("amount_cny"),
                           year=rel.get("year"), role=rel.get("role"), confidence=rel.get("confidence"),
                           rules=list(rel.get("rules") or []), source=rel.get("source"), match=rel.get("match"),
                           evidence=list(rel.get("evidence") or [])[:max_evidence])
    _add_details(driver, graph)
    return graph


def _run(driver: Driver, qp: QueryPack, params: dict[str, Any]) -> list[Record]:
    """Run a pack in a read transaction, keeping nodes, relationships and paths (``run_pack`` makes plain rows)."""
    with neo4j_errors(f"query {qp.name}", query=qp.name), driver.session(default_access_mode=READ_ACCESS) as session:
        return session.execute_read(lambda tx: list(tx.run(qp.cypher, params)))


def _graph_items(value: Any) -> Iterator[Node | Relationship]:
    """Nodes and relationships inside a returned value (nested lists, maps and paths)."""
    if isinstance(value, (Node, Relationship)):
        yield value
    elif isinstance(value, Path):
        yield from value.nodes
        yield from value.relationships
    elif isinstance(value, dict):
        for v in value.values():
            yield from _graph_items(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _graph_items(v)


def _key(node: Node | None) -> str | None:
    if node is None or "Entity" not in node.labels:
        return None
    return node.get("key")


def _add_node(graph: nx.MultiDiGraph, node: Node) -> None:
    key = _key(node)
    if key is None or key in graph:
        return
    type_ = node.get("type") or next((lb for lb in sorted(node.labels) if lb != "Entity"), "Entity")
    graph.add_node(key, name=node.get("name") or key, type=type_, aliases=sorted(node.get("aliases") or []),
                   city=None, instrument=node.get("instrument"), official_code=node.get("official_code"),
                   confidence=node.get("confidence"), instrument_evidence=node.get("instrument_evidence"))


def _add_details(driver: Driver, graph: nx.MultiDiGraph) -> None:
    """Fill node ``city`` and turn edge evidence ids into sentence text and document names."""
    if not graph:
        return
    sentence_ids = sorted({sid for _, _, ev in graph.edges(data="evidence") for sid in ev})
    qp = get_pack("view_details")
    rows = _run(driver, qp, {"keys": list(graph.nodes), "sentences": sentence_ids})
    sentences: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["kind"] == "entity" and row["id"] in graph:
            graph.nodes[row["id"]]["city"] = row["city"]
        elif row["kind"] == "sentence":
            sentences[row["id"]] = {"id": row["id"], "sentence": row["text"], "document": row["document"],
                                    "title": row["title"]}
    for _, _, data in graph.edges(data=True):
        data["evidence"] = [sentences[sid] for sid in data["evidence"] if sid in sentences]

