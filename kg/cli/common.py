"""What every command shares: Neo4j settings, error handling, output formats.

This is the only place that reads the environment (``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``KG_HOME``, ``KG_NEO4J_PORT``,
``KG_NEO4J_HTTP_PORT``).
"""

from __future__ import annotations

import csv
import errno
import functools
import io
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import KgError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

# The driver logs each retried transaction (e.g. a deadlock between two concurrent
# `kg build` runs) as a multi-line warning; retries are expected, failures surface
# as one-line errors, so its log records are not printed.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_PORT = 7687
DEFAULT_HTTP_PORT = 7474


def kg_home() -> Path:
    """Project-local folder for the local Neo4j and caches (``$KG_HOME`` or ``./.kg``)."""
    return Path(os.environ.get("KG_HOME") or Path.cwd() / ".kg")


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the graph lives.  ``local`` means the tool runs its own Neo4j."""

    uri: str | None
    user: str | None
    password: str | None
    home: Path

    @property
    def local(self) -> bool:
        return self.uri is None


def neo4j_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--uri/--user/--password`` (falling back to NEO4J_* variables) as ``settings``."""

    @click.option("--uri", envvar="NEO4J_URI", default=None, metavar="URI",
                  help="Bolt URI of your own Neo4j (env NEO4J_URI). Default: the local Neo4j this tool runs.")
    @click.option("--user", envvar="NEO4J_USER", default=None, help="Neo4j user (env NEO4J_USER).")
    @click.option("--password", envvar="NEO4J_PASSWORD", default=None, help="Neo4j password (env NEO4J_PASSWORD).")
    @functools.wraps(func)
    def wrapper(*args: Any, uri: str | None, user: str | None, password: str | None, **kwargs: Any) -> Any:
        settings = Neo4jSettings(uri=uri or None, user=user or None, password=password, home=kg_home())
        token = _local_home.set(settings.home / "neo4j" if settings.local else None)
        try:
            return func(*args, settings=settings, **kwargs)
        finally:
            _local_home.reset(token)

    return wrapper


_local_home: ContextVar[Path | None] = ContextVar("kg_local_home", default=None)
"""Home of the local Neo4j the running command uses (None with NEO4J_URI): errors from it name its log."""


def open_driver(settings: Neo4jSettings, *, start_local: bool = False):
    """Connect to the configured Neo4j; with ``start_local`` start the local one if needed.

    The local server must have a database that answers: one that failed to
    start (after a crash, on a full disk) is an error naming its log.
    """
    from kg import server, store

    if settings.local:
        home = settings.home / "neo4j"
        status = server.status(home)
        if status.state == "failed":
            raise KgError(f"the local Neo4j runs (pid {status.pid}) but its database is not available: "
                          f"{status.detail} (see {status.log}); restart it with `kg neo4j stop && kg neo4j start`")
        if status.state == "starting":
            status = server.start(home, port=local_port(), http_port=local_http_port())  # already up: waits
        elif not status.running:
            if not start_local:
                raise KgError("no Neo4j running: start one with `kg neo4j start`, or set NEO4J_URI to your own")
            err_console.print("[dim]starting the local Neo4j (first start downloads its jars with Maven)…[/dim]")
            status = server.start(home, port=local_port(), http_port=local_http_port())
        return store.connect(status.uri, None, None)
    return store.connect(settings.uri, settings.user, settings.password)


def _with_local_hint(message: str) -> str:
    """A Neo4j error of the local server, with what its log says (a full disk) and where the log is."""
    home = _local_home.get()
    if home is None or "Neo4j" not in message or "(see " in message:
        return message
    from kg import server

    hint = server.diagnose(home)
    return f"{message} [local Neo4j: {hint + '; ' if hint else ''}log {server.database_log(home)}]"


def local_port() -> int:
    """Bolt port for the local Neo4j (``$KG_NEO4J_PORT`` or 7687)."""
    return _port_variable("KG_NEO4J_PORT", DEFAULT_PORT)


def local_http_port() -> int:
    """HTTP port (HTTP API and Neo4j Browser) for the local Neo4j (``$KG_NEO4J_HTTP_PORT`` or 7474)."""
    return _port_variable("KG_NEO4J_HTTP_PORT", DEFAULT_HTTP_PORT)


def _port_variable(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise KgError(f"{name}={raw!r} is not a port number (1-65535)")
    return int(raw)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the tool's own errors (and a few others) into one-line messages and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(printable(_with_local_hint(str(exc)))) from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None
        except OSError as exc:
            what = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
            if exc.errno == errno.ENOSPC:
                what = f"the disk is full ({what}): free some space and run the command again"
            raise click.ClickException(printable(what)) from None

    return wrapper


FORMATS = ("table", "json", "csv")

_wide: ContextVar[bool] = ContextVar("kg_wide_tables", default=False)
"""Whether the running command was given ``--wide``: its tables keep every cell whole."""


def wide_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--wide``: tables keep every cell whole instead of fitting the terminal (read by :func:`emit_rows`)."""

    @click.option("--wide", is_flag=True,
                  help="Tables keep long text whole (rows wider than the terminal) instead of cutting it with …")
    @functools.wraps(func)
    def wrapper(*args: Any, wide: bool, **kwargs: Any) -> Any:
        token = _wide.set(wide)
        try:
            return func(*args, **kwargs)
        finally:
            _wide.reset(token)

    return wrapper


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format table|json|csv`` as ``fmt``, and ``--wide`` for tables."""
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format; json is stable for scripts.")(func)
    return wide_option(func)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, bells …) shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):  # a node, relationship or map (kg cypher): JSON, not Python's repr
        return printable(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return printable(str(value))


# --------------------------------------------------------------------------- tables

DEFAULT_WIDTH = 80
GAP = 2
"""Spaces between two table columns."""
FIRST_COLUMN = (24, 16)
"""Cells the first column (what a row is about: a program, a sector, an entity) keeps when the headers still fit."""

_BREAKS = re.compile(r"[\t\n\r]+")


def terminal_width() -> int:
    """Columns of the terminal: ``$COLUMNS``, else that of stdout or (output piped) stderr, else 80."""
    raw = os.environ.get("COLUMNS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    for fd in (1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
    return DEFAULT_WIDTH


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (Chinese characters take two), ending in … when cut.

    >>> truncate("青岛市科学技术局", 7)
    '青岛市…'
    >>> truncate("loan_guarantee", 20)
    'loan_guarantee'
    """
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:max(width, 0)]
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def fit_widths(natural: Sequence[int], floors: Sequence[Sequence[int]], available: int) -> list[int]:
    """Column widths that fit ``available`` cells: short columns keep their width, long ones share the rest.

    ``floors`` are the least widths wanted, best first (e.g. the first column whole, then every header
    whole): the first whose sum fits is kept, else every column gets at least 2 cells.  Above its floor
    a column is capped at one common width, the largest that fits (spare cells go to the first columns
    still cut).  Nothing is cut when everything fits.

    >>> fit_widths([4, 7, 200, 30], [[4, 4, 8, 8]], 60)
    [4, 7, 25, 24]
    >>> fit_widths([30, 7, 200, 30], [[24, 4, 8, 8], [4, 4, 8, 8]], 60)
    [25, 7, 14, 14]
    """
    natural = [max(n, 0) for n in natural]
    if sum(natural) <= available:
        return list(natural)
    low = [min(n, 2) for n in natural]
    for floor in floors:
        candidate = [min(n, max(f, 2)) for n, f in zip(natural, floor)]
        if sum(candidate) <= available:
            low = candidate
            break

    def total(cap: int) -> int:
        return sum(max(lo, min(n, cap)) for n, lo in zip(natural, low))

    lo_cap, hi_cap = 0, max(natural)
    while lo_cap < hi_cap:  # the largest cap whose total still fits
        mid = (lo_cap + hi_cap + 1) // 2
        if total(mid) <= available:
            lo_cap = mid
        else:
            hi_cap = mid - 1
    widths = [max(lo, min(n, lo_cap)) for n, lo in zip(natural, low)]
    spare = available - sum(widths)
    for i, n in enumerate(natural):
        if spare <= 0:
            break
        if widths[i] < n:
            widths[i] += 1
            spare -= 1
    return widths


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None, *,
                wide: bool | None = None, width: int | None = None) -> None:
    """Print rows as a table whose rows fit the terminal: long cells are cut with … (``wide`` keeps them whole).

    Values are data, never markup; line breaks inside a cell become spaces so each row stays one line.
    """
    if not columns:
        return
    wide = _wide.get() if wide is None else wide
    cells = [[_BREAKS.sub(" ", _cell(r.get(c))) for c in columns] for r in rows]
    natural = [max([cell_len(c), *(cell_len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    gaps = GAP * (len(columns) - 1)
    if wide:
        widths = natural
    else:
        headers = [cell_len(c) for c in columns]
        firsts = [[max(headers[0], w), *headers[1:]] for w in FIRST_COLUMN]
        widths = fit_widths(natural, [*firsts, headers], (width or terminal_width()) - gaps)
    numeric = [all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) or r.get(c) is None
                   for r in rows) and any(r.get(c) is not None for r in rows) for c in columns]
    table_width = sum(widths) + gaps
    if title and cell_len(title) > table_width:  # a title wider than the table is a line of its own, not wrapped
        Console(highlight=False, width=cell_len(title) + 1).print(Text(truncate(title, max(table_width,
                                                                                        width or terminal_width()))))
        title = None
    table = Table(title=Text(title) if title else None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  collapse_padding=True)
    for c, w, num in zip(columns, widths, numeric):
        table.add_column(Text(truncate(c, w)), width=w, no_wrap=True, justify="right" if num else "left")
    for row in cells:
        table.add_row(*(Text(truncate(v, w)) for v, w in zip(row, widths)))
    Console(highlight=False, width=table_width + 1).print(table)


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
              title: str | None = None) -> None:
    """Print rows as a table (fitting the terminal unless ``--wide``), JSON (a list of objects) or CSV."""
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: _cell(r.get(c)) for c in cols})
        click.echo(buf.getvalue(), nl=False)
    elif not rows:
        err_console.print(f"no rows{f' ({printable(title)})' if title else ''}", markup=False)
    else:
        print_table(rows, cols, title)
