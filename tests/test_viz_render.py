"""kg.viz.render without Neo4j: offline page, legend, cap, and escaping of hostile document text."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from kg.instruments import instrument_ids
from kg.viz.render import INSTRUMENT_COLOURS, TYPE_STYLE, remote_references, render

HOSTILE = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(2)',
    "</script><script>alert(3)</script>",
    "<img src=x onerror=alert(4)>",
]


def small_graph(name: str = "青岛市科学技术局", sentence: str = "青岛市科学技术局印发若干措施。") -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("City:青岛", name="青岛", type="City", aliases=["青岛市"], city="青岛")
    g.add_node(f"Agency:{name}", name=name, type="Agency", aliases=["市科技局", name + "别名"], city="青岛")
    g.add_node("Fund:硕果金", name="硕果金", type="Fund", aliases=[], city="青岛")
    g.add_node("Company:华晨智能自动化装备有限公司", name="华晨智能自动化装备有限公司", type="Company",
               aliases=["华晨智能"], city="青岛")
    evidence = [{"sentence": sentence, "document": f"{name}.txt", "title": name}]
    g.add_edge(f"Agency:{name}", "City:青岛", key="LOCATED_IN", type="LOCATED_IN", amount_cny=None, year=None,
               role=None, evidence=evidence)
    g.add_edge("Fund:硕果金", "Company:华晨智能自动化装备有限公司", key="FUNDS", type="FUNDS", amount_cny=5_000_000.0,
               year=2023, role=None, evidence=evidence)
    g.add_edge(f"Agency:{name}", "Fund:硕果金", key="ADMINISTERS", type="ADMINISTERS", amount_cny=None, year=None,
               role=None, evidence=evidence)
    return g


def star(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("City:hub", name="hub", type="City")
    for i in range(n):
        g.add_node(f"Company:c{i}", name=f"c{i}", type="Company")
        g.add_edge(f"Company:c{i}", "City:hub", key="LOCATED_IN", type="LOCATED_IN", evidence=[])
    return g


def script_tags(page: str) -> int:
    return len(re.findall(r"<script\b", page, re.IGNORECASE))


def test_page_is_offline_and_has_vis_inline(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    report = render(small_graph(), out, "青岛 · city view")
    page = out.read_text("utf-8")
    assert report.nodes_drawn == 4 and report.edges_drawn == 3 and not report.capped
    assert remote_references(page) == []
    assert not re.search(r"<(script|link)\b[^>]*\b(src|href)\s*=", page, re.IGNORECASE), "no external files at all"
    assert "bootstrap" not in page and "tom-select" not in page and "cdnjs" not in page
    assert "new vis.Network" in page and "vis-network" in page and ".vis-tooltip" in page


def test_legend_lists_each_type_with_colour_shape_and_count(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    report = render(small_graph(), out, "legend")
    page = out.read_text("utf-8")
    assert report.types == {"City": 1, "Agency": 1, "Company": 1, "Fund": 1}
    assert 'id="kg-legend"' in page
    for type_ in report.types:
        assert f'data-kg-type="{type_}"' in page
        assert TYPE_STYLE[type_][0] in page
    for rel in ("LOCATED_IN", "FUNDS", "ADMINISTERS"):
        assert rel in page
    assert 'id="kg-search"' in page
    assert "5,000,000 CNY" in page  # amounts in tooltips


def test_cap_keeps_the_most_central_nodes_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    report = render(star(30), out, "cap", max_nodes=10)
    page = out.read_text("utf-8")
    assert report.capped and report.nodes_total == 31 and report.nodes_drawn == 10
    assert 'id="kg-message"' in page and "10 most central of 31" in page
    assert '"id": "City:hub"' in page  # the hub is the most central node


def test_empty_graph_renders_a_message(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    report = render(nx.MultiDiGraph(), out, "empty")
    assert report.nodes_drawn == 0 and "Nothing to draw" in out.read_text("utf-8")


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_names_and_sentences_stay_inert(tmp_path: Path, payload: str) -> None:
    benign = tmp_path / "benign.html"
    render(small_graph(), benign, "benign")
    hostile = tmp_path / "hostile.html"
    render(small_graph(name=f"机构{payload}", sentence=f"文本{payload}句子。"), hostile, f"标题{payload}")
    page = hostile.read_text("utf-8")
    # the payload appears nowhere as markup: no extra tags, no handler attributes
    assert payload not in page
    assert script_tags(page) == script_tags(benign.read_text("utf-8"))
    assert not re.search(r"<[a-z][^<>]*\son(mouseover|error)\s*=", page, re.IGNORECASE)
    # the title is escaped text, the data is JSON with < > & escaped
    assert f"<title>标题{payload.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}" in page.replace(
        "&quot;", '"').replace("&#x27;", "'")
    assert "\\u003c" in page


def test_max_nodes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render(small_graph(), tmp_path / "g.html", "x", max_nodes=0)


def test_programs_coloured_by_instrument_on_request(tmp_path: Path) -> None:
    g = small_graph()
    g.nodes["Fund:硕果金"]["instrument"] = "equity_fund"
    g.add_node("Program:星火计划", name="星火计划", type="Program", aliases=[], city=None, instrument=None)
    plain = tmp_path / "plain.html"
    render(g, plain, "plain")
    page = plain.read_text(encoding="utf-8")
    assert "data-kg-instrument=" not in page and INSTRUMENT_COLOURS["equity_fund"] not in page
    assert "instrument\\u003c/i\\u003e: equity_fund" in page  # the tooltip says it anyway
    coloured = tmp_path / "coloured.html"
    render(g, coloured, "by instrument", colour_by_instrument=True)
    page = coloured.read_text(encoding="utf-8")
    assert 'data-kg-instrument="equity_fund"' in page and 'data-kg-instrument="unknown"' in page
    assert INSTRUMENT_COLOURS["equity_fund"] in page and '"kgInstrument": "equity_fund"' in page
    assert 'data-kg-instrument="grant"' not in page  # only the types drawn are listed
    assert set(INSTRUMENT_COLOURS) == set(instrument_ids())
    assert len(set(INSTRUMENT_COLOURS.values())) == len(INSTRUMENT_COLOURS)
