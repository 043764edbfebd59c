"""The Neo4j store: connect, write a :class:`kg.model.Graph` (batched, idempotent), read counts and exports.

All Cypher lives in ``schema/*.cypher`` (package ``kg.schema``).
"""

from kg.store.connection import connect
from kg.store.reader import counts, export, node_count, stored_documents, totals
from kg.store.writer import (
    WriteReport,
    clear_graph,
    ensure_schema,
    finish_import,
    remove_document,
    sentence_id,
    write_batches,
    write_graph,
    write_graph_per_row,
)

__all__ = [
    "WriteReport",
    "clear_graph",
    "connect",
    "counts",
    "ensure_schema",
    "export",
    "finish_import",
    "node_count",
    "remove_document",
    "sentence_id",
    "stored_documents",
    "totals",
    "write_batches",
    "write_graph",
    "write_graph_per_row",
]
