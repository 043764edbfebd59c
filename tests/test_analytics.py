"""kg.analytics on hand-made graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import analytics


def ecosystem() -> nx.MultiDiGraph:
    """Two clusters (青岛 and 常州) joined by one partnership."""
    g = nx.MultiDiGraph()

    def node(key: str, city: str) -> None:
        type_, name = key.split(":", 1)
        g.add_node(key, name=name, type=type_, city=city)

    for key in ("City:青岛", "Agency:青岛市科学技术局", "Institute:青岛市工业技术研究院", "Company:华晨智能", "Fund:硕果金"):
        node(key, "青岛")
    for key in ("City:常州", "Agency:常州市科学技术局", "Company:常州合成生物", "Lab:龙城实验室"):
        node(key, "常州")
    node("Company:孤立公司", "青岛")
    edges = [
        ("Agency:青岛市科学技术局", "LOCATED_IN", "City:青岛"),
        ("Institute:青岛市工业技术研究院", "LOCATED_IN", "City:青岛"),
        ("Institute:青岛市工业技术研究院", "HOSTS", "Company:华晨智能"),
        ("Company:华晨智能", "LOCATED_IN", "City:青岛"),
        ("Fund:硕果金", "FUNDS", "Company:华晨智能"),
        ("Agency:青岛市科学技术局", "ADMINISTERS", "Fund:硕果金"),
        ("Agency:常州市科学技术局", "LOCATED_IN", "City:常州"),
        ("Company:常州合成生物", "LOCATED_IN", "City:常州"),
        ("Lab:龙城实验室", "LOCATED_IN", "City:常州"),
        ("Lab:龙城实验室", "HOSTS", "Company:常州合成生物"),
        ("Institute:青岛市工业技术研究院", "PARTNERS_WITH", "Lab:龙城实验室"),
    ]
    for h, t, tail in edges:
        g.add_edge(h, tail, key=t, type=t)
    return g


def test_pagerank_is_a_distribution_and_favours_hubs() -> None:
    pr = analytics.pagerank(ecosystem())
    assert sum(pr.values()) == pytest.approx(1.0, abs=1e-6)
    assert pr["City:青岛"] > pr["Agency:青岛市科学技术局"] > pr["Company:孤立公司"]
    assert pr["Company:孤立公司"] == min(pr.values())


def test_pagerank_matches_networkx() -> None:
    pagerank_alg = pytest.importorskip("networkx.algorithms.link_analysis.pagerank_alg")
    reference_impl = getattr(pagerank_alg, "_pagerank_python", None) or pagerank_alg.pagerank
    g = nx.karate_club_graph()
    reference = reference_impl(nx.Graph(g), weight=None)
    ours = analytics.pagerank(g)
    assert all(ours[n] == pytest.approx(reference[n], abs=1e-4) for n in g)


def test_central_actors_excludes_places_and_orders_by_measure() -> None:
    g = ecosystem()
    rows = analytics.central_actors(g, top=3, by="betweenness")
    assert [r["type"] for r in rows if r["type"] in {"City", "Region", "Fund", "Sector"}] == []
    assert rows[0]["key"] == "Institute:青岛市工业技术研究院"  # the bridge between the two cities
    assert rows == sorted(rows, key=lambda r: -r["betweenness"])
    assert set(rows[0]) >= {"key", "name", "type", "city", "relations", "pagerank", "degree", "betweenness"}
    everything = analytics.central_actors(g, top=100, types=None)
    assert len(everything) == g.number_of_nodes()


def test_centrality_rejects_unknown_measure() -> None:
    with pytest.raises(ValueError):
        analytics.centrality(ecosystem(), "closeness")


@pytest.mark.parametrize("method", ["greedy", "louvain"])
def test_communities_split_the_two_cities(method: str) -> None:
    rows = analytics.communities(ecosystem(), method=method)
    big = [set(r["members"]) for r in rows if r["size"] > 1]
    assert any({"City:青岛", "Company:华晨智能", "Fund:硕果金"} <= c for c in big)
    assert any({"City:常州", "Company:常州合成生物"} <= c for c in big)
    assert not any("City:青岛" in c and "City:常州" in c for c in big)
    assert [r["community"] for r in rows] == list(range(1, len(rows) + 1))
    assert sum(r["size"] for r in rows) == ecosystem().number_of_nodes()


def test_city_components_counts_islands() -> None:
    rows = {r["city"]: r for r in analytics.city_components(ecosystem())}
    assert rows["青岛"]["entities"] == 6 and rows["青岛"]["components"] == 2 and rows["青岛"]["isolated"] == 1
    assert rows["青岛"]["largest"] == 5
    assert rows["常州"]["components"] == 1 and rows["常州"]["relations"] == 4


def test_functions_do_not_mutate_and_handle_empty_graphs() -> None:
    g = ecosystem()
    before = (g.number_of_nodes(), g.number_of_edges(), dict(g.nodes(data=True)))
    analytics.central_actors(g)
    analytics.communities(g)
    analytics.city_components(g)
    assert before == (g.number_of_nodes(), g.number_of_edges(), dict(g.nodes(data=True)))
    empty = nx.MultiDiGraph()
    assert analytics.pagerank(empty) == {}
    assert analytics.central_actors(empty) == []
    assert analytics.communities(empty) == []
    assert analytics.city_components(empty) == []
