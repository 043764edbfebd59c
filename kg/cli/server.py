"""``kg neo4j start|stop|status``: the local Neo4j Community 5.26 this tool runs."""

from __future__ import annotations

import click

from kg.cli.common import console, handle_errors, kg_home, local_port


@click.group("neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j Community 5.26 (jars from Maven Central, data in ./.kg/neo4j).

    Set NEO4J_URI to use your own Neo4j, Aura or a cluster instead.

    \b
    Example:
        kg neo4j start && kg build && kg neo4j status
    """


@neo4j_group.command()
@handle_errors
def install() -> None:
    """Fetch the Neo4j jars with Maven and compile the launcher (done by `start` too).

    \b
    Example:
        kg neo4j install
    """
    from kg import server

    home = kg_home() / "neo4j"
    console.print(f"Neo4j jars ready in {server.install(home)}")


@neo4j_group.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Bolt port (default 7687 or $KG_NEO4J_PORT).")
@click.option("--heap", default="1g", show_default=True, help="Java heap (-Xmx).")
@click.option("--timeout", type=float, default=180, show_default=True, help="Seconds to wait until Bolt answers.")
@handle_errors
def start(port: int | None, heap: str, timeout: float) -> None:
    """Start the local Neo4j in the background; does nothing if it already runs.

    \b
    Example:
        kg neo4j start --port 7688
    """
    from kg import server

    home = kg_home() / "neo4j"
    before = server.status(home)
    st = server.start(home, port=port or local_port(), heap=heap, timeout=timeout)
    verb = "already running" if before.running else "started"
    console.print(f"Neo4j {verb} at {st.uri} (pid {st.pid}, home {home})")


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
        raise click.ClickException(f"starting: the local Neo4j (pid {st.pid}) does not answer yet")
    if not st.running:
        raise click.ClickException("not running: start the local Neo4j with `kg neo4j start`")
    console.print(f"running at {st.uri} (pid {st.pid})")


def register(main: click.Group) -> None:
    main.add_command(neo4j_group)
