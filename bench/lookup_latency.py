"""Latency of the lookups analysts run most: ``kg programs --sector`` and the ``neighbourhood`` pack.

    python bench/lookup_latency.py [--runs 300] [--depth 2]

Loads the sample corpus and the sector taxonomy into Neo4j, then times, with a
warm driver, ``kg.store.query.programs_for_sector`` (the library call behind
``kg programs --sector``: taxonomy resolution plus the pack) over a rotation of
sectors, and the ``neighbourhood`` pack over a rotation of entities.  Prints
p50/p95/max in milliseconds; the target is p50 < 50 ms.  No timing asserts.

Without ``NEO4J_URI`` a local Neo4j (``kg.server``) is started in a temporary
home on a free port and stopped afterwards; with ``NEO4J_URI``
(``NEO4J_USER``/``NEO4J_PASSWORD``) that database is WIPED and reloaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg import ingest, server, store
from kg.packs import get_pack
from kg.store.query import programs_for_sector, run_pack
from kg.store.taxonomy import load_taxonomy

SECTORS = ["生物医药", "marine", "新能源", "医疗器械", "合成生物", "Artificial intelligence", "先进制造", "海洋"]
ENTITIES = ["康复贷", "青岛市科学技术局", "崂山实验室", "康复产业孵化器", "硕果金", "青岛"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def timed(fn, args_list: list, runs: int) -> list[float]:
    for a in args_list:  # warm-up: plans cached, connections open
        fn(a)
    out = []
    for i in range(runs):
        a = args_list[i % len(args_list)]
        t = time.perf_counter()
        fn(a)
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float]) -> None:
    print(f"{label:<44} n={len(ms):<5} p50={percentile(ms, .5):7.2f} ms  p95={percentile(ms, .95):7.2f} ms  "
          f"mean={statistics.fmean(ms):7.2f} ms  max={max(ms):7.2f} ms")


def run(uri: str, user: str | None, password: str | None, runs: int, depth: int) -> None:
    driver = store.connect(uri, user, password)
    try:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        t = time.perf_counter()
        rep = ingest.build([ingest.sample_corpus()], driver)
        tax = load_taxonomy(driver)
        print(f"loaded {rep.documents} documents, {rep.entities} entities, {rep.relations} relations "
              f"and {tax.sectors} taxonomy sectors in {time.perf_counter() - t:.1f}s")
        rows = {s: len(programs_for_sector(driver, s)) for s in SECTORS}
        print("programs per sector:", ", ".join(f"{s}={n}" for s, n in rows.items()))
        report("kg programs --sector (library, warm)", timed(lambda s: programs_for_sector(driver, s), SECTORS, runs))
        pack = get_pack("neighbourhood")
        report(f"neighbourhood pack (depth {depth})",
               timed(lambda n: run_pack(driver, pack, {"name": n, "depth": depth}), ENTITIES, runs))
        report("neighbourhood pack (depth 1)",
               timed(lambda n: run_pack(driver, pack, {"name": n, "depth": 1}), ENTITIES, runs))
        print("target: p50 < 50 ms")
    finally:
        driver.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=300, help="timed runs per lookup (≥ 200 recommended)")
    ap.add_argument("--depth", type=int, default=2, choices=(1, 2, 3), help="neighbourhood depth")
    args = ap.parse_args(argv)
    uri = os.environ.get("NEO4J_URI")
    if uri:
        run(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), args.runs, args.depth)
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        home = Path(tmp) / "neo4j"
        print("starting a local Neo4j in", home, file=sys.stderr)
        status = server.start(home, port=server.free_port(), heap="1g", timeout=300)
        try:
            run(status.uri, None, None, args.runs, args.depth)
        finally:
            server.stop(home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
