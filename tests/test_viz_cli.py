"""``kg viz`` and ``kg analyze`` through click, against the real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import write_graph
from test_viz_subgraph import HOSTILE_NAME, hostile_graph

pytestmark = pytest.mark.neo4j


@pytest.fixture
def env(driver, neo4j_server: str) -> dict[str, str]:
    write_graph(driver, hostile_graph())
    return {"NEO4J_URI": neo4j_server}


@pytest.mark.parametrize("args", [[], ["--city", "青岛"], ["--entity", "青岛", "--depth", "2"],
                                  ["--query", "view_city", "-p", "city=青岛"]])
def test_viz_writes_a_page(env, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["viz", "--out", str(out), *args], env=env)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 3 entities, 3 relationships" in result.output
    assert 'id="kg-legend"' in out.read_text("utf-8")


def test_viz_caps_and_reports_errors(env, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["viz", "--out", str(out), "--max-nodes", "2"], env=env)
    assert result.exit_code == 0 and "2 most central of 3" in result.output
    result = CliRunner().invoke(main, ["viz", "--out", str(out), "--city", "青导"], env=env)
    assert result.exit_code == 1 and "no city '青导'" in result.output and "closest: 青岛" in result.output
    result = CliRunner().invoke(main, ["viz", "--out", str(out), "--city", "青岛", "--sector", "海洋"], env=env)
    assert result.exit_code == 2 and "choose one view" in result.output


def test_analyze_json(env) -> None:
    result = CliRunner().invoke(main, ["analyze", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["name"] for r in data["central_actors"]][0] in {HOSTILE_NAME, "<img src=x onerror=alert(3)>科技局"}
    assert data["city_components"] == [{"city": "青岛", "entities": 3, "relations": 3, "components": 1,
                                        "largest": 3, "isolated": 0}]
    assert sum(c["size"] for c in data["communities"]) == 3
    result = CliRunner().invoke(main, ["analyze", "--city", "青岛", "--top", "1"], env=env)
    assert result.exit_code == 0 and "most central actors" in result.output
