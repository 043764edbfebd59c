"""``kg export``: GraphML, JSON and CSV of the whole graph or a view, with provenance and confidence on every edge.

The GraphML is read back with networkx, the JSON rebuilt with networkx, and the CSV pair loaded into an empty
Neo4j with Neo4j's own ``LOAD CSV`` (served over http by a thread of the test).  Against the real Neo4j.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import threading
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import CSV_FILES, LINK_FIELDS, NODE_FIELDS, to_graphml_graph, write_graphml
from kg.model import Document, Entity, Graph, Mention, Relation, Sentence, document_id
from kg.store import subgraph, write_graph

pytestmark = pytest.mark.neo4j

NOT_ENTITY_RELATIONS = ("HAS_SENTENCE", "MENTIONED_IN")


def stats(kg) -> dict[tuple[str, str], int]:
    res = kg("stats", "--format", "json")
    assert res.exit_code == 0, res.output
    return {(r["kind"], r["name"]): r["count"] for r in json.loads(res.stdout)}


def relation_counts(counts: dict[tuple[str, str], int]) -> dict[str, int]:
    return {name: n for (kind, name), n in counts.items() if kind == "relationship" and name not in NOT_ENTITY_RELATIONS}


def error_line(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    return lines[0]


# ------------------------------------------------------------------ the whole graph


def test_graphml_has_the_counts_of_kg_stats(sample_cli, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    res = sample_cli("export", "--format", "graphml", "--out", str(out))
    assert res.exit_code == 0, res.output
    counts = stats(sample_cli)
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == counts[("total", "entities")] == counts[("node", "Entity")]
    assert g.number_of_edges() == counts[("total", "relations between entities")] == sum(relation_counts(counts).values())
    assert f"wrote {out}: {g.number_of_nodes()} entities, {g.number_of_edges()} relationships" in res.stdout
    assert Counter(d["relation"] for _, _, d in g.edges(data=True)) == relation_counts(counts)
    assert Counter(d["type"] for _, d in g.nodes(data=True)) == {
        name: n for (kind, name), n in counts.items() if kind == "node" and name not in ("Entity", "Document", "Sentence")}
    assert all(d["label"] == d["name"] for _, d in g.nodes(data=True))  # Gephi and yEd show the name


def test_every_edge_carries_provenance_and_confidence(sample_cli, sample_db, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert sample_cli("export", "--out", str(out)).exit_code == 0  # the format from the suffix
    g = nx.read_graphml(out)
    origins = Counter()
    for u, v, d in g.edges(data=True):
        origins[d["origin"]] += 1
        if d["origin"] == "taxonomy":
            assert d["match"] in {"parent", "synonym", "contains"} and "confidence" not in d
            continue
        evidence = json.loads(d["evidence"])
        assert isinstance(d["confidence"], float) and 0 <= d["confidence"] <= 1
        assert evidence and all(ev["sentence"] and ev["document"] and ev["sentence_id"] for ev in evidence)
        assert json.loads(d["documents"]) == list(dict.fromkeys(ev["document"] for ev in evidence))
        assert json.loads(d["rules"])
    assert origins["extracted"] and origins["taxonomy"]
    # the evidence is the text of the sentences the relationship cites
    [row] = sample_db.execute_query(
        "MATCH (a:Entity {name: '康复贷'})-[r:FUNDS]->(b) MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence) "
        "WHERE s.id IN r.evidence RETURN a.key AS a, b.key AS b, r.confidence AS c, collect(s.text) AS texts, "
        "collect(DISTINCT d.name) AS docs").records
    edge = g.edges[row["a"], row["b"]]
    assert [ev["sentence"] for ev in json.loads(edge["evidence"])] == row["texts"]
    assert json.loads(edge["documents"]) == row["docs"] and edge["confidence"] == row["c"]


def test_json_is_node_link_and_rebuilds_the_graph(sample_cli, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    assert sample_cli("export", "--format", "json", "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["directed"] and data["multigraph"] and data["graph"] == {"view": "whole graph"}
    assert all(set(n) == set(NODE_FIELDS) for n in data["nodes"])
    assert all(set(link) == {*LINK_FIELDS, "key"} for link in data["links"])
    g = nx.node_link_graph(data, edges="links")
    counts = stats(sample_cli)
    assert (g.number_of_nodes(), g.number_of_edges()) == (counts[("total", "entities")],
                                                          counts[("total", "relations between entities")])
    funds = [link for link in data["links"] if link["relation"] == "FUNDS" and link["amount_cny"]]
    assert funds and all(isinstance(link["evidence"], list) and link["evidence"][0]["sentence"] for link in funds)
    stdout = sample_cli("export", "--out", "-")  # json to standard output, the summary on stderr
    assert stdout.exit_code == 0 and json.loads(stdout.stdout) == data and "wrote standard output" in stdout.stderr


@pytest.mark.parametrize("view, read", [
    (["--city", "青岛"], lambda d: subgraph.city_subgraph(d, "青岛")),
    (["--sector", "生物医药"], lambda d: subgraph.sector_subgraph(d, "生物医药")),
    (["--entity", "康复贷", "--depth", "2"], lambda d: subgraph.neighbourhood(d, "康复贷", 2)),
    (["--query", "view_city", "-p", "city=常州"], lambda d: subgraph.city_subgraph(d, "常州")),
])
def test_a_view_exports_what_kg_viz_draws(sample_cli, sample_db, tmp_path: Path, view, read) -> None:
    out = tmp_path / "v.json"
    res = sample_cli("export", *view, "--out", str(out))
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text("utf-8"))
    expected = read(sample_db)
    assert {n["id"] for n in data["nodes"]} == set(expected.nodes)
    assert len(data["links"]) == expected.number_of_edges() > 0
    assert data["graph"]["view"] != "whole graph"


def test_csv_pair_has_a_row_per_node_and_relationship(sample_cli, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    res = sample_cli("export", "--format", "csv", "--out", str(out))
    assert res.exit_code == 0, res.output
    nodes, rels = (list(csv.DictReader((out / name).open(encoding="utf-8-sig"))) for name in CSV_FILES)
    counts = stats(sample_cli)
    assert len(nodes) == counts[("total", "entities")] and len(rels) == counts[("total", "relations between entities")]
    assert list(nodes[0]) == list(NODE_FIELDS) and list(rels[0]) == list(LINK_FIELDS)
    assert (out / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")  # a BOM: spreadsheets read UTF-8
    assert all(r["origin"] == "taxonomy" or (r["confidence"] and json.loads(r["evidence"])) for r in rels)


@pytest.mark.parametrize("args, code, words", [
    (["--out", "g.txt"], 2, "say --format"),
    (["--format", "gexf", "--out", "g.gexf"], 2, "'gexf' is not one of"),
    (["--format", "graphml", "--out", "-"], 2, "takes --format json"),
    (["--format", "csv", "--out", "g.csv"], 1, "into a folder"),
    (["--city", "青岛", "--sector", "海洋", "--out", "g.json"], 2, "choose one view"),
    (["--city", "青导", "--out", "g.json"], 1, "no city '青导' in the graph; closest: 青岛"),
    (["--query", "view_city", "--out", "g.json"], 1, "needs -p city"),
])
def test_bad_input(sample_cli, tmp_path: Path, monkeypatch, args: list[str], code: int, words: str) -> None:
    monkeypatch.chdir(tmp_path)
    res = sample_cli("export", *args)
    assert res.exit_code == code and words in res.output and "Traceback" not in res.output, res.output
    if code == 1:
        error_line(res)
    assert not any(tmp_path.iterdir())  # nothing written


def test_unwritable_out_is_one_line(sample_cli, tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert "no such folder" in error_line(sample_cli("export", "--out", str(a_file / "g.graphml")))
    assert "no such folder" in error_line(sample_cli("export", "--out", str(tmp_path / "missing" / "g.json")))
    assert "is a folder" in error_line(sample_cli("export", "--out", str(tmp_path), "--format", "graphml"))
    assert "is a file" in error_line(sample_cli("export", "--out", str(a_file), "--format", "csv"))


def test_graphml_holds_any_text() -> None:
    """Control characters XML cannot hold, markup, lists and missing values: the file still reads back."""
    g = nx.MultiDiGraph()
    g.add_node("Fund:\x1b[2J清屏", name="\x1b[2J清屏<b>基金</b>", type="Fund", aliases=["a&b", "\x00x"], city=None,
               confidence=None)
    g.add_node("City:青岛", name="青岛", type="City", aliases=[])
    g.add_edge("Fund:\x1b[2J清屏", "City:青岛", key="LOCATED_IN", type="LOCATED_IN", confidence=0.5, rules=["r"],
               evidence=[{"id": "d:0", "sentence": "清屏\x07基金在青岛。", "document": "<d>.txt", "title": None}])
    g.add_edge("Fund:\x1b[2J清屏", "City:青岛", key="LOCATED_IN#2", type="LOCATED_IN", source="taxonomy")
    back = to_graphml_graph(g)
    assert back.number_of_edges() == 2
    buf = io.BytesIO()
    nx.write_graphml(back, buf)
    read = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert read.number_of_nodes() == 2 and read.number_of_edges() == 2
    node = read.nodes["Fund:\\x1b[2J清屏"]
    assert node["name"] == "\\x1b[2J清屏<b>基金</b>" and json.loads(node["aliases"]) == ["a&b", "\x00x"]
    assert "city" not in node and "confidence" not in node
    [edge] = [d for _, _, d in read.edges(data=True) if d["origin"] == "extracted"]
    assert json.loads(edge["evidence"])[0]["sentence"] == "清屏\x07基金在青岛。"


def test_the_cli_names_the_library_formats() -> None:
    import kg.cli.export as cli_export
    import kg.export

    assert cli_export.EXPORT_FORMATS == kg.export.FORMATS and cli_export.CSV_FILES == kg.export.CSV_FILES


# ------------------------------------------------------------------ these empty the database: keep them last


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve(tmp_path: Path):
    """``serve(folder)`` → the http URL of that folder, served by a thread until the test ends."""
    servers = []

    def start(folder: Path) -> str:
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}"

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


LOAD_NODES = """
LOAD CSV WITH HEADERS FROM $url AS row
CREATE (n:Entity:$(row.type) {key: row.id, name: row.name, type: row.type, city: row.city,
                              confidence: toFloat(row.confidence)})
"""
LOAD_RELATIONSHIPS = """
LOAD CSV WITH HEADERS FROM $url AS row
MATCH (a:Entity {key: row.source}), (b:Entity {key: row.target})
CREATE (a)-[r:$(row.relation)]->(b)
SET r.confidence = toFloat(row.confidence), r.origin = row.origin, r.evidence = row.evidence,
    r.documents = row.documents, r.amount_cny = toFloat(row.amount_cny)
"""


def test_csv_pair_loads_with_load_csv(sample_db, neo4j_server: str, tmp_path: Path, serve) -> None:
    """Export the sample graph as CSV, empty the database, LOAD CSV it back: the same entities and relations."""
    env = {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": ""}
    kg = functools.partial(CliRunner().invoke, main)
    res = kg(["export", "--format", "csv", "--out", str(tmp_path / "csv")], env=env)
    assert res.exit_code == 0, res.output
    before = stats(lambda *a: kg(list(a), env=env))
    funds = sample_db.execute_query("MATCH (a)-[r:FUNDS]->(b) RETURN a.key AS a, b.key AS b, r.amount_cny AS amount "
                                    "ORDER BY a, b").records
    sample_db.execute_query("MATCH (n) DETACH DELETE n")
    url = serve(tmp_path / "csv")
    sample_db.execute_query(LOAD_NODES, url=f"{url}/nodes.csv")
    sample_db.execute_query(LOAD_RELATIONSHIPS, url=f"{url}/relationships.csv")
    after = stats(lambda *a: kg(list(a), env=env))
    assert after[("total", "nodes")] == after[("total", "entities")] == before[("total", "entities")]
    assert after[("total", "relations between entities")] == before[("total", "relations between entities")]
    assert relation_counts(after) == relation_counts(before)
    assert {k: n for k, n in after.items() if k[0] == "node"} == {
        k: n for k, n in before.items() if k[0] == "node" and k[1] not in ("Document", "Sentence")}
    loaded = sample_db.execute_query("MATCH (a)-[r:FUNDS]->(b) RETURN a.key AS a, b.key AS b, r.amount_cny AS amount, "
                                     "r.evidence AS evidence ORDER BY a, b").records
    assert [(r["a"], r["b"], r["amount"]) for r in loaded] == [(r["a"], r["b"], r["amount"]) for r in funds]
    assert all(json.loads(r["evidence"])[0]["sentence"] for r in loaded)


def many_sentences_graph() -> Graph:
    """One document stating a relation in five sentences, and a name with a terminal escape in it."""
    sentences = [f"青岛市科学技术局位于青岛，第{i}次。" for i in range(5)]
    text = "".join(sentences)
    doc_id = document_id(text, "<export>")
    starts = [sum(len(s) for s in sentences[:i]) for i in range(5)]
    doc = Document(id=doc_id, name="many.txt", text=text, title="五句", date="2024-01-01", city="青岛",
                   sentences=tuple(Sentence(i, starts[i], starts[i] + len(s), s) for i, s in enumerate(sentences)))

    def mention(i: int, form: str) -> Mention:
        start = starts[i] + sentences[i].index(form)
        return Mention(doc_id, i, start, start + len(form), form)

    g = Graph()
    g.add_document(doc)
    agency = g.add_entity(Entity("Agency", "青岛市科学技术局", set(), [mention(i, "青岛市科学技术局") for i in range(5)],
                                 confidence=0.9))
    city = g.add_entity(Entity("City", "青岛", set(), [mention(0, "青岛")]))
    g.add_relation(Relation(agency.key, "LOCATED_IN", city.key, evidence=[mention(i, sentences[i]) for i in range(5)],
                            confidence=0.8, rule="names:seat"))
    return g


def test_every_evidence_sentence_and_parallel_relationships(driver, neo4j_server: str, tmp_path: Path) -> None:
    write_graph(driver, many_sentences_graph())
    driver.execute_query("MATCH (a:Entity {key: 'Agency:青岛市科学技术局'}), (c:Entity {key: 'City:青岛'}) "
                         "CREATE (a)-[:LOCATED_IN {source: 'taxonomy', match: 'parent'}]->(c)")
    out = tmp_path / "g.json"
    res = CliRunner().invoke(main, ["export", "--out", str(out)], env={"NEO4J_URI": neo4j_server})
    assert res.exit_code == 0, res.output
    links = json.loads(out.read_text("utf-8"))["links"]
    assert len(links) == 2  # two LOCATED_IN between the same two entities stay two
    [extracted] = [link for link in links if link["origin"] == "extracted"]
    assert len(extracted["evidence"]) == 5 and extracted["documents"] == ["many.txt"]  # all, not the 3 a drawing shows
    assert extracted["confidence"] == 0.8 and extracted["rules"] == ["names:seat"]
    write_graphml(subgraph.whole_graph(driver, None, max_evidence=None), tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == 2
