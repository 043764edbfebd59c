"""Updates through the real CLI and a real Neo4j: nothing lost, nothing duplicated.

Users keep adding documents for months.  Every file is a document of its own
(the same text in two files is two documents, and removing or changing one
never touches the other's facts); the same file name in two folders is two
documents; a changed file
replaces exactly its own facts (what only its old version stated goes, what
other documents also state stays, attribute values included); the graph does
not depend on batch size or file order; ``kg remove`` retracts a document and
refuses, in one line, what it cannot resolve.  "Clean load" below always means:
empty database, one ``kg build`` of the current files.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import export
from export_diff import same

pytestmark = pytest.mark.neo4j

AGENCY = "Agency:青岛市科学技术局"
HAIKE = "Company:青岛海科智能科技有限公司"
FUNDS = (AGENCY, "FUNDS", HAIKE)

A_V1 = "青岛海科智能科技有限公司获得青岛市科学技术局500万元资助。青岛瑞泰生物科技有限公司专注于合成生物领域。"
A_V2 = "青岛市科学技术局印发通知。青岛鼎盛新材料有限公司专注于新材料领域。"
B = "青岛海科智能科技有限公司获得青岛市科学技术局资助。青岛海科智能科技有限公司专注于海洋物联网领域。"
C = "青岛海科智能科技有限公司获得青岛市科学技术局800万元资助。"


@pytest.fixture
def kg(driver, neo4j_server, tmp_path):
    """Invoke the CLI in-process against the test Neo4j; returns the click Result."""
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "KG_HOME": str(tmp_path / "home")}

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], env=env)

    return invoke


def write(path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bom + text.encode(encoding))
    return path


def ok(result, code: int = 0):
    assert result.exit_code == code, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def clean_load(driver, kg, *args) -> dict:
    """The export of an empty database after one `kg build` with ``args``."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    ok(kg("build", *args))
    return export(driver)


def nodes(dump: dict, label: str) -> dict[str, dict]:
    return {n["props"].get("key") or n["props"]["id"]: n["props"] for n in dump["nodes"] if label in n["labels"]}


def edges(dump: dict, type_: str) -> dict[tuple[str, str, str], dict]:
    return {(r["start"], r["type"], r["end"]): r["props"] for r in dump["relationships"] if r["type"] == type_}


# ----------------------------------------------------------------- duplicates


def test_every_file_is_a_document_of_its_own_whatever_other_file_holds_the_same_text(tmp_path, driver, kg):
    docs = tmp_path / "docs"
    write(docs / "a.txt", A_V1)
    write(docs / "copies" / "a (1).txt", A_V1, "gbk")  # saved again, in another encoding
    write(docs / "copies" / "a-bom.txt", A_V1, bom=codecs.BOM_UTF8)
    write(docs / "b.txt", B)
    res = ok(kg("build", docs))
    assert "loaded 4 documents" in res.stdout
    first = export(driver)
    assert sorted(d["name"] for d in nodes(first, "Document").values()) == ["a (1).txt", "a-bom.txt", "a.txt", "b.txt"]

    # Removing or changing a copy touches only what that copy alone supports: a.txt keeps every fact.
    ok(kg("remove", docs / "copies" / "a (1).txt"))
    write(docs / "copies" / "a-bom.txt", A_V2, bom=codecs.BOM_UTF8)
    ok(kg("build", docs / "copies" / "a-bom.txt"))
    ok(kg("remove", docs / "copies" / "a-bom.txt"))
    assert same(export(driver), clean_load(driver, kg, docs / "a.txt", docs / "b.txt"))
    ok(kg("remove", "a.txt"))  # still known by its own name


def test_same_file_name_in_two_folders_is_two_documents(tmp_path, driver, kg):
    docs = tmp_path / "sites"
    write(docs / "2023" / "index.html", f"<html><body><p>{A_V1}</p></body></html>")
    write(docs / "2024" / "index.html", f"<html><body><p>{B}</p></body></html>")
    ok(kg("build", docs, "--batch-docs", "1"))  # one transaction each: the second must not replace the first
    loaded = nodes(export(driver), "Document")
    assert sorted(d["path"] for d in loaded.values()) == [str((docs / y / "index.html").resolve())
                                                          for y in ("2023", "2024")]

    # One of them changes: only that one is replaced, whichever way it is named on the command line.
    write(docs / "2024" / "index.html", f"<html><body><p>{C}</p></body></html>")
    ok(kg("build", docs / "2024" / "index.html"))
    after = export(driver)
    assert same(after, clean_load(driver, kg, docs, "--batch-docs", "1"))
    assert len(edges(after, "FUNDS")[FUNDS]["claims"]) == 2  # both versions' folders state an amount

    # `kg remove index.html` is ambiguous now: one line, nothing removed; the path or the id works.
    res = ok(kg("remove", "index.html"), 1)
    assert res.stderr.count("\n") == 1 and "index.html names 2 documents" in res.stderr
    assert same(export(driver), after)
    ok(kg("remove", docs / "2023" / "index.html"))
    assert same(export(driver), clean_load(driver, kg, docs / "2024"))

    # `kg extract` writes both JSON files instead of overwriting one with the other.
    out = tmp_path / "out"
    ok(kg("extract", docs, "--out", out))
    written = sorted(p.name for p in out.glob("*.json"))
    assert len(written) == 2 and "index.json" in written
    assert {json.loads((out / n).read_text("utf-8"))["doc"] for n in written} == {"index.html"}


# ----------------------------------------------------------------- updates


def test_changed_document_replaces_exactly_its_facts(tmp_path, driver, kg):
    docs = tmp_path / "docs"
    a = write(docs / "a.txt", A_V1)
    write(docs / "b.txt", B)
    ok(kg("build", docs))
    before = export(driver)
    assert edges(before, "FUNDS")[FUNDS]["amount_cny"] == 5_000_000.0  # stated by a.txt only
    assert "Company:青岛瑞泰生物科技有限公司" in nodes(before, "Company")

    write(a, A_V2)  # the amount and the biotech company are gone from a.txt; a new company appears
    res = ok(kg("build", a))  # only the changed file, named by itself
    after = export(driver)
    assert same(after, clean_load(driver, kg, docs))

    assert "Company:青岛瑞泰生物科技有限公司" not in nodes(after, "Company")  # supported only by the old a.txt
    assert "Company:青岛鼎盛新材料有限公司" in nodes(after, "Company")
    funds = edges(after, "FUNDS")[FUNDS]  # b.txt still states the funding, without an amount
    assert "amount_cny" not in funds and "claims" not in funds
    docs_by_id = {d["id"]: d["name"] for d in nodes(after, "Document").values()}
    assert [docs_by_id[d] for d in funds["docs"]] == ["b.txt"]
    haike = [r for r in after["relationships"] if r["type"] == "MENTIONED_IN" and r["start"] == HAIKE]
    assert haike and all(docs_by_id[r["end"].split(":")[0]] == "b.txt" for r in haike)
    assert len(nodes(after, "Document")) == 2
    assert "loaded 1 documents" in res.stdout


def test_graph_does_not_depend_on_batching_or_order(tmp_path, driver, kg):
    docs = tmp_path / "docs"
    files = [write(docs / "a.txt", A_V1), write(docs / "b.txt", B), write(docs / "c.txt", C)]
    reference = clean_load(driver, kg, docs, "--batch-docs", "1")
    assert same(clean_load(driver, kg, docs, "--batch-docs", "3"), reference)
    assert same(clean_load(driver, kg, *reversed(files), "--batch-docs", "2"), reference)
    funds = edges(reference, "FUNDS")[FUNDS]
    assert len(funds["claims"]) == 2 and funds["amount_cny"] in (5_000_000.0, 8_000_000.0)
    # Reloading any one document alone changes nothing.
    for f in files:
        ok(kg("build", f))
        assert same(export(driver), reference), f.name
    # The document that stated the chosen amount goes: the other's amount takes its place.
    chosen = 5_000_000.0 if funds["amount_cny"] == 5_000_000.0 else 8_000_000.0
    gone = files[0] if chosen == 5_000_000.0 else files[2]
    ok(kg("remove", gone.name))
    assert edges(export(driver), "FUNDS")[FUNDS]["amount_cny"] == 13_000_000.0 - chosen


# ----------------------------------------------------------------- kg remove


def test_remove_retracts_a_document_through_the_cli(tmp_path, driver, kg):
    docs = tmp_path / "docs"
    write(docs / "a.txt", A_V1)
    write(docs / "b.txt", B)
    only_b = clean_load(driver, kg, docs / "b.txt")
    ok(kg("build", docs))
    res = ok(kg("remove", "a.txt"))
    assert res.stdout.strip() == "removed a.txt"
    assert same(export(driver), only_b)
    b_id = next(iter(nodes(only_b, "Document")))
    ok(kg("remove", b_id))  # by id
    dump = export(driver)
    # Only the sector taxonomy is left: no document, sentence, mention or extracted fact.
    assert all(n["labels"] == ["Entity", "Sector"] and n["props"].get("source") == "taxonomy" for n in dump["nodes"])
    assert all(r["type"] == "BELONGS_TO" and r["props"]["source"] == "taxonomy" for r in dump["relationships"])


def test_removing_an_unknown_document_is_a_one_line_error(tmp_path, driver, kg):
    write(tmp_path / "docs" / "a.txt", A_V1)
    ok(kg("build", tmp_path / "docs"))
    before = export(driver)
    for name in ("nope.txt", "0000000000000000", "x' }) DETACH DELETE n //", "[/b] markup"):
        res = ok(kg("remove", name), 1)
        assert res.stderr == f"Error: no such document in the graph: {name}\n"
        assert res.stdout == ""
    assert same(export(driver), before)


def test_rebuild_skips_unchanged_files_and_writes_only_new_or_changed_ones(kg, driver, tmp_path):
    docs = tmp_path / "docs"
    write(docs / "a.txt", A_V1)
    write(docs / "b.txt", B)
    first = ok(kg("build", docs))
    assert "loaded 2 documents" in first.stdout and "0 unchanged skipped" in first.stdout
    graph = export(driver)

    again = ok(kg("build", docs))  # nothing changed: nothing extracted or written
    assert "loaded 0 documents" in again.stdout and "2 unchanged skipped" in again.stdout
    assert export(driver) == graph

    write(docs / "a.txt", A_V2)  # one file changed, one added
    write(docs / "c.txt", C)
    grown = ok(kg("build", docs))
    assert "loaded 2 documents" in grown.stdout and "1 unchanged skipped" in grown.stdout
    incremental = export(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    ok(kg("build", docs))
    clean = export(driver)
    assert same(incremental, clean)

    forced = ok(kg("build", docs, "--force"))  # everything extracted and written again: the same graph
    assert "loaded 3 documents" in forced.stdout and "0 unchanged skipped" in forced.stdout
    assert export(driver) == clean
