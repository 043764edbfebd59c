"""``kg cypher``: ad-hoc Cypher against the configured Neo4j, read-only unless ``--write``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import emit_rows, err_console, format_option, handle_errors, neo4j_options, open_driver, printable
from kg.errors import KgError, QueryError, WriteRefusedError


@click.command("cypher")
@click.argument("query", required=False)
@click.option("--file", "-f", "path", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              metavar="FILE.cypher", help="Read the query from a file ('-': standard input) instead of QUERY.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY[:TYPE]=VALUE",
              help="A query parameter ($KEY); repeat for several.  A string unless TYPE says int, float, bool, "
                   "list (comma-separated) or json.")
@click.option("--write", is_flag=True, help="Allow a query that changes the graph or the schema.")
@format_option
@neo4j_options
@handle_errors
def cypher(query: str | None, path: Path | None, params: tuple[str, ...], write: bool, fmt: str, settings) -> None:
    """Run your own Cypher query against the graph and print its rows.

    Read-only unless --write: a query that Neo4j plans as writing (CREATE,
    MERGE, SET, DELETE, schema commands …) is refused before anything runs,
    and the query runs in a read transaction.  Values go in as parameters
    ($name, given with -p name=value), never pasted into the text.  Output as
    `kg query run`: a table, --format json (a list of objects; nodes,
    relationships and paths as in docs/queries.md) or csv.

    \b
    Example:
        kg cypher "MATCH (p:Program)-[:SUPPORTS]->(s:Sector) RETURN s.name AS sector, count(p) AS n ORDER BY n DESC LIMIT 5"
        kg cypher "MATCH (e:Entity {name: \\$name})-[r]-(o) RETURN type(r), o.name" -p name=康复贷 --format json
        kg cypher "MATCH (e:Entity) RETURN e.name LIMIT \\$n" -p n:int=10 --format csv
        kg cypher -f my_query.cypher -p city=青岛
        kg cypher "MATCH (s:Sector {name: 'test'}) DETACH DELETE s" --write
    """
    from kg.packs import parse_typed_assignments
    from kg.store.adhoc import clean, run_cypher

    if (query is None) == (path is None):
        raise click.UsageError("give the query as QUERY or with -f FILE.cypher (one of them)")
    name = "from the command line"
    if path is not None:
        query, name = _read_query(path), ("from standard input" if str(path) == "-" else path.name)
    values = parse_typed_assignments(params)
    text = clean(query)  # an empty query is an error before connecting
    driver = open_driver(settings)
    try:
        result = run_cypher(driver, text, values, write=write, name=name)
    except WriteRefusedError as exc:
        raise KgError(f"{exc}: add --write to run a query that changes the graph") from None
    except QueryError as exc:
        if "Type mismatch for parameter" not in str(exc):
            raise
        raise QueryError(f"{exc} (-p values are strings; give others as -p KEY:int=…, :float, :bool, :list "
                         "or :json)") from None
    finally:
        driver.close()
    emit_rows(result.rows, fmt, result.columns, title=None if path is None else name)
    if result.changes:
        changed = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in result.changes.items())
        err_console.print(f"changed: {changed}", markup=False, soft_wrap=True)


def _read_query(path: Path) -> str:
    """The text of a query file (UTF-8, with or without BOM) or of standard input for ``-``."""
    data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KgError(f"{printable(str(path))}: not UTF-8 text; save the query as UTF-8") from None


def register(main: click.Group) -> None:
    main.add_command(cypher)
