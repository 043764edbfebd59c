"""Open a Neo4j driver and turn connection problems into one-line :class:`StoreError` messages."""

from __future__ import annotations

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from kg.errors import StoreError
from kg.store.errors import one_line

CONNECTION_TIMEOUT = 15.0
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def connect(uri: str, user: str | None, password: str | None) -> neo4j.Driver:
    """A verified driver for ``uri``; ``auth=None`` when ``user`` is not given.

    Raises :class:`StoreError` saying how to fix it when Neo4j cannot be
    reached or rejects the credentials.
    """
    auth = (user, password or "") if user else None
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise StoreError(f"invalid Neo4j URI {uri!r}: use bolt://host:7687 or neo4j://host:7687")
    try:
        driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT)
    except (ConfigurationError, ValueError) as exc:
        raise StoreError(f"invalid Neo4j URI {uri!r}: use bolt://host:7687 or neo4j://host:7687 ({one_line(exc)})") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise StoreError("Neo4j rejected the credentials: check NEO4J_USER/NEO4J_PASSWORD") from None
    except (ServiceUnavailable, OSError):
        driver.close()
        raise StoreError(f"cannot reach Neo4j at {uri}: start one with `kg neo4j start` or set NEO4J_URI") from None
    except (Neo4jError, DriverError) as exc:
        driver.close()
        raise StoreError(f"Neo4j at {uri} refused the connection: {one_line(exc)}") from None
    if auth is not None:
        try:  # right credentials that must be changed first pass verify_connectivity, then fail every query
            driver.execute_query("RETURN 1")
        except Neo4jError as exc:
            if exc.code == "Neo.ClientError.Security.CredentialsExpired":
                driver.close()
                raise StoreError(f"Neo4j wants a new password for user {user!r} before use: change it (e.g. "
                                 "ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new' in cypher-shell), "
                                 "then set NEO4J_PASSWORD") from None
        except DriverError:
            pass  # the queries that follow report it
    return driver
