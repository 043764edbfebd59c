"""The local Neo4j Community 5.26 server the tool runs when no NEO4J_URI is given (no Docker).

``install`` fetches the jars with Maven (the server, with the HTTP API and
Neo4j Browser) and compiles a small extension that serves the Browser guide of
the query packs, ``start``/``stop``/``status`` manage one background server
per home folder (Bolt and HTTP on 127.0.0.1), and
an offline CSV import builds a new database aside (``prepare_aside``,
``import_database``) that ``swap_in_import`` puts in place, all or nothing.
"""

from kg.server.local import (
    ImportLock,
    ServerStatus,
    aside_home,
    conf_path,
    database_log,
    diagnose,
    discard_import,
    free_port,
    guide_url,
    import_database,
    install,
    neo4j_version,
    prepare_aside,
    recover_import,
    server_conf,
    start,
    status,
    stop,
    swap_in_import,
)

__all__ = ["ImportLock", "ServerStatus", "aside_home", "conf_path", "database_log", "diagnose", "discard_import",
           "free_port", "guide_url", "import_database", "install", "neo4j_version", "prepare_aside", "recover_import",
           "server_conf", "start", "status", "stop", "swap_in_import"]
