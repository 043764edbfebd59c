"""``kg export``: the whole graph or one view as GraphML, JSON or a pair of CSV files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.cli.common import console, err_console, handle_errors, neo4j_options, open_driver, printable
from kg.cli.viz import View, view_options
from kg.errors import KgError

EXPORT_FORMATS = ("graphml", "json", "csv")  # kg.export.FORMATS (not imported: --help stays fast)
CSV_FILES = ("nodes.csv", "relationships.csv")  # kg.export.CSV_FILES
_SUFFIXES = {".graphml": "graphml", ".xml": "graphml", ".json": "json"}


@click.command("export")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path, allow_dash=True),
              help="File to write (graphml, json; '-' for standard output), or for csv a folder that gets "
                   "nodes.csv and relationships.csv.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="graphml (Gephi, yEd, networkx), json (nodes and links) or csv (a pair of files). "
                   "Default: from the suffix of --out (.graphml, .json).")
@view_options
@neo4j_options
@handle_errors
def export_cmd(out: Path, fmt: str | None, city: str | None, sector: str | None, entity: str | None, depth: int,
               query: str | None, params: tuple[str, ...], settings) -> None:
    """Export the graph, or one view of it, for other tools: GraphML, JSON or CSV.

    Without a view: every entity and every relationship between two
    entities (the counts `kg stats` gives as its totals).  A view as in `kg
    viz`: --city, --sector, --entity with --depth, or --query with -p.
    Every relationship carries its provenance and confidence: the documents
    and every evidence sentence it was read from, the extractor's confidence,
    the rules that proposed it, or "taxonomy" for the sector taxonomy's links.
    In GraphML and CSV, lists are JSON text.

    \b
    Example:
        kg export --format graphml --out graph.graphml
        kg export --city 青岛 --out qingdao.json
        kg export --sector 海洋 --format csv --out marine_csv
        kg export --entity 康复贷 --depth 2 --format json --out - | jq '.links | length'
    """
    from kg.export import export

    fmt = fmt or _format_of(out)
    view = View(city, sector, entity, depth, query, params)
    to_stdout = str(out) == "-"
    if to_stdout and fmt != "json":
        raise click.UsageError(f"--out - (standard output) takes --format json, not {fmt}")
    if not to_stdout:
        _check_writable(out, fmt)
    driver = open_driver(settings)
    try:
        graph = view.read(driver, None, max_evidence=None)
    finally:
        driver.close()
    report = export(graph, fmt, sys.stdout if to_stdout else out, view=view.title or "whole graph")
    where = "standard output" if to_stdout else ", ".join(str(p) for p in report.paths)
    (err_console if to_stdout else console).print(
        f"wrote {printable(where)}: {report.nodes} entities, {report.links} relationships", markup=False,
        soft_wrap=True)


def _format_of(out: Path) -> str:
    if str(out) == "-":
        return "json"
    fmt = _SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise click.UsageError(f"say --format {', '.join(EXPORT_FORMATS)}: the suffix of {printable(str(out))!r} "
                               "does not tell")
    return fmt


def _check_writable(out: Path, fmt: str) -> None:
    """A one-line error before anything is read when ``out`` cannot be written."""
    if fmt == "csv":
        if out.suffix.lower() == ".csv":
            raise KgError(f"{out}: --format csv writes nodes.csv and relationships.csv into a folder; "
                          "give --out a folder name (e.g. graph_csv)")
        if out.exists() and not out.is_dir():
            raise KgError(f"{out}: is a file; --format csv writes into a folder")
        folder = out if out.is_dir() else out.parent
        targets = [out / name for name in CSV_FILES]
    else:
        if out.is_dir():
            raise KgError(f"{out}: is a folder; give --out a file name")
        folder, targets = out.parent, [out]
    if not folder.is_dir():
        raise KgError(f"{folder}: no such folder")
    if not os.access(folder, os.W_OK) or any(t.exists() and not os.access(t, os.W_OK) for t in targets):
        raise KgError(f"{out}: cannot write there (permission denied)")


def register(main: click.Group) -> None:
    main.add_command(export_cmd)
