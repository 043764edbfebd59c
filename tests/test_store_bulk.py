"""``kg build --bulk``: CSV files for Neo4j's offline importer, and the graph they give.

The promise is that a bulk first load is the graph transactions build from
the same files, property by property; that it only ever replaces an empty
local database; and that the CSV files say exactly what the graphs hold
(quotes, line breaks, empty strings versus no value, lists).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import ingest, server, store
from kg.cli import main
from kg.errors import KgError, StoreError
from kg.model import Document, Entity, Graph, Mention, Relation, Sentence
from kg.store.bulk import ARRAY_SEP, write_import_files
from kg.store.claims import SEP as CLAIM_SEP
from export_diff import same

DATA = Path(__file__).parent / "data"


def _doc(doc_id: str, text: str, **kw) -> Document:
    return Document(id=doc_id, name=f"{doc_id}.txt", text=text,
                    sentences=(Sentence(index=0, start=0, end=len(text), text=text),), **kw)


def _graph(doc: Document, *entities: Entity, relations: tuple[Relation, ...] = ()) -> Graph:
    g = Graph(extractor="fp")
    g.add_document(doc)
    for e in entities:
        g.add_entity(e)
    for r in relations:
        g.add_relation(r)
    return g


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the files (no Neo4j)


def test_strings_are_quoted_and_none_is_an_empty_field(tmp_path):
    text = '他说"好"\n第二行'
    doc = _doc("d1", text, title="", date=None)
    company = Entity("Company", "甲公司", {'甲"司'}, [Mention("d1", 0, 0, 2, "他说")], confidence=0.75)
    files = write_import_files([_graph(doc, company)], tmp_path)
    docs = _raw(tmp_path / "documents.csv").splitlines()[1]
    assert docs.startswith('"d1","d1.txt",,"",,')  # path and date None (no property), title "" (a property)
    assert files.multiline  # a sentence spans two lines: the importer must be told
    assert '"他说""好""\n第二行"' in _raw(tmp_path / "sentences.csv")
    ents = _rows(tmp_path / "entities.csv")
    assert ents[0] == ["key:ID(Entity)", "name", "type", "aliases:string[]", ":LABEL", "scores:string[]",
                       "confidence:double", "instrument", "instrument_evidence"]
    assert ents[1] == ["Company:甲公司", "甲公司", "Company", ARRAY_SEP.join(sorted({'甲"司', "他说"})),
                       f"Entity{ARRAY_SEP}Company", "d1\x1f0.75\x1f\x1f", "0.75", "", ""]
    assert "--multiline-fields=true" in files.arguments()


def test_entities_and_relations_are_folded_over_the_corpus(tmp_path):
    a, b = _doc("a", "甲资助乙。"), _doc("b", "甲再次资助乙。")
    head = lambda d, s: Entity("Agency", "甲", set(), [Mention(d, 0, 0, 1, s)])  # noqa: E731
    tail = lambda d: Entity("Company", "乙", set(), [Mention(d, 0, 3, 4, "乙")])  # noqa: E731
    rel = lambda d, amount: Relation("Agency:甲", "FUNDS", "Company:乙", amount_cny=amount,  # noqa: E731
                                     evidence=[Mention(d, 0, 0, 4, "甲资助乙")])
    files = write_import_files([_graph(b, head("b", "甲局"), tail("b"), relations=(rel("b", 5e6),)),
                                _graph(a, head("a", "甲"), tail("a"), relations=(rel("a", None),))], tmp_path)
    assert (files.documents, files.entities, files.mentions, files.relations) == (2, 2, 4, 1)
    ents = {r[0]: r for r in _rows(tmp_path / "entities.csv")[1:]}
    assert ents["Agency:甲"][3] == "甲局"  # the union of both documents' surface forms, minus the name
    (row,) = _rows(tmp_path / "relations.csv")[1:]
    assert row[:3] == ["Agency:甲", "Company:乙", "FUNDS"]
    assert row[3].split(ARRAY_SEP) == ["a:0", "b:0"] and row[4].split(ARRAY_SEP) == ["a", "b"]
    assert row[5] == CLAIM_SEP.join(["b", "5000000.0", "", ""]) and row[6] == "5000000.0"


def test_a_document_seen_again_is_written_once_with_its_last_path(tmp_path):
    first = _doc("d", "甲。", source_path="/x/one.txt")
    again = _doc("d", "甲。", source_path="/y/two.txt")
    e = lambda: Entity("City", "甲", set(), [Mention("d", 0, 0, 1, "甲")])  # noqa: E731
    files = write_import_files([_graph(first, e()), _graph(again, e())], tmp_path)
    assert (files.documents, files.sentences, files.mentions) == (1, 1, 1)
    assert _rows(tmp_path / "documents.csv")[1][2] == "/y/two.txt"


def test_freezing_the_folded_state_changes_no_file(tmp_path, monkeypatch):
    import gc

    from kg.store import bulk

    def graphs():
        for i in range(5):
            d = f"d{i}"
            yield _graph(_doc(d, "甲资助乙。"), Entity("Agency", "甲", {f"甲{i}"}, [Mention(d, 0, 0, 1, "甲")]),
                         Entity("Company", "乙", set(), [Mention(d, 0, 3, 4, "乙")]),
                         relations=(Relation("Agency:甲", "FUNDS", "Company:乙", year=2020 + i,
                                             evidence=[Mention(d, 0, 0, 4, "甲资助乙")]),))

    write_import_files(graphs(), tmp_path / "plain")
    monkeypatch.setattr(bulk, "FREEZE_EVERY", 2)
    write_import_files(graphs(), tmp_path / "frozen")
    assert gc.get_freeze_count() == 0  # everything unfrozen again
    for f in (tmp_path / "plain").iterdir():
        assert _raw(f) == _raw(tmp_path / "frozen" / f.name), f.name


def test_facts_about_other_documents_are_refused(tmp_path):
    stray = Entity("City", "甲", set(), [Mention("elsewhere", 0, 0, 1, "甲")])
    with pytest.raises(StoreError, match="one graph per document"):
        write_import_files([_graph(_doc("d", "甲。"), stray)], tmp_path)


# --------------------------------------------------------------------------- a real import

CORPUS = [ingest.sample_corpus(), DATA / "dev", DATA / "dev2"]


@pytest.fixture
def bulk_home(tmp_path, neo4j_home):
    """A KG_HOME whose local Neo4j reuses the session server's jars; its server is stopped afterwards."""
    home = tmp_path / "kg,home"  # the importer splits file lists at commas: paths must not reach it
    neo = home / "neo4j"
    neo.mkdir(parents=True)
    for part in ("lib", "classes"):
        (neo / part).symlink_to(neo4j_home / part, target_is_directory=True)
    try:
        yield home
    finally:
        server.stop(neo)


@pytest.mark.neo4j
def test_bulk_build_gives_the_graph_transactions_build_and_refuses_a_second_time(driver, bulk_home):
    ingest.build(CORPUS, driver)
    want = store.export(driver)

    env = {"KG_HOME": str(bulk_home), "KG_NEO4J_PORT": str(server.free_port()),
           "KG_NEO4J_HTTP_PORT": str(server.free_port()), "NEO4J_URI": ""}
    result = CliRunner().invoke(main, ["build", "--bulk", "--workers", "2", *map(str, CORPUS)], env=env)
    assert result.exit_code == 0, result.output
    status = server.status(bulk_home / "neo4j")
    assert status.running  # back on its ports after the swap, Browser included
    assert (status.port, status.http_port) == (int(env["KG_NEO4J_PORT"]), int(env["KG_NEO4J_HTTP_PORT"]))
    with store.connect(status.uri, None, None) as bulk:
        assert same(store.export(bulk), want)

        # Anything stored: refused in one line before extracting, and the graph stays as it was.
        again = CliRunner().invoke(main, ["build", "--bulk", str(DATA / "dev3")], env=env)
        assert again.exit_code == 1
        assert "empty database only" in again.output and "Traceback" not in again.output
        assert same(store.export(bulk), want)


def test_bulk_needs_the_local_server(tmp_path):
    env = {"KG_HOME": str(tmp_path), "NEO4J_URI": "bolt://127.0.0.1:1"}
    result = CliRunner().invoke(main, ["build", "--bulk", str(ingest.sample_corpus())], env=env)
    assert result.exit_code == 1
    assert "local Neo4j only" in result.output and len(result.output.strip().splitlines()) == 1


def test_a_failed_import_says_why_in_one_line(tmp_path, neo4j_home, neo4j_server):
    home = tmp_path / "neo"
    home.mkdir()
    for part in ("lib", "classes"):
        (home / part).symlink_to(neo4j_home / part, target_is_directory=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("key:ID(Entity),name\nx,1\nx,2\n", encoding="utf-8")  # the same id twice
    with pytest.raises(KgError) as err:
        server.prepare_aside(home)
        server.import_database(home, [f"--nodes=Entity={bad}"])
    assert "\n" not in str(err.value) and "import.log" in str(err.value)
