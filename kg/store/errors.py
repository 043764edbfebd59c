"""One translation of the driver's and Neo4j's exceptions into the tool's one-line errors.

Every module of the store runs its Neo4j work inside :func:`neo4j_errors`,
so a lost connection, an unavailable database, a full disk or a failing
query reads the same wherever it happens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from neo4j.exceptions import (
    ClientError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from kg.errors import KgError, QueryError, StoreError

MAX_CHARS = 400

_DISK_FULL = re.compile(r"no space left on device|disk (is )?full|not enough (free )?space", re.I)
_UNAVAILABLE = ("DatabaseUnavailable", "DatabaseNotFound", "Neo.TransientError.General.DatabaseUnavailable")


def one_line(exc: BaseException) -> str:
    """The exception's message on one line (all its lines joined), at most :data:`MAX_CHARS` characters."""
    text = (getattr(exc, "message", None) or str(exc)).strip() or type(exc).__name__
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def translate(exc: BaseException, doing: str, *, query: str | None = None) -> KgError:
    """The tool's error for a driver or Neo4j exception raised while ``doing`` something.

    ``query`` names a query pack: Neo4j rejecting that query (a client error)
    is then a :class:`QueryError` of the pack, not a store failure.
    """
    detail = one_line(exc)
    code = getattr(exc, "code", None) or ""
    if _DISK_FULL.search(detail):
        return StoreError(f"{doing} failed: the disk holding the Neo4j database is full ({detail})")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, IncompleteCommit)):
        return StoreError(f"{doing} failed: lost the connection to Neo4j (the server stopped, crashed or is "
                          f"unreachable; `kg neo4j status` tells): {detail}")
    if any(code.endswith(c) or c in code for c in _UNAVAILABLE):
        return StoreError(f"{doing} failed: the Neo4j database is not available (it failed to start or "
                          f"crashed): {detail}")
    if query is not None and isinstance(exc, ClientError):
        return QueryError(f"query {query} failed: {detail}")
    return StoreError(f"{doing} failed: {detail}")


@contextmanager
def neo4j_errors(doing: str, *, query: str | None = None) -> Iterator[None]:
    """Run a block of Neo4j work; its driver and Neo4j exceptions leave it as :func:`translate` makes them."""
    try:
        yield
    except (Neo4jError, DriverError) as exc:
        raise translate(exc, doing, query=query) from None
