"""Faults: Neo4j down or refusing the password, a killed load, a write that fails or loses its connection.

Each fault must end in a one-line error that says how to fix it, or in a graph
identical (full export) to a clean load once the command is run again; never
in half a batch.  A second Neo4j with auth enabled is started for the
password checks (``kg.server.start(..., auth=True)``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.store.writer as writer
from kg import server
from kg.cli import main
from kg.errors import StoreError
from kg.loaders.extract import extract
from kg.loaders.read import iter_paths, load_document, parse_text
from kg.model import Entity, Graph, Mention
from kg.store import export, write_graph
from kg.store.cypher import statement

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "kg-test-secret"

TEXTS = {
    "a.txt": "济南市科学技术局支持济南瑞泰智能科技有限公司建设海洋装备中试平台。济南瑞泰智能科技有限公司专注于海洋物联网领域。",
    "b.txt": "烟台鼎盛智能科技有限公司获得烟台市科学技术局300万元资助。烟台鼎盛智能科技有限公司专注于人工智能领域。",
    "c.txt": "潍坊恒信新材料有限公司落户潍坊高新区。潍坊恒信新材料有限公司专注于新材料领域。",
}
A_OLD = "济南市科学技术局印发通知。济南博远生物科技有限公司专注于合成生物领域。"


def kg_process(*args: str, home: Path, **popen) -> subprocess.Popen:
    """The real `kg` command in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(KG_HOME=str(home), PYTHONWARNINGS="ignore")
    return subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')", *args],
                            env=env, text=True, **popen)


def kg_run(*args: str, home: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    with kg_process(*args, home=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        out, err = p.communicate(timeout=timeout)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def one_line_error(res: subprocess.CompletedProcess) -> str:
    """The single stderr line of a failed command (exit 1, no traceback, nothing on stdout)."""
    assert res.returncode == 1, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr and res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def wipe(driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def doc_graph(name: str, text: str, path: Path | None = None) -> Graph:
    doc = parse_text(text, name, source_path=str(path) if path else None)
    return extract(doc)


def doc_part(dump: dict, doc_id: str) -> dict:
    """What a document owns in an export: its node, sentences, HAS_SENTENCE and MENTIONED_IN edges."""
    return {
        "nodes": [n for n in dump["nodes"] if n["props"].get("id") == doc_id or n["props"].get("doc_id") == doc_id],
        "relationships": [r for r in dump["relationships"] if r["type"] in ("HAS_SENTENCE", "MENTIONED_IN")
                          and (r["start"] == doc_id or r["end"].startswith(doc_id + ":"))],
    }


def documents(dump: dict) -> set[str]:
    return {n["props"]["id"] for n in dump["nodes"] if n["labels"] == ["Document"]}


def document_count(driver) -> int:
    """Committed documents (a cheap poll while a load runs; a full export is not a snapshot)."""
    return driver.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]


def no_open_transactions(driver, timeout: float = 60) -> None:
    """Wait until the server has rolled back the transactions of killed clients."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").records
        if all(r["currentQuery"].startswith("SHOW TRANSACTIONS") for r in rows):
            return
        time.sleep(0.2)
    raise AssertionError("transactions of a killed client are still open")


# ----------------------------------------------------------------- Neo4j down / wrong password


def test_neo4j_not_running_says_how_to_fix_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    uri = f"bolt://127.0.0.1:{server.free_port()}"
    line = one_line_error(kg_run("build", str(docs), "--uri", uri, home=tmp_path / "home"))
    assert line == f"Error: cannot reach Neo4j at {uri}: start one with `kg neo4j start` or set NEO4J_URI"
    # Without NEO4J_URI the commands that do not start the local Neo4j say how to start it.
    for args in (["stats"], ["remove", "a.txt"], ["programs", "--sector", "海洋"]):
        line = one_line_error(kg_run(*args, home=tmp_path / "empty-home"))
        assert "`kg neo4j start`" in line and "NEO4J_URI" in line, line


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory) -> Iterator[str]:
    """A second local Neo4j with auth enabled; the password of user neo4j is set to PASSWORD."""
    home = tmp_path_factory.mktemp("neo4j-auth-home")
    status = server.start(home, port=server.free_port(), heap="512m", timeout=300, auth=True)
    try:
        from neo4j import GraphDatabase

        with GraphDatabase.driver(status.uri, auth=("neo4j", "neo4j")) as drv:
            drv.execute_query("ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $new", new=PASSWORD,
                              database_="system")
        yield status.uri
    finally:
        server.stop(home)


@pytest.mark.neo4j
def test_wrong_or_missing_password_says_which_settings_to_fix(tmp_path, auth_server):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    hint = "Error: Neo4j rejected the credentials: check NEO4J_USER/NEO4J_PASSWORD"
    # The right password works (first: Neo4j locks a user for a while after 3 failed attempts).
    res = kg_run("build", str(docs), "--uri", auth_server, "--user", "neo4j", "--password", PASSWORD,
                 home=tmp_path / "home")
    assert res.returncode == 0 and "loaded 1 documents" in res.stdout, res.stderr
    assert one_line_error(kg_run("build", str(docs), "--uri", auth_server, "--user", "neo4j",
                                 "--password", "wrong", home=tmp_path / "home")) == hint
    assert one_line_error(kg_run("stats", "--uri", auth_server, home=tmp_path / "home")) == hint  # no user at all
    # The same through the environment variables the message names.
    env_run = CliRunner().invoke(main, ["stats"], env={"NEO4J_URI": auth_server, "NEO4J_USER": "neo4j",
                                                       "NEO4J_PASSWORD": "also-wrong"})
    assert env_run.exit_code == 1 and env_run.stderr == hint + "\n"


# ----------------------------------------------------------------- a killed load


@pytest.mark.neo4j
def test_killed_load_then_rerun_equals_a_clean_load(tmp_path, driver, neo4j_server):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), "--times", "4", "--out", str(corpus)],
                   check=True, capture_output=True)
    paths = iter_paths([corpus])
    assert len(paths) == 20
    home = tmp_path / "home"
    build = ("build", str(corpus), "--uri", neo4j_server, "--batch-docs", "2")

    res = kg_run(*build, home=home)
    assert res.returncode == 0, res.stderr
    clean = export(driver)
    assert len(documents(clean)) == 20
    wipe(driver)

    # 1. Killed in the middle of a write transaction.  The test holds a lock on the 4th sentence of the
    #    6th document, so the third batch's transaction blocks half-way through writing its sentences
    #    (documents and earlier sentences written, uncommitted); kill -9 the process right there.
    sixth = load_document(paths[5])
    with driver.session() as session:
        hold = session.begin_transaction()
        hold.run("MERGE (s:Sentence {id: $id})", id=f"{sixth.id}:3").consume()
        proc = kg_process(*build, home=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 300
            while True:
                rows = driver.execute_query("SHOW TRANSACTIONS YIELD status, currentQuery "
                                            "RETURN status, currentQuery").records
                if any(r["status"].startswith("Blocked") and "Sentence" in r["currentQuery"] for r in rows):
                    break
                assert proc.poll() is None and time.monotonic() < deadline, "the load never blocked"
                time.sleep(0.1)
            # Other readers see the first two batches only, each document whole.
            during = export(driver)
            assert len(documents(during)) == 4
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            hold.rollback()
    assert proc.returncode == -signal.SIGKILL
    no_open_transactions(driver)
    after_kill = export(driver)
    assert after_kill == during
    assert documents(after_kill) == {load_document(p).id for p in paths[:4]}
    for doc_id in documents(after_kill):
        assert doc_part(after_kill, doc_id) == doc_part(clean, doc_id)
    assert not [n for n in after_kill["nodes"] if "KgLock" in n["labels"]]

    # 2. Re-run, killed again at an arbitrary moment (once more documents are in).
    proc = kg_process(*build, home=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while document_count(driver) < 8:
            assert proc.poll() is None and time.monotonic() < deadline, "the re-run ended before it was killed"
            time.sleep(0.2)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    no_open_transactions(driver)
    partial = export(driver)
    assert 8 <= len(documents(partial)) < 20
    for doc_id in documents(partial):
        assert doc_part(partial, doc_id) == doc_part(clean, doc_id)

    # 3. Run to the end: the very graph of a clean load.
    res = kg_run(*build, home=home)
    assert res.returncode == 0, res.stderr
    assert export(driver) == clean


# ----------------------------------------------------------------- a write that fails mid-batch


@pytest.fixture
def graphs(tmp_path) -> dict[str, Graph]:
    out = {}
    for name, text in TEXTS.items():
        out[name] = doc_graph(name, text, tmp_path / name)
    out["a_old"] = doc_graph("a.txt", A_OLD, tmp_path / "a.txt")  # an earlier version of a.txt
    return out


def poisoned(g: Graph) -> Graph:
    """``g`` plus a sector whose name is too large for Neo4j's name index: its write_entities fails."""
    bad = Graph()
    bad.merge(g)
    doc = next(iter(bad.documents.values()))
    s = doc.sentences[-1]
    bad.add_entity(Entity("Sector", "华" * 5000, mentions=[Mention(doc.id, s.index, s.start, s.start + 2,
                                                                     doc.text[s.start:s.start + 2])]))
    return bad


@pytest.mark.neo4j
def test_a_value_neo4j_rejects_leaves_nothing_of_its_batch(driver, graphs):
    write_graph(driver, [graphs["a_old"]])
    before = export(driver)
    # One transaction: the new a.txt (replacing the old one), b.txt, and c.txt whose entity Neo4j refuses.
    with pytest.raises(StoreError) as info:
        write_graph(driver, [graphs["a.txt"], graphs["b.txt"], poisoned(graphs["c.txt"])], batch_size=10**6)
    message = str(info.value)
    assert "\n" not in message and message.startswith("writing to Neo4j failed:") and "too large" in message
    assert export(driver) == before  # the retraction of the old a.txt was rolled back too

    # Several transactions: the batches before the bad one are committed whole, the bad one not at all.
    with pytest.raises(StoreError):
        write_graph(driver, [graphs["b.txt"], poisoned(graphs["c.txt"])], batch_size=1)
    got = export(driver)
    wipe(driver)
    write_graph(driver, [graphs["a_old"], graphs["b.txt"]])
    assert got == export(driver)


@pytest.mark.neo4j
def test_a_statement_failing_at_the_end_of_a_batch_rolls_it_back(driver, graphs, monkeypatch):
    write_graph(driver, [graphs["a_old"]])
    before = export(driver)
    real = writer.statement

    def failing(name: str, **kw) -> str:  # the batch's last statement fails after all the others ran
        if name == "write_relations":
            return "UNWIND $rows AS row RETURN collect(row.n / 0) AS written"
        return real(name, **kw)

    monkeypatch.setattr(writer, "statement", failing)
    with pytest.raises(StoreError, match="by zero"):
        write_graph(driver, [graphs["a.txt"], graphs["b.txt"]], batch_size=10**6)
    assert export(driver) == before


@pytest.mark.neo4j
def test_cli_build_stopped_by_a_failing_batch_keeps_whole_documents_and_recovers(tmp_path, driver, neo4j_server,
                                                                                 monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "KG_HOME": str(tmp_path / "home")}
    clean_res = runner.invoke(main, ["build", str(docs)], env=env)
    assert clean_res.exit_code == 0, clean_res.output
    clean = export(driver)
    wipe(driver)

    c_id = load_document(docs / "c.txt").id
    real = writer.statement

    def failing(name: str, **kw) -> str:  # the mentions of c.txt (third batch) make Neo4j raise
        text = real(name, **kw)
        if name == "write_mentions":
            text = text.replace("UNWIND $rows AS row\n", "UNWIND $rows AS row\nWITH row WHERE CASE WHEN "
                                f"row.sentence_id STARTS WITH '{c_id}' THEN 1 / 0 = 1 ELSE true END\n", 1)
        return text

    monkeypatch.setattr(writer, "statement", failing)
    res = runner.invoke(main, ["build", str(docs), "--batch-docs", "1"], env=env)
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: writing to Neo4j failed: / by zero — ")
    assert "2 new documents were loaded before it" in res.stderr  # a.txt and b.txt, one batch each
    stopped = export(driver)
    assert documents(stopped) == documents(clean) - {c_id}
    for doc_id in documents(stopped):
        assert doc_part(stopped, doc_id) == doc_part(clean, doc_id)
    assert not [n for n in stopped["nodes"] if n["props"].get("doc_id") == c_id]

    monkeypatch.setattr(writer, "statement", real)
    res = runner.invoke(main, ["build", str(docs), "--batch-docs", "1"], env=env)
    assert res.exit_code == 0, res.output
    assert export(driver) == clean


# ----------------------------------------------------------------- a connection lost mid-batch


class DroppingProxy:
    """A TCP proxy to Neo4j that cuts both connections once, when the client first sends ``trigger``."""

    def __init__(self, target_port: int, trigger: bytes) -> None:
        self.target_port = target_port
        self.trigger = trigger
        self.dropped = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, watch: bool) -> None:
        tail = b""
        try:
            while data := src.recv(65536):
                if watch:
                    seen, tail = tail + data, (tail + data)[-len(self.trigger):]
                    with self._lock:
                        drop = self.dropped == 0 and self.trigger in seen
                        self.dropped += drop
                    if drop:
                        break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.mark.neo4j
def test_connection_lost_mid_batch_is_retried_to_the_same_graph(tmp_path, driver, neo4j_server):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    runner = CliRunner()

    def build(uri: str):
        env = {"NEO4J_URI": uri, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "KG_HOME": str(tmp_path / "home")}
        return runner.invoke(main, ["build", str(docs)], env=env)

    assert build(neo4j_server).exit_code == 0
    clean = export(driver)
    wipe(driver)
    # The connection drops while the batch's transaction sends its mentions (documents, sentences and
    # entities already written in it): the server rolls it back and the driver runs it again.
    proxy = DroppingProxy(int(neo4j_server.rsplit(":", 1)[1]), statement("write_mentions").split("\n")[3].encode())
    try:
        res = build(f"bolt://127.0.0.1:{proxy.port}")
    finally:
        proxy.close()
    assert proxy.dropped == 1, "the connection was never cut"
    assert res.exit_code == 0 and res.stderr == "", res.output
    assert export(driver) == clean
