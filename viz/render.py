"""Draw an entity graph as one self-contained, interactive HTML page (PyVis / vis-network).

The page works offline: vis-network's JavaScript and CSS are inlined and no
``<script src>`` or ``<link href>`` points to the network.  It shows a legend
of entity types (colour and shape) that doubles as a type filter, a search
box over names and aliases, node sizes by PageRank, relationship types on the
edges and tooltips with aliases, amounts, roles and the evidence sentences
with their documents.  Above ``max_nodes`` only the most central nodes are
drawn and the page says so.

Everything read from documents is treated as hostile: tooltip markup is built
with :func:`html.escape` and data reaches the page's JavaScript only as JSON
with ``<``, ``>`` and ``&`` escaped, so a name like ``<script>…`` stays text.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.analytics import centrality
from kg.model import ENTITY_TYPES, RELATION_TYPES

TYPE_STYLE: dict[str, tuple[str, str]] = {
    "City": ("#6d4c41", "star"),
    "Region": ("#a1887f", "triangleDown"),
    "Agency": ("#d32f2f", "square"),
    "Lab": ("#1565c0", "diamond"),
    "Institute": ("#42a5f5", "diamond"),
    "University": ("#5c6bc0", "triangle"),
    "Incubator": ("#2e7d32", "hexagon"),
    "Park": ("#81c784", "square"),
    "Company": ("#ef6c00", "dot"),
    "Financier": ("#f9a825", "hexagon"),
    "Fund": ("#c0ca33", "triangle"),
    "Program": ("#00897b", "triangleDown"),
    "Policy": ("#4db6ac", "square"),
    "Person": ("#d81b60", "dot"),
    "Sector": ("#8e24aa", "star"),
}
"""Colour and vis-network shape of each entity type (shapes whose size follows the node's ``size``)."""

OTHER_STYLE = ("#9e9e9e", "dot")

INSTRUMENT_COLOURS: dict[str, str] = {
    "grant": "#1e88e5",
    "institutional_funding": "#3949ab",
    "loan_guarantee": "#f4511e",
    "equity_fund": "#c62828",
    "tax_incentive": "#6d4c41",
    "voucher": "#ffb300",
    "award_competition": "#d81b60",
    "talent": "#8e24aa",
    "network_platform": "#00897b",
    "incubation_infrastructure": "#43a047",
    "strategy_plan": "#546e7a",
    "regulation": "#212121",
    "unknown": "#bdbdbd",
}
"""Colour of each instrument type (``schema/instruments.json``) when programs are coloured by instrument."""

SCHEME_TYPES = ("Program", "Fund", "Policy")
SCHEME_LEGEND_COLOUR = "#777777"
"""Colour of the Program/Fund/Policy shapes in the type legend when colour means the instrument type."""

RELATION_COLOURS: dict[str, str] = {
    "FUNDS": "#f9a825",
    "HOSTS": "#2e7d32",
    "BELONGS_TO": "#8d6e63",
    "LOCATED_IN": "#bdbdbd",
    "ADMINISTERS": "#d32f2f",
    "SUPPORTS": "#8e24aa",
    "AFFILIATED_WITH": "#d81b60",
    "FOCUSES_ON": "#ab47bc",
    "PARTNERS_WITH": "#1565c0",
}

LABEL_CHARS = 16
"""Longer names are shortened on the canvas (the tooltip has the full name)."""


@dataclass(frozen=True)
class RenderReport:
    """What a page shows: how many nodes and edges of the graph were drawn, and why not all."""

    path: Path
    nodes_total: int
    edges_total: int
    nodes_drawn: int
    edges_drawn: int
    types: dict[str, int] = field(default_factory=dict)
    message: str | None = None

    @property
    def capped(self) -> bool:
        return self.nodes_drawn < self.nodes_total


def render(graph: nx.MultiDiGraph, path: Path, title: str, max_nodes: int = 400,
           colour_by_instrument: bool = False) -> RenderReport:
    """Write ``graph`` as an interactive offline HTML page at ``path``.

    Nodes are entity keys with ``name``, ``type``, ``aliases``, ``city`` and (programs,
    funds, policies) ``instrument``; with ``colour_by_instrument`` those are coloured by
    their instrument type (shape still by entity type) and the legend lists the types
    as a second filter.
    edges carry ``type``, ``amount_cny``, ``year``, ``role`` and ``evidence``
    (``[{"sentence", "document", "title"}]``), as :mod:`kg.store.subgraph`
    returns them.  Above ``max_nodes`` nodes the most central ones are kept.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("City:青岛", name="青岛", type="City")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> render(g, out, "青岛").nodes_drawn
    1
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    path = Path(path)
    scores = centrality(graph, "pagerank")
    drawn = graph
    message = None
    if graph.number_of_nodes() > max_nodes:
        keep = sorted(graph, key=lambda n: (-scores.get(n, 0.0), str(n)))[:max_nodes]
        drawn = graph.subgraph(keep)
        message = (f"Showing the {max_nodes} most central of {graph.number_of_nodes()} entities "
                   f"(by PageRank) and {drawn.number_of_edges()} of {graph.number_of_edges()} relationships. "
                   f"Narrow the view (a city, a sector or an entity) or raise the cap to see the rest.")
    elif graph.number_of_nodes() == 0:
        message = "Nothing to draw: the graph has no entities."
    types: dict[str, int] = {}
    for _, t in drawn.nodes(data="type"):
        types[t or "Entity"] = types.get(t or "Entity", 0) + 1
    page = _page(drawn, scores, title, message, types, colour_by_instrument)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return RenderReport(path=path, nodes_total=graph.number_of_nodes(), edges_total=graph.number_of_edges(),
                        nodes_drawn=drawn.number_of_nodes(), edges_drawn=drawn.number_of_edges(),
                        types=dict(sorted(types.items(), key=lambda kv: _type_order(kv[0]))), message=message)


def _type_order(t: str) -> int:
    return ENTITY_TYPES.index(t) if t in ENTITY_TYPES else len(ENTITY_TYPES)


def _relation_order(t: str) -> int:
    return RELATION_TYPES.index(t) if t in RELATION_TYPES else len(RELATION_TYPES)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _yuan(amount: float) -> str:
    if amount >= 1e8:
        short = f"{amount / 1e8:g}亿元"
    elif amount >= 1e4:
        short = f"{amount / 1e4:g}万元"
    else:
        short = f"{amount:g}元"
    return f"{short} ({amount:,.0f} CNY)"


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _node_tip(key: str, data: dict[str, Any], degree: int) -> str:
    rows = [f'<div class="kg-tip-head"><b>{_e(data.get("name") or key)}</b> '
            f'<span class="kg-tip-type">{_e(data.get("type") or "Entity")}</span></div>']
    aliases = [a for a in data.get("aliases") or [] if a != data.get("name")]
    if aliases:
        rows.append(f'<div><i>aliases</i>: {_e("、".join(aliases))}</div>')
    if data.get("city"):
        rows.append(f'<div><i>city</i>: {_e(data["city"])}</div>')
    if data.get("type") in SCHEME_TYPES and data.get("instrument"):
        rows.append(f'<div><i>instrument</i>: {_e(data["instrument"])}</div>')
    if data.get("official_code"):
        rows.append(f'<div><i>official code</i>: {_e(data["official_code"])}</div>')
    rows.append(f'<div><i>relationships</i>: {degree}</div>')
    return "".join(rows)


def _edge_tip(graph: nx.MultiDiGraph, head: str, tail: str, data: dict[str, Any]) -> str:
    name = lambda n: graph.nodes[n].get("name") or n  # noqa: E731
    rows = [f'<div class="kg-tip-head"><b>{_e(name(head))}</b> → {_e(data.get("type"))} → '
            f'<b>{_e(name(tail))}</b></div>']
    if data.get("amount_cny") is not None:
        rows.append(f'<div><i>amount</i>: {_e(_yuan(float(data["amount_cny"])))}</div>')
    if data.get("year") is not None:
        rows.append(f'<div><i>year</i>: {_e(data["year"])}</div>')
    if data.get("role"):
        rows.append(f'<div><i>role</i>: {_e(data["role"])}</div>')
    for ev in data.get("evidence") or []:
        source = ev.get("document") or ""
        if ev.get("title"):
            source = f"{source} ({ev['title']})" if source else ev["title"]
        rows.append(f'<blockquote>{_e(ev.get("sentence") or "")}<br><span class="kg-tip-src">— {_e(source)}'
                    f'</span></blockquote>')
    return "".join(rows)


def _options(n_nodes: int) -> dict[str, Any]:
    return {
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.012, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 300 if n_nodes <= 150 else 500,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
            "maxVelocity": 40,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 150,
                        "navigationButtons": False, "keyboard": False, "multiselect": True},
        "nodes": {"borderWidth": 1,
                  "font": {"size": 15, "face": "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "width": 1, "selectionWidth": 2},
    }


def _instrument(data: dict[str, Any]) -> str | None:
    """The instrument type a node is coloured by: Programs, Funds and Policies only (``unknown`` when unset)."""
    if data.get("type") not in SCHEME_TYPES:
        return None
    inst = data.get("instrument")
    return inst if inst in INSTRUMENT_COLOURS else "unknown"


def _page(graph: nx.MultiDiGraph, scores: dict[Any, float], title: str, message: str | None,
          types: dict[str, int], colour_by_instrument: bool = False) -> str:
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    top = max((scores.get(n, 0.0) for n in graph), default=0.0) or 1.0
    degree = dict(graph.degree())
    instruments: dict[str, int] = {}
    for key, data in graph.nodes(data=True):
        colour, shape = TYPE_STYLE.get(data.get("type"), OTHER_STYLE)
        inst = _instrument(data) if colour_by_instrument else None
        if inst is not None:
            colour = INSTRUMENT_COLOURS[inst]
            instruments[inst] = instruments.get(inst, 0) + 1
        name = str(data.get("name") or key)
        net.add_node(str(key), label=_short(name), shape=shape, color=colour,
                     size=round(8 + 27 * math.sqrt(scores.get(key, 0.0) / top), 1),
                     name=name, kgType=data.get("type") or "Entity", kgInstrument=inst or "",
                     aliases=list(data.get("aliases") or []), tip=_node_tip(key, data, degree.get(key, 0)))
    for i, (head, tail, data) in enumerate(graph.edges(data=True)):
        rel = str(data.get("type") or "")
        net.add_edge(str(head), str(tail), id=f"e{i}", label=rel, kgType=rel,
                     color=RELATION_COLOURS.get(rel, "#9e9e9e"), tip=_edge_tip(graph, head, tail, data))
    net.options = _options(graph.number_of_nodes())
    page = _offline(net.generate_html())
    rels = sorted({d.get("type") or "" for _, _, d in graph.edges(data=True)}, key=_relation_order)
    head = f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n"
    body = _overlay(title, message, types, rels, graph, instruments if colour_by_instrument else None) \
        + f"\n<script>{_JS}</script>\n"
    page = page.replace("<head>", "<head>\n" + head, 1)
    idx = page.rindex("</body>")
    return page[:idx] + body + page[idx:]


_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_COMMENTED_TAGS = re.compile(r"<!--(?:(?!-->).)*?<(?:script|link)\b.*?-->", re.DOTALL)


def _offline(page: str) -> str:
    """Drop the template's CDN tags (bootstrap, …), commented-out tags and empty headings; fail if a remote tag is left."""
    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _COMMENTED_TAGS.sub("", page)
    left = remote_references(page)
    if left:
        raise RuntimeError(f"the page still loads remote resources: {left[:3]}")
    return page


def remote_references(page: str) -> list[str]:
    """``src``/``href`` attributes of script, link, img and iframe tags that point to another host."""
    return re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)",
                      page, re.IGNORECASE)


def _shape_icon(shape: str, colour: str) -> str:
    c = _e(colour)
    figures = {
        "dot": f'<circle cx="7" cy="7" r="6" fill="{c}"/>',
        "square": f'<rect x="1.5" y="1.5" width="11" height="11" fill="{c}"/>',
        "diamond": f'<polygon points="7,0.5 13.5,7 7,13.5 0.5,7" fill="{c}"/>',
        "triangle": f'<polygon points="7,1 13.5,13 0.5,13" fill="{c}"/>',
        "triangleDown": f'<polygon points="0.5,1 13.5,1 7,13" fill="{c}"/>',
        "hexagon": f'<polygon points="3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7" fill="{c}"/>',
        "star": f'<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5" fill="{c}"/>',
    }
    return f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{figures.get(shape, figures["dot"])}</svg>'


def _overlay(title: str, message: str | None, types: dict[str, int], rels: list[str],
             graph: nx.MultiDiGraph, instruments: dict[str, int] | None = None) -> str:
    type_rows = []
    for t, n in sorted(types.items(), key=lambda kv: _type_order(kv[0])):
        colour, shape = TYPE_STYLE.get(t, OTHER_STYLE)
        if instruments is not None and t in SCHEME_TYPES:
            colour = SCHEME_LEGEND_COLOUR  # their colour is the instrument type's
        type_rows.append(
            f'<label class="kg-legend-row"><input type="checkbox" checked data-kg-type="{_e(t)}">'
            f'{_shape_icon(shape, colour)}<span>{_e(t)}</span><span class="kg-count">{n}</span></label>')
    instrument_rows = [
        f'<label class="kg-legend-row"><input type="checkbox" checked data-kg-instrument="{_e(i)}">'
        f'{_shape_icon("dot", INSTRUMENT_COLOURS[i])}<span>{_e(i)}</span><span class="kg-count">{n}</span></label>'
        for i, n in sorted((instruments or {}).items(), key=lambda kv: list(INSTRUMENT_COLOURS).index(kv[0]))]
    rel_rows = [f'<div class="kg-legend-row"><span class="kg-line" style="background:'
                f'{_e(RELATION_COLOURS.get(r, "#9e9e9e"))}"></span><span>{_e(r)}</span></div>' for r in rels]
    notice = f'<div id="kg-message" class="kg-message">{_e(message)}</div>' if message else ""
    stats = f"{graph.number_of_nodes()} entities · {graph.number_of_edges()} relationships"
    return f"""
<div id="kg-header" class="kg-panel">
  <div class="kg-title">{_e(title)}</div>
  <div class="kg-stats">{_e(stats)}</div>
  <div class="kg-search"><input id="kg-search" type="search" placeholder="Search names and aliases…"
    autocomplete="off"><span id="kg-search-result"></span></div>
  {notice}
</div>
<div id="kg-legend" class="kg-panel">
  <div class="kg-legend-title">Entity types <span class="kg-hint">(click to filter)</span></div>
  {"".join(type_rows)}
  <div class="kg-legend-buttons"><button type="button" id="kg-all">all</button>
    <button type="button" id="kg-none">none</button></div>
  {'<div class="kg-legend-title">Instrument types <span class="kg-hint">(programs, funds, policies)</span></div>'
   + "".join(instrument_rows) if instrument_rows else ""}
  {'<div class="kg-legend-title">Relationships</div>' + "".join(rel_rows) if rel_rows else ""}
</div>
"""


_CSS = """
html, body { margin: 0; padding: 0; overflow: hidden;
  font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
#mynetwork { border: 0 !important; float: none !important; }
.card { border: 0; }
.kg-panel { position: absolute; z-index: 10; background: rgba(255,255,255,0.93); border: 1px solid #ddd;
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.12); padding: 8px 10px; font-size: 13px; color: #222; }
#kg-header { top: 10px; left: 10px; max-width: 46vw; }
.kg-title { font-size: 16px; font-weight: 600; }
.kg-stats { color: #666; font-size: 12px; margin: 2px 0 6px; }
.kg-search input { width: 240px; padding: 3px 6px; font-size: 13px; }
#kg-search-result { color: #666; font-size: 12px; margin-left: 6px; }
.kg-message { margin-top: 6px; padding: 5px 7px; background: #fff3cd; border: 1px solid #f0c36d;
  border-radius: 4px; font-size: 12px; }
#kg-legend { top: 10px; right: 10px; max-height: calc(100vh - 40px); overflow-y: auto; min-width: 150px; }
.kg-legend-title { font-weight: 600; margin: 2px 0 4px; }
.kg-hint { font-weight: normal; color: #888; font-size: 11px; }
.kg-legend-row { display: flex; align-items: center; gap: 6px; line-height: 20px; cursor: pointer; }
.kg-legend-row input { margin: 0; }
.kg-count { color: #888; margin-left: auto; padding-left: 8px; font-size: 12px; }
.kg-line { display: inline-block; width: 16px; height: 3px; border-radius: 2px; }
.kg-legend-buttons { margin: 4px 0 6px; }
.kg-legend-buttons button { font-size: 11px; padding: 1px 6px; }
div.vis-tooltip { max-width: 420px; white-space: normal !important; font-size: 12px; line-height: 1.45;
  font-family: inherit; padding: 7px 9px; }
.kg-tip-head { margin-bottom: 3px; }
.kg-tip-type { color: #666; font-size: 11px; }
.kg-tip blockquote { margin: 5px 0 0; padding-left: 7px; border-left: 3px solid #ccc; color: #333; }
.kg-tip-src { color: #777; font-size: 11px; }
"""

_JS = r"""
(function () {
  function tip(markup) {
    // markup was built server-side with every document string HTML-escaped
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.innerHTML = markup;
    return el;
  }
  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: tip(n.tip)}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: tip(e.tip)}; }));

  var hiddenTypes = {};
  var hiddenInstruments = {};
  function applyFilter() {
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, hidden: !!hiddenTypes[n.kgType] || !!(n.kgInstrument && hiddenInstruments[n.kgInstrument])};
    }));
  }
  document.querySelectorAll("#kg-legend input[data-kg-instrument]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenInstruments[box.getAttribute("data-kg-instrument")] = !box.checked;
      applyFilter();
    });
  });
  var boxes = document.querySelectorAll("#kg-legend input[data-kg-type]");
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenTypes[box.getAttribute("data-kg-type")] = !box.checked;
      applyFilter();
    });
  });
  function setAll(on) {
    boxes.forEach(function (box) { box.checked = on; hiddenTypes[box.getAttribute("data-kg-type")] = !on; });
    applyFilter();
  }
  document.getElementById("kg-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("kg-none").addEventListener("click", function () { setAll(false); });

  var search = document.getElementById("kg-search");
  var result = document.getElementById("kg-search-result");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return nodes.get({filter: function (n) {
      if (n.hidden) return false;
      if (String(n.name).toLowerCase().indexOf(q) >= 0) return true;
      return (n.aliases || []).some(function (a) { return String(a).toLowerCase().indexOf(q) >= 0; });
    }}).map(function (n) { return n.id; });
  }
  search.addEventListener("input", function () {
    var ids = matches(search.value);
    network.selectNodes(ids);
    result.textContent = search.value.trim() ? ids.length + " found" : "";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var ids = matches(search.value);
    if (ids.length) network.fit({nodes: ids, animation: {duration: 400}});
  });

  function ready() {
    if (window.kgReady) return;
    window.kgReady = true;
    document.body.setAttribute("data-kg-ready", "1");
  }
  network.once("stabilizationIterationsDone", function () {
    var bar = document.getElementById("loadingBar");  // the template's progress overlay (big graphs)
    if (bar) { bar.style.display = "none"; }
    network.setOptions({physics: {enabled: false}});
    network.fit();
    network.once("afterDrawing", ready);
    network.redraw();
  });
  if (nodes.length === 0) { ready(); }
  setTimeout(ready, 20000);
  window.kgNetwork = network;
})();
"""
