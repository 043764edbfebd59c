"""The local Neo4j Community 5.26 the tool runs when no NEO4J_URI is given (no Docker).

``install`` fetches the jars with Maven and compiles a small Java launcher,
``start``/``stop``/``status`` manage one background server per home folder.
"""

from kg.server.local import ServerStatus, free_port, install, neo4j_version, start, status, stop

__all__ = ["ServerStatus", "free_port", "install", "neo4j_version", "start", "status", "stop"]
