"""Write an entity graph to files other tools read: GraphML (Gephi, yEd), JSON (scripts, notebooks), CSV (spreadsheets).

The graph is a :class:`networkx.MultiDiGraph` as :mod:`kg.store.subgraph`
reads it (entity keys as nodes, relationship types as edge keys); nothing
here reads Neo4j.  Every format carries the same fields:

* a node: ``id`` (the entity key, ``Company:海尔``), ``name``, ``type``,
  ``aliases``, ``city``, ``confidence``, ``instrument``,
  ``instrument_evidence``, ``official_code``;
* a link: ``source`` and ``target`` (entity keys), ``relation`` (its type),
  ``confidence`` (the extractor's, the highest any document gave; none for
  the taxonomy's links), ``origin`` (``extracted`` or ``taxonomy``),
  ``documents`` (names of the documents stating it), ``evidence`` (a list
  of ``{"document", "title", "sentence_id", "sentence"}``, every sentence
  it was read from), ``rules`` (the extractor rules that proposed it),
  ``amount_cny``, ``year``, ``role`` and ``match`` (how a taxonomy link was
  made).

JSON is networkx's node-link shape (``nodes`` and ``links``, missing values
``null``), so ``nx.node_link_graph(data, edges="links")`` rebuilds the graph.
GraphML and CSV are flat: a list or an object is written as JSON text and a
missing value is left out (GraphML) or empty (CSV).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

FORMATS = ("graphml", "json", "csv")

NODE_FIELDS = ("id", "name", "type", "aliases", "city", "confidence", "instrument", "instrument_evidence",
               "official_code")
LINK_FIELDS = ("source", "target", "relation", "confidence", "origin", "documents", "evidence", "rules", "amount_cny",
               "year", "role", "match")
CSV_FILES = ("nodes.csv", "relationships.csv")

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ExportReport:
    """What was written: how many nodes and links, and the files."""

    nodes: int
    links: int
    paths: tuple[Path, ...]


# --------------------------------------------------------------------------- records


def nodes(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One record per entity (fields :data:`NODE_FIELDS`), sorted by key."""
    out = []
    for key, data in sorted(graph.nodes(data=True), key=lambda kv: str(kv[0])):
        out.append({"id": str(key), "name": data.get("name") or str(key), "type": data.get("type"),
                    "aliases": list(data.get("aliases") or []), "city": data.get("city"),
                    "confidence": _float(data.get("confidence")), "instrument": data.get("instrument"),
                    "instrument_evidence": data.get("instrument_evidence"),
                    "official_code": data.get("official_code")})
    return out


def links(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One record per relationship (fields :data:`LINK_FIELDS` and the edge ``key``), sorted by its ends and type."""
    out = []
    for head, tail, key, data in graph.edges(keys=True, data=True):
        evidence = [{"document": ev.get("document"), "title": ev.get("title"), "sentence_id": ev.get("id"),
                     "sentence": ev.get("sentence")} for ev in data.get("evidence") or [] if isinstance(ev, dict)]
        documents = list(dict.fromkeys(ev["document"] for ev in evidence if ev["document"]))
        out.append({"source": str(head), "target": str(tail), "key": str(key), "relation": data.get("type") or key,
                    "confidence": _float(data.get("confidence")),
                    "origin": "taxonomy" if data.get("source") == "taxonomy" else "extracted",
                    "documents": documents, "evidence": evidence, "rules": list(data.get("rules") or []),
                    "amount_cny": _float(data.get("amount_cny")), "year": _int(data.get("year")),
                    "role": data.get("role"), "match": data.get("match")})
    out.sort(key=lambda r: (r["source"], r["relation"], r["target"], r["key"]))
    return out


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _flat(value: Any) -> Any:
    """A value for a flat format: lists and objects as JSON text, other values as they are."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


# --------------------------------------------------------------------------- formats


def to_json(graph: nx.MultiDiGraph, view: str | None = None) -> dict[str, Any]:
    """The graph in networkx's node-link shape: ``{"directed", "multigraph", "graph", "nodes", "links"}``."""
    return {"directed": True, "multigraph": True, "graph": {"view": view} if view else {},
            "nodes": nodes(graph), "links": links(graph)}


def write_json(graph: nx.MultiDiGraph, out: Path | IO[str], view: str | None = None) -> None:
    """Write :func:`to_json` as UTF-8 JSON (to a path, or an open text stream)."""
    text = json.dumps(to_json(graph, view), ensure_ascii=False, indent=1)
    if isinstance(out, Path):
        out.write_text(text + "\n", encoding="utf-8")
    else:
        out.write(text + "\n")


def to_graphml_graph(graph: nx.MultiDiGraph, view: str | None = None) -> nx.MultiDiGraph:
    """A copy that ``nx.write_graphml`` accepts: no missing values, lists and objects as JSON text,
    characters XML cannot hold shown as ``\\xNN``, ``label`` for Gephi and yEd, one edge id per edge."""
    out = nx.MultiDiGraph(**({"view": _xml(view)} if view else {}))
    for record in nodes(graph):
        attrs = {k: _xml(_flat(v)) for k, v in record.items() if k != "id" and v is not None}
        out.add_node(_xml(record["id"]), label=attrs["name"], **attrs)
    for i, record in enumerate(links(graph)):
        attrs = {k: _xml(_flat(v)) for k, v in record.items() if k not in ("source", "target", "key") and v is not None}
        out.add_edge(_xml(record["source"]), _xml(record["target"]), key=f"e{i}", label=attrs["relation"], **attrs)
    return out


def _xml(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def write_graphml(graph: nx.MultiDiGraph, path: Path, view: str | None = None) -> None:
    """Write GraphML (UTF-8) that Gephi, yEd and ``nx.read_graphml`` open."""
    nx.write_graphml(to_graphml_graph(graph, view), path, encoding="utf-8")


def write_csv(graph: nx.MultiDiGraph, folder: Path) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``relationships.csv`` into ``folder`` (created if missing; parents must exist).

    UTF-8 with a byte-order mark, so spreadsheets read the Chinese right; Neo4j's ``LOAD CSV`` reads them as
    they are.  Columns :data:`NODE_FIELDS` and :data:`LINK_FIELDS`.
    """
    folder.mkdir(exist_ok=True)
    node_path, link_path = (folder / name for name in CSV_FILES)
    _write_rows(node_path, NODE_FIELDS, nodes(graph))
    _write_rows(link_path, LINK_FIELDS, links(graph))
    return node_path, link_path


def _write_rows(path: Path, fields: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow(["" if row.get(k) is None else _flat(row[k]) for k in fields])


def export(graph: nx.MultiDiGraph, fmt: str, out: Path | IO[str], view: str | None = None) -> ExportReport:
    """Write the graph in ``fmt`` (:data:`FORMATS`) to ``out``: a file, an open stream (json), or a folder (csv)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    paths: tuple[Path, ...] = (out,) if isinstance(out, Path) else ()
    if fmt == "json":
        write_json(graph, out, view)
    elif fmt == "graphml":
        write_graphml(graph, out, view)
    else:
        paths = write_csv(graph, out)
    return ExportReport(graph.number_of_nodes(), graph.number_of_edges(), paths)
