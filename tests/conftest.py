"""Shared fixtures.  Tests marked ``neo4j`` run against a real Neo4j started once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import ingest, server, store


@pytest.fixture(scope="session")
def neo4j_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Home folder of the session's local Neo4j."""
    return tmp_path_factory.mktemp("neo4j-home")


@pytest.fixture(scope="session")
def neo4j_server(neo4j_home: Path) -> Iterator[str]:
    """Bolt URI of a local Neo4j in a temporary home on a free port (jars fetched by Maven if needed)."""
    home = neo4j_home
    status = server.start(home, port=server.free_port(), heap="1g", timeout=300)
    try:
        yield status.uri
    finally:
        server.stop(home)


@pytest.fixture
def driver(neo4j_server: str):
    """A connected driver on an empty database."""
    drv = store.connect(neo4j_server, None, None)
    drv.execute_query("MATCH (n) DETACH DELETE n")
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture(scope="module")
def sample_db(neo4j_server: str):
    """A driver on a database holding the sample corpus (and the taxonomy), built once per test module.

    Tests in the same module that use ``driver`` empty the database again:
    put them after the ones that use this fixture.
    """
    drv = store.connect(neo4j_server, None, None)
    drv.execute_query("MATCH (n) DETACH DELETE n")
    report = ingest.build([ingest.sample_corpus()], drv)
    assert report.documents == 5 and not report.failures
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture
def sample_cli(sample_db, neo4j_server: str):
    """``invoke(*args)``: run the ``kg`` CLI (click's CliRunner) against the Neo4j holding the sample corpus."""
    from kg.cli import main

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env={"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": ""})

    return invoke


@pytest.fixture
def rules_only(monkeypatch):
    """Extraction with the rules and gazetteers alone: no LAC words, and no learned scorer drops or retypes
    anything (the component tests check what the rules propose; LAC and the scorers have tests of their own)."""
    from kg.loaders.components import lac, relscore, score

    monkeypatch.setattr(lac, "tag_all", lambda texts: [[] for _ in texts])
    monkeypatch.setattr(score, "load_model", lambda name: None)
    monkeypatch.setattr(relscore, "load_model", lambda name: None)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Real headless Chromium (Debian's, found by kg.viz.screenshot) through playwright, once per module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from kg.viz.screenshot import CHROMIUM_ARGS, find_chromium

    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_chromium(), args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()
