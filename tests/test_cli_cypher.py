"""``kg cypher``: ad-hoc Cypher, read-only unless --write, values only as parameters; against the real Neo4j."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import store
from kg.cli import main
from kg.errors import QueryError, WriteRefusedError
from kg.packs import parse_typed_assignments
from kg.store import adhoc

pytestmark = pytest.mark.neo4j

SECTORS = ("MATCH (p:Program)-[:SUPPORTS]->(s:Sector) RETURN s.name AS sector, count(p) AS n "
           "ORDER BY n DESC, sector LIMIT 5")


def error_line(res) -> str:
    """The one line of a failed command: exit 1, no traceback, nothing on stdout."""
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and res.stdout == "", res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    return lines[0]


# ------------------------------------------------------------------ reading


def test_the_issue_example_prints_rows(sample_cli, sample_db) -> None:
    res = sample_cli("cypher", SECTORS.replace(", sector", ""), "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    expected = sample_db.execute_query(SECTORS).records
    assert 0 < len(rows) <= 5 and all(set(r) == {"sector", "n"} for r in rows)
    assert sorted(r["n"] for r in rows) == sorted(r["n"] for r in expected)
    assert rows == sorted(rows, key=lambda r: -r["n"])


def test_formats_match_kg_query_run(sample_cli) -> None:
    table = sample_cli("cypher", SECTORS)
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split() == ["sector", "n"]
    data = json.loads(sample_cli("cypher", SECTORS, "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(sample_cli("cypher", SECTORS, "--format", "csv").stdout)))
    assert rows == [{"sector": r["sector"], "n": str(r["n"])} for r in data]
    empty = sample_cli("cypher", "MATCH (n:Nothing) RETURN n.name AS name, 1 AS one", "--format", "csv")
    assert empty.exit_code == 0 and empty.stdout == "name,one\n"  # the columns even without rows
    empty = sample_cli("cypher", "MATCH (n:Nothing) RETURN n")
    assert empty.exit_code == 0 and empty.stdout == "" and "no rows" in empty.stderr
    assert json.loads(sample_cli("cypher", "MATCH (n:Nothing) RETURN n", "--format", "json").stdout) == []


def test_nodes_relationships_and_paths_are_plain_json(sample_cli) -> None:
    res = sample_cli("cypher", "MATCH p = (f:Fund {name: $name})-[r:FUNDS]->(c) RETURN f, r, p LIMIT 1",
                     "-p", "name=康复贷", "--format", "json")
    assert res.exit_code == 0, res.output
    [row] = json.loads(res.stdout)
    assert row["f"]["key"] == "Fund:康复贷" and row["f"]["labels"] == ["Entity", "Fund"]
    assert row["r"]["type"] == "FUNDS" and row["r"]["start"] == "Fund:康复贷"
    assert [n["key"] for n in row["p"]["nodes"]][0] == "Fund:康复贷"
    table = sample_cli("cypher", "MATCH (f:Fund {name: '康复贷'}) RETURN f")
    assert table.exit_code == 0 and '{"key": "Fund:康复贷"' in table.stdout  # JSON in a cell, not Python's repr


def test_parameters_are_values_never_text(sample_cli, sample_db) -> None:
    hostile = "康复贷'}) DETACH DELETE n //"
    before = store.counts(sample_db)
    res = sample_cli("cypher", "RETURN $v AS v, $n + 1 AS n, $f AS f, $b AS b, $l AS l, $j AS j", "-p", f"v={hostile}",
                     "-p", "n:int=41", "-p", "f:float=0.5", "-p", "b:bool=true", "-p", "l:list=4, C27",
                     "-p", 'j:json={"a": [1, null]}', "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"v": hostile, "n": 42, "f": 0.5, "b": True, "l": ["4", "C27"],
                                       "j": {"a": [1, None]}}]
    res = sample_cli("cypher", "MATCH (e:Entity) WHERE e.name = $v RETURN e", "-p", f"v={hostile}")
    assert res.exit_code == 0 and "no rows" in res.stderr
    assert store.counts(sample_db) == before


@pytest.mark.parametrize("args, words", [
    (["MATCH (n) RETURN n LIMIT $n", "-p", "n=3"], "-p KEY:int="),              # a string where a number goes
    (["RETURN $a", "-p", "a=1", "-p", "a:int=2"], "'a' is given twice"),
    (["RETURN $a", "-p", "a:integer=1"], "unknown type 'integer'"),
    (["RETURN $a", "-p", "a:int=x"], "wants int"),
    (["RETURN $a", "-p", "a:json={"], "wants JSON"),
    (["RETURN $a", "-p", "novalue"], "must look like key=value"),
    (["MATC (n) RETURN n"], "query from the command line failed: Invalid input 'MATC'"),
    (["RETURN 1; RETURN 2"], "one statement"),
    (["  ;  "], "the Cypher query is empty"),
    (["RETURN $missing"], "missing"),
])
def test_bad_input_is_one_line(sample_cli, args: list[str], words: str) -> None:
    assert words in error_line(sample_cli("cypher", *args))


def test_query_from_a_file(sample_cli, neo4j_server: str, tmp_path: Path) -> None:
    query = tmp_path / "top.cypher"
    query.write_text("\ufeff// the five sectors with most programs\n" + SECTORS + ";\n", encoding="utf-8")
    res = sample_cli("cypher", "-f", str(query), "--format", "json")
    assert res.exit_code == 0, res.output
    assert res.stdout == sample_cli("cypher", SECTORS, "--format", "json").stdout
    stdin = CliRunner().invoke(main, ["cypher", "-f", "-", "--format", "json"], input=SECTORS,
                               env={"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": ""})
    assert stdin.exit_code == 0 and stdin.stdout == res.stdout
    bad = tmp_path / "gbk.cypher"
    bad.write_bytes("RETURN '青岛' AS c".encode("gbk"))
    assert "not UTF-8" in error_line(sample_cli("cypher", "-f", str(bad)))
    assert "no such file" in error_line(sample_cli("cypher", "-f", str(tmp_path / "missing.cypher"))).lower()
    broken = tmp_path / "broken.cypher"
    broken.write_text("MATCH (n RETURN n", encoding="utf-8")
    assert "query broken.cypher failed" in error_line(sample_cli("cypher", "-f", str(broken)))
    both = sample_cli("cypher", "RETURN 1", "-f", str(query))
    assert both.exit_code == 2 and "one of them" in both.output


# ------------------------------------------------------------------ writing


WRITES = [
    ("MATCH (n) DETACH DELETE n", "writes to the graph"),
    ("MATCH (s:Sector) SET s.name = 'x' RETURN s", "reads and writes"),
    ("MERGE (n:Scratch {name: 'x'}) RETURN n", "reads and writes"),
    ("CREATE INDEX scratch IF NOT EXISTS FOR (n:Scratch) ON (n.name)", "changes the schema"),
    ("PROFILE MATCH (n) DETACH DELETE n", "writes to the graph"),             # PROFILE would run it
    ("// a comment first\nmatch (n) detach delete n", "writes to the graph"),
    ("CALL db.createLabel('Scratch')", "writes to the graph"),
]


@pytest.mark.parametrize("query, words", WRITES)
def test_writing_without_write_is_refused_and_nothing_changes(sample_cli, sample_db, query: str, words: str) -> None:
    before = store.export(sample_db)
    indexes = sample_db.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS n").records[0]["n"]
    line = error_line(sample_cli("cypher", query))
    assert words in line and "nothing was run" in line and "--write" in line
    assert store.export(sample_db) == before
    assert sample_db.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS n").records[0]["n"] == indexes


def test_the_read_transaction_refuses_what_the_plan_check_would_miss(sample_db, monkeypatch) -> None:
    before = store.counts(sample_db)
    monkeypatch.setattr(adhoc, "READ_ONLY", ("r", "w", "rw", "s"))  # as if the plan had said "read"
    with pytest.raises(QueryError, match="read access mode"):
        adhoc.run_cypher(sample_db, "MATCH (n) DETACH DELETE n")
    assert store.counts(sample_db) == before


def test_library_refusal_names_the_query_type(sample_db) -> None:
    with pytest.raises(WriteRefusedError) as info:
        adhoc.run_cypher(sample_db, "CREATE (:Scratch)")
    assert info.value.query_type == "w"
    assert adhoc.query_type(sample_db, "MATCH (n) RETURN count(n)") == "r"


def test_write_runs_with_write_and_reports_changes(sample_cli, sample_db) -> None:
    before = store.export(sample_db)
    res = sample_cli("cypher", "CREATE (n:Scratch {name: $name}) RETURN n.name AS name", "-p", "name=测试", "--write",
                     "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"name": "测试"}]
    assert "1 nodes created" in res.stderr and "1 labels added" in res.stderr
    res = sample_cli("cypher", "MATCH (n:Scratch) DELETE n", "--write")
    assert res.exit_code == 0 and "1 nodes deleted" in res.stderr and "no rows" in res.stderr
    assert store.export(sample_db) == before


def test_parse_typed_assignments() -> None:
    assert parse_typed_assignments(["a=1", "b:int=2", "c:LIST=x,,y", "d:string=5"]) == {
        "a": "1", "b": 2, "c": ["x", "y"], "d": "5"}
    with pytest.raises(QueryError, match="no name"):
        parse_typed_assignments([":int=5"])
