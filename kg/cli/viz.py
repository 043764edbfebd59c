"""``kg viz`` (interactive HTML views of the graph) and ``kg analyze`` (central actors, communities, components)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kg.cli.common import console, emit_rows, err_console, handle_errors, neo4j_options, open_driver, wide_option


def view_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that choose a view (``--city``, ``--sector``, ``--entity``/``--depth``, ``--query``/``-p``)."""
    for option in reversed((
        click.option("--city", help="One city's ecosystem, e.g. 青岛."),
        click.option("--sector", help="A sector (name or official code), its sub-sectors and the programs, funds "
                                      "and actors around them."),
        click.option("--entity", help="The neighbourhood of an entity (name, alias or key)."),
        click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
                     help="With --entity: how many relationships away."),
        click.option("--query", "query", metavar="PACK", help="What a query pack returns (see `kg query list`)."),
        click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
                     help="With --query: a pack parameter."),
    )):
        func = option(func)
    return func


DRAWN_EVIDENCE = 3
"""Evidence sentences a drawn relationship keeps (kg.store.subgraph.MAX_EVIDENCE; not imported, to keep --help fast)."""


@dataclass(frozen=True)
class View:
    """The part of the graph the view options chose; nothing chosen is the whole graph."""

    city: str | None = None
    sector: str | None = None
    entity: str | None = None
    depth: int = 1
    query: str | None = None
    params: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        chosen = [flag for flag, value in (("--city", self.city), ("--sector", self.sector),
                                           ("--entity", self.entity), ("--query", self.query)) if value]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one view, not {' and '.join(chosen)}")
        if self.params and not self.query:
            raise click.UsageError("-p/--param goes with --query")
        if self.depth != 1 and not self.entity:
            raise click.UsageError("--depth goes with --entity")

    @property
    def title(self) -> str | None:
        """What the view shows, e.g. ``青岛 · city view``; None for the whole graph."""
        if self.city:
            return f"{self.city} · city view"
        if self.sector:
            return f"{self.sector} · sector view"
        if self.entity:
            return f"{self.entity} · neighbourhood (depth {self.depth})"
        if self.query:
            return f"query {self.query}"
        return None

    def read(self, driver, limit: int | None, *, max_evidence: int | None = DRAWN_EVIDENCE):
        """The view's graph (:mod:`kg.store.subgraph`); the whole graph keeps its ``limit`` most connected entities
        (all with None), each relationship at most ``max_evidence`` evidence sentences (all with None)."""
        from kg.packs import parse_assignments
        from kg.store import subgraph

        if self.city:
            return subgraph.city_subgraph(driver, self.city, max_evidence=max_evidence)
        if self.sector:
            return subgraph.sector_subgraph(driver, self.sector, max_evidence=max_evidence)
        if self.entity:
            return subgraph.neighbourhood(driver, self.entity, self.depth, max_evidence=max_evidence)
        if self.query:
            return subgraph.pack_subgraph(driver, self.query, parse_assignments(self.params),
                                          max_evidence=max_evidence)
        return subgraph.whole_graph(driver, limit, max_evidence=max_evidence)


@click.command()
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (works offline, one file).")
@view_options
@click.option("--max-nodes", type=click.IntRange(1, 20_000), default=400, show_default=True,
              help="Most entities drawn; above it the most central are kept and the page says so.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=5000, show_default=True,
              help="Whole-graph view: most entities read from Neo4j (the most connected first).")
@click.option("--title", help="Page title (default: names the view).")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path), metavar="PNG",
              help="Also save a PNG of the drawn page (needs Playwright and Chromium).")
@neo4j_options
@handle_errors
def viz(out: Path, city: str | None, sector: str | None, entity: str | None, depth: int, query: str | None,
        params: tuple[str, ...], max_nodes: int, limit: int, title: str | None, screenshot: Path | None,
        settings) -> None:
    """Draw the graph, or part of it, as an interactive HTML page.

    One view at a time: the whole graph (default), --city, --sector (a name
    or an official code such as 4 or C27), --entity with --depth, or --query
    with -p parameters.  Nodes are coloured and shaped by entity type (legend
    and type filter in the page), sized by PageRank; in the sector view
    programs, funds and policies are coloured by instrument type (loan, grant,
    equity fund …, a second filter in the legend).  Hover for aliases,
    amounts, roles, instrument types and evidence sentences.

    \b
    Example:
        kg viz --out graph.html
        kg viz --city 青岛 --out qingdao.html --screenshot qingdao.png
        kg viz --sector 海洋 --out ocean.html
        kg viz --entity 青岛市科学技术局 --depth 2 --out agency.html
        kg viz --query view_city -p city=济南 --out jinan.html
    """
    from kg.viz.render import render

    view = View(city, sector, entity, depth, query, params)
    driver = open_driver(settings)
    try:
        graph = view.read(driver, limit)
    finally:
        driver.close()
    default_title = view.title or "innovation ecosystem graph"
    report = render(graph, out, title or default_title, max_nodes=max_nodes, colour_by_instrument=bool(sector))
    console.print(f"wrote {out}: {report.nodes_drawn} entities, {report.edges_drawn} relationships", soft_wrap=True)
    if report.message:
        err_console.print(f"[yellow]note:[/yellow] {report.message}", soft_wrap=True)
    if screenshot:
        from kg.viz.screenshot import screenshot as take

        shot = take(out, screenshot)
        for error in shot.errors:
            err_console.print(f"[red]page error:[/red] {error}", soft_wrap=True)
        console.print(f"wrote {screenshot}", soft_wrap=True)


@click.command()
@click.option("--city", help="Analyse one city's ecosystem instead of the whole graph.")
@click.option("--top", type=click.IntRange(1, 10_000), default=10, show_default=True,
              help="How many central actors and communities to list in the table.")
@click.option("--by", type=click.Choice(["pagerank", "degree", "betweenness"]), default="pagerank",
              show_default=True, help="Centrality that orders the actors.")
@click.option("--method", type=click.Choice(["greedy", "louvain"]), default="greedy", show_default=True,
              help="Community detection (greedy modularity or Louvain).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format; json is stable for scripts.")
@wide_option
@neo4j_options
@handle_errors
def analyze(city: str | None, top: int, by: str, method: str, fmt: str, settings) -> None:
    """Print the most central actors, the communities and the connected components per city.

    \b
    Example:
        kg analyze
        kg analyze --city 青岛 --top 5
        kg analyze --by betweenness --format json
    """
    from kg import analytics
    from kg.store import subgraph

    driver = open_driver(settings)
    try:
        graph = subgraph.city_subgraph(driver, city) if city else subgraph.whole_graph(driver, limit=100_000)
    finally:
        driver.close()
    actors = analytics.central_actors(graph, top=top, by=by)
    groups = analytics.communities(graph, method=method)
    components = analytics.city_components(graph)
    if fmt == "json":
        click.echo(json.dumps({"central_actors": actors, "communities": groups, "city_components": components},
                              ensure_ascii=False, indent=2))
        return
    emit_rows(actors, "table", ["name", "type", "city", "relations", "pagerank", "degree", "betweenness"],
              title=f"most central actors (by {by})")
    shown = [g for g in groups if g["size"] > 1][:top]
    emit_rows([{**g, "types": ", ".join(f"{t} {n}" for t, n in g["types"].items()),
                "members": "、".join(graph.nodes[m].get("name", m) for m in g["members"][:6])
                + ("…" if g["size"] > 6 else "")} for g in shown],
              "table", ["community", "size", "label", "types", "members"],
              title=f"largest communities ({method}; {len(groups)} in all, "
                    f"{sum(1 for g in groups if g['size'] == 1)} single entities)")
    emit_rows(components, "table", ["city", "entities", "relations", "components", "largest", "isolated"],
              title="connected components per city")


def register(main: click.Group) -> None:
    for cmd in (viz, analyze):
        main.add_command(cmd)
