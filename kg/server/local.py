"""A local Neo4j Community 5.26 server without Docker: Maven fetches the jars, ``java`` runs the server.

The server is Neo4j's own Community server (``org.neo4j.server.CommunityEntryPoint``):
Bolt and HTTP (the HTTP API and Neo4j Browser at ``/browser/``), both on
127.0.0.1 only, auth off, usage reporting off.  A small unmanaged extension
(``KgGuide.java``) serves the Browser guide of the query packs at ``/kg/guide``,
which the Browser opens when it connects.

Layout of a ``home`` folder (the CLI passes ``<cwd>/.kg/neo4j``)::

    home/pom.xml          copy of the packaged pom (Maven runs here)
    home/lib/             runtime jars (+ .complete manifest once the copy succeeded)
    home/classes/         the compiled guide extension (kg/browser/KgGuide.class)
    home/db/              Neo4j's own home: conf/neo4j.conf (written at each start), data/, logs/
    home/guide.html       the Browser guide of the query packs (written at each start)
    home/logs/neo4j.log   stdout/stderr of the Java process
    home/neo4j.pid        pid of the running server
    home/neo4j.port       its Bolt port
    home/neo4j.http       its HTTP port

Nothing here reads environment variables; the CLI decides home, ports and heap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import psutil

from kg.errors import ServerError

ENTRY_CLASS = "org.neo4j.server.CommunityEntryPoint"
"""The Community server's main class (in the ``neo4j-server`` jar)."""
LEGACY_CLASS = "KgNeo4j"
"""Main class of the embedded launcher that earlier versions ran (Bolt only): still recognised, so that
`stop` ends a server an earlier version started."""
EXTENSION = "KgGuide"
"""The guide extension: ``KgGuide.java``, class ``kg.browser.KgGuide``, mounted at ``/kg``."""
EXTENSION_PACKAGE = "kg.browser"
GUIDE_PATH = "/kg/guide"
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)
PAGECACHE_MB = 256
STOP_TIMEOUT = 60.0

# Popen objects of servers started by this process, so that `stop` can reap them
# (an unreaped child stays a zombie and would still look alive).
_children: dict[int, subprocess.Popen] = {}


@dataclass(frozen=True)
class ServerStatus:
    """Whether the local Neo4j of a home runs and its database answers, and where.

    ``state`` is ``"running"`` (the database answers a query and HTTP
    answers), ``"starting"`` (the process is up, the database or HTTP not
    yet), ``"failed"`` (the process is up but its database could not start:
    ``detail`` says why) or ``"stopped"``; ``log`` is the database's own log
    file; ``http_port`` is None for a server without HTTP (one an earlier
    version started).
    """

    running: bool
    pid: int | None = None
    port: int | None = None
    uri: str | None = None
    state: str = "stopped"
    detail: str = ""
    log: Path | None = None
    http_port: int | None = None
    auth: bool = False

    @property
    def http_url(self) -> str | None:
        """The HTTP address (``/`` answers the discovery document, ``/db/neo4j/tx/commit`` the HTTP API)."""
        return f"http://127.0.0.1:{self.http_port}/" if self.http_port else None

    @property
    def browser_url(self) -> str | None:
        """Neo4j Browser's address, set to connect to this server's Bolt (without a login form when auth is off)."""
        if not self.http_port or not self.port:
            return None
        login = "" if self.auth else "preselectAuthMethod=NO_AUTH&"
        return f"http://127.0.0.1:{self.http_port}/browser/?{login}dbms={_uri(self.port)}"

    @property
    def guide_url(self) -> str | None:
        """The Browser guide of the query packs (``:guide`` this in the Browser)."""
        return guide_url(self.http_port) if self.http_port else None


def _packaged(name: str) -> bytes:
    return resources.files("kg.server").joinpath(name).read_bytes()


def neo4j_version() -> str:
    """The Neo4j version the packaged pom.xml resolves, e.g. ``5.26.31``."""
    m = re.search(rb"<neo4j\.version>([^<]+)</neo4j\.version>", _packaged("pom.xml"))
    if not m:
        raise ServerError("kg/server/pom.xml has no <neo4j.version>: the package is damaged, reinstall it")
    return m.group(1).decode().strip()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- install


def _tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if not path:
        raise ServerError(f"{name} not found: {hint}")
    return path


def _last_line(text: str, prefer: str = "") -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if prefer:
        preferred = [ln for ln in lines if prefer in ln]
        if preferred:
            lines = preferred
    line = lines[-1] if lines else "(no output)"
    return re.sub(r"\x1b\[[0-9;]*m", "", line)[:300]


def _pom_digest() -> str:
    return hashlib.sha256(_packaged("pom.xml")).hexdigest()


def _jars_complete(lib: Path, version: str) -> bool:
    """True if ``lib`` holds every jar the packaged pom resolved (a pom that changed, e.g. one that added the
    server and the Browser, fetches again)."""
    manifest = lib / ".complete"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (data.get("neo4j") == version and data.get("pom") == _pom_digest()
            and all((lib / j).is_file() for j in data.get("jars", [])))


def _fetch_jars(home: Path, version: str) -> None:
    lib = home / "lib"
    if _jars_complete(lib, version):
        return
    if _alive(_read_int(home / "neo4j.pid")):  # its jars cannot be swapped under it
        raise ServerError(f"the local Neo4j of {home} runs on the jars of an earlier version: stop it "
                          "(`kg neo4j stop`), then start it again")
    mvn = _tool("mvn", "install Maven 3.8+ (e.g. `apt-get install maven`)")
    if lib.exists():
        shutil.rmtree(lib)  # a partial or older set; ~/.m2 keeps the downloads
    lib.mkdir(parents=True)
    pom = home / "pom.xml"
    pom.write_bytes(_packaged("pom.xml"))
    cmd = [mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies", f"-Dkg.lib={lib}"]
    try:
        proc = subprocess.run(cmd, cwd=home, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        raise ServerError("mvn took more than 30 minutes to fetch the Neo4j jars: check your network") from None
    if proc.returncode != 0:
        raise ServerError(f"mvn could not fetch Neo4j {version}: {_last_line(proc.stdout + proc.stderr, 'ERROR')}")
    jars = sorted(p.name for p in lib.glob("*.jar"))
    if f"neo4j-{version}.jar" not in jars:
        raise ServerError(f"mvn finished but neo4j-{version}.jar is not in {lib}: delete {lib} and retry")
    (lib / ".complete").write_text(json.dumps({"neo4j": version, "pom": _pom_digest(), "jars": jars}, indent=1),
                                   encoding="utf-8")


def _compile_extension(home: Path) -> None:
    source = _packaged(f"{EXTENSION}.java")
    digest = hashlib.sha256(source).hexdigest()
    classes = home / "classes"
    stamp = classes / ".source-sha256"
    compiled = classes.joinpath(*EXTENSION_PACKAGE.split("."), f"{EXTENSION}.class")
    if compiled.is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
        return
    javac = _tool("javac", "install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`)")
    src = home / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / f"{EXTENSION}.java").write_bytes(source)
    classes.mkdir(parents=True, exist_ok=True)
    cmd = [javac, "-encoding", "UTF-8", "-d", str(classes), "-cp", str(home / "lib" / "*"),
           str(src / f"{EXTENSION}.java")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ServerError("javac could not compile the Neo4j Browser guide extension: "
                          f"{_last_line(proc.stderr + proc.stdout, 'error')}")
    stamp.write_text(digest)


def install(home: Path) -> Path:
    """Fetch the Neo4j jars with Maven (once; skipped when complete) and compile the guide extension.

    Returns ``home``.  Raises :class:`ServerError` with a one-line hint when
    Maven or the JDK is missing or the download fails.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    _fetch_jars(home, neo4j_version())
    _compile_extension(home)
    return home


# --------------------------------------------------------------------------- run


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    """True if ``pid`` is a live (not zombie) Neo4j server process of ours."""
    if pid is None:
        return False
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True  # our own child and not exited (its cmdline can read empty while it starts up)
        # Our child has exited and been reaped: the kernel may have given its pid to a new process
        # (pid_max is 32768 in many containers), which the check below judges on its own.
        _children.pop(pid, None)
    try:
        p = psutil.Process(pid)
        if p.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = p.cmdline()
        return ENTRY_CLASS in cmdline or LEGACY_CLASS in cmdline
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def _uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


def guide_url(http_port: int) -> str:
    """Address of the Browser guide of the query packs on a local server's HTTP port."""
    return f"http://127.0.0.1:{http_port}{GUIDE_PATH}"


def _http_answers(http_port: int, timeout: float = 3.0) -> bool:
    """True if the server's HTTP connector answers its discovery document (``GET /``)."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    try:
        with opener.open(f"http://127.0.0.1:{http_port}/", timeout=timeout) as response:
            return response.status == 200 and b"bolt_direct" in response.read(4096)
    except Exception:  # noqa: BLE001 - refused, reset, timed out, not HTTP: not answering
        return False


def _database_state(port: int, timeout: float = 3.0) -> tuple[str, str]:
    """``(state, detail)`` of the server's ``neo4j`` database, asked over Bolt (see :class:`ServerStatus`).

    Bolt answering is not enough: after a crash the server can run while its
    database failed to recover, and every query is then refused.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    try:
        with GraphDatabase.driver(_uri(port), auth=None, connection_timeout=timeout,
                                  connection_acquisition_timeout=timeout) as driver:
            driver.verify_connectivity()
            with driver.session(database="system") as session:
                rec = session.run("SHOW DATABASE neo4j YIELD currentStatus, requestedStatus, statusMessage").single()
            if rec is None:
                return "failed", "the server has no database named neo4j"
            if rec["currentStatus"] == "online":
                with driver.session(database="neo4j") as session:  # auto-commit: no retries
                    session.run("RETURN 1").consume()
                return "running", ""
            if rec["currentStatus"] == "starting" or rec["requestedStatus"] != "online":
                return "starting", str(rec["statusMessage"] or "")
            return "failed", str(rec["statusMessage"] or f"the database is {rec['currentStatus']}")
    except AuthError:  # a server started with auth=True answers, but not without credentials
        return "running", ""
    except Exception:  # noqa: BLE001 - any other failure means "not (yet) answering"
        return "starting", ""


def database_log(home: Path) -> Path:
    """The database's own log (Neo4j's ``debug.log``) of a home."""
    return Path(home).resolve() / "db" / "logs" / "debug.log"


_DISK_FULL = re.compile(r"No space left on device|running out of disk space|not enough space", re.I)


def diagnose(home: Path) -> str:
    """A hint from the end of the database's log: a full disk, else the last error line; empty if none."""
    log = database_log(home)
    try:
        with open(log, "rb") as f:
            f.seek(max(0, log.stat().st_size - 200_000))
            tail = f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    if _DISK_FULL.search(tail):
        return "the disk holding the database is full (No space left on device): free space, then restart it"
    errors = [ln.strip() for ln in tail.splitlines() if " ERROR " in ln]
    return errors[-1].split(" ERROR ", 1)[1][:300] if errors else ""


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _clear_files(home: Path) -> None:
    for name in ("neo4j.pid", "neo4j.port", "neo4j.http"):
        (home / name).unlink(missing_ok=True)


def conf_path(home: Path) -> Path:
    """The server's ``neo4j.conf`` of a home (written at each start)."""
    return Path(home).resolve() / "db" / "conf" / "neo4j.conf"


def server_conf(port: int, http_port: int, auth: bool = False, pagecache_mb: int = PAGECACHE_MB) -> str:
    """The ``neo4j.conf`` of a local server: Bolt and HTTP on 127.0.0.1 only, HTTPS off, no usage reports.

    Every other setting keeps Neo4j's default, and the folders (``data``,
    ``logs`` …) are those of its home.  The server refuses to start on a
    setting it does not know, so only settings of 5.26 are written.
    """
    bolt, http = f"127.0.0.1:{port}", f"127.0.0.1:{http_port}"
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": bolt,
        "server.bolt.advertised_address": bolt,
        "server.http.enabled": "true",
        "server.http.listen_address": http,
        "server.http.advertised_address": http,
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        "server.memory.pagecache.size": f"{pagecache_mb}m",
        # No usage reports from the server, no usage statistics from Neo4j Browser.
        "dbms.usage_report.enabled": "false",
        "client.allow_telemetry": "false",
        # The Browser fetches guides from these hosts only; the guide of the query packs is served here.
        "browser.remote_content_hostname_whitelist": "127.0.0.1",
        "browser.post_connect_cmd": f"guide {guide_url(http_port)}",
        "server.unmanaged_extension_classes": f"{EXTENSION_PACKAGE}={GUIDE_PATH.rsplit('/', 1)[0]}",
        # Bolt waits 5 s for its connections and 5 s for its thread pool on shutdown; a local server whose
        # clients have gone needs neither (this made every stop take over 10 s).
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
        "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
    }
    lines = ["# Written by kg (kg/server/local.py) at each start of the local Neo4j: edits are lost."]
    lines += [f"{k}={v}" for k, v in settings.items()]
    return "\n".join(lines) + "\n"


def _conf_auth(home: Path) -> bool:
    try:
        text = conf_path(home).read_text(encoding="utf-8")
    except OSError:
        return False
    return "\ndbms.security.auth_enabled=true\n" in text


def status(home: Path) -> ServerStatus:
    """Whether the server of ``home`` runs and its database answers, with pid, ports, URI and log.

    Running means that the database answers a query over Bolt and the HTTP
    connector answers; a server whose database answers but HTTP not yet is
    ``starting``.
    """
    home = Path(home).resolve()
    recover_import(home)
    pid = _read_int(home / "neo4j.pid")
    port = _read_int(home / "neo4j.port")
    http_port = _read_int(home / "neo4j.http")
    log = database_log(home)
    if pid is None or port is None or not _alive(pid):
        return ServerStatus(False, log=log)
    state, detail = _database_state(port)
    if state == "failed":
        detail = "; ".join(x for x in (detail, diagnose(home)) if x)
    elif state == "running" and http_port is not None and not _http_answers(http_port):
        state, detail = "starting", f"HTTP does not answer on 127.0.0.1:{http_port} yet"
    return ServerStatus(state == "running", pid, port, _uri(port), state, detail, log, http_port, _conf_auth(home))


def _log_tail(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")[-20000:]
    except OSError:
        return "(no log)"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # Prefer the exception message over the stack frames that follow it.
    for ln in reversed(lines):
        if not ln.startswith("at ") and not ln.startswith("...") and "KG-NEO4J" not in ln:
            return ln[:300]
    return lines[-1][:300] if lines else "(empty log)"


def _wait_ready(home: Path, pid: int, port: int, timeout: float, log: Path) -> ServerStatus:
    """Wait until the database answers a query and HTTP answers; a database that failed to start stops the server."""
    deadline = time.monotonic() + timeout
    http_port = _read_int(home / "neo4j.http")
    waiting_for = f"Neo4j's database did not answer on {_uri(port)}"
    while True:
        if not _alive(pid):
            _clear_files(home)
            hint = diagnose(home)
            raise ServerError(f"Neo4j exited before it was ready: {hint or _log_tail(log)} (see {log} and "
                              f"{database_log(home)})")
        state, detail = _database_state(port)
        if state == "running" and (http_port is None or _http_answers(http_port)):
            return ServerStatus(True, pid, port, _uri(port), "running", "", database_log(home), http_port,
                                _conf_auth(home))
        if state == "running":
            waiting_for = f"Neo4j's HTTP did not answer on 127.0.0.1:{http_port}"
        if state == "failed":
            hint = diagnose(home)
            stop(home)
            raise ServerError(f"Neo4j started but its database did not: {'; '.join(x for x in (detail, hint) if x)} "
                              f"(see {database_log(home)}); the server was stopped")
        if time.monotonic() > deadline:
            stop(home)
            raise ServerError(f"{waiting_for} within {timeout:.0f}s (see {database_log(home)}); "
                              "retry with a longer --timeout")
        time.sleep(0.5)


def start(home: Path, port: int = 7687, heap: str = "1g", timeout: float = 180, auth: bool = False,
          tied: bool = False, http_port: int | None = None) -> ServerStatus:
    """Start the Neo4j server of ``home`` in the background: Bolt on 127.0.0.1:``port``, HTTP on ``http_port``.

    HTTP serves the HTTP API and Neo4j Browser (``ServerStatus.browser_url``);
    ``http_port`` None picks a free port.  Auth is off unless ``auth`` (then
    the user is ``neo4j`` with the initial password ``neo4j``, which must be
    changed before use).  If it already runs, nothing happens and its status
    (possibly on other ports) is returned.  Waits until its database answers
    a query and HTTP answers, at most ``timeout`` seconds; a database that
    fails to start stops the server and raises :class:`ServerError` naming
    the log.  A ``tied`` server is killed when this process dies (for the
    side server of an offline import).  An offline import interrupted
    earlier is first finished or undone (:func:`recover_import`).
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    recover_import(home)
    pid = _read_int(home / "neo4j.pid")
    running_port = _read_int(home / "neo4j.port")
    if pid is not None and running_port is not None and _alive(pid):
        # Ours and alive: already up, or still starting (then wait for it).
        return _wait_ready(home, pid, running_port, timeout, home / "logs" / "neo4j.log")
    _clear_files(home)
    if not re.fullmatch(r"\d+[kKmMgG]?", heap):
        raise ServerError(f"invalid heap size {heap!r}: use e.g. 512m or 2g")
    if http_port is None:
        http_port = free_port()
    if http_port == port:
        raise ServerError(f"Bolt and HTTP cannot share port {port}: pick another HTTP port")
    for p, what in ((port, "port"), (http_port, "HTTP port")):
        if _port_in_use(p):
            raise ServerError(f"port {p} is already in use on 127.0.0.1: pick another {what}")
    install(home)
    java = _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / "neo4j.log"
    _write_config(home, port, http_port, auth)
    classpath = os.pathsep.join([str(home / "classes"), str(home / "lib" / "*")])
    cmd = [java, *JVM_FLAGS, f"-Xmx{heap}", f"-Dkg.guide={home / 'guide.html'}", "-cp", classpath, ENTRY_CLASS,
           f"--home-dir={home / 'db'}", f"--config-dir={conf_path(home).parent}", "--console-mode"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}  # NEO4J_CONF etc. would win
    with open(log, "ab") as out:
        out.write(f"\n--- kg: starting Neo4j {neo4j_version()} on {_uri(port)} and "
                  f"http://127.0.0.1:{http_port}/ ---\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True, close_fds=True,
                                preexec_fn=_die_with_parent if tied else None)
    _children[proc.pid] = proc
    (home / "neo4j.pid").write_text(str(proc.pid))
    (home / "neo4j.port").write_text(str(port))
    (home / "neo4j.http").write_text(str(http_port))
    return _wait_ready(home, proc.pid, port, timeout, log)


def _write_config(home: Path, port: int, http_port: int, auth: bool) -> None:
    """Write the server's ``neo4j.conf`` and the Browser guide of the query packs for these ports."""
    from kg.packs import load_packs
    from kg.server import guide

    conf = conf_path(home)
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(server_conf(port, http_port, auth), encoding="utf-8")
    (home / "guide.html").write_text(guide.render(load_packs().values(), guide_url(http_port)), encoding="utf-8")


def stop(home: Path) -> bool:
    """Stop the Neo4j of ``home`` (SIGTERM, then SIGKILL after a minute).  False if none ran."""
    home = Path(home).resolve()
    pid = _read_int(home / "neo4j.pid")
    if pid is None or not _alive(pid):
        _clear_files(home)
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        _clear_files(home)
        return False
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child = _children.pop(pid, None)
    if child is not None:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    _clear_files(home)
    return True


# --------------------------------------------------------------------------- offline import

IMPORT_CLASS = "org.neo4j.cli.AdminTool"
"""``neo4j-admin``'s entry point (in the ``neo4j-command-line`` jar; the import command is ``neo4j-import-tool``)."""

ASIDE = "import-aside"
"""Folder of a home where an offline import builds a whole new database beside the live one (a home of its
own, sharing ``lib`` and ``classes``), before :func:`swap_in_import` puts it in place."""
SWAP_JOURNAL = "import-swap"
"""File that exists while :func:`swap_in_import` exchanges the database folders (so a crash there is finished)."""
IMPORT_LOCK = "import.lock"
"""File an import in progress holds locked (``flock``): while it is held, nobody cleans the aside folder up."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Have the kernel kill this (child) process when its parent dies (Linux ``PR_SET_PDEATHSIG``)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except OSError:
        pass


def aside_home(home: Path) -> Path:
    """The home in which an offline import of ``home`` builds its database (see :data:`ASIDE`)."""
    return Path(home).resolve() / ASIDE


class ImportLock:
    """The import lock of a home, held while an offline import runs (released when the process dies)."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home).resolve() / IMPORT_LOCK
        self._fd: int | None = None

    def acquire(self, wait: bool = True) -> bool:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> ImportLock:
        if not self.acquire(wait=False):
            raise ServerError(f"another offline import into {self.path.parent} is running: wait for it to finish")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def prepare_aside(home: Path) -> Path:
    """An empty aside home for an import of ``home`` (what an earlier one left is removed); returns it."""
    home = Path(home).resolve()
    aside = aside_home(home)
    discard_import(home)
    aside.mkdir(parents=True)
    install(home)
    for part in ("lib", "classes"):
        (aside / part).symlink_to(home / part, target_is_directory=True)
    return aside


def discard_import(home: Path) -> None:
    """Remove what an offline import built aside (stopping a side server still running on it).

    Not while a swap is under way (its journal exists): that one is finished
    by :func:`recover_import` instead.
    """
    aside = aside_home(home)
    if (Path(home).resolve() / SWAP_JOURNAL).exists():
        return
    if aside.exists() or aside.is_symlink():
        stop(aside)
        shutil.rmtree(aside, ignore_errors=True)


def import_database(home: Path, arguments: list[str], heap: str = "1g", timeout: float = 6 * 3600,
                    workdir: Path | None = None) -> None:
    """Build a new database beside the live one of ``home``: ``neo4j-admin database import full`` into its aside home.

    ``arguments`` are the importer's file options (see
    :class:`kg.store.bulk.ImportFiles`; relative file names are read in
    ``workdir``, by default ``home``).  The live server and its database are
    not touched; :func:`swap_in_import` later replaces them.  The aside home
    must have been made by :func:`prepare_aside`.  Output goes to
    ``home/logs/import.log``; a failure raises :class:`ServerError` with the
    importer's own reason.  The importer dies with this process.
    """
    home = Path(home).resolve()
    aside = aside_home(home)
    if not (aside / "lib").exists():
        raise ServerError(f"no aside home for the import in {aside}: prepare it first")
    if not re.fullmatch(r"\d+[kKmMgG]?", heap):
        raise ServerError(f"invalid heap size {heap!r}: use e.g. 512m or 2g")
    java = _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    (aside / "db").mkdir(exist_ok=True)
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / "import.log"
    # The database name goes first: the file options take any number of values.
    cmd = [java, f"-Xmx{heap}", "-cp", str(home / "lib" / "*"), IMPORT_CLASS, "database", "import", "full", "neo4j",
           "--overwrite-destination=true", f"--report-file={logs / 'import.report'}", *arguments]
    env = {**os.environ, "NEO4J_HOME": str(aside / "db")}
    env.pop("NEO4J_CONF", None)
    with open(log, "wb") as out:
        try:
            proc = subprocess.run(cmd, cwd=workdir or home, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, env=env, timeout=timeout, preexec_fn=_die_with_parent)
        except subprocess.TimeoutExpired:
            raise ServerError(f"the Neo4j import took more than {timeout:.0f}s (see {log})") from None
    if proc.returncode != 0:
        raise ServerError(f"the Neo4j import failed: {_import_reason(log)} (see {log})")


def swap_in_import(home: Path, port: int, heap: str = "1g", http_port: int | None = None) -> ServerStatus:
    """Replace the database of ``home`` by the one built aside, and start the server on it.

    The aside server must be stopped.  The live server is stopped, the two
    database folders are exchanged by renames (a journal file makes a crash
    in between finish on the next start or status), and the server starts
    again on the new database, on the ports the live server had (else on
    ``port`` and ``http_port``).
    """
    home = Path(home).resolve()
    aside = aside_home(home)
    if not (aside / "db" / "data").is_dir():
        raise ServerError(f"no database was built in {aside}")
    if _alive(_read_int(home / "neo4j.pid")):
        port = _read_int(home / "neo4j.port") or port
        http_port = _read_int(home / "neo4j.http") or http_port
    stop(home)
    (home / SWAP_JOURNAL).write_text("swap\n")
    _finish_swap(home)
    return start(home, port=port, heap=heap, http_port=http_port)


def _finish_swap(home: Path) -> None:
    """Complete an exchange of database folders that the journal says was begun (idempotent)."""
    aside, live, old = aside_home(home), home / "db", home / "db.replaced"
    if (aside / "db" / "data").is_dir():
        if live.exists():
            if old.exists():
                shutil.rmtree(old)
            live.rename(old)
        (aside / "db").rename(live)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    (home / SWAP_JOURNAL).unlink(missing_ok=True)


def recover_import(home: Path) -> None:
    """Finish or undo an offline import that stopped half-way (a killed ``kg build --bulk``).

    A swap the journal says was begun is completed; an aside database that
    was not swapped in is removed with any server still running on it, so the
    live database stays as it was.  Nothing happens while another process
    holds the import lock (its import is still running).
    """
    home = Path(home).resolve()
    journal, aside = home / SWAP_JOURNAL, aside_home(home)
    if not journal.exists() and not aside.exists():
        return
    lock = ImportLock(home)
    if not lock.acquire(wait=False):
        return
    try:
        if journal.exists():
            stop(home)
            _finish_swap(home)
        else:
            discard_import(home)
    finally:
        lock.release()


def _import_reason(log: Path) -> str:
    """The most telling line of a failed import's output: its last ``Caused by``, else its last message."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    causes = re.findall(r"Caused by: [\w.$]+: (.+)", text)
    return causes[-1].strip()[:300] if causes else _log_tail(log)
