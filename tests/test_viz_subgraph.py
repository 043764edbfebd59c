"""kg.store.subgraph against the real Neo4j: views, evidence, paths from any pack, not-found suggestions."""

from __future__ import annotations

import pytest

from kg.errors import NotFoundError, QueryError
from kg.model import Document, Entity, Graph, Mention, Relation, Sentence, document_id
from kg.packs import parse_pack
from kg.store import write_graph
from kg.store import subgraph

pytestmark = pytest.mark.neo4j

HOSTILE_NAME = '恶意公司<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE_AGENCY = "<img src=x onerror=alert(3)>科技局"


def hostile_graph() -> Graph:
    """One Qingdao document whose names and sentences carry script payloads."""
    s0 = f"{HOSTILE_NAME}位于青岛，获得{HOSTILE_AGENCY}500万元资助<script>alert(5)</script>。"
    s1 = '青岛" onmouseover="alert(6)的企业越来越多。'
    text = s0 + s1
    doc_id = document_id(text, "<test>")
    doc = Document(id=doc_id, name="<script>alert(4)</script>.txt", text=text, title="<b>标题</b>",
                   date="2024-01-01", city="青岛",
                   sentences=(Sentence(0, 0, len(s0), s0), Sentence(1, len(s0), len(text), s1)))

    def mention(form: str, sentence: int = 0) -> Mention:
        start = text.index(form)
        return Mention(doc_id, sentence, start, start + len(form), form)

    g = Graph()
    g.add_document(doc)
    company = g.add_entity(Entity("Company", HOSTILE_NAME, {'" onmouseover="alert(7)'}, [mention(HOSTILE_NAME)]))
    agency = g.add_entity(Entity("Agency", HOSTILE_AGENCY, set(), [mention(HOSTILE_AGENCY)]))
    city = g.add_entity(Entity("City", "青岛", set(), [mention("青岛"), mention("青岛", 1)]))
    g.add_relation(Relation(company.key, "LOCATED_IN", city.key, evidence=[mention(s0)]))
    g.add_relation(Relation(agency.key, "FUNDS", company.key, amount_cny=5_000_000.0, year=2024,
                            evidence=[mention(s0)]))
    g.add_relation(Relation(agency.key, "LOCATED_IN", city.key, evidence=[mention(s1, 1)]))
    return g


@pytest.fixture
def hostile_driver(driver):
    write_graph(driver, hostile_graph())
    return driver


def test_city_view_has_nodes_edges_and_evidence(hostile_driver) -> None:
    g = subgraph.city_subgraph(hostile_driver, "青岛")
    company = f"Company:{HOSTILE_NAME}"
    assert set(g.nodes) == {"City:青岛", company, f"Agency:{HOSTILE_AGENCY}"}
    assert g.nodes[company]["name"] == HOSTILE_NAME and g.nodes[company]["type"] == "Company"
    assert g.nodes[company]["aliases"] == ['" onmouseover="alert(7)'] and g.nodes[company]["city"] == "青岛"
    funds = g.edges[f"Agency:{HOSTILE_AGENCY}", company, "FUNDS"]
    assert funds["type"] == "FUNDS" and funds["amount_cny"] == 5_000_000 and funds["year"] == 2024
    [evidence] = funds["evidence"]
    assert evidence["sentence"].startswith(HOSTILE_NAME) and evidence["document"] == "<script>alert(4)</script>.txt"
    assert g.number_of_edges() == 3
    assert set(subgraph.city_subgraph(hostile_driver, "青岛市")) == set(g)  # the name with 市 works too


def test_neighbourhood_and_whole_graph(hostile_driver) -> None:
    one = subgraph.neighbourhood(hostile_driver, '" onmouseover="alert(7)', 1)  # found by alias
    assert len(one) == 3
    assert set(subgraph.whole_graph(hostile_driver, 2)) <= set(one)
    assert len(subgraph.whole_graph(hostile_driver, 2)) == 2
    with pytest.raises(QueryError):
        subgraph.neighbourhood(hostile_driver, "青岛", 4)


def test_any_pack_returning_paths_is_drawable(hostile_driver) -> None:
    pack = parse_pack("// name: located\n// param: city (string) City.\n"
                      "MATCH p = (:Entity)-[:LOCATED_IN]->(:City {name: $city}) RETURN p", "test")
    g = subgraph.pack_subgraph(hostile_driver, pack, {"city": "青岛"})
    assert g.number_of_nodes() == 3 and sorted(k for _, _, k in g.edges(keys=True)) == ["LOCATED_IN", "LOCATED_IN"]
    assert all(d["evidence"] for _, _, d in g.edges(data=True))
    g = subgraph.pack_subgraph(hostile_driver, "view_all", {"limit": "2"})  # CLI strings are converted
    assert g.number_of_nodes() == 2
    with pytest.raises(QueryError, match="nothing to draw"):
        subgraph.pack_subgraph(hostile_driver, "overview", {})


def test_unknown_names_suggest_the_closest(hostile_driver) -> None:
    with pytest.raises(NotFoundError) as err:
        subgraph.city_subgraph(hostile_driver, "青导")
    assert "青岛" in err.value.suggestions
    with pytest.raises(NotFoundError) as err:
        subgraph.neighbourhood(hostile_driver, "恶意公司", 1)
    assert HOSTILE_NAME in err.value.suggestions
    with pytest.raises(NotFoundError):
        subgraph.sector_subgraph(hostile_driver, "不存在的行业xyz")
