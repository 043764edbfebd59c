"""The local Neo4j Community 5.26 the tool runs when no NEO4J_URI is given (no Docker).

``install`` fetches the jars with Maven and compiles a small Java launcher,
``start``/``stop``/``status`` manage one background server per home folder, and
``import_database`` replaces its database with an offline CSV import.
"""

from kg.server.local import (
    ServerStatus,
    free_port,
    import_database,
    install,
    neo4j_version,
    start,
    status,
    stop,
)

__all__ = ["ServerStatus", "free_port", "import_database", "install", "neo4j_version", "start", "status", "stop"]
