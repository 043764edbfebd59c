"""Network analytics over an entity graph: central actors, communities, components per city.

Pure functions with the graph first (a :class:`networkx.MultiDiGraph` as
:mod:`kg.store.subgraph` returns it: node attributes ``name``, ``type``,
``city``); nothing here reads Neo4j or mutates its input.  Relationship
direction carries meaning (who funds whom) but not importance, so every
measure is computed on the undirected graph, parallel relationships adding
weight.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from kg.model import ACTOR_TYPES

MEASURES = ("pagerank", "degree", "betweenness")


def undirected(graph: nx.Graph) -> nx.Graph:
    """The simple undirected graph: one edge per linked pair, ``weight`` = how many relationships link them."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def pagerank(graph: nx.Graph, alpha: float = 0.85, max_iter: int = 200, tol: float = 1.0e-8) -> dict[Hashable, float]:
    """PageRank of the undirected, weighted view of ``graph`` (networkx's when SciPy is installed).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> max(pagerank(g).items(), key=lambda kv: kv[1])[0]
    'b'
    """
    simple = undirected(graph)
    if simple.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(simple, alpha=alpha, max_iter=max_iter, tol=tol, weight="weight")
    except ImportError:  # networkx computes PageRank with SciPy; fall back to plain power iteration
        pass
    n = simple.number_of_nodes()
    strength = dict(simple.degree(weight="weight"))
    rank = dict.fromkeys(simple, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in simple if not strength[v]) / n
        new = dict.fromkeys(simple, (1.0 - alpha) / n + dangling)
        for v, nbrs in simple.adjacency():
            if strength[v]:
                share = alpha * rank[v] / strength[v]
                for u, d in nbrs.items():
                    new[u] += share * d.get("weight", 1)
        if sum(abs(new[v] - rank[v]) for v in simple) < n * tol:
            return new
        rank = new
    return rank


def centrality(graph: nx.Graph, measure: str = "pagerank") -> dict[Hashable, float]:
    """Centrality of every node: ``pagerank``, ``degree`` (degree centrality) or ``betweenness``.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
    >>> centrality(g, "degree")["hub"]
    1.0
    """
    if measure == "pagerank":
        return pagerank(graph)
    simple = undirected(graph)
    if measure == "degree":
        return nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else dict.fromkeys(simple, 0.0)
    if measure == "betweenness":
        return nx.betweenness_centrality(simple, normalized=True)
    raise ValueError(f"unknown centrality measure {measure!r}; use one of {', '.join(MEASURES)}")


def central_actors(graph: nx.Graph, top: int = 10, by: str = "pagerank",
                   types: Iterable[str] | None = ACTOR_TYPES) -> list[dict[str, Any]]:
    """The ``top`` most central nodes of ``types`` (default: actors, not places, schemes or sectors).

    Centrality is computed on the whole graph; each row has ``key``, ``name``,
    ``type``, ``city``, ``relations`` (degree) and the three measures, ordered by ``by``.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("Company:A", "Institute:B"), ("Company:C", "Institute:B")])
    >>> [r["key"] for r in central_actors(g, top=1)]
    ['Institute:B']
    """
    if by not in MEASURES:
        raise ValueError(f"unknown centrality measure {by!r}; use one of {', '.join(MEASURES)}")
    wanted = None if types is None else set(types)
    scores = {m: centrality(graph, m) for m in MEASURES}
    rows = []
    for key, data in graph.nodes(data=True):
        type_ = data.get("type") or str(key).split(":", 1)[0]
        if wanted is not None and type_ not in wanted:
            continue
        rows.append({"key": key, "name": data.get("name") or key, "type": type_, "city": data.get("city"),
                     "relations": graph.degree(key),
                     **{m: round(scores[m].get(key, 0.0), 6) for m in MEASURES}})
    rows.sort(key=lambda r: (-r[by], -r["relations"], str(r["key"])))
    return rows[:top]


def communities(graph: nx.Graph, method: str = "greedy", seed: int = 0) -> list[dict[str, Any]]:
    """Communities of the undirected graph, largest first: greedy modularity or Louvain.

    Each row: ``community`` (1-based), ``size``, ``label`` (its most central
    member's name), ``types`` (count per entity type) and ``members`` (keys,
    most central first).  Louvain is randomised: ``seed`` makes it repeatable.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> [r["size"] for r in communities(g)]
    [3, 3]
    """
    simple = undirected(graph)
    if simple.number_of_nodes() == 0:
        return []
    if method == "greedy":
        parts = nx.community.greedy_modularity_communities(simple, weight="weight")
    elif method == "louvain":
        parts = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    else:
        raise ValueError(f"unknown community method {method!r}; use greedy or louvain")
    rank = pagerank(simple)
    ordered = sorted((sorted(p, key=lambda n: (-rank.get(n, 0.0), str(n))) for p in parts),
                     key=lambda members: (-len(members), str(members[0])))
    rows = []
    for i, members in enumerate(ordered, 1):
        types: dict[str, int] = {}
        for n in members:
            t = graph.nodes[n].get("type") or "Entity"
            types[t] = types.get(t, 0) + 1
        rows.append({"community": i, "size": len(members), "label": graph.nodes[members[0]].get("name") or members[0],
                     "types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))), "members": members})
    return rows


def city_components(graph: nx.Graph) -> list[dict[str, Any]]:
    """Connected components of each city's entities (node attribute ``city``), most entities first.

    Many components mean the city's actors are described without links
    between them; ``largest`` is the share of entities in the biggest one.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"city": "青岛"}), ("b", {"city": "青岛"}), ("c", {"city": "青岛"})])
    >>> g.add_edge("a", "b")
    0
    >>> city_components(g)[0]["components"]
    2
    """
    by_city: dict[str, list[Hashable]] = {}
    for n, city in graph.nodes(data="city"):
        if city:
            by_city.setdefault(city, []).append(n)
    rows = []
    for city, members in by_city.items():
        sub = undirected(graph.subgraph(members))
        sizes = sorted((len(c) for c in nx.connected_components(sub)), reverse=True)
        rows.append({"city": city, "entities": len(members), "relations": graph.subgraph(members).number_of_edges(),
                     "components": len(sizes), "largest": sizes[0], "isolated": sum(1 for s in sizes if s == 1)})
    rows.sort(key=lambda r: (-r["entities"], r["city"]))
    return rows
