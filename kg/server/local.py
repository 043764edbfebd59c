"""A local Neo4j Community 5.26 without Docker: Maven fetches the jars, a tiny Java main runs them.

Layout of a ``home`` folder (the CLI passes ``<cwd>/.kg/neo4j``)::

    home/pom.xml          copy of the packaged pom (Maven runs here)
    home/lib/             runtime jars (+ .complete manifest once the copy succeeded)
    home/classes/         the compiled launcher (KgNeo4j.class)
    home/db/              Neo4j's own home: data/, logs/
    home/logs/neo4j.log   stdout/stderr of the Java process
    home/neo4j.pid        pid of the running server
    home/neo4j.port       its Bolt port

Nothing here reads environment variables; the CLI decides home, port and heap.
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

MAIN_CLASS = "KgNeo4j"
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
    """Whether the local Neo4j of a home runs, and where."""

    running: bool
    pid: int | None = None
    port: int | None = None
    uri: str | None = None


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


def _jars_complete(lib: Path, version: str) -> bool:
    manifest = lib / ".complete"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("neo4j") == version and all((lib / j).is_file() for j in data.get("jars", []))


def _fetch_jars(home: Path, version: str) -> None:
    lib = home / "lib"
    if _jars_complete(lib, version):
        return
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
    (lib / ".complete").write_text(json.dumps({"neo4j": version, "jars": jars}, indent=1), encoding="utf-8")


def _compile_launcher(home: Path) -> None:
    source = _packaged(f"{MAIN_CLASS}.java")
    digest = hashlib.sha256(source).hexdigest()
    classes = home / "classes"
    stamp = classes / ".source-sha256"
    if (classes / f"{MAIN_CLASS}.class").is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
        return
    javac = _tool("javac", "install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`)")
    src = home / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / f"{MAIN_CLASS}.java").write_bytes(source)
    classes.mkdir(parents=True, exist_ok=True)
    cmd = [javac, "-encoding", "UTF-8", "-d", str(classes), "-cp", str(home / "lib" / "*"),
           str(src / f"{MAIN_CLASS}.java")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ServerError(f"javac could not compile the Neo4j launcher: {_last_line(proc.stderr + proc.stdout, 'error')}")
    stamp.write_text(digest)


def install(home: Path) -> Path:
    """Fetch the Neo4j jars with Maven (once; skipped when complete) and compile the launcher.

    Returns ``home``.  Raises :class:`ServerError` with a one-line hint when
    Maven or the JDK is missing or the download fails.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    _fetch_jars(home, neo4j_version())
    _compile_launcher(home)
    return home


# --------------------------------------------------------------------------- run


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    """True if ``pid`` is a live (not zombie) launcher process of ours."""
    if pid is None:
        return False
    child = _children.get(pid)
    if child is not None:
        if child.poll() is not None:
            _children.pop(pid, None)
            return False
        return True  # our own child and not exited (its cmdline can read empty while it starts up)
    try:
        p = psutil.Process(pid)
        if p.status() == psutil.STATUS_ZOMBIE:
            return False
        return MAIN_CLASS in p.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def _uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


def _bolt_answers(port: int, timeout: float = 3.0) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    try:
        with GraphDatabase.driver(_uri(port), auth=None, connection_timeout=timeout,
                                  connection_acquisition_timeout=timeout) as driver:
            driver.verify_connectivity()
        return True
    except AuthError:  # a server started with auth=True answers, but not without credentials
        return True
    except Exception:  # any other failure means "not (yet) ready"
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _clear_files(home: Path) -> None:
    for name in ("neo4j.pid", "neo4j.port"):
        (home / name).unlink(missing_ok=True)


def status(home: Path) -> ServerStatus:
    """Whether the server of ``home`` runs (pid alive and Bolt answers), with pid, port and URI."""
    home = Path(home).resolve()
    pid = _read_int(home / "neo4j.pid")
    port = _read_int(home / "neo4j.port")
    if pid is None or port is None or not _alive(pid):
        return ServerStatus(False)
    running = _bolt_answers(port)
    return ServerStatus(running, pid, port, _uri(port))


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
    deadline = time.monotonic() + timeout
    while True:
        if not _alive(pid):
            _clear_files(home)
            raise ServerError(f"Neo4j exited before it was ready: {_log_tail(log)} (see {log})")
        if _bolt_answers(port):
            return ServerStatus(True, pid, port, _uri(port))
        if time.monotonic() > deadline:
            stop(home)
            raise ServerError(f"Neo4j did not answer on {_uri(port)} within {timeout:.0f}s "
                              f"(see {log}); retry with a longer --timeout")
        time.sleep(0.5)


def start(home: Path, port: int = 7687, heap: str = "1g", timeout: float = 180, auth: bool = False) -> ServerStatus:
    """Start the Neo4j of ``home`` in the background on 127.0.0.1:``port``.

    Auth is off unless ``auth`` (then the user is ``neo4j`` with the initial
    password ``neo4j``, which must be changed before use).  If it already
    runs, nothing happens and its status (possibly on another port) is
    returned.  Waits until Bolt answers, at most ``timeout`` seconds.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    pid = _read_int(home / "neo4j.pid")
    running_port = _read_int(home / "neo4j.port")
    if pid is not None and running_port is not None and _alive(pid):
        # Ours and alive: already up, or still starting (then wait for it).
        return _wait_ready(home, pid, running_port, timeout, home / "logs" / "neo4j.log")
    _clear_files(home)
    if not re.fullmatch(r"\d+[kKmMgG]?", heap):
        raise ServerError(f"invalid heap size {heap!r}: use e.g. 512m or 2g")
    if _port_in_use(port):
        raise ServerError(f"port {port} is already in use on 127.0.0.1: pick another port")
    install(home)
    java = _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / "neo4j.log"
    classpath = os.pathsep.join([str(home / "classes"), str(home / "lib" / "*")])
    cmd = [java, *JVM_FLAGS, f"-Xmx{heap}", "-cp", classpath, MAIN_CLASS,
           str(home / "db"), str(port), str(PAGECACHE_MB), *(["auth"] if auth else [])]
    with open(log, "ab") as out:
        out.write(f"\n--- kg: starting Neo4j {neo4j_version()} on {_uri(port)} ---\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, close_fds=True)
    _children[proc.pid] = proc
    (home / "neo4j.pid").write_text(str(proc.pid))
    (home / "neo4j.port").write_text(str(port))
    return _wait_ready(home, proc.pid, port, timeout, log)


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


def import_database(home: Path, arguments: list[str], heap: str = "1g", timeout: float = 6 * 3600,
                    workdir: Path | None = None) -> None:
    """Replace the database of ``home`` with an offline import: ``neo4j-admin database import full``.

    ``arguments`` are the importer's file options (see
    :class:`kg.store.bulk.ImportFiles`; relative file names are read in
    ``workdir``, by default ``home``).  The server must not run; the
    caller has checked that the database holds nothing worth keeping, since
    the import overwrites it.  Output goes to ``home/logs/import.log``; a
    failure raises :class:`ServerError` with the importer's own reason, and a
    failed or interrupted import removes the half-written database.
    """
    home = Path(home).resolve()
    if status(home).running or _alive(_read_int(home / "neo4j.pid")):
        raise ServerError("the local Neo4j is running: stop it before an offline import")
    if not re.fullmatch(r"\d+[kKmMgG]?", heap):
        raise ServerError(f"invalid heap size {heap!r}: use e.g. 512m or 2g")
    install(home)
    java = _tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jdk-headless`)")
    (home / "db").mkdir(exist_ok=True)
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / "import.log"
    # The database name goes first: the file options take any number of values.
    cmd = [java, f"-Xmx{heap}", "-cp", str(home / "lib" / "*"), IMPORT_CLASS, "database", "import", "full", "neo4j",
           "--overwrite-destination=true", f"--report-file={logs / 'import.report'}", *arguments]
    env = {**os.environ, "NEO4J_HOME": str(home / "db")}
    env.pop("NEO4J_CONF", None)
    try:
        with open(log, "wb") as out:
            try:
                proc = subprocess.run(cmd, cwd=workdir or home, stdin=subprocess.DEVNULL, stdout=out,
                                      stderr=subprocess.STDOUT, env=env, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise ServerError(f"the Neo4j import took more than {timeout:.0f}s (see {log})") from None
        if proc.returncode != 0:
            raise ServerError(f"the Neo4j import failed: {_import_reason(log)} (see {log})")
    except BaseException:
        _drop_database(home)  # a failed or interrupted import leaves an unusable store: the next start gets an empty one
        raise


def _drop_database(home: Path) -> None:
    for sub in ("databases", "transactions"):
        shutil.rmtree(home / "db" / "data" / sub / "neo4j", ignore_errors=True)


def _import_reason(log: Path) -> str:
    """The most telling line of a failed import's output: its last ``Caused by``, else its last message."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    causes = re.findall(r"Caused by: [\w.$]+: (.+)", text)
    return causes[-1].strip()[:300] if causes else _log_tail(log)
