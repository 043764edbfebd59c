"""The project's one error tree.  The CLI turns each into a one-line message."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error the tool raises on purpose."""


class InputError(KgError):
    """A document could not be read: missing, empty, binary, too large or undecodable."""


class StoreError(KgError):
    """Neo4j could not be reached, authenticated against or written to."""


class ServerError(KgError):
    """The local Neo4j could not be installed, started or stopped."""


class QueryError(KgError):
    """A query pack is unknown, malformed, or its parameters are wrong."""


class NotFoundError(KgError):
    """A named entity or sector is not in the graph; carries the closest names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message}; closest: {', '.join(self.suggestions)}"
        super().__init__(message)


class WriteRefusedError(QueryError):
    """A query that writes was given to a read-only run; carries Neo4j's query type (``w``, ``rw``, ``s``)."""

    def __init__(self, message: str, query_type: str | None = None) -> None:
        self.query_type = query_type
        super().__init__(message)
