"""``kg neo4j start|stop|status``: the local Neo4j Community 5.26 server this tool runs."""

from __future__ import annotations

import click

from kg.cli.common import console, handle_errors, kg_home, local_http_port, local_port


@click.group("neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j Community 5.26 server (jars from Maven Central, data in ./.kg/neo4j).

    Bolt on 127.0.0.1:7687, HTTP with Neo4j Browser on 127.0.0.1:7474 (only
    this machine can connect; auth is off). Set NEO4J_URI to use your own
    Neo4j, Aura or a cluster instead.

    \b
    Example:
        kg neo4j start && kg build && kg neo4j status
    """


@neo4j_group.command()
@handle_errors
def install() -> None:
    """Fetch the Neo4j jars with Maven and compile the Browser guide extension (done by `start` too).

    \b
    Example:
        kg neo4j install
    """
    from kg import server

    home = kg_home() / "neo4j"
    console.print(f"Neo4j jars ready in {server.install(home)}")


@neo4j_group.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Bolt port (default 7687 or $KG_NEO4J_PORT).")
@click.option("--http-port", type=click.IntRange(1, 65535), default=None,
              help="HTTP port: HTTP API and Neo4j Browser (default 7474 or $KG_NEO4J_HTTP_PORT).")
@click.option("--heap", default="1g", show_default=True, help="Java heap (-Xmx).")
@click.option("--timeout", type=float, default=180, show_default=True,
              help="Seconds to wait until the database and HTTP answer.")
@handle_errors
def start(port: int | None, http_port: int | None, heap: str, timeout: float) -> None:
    """Start the local Neo4j in the background and print Neo4j Browser's address; does nothing if it already runs.

    The Browser connects without a login form and opens the guide of the
    query packs (each with its example's parameters, one click to set them).

    \b
    Example:
        kg neo4j start
        kg neo4j start --port 7688 --http-port 7475
    """
    from kg import server

    home = kg_home() / "neo4j"
    before = server.status(home)
    st = server.start(home, port=port or local_port(), heap=heap, timeout=timeout,
                      http_port=http_port or local_http_port())
    verb = "already running" if before.running else "started"
    console.print(f"Neo4j {verb} at {st.uri} (pid {st.pid}, home {home})")
    _print_browser(st)


def _print_browser(st) -> None:
    """The Browser's address (it connects without a login form when auth is off) and the HTTP API's, unwrapped."""
    if st.browser_url:
        click.echo(f"Neo4j Browser: {st.browser_url}")
        click.echo(f"HTTP API: {st.http_url} (query packs guide in the Browser: :guide {st.guide_url})")
    elif st.running:
        click.echo("no HTTP and no Neo4j Browser: an earlier version of kg started this server with Bolt only; "
                   "restart it with `kg neo4j stop && kg neo4j start`")


@neo4j_group.command()
@handle_errors
def stop() -> None:
    """Stop the local Neo4j.

    \b
    Example:
        kg neo4j stop
    """
    from kg import server

    home = kg_home() / "neo4j"
    console.print("stopped" if server.stop(home) else "not running")


@neo4j_group.command()
@handle_errors
def status() -> None:
    """Say whether the local Neo4j runs and its database answers; exit 1 when not (stopped, starting or failed).

    \b
    Example:
        kg neo4j status
    """
    from kg import server

    st = server.status(kg_home() / "neo4j")
    if st.state == "failed":
        raise click.ClickException(f"failed: the local Neo4j runs (pid {st.pid}) but its database is not available: "
                                   f"{st.detail} (see {st.log}); restart it with `kg neo4j stop && kg neo4j start`")
    if st.state == "starting":
        raise click.ClickException(f"starting: the local Neo4j (pid {st.pid}) does not answer yet"
                                   + (f" ({st.detail})" if st.detail else ""))
    if not st.running:
        raise click.ClickException("not running: start the local Neo4j with `kg neo4j start`")
    console.print(f"running at {st.uri} (pid {st.pid})")
    _print_browser(st)


def register(main: click.Group) -> None:
    main.add_command(neo4j_group)
