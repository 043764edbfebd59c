"""``kg extract``, ``kg build``, ``kg remove``, ``kg stats``, ``kg eval``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import ingest
from kg.cli.common import (
    console,
    printable,
    emit_rows,
    err_console,
    format_option,
    handle_errors,
    local_http_port,
    local_port,
    neo4j_options,
    open_driver,
)
from kg.errors import KgError

_workers = click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
                        help="Extraction processes (results are identical for any number).")


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=False,
                    disable=not err_console.is_terminal and not os.environ.get("KG_PROGRESS"))


_verbose = click.option("--verbose", "-v", is_flag=True, help="List every line removed as web boilerplate.")


def _report_failures(report: ingest.IngestReport, verbose: bool = False) -> None:
    for f in report.failures:
        err_console.print(f"[red]error:[/red] {escape(printable(f.reason))}", soft_wrap=True)
    if report.boilerplate:
        files = len({f for f, _ in report.boilerplate})
        err_console.print(f"[dim]{len(report.boilerplate)} boilerplate lines blanked in {files} files"
                          f"{'' if verbose else ' (--verbose lists them)'}[/dim]")
        if verbose:
            for f, line in report.boilerplate:
                err_console.print(f"  {escape(printable(f))}: {escape(printable(line))}", soft_wrap=True)


def _finish(report: ingest.IngestReport) -> None:
    """Exit 1 when every file failed, 2 when some failed (the others were processed)."""
    if report.failures:
        raise SystemExit(1 if report.documents == 0 else 2)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for one <stem>.json per document (gold format).")
@_workers
@_verbose
@handle_errors
def extract(paths: tuple[Path, ...], out_dir: Path, workers: int, verbose: bool) -> None:
    """Extract entities and relations from documents into JSON files, without Neo4j.

    PATHS are files or folders (walked recursively): plain text or HTML,
    UTF-8, UTF-16 or GB18030/GBK.  Files that cannot be read or extracted are
    reported one line each and the exit code is 2 (1 if no file could be
    used); the others are still written.

    \b
    Example:
        kg extract corpus/sample --out out/
        python ../shared/score.py out/ ../shared/gold
    """
    with _progress() as bar:
        task = bar.add_task("extracting", total=ingest.count_files(paths))
        report = ingest.extract_to_dir(paths, out_dir, workers=workers, progress=lambda n: bar.advance(task, n))
    _report_failures(report, verbose)
    console.print(f"{report.documents} documents → {escape(str(out_dir))} ({report.entities} entities, "
                  f"{report.relations} relations, {report.chars / max(report.seconds, 1e-9):,.0f} chars/s)",
                  soft_wrap=True)
    _finish(report)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_workers
@click.option("--batch-docs", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="Documents written per transaction.")
@click.option("--force", is_flag=True,
              help="Extract and write every file again, also those stored unchanged (same text, path and extractor).")
@click.option("--bulk", is_flag=True,
              help="First load into an empty local Neo4j with its offline importer (stops and restarts the server).")
@_verbose
@neo4j_options
@handle_errors
def build(paths: tuple[Path, ...], workers: int, batch_docs: int, force: bool, bulk: bool, verbose: bool,
          settings) -> None:
    """Extract documents and load them into Neo4j (default: the sample corpus).

    Loading is idempotent: the same documents twice give the same graph; a
    changed file replaces its old facts, and a file stored already with the
    same text and extractor is skipped (--force writes it again).  Without
    NEO4J_URI the local Neo4j is started if needed.

    --bulk makes the first load of a large archive much faster: the local
    Neo4j is stopped, Neo4j's offline importer builds the same graph from CSV
    files, and the server starts again.  It refuses a database that holds
    anything; later builds add to the graph without --bulk.

    \b
    Example:
        kg build                       # the sample corpus
        kg build my_docs/ --workers 2
        kg build archive/ --workers 2 --bulk    # first load into an empty local database
        NEO4J_URI=bolt://db:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=… kg build my_docs/
    """
    targets = list(paths) or [ingest.sample_corpus()]
    if bulk:
        report = _bulk(targets, workers, settings)
    else:
        driver = open_driver(settings, start_local=True)
        try:
            files = ingest.count_files(targets)
            if settings.local and files >= BULK_HINT_FILES and _empty(driver):
                err_console.print(f"[dim]tip: a first load of {files:,} files into the empty local Neo4j is "
                                  "faster with --bulk[/dim]")
            with _progress() as bar:
                task = bar.add_task("loading", total=files)
                report = ingest.build(targets, driver, workers=workers, batch_docs=batch_docs, force=force,
                                      progress=lambda n: bar.advance(task, n))
        finally:
            driver.close()
    _report_failures(report, verbose)
    console.print(f"loaded {report.documents - report.unchanged} documents ({report.entities} entities, "
                  f"{report.relations} relations extracted) in {report.seconds:.1f}s; {report.unchanged} unchanged "
                  f"skipped, {len(report.failures)} failed", soft_wrap=True)
    _finish(report)


BULK_HINT_FILES = 1000
"""From this many files, ``kg build`` into an empty local database suggests ``--bulk``."""


def _empty(driver) -> bool:
    from kg.store import node_count

    return node_count(driver) == 0


def _bulk(targets: list[Path], workers: int, settings) -> ingest.IngestReport:
    if not settings.local:
        raise KgError("--bulk loads into the local Neo4j only (it stops the server to import): "
                      "unset NEO4J_URI, or build without --bulk")
    with _progress() as bar:
        task = bar.add_task("extracting", total=ingest.count_files(targets))
        return ingest.bulk_build(targets, settings.home / "neo4j", port=local_port(), http_port=local_http_port(),
                                 workers=workers, progress=lambda n: bar.advance(task, n), step=_bulk_step)


def _bulk_step(step: str, files) -> None:
    if step == "import":
        err_console.print(f"[dim]importing {files.node_count:,} nodes and {files.relationship_count:,} "
                          "relationships beside the live database…[/dim]")
    elif step == "schema":
        err_console.print("[dim]creating the constraints and loading the sector taxonomy…[/dim]")
    elif step == "swap":
        err_console.print("[dim]swapping the new database in (the local Neo4j restarts)…[/dim]")


@click.command()
@click.argument("documents", nargs=-1, required=True)
@neo4j_options
@handle_errors
def remove(documents: tuple[str, ...], settings) -> None:
    """Retract documents (by file name, path or id) and the facts only they support.

    A file name that several stored documents share (the same name in two
    folders) must be given as the path or the id.

    \b
    Example:
        kg remove 002_81000d0a91dbe875.txt
        kg remove my_docs/2024/index.html
    """
    from kg.store import remove_document

    driver = open_driver(settings)
    missing = []
    try:
        for name in documents:
            path = Path(name)
            if remove_document(driver, name, str(path.resolve()) if path.is_file() else None):
                console.print(f"removed {escape(name)}", soft_wrap=True)
            else:
                missing.append(name)
    finally:
        driver.close()
    if missing:
        raise click.ClickException(f"no such document in the graph: {', '.join(missing)}")


@click.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@neo4j_options
@handle_errors
def reset(yes: bool, settings) -> None:
    """Empty the database: every document, entity, relationship and the sector taxonomy (the schema stays).

    Asks for confirmation unless --yes.  Afterwards `kg build` (or
    `kg build --bulk` for a large archive) loads from scratch.

    \b
    Example:
        kg reset
        kg reset --yes && kg build --bulk archive/
    """
    from kg.store import clear_graph

    driver = open_driver(settings)
    try:
        where = "the local Neo4j" if settings.local else settings.uri
        if not yes:
            click.confirm(f"Delete everything in {where}?", abort=True, err=True)
        n = clear_graph(driver)
    finally:
        driver.close()
    console.print(f"deleted {n:,} nodes from {escape(where)}", soft_wrap=True)


@click.command()
@format_option
@neo4j_options
@handle_errors
def stats(fmt: str, settings) -> None:
    """Print node counts by label, relationship counts by type, and totals.

    A node counts once per label (an entity is both Entity and its type).
    The totals: all nodes and relationships, the entities, and the relations
    between entities (what `kg export` writes of the whole graph).

    \b
    Example:
        kg stats
        kg stats --format json
    """
    from kg.store import counts, totals

    driver = open_driver(settings)
    try:
        c, t = counts(driver), totals(driver)
    finally:
        driver.close()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in sorted(c["nodes"].items())]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in sorted(c["relationships"].items())]
    rows += [{"kind": "total", "name": name, "count": t[key]} for key, name in (
        ("nodes", "nodes"), ("relationships", "relationships"), ("entities", "entities"),
        ("relations", "relations between entities"))]
    emit_rows(rows, fmt, ["kind", "name", "count"], title="graph")


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--docs", "doc_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the documents the gold files name (repeatable).")
@click.option("--verbose", "-v", is_flag=True, help="List misses, spurious finds and wrong types.")
@format_option
@handle_errors
def evaluate_cmd(gold_dir: Path, doc_dirs: tuple[Path, ...], verbose: bool, fmt: str) -> None:
    """Extract the documents named by gold files and print precision, recall and F1.

    Scoring follows the gold README: names match after NFKC and removal of
    quotes, brackets and spaces; typed matches need the same type; relations
    need the same type and both ends.

    \b
    Example:
        kg eval ../shared/gold --verbose
        kg eval ../shared/gold --docs ../shared/seeds --docs ../shared/external --format json
    """
    from kg.evaluate import evaluate
    from kg.goldjson import to_gold_json
    from kg.loaders.extract import extract_documents
    from kg.loaders.read import load_document

    gold, found = ingest.find_gold_documents(gold_dir, doc_dirs)
    docs = {name: load_document(path) for name, path in found.items()}
    pred: dict[str, dict] = {name: to_gold_json(g, docs[name])
                             for name, g in zip(docs, extract_documents(docs.values()))}
    for name in sorted(set(gold) - set(found)):
        err_console.print(f"[yellow]warning:[/yellow] {escape(name)} not found (use --docs); scored as empty",
                          soft_wrap=True)
    report = evaluate(pred, gold)
    if fmt == "json":
        data = report.as_dict()
        if verbose:
            data["misses"] = {"missed_entities": report.missed_entities,
                              "spurious_entities": report.spurious_entities,
                              "wrong_types": report.wrong_types,
                              "missed_relations": report.missed_relations,
                              "spurious_relations": report.spurious_relations,
                              "wrong_instruments": report.wrong_instruments}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [{"what": "entities (untyped)", **_prf(report.entities)},
            {"what": "entities (typed)", **_prf(report.entities_typed)}]
    rows += [{"what": f"  {t}", **_prf(v)} for t, v in report.per_entity_type.items()]
    rows.append({"what": "relations", **_prf(report.relations)})
    rows += [{"what": f"  {t}", **_prf(v)} for t, v in report.per_relation_type.items()]
    emit_rows(rows, fmt, ["what", "P", "R", "F1"], title=f"{report.documents} gold documents")
    console.print(f"FUNDS amounts correct: {report.amounts_correct}/{report.amounts_gold}")
    if report.instruments_gold:
        console.print(f"instrument types correct: {report.instruments_correct}/{report.instruments_gold} "
                      f"({report.instruments_correct / report.instruments_gold:.3f}) of the typed-matched "
                      "Programs, Funds and Policies")
    if verbose:
        for title, items in (("missed entities", report.missed_entities),
                             ("spurious entities", report.spurious_entities),
                             ("wrong types", report.wrong_types),
                             ("missed relations", report.missed_relations),
                             ("spurious relations (with the rule that proposed each)", report.spurious_relations),
                             ("wrong instrument types", report.wrong_instruments)):
            console.print(f"\n[bold]{title}[/bold] ({len(items)})")
            for item in items:
                console.print(f"  {escape(str(item))}", soft_wrap=True)


def _prf(v) -> dict[str, str]:
    return {"P": f"{v.p:.3f}", "R": f"{v.r:.3f}", "F1": f"{v.f1:.3f}"}


def register(main: click.Group) -> None:
    for cmd in (extract, build, remove, reset, stats, evaluate_cmd):
        main.add_command(cmd)
