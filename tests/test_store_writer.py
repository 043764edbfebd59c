"""The Neo4j writer against a real Neo4j: idempotence, provenance, replacement, removal."""

from __future__ import annotations

import pytest

from kg.errors import StoreError
from kg.model import ENTITY_TYPES, Document, Entity, Graph, Mention, Relation, Sentence, document_id
from kg.store import counts, export, remove_document, write_batches, write_graph, write_graph_per_row
from kg.store.cypher import statements

pytestmark = pytest.mark.neo4j

TEXT_A = "青岛的华晨智能自动化装备有限公司获得硕果金500万元支持。华晨智能专注于物流自动化。"
TEXT_A2 = "华晨智能自动化装备有限公司落户青岛。"
TEXT_B = "青岛银行科技支行向华晨智能自动化装备有限公司提供贷款。"
COMPANY = "华晨智能自动化装备有限公司"


def make_doc(name: str, text: str, city: str | None = "青岛") -> Document:
    sentences, start = [], 0
    for i, part in enumerate(text.split("。")[:-1]):
        end = start + len(part) + 1
        sentences.append(Sentence(i, start, end, text[start:end]))
        start = end
    return Document(document_id(text, "<test>"), name, text, title=name, date="2024-05-01", city=city,
                    sentences=tuple(sentences))


def mention(doc: Document, surface: str, nth: int = 0) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = doc.text.index(surface, pos + 1)
    return Mention(doc.id, doc.sentence_at(pos).index, pos, pos + len(surface), surface)


def add(g: Graph, doc: Document, type_: str, name: str, *surfaces: str) -> str:
    e = Entity(type_, name, {s for s in surfaces if s != name}, [mention(doc, s) for s in (surfaces or (name,))])
    return g.add_entity(e).key


def relate(g: Graph, doc: Document, head: str, type_: str, tail: str, cue: str, **attrs) -> None:
    g.add_relation(Relation(head, type_, tail, evidence=[mention(doc, cue)], **attrs))


def graph_a(text: str = TEXT_A) -> tuple[Graph, Document]:
    g, a = Graph(), make_doc("a.txt", text)
    g.add_document(a)
    if text == TEXT_A:
        qd = add(g, a, "City", "青岛")
        co = add(g, a, "Company", COMPANY, COMPANY, "华晨智能")
        fund = add(g, a, "Fund", "硕果金")
        sec = add(g, a, "Sector", "物流自动化")
        relate(g, a, fund, "FUNDS", co, "硕果金", amount_cny=5_000_000.0, year=2024)
        relate(g, a, co, "LOCATED_IN", qd, COMPANY)
        relate(g, a, co, "FOCUSES_ON", sec, "专注于")
    else:  # the changed version of a.txt
        qd = add(g, a, "City", "青岛")
        co = add(g, a, "Company", COMPANY)
        relate(g, a, co, "LOCATED_IN", qd, "落户")
    return g, a


def graph_b() -> tuple[Graph, Document]:
    g, b = Graph(), make_doc("b.txt", TEXT_B)
    g.add_document(b)
    bank = add(g, b, "Financier", "青岛银行科技支行")
    co = add(g, b, "Company", COMPANY)
    qd = add(g, b, "City", "青岛")
    relate(g, b, bank, "FUNDS", co, "贷款")
    relate(g, b, bank, "LOCATED_IN", qd, "青岛银行")
    return g, b


def both(a_text: str = TEXT_A) -> Graph:
    g = Graph()
    g.merge(graph_a(a_text)[0])
    g.merge(graph_b()[0])
    return g


def wipe(driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def clean_export(driver, *graphs: Graph) -> dict:
    wipe(driver)
    for g in graphs:
        write_graph(driver, g)
    return export(driver)


def test_constraints_cover_every_entity_label():
    text = "\n".join(statements("constraints"))
    for label in ENTITY_TYPES:
        assert f"FOR (n:{label}) REQUIRE n.key IS UNIQUE" in text


def test_write_twice_is_idempotent(driver):
    g = both()
    report = write_graph(driver, g)
    assert (report.documents, report.entities, report.relations) == (2, 5, 5)
    assert report.mentions == sum(len(e.mentions) for e in g.entities.values())
    first, first_counts = export(driver), counts(driver)
    write_graph(driver, g)
    assert export(driver) == first
    assert counts(driver) == first_counts
    assert first_counts["nodes"]["Document"] == 2
    assert first_counts["relationships"]["FUNDS"] == 2


def test_graph_shape_and_provenance(driver):
    g = both()
    write_graph(driver, g)
    dump = export(driver)
    nodes = {n["props"].get("key") or n["props"]["id"]: n for n in dump["nodes"]}
    docs = {k for k, n in nodes.items() if n["labels"] == ["Document"]}
    sentences = {k: n["props"] for k, n in nodes.items() if n["labels"] == ["Sentence"]}
    assert docs == set(g.documents)
    assert all(s["doc_id"] in docs and k == f"{s['doc_id']}:{s['index']}" for k, s in sentences.items())
    company = nodes[f"Company:{COMPANY}"]
    assert company["labels"] == ["Company", "Entity"]
    assert company["props"]["aliases"] == ["华晨智能"]
    relations = [r for r in dump["relationships"] if r["type"] not in {"HAS_SENTENCE", "MENTIONED_IN"}]
    assert len(relations) == 5
    for r in relations:
        ev = r["props"]["evidence"]
        assert ev and ev == sorted(ev) and all(sid in sentences for sid in ev)
        assert r["props"]["docs"] == sorted({sentences[sid]["doc_id"] for sid in ev})
    funds = next(r for r in relations if r["start"] == "Fund:硕果金")
    assert funds["props"]["amount_cny"] == 5_000_000.0 and funds["props"]["year"] == 2024
    mentions = [r for r in dump["relationships"] if r["type"] == "MENTIONED_IN"]
    a = g.documents[document_id(TEXT_A, "<test>")]
    for m in mentions:
        if m["end"].startswith(a.id + ":"):
            assert a.text[m["props"]["start"]:m["props"]["end"]] == m["props"]["text"]


def test_changed_document_replaces_only_its_facts(driver):
    expected = clean_export(driver, both(TEXT_A2))
    wipe(driver)
    write_graph(driver, both())
    report = write_graph(driver, graph_a(TEXT_A2)[0])  # a.txt changed: new text, new id
    assert report.replaced == 1
    assert export(driver) == expected
    keys = {n["props"].get("key") for n in expected["nodes"]}
    assert "Fund:硕果金" not in keys and "Sector:物流自动化" not in keys
    assert {"Financier:青岛银行科技支行", f"Company:{COMPANY}", "City:青岛"} <= keys
    company = next(n for n in expected["nodes"] if n["props"].get("key") == f"Company:{COMPANY}")
    assert company["props"]["aliases"] == []


def test_remove_document(driver):
    g_a, a = graph_a()
    expected = clean_export(driver, g_a)
    wipe(driver)
    write_graph(driver, both())
    assert remove_document(driver, "b.txt") is True
    assert export(driver) == expected
    assert remove_document(driver, "b.txt") is False
    assert remove_document(driver, a.id) is True
    assert counts(driver) == {"nodes": {}, "relationships": {}}


def test_taxonomy_nodes_survive_retraction(driver):
    driver.execute_query("CREATE (:Entity:Sector {key: 'Sector:物流自动化', name: '物流自动化', "
                         "type: 'Sector', source: 'taxonomy'})")
    write_graph(driver, graph_a()[0])
    remove_document(driver, "a.txt")
    dump = export(driver)
    assert [n["props"]["key"] for n in dump["nodes"]] == ["Sector:物流自动化"]
    assert dump["relationships"] == []


def test_per_row_writer_gives_the_same_graph(driver):
    g = both()
    expected = clean_export(driver, g)
    wipe(driver)
    report = write_graph_per_row(driver, g)
    assert export(driver) == expected
    assert (report.documents, report.entities, report.relations) == (2, 5, 5)


def test_small_batches_and_rerun_after_interruption(driver):
    g = both()
    expected = clean_export(driver, g)
    wipe(driver)

    def crash(n: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_graph(driver, g, batch_size=1, progress=crash)  # dies after the first document committed
    assert counts(driver)["nodes"]["Document"] == 1
    write_graph(driver, g, batch_size=1)
    assert export(driver) == expected


def test_unknown_types_are_rejected_before_writing(driver):
    g, a = graph_a()
    g.add_entity(Entity("Spaceship", "X", mentions=[mention(a, "青岛")]))
    with pytest.raises(StoreError, match="unknown type 'Spaceship'"):
        write_graph(driver, g)
    assert counts(driver)["nodes"] == {}


def test_taxonomy_edges_are_kept_or_dropped_with_their_sector(driver):
    # What kg.store.taxonomy writes: a taxonomy sector, and a link from an extracted one.
    driver.execute_query("CREATE (:Entity:Sector {key: 'Sector:智能制造', name: '智能制造', type: 'Sector', "
                         "source: 'taxonomy', aliases: []})")
    g, a = graph_a()
    write_graph(driver, g)
    driver.execute_query("MATCH (c:Entity {key: 'Sector:物流自动化'}), (p:Entity {key: 'Sector:智能制造'}) "
                         "MERGE (c)-[:BELONGS_TO {source: 'taxonomy', match: 'contains'}]->(p)")
    # The text states the same edge: it gains evidence, and loses only that on retraction.
    g.add_entity(Entity("Sector", "智能制造", mentions=[mention(a, "物流自动化")]))
    relate(g, a, "Sector:物流自动化", "BELONGS_TO", "Sector:智能制造", "物流自动化")
    write_graph(driver, g)
    edge = [r for r in export(driver)["relationships"] if r["type"] == "BELONGS_TO"]
    assert edge[0]["props"]["evidence"] == [f"{a.id}:1"] and edge[0]["props"]["source"] == "taxonomy"
    g2 = graph_a()[0]
    g2.entities.pop("Sector:物流自动化")
    g2.relations = {k: r for k, r in g2.relations.items() if r.type != "FOCUSES_ON"}
    g2.add_entity(Entity("Sector", "物流自动化", mentions=[mention(a, "物流自动化")]))
    write_graph(driver, g2)  # reload a.txt: the sector is still mentioned, the edge no longer stated
    edge = [r for r in export(driver)["relationships"] if r["type"] == "BELONGS_TO"]
    assert edge == [{"start": "Sector:物流自动化", "type": "BELONGS_TO", "end": "Sector:智能制造",
                     "props": {"match": "contains", "source": "taxonomy"}}]
    remove_document(driver, "a.txt")  # the extracted sector goes, with its taxonomy link
    dump = export(driver)
    assert [n["props"]["key"] for n in dump["nodes"]] == ["Sector:智能制造"]
    assert dump["relationships"] == []


def test_write_batches_gives_what_write_graph_gives(driver):
    items = [[graph_a()[0]], [graph_b()[0]]]
    expected = clean_export(driver, *[g for item in items for g in item])
    wipe(driver)
    seen: list[int] = []
    report = write_batches(driver, iter(items), progress=seen.append)
    assert export(driver) == expected
    assert (report.documents, seen) == (2, [1, 1])
    write_batches(driver, iter(items))  # again: nothing changes
    assert export(driver) == expected


def test_write_batches_stops_at_the_first_error_and_keeps_what_was_committed(driver):
    expected = clean_export(driver, graph_a()[0])
    wipe(driver)
    bad, a = graph_a()
    bad.add_entity(Entity("Spaceship", "X", mentions=[mention(a, "青岛")]))
    taken: list[str] = []

    def items():  # the caller's side fails (planning the second item)
        for name, g in (("a", graph_a()[0]), ("bad", bad), ("b", graph_b()[0])):
            taken.append(name)
            yield [g]

    with pytest.raises(StoreError, match="unknown type 'Spaceship'"):
        write_batches(driver, items())
    assert export(driver) == expected
    assert taken == ["a", "bad"]

    wipe(driver)

    def crash(n: int) -> None:  # the writer's side fails (after the first item committed)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_batches(driver, iter([[graph_a()[0]], [graph_b()[0]]]), progress=crash)
    assert export(driver) == expected
