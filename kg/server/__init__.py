"""The local Neo4j Community 5.26 the tool runs when no NEO4J_URI is given (no Docker).

``install`` fetches the jars with Maven and compiles a small Java launcher,
``start``/``stop``/``status`` manage one background server per home folder, and
an offline CSV import builds a new database aside (``prepare_aside``,
``import_database``) that ``swap_in_import`` puts in place, all or nothing.
"""

from kg.server.local import (
    ImportLock,
    ServerStatus,
    aside_home,
    database_log,
    diagnose,
    discard_import,
    free_port,
    import_database,
    install,
    neo4j_version,
    prepare_aside,
    recover_import,
    start,
    status,
    stop,
    swap_in_import,
)

__all__ = ["ImportLock", "ServerStatus", "aside_home", "database_log", "diagnose", "discard_import", "free_port",
           "import_database", "install", "neo4j_version", "prepare_aside", "recover_import", "start", "status",
           "stop", "swap_in_import"]
