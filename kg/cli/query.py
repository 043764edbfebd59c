"""``kg query list|run|show|explain``, ``kg programs``, ``kg instruments``, ``kg sectors``, ``kg show``."""

from __future__ import annotations

import json

import click
from rich.markup import escape

from kg.cli.common import console, emit_rows, format_option, handle_errors, neo4j_options, open_driver, printable
from kg.packs import get_pack, load_packs, parse_assignments

PROGRAM_COLUMNS = ("program", "type", "instrument", "city", "agency", "sector", "evidence", "document")
SECTOR_COLUMNS = ("sector", "name_en", "official_code", "official_name", "parent", "programs", "direct_programs",
                  "actors")
RELATION_COLUMNS = ("direction", "relation", "other", "other_type", "amount_cny", "year", "role", "evidence", "document")


@click.group("query")
def query_group() -> None:
    """List, show and run the stored Cypher query packs (queries/*.cypher).

    \b
    Example:
        kg query list
        kg query run programs_for_sector -p sector=海洋 --format json
        kg query show neighbourhood
    """


@query_group.command("list")
@format_option
@handle_errors
def list_packs(fmt: str) -> None:
    """List the query packs with their parameters.

    \b
    Example:
        kg query list
        kg query list --format json
    """
    rows = []
    for pack in load_packs().values():
        params = [f"{p.name}" + ("" if p.required else f"={_show_default(p.default)}") for p in pack.params]
        rows.append({"name": pack.name, "params": params, "description": pack.description})
    emit_rows(rows, fmt, ["name", "params", "description"], title="query packs")


def _show_default(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@query_group.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the pack; repeat for several. Lists are comma-separated.")
@format_option
@neo4j_options
@handle_errors
def run(name: str, params: tuple[str, ...], fmt: str, settings) -> None:
    """Run a query pack and print its rows.

    Values are sent to Neo4j as Cypher parameters, never pasted into the
    query, and packs run in read-only transactions.  The JSON output is a list
    of objects whose keys are the pack's columns (see docs/queries.md).

    \b
    Example:
        kg query run programs_for_sector -p sector=生物医药
        kg query run neighbourhood -p name=康复贷 -p depth=2 --format json
        kg query run funding_flows --format csv > flows.csv
    """
    from kg.store.query import run_pack

    pack = get_pack(name)
    given = parse_assignments(params)
    pack.bind(given)  # parameter errors before connecting
    driver = open_driver(settings)
    try:
        rows = run_pack(driver, pack, given)
    finally:
        driver.close()
    emit_rows(rows, fmt, title=pack.name)


@query_group.command("show")
@click.argument("name")
@handle_errors
def show_pack(name: str) -> None:
    """Print a pack's Cypher and how to run it in Neo4j Browser.

    \b
    Example:
        kg query show programs_for_sector
        kg query show programs_for_sector | tail -n +2 > q.cypher
    """
    from kg.store.query import browser_params

    pack = get_pack(name)
    click.echo(f"// {pack.name}: {pack.description}")
    for p in pack.params:
        default = "required" if p.required else f"default {_show_default(p.default) or 'null'}"
        click.echo(f"// ${p.name} ({p.type}, {default}) {p.help}")
    page = list(load_packs()).index(pack.name) + 2  # the guide's first page lists the packs
    click.echo(f"// In the local Neo4j's Browser (`kg neo4j start` prints its address), page {page} of the packs "
               "guide sets these")
    click.echo("// parameters in one click. In any other Neo4j Browser, first set them:")
    for line in browser_params(pack):
        click.echo(f"//   {line}")
    for example in pack.examples:
        click.echo(f"// CLI: {example}")
    click.echo(pack.cypher + ";")


@query_group.command("explain")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the pack.")
@neo4j_options
@handle_errors
def explain(name: str, params: tuple[str, ...], settings) -> None:
    """Print Neo4j's plan for a pack (EXPLAIN: nothing is run); the example values fill missing parameters.

    \b
    Example:
        kg query explain programs_for_sector
    """
    from kg.store.query import example_params, explain_pack

    pack = get_pack(name)
    given = {**example_params(pack), **parse_assignments(params)}
    driver = open_driver(settings)
    try:
        plan = explain_pack(driver, pack, given)
    finally:
        driver.close()
    click.echo(json.dumps(plan, ensure_ascii=False, indent=2, default=str))


@click.command()
@click.option("--sector", "-s", required=True,
              help="Sector, Chinese or English, or an official code (4, 4.1, C27); synonyms and sub-sectors count.")
@click.option("--instrument", "-i", metavar="TYPE",
              help="Only schemes of this instrument type: an id, its name or a part of it (loan, equity, grant, 人才 …).")
@click.option("--city", "-c", help="Only schemes of this city, e.g. 青岛.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True, help="Most rows.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Leave out schemes and links the extractor scored below this.")
@format_option
@neo4j_options
@handle_errors
def programs(sector: str, instrument: str | None, city: str | None, limit: int, min_confidence: float, fmt: str,
             settings) -> None:
    """Which programs, funds and policies support a sector (its sub-sectors included), and what kind of support each is.

    Columns: program, type, instrument (its instrument type, see `kg
    instruments --types`), city, agency, sector (the supported sectors that
    matched), evidence (a sentence stating it), document; JSON rows also
    carry the extractor's confidence.  A sector may be given by its official
    code: 战略性新兴产业分类（2018） (4 = 生物产业, 4.2) or GB/T 4754-2017
    (C27, 27).  An unknown sector prints the closest known ones and exits 1.

    \b
    Example:
        kg programs --sector 生物医药
        kg programs --sector 4 --instrument loan --city 青岛
        kg programs --sector marine --format json
    """
    from kg.instruments import resolve_instrument
    from kg.store.query import programs_for_sector

    wanted = resolve_instrument(instrument) if instrument else None
    driver = open_driver(settings)
    try:
        rows = programs_for_sector(driver, sector, limit=limit, min_confidence=min_confidence, instrument=wanted,
                                   city=city)
    finally:
        driver.close()
    emit_rows(rows, fmt, PROGRAM_COLUMNS, title=f"programs for {sector}")


@click.command()
@click.option("--by", type=click.Choice(["city", "sector"]), default="city", show_default=True,
              help="Compare cities or sectors.")
@click.option("--sector", "-s", help="Only schemes that support this sector or its sub-sectors (name or official code).")
@click.option("--city", "-c", "cities", multiple=True, help="Only this city; repeat for several.")
@click.option("--types", "list_types", is_flag=True, help="List the instrument types (and their STIP Compass source).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Leave out schemes and links the extractor scored below this.")
@format_option
@neo4j_options
@handle_errors
def instruments(by: str, sector: str | None, cities: tuple[str, ...], list_types: bool, min_confidence: float,
                fmt: str, settings) -> None:
    """How many programs, funds and policies of each instrument type every city (or sector) has.

    One row per city (or sector, sub-sectors counted in their parents): its
    schemes and how many are of each instrument type (schema/instruments.json,
    modelled on the OECD STIP Compass typology).  The table shows the mix in
    one column; csv and json have one column per type.  A scheme's city is its
    own, else its agency's, else that of the documents that mention it.

    \b
    Example:
        kg instruments
        kg instruments --sector 生物医药 --city 青岛 --city 常州
        kg instruments --by sector --format csv
        kg instruments --types
    """
    from kg.instruments import instruments as instrument_types

    types = instrument_types()
    if list_types:
        emit_rows([{"instrument": i.id, "zh": i.zh, "en": i.en, "stip": i.stip} for i in types.values()], fmt,
                  ["instrument", "zh", "en", "stip"], title="instrument types")
        return
    from kg.store.query import instrument_mix

    driver = open_driver(settings)
    try:
        rows = instrument_mix(driver, by=by, sector=sector, cities=list(cities) or None, min_confidence=min_confidence)
    finally:
        driver.close()
    table = pivot_mix(rows, by, list(types))
    columns = [by, *(["official_code"] if by == "sector" else []), "schemes"]
    if fmt == "table":
        emit_rows(table, fmt, [*columns, "mix"], title=f"instrument types by {by}")
    else:
        emit_rows([{k: v for k, v in r.items() if k != "mix"} for r in table], fmt, [*columns, *types],
                  title=f"instrument types by {by}")


def pivot_mix(rows: list[dict], by: str, types: list[str]) -> list[dict]:
    """Rows of the ``instrument_mix`` pack (one per city or sector and type) as one row per city or sector."""
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["name"], r["official_code"])
        row = out.setdefault(key, {by: r["name"], **({"official_code": r["official_code"]} if by == "sector" else {}),
                                   "schemes": r["total"], **{t: 0 for t in types}, "mix": []})
        row[r["instrument"]] = r["schemes"]
        row["mix"].append(f"{r['instrument']} {r['schemes']}")
    for row in out.values():
        row["mix"] = " · ".join(row["mix"])
    return list(out.values())


@click.command()
@click.option("--all", "include_empty", is_flag=True, help="Also sectors without programs or actors.")
@format_option
@neo4j_options
@handle_errors
def sectors(include_empty: bool, fmt: str, settings) -> None:
    """Sectors with how many programs support them (sub-sectors included) and how many actors work in them.

    \b
    Example:
        kg sectors
        kg sectors --all --format csv
    """
    from kg.store.query import sector_counts

    driver = open_driver(settings)
    try:
        rows = sector_counts(driver, include_empty=include_empty)
    finally:
        driver.close()
    emit_rows(rows, fmt, SECTOR_COLUMNS, title="sectors")


@click.command("show")
@click.argument("name")
@click.option("--type", "type_", default=None, help="Entity type, when a name has several (e.g. Company).")
@format_option
@neo4j_options
@handle_errors
def show_entity(name: str, type_: str | None, fmt: str, settings) -> None:
    """An entity card: type, aliases, city, documents, and its relations with evidence.

    \b
    Example:
        kg show 康复贷
        kg show 青岛市科学技术局 --format json
    """
    from kg.store.query import entity_cards

    driver = open_driver(settings)
    try:
        cards = entity_cards(driver, name, type_)
    finally:
        driver.close()
    if fmt == "json":
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2, default=str))
        return
    for card in cards:
        if fmt == "table":
            console.print(f"[bold]{escape(printable(card['name']))}[/bold]  ({card['type']})")
            official = " ".join(x for x in (card.get("official_code"), card.get("official_name")) if x)
            if official and card.get("classification"):
                official = f"{official} ({card['classification']})"
            for label, value in (("key", card["key"]), ("aliases", "; ".join(card["aliases"])),
                                 ("city", card["city"]), ("english", card.get("name_en")),
                                 ("instrument", card.get("instrument")), ("decided by", card.get("instrument_evidence")),
                                 ("official", official),
                                 ("documents", "; ".join(card["documents"])), ("mentions", card["mentions"])):
                if value not in (None, "", []):
                    console.print(f"  {label}: {escape(printable(str(value)))}", soft_wrap=True)
            _print_relations(card["name"], card["relations"])
        else:
            emit_rows(card["relations"], fmt, RELATION_COLUMNS, title=f"relations of {printable(card['name'])}")


def _print_relations(name: str, relations: list[dict]) -> None:
    """A card's relations, one entry each with its whole evidence sentence (the terminal wraps it, nothing is cut)."""
    if not relations:
        console.print("  relations: none", soft_wrap=True)
        return
    console.print(f"  relations ({len(relations)}):", soft_wrap=True)
    for r in relations:
        arrow = "→" if r["direction"] == "out" else "←"
        facts = [f"{k} {_plain(r[k])}" for k in ("amount_cny", "year", "role", "confidence", "source")
                 if r.get(k) is not None]
        head = " · ".join([f"{arrow} {r['relation']} {r['other']} ({r['other_type']})", *facts])
        console.print(f"    {escape(printable(head))}", soft_wrap=True)
        if r.get("evidence"):
            more = (f" (+{r['evidence_count'] - 1} more: kg query run evidence -p name={name})"
                    if r.get("evidence_count", 1) > 1 else "")
            source = printable(r["document"] or "")
            console.print(f"      {escape(printable(r['evidence']))} — {escape(source)}{escape(printable(more))}",
                          soft_wrap=True)


def _plain(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def register(main: click.Group) -> None:
    for cmd in (query_group, programs, instruments, sectors, show_entity):
        main.add_command(cmd)
