"""Documents in, graph out: read files, extract, and write to a store or to JSON.

The stages are the library's plain functions (``load_document``,
``extract_documents``, ``write_graph``); this module strings them together,
streams documents in small batches (memory grows with a batch, not with the
corpus) and collects per-file failures instead of stopping at the first.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, KgError
from kg.goldjson import to_gold_json
from kg.loaders.extract import ExtractionFailure, extract_documents
from kg.loaders.read import MAX_BYTES, iter_paths, load_document
from kg.model import Document, Graph

if TYPE_CHECKING:
    from kg.store.bulk import ImportFiles

Progress = Callable[[int], None]
"""Called with the number of documents just processed."""

BATCH_ROWS = 50_000
"""Most rows per Neo4j transaction when ``build`` writes a batch of documents.

Chosen so that a default batch (``batch_docs=20``, about 16,000 rows of
generated news) is one transaction of large UNWIND lists: bench/scale.py
measured about half the Neo4j CPU of write_graph's default of 1,000 rows,
which splits each batch into ~16 transactions of ~28 small statements each.
It still bounds a transaction when ``batch_docs`` is set high.
"""


@dataclass(frozen=True, slots=True)
class FileFailure:
    """A file that could not be used, with a one-line reason."""

    path: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What a run read, skipped, extracted and wrote."""

    files: int = 0
    documents: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    boilerplate: list[tuple[str, str]] = field(default_factory=list)
    """``(file, line)`` of every line the reader blanked as web boilerplate."""
    chars: int = 0
    unchanged: int = 0
    """Documents ``build`` skipped: stored already with the same text, file and extractor."""
    entities: int = 0
    relations: int = 0
    seconds: float = 0.0


def sample_corpus() -> Path:
    """Folder of the sample corpus shipped with the package."""
    return Path(str(resources.files("kg.corpus").joinpath("sample")))


def count_files(paths: Iterable[str | Path]) -> int:
    """How many document files lie under ``paths`` (for a progress bar)."""
    return len(iter_paths(list(paths)))


def read_documents(paths: Iterable[str | Path], report: IngestReport,
                   max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Yield each readable document (every file is a document of its own); failures go to ``report``."""
    for path in iter_paths(list(paths)):
        report.files += 1
        try:
            doc = load_document(path, max_bytes=max_bytes)
        except InputError as exc:
            report.failures.append(FileFailure(str(path), str(exc)))
            continue
        report.boilerplate.extend((str(path), line) for line in doc.boilerplate)
        report.documents += 1
        report.chars += len(doc.text)
        yield doc


def extract_graphs(paths: Iterable[str | Path], report: IngestReport, *, workers: int = 1,
                   max_bytes: int = MAX_BYTES, skip: Callable[[Document], bool] | None = None) -> Iterator[Graph]:
    """Yield one extracted Graph per readable document, in file order.

    Documents for which ``skip`` is true are counted as ``report.unchanged``
    and not extracted.  A document the extractor fails on becomes a failure of
    the report (one line) and the others go on.
    """
    docs = read_documents(paths, report, max_bytes)
    if skip is not None:
        docs = _without(docs, skip, report)

    def failed(f: ExtractionFailure) -> None:
        report.failures.append(FileFailure(f.where, f"{f.where}: {f.reason}"))
        report.documents -= 1  # read, but not extracted
        report.chars -= len(f.document.text)

    for g in extract_documents(docs, workers=workers, on_failure=failed):
        report.entities += len(g.entities)
        report.relations += len(g.relations)
        yield g


def _without(docs: Iterable[Document], skip: Callable[[Document], bool], report: IngestReport) -> Iterator[Document]:
    for doc in docs:
        if skip(doc):
            report.unchanged += 1
        else:
            yield doc


def batched(graphs: Iterable[Graph], max_docs: int) -> Iterator[list[Graph]]:
    """Group consecutive per-document graphs into batches of up to ``max_docs`` documents.

    The graphs stay separate (``write_graph`` takes the list), so that each
    document claims only the relation attributes it states itself.
    """
    batch: list[Graph] = []
    for g in graphs:
        batch.append(g)
        if len(batch) >= max_docs:
            yield batch
            batch = []
    if batch:
        yield batch


def build(paths: Iterable[str | Path], driver, *, workers: int = 1, batch_docs: int = 20,
          max_bytes: int = MAX_BYTES, progress: Progress | None = None, force: bool = False) -> IngestReport:
    """Extract documents and write them into Neo4j, one atomic batch of documents at a time.

    A file whose document is stored already with the same text (id), path and
    extractor fingerprint is skipped (``report.unchanged``) unless ``force``:
    re-running a build over a grown archive extracts and writes only what is
    new or changed.
    """
    from kg.loaders.extract import fingerprint
    from kg.store import ensure_schema, stored_documents, write_batches
    from kg.store.taxonomy import load_taxonomy

    started = time.perf_counter()
    report = IngestReport()
    ensure_schema(driver)
    current = fingerprint()
    stored = set() if force else {key for key, fp in stored_documents(driver).items() if fp == current}

    def unchanged(doc: Document) -> bool:
        if (doc.id, doc.source_path) not in stored:
            return False
        if progress:
            progress(1)
        return True

    written = 0

    def committed(n: int) -> None:
        nonlocal written
        written += n
        if progress:
            progress(n)

    # One transaction per batch (see BATCH_ROWS); the next batch is extracted and planned while Neo4j
    # writes the current one.
    graphs = extract_graphs(paths, report, workers=workers, max_bytes=max_bytes, skip=unchanged)
    try:
        write_batches(driver, batched(graphs, batch_docs), batch_size=BATCH_ROWS, progress=committed)
    except KgError as exc:
        raise KgError(f"{exc} — {written} new documents were loaded before it (whole documents only) and "
                      f"{report.unchanged} were stored already; run the same kg build again to load the rest "
                      "once the cause is fixed") from None
    if report.documents > report.unchanged:
        # Sector taxonomy last, so that newly extracted sectors are linked to their parents.
        load_taxonomy(driver)
    report.seconds = time.perf_counter() - started
    return report


def find_gold_documents(gold_dir: Path, doc_dirs: Iterable[Path] = ()) -> tuple[dict[str, dict], dict[str, Path]]:
    """Gold files of ``gold_dir`` by document name, and where each document was found.

    Documents are looked for in ``doc_dirs``, then beside the gold folder
    (``../seeds``, ``../external``), then in the sample corpus.
    """
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise InputError(f"{gold_dir}: no gold *.json files")
    gold: dict[str, dict] = {}
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{f}: not a gold JSON file ({exc})") from None
        gold[data.get("doc") or f"{f.stem}.txt"] = data
    search = [*doc_dirs, gold_dir.parent / "seeds", gold_dir.parent / "external", sample_corpus()]
    found: dict[str, Path] = {}
    for name in gold:
        for d in search:
            if (d / name).is_file():
                found[name] = d / name
                break
    return gold, found


def extract_to_dir(paths: Iterable[str | Path], out_dir: Path, *, workers: int = 1,
                   max_bytes: int = MAX_BYTES, progress: Progress | None = None) -> IngestReport:
    """Write one gold-format JSON per document to ``out_dir/<stem>.json``."""
    started = time.perf_counter()
    report = IngestReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for g in extract_graphs(paths, report, workers=workers, max_bytes=max_bytes):
        for doc in g.documents.values():
            stem = Path(doc.name).stem
            if stem.casefold() in used:  # the same name in another folder: never overwrite its JSON
                stem = f"{stem}.{doc.id[:8]}"
            used.add(stem.casefold())
            data = to_gold_json(g, doc)
            (out_dir / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
            if progress:
                progress(1)
    report.seconds = time.perf_counter() - started
    return report


BulkStep = Callable[[str, "ImportFiles"], None]
"""Told before each step of an offline import: ``"import"``, ``"start"``, ``"schema"``, ``"swap"``."""


def bulk_build(paths: Iterable[str | Path], home: Path, *, port: int, http_port: int | None = None,
               heap: str = "1g", workers: int = 1,
               max_bytes: int = MAX_BYTES, progress: Progress | None = None,
               step: BulkStep | None = None) -> IngestReport:
    """First load of a corpus into the empty local Neo4j of ``home`` with Neo4j's offline importer.

    Extracts as :func:`build` does and loads the graphs with
    :func:`import_graphs`, all or nothing.  The graph is the one ``build``
    would write (with the sector taxonomy), but only an empty database may
    be replaced: anything stored besides the taxonomy makes this raise
    :class:`KgError` before it extracts.
    """
    from kg import server, store

    started = time.perf_counter()
    report = IngestReport()
    st = server.start(home, port=port, heap=heap, http_port=http_port)
    with store.connect(st.uri, None, None) as driver:
        stored = store.node_count(driver)
    if stored:
        raise KgError(f"--bulk loads into an empty database only, and the local one holds {stored:,} nodes: "
                      "run kg build without --bulk to add to it, or empty it first with kg reset")
    graphs = extract_graphs(paths, report, workers=workers, max_bytes=max_bytes)
    import_graphs(_counted(graphs, progress), home, port=port, http_port=http_port, heap=heap, step=step)
    report.seconds = time.perf_counter() - started
    return report


def import_graphs(graphs: Iterable[Graph], home: Path, *, port: int, http_port: int | None = None,
                  heap: str = "1g", step: BulkStep | None = None, only_into_empty: bool = True) -> ImportFiles:
    """Replace the local database of ``home`` by ``graphs`` (and the sector taxonomy), all or nothing.

    Everything is built beside the live database, which keeps serving: the
    CSV files (:mod:`kg.store.bulk`) and Neo4j's offline import go into the
    aside home, a side server there creates the constraints, fills in what
    CSV cannot say and loads the taxonomy, and only then is the new database
    swapped in (the live server is stopped for the swap and started again).
    A failure or interruption at any step leaves the live database as it was
    and removes what was built aside; a process killed outright leaves that
    to the next start or status of the server (:func:`kg.server.recover_import`),
    and its importer and side server die with it.  With ``only_into_empty``,
    the swap is refused if the live database received anything meanwhile.
    With no documents nothing is replaced.
    """
    import shutil

    from kg import server, store
    from kg.store.bulk import write_import_files
    from kg.store.taxonomy import load_taxonomy

    tell = step or (lambda _step, _files: None)
    home = Path(home).resolve()
    with server.ImportLock(home):
        aside = server.prepare_aside(home)
        try:
            folder = aside / "csv"
            folder.mkdir()
            files = write_import_files(graphs, folder)
            if not files.documents:
                return files
            tell("import", files)
            server.import_database(home, files.arguments(), heap=heap, workdir=folder)
            shutil.rmtree(folder)
            tell("start", files)
            side = server.start(aside, port=server.free_port(), heap=heap, tied=True)
            tell("schema", files)
            with store.connect(side.uri, None, None) as driver:
                store.finish_import(driver)
                load_taxonomy(driver)
            server.stop(aside)
            tell("swap", files)
            if only_into_empty:
                _still_empty(home)
            server.swap_in_import(home, port=port, heap=heap, http_port=http_port)
        finally:
            server.discard_import(home)
    return files


def _still_empty(home: Path) -> None:
    from kg import server, store

    st = server.status(home)
    if st.running:
        with store.connect(st.uri, None, None) as driver:
            stored = store.node_count(driver)
        if stored:
            raise KgError(f"the local database received {stored:,} nodes while the import ran: nothing was "
                          "replaced; run kg build without --bulk to add to it")


def _counted(graphs: Iterable[Graph], progress: Progress | None) -> Iterator[Graph]:
    for g in graphs:
        yield g
        if progress:
            progress(len(g.documents))
