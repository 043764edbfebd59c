"""How the tool scales: extraction, Neo4j load, memory, graph size and lookup latency for 1×…1000× the sample corpus.

    python bench/scale.py [--sizes 1,10,100,1000] [--json bench/results/scale.json]

For each size (a multiple of the five-document sample corpus) it

1. generates the corpus into a temporary folder (``bench/gen_corpus.generate``:
   seed sentences mixed with generated sentences that introduce distinct names);
2. extracts it in a subprocess with one worker and in another with all cores
   (``os.cpu_count()``), and checks both give identical per-document gold JSON
   (SHA-256 of each document's ``kg.goldjson.to_gold_json``);
3. loads it into a fresh Neo4j with the batched writer, streaming batches of
   ``--batch-docs`` documents as ``kg build`` does (``kg.ingest.batched`` →
   ``kg.store.write_batches``, which plans the next batch while Neo4j writes the
   current one), in a subprocess, and reports seconds, relationships/s and rows/s;
4. loads the sector taxonomy and times ``programs_for_sector`` (what
   ``kg programs --sector`` runs, without the CLI's process start) and the
   ``neighbourhood`` pack, warm, ``--lookup-runs`` times each;
5. adds ``--perrow-slice`` × 5 new documents (default 20, one ``kg build``
   batch) to the loaded graph with the
   per-row writer, removes them, adds them with the batched writer, removes
   them, and prints the ratio of the times;
6. (local server only, unless ``--no-bulk``) loads the same spool as
   ``kg build --bulk`` does: CSV files (``kg.store.bulk``), server stop,
   Neo4j's offline importer, start, constraints; the time runs from reading
   the spool to the constraints being online, and the node and relationship
   counts by label and type are compared with the transactional load.

Every phase that is measured for memory runs in its own subprocess, and its
peak resident memory is the highest sum of RSS over the process and its
children, sampled every 50 ms (plus ``ru_maxrss`` reported by the phase itself).

Without ``NEO4J_URI`` a local Neo4j (``kg.server``) is started in a temporary
home on a free port and restarted on an empty database for each size; with
``NEO4J_URI`` (``NEO4J_USER``/``NEO4J_PASSWORD``) that database is WIPED.

The extraction figures use wall-clock time (the phase runs alone, but other
work on the machine competes for the cores: the load average is recorded).
The one-worker figure excludes the benchmark's own per-document digest and
spooling, timed exactly; the all-cores figure includes the parent's digest
(it runs concurrently with the workers), so it is slightly conservative.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pickle
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SAMPLE = ROOT / "corpus" / "sample"
SECTORS = ["生物医药", "海洋", "人工智能", "新能源汽车", "集成电路"]
NEIGHBOURHOOD_NAMES = ["康复贷"]  # the pack's documented example; a program met in many seed sentences

# --------------------------------------------------------------------------- helpers


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: KiB


def _doc_digest(graph, doc) -> str:
    from kg.goldjson import to_gold_json

    data = to_gold_json(graph, doc)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _dir_mb(path: Path) -> float:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            pass
    return total / 2**20


class TreeSampler:
    """Highest RSS (MiB) of a process plus all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak_total = 0.0
        self.peak_main = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                total = main
                for c in self.proc.children(recursive=True):
                    try:
                        total += c.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak_main = max(self.peak_main, main / 2**20)
                self.peak_total = max(self.peak_total, total / 2**20)
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


SNAPSHOT: Path | None = None
"""A frozen copy of the package the phases import (``--snapshot``), so that edits others make to the
working tree during a run cannot make the one-worker and all-cores extractions run different code."""


def snapshot_code() -> Path:
    """Copy the ``kg`` package as installed (kg/ plus loaders/, schema/, queries/, viz/, corpus/) to a temp dir."""
    snap = Path(tempfile.mkdtemp(prefix="kg-scale-code-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "kg", snap / "kg", ignore=ignore)
    for sub in ("loaders", "schema", "queries", "viz", "corpus"):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, snap / "kg" / sub, ignore=ignore, dirs_exist_ok=True)
    return snap


def run_phase(args: list[str], timeout: float | None = None) -> dict:
    """Run ``scale.py _phase …`` in a subprocess; its result is the JSON on its last stdout line, plus peak RSS."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "_phase", *args]
    env = dict(os.environ)
    if SNAPSHOT is not None:  # PYTHONPATH comes before the editable install's finder
        env["PYTHONPATH"] = os.pathsep.join([str(SNAPSHOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=str(ROOT), env=env)
    sampler = TreeSampler(proc.pid)
    out, _ = proc.communicate(timeout=timeout)
    sampler.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_tree_mb"] = round(sampler.peak_total, 1)
    result["peak_rss_main_mb"] = round(sampler.peak_main, 1)
    return result


# --------------------------------------------------------------------------- phases (subprocesses)


def phase_extract(a: argparse.Namespace) -> dict:
    """Extract ``a.dir`` with ``a.workers``; per-document digests; optionally spool per-document graphs."""
    from kg import ingest

    if a.workers <= 1:  # steady state: load the pipeline before the clock starts (the pool run pays it)
        from kg.loaders.pipeline import get_nlp

        t = time.perf_counter()
        get_nlp()
        warm_s = time.perf_counter() - t
    else:
        warm_s = 0.0
    report = ingest.IngestReport()
    digests: list[str] = []
    overhead = 0.0
    spool = open(a.spool, "wb") if a.spool else None  # noqa: SIM115
    limit = a.max_docs or None
    paths = sorted(Path(a.dir).glob("*.txt"))
    if limit:
        paths = paths[:limit]
    ents = rels = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for g in ingest.extract_graphs(paths, report, workers=a.workers):
        t = time.perf_counter()
        for doc in g.documents.values():
            digests.append(_doc_digest(g, doc))
        ents += len(g.entities)
        rels += len(g.relations)
        if spool:
            pickle.dump(g, spool, protocol=pickle.HIGHEST_PROTOCOL)
        overhead += time.perf_counter() - t
    wall = time.perf_counter() - t0
    cpu_self = time.process_time() - c0
    if spool:
        spool.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "workers": a.workers, "documents": report.documents, "chars": report.chars,
        "kg_imported_from": str(Path(ingest.__file__).parent.parent),
        "wall_s": round(wall, 3), "bench_overhead_s": round(overhead, 3), "warmup_s": round(warm_s, 3),
        "cpu_self_s": round(cpu_self, 3), "cpu_children_s": round(children.ru_utime + children.ru_stime, 3),
        "entities_per_doc_sum": ents, "relations_per_doc_sum": rels,
        "digests": digests, "ru_maxrss_self_mb": round(_maxrss_mb(resource.RUSAGE_SELF), 1),
        "ru_maxrss_children_mb": round(_maxrss_mb(resource.RUSAGE_CHILDREN), 1),
    }


def _spooled(path: str, max_docs: int | None = None):
    n = 0
    with open(path, "rb") as f:
        while max_docs is None or n < max_docs:
            try:
                g = pickle.load(f)
            except EOFError:
                return
            n += 1
            yield g


def phase_load(a: argparse.Namespace) -> dict:
    """Stream the spool into Neo4j as ``kg build`` does: batches of ``batch_docs`` documents → write_batches."""
    from kg import ingest, store

    driver = store.connect(a.uri, a.user, a.password)
    store.ensure_schema(driver)
    batches = 0

    def counted(items):
        nonlocal batches
        for item in items:
            batches += 1
            yield item

    t0 = time.perf_counter()
    c0 = time.process_time()
    # The spool is read and each next batch planned while Neo4j writes the current one, as kg build
    # extracts and plans the next batch; the time includes reading the spool.
    rep = store.write_batches(driver, counted(ingest.batched(_spooled(a.spool, a.max_docs or None), a.batch_docs)),
                              batch_size=a.batch_size)
    write_s = time.perf_counter() - t0
    driver.close()
    sums = {k: getattr(rep, k) for k in ("documents", "sentences", "entities", "mentions", "relations")}
    return {**sums, "batches": batches, "load_s": round(write_s, 3), "write_s": round(write_s, 3),
            "client_cpu_s": round(time.process_time() - c0, 3),
            "ru_maxrss_self_mb": round(_maxrss_mb(resource.RUSAGE_SELF), 1)}


def phase_bulk(a: argparse.Namespace) -> dict:
    """The same spool as ``kg build --bulk`` loads it (``kg.ingest.import_graphs``), each step timed.

    The local server's database is replaced (the benchmark owns it); the
    emptiness check of ``kg.ingest.bulk_build`` is left out, everything else
    is timed, from reading the spool to constraints online.
    """
    import kg.server.local as local
    from kg import ingest

    local.PAGECACHE_MB = a.pagecache_mb
    times: dict[str, float] = {}
    csv_mb = 0.0
    t0 = c0 = time.perf_counter()
    cpu0 = time.process_time()

    def lap(name: str) -> None:
        nonlocal c0
        now = time.perf_counter()
        times[name] = round(now - c0, 3)
        c0 = now

    finished = {"import": "csv_s", "start": "import_s", "schema": "start_s", "swap": "schema_s"}  # step -> before it

    def step(name: str, files) -> None:
        nonlocal csv_mb
        lap(finished[name])
        if name == "import":
            csv_mb = round(_dir_mb(files.folder), 1)

    files = ingest.import_graphs(_spooled(a.spool, a.max_docs or None), Path(a.home), port=a.port, heap=a.heap,
                                 step=step, only_into_empty=False)
    lap("swap_s")
    return {**times, "load_s": round(time.perf_counter() - t0, 3), "csv_mb": csv_mb,
            "documents": files.documents, "sentences": files.sentences, "entities": files.entities,
            "mentions": files.mentions, "relations": files.relations,
            "client_cpu_s": round(time.process_time() - cpu0, 3),
            "ru_maxrss_self_mb": round(_maxrss_mb(resource.RUSAGE_SELF), 1)}


# --------------------------------------------------------------------------- Neo4j


class Database:
    """A Neo4j to benchmark against: NEO4J_URI (wiped!) or a local server in a temporary home."""

    def __init__(self, heap: str, pagecache_mb: int) -> None:
        self.uri = os.environ.get("NEO4J_URI")
        self.user = os.environ.get("NEO4J_USER")
        self.password = os.environ.get("NEO4J_PASSWORD")
        self.home: Path | None = None
        self.pid: int | None = None
        self.heap, self.pagecache_mb = heap, pagecache_mb
        self.external = bool(self.uri)

    def fresh(self) -> None:
        """An empty database: the first call starts the local server, later calls wipe it (as for NEO4J_URI).

        One server serves the whole run (restarting it on a new store failed
        intermittently on the shared test machine); its JIT therefore stays
        warm between sizes, which is the steady state a long import sees.
        """
        from kg import server

        if self.external or self.home is not None:
            self.wipe()
            return
        import kg.server.local as local

        local.PAGECACHE_MB = self.pagecache_mb  # the benchmark's page cache (the CLI's default is 256 MiB)
        self.home = Path(tempfile.mkdtemp(prefix="kg-scale-neo4j-"))
        try:
            st = server.start(self.home, port=server.free_port(), heap=self.heap, timeout=300)
        except Exception:
            log = self.home / "logs" / "neo4j.log"
            if log.exists():
                shutil.copy(log, ROOT / "bench" / "results" / "neo4j-failed-start.log")
            raise
        self.uri, self.pid = st.uri, st.pid

    def reread_pid(self) -> None:
        """After a phase restarted the local server: its new pid."""
        if self.home is not None:
            self.pid = int((self.home / "neo4j.pid").read_text().strip())

    def driver(self):
        from kg import store

        return store.connect(self.uri, self.user, self.password)

    def wipe(self) -> None:
        with self.driver() as drv, drv.session() as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()

    def rss_mb(self) -> float | None:
        if self.pid is None:
            return None
        import psutil

        try:
            return round(psutil.Process(self.pid).memory_info().rss / 2**20, 1)
        except psutil.Error:
            return None

    def cpu_s(self) -> float | None:
        """CPU seconds (user + system) the local Neo4j process has used so far."""
        if self.pid is None:
            return None
        import psutil

        try:
            c = psutil.Process(self.pid).cpu_times()
            return c.user + c.system
        except psutil.Error:
            return None

    def store_mb(self) -> float | None:
        return round(_dir_mb(self.home / "db" / "data"), 1) if self.home else None

    def close(self) -> None:
        if self.home is not None:
            from kg import server

            server.stop(self.home)
            shutil.rmtree(self.home, ignore_errors=True)


# --------------------------------------------------------------------------- measurements in the parent


def write_slice(db: Database, docs: int, batch_docs: int, batch_rows: int, seed: int = 99) -> dict:
    """Per-row vs batched writer on the same ``docs`` new documents, each added to the loaded graph.

    The documents are generated with another seed (new names, and seed sentences
    the graph already has, as a real addition would), extracted, written with
    one writer, removed again with ``kg.store.remove_document``, then written
    with the other, so both writers meet the same database of the size under
    test with a warm server.
    """
    from gen_corpus import generate
    from kg import ingest, store
    from kg.model import Graph

    work = Path(tempfile.mkdtemp(prefix="kg-scale-slice-"))
    try:
        for i, (name, text) in enumerate(generate(-(-docs // 5), SAMPLE, seed=seed)):
            if i < docs:
                (work / f"slice_{name}").write_text(text, encoding="utf-8")
        graphs = list(ingest.extract_graphs([work], ingest.IngestReport()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    doc_ids = [d for g in graphs for d in g.documents]

    def total_rels(drv) -> int:
        recs, _, _ = drv.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
        return recs[0]["n"]

    out: dict = {"docs": docs, "into": "the loaded graph (documents removed again after each writer)"}
    with db.driver() as drv:
        for mode in ("per_row", "batched"):
            before = total_rels(drv)
            t = time.perf_counter()
            if mode == "per_row":
                whole = Graph()
                for g in graphs:
                    whole.merge(g)
                reps = [store.write_graph_per_row(drv, whole)]
            else:
                reps = [store.write_graph(drv, b, batch_size=batch_rows) for b in ingest.batched(graphs, batch_docs)]
            secs = time.perf_counter() - t
            rels = total_rels(drv) - before
            for doc_id in doc_ids:
                store.remove_document(drv, doc_id)
            rows = sum(r.documents + r.sentences + r.entities + r.mentions + r.relations for r in reps)
            out[mode] = {"seconds": round(secs, 3), "relationships_added": rels, "rows": rows,
                         "rels_per_s": round(rels / secs, 1), "rows_per_s": round(rows / secs, 1)}
    out["ratio"] = round(out["per_row"]["seconds"] / out["batched"]["seconds"], 1)
    return out


def warm_up(db: Database, spool: str) -> None:
    """Plan and JIT-compile the writer's statements on the fresh server (first document, both writers), then wipe."""
    from kg import store

    graphs = list(_spooled(spool, 1))
    with db.driver() as drv:
        store.ensure_schema(drv)
        for _ in range(2):
            db.wipe()
            store.write_graph_per_row(drv, graphs[0])
            db.wipe()
            store.write_graph(drv, graphs[0])
    db.wipe()


def lookups(db: Database, runs: int, warm: int = 10) -> dict:
    from kg.packs import get_pack
    from kg.store.query import programs_for_sector, run_pack

    res: dict = {}
    with db.driver() as drv:
        def timed(fn, args_list):
            for i in range(warm):
                fn(*args_list[i % len(args_list)])
            times, nrows = [], []
            for i in range(runs):
                t = time.perf_counter()
                rows = fn(*args_list[i % len(args_list)])
                times.append((time.perf_counter() - t) * 1000)
                nrows.append(len(rows))
            return {"runs": runs, "p50_ms": round(_percentile(times, 0.5), 2),
                    "p95_ms": round(_percentile(times, 0.95), 2), "max_ms": round(max(times), 2),
                    "mean_rows": round(statistics.mean(nrows), 1)}

        res["programs"] = timed(lambda s: programs_for_sector(drv, s), [(s,) for s in SECTORS])
        res["programs"]["sectors"] = SECTORS
        pack = get_pack("neighbourhood")
        res["neighbourhood"] = timed(lambda n: run_pack(drv, pack, {"name": n, "depth": 1}),
                                     [(n,) for n in NEIGHBOURHOOD_NAMES])
        res["neighbourhood"]["names"] = NEIGHBOURHOOD_NAMES
        # a typical generated entity (low degree): one of the generated companies
        recs, _, _ = drv.execute_query("MATCH (c:Company) WHERE c.name STARTS WITH '青岛' "
                                       "RETURN c.name AS n ORDER BY c.name LIMIT 5")
        names = [r["n"] for r in recs]
        if names:
            res["neighbourhood_company"] = timed(lambda n: run_pack(drv, pack, {"name": n, "depth": 1}),
                                                 [(n,) for n in names])
            res["neighbourhood_company"]["names"] = names
    return res


def graph_size(db: Database) -> dict:
    from kg import store

    with db.driver() as drv:
        c = store.counts(drv)
        recs, _, _ = drv.execute_query("MATCH (n) RETURN count(n) AS n")
        nodes = recs[0]["n"]
        recs, _, _ = drv.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
        rels = recs[0]["n"]
    return {"nodes": nodes, "relationships": rels, "by_label": c["nodes"], "by_type": c["relationships"]}


def load_taxonomy(db: Database) -> float:
    from kg.store.taxonomy import load_taxonomy as load

    with db.driver() as drv:
        t = time.perf_counter()
        load(drv)
        return time.perf_counter() - t


# --------------------------------------------------------------------------- one size


def measure_size(times: int, a: argparse.Namespace, db: Database, log) -> dict:
    from gen_corpus import generate

    res: dict = {"times": times, "source_before": source_state()}
    work = Path(tempfile.mkdtemp(prefix=f"kg-scale-{times}x-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        t = time.perf_counter()
        chars = docs = 0
        for name, text in generate(times, SAMPLE):
            (corpus / name).write_text(text, encoding="utf-8")
            chars += len(text)
            docs += 1
        res["corpus"] = {"documents": docs, "chars": chars, "mb": round(_dir_mb(corpus), 1),
                         "generate_s": round(time.perf_counter() - t, 2)}
        log(f"[{times}x] corpus: {docs} documents, {chars:,} chars")

        spool = str(work / "graphs.pickle")
        cap = a.w1_cap_docs if a.w1_cap_docs and a.w1_cap_docs < docs else 0
        ncpu = a.workers or os.cpu_count() or 1
        la0 = os.getloadavg()[0]
        w1 = run_phase(["extract", "--dir", str(corpus), "--workers", "1", "--max-docs", str(cap)]
                       + ([] if cap else ["--spool", spool]))
        log(f"[{times}x] 1 worker: {w1['chars'] / (w1['wall_s'] - w1['bench_overhead_s']):,.0f} chars/s, "
            f"{w1['wall_s']:.1f}s, peak {w1['peak_rss_tree_mb']} MiB")
        wn = run_phase(["extract", "--dir", str(corpus), "--workers", str(ncpu)]
                       + (["--spool", spool] if cap else []))
        log(f"[{times}x] {ncpu} workers: {wn['chars'] / wn['wall_s']:,.0f} chars/s, {wn['wall_s']:.1f}s, "
            f"peak {wn['peak_rss_tree_mb']} MiB")
        la1 = os.getloadavg()[0]
        n_cmp = len(w1["digests"])
        mismatched = sum(1 for x, y in zip(w1["digests"], wn["digests"][:n_cmp]) if x != y)
        identical = mismatched == 0 and n_cmp == min(len(wn["digests"]), cap or len(wn["digests"]))
        w1_rate = w1["chars"] / (w1["wall_s"] - w1["bench_overhead_s"])
        wn_rate = wn["chars"] / wn["wall_s"]
        res["extraction"] = {
            "one_worker": {k: v for k, v in w1.items() if k != "digests"} | {"chars_per_s": round(w1_rate),
                                                                              "cpu_chars_per_s": round(w1["chars"] / max(w1["cpu_self_s"] - w1["bench_overhead_s"], 1e-9))},
            "all_cores": {k: v for k, v in wn.items() if k != "digests"} | {"chars_per_s": round(wn_rate)},
            "workers": ncpu, "speedup": round(wn_rate / w1_rate, 2),
            "identical": identical, "documents_compared": n_cmp, "mismatched": mismatched,
            "one_worker_capped_docs": cap or None,
            "loadavg_1min_before_after": [round(la0, 2), round(la1, 2)],
            "spool_mb": round(os.path.getsize(spool) / 2**20, 1),
        }

        db.fresh()
        warm_up(db, spool)
        neo_cpu0 = db.cpu_s()
        la0 = os.getloadavg()[0]
        ld = run_phase(["load", "--spool", spool, "--uri", db.uri, "--batch-docs", str(a.batch_docs),
                        "--batch-size", str(a.batch_size)]
                       + (["--user", db.user, "--password", db.password or ""] if db.user else []))
        neo_cpu = db.cpu_s() - neo_cpu0 if neo_cpu0 is not None else None
        ld["loadavg_1min_before_after"] = [round(la0, 2), round(os.getloadavg()[0], 2)]
        size = graph_size(db)
        rows = ld["documents"] + ld["sentences"] + ld["entities"] + ld["mentions"] + ld["relations"]
        res["load"] = ld | {"rows": rows, "rows_per_s": round(rows / ld["write_s"]),
                            "rels_per_s": round(size["relationships"] / ld["write_s"]),
                            "end_to_end_rels_per_s": round(size["relationships"] / ld["load_s"]),
                            "neo4j_cpu_s": round(neo_cpu, 2) if neo_cpu is not None else None,
                            "rels_per_neo4j_cpu_s": round(size["relationships"] / neo_cpu) if neo_cpu else None}
        res["graph"] = size | {"neo4j_rss_mb": db.rss_mb(), "store_mb": db.store_mb()}
        log(f"[{times}x] load: {ld['write_s']:.1f}s write ({ld['load_s']:.1f}s with batching), "
            f"{size['relationships'] / ld['write_s']:,.0f} rels/s, {rows / ld['write_s']:,.0f} rows/s; "
            f"graph {size['nodes']:,} nodes / {size['relationships']:,} rels; peak {ld['peak_rss_tree_mb']} MiB")

        res["taxonomy_s"] = round(load_taxonomy(db), 2)
        res["lookups"] = lookups(db, a.lookup_runs)
        lk = res["lookups"]
        log(f"[{times}x] programs p50 {lk['programs']['p50_ms']} ms p95 {lk['programs']['p95_ms']} ms; "
            f"neighbourhood p50 {lk['neighbourhood']['p50_ms']} ms p95 {lk['neighbourhood']['p95_ms']} ms")

        slice_docs = a.perrow_slice * 5
        res["per_row_vs_batched"] = write_slice(db, slice_docs, a.batch_docs, a.batch_size)
        log(f"[{times}x] per-row vs batched on {slice_docs} new documents: ×{res['per_row_vs_batched']['ratio']}")

        if db.home is not None and not a.no_bulk:
            bk = run_phase(["bulk", "--spool", spool, "--home", str(db.home), "--port", db.uri.rsplit(":", 1)[1],
                            "--heap", db.heap, "--pagecache-mb", str(db.pagecache_mb)])
            db.reread_pid()
            bulk_size = graph_size(db)
            same = {k: bulk_size[k] == size[k] for k in ("nodes", "relationships", "by_label", "by_type")}
            res["bulk"] = bk | {"rels_per_s": round(bulk_size["relationships"] / bk["load_s"]),
                                "same_counts_as_transactions": all(same.values()), "compared": same}
            log(f"[{times}x] bulk: {bk['load_s']:.1f}s (csv {bk['csv_s']:.1f}, import {bk['import_s']:.1f}, "
                f"side start {bk['start_s']:.1f}, schema {bk['schema_s']:.1f}, swap {bk['swap_s']:.1f}), "
                f"{res['bulk']['rels_per_s']:,} rels/s; same counts: {all(same.values())}; "
                f"peak {bk['peak_rss_tree_mb']} MiB")

    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["source_after"] = source_state()
    if res["source_after"] != res["source_before"]:
        if SNAPSHOT is None:
            log(f"[{times}x] warning: the code under test changed during this size (see source_before/after)")
        else:
            log(f"[{times}x] note: the working tree changed during this size; the measured phases ran on the "
                "snapshot (lookups and the per-row comparison use the live tree)")
    return res


# --------------------------------------------------------------------------- output


def _fmt(n: float | None, digits: int = 0) -> str:
    if n is None:
        return "—"
    return f"{n:,.{digits}f}"


def print_tables(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(width=200)
    t = Table(title="extraction and memory")
    for col in ("size", "docs", "chars", "1 worker chars/s", "CPU chars/s", "N workers chars/s", "speedup",
                "identical", "peak RSS 1w MiB", "peak RSS Nw MiB", "load peak RSS MiB"):
        t.add_column(col, justify="right")
    for r in results:
        e = r["extraction"]
        t.add_row(f"{r['times']}×", _fmt(r["corpus"]["documents"]), _fmt(r["corpus"]["chars"]),
                  _fmt(e["one_worker"]["chars_per_s"]) + ("*" if e["one_worker_capped_docs"] else ""),
                  _fmt(e["one_worker"]["cpu_chars_per_s"]),
                  f"{_fmt(e['all_cores']['chars_per_s'])} ({e['workers']})", f"{e['speedup']:.2f}",
                  "yes" if e["identical"] else f"NO ({e['mismatched']})",
                  _fmt(e["one_worker"]["peak_rss_tree_mb"]), _fmt(e["all_cores"]["peak_rss_tree_mb"]),
                  _fmt(r["load"]["peak_rss_tree_mb"]))
    con.print(t)
    t = Table(title="Neo4j load, graph size, lookups")
    for col in ("size", "nodes", "rels", "write s", "rels/s", "rows/s", "bulk s", "bulk rels/s", "per-row ×",
                "programs p50/p95 ms", "neighbourhood p50/p95 ms", "Neo4j RSS MiB"):
        t.add_column(col, justify="right")
    for r in results:
        ld, g, lk, pr = r["load"], r["graph"], r["lookups"], r["per_row_vs_batched"]
        bk = r.get("bulk") or {}
        t.add_row(f"{r['times']}×", _fmt(g["nodes"]), _fmt(g["relationships"]), _fmt(ld["write_s"], 1),
                  _fmt(ld["rels_per_s"]), _fmt(ld["rows_per_s"]), _fmt(bk.get("load_s"), 1), _fmt(bk.get("rels_per_s")),
                  f"{pr['ratio']} ({pr['docs']} docs)",
                  f"{lk['programs']['p50_ms']:.1f} / {lk['programs']['p95_ms']:.1f}",
                  f"{lk['neighbourhood']['p50_ms']:.1f} / {lk['neighbourhood']['p95_ms']:.1f}",
                  _fmt(g["neo4j_rss_mb"]))
    con.print(t)
    if any(r["extraction"]["one_worker_capped_docs"] for r in results):
        con.print("* one-worker extraction measured on the first documents only (see JSON one_worker_capped_docs)")


def markdown(data: dict) -> str:
    """The results of a JSON file as Markdown tables (for docs/performance.md)."""
    rs = data["results"]
    out = ["| size | documents | chars | 1 worker chars/s (CPU chars/s) | all cores chars/s | speedup "
           "| identical | peak RSS extract 1 w / N w (MiB) | peak RSS load (MiB) |",
           "|---:|---:|---:|---:|---:|---:|:---:|---:|---:|"]
    for r in rs:
        e = r["extraction"]
        w1, wn = e["one_worker"], e["all_cores"]
        cap = f" (first {e['one_worker_capped_docs']} docs)" if e["one_worker_capped_docs"] else ""
        same = "yes" if e["identical"] else f"**no** ({e['mismatched']} of {e['documents_compared']})"
        out.append(f"| {r['times']}× | {r['corpus']['documents']:,} | {r['corpus']['chars']:,} "
                   f"| {w1['chars_per_s']:,} ({w1['cpu_chars_per_s']:,}){cap} | {wn['chars_per_s']:,} ({e['workers']} w) "
                   f"| {e['speedup']:.2f} | {same} | {w1['peak_rss_tree_mb']:.0f} / {wn['peak_rss_tree_mb']:.0f} "
                   f"| {r['load']['peak_rss_tree_mb']:.0f} |")
    out += ["", "| size | nodes | relationships | write s | relationships/s | rows/s | Neo4j CPU s "
            "| per-row ÷ batched | programs p50 / p95 ms | neighbourhood p50 / p95 ms | Neo4j RSS / store MiB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rs:
        ld, g, lk, pr = r["load"], r["graph"], r["lookups"], r["per_row_vs_batched"]
        out.append(f"| {r['times']}× | {g['nodes']:,} | {g['relationships']:,} | {ld['write_s']:.1f} "
                   f"| {ld['rels_per_s']:,} | {ld['rows_per_s']:,} | {ld.get('neo4j_cpu_s') or '—'} "
                   f"| {pr['ratio']}× ({pr['docs']} docs) "
                   f"| {lk['programs']['p50_ms']:.1f} / {lk['programs']['p95_ms']:.1f} "
                   f"| {lk['neighbourhood']['p50_ms']:.1f} / {lk['neighbourhood']['p95_ms']:.1f} "
                   f"| {g['neo4j_rss_mb']:,.0f} / {g['store_mb']:,.0f} |")
    if any(r.get("bulk") for r in rs):
        out += ["", "| size | bulk load s | relationships/s | CSV s | import s | side start s | schema s | swap s "
                "| CSV MiB | peak RSS Python / with Neo4j (MiB) | same counts as transactions |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
        for r in rs:
            bk = r.get("bulk")
            if bk:
                out.append(f"| {r['times']}× | {bk['load_s']:.1f} | {bk['rels_per_s']:,} | {bk['csv_s']:.1f} "
                           f"| {bk['import_s']:.1f} | {bk['start_s']:.1f} | {bk['schema_s']:.1f} | {bk['swap_s']:.1f} "
                           f"| {bk['csv_mb']:.0f} | {bk['peak_rss_main_mb']:.0f} / {bk['peak_rss_tree_mb']:.0f} "
                           f"| {'yes' if bk['same_counts_as_transactions'] else '**no**'} |")
    return "\n".join(out)


def _default_batch_rows() -> int:
    from kg import ingest

    return getattr(ingest, "BATCH_ROWS", 1000)


def source_state() -> dict:
    """The commit and a hash of uncommitted changes of the code under test (others edit the tree while it runs)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    diff = git("diff", "HEAD", "--", "kg", "loaders", "schema", "queries")
    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted_diff_sha256": hashlib.sha256(diff.encode()).hexdigest()[:12] if diff else None}


def machine() -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from kg.server import neo4j_version

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "neo4j": os.environ.get("NEO4J_URI") or f"local Neo4j Community {neo4j_version()}"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_phase":
        ap = argparse.ArgumentParser()
        ap.add_argument("phase", choices=["extract", "load", "bulk"])
        ap.add_argument("--dir")
        ap.add_argument("--workers", type=int, default=1)
        ap.add_argument("--spool")
        ap.add_argument("--max-docs", type=int, default=0)
        ap.add_argument("--uri")
        ap.add_argument("--user")
        ap.add_argument("--password")
        ap.add_argument("--batch-docs", type=int, default=20)
        ap.add_argument("--batch-size", type=int, default=1000)
        ap.add_argument("--home")
        ap.add_argument("--port", type=int)
        ap.add_argument("--heap", default="2g")
        ap.add_argument("--pagecache-mb", type=int, default=1024)
        a = ap.parse_args(argv[1:])
        out = {"extract": phase_extract, "load": phase_load, "bulk": phase_bulk}[a.phase](a)
        print(json.dumps(out, ensure_ascii=False))
        return

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100,1000", help="comma-separated multiples of the sample corpus")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    ap.add_argument("--workers", type=int, default=0, help="the 'all cores' worker count (default os.cpu_count())")
    ap.add_argument("--batch-docs", type=int, default=20, help="documents per write_graph call (kg build's default)")
    ap.add_argument("--batch-size", type=int, default=_default_batch_rows(),
                    help="rows per transaction inside write_graph (default: kg.ingest.BATCH_ROWS, what kg build uses)")
    ap.add_argument("--perrow-slice", type=int, default=4,
                    help="per-row vs batched writer on this many × 5 new documents added to the loaded graph "
                         "(default 20: one transaction of kg build's default --batch-docs)")
    ap.add_argument("--lookup-runs", type=int, default=100, help="timed warm runs per lookup")
    ap.add_argument("--w1-cap-docs", type=int, default=0,
                    help="measure one-worker extraction on at most this many documents (0: all)")
    ap.add_argument("--no-bulk", action="store_true", help="skip the offline-import load (kg build --bulk)")
    ap.add_argument("--heap", default="2g", help="heap of the local Neo4j")
    ap.add_argument("--pagecache-mb", type=int, default=1024, help="page cache of the local Neo4j")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the phases on the live working tree instead of a copy taken at the start")
    ap.add_argument("--report", type=Path, metavar="JSON", help="only print the Markdown tables of a results file")
    a = ap.parse_args(argv)
    if a.report:
        print(markdown(json.loads(a.report.read_text(encoding="utf-8"))))
        return
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]

    def log(msg: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)

    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
            "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
            "sample_chars": sum(len(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.txt"))}
    global SNAPSHOT
    if not a.no_snapshot:
        SNAPSHOT = snapshot_code()
        meta["snapshot"] = {"path": str(SNAPSHOT), **source_state()}
        log(f"phases run on a copy of the code taken now: {meta['snapshot']}")
    db = Database(a.heap, a.pagecache_mb)
    results: list[dict] = []
    a.json.parent.mkdir(parents=True, exist_ok=True)
    try:
        for times in sizes:
            t = time.perf_counter()
            results.append(measure_size(times, a, db, log))
            results[-1]["size_wall_s"] = round(time.perf_counter() - t, 1)
            log(f"[{times}x] done in {results[-1]['size_wall_s']:.0f}s")
            a.json.write_text(json.dumps({**meta, "results": results}, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
    finally:
        db.close()
        if SNAPSHOT is not None:
            shutil.rmtree(SNAPSHOT, ignore_errors=True)
    print_tables(results)
    print(f"JSON: {a.json}")


if __name__ == "__main__":
    main()
