"""Concurrency: `kg build` runs at the same time on overlapping documents end in the graph of one run.

Writers serialise on the graph's write lock (kg.store.writer), so the runs'
batches interleave whole: no deadlock, no half-seen state, no entity deleted
by one transaction while another adds to it.  The database starts without
constraints, so both runs also create the schema at the same time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg import store
from kg.loaders.extract import extract
from kg.loaders.read import parse_text
from kg.store import export, remove_document, write_graph
from export_diff import same

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[1]


def kg_process(*args: str, home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(KG_HOME=str(home), PYTHONWARNINGS="ignore")
    return subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')", *args],
                            env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def drop_schema(driver) -> None:
    for rec in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        driver.execute_query(f"DROP CONSTRAINT `{rec['name']}`")
    for rec in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
        driver.execute_query(f"DROP INDEX `{rec['name']}`")


def wipe(driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def test_two_builds_at_once_on_overlapping_folders_equal_one_build(tmp_path, driver, neo4j_server):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), "--times", "4", "--out", str(corpus)],
                   check=True, capture_output=True)
    files = sorted(corpus.glob("*.txt"))
    parts = [tmp_path / "d1", tmp_path / "d2", tmp_path / "d3"]
    for i, f in enumerate(files):  # d2 is shared by both runs
        part = parts[0] if i < 7 else parts[1] if i < 14 else parts[2]
        part.mkdir(exist_ok=True)
        shutil.copy(f, part / f.name)
    common = ["--uri", neo4j_server, "--batch-docs", "2"]
    home = tmp_path / "home"

    drop_schema(driver)
    runs = [kg_process("build", str(parts[0]), str(parts[1]), *common, home=home),
            kg_process("build", str(parts[1]), str(parts[2]), str(parts[0]), *common, home=home)]
    results = [p.communicate(timeout=900) for p in runs]
    for p, (out, err) in zip(runs, results):
        assert p.returncode == 0, err
        assert err == "" and "Traceback" not in out, err
    assert "loaded 14 documents" in results[0][0] and "loaded 20 documents" in results[1][0]
    both = export(driver)
    assert not [n for n in both["nodes"] if "KgLock" in n["labels"]]

    drop_schema(driver)
    wipe(driver)
    one = kg_process("build", *map(str, parts), *common, home=home)
    out, err = one.communicate(timeout=900)
    assert one.returncode == 0, err
    assert same(both, export(driver))


TEXT_X = "青岛瑞泰生物科技有限公司专注于合成生物领域。青岛市科学技术局支持青岛瑞泰生物科技有限公司。"
TEXT_Y = "青岛瑞泰生物科技有限公司获得青岛市科学技术局500万元资助。"


def test_retraction_and_a_load_sharing_an_entity_never_lose_it(tmp_path, driver, neo4j_server):
    """Remove X (the only support of a company) while Y (which names it too) is loaded, many times over.

    Either order gives the graph of Y alone; an entity deleted by one transaction while another adds a
    mention to it would silently vanish (Neo4j lets the second transaction write to a deleted node).
    """
    gx = extract(parse_text(TEXT_X, "x.txt", source_path=str(tmp_path / "x.txt")))
    gy = extract(parse_text(TEXT_Y, "y.txt", source_path=str(tmp_path / "y.txt")))
    company = "Company:青岛瑞泰生物科技有限公司"
    assert company in gx.entities and company in gy.entities
    write_graph(driver, gy)
    only_y = export(driver)
    other = store.connect(neo4j_server, None, None)
    try:
        for _ in range(15):
            wipe(driver)
            write_graph(driver, gx)
            barrier = threading.Barrier(2)
            errors: list[BaseException] = []

            def run(fn, *args) -> None:
                try:
                    barrier.wait()
                    fn(*args)
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(remove_document, driver, "x.txt")),
                       threading.Thread(target=run, args=(write_graph, other, gy))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            assert not errors, errors
            assert same(export(driver), only_y)
    finally:
        other.close()


def test_a_writer_waits_for_the_lock_holder(driver, neo4j_server):
    """While another transaction holds the graph's write lock, a write changes nothing; then it completes."""
    g = extract(parse_text(TEXT_Y, "y.txt"))
    store.ensure_schema(driver)
    done = threading.Event()
    with driver.session() as session:
        hold = session.begin_transaction()
        hold.run("MERGE (l:KgLock {id: 'graph'})").consume()
        other = store.connect(neo4j_server, None, None)
        t = threading.Thread(target=lambda: (write_graph(other, g), done.set()))
        t.start()
        time.sleep(2)
        assert not done.is_set()
        assert export(driver) == {"nodes": [], "relationships": []}
        hold.rollback()
    t.join(60)
    other.close()
    assert done.is_set()
    assert len([n for n in export(driver)["nodes"] if n["labels"] == ["Document"]]) == 1
