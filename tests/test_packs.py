"""Query pack headers, parameter binding and checks; no Neo4j."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.packs import get_pack, load_packs, parse_pack
from kg.store.query import browser_params, check_params, cypher_literal, example_params, to_plain

MINE = ["overview", "city_profile", "programs_for_sector", "sector_actors", "sectors", "funding_flows",
        "funding_by_funder", "funding_by_recipient", "hosting", "people_roles", "neighbourhood",
        "shortest_path", "evidence", "most_connected", "entity", "entity_relations", "entity_names"]

WRITE_CLAUSES = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b", re.I)


def test_all_packs_parse_and_are_documented():
    packs = load_packs()
    assert set(MINE) <= set(packs)
    for name in MINE:
        pack = packs[name]
        assert pack.description, name
        assert pack.examples and all(e.startswith("kg ") for e in pack.examples), name
        for p in pack.params:
            assert p.help, (name, p.name)
        assert f"kg query run {name}" in " ".join(pack.examples), name


@pytest.mark.parametrize("name", MINE)
def test_packs_use_parameters_only(name):
    pack = get_pack(name)
    body = "\n".join(line.split("//")[0] for line in pack.cypher.splitlines())
    assert not WRITE_CLAUSES.search(body), "packs are read-only"
    used = set(re.findall(r"\$([A-Za-z_]\w*)", body))
    assert used == {p.name for p in pack.params}, "every declared parameter is used and vice versa"
    assert "{{" not in body and "%s" not in body and "__" not in body, "no templating"


@pytest.mark.parametrize("name", MINE)
def test_example_params_bind(name):
    pack = get_pack(name)
    bound = check_params(pack, example_params(pack))
    assert set(bound) == {p.name for p in pack.params}


def test_header_parsing():
    pack = parse_pack(
        "// name: t\n// description: one\n// description: two\n"
        "// param: sector (string) A sector. Example: 海洋\n"
        "// param: depth (int, default 2) Hops.\n// param: flag (bool, default false) A flag.\n"
        "// param: names (list, default null) Names.\n"
        "// example: kg query run t -p sector=海洋 -p depth=3\n"
        "MATCH (n) WHERE n.name = $sector RETURN n LIMIT $depth;\n", "t.cypher")
    assert pack.name == "t" and pack.description == "one two"
    assert [(p.name, p.type, p.required, p.default) for p in pack.params] == [
        ("sector", "string", True, None), ("depth", "int", False, 2), ("flag", "bool", False, False),
        ("names", "list", False, None)]
    assert pack.cypher.endswith("LIMIT $depth")
    assert example_params(pack) == {"sector": "海洋", "depth": "3"}
    assert pack.bind({"sector": "x", "depth": "5", "flag": "yes", "names": "a, b"}) == {
        "sector": "x", "depth": 5, "flag": True, "names": ["a", "b"]}


@pytest.mark.parametrize("text, message", [
    ("MATCH (n) RETURN n", "no '// name:' header"),
    ("// name: x\n", "no Cypher"),
    ("// name: x\n// param: bad param line\nRETURN 1", "bad param line"),
])
def test_bad_headers(text, message):
    with pytest.raises(QueryError, match=message):
        parse_pack(text, "x.cypher")


def test_binding_errors():
    pack = get_pack("neighbourhood")
    with pytest.raises(QueryError, match="needs -p name"):
        pack.bind({})
    with pytest.raises(QueryError, match="has no parameter nme"):
        pack.bind({"nme": "x"})
    with pytest.raises(QueryError, match="depth wants int"):
        pack.bind({"name": "x", "depth": "two"})
    with pytest.raises(QueryError, match="between 1 and 3"):
        check_params(pack, {"name": "x", "depth": "4"})


def test_vocabulary_is_checked_and_normalised():
    pack = get_pack("city_profile")
    assert check_params(pack, {"city": "青岛", "type": "company"})["type"] == "Company"
    assert check_params(pack, {"city": "青岛", "type": ""})["type"] is None
    with pytest.raises(QueryError, match="closest: Company"):
        check_params(pack, {"city": "青岛", "type": "Compny"})
    with pytest.raises(QueryError, match="not one of"):
        check_params(pack, {"city": "青岛", "type": "Company) DETACH DELETE (n"})
    ev = get_pack("evidence")
    assert check_params(ev, {"name": "x", "relation": "supports"})["relation"] == "SUPPORTS"
    with pytest.raises(QueryError, match="relation"):
        check_params(ev, {"name": "x", "relation": "MENTIONED_IN"})


def test_injection_text_stays_a_value():
    evil = "x' }) DETACH DELETE n //"
    pack = get_pack("programs_for_sector")
    bound = check_params(pack, {"sector": evil})
    assert bound["sector"] == evil
    assert evil not in pack.cypher


def test_unknown_pack_names_closest():
    with pytest.raises(QueryError, match="closest: programs_for_sector"):
        get_pack("programs_for_sectr")


def test_browser_params_and_literals():
    assert browser_params(get_pack("neighbourhood")) == [
        ":param name => '康复贷'", ":param depth => 1", ":param limit => 200"]
    assert cypher_literal("it's") == "'it\\'s'"
    assert cypher_literal(["a", 1, None, True]) == "['a', 1, null, true]"


def test_to_plain_passes_plain_values():
    assert to_plain({"b": [1, 2.5, None], "a": "x"}) == {"a": "x", "b": [1, 2.5, None]}
    assert list(to_plain({"b": 1, "a": 2})) == ["a", "b"]


def test_cli_query_list_and_show():
    runner = CliRunner()
    res = runner.invoke(main, ["query", "list", "--format", "json"])
    assert res.exit_code == 0, res.output
    import json

    names = [r["name"] for r in json.loads(res.output)]
    assert set(MINE) <= set(names)
    res = runner.invoke(main, ["query", "show", "programs_for_sector"])
    assert res.exit_code == 0, res.output
    assert ":param sector => '生物医药'" in res.output
    page = list(load_packs()).index("programs_for_sector") + 2  # after the guide's contents page
    assert f"page {page} of the packs guide" in res.output
    assert "MATCH (root:Sector)" in res.output
    res = runner.invoke(main, ["query", "show", "nope"])
    assert res.exit_code != 0 and "no query pack named 'nope'" in res.output


def test_cli_run_checks_params_before_connecting():
    res = CliRunner().invoke(main, ["query", "run", "neighbourhood", "-p", "depth=2"],
                             env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert res.exit_code != 0
    assert "needs -p name" in res.output


def test_every_command_has_an_example():
    for name in ("query", "programs", "sectors", "show"):
        cmd = main.commands[name]
        assert "Example:" in (cmd.help or ""), name
    for sub in main.commands["query"].commands.values():
        assert "Example:" in (sub.help or ""), sub.name
