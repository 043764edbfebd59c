"""Rendered views opened in real headless Chromium: drawn without errors, every node drawn, legend, not blank, inert hostile text."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from kg import analytics
from kg.store import subgraph, write_graph
from kg.viz.render import render
from kg.viz.screenshot import READY
from test_viz_subgraph import HOSTILE_AGENCY, HOSTILE_NAME, hostile_graph

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

VIEWPORT = {"width": 1000, "height": 700}


@pytest.fixture(scope="module")
def sample_driver(sample_db):
    """The sample corpus loaded once for this module's view tests (tests using ``driver`` empty it again)."""
    return sample_db


def busiest_sector(g: nx.MultiDiGraph) -> str:
    counts = {n: sum(1 for _, _, t in g.in_edges(n, data="type") if t in {"SUPPORTS", "FOCUSES_ON"})
              for n, typ in g.nodes(data="type") if typ == "Sector"}
    return g.nodes[max(counts, key=lambda n: (counts[n], n))]["name"]


def most_central_actor(g: nx.MultiDiGraph) -> str:
    return analytics.central_actors(g, top=1)[0]["name"]


VIEWS: dict[str, tuple[Callable[..., nx.MultiDiGraph], int]] = {
    "whole": (lambda d: subgraph.whole_graph(d, 5000), 200),
    "city": (lambda d: subgraph.city_subgraph(d, "青岛"), 400),
    "sector": (lambda d: subgraph.sector_subgraph(d, busiest_sector(subgraph.whole_graph(d, 5000))), 400),
    "entity": (lambda d: subgraph.neighbourhood(d, most_central_actor(subgraph.city_subgraph(d, "青岛")), 2), 400),
    "query": (lambda d: subgraph.pack_subgraph(d, "view_city", {"city": "青岛"}), 60),
}


def open_page(browser, html: Path):
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(html.resolve().as_uri())
    page.wait_for_function(READY, timeout=90_000)
    return page, errors, requests


def png_colours(png: bytes, step: int = 3) -> int:
    """Distinct colours in an 8-bit RGB/RGBA PNG (every ``step``-th pixel), decoded with zlib only."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat += chunk
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp * step))
        prev = line
    return len(colours)


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_is_drawn_in_chromium(view: str, sample_driver, browser, tmp_path: Path) -> None:
    make, max_nodes = VIEWS[view]
    graph = make(sample_driver)
    assert graph.number_of_nodes() > 1
    html = tmp_path / f"{view}.html"
    report = render(graph, html, f"{view} view", max_nodes=max_nodes)
    expected = min(graph.number_of_nodes(), max_nodes)
    page, errors, requests = open_page(browser, html)
    try:
        assert errors == []
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        assert page.evaluate("network.body.data.nodes.length") == expected == report.nodes_drawn
        assert page.evaluate("network.body.data.edges.length") == report.edges_drawn
        assert page.evaluate("Object.keys(network.getPositions()).length") == expected
        assert not page.locator("#loadingBar").is_visible()
        legend = page.locator("#kg-legend")
        assert legend.is_visible()
        assert legend.locator("input[data-kg-type]").count() == len(report.types)
        if report.capped:
            assert page.locator("#kg-message").is_visible()
            assert f"{expected} most central" in page.locator("#kg-message").inner_text()
        shot = page.screenshot()
        assert len(shot) > 20_000
        assert png_colours(shot) > 50, "the screenshot looks blank"
        # the type filter hides nodes and the search finds them
        first = legend.locator("input[data-kg-type]").first
        first_type = first.get_attribute("data-kg-type")
        first.uncheck()
        hidden = page.evaluate("nodes.get({filter: n => n.hidden}).length")
        assert hidden == report.types[first_type]
        first.check()
        name = next(iter(graph.nodes(data="name")))[1]
        page.fill("#kg-search", name)
        assert page.evaluate("network.getSelectedNodes().length") >= 1
    finally:
        page.close()


def test_hostile_text_stays_inert_in_chromium(driver, browser, tmp_path: Path) -> None:
    write_graph(driver, hostile_graph())
    graph = subgraph.city_subgraph(driver, "青岛")
    html = tmp_path / "hostile.html"
    render(graph, html, f"标题 {HOSTILE_NAME}")
    page, errors, _ = open_page(browser, html)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        assert errors == []
        assert page.evaluate("network.body.data.nodes.length") == graph.number_of_nodes() == 3
        box = page.locator("#mynetwork").bounding_box()
        points = page.evaluate("""() => Object.entries(network.getPositions()).map(([id, p]) => {
            const d = network.canvasToDOM(p); return {id, x: d.x, y: d.y}; })""")
        seen = {}
        for pt in points:
            page.mouse.move(box["x"] + pt["x"], box["y"] + pt["y"])
            page.wait_for_timeout(600)
            tip = page.locator("div.vis-tooltip")
            seen[pt["id"]] = tip.inner_text() if tip.is_visible() else ""
            page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)
            page.wait_for_timeout(200)
        assert HOSTILE_NAME in seen[f"Company:{HOSTILE_NAME}"], seen  # shown as text, not parsed
        assert '" onmouseover="alert(7)' in seen[f"Company:{HOSTILE_NAME}"]
        assert HOSTILE_AGENCY in seen[f"Agency:{HOSTILE_AGENCY}"]
        # edge tooltips hold the evidence sentence and its document as text
        evidence = page.evaluate("edges.get().map(e => e.title.innerText).join('\\n')")
        assert "<script>alert(5)</script>" in evidence and "<script>alert(4)</script>.txt" in evidence
        assert page.evaluate("""() => edges.get().concat(nodes.get()).every(x =>
            x.title.querySelectorAll('script, img, [onmouseover], [onerror]').length === 0)""")
        assert page.evaluate("document.querySelectorAll('script').length") == page.evaluate(
            "document.querySelectorAll('head script, body > script').length")
        assert page.evaluate("document.querySelectorAll('img, [onmouseover], [onerror]').length") == 0
        assert HOSTILE_NAME in page.title()
        page.wait_for_timeout(300)
        assert dialogs == []
    finally:
        page.close()
