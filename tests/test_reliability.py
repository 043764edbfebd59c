"""Nothing lost, ever: regression tests for the data-loss and crash defects of issue 12.

Each test reproduces one defect as a careless or hostile user met it, against
the real Neo4j where one is involved (killed bulk imports, a database on a
full file system, a 1,000,001-character document), and checks what the tool
promises instead.  The README's "Reliability" section lists the guarantees.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from kg import ingest, server, store
from kg.cli import main
from kg.loaders import extract as extract_mod
from kg.loaders.extract import extract
from kg.loaders.read import load_document
from kg.store.query import SUGGEST_CHARS, _closest

DATA = Path(__file__).parent / "data"
SMALL = DATA / "dev2"  # three short documents: a quick bulk load


def cli(env: dict[str, str], *args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def one_line_error(result) -> str:
    assert "Traceback" not in result.output, result.output
    lines = [ln for ln in result.output.strip().splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def kg_env(neo4j_server, tmp_path) -> dict[str, str]:
    """CLI environment against the session's Neo4j."""
    return {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "KG_HOME": str(tmp_path / "home")}


def _linked_home(root: Path, neo4j_home: Path) -> Path:
    """A KG_HOME whose local Neo4j reuses the session server's jars and guide extension."""
    neo = root / "neo4j"
    neo.mkdir(parents=True)
    for part in ("lib", "classes"):
        (neo / part).symlink_to(neo4j_home / part, target_is_directory=True)
    return root


@pytest.fixture
def local_home(tmp_path, neo4j_home):
    """A KG_HOME with its own local Neo4j (stopped afterwards) and the environment to use it."""
    home = _linked_home(tmp_path / "kg", neo4j_home)
    env = {"KG_HOME": str(home), "KG_NEO4J_PORT": str(server.free_port()),
           "KG_NEO4J_HTTP_PORT": str(server.free_port()), "NEO4J_URI": ""}
    try:
        yield home, env
    finally:
        server.stop(home / "neo4j")


# ------------------------------------------------------------------ 1. the same text at two paths


@pytest.mark.neo4j
def test_removing_or_editing_a_copy_keeps_the_original(tmp_path, driver, kg_env):
    original = ingest.sample_corpus() / "000_86860c137ba2a744.txt"
    copy = tmp_path / "other" / "copy000.txt"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    assert cli(kg_env, "build", original).exit_code == 0
    before = store.export(driver)
    assert cli(kg_env, "build", copy).exit_code == 0
    assert cli(kg_env, "remove", "copy000.txt").exit_code == 0
    assert store.export(driver) == before
    copy.write_text(original.read_text(encoding="utf-8") + "\n青岛市新设一家孵化器。", encoding="utf-8")
    assert cli(kg_env, "build", copy).exit_code == 0
    assert cli(kg_env, "remove", str(copy)).exit_code == 0
    assert store.export(driver) == before
    shown = cli(kg_env, "show", "康复贷")
    assert shown.exit_code == 0 and "康复贷" in shown.output
    assert cli(kg_env, "remove", original.name).exit_code == 0


# ------------------------------------------------------------------ 2. boilerplate is reported


def test_blanked_boilerplate_is_counted_and_listed_with_verbose(tmp_path):
    doc = tmp_path / "page.txt"
    body = [f"青岛市科学技术局第{i}次发布科技政策。" for i in range(20)]
    doc.write_text("\n".join([*body, "版权所有 © 2024 青岛市科学技术局", "鲁ICP备12345678号"]), encoding="utf-8")
    quiet = cli({}, "extract", doc, "--out", tmp_path / "out")
    assert quiet.exit_code == 0 and "2 boilerplate lines blanked in 1 files" in quiet.output
    loud = cli({}, "extract", doc, "--out", tmp_path / "out2", "--verbose")
    assert "鲁ICP备12345678号" in loud.output and "版权所有 © 2024 青岛市科学技术局" in loud.output


# ------------------------------------------------------------------ 3. long documents, per-file failures


HEAD = "青岛市科学技术局设立青岛海洋产业基金，重点支持海洋物联网企业。\n"
FILLER = "这一段文字只是为了让文件变长，并不说明任何机构或者人物的情况，读者可以跳过。\n"
TAIL = "华晨智能自动化装备有限公司专注于物流自动化。"


def _long_document(path: Path, chars: int = 1_000_001) -> Path:
    """A document of ``chars`` characters with names at its start and its very end (in its last section)."""
    body = FILLER * ((chars - len(HEAD) - len(TAIL)) // len(FILLER) + 1)
    path.write_text((HEAD + body)[:chars - len(TAIL) - 1] + "\n" + TAIL, encoding="utf-8")
    return path


def test_a_document_over_a_million_characters_is_extracted_with_its_offsets(tmp_path):
    doc = load_document(_long_document(tmp_path / "long.txt"))
    assert len(doc.text) == 1_000_001
    g = extract(doc)
    for key in ("Fund:青岛海洋产业基金", "Company:华晨智能自动化装备有限公司"):
        for m in g.entities[key].mentions:
            assert doc.text[m.start:m.end] == m.text
            s = next(s for s in doc.sentences if s.index == m.sentence)
            assert s.start <= m.start and m.end <= s.end
    assert g.entities["Company:华晨智能自动化装备有限公司"].mentions[0].start > 999_000


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_failing_document_is_one_line_and_the_batch_goes_on(tmp_path, monkeypatch, workers):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("青岛市科学技术局设立青岛海洋产业基金。", encoding="utf-8")
    (docs / "b_breaks.txt").write_text("青岛华晨智能自动化装备有限公司。", encoding="utf-8")
    (docs / "c.txt").write_text("济南市科学技术局设立济南种子基金。", encoding="utf-8")
    real = extract_mod.extract

    def flaky(doc):
        if doc.name.startswith("b_"):
            raise ValueError("[E088] Text of length 1000104 exceeds maximum of 1000000")
        return real(doc)

    monkeypatch.setattr(extract_mod, "extract", flaky)  # worker processes are forked with it
    res = cli({}, "extract", docs, "--out", tmp_path / "out", "--workers", workers)
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and "RemoteTraceback" not in res.output
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "b_breaks.txt" in errors[0] and "E088" in errors[0]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "c.json"]


def test_a_run_where_every_file_failed_exits_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    res = cli({}, "extract", bad, "--out", tmp_path / "out")
    assert res.exit_code == 1 and "binary" in res.output


@pytest.mark.neo4j
def test_kg_build_loads_a_million_character_document_with_two_workers(tmp_path, driver, kg_env):
    docs = tmp_path / "docs"
    docs.mkdir()
    _long_document(docs / "long.txt")
    (docs / "short.txt").write_text("济南市科学技术局设立济南种子基金。", encoding="utf-8")
    res = cli(kg_env, "build", docs, "--workers", "2")
    assert res.exit_code == 0, res.output
    assert "loaded 2 documents" in res.output
    rows = driver.execute_query("MATCH (d:Document) RETURN d.name AS name, d.chars AS chars ORDER BY name").records
    assert [(r["name"], r["chars"]) for r in rows] == [("long.txt", 1_000_001), ("short.txt", 17)]
    shown = cli(kg_env, "show", "华晨智能自动化装备有限公司")
    assert shown.exit_code == 0 and "long.txt" in shown.output


# ------------------------------------------------------------------ 4. killed bulk loads


def _bulk_process(env: dict[str, str], corpus: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')",
                             "build", "--bulk", str(corpus)], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def _java_children(marker: str) -> list[psutil.Process]:
    out = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if any(marker in part for part in (p.info["cmdline"] or [])):
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def _wait_for(predicate, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _graph_is_whole(env: dict[str, str], documents: int) -> None:
    st = server.status(Path(env["KG_HOME"]) / "neo4j")
    assert st.running
    with store.connect(st.uri, None, None) as drv:
        docs = drv.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]
        assert docs == documents
        constraints = drv.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").records[0]["n"]
        assert constraints > 0
        no_aliases = drv.execute_query("MATCH (e:Entity) WHERE e.aliases IS NULL RETURN count(e) AS n").records[0]["n"]
        assert no_aliases == 0
        taxonomy = drv.execute_query("MATCH (s:Sector {source: 'taxonomy'}) RETURN count(s) AS n").records[0]["n"]
        assert taxonomy > 100


@pytest.mark.neo4j
@pytest.mark.parametrize("kill_at", ["import", "side server"])
def test_a_killed_bulk_load_leaves_the_database_as_it_was_and_no_process_behind(local_home, kill_at):
    home, env = local_home
    neo = home / "neo4j"
    assert cli(env, "neo4j", "start").exit_code == 0
    proc = _bulk_process(env, SMALL)
    marker = "org.neo4j.cli.AdminTool" if kill_at == "import" else server.aside_home(neo).name
    _wait_for(lambda: bool(_java_children(marker)) or proc.poll() is not None)
    assert proc.poll() is None, proc.stdout.read().decode()
    proc.kill()  # SIGKILL to the kg process alone, as kill -9 would
    proc.wait()
    _wait_for(lambda: not _java_children(marker), timeout=30)  # the importer / side server died with it

    st = server.status(neo)  # the next command finds the live database as it was: running, empty, nothing aside
    assert st.running and not server.aside_home(neo).exists()
    with store.connect(st.uri, None, None) as drv:
        assert store.node_count(drv) == 0
    if kill_at == "import":  # and a bulk load works again (after the side server, the same would)
        again = cli(env, "build", "--bulk", SMALL)
        assert again.exit_code == 0, again.output
        _graph_is_whole(env, documents=3)
        assert cli(env, "programs", "--sector", "生物医药", "--format", "json").exit_code == 0


@pytest.mark.neo4j
def test_a_bulk_load_killed_in_the_middle_of_the_swap_is_finished_by_the_next_start(local_home):
    home, env = local_home
    code = (
        "import os, signal, sys\n"
        "import kg.server.local as local\n"
        "real = local._finish_swap\n"
        "def dying(home):\n"
        "    (home / 'db').rename(home / 'db.replaced')\n"  # half of the swap done, then killed
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "local._finish_swap = dying\n"
        "from kg.cli import main\n"
        "main(['build', '--bulk', sys.argv[1]], prog_name='kg')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(SMALL)], env={**os.environ, **env}, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    res = cli(env, "neo4j", "start")
    assert res.exit_code == 0, res.output
    _graph_is_whole(env, documents=3)


@pytest.mark.neo4j
def test_after_removing_every_document_bulk_works_again_and_reset_empties(local_home):
    home, env = local_home
    assert cli(env, "build", SMALL).exit_code == 0
    for f in sorted(SMALL.glob("*.txt")):
        assert cli(env, "remove", f.name).exit_code == 0
    bulk = cli(env, "build", "--bulk", SMALL)  # only the taxonomy is left: that counts as empty
    assert bulk.exit_code == 0, bulk.output
    refused = cli(env, "build", "--bulk", SMALL)
    assert refused.exit_code == 1 and "kg reset" in refused.output
    assert cli(env, "reset").exit_code == 1  # asks; no answer: nothing deleted
    _graph_is_whole(env, documents=3)
    done = cli(env, "reset", "--yes")
    assert done.exit_code == 0 and "deleted" in done.output
    st = server.status(home / "neo4j")
    with store.connect(st.uri, None, None) as drv:
        assert drv.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


# ------------------------------------------------------------------ 5. a database that failed to start


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir(parents=True)
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {res.stderr.decode().strip()}")


@pytest.fixture
def full_disk_home(tmp_path, neo4j_home):
    """A KG_HOME on a 400 MiB file system: too small for Neo4j's preallocated transaction logs."""
    mnt = tmp_path / "small"
    _mount_tmpfs(mnt, "400m")
    home = _linked_home(mnt, neo4j_home)
    env = {"KG_HOME": str(home), "KG_NEO4J_PORT": str(server.free_port()),
           "KG_NEO4J_HTTP_PORT": str(server.free_port()), "NEO4J_URI": ""}
    try:
        yield home, env
    finally:
        server.stop(home / "neo4j")
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.neo4j
def test_start_on_a_full_disk_fails_and_says_why(full_disk_home):
    home, env = full_disk_home
    res = cli(env, "neo4j", "start")
    assert res.exit_code == 1
    line = one_line_error(res)
    assert "disk" in line and "full" in line and "debug.log" in line
    assert not server.status(home / "neo4j").running


@pytest.mark.neo4j
def test_a_running_server_whose_database_failed_is_reported_as_failed(full_disk_home, monkeypatch):
    home, env = full_disk_home
    neo = home / "neo4j"
    import kg.server.local as local

    def bolt_only(home_, pid, port, timeout, log):  # what start used to check: the process answers on Bolt
        _wait_for(lambda: local._port_in_use(port), timeout=120)
        return local.ServerStatus(True, pid, port, local._uri(port))

    monkeypatch.setattr(local, "_wait_ready", bolt_only)
    server.start(neo, port=int(env["KG_NEO4J_PORT"]))
    monkeypatch.undo()
    _wait_for(lambda: server.status(neo).state == "failed", timeout=120)
    st = server.status(neo)
    assert "full" in st.detail and st.log.name == "debug.log"
    status = cli(env, "neo4j", "status")
    assert status.exit_code == 1 and "failed" in one_line_error(status)
    stats = cli(env, "stats")
    line = one_line_error(stats)
    assert "not available" in line and str(st.log) in line


# ------------------------------------------------------------------ 6. terminal escapes


@pytest.mark.neo4j
def test_escape_sequences_never_reach_the_terminal(tmp_path, driver, kg_env):
    doc = tmp_path / "esc.txt"
    doc.write_text("青岛市科学技术局设立\x1b[2J\x1b[31m清屏基金，支持海洋产业。", encoding="utf-8")
    assert cli(kg_env, "build", doc).exit_code == 0
    names = [r["n"] for r in driver.execute_query("MATCH (e:Entity) RETURN e.name AS n").records]
    assert names and not any("\x1b" in n for n in names)

    # A name stored by another tool with escapes in it is shown escaped.
    driver.execute_query("CREATE (:Entity:Fund {key: $k, name: $n, type: 'Fund', aliases: []})",
                         k="Fund:\x1b[2J清屏", n="\x1b[2J\x1b[31m清屏基金")
    shown = cli(kg_env, "show", "\x1b[2J\x1b[31m清屏基金")
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "\\x1b" in shown.output


# ------------------------------------------------------------------ 7. smaller ones


@pytest.mark.neo4j
def test_query_run_with_no_rows_says_so_on_stderr(driver, kg_env):
    res = CliRunner().invoke(main, ["query", "run", "funding_flows"], env=kg_env)
    assert res.exit_code == 0 and res.stdout == "" and "no rows" in res.stderr


def test_a_repeated_parameter_is_refused():
    res = cli({}, "query", "run", "programs_for_sector", "-p", "sector=海洋", "-p", "sector=生物医药")
    assert res.exit_code == 1 and "given twice" in one_line_error(res)


def test_suggestions_compare_only_the_start_of_a_very_long_name():
    forms = [(f"青岛{i}号科技有限公司", f"青岛{i}号科技有限公司") for i in range(200)]
    long_query = "青岛1号科技有限公司" + "很长" * 10_000
    assert _closest(long_query, forms, 3) == _closest(long_query[:SUGGEST_CHARS], forms, 3)


@pytest.mark.neo4j
def test_neo4j_dying_mid_build_says_what_was_loaded_and_what_to_do(local_home, tmp_path):
    home, env = local_home
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(120):
        (docs / f"{i:03d}.txt").write_text(f"青岛第{i}科技有限公司获得青岛市科学技术局{i + 1}万元资助。" * 20,
                                             encoding="utf-8")
    assert cli(env, "neo4j", "start").exit_code == 0
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')", "build",
                             str(docs), "--batch-docs", "2"], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    st = server.status(home / "neo4j")
    with store.connect(st.uri, None, None) as drv:
        _wait_for(lambda: drv.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"] >= 4)
    os.kill(st.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, (out, err)
    errors = [ln for ln in err.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in err
    assert "new documents were loaded before it" in errors[0] and "run the same kg build again" in errors[0]
