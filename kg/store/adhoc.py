"""Run a user's own Cypher (``kg cypher``): read-only unless asked, values only as parameters.

The text is the user's, sent as it is; nothing is ever pasted into it.  A
read-only run is refused up front when Neo4j's plan says the query writes
(``EXPLAIN``: query type ``w``, ``rw`` or ``s``), and runs in a read
transaction anyway, so Neo4j itself refuses a write the plan did not show.

    >>> result = run_cypher(driver, "MATCH (s:Sector) RETURN s.name AS sector LIMIT $n", {"n": 2})
    >>> result.columns
    ['sector']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j

from kg.errors import QueryError, WriteRefusedError
from kg.store.errors import neo4j_errors
from kg.store.query import to_plain

READ_ONLY = ("r",)
"""Query types (``ResultSummary.query_type``) a read-only run accepts."""

WHAT_IT_DOES = {"w": "writes to the graph", "rw": "reads and writes the graph",
                "s": "changes the schema (indexes, constraints) or the DBMS"}

_LEADING = re.compile(r"^(?:\s+|//[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_PROFILE = re.compile(r"PROFILE\b", re.I)

COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set",
            "labels_added", "labels_removed", "indexes_added", "indexes_removed", "constraints_added",
            "constraints_removed", "system_updates")


@dataclass(frozen=True)
class CypherResult:
    """What a query returned: its columns, its rows as plain values, its query type and, for writes, what changed."""

    columns: list[str]
    rows: list[dict[str, Any]]
    query_type: str | None
    changes: dict[str, int] = field(default_factory=dict)


def clean(text: str) -> str:
    """The query without surrounding blanks and trailing ``;`` (as a ``.cypher`` file ends); QueryError if empty."""
    query = text.strip().rstrip(";").strip()
    if not _LEADING.sub("", query):
        raise QueryError("the Cypher query is empty")
    return query


def _explained(query: str) -> str:
    """``EXPLAIN`` in front of the query (in place of a leading ``PROFILE``, which would run it)."""
    start = _LEADING.match(query).end()
    rest = query[start:]
    if _PROFILE.match(rest):
        return query[:start] + "EXPLAIN" + rest[len("PROFILE"):]
    return "EXPLAIN " + query


def query_type(driver: neo4j.Driver, text: str, params: Mapping[str, Any] | None = None, *,
               name: str = "(ad hoc)", database: str | None = None) -> str:
    """Neo4j's query type for the text (``r``, ``rw``, ``w`` or ``s``) from its plan; nothing is run."""
    query = clean(text)
    with neo4j_errors("planning the Cypher query", query=name), _session(driver, database, read=True) as session:
        summary = session.execute_read(lambda tx: tx.run(_explained(query), dict(params or {})).consume())
    return summary.query_type


def run_cypher(driver: neo4j.Driver, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
               name: str = "(ad hoc)", database: str | None = None) -> CypherResult:
    """Run the user's Cypher with ``params``; rows as plain values (:func:`kg.store.query.to_plain`).

    Without ``write`` the query must be read-only: one Neo4j plans as writing is refused with
    :class:`WriteRefusedError` before anything runs, and the run itself is a read transaction.
    ``name`` names the query in errors (e.g. its file name).
    """
    query = clean(text)
    values = dict(params or {})
    kind = None
    if not write:
        kind = query_type(driver, query, values, name=name, database=database)
        if kind not in READ_ONLY:
            raise WriteRefusedError(f"the query {WHAT_IT_DOES.get(kind, 'may write')} (its plan says query type "
                                    f"{kind!r}); nothing was run", kind)

    def work(tx):
        result = tx.run(query, values)
        columns = list(result.keys())
        rows = [{k: to_plain(record[k]) for k in columns} for record in result]
        return columns, rows, result.consume()

    with neo4j_errors("running the Cypher query", query=name), _session(driver, database, read=not write) as session:
        columns, rows, summary = (session.execute_write if write else session.execute_read)(work)
    counters = summary.counters
    changes = {c: getattr(counters, c) for c in COUNTERS if getattr(counters, c, 0)}
    return CypherResult(columns, rows, summary.query_type or kind, changes)


def _session(driver: neo4j.Driver, database: str | None, *, read: bool):
    return driver.session(database=database, default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS,
                          notifications_min_severity="OFF")
