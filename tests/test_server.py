"""The local Neo4j manager (the real Community server, a Java process), its HTTP side and connection errors."""

from __future__ import annotations

import html
import json
import urllib.request

import psutil
import pytest
from click.testing import CliRunner

from kg import server, store
from kg.cli import main
from kg.errors import ServerError, StoreError
from kg.packs import load_packs
from kg.server import guide
from kg.store.query import check_params, example_params, run_pack


@pytest.mark.neo4j
def test_status_reports_the_running_server(neo4j_home, neo4j_server):
    st = server.status(neo4j_home)
    assert st.running and st.uri == neo4j_server
    assert st.pid and st.port and neo4j_server.endswith(f":{st.port}")


@pytest.mark.neo4j
def test_start_when_running_is_a_noop(neo4j_home, neo4j_server):
    before = server.status(neo4j_home)
    again = server.start(neo4j_home, port=server.free_port())  # another port: still the running one
    assert again == before


@pytest.mark.neo4j
def test_second_home_on_a_busy_port_fails_with_one_line(tmp_path, neo4j_server):
    port = int(neo4j_server.rsplit(":", 1)[1])
    with pytest.raises(ServerError) as info:
        server.start(tmp_path / "other", port=port)
    assert "already in use" in str(info.value) and "\n" not in str(info.value)


def test_status_of_an_empty_home(tmp_path):
    st = server.status(tmp_path)
    assert not st.running and st.state == "stopped" and st.pid is None
    assert server.stop(tmp_path) is False


def test_free_port_is_bindable():
    import socket

    port = server.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_connect_to_a_dead_port_says_how_to_fix_it():
    uri = f"bolt://127.0.0.1:{server.free_port()}"
    with pytest.raises(StoreError) as info:
        store.connect(uri, None, None)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg == f"cannot reach Neo4j at {uri}: start one with `kg neo4j start` or set NEO4J_URI"


def test_connect_with_a_bad_uri():
    with pytest.raises(StoreError, match="invalid Neo4j URI"):
        store.connect("http://127.0.0.1:7474", None, None)


# ------------------------------------------------------------------ HTTP, Neo4j Browser and the packs guide


def _get(url: str) -> tuple[int, str, bytes]:
    """``curl -s URL``: status, content type and body (never through a proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def _post_json(url: str, body: dict) -> dict:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with opener.open(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.neo4j
def test_http_serves_neo4j_browser_and_the_discovery_document(neo4j_home, neo4j_server):
    st = server.status(neo4j_home)
    assert st.http_port and st.http_port != st.port
    assert st.browser_url == f"http://127.0.0.1:{st.http_port}/browser/?preselectAuthMethod=NO_AUTH&dbms={neo4j_server}"
    code, kind, body = _get(f"http://127.0.0.1:{st.http_port}/browser/")
    assert code == 200 and kind.startswith("text/html") and b"<title>Neo4j Browser</title>" in body
    code, kind, body = _get(st.http_url)
    discovery = json.loads(body)
    assert discovery["bolt_direct"] == neo4j_server and discovery["neo4j_edition"] == "community"
    assert discovery["neo4j_version"] == server.neo4j_version()


@pytest.mark.neo4j
def test_the_http_api_answers(neo4j_home, neo4j_server):
    base = server.status(neo4j_home).http_url
    tx = _post_json(base + "db/neo4j/tx/commit", {"statements": [{"statement": "RETURN 1 + 1 AS x"}]})
    assert tx["errors"] == [] and tx["results"][0]["data"][0]["row"] == [2]
    query = _post_json(base + "db/neo4j/query/v2",
                       {"statement": "RETURN $name AS name", "parameters": {"name": "青岛"}})
    assert query["data"]["values"] == [["青岛"]]


@pytest.mark.neo4j
def test_bolt_and_http_listen_on_loopback_only(neo4j_home, neo4j_server):
    st = server.status(neo4j_home)
    proc = psutil.Process(st.pid)
    listening = [c.laddr for c in proc.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    assert {a.port for a in listening} == {st.port, st.http_port}
    assert {a.ip for a in listening} <= {"127.0.0.1", "::ffff:127.0.0.1"}


@pytest.mark.neo4j
def test_usage_reports_are_off_and_the_conf_is_what_the_server_runs_with(neo4j_home, neo4j_server):
    st = server.status(neo4j_home)
    conf = dict(line.split("=", 1) for line in server.conf_path(neo4j_home).read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#"))
    assert conf == dict(line.split("=", 1) for line in server.server_conf(st.port, st.http_port).splitlines()[1:])
    assert conf["dbms.usage_report.enabled"] == "false" and conf["client.allow_telemetry"] == "false"
    assert conf["server.https.enabled"] == "false" and conf["server.default_listen_address"] == "127.0.0.1"
    with store.connect(neo4j_server, None, None) as driver:
        running = {r["name"]: r["value"] for r in driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=list(conf)).records}
        browser = {r["name"]: r["value"] for r in driver.execute_query("CALL dbms.clientConfig()").records}
    shown_as_written = [k for k in conf if not k.startswith("internal.")  # the others are shown reformatted
                        and k not in ("server.memory.pagecache.size", "server.unmanaged_extension_classes")]
    assert {k: running[k] for k in shown_as_written} == {k: conf[k] for k in shown_as_written}
    # What Neo4j Browser reads on connecting: no usage statistics, the packs guide opened from this server.
    assert browser["client.allow_telemetry"] == "false"
    assert browser["browser.post_connect_cmd"] == f"guide {st.guide_url}"
    assert browser["browser.remote_content_hostname_whitelist"] == "127.0.0.1"


@pytest.mark.neo4j
def test_the_server_serves_the_guide_of_every_pack(neo4j_home, neo4j_server):
    st = server.status(neo4j_home)
    code, kind, body = _get(st.guide_url)
    page = body.decode("utf-8")
    assert code == 200 and kind.startswith("text/html")
    assert page == guide.render(load_packs().values(), st.guide_url)
    assert page.count("<slide>") == len(load_packs()) + 1
    for i, pack in enumerate(load_packs().values(), start=1):
        assert f"<h3>{pack.name}</h3>" in page
        assert f'data-exec="guide {st.guide_url}#slide-{i}"><b>{pack.name}</b>' in page
        assert html.escape(pack.cypher) in page


@pytest.mark.neo4j
def test_the_guide_sets_the_parameters_kg_query_run_sends_and_every_pack_answers(sample_db):
    for pack in load_packs().values():
        values = guide.example_values(pack)
        assert values == check_params(pack, example_params(pack))
        command = guide.set_params_command(values)
        if values:  # the Browser has the server evaluate `:param [{a, b}] => { RETURN … }`: same values and types
            assert command.startswith("param [{" + ", ".join(values) + "}] => { RETURN ")
            record = sample_db.execute_query(command.split("=> {", 1)[1].rsplit("}", 1)[0]).records[0]
            assert dict(record) == values
            assert [type(record[k]) for k in values] == [type(v) for v in values.values()]
        else:
            assert command == ""
        assert run_pack(sample_db, pack, values), f"{pack.name} gives no rows for its example on the sample"


def test_the_guide_escapes_what_it_shows():
    from kg.packs import parse_pack

    pack = parse_pack("// name: hostile\n// description: <script>alert(1)</script>\n"
                      "// param: name (string) A name. Example: </pre><b>x'\n"
                      "// example: kg query run hostile -p \"name=</pre><b>x'\"\n"
                      "MATCH (n) WHERE n.name = $name AND 1 < 2 RETURN n", "hostile.cypher")
    page = guide.render([pack], "http://127.0.0.1:7474/kg/guide")
    assert "<script>" not in page and "</pre><b>" not in page
    assert "&lt;/pre&gt;&lt;b&gt;x\\&#x27;" in page and "1 &lt; 2" in page


@pytest.mark.neo4j
def test_a_busy_http_port_fails_in_one_line_before_anything_starts(tmp_path, neo4j_home, neo4j_server):
    busy = server.status(neo4j_home).http_port
    with pytest.raises(ServerError) as info:
        server.start(tmp_path / "other", port=server.free_port(), http_port=busy)
    assert str(info.value) == f"port {busy} is already in use on 127.0.0.1: pick another HTTP port"
    assert not (tmp_path / "other" / "neo4j.pid").exists()


@pytest.mark.neo4j
def test_kg_neo4j_start_and_status_print_the_browser_address(tmp_path, neo4j_home, neo4j_server):
    home = tmp_path / "kg"
    home.mkdir()
    (home / "neo4j").symlink_to(neo4j_home, target_is_directory=True)  # the session server is this home's
    st = server.status(neo4j_home)
    env = {"KG_HOME": str(home), "KG_NEO4J_PORT": str(server.free_port()),
           "KG_NEO4J_HTTP_PORT": str(server.free_port())}
    for args, first in ((["neo4j", "start"], f"Neo4j already running at {neo4j_server}"),
                        (["neo4j", "status"], f"running at {neo4j_server}")):
        res = CliRunner().invoke(main, args, env=env)
        assert res.exit_code == 0, res.output
        lines = res.output.splitlines()
        assert lines[0].startswith(first)
        assert f"Neo4j Browser: {st.browser_url}" in lines
        assert f"HTTP API: {st.http_url} (query packs guide in the Browser: :guide {st.guide_url})" in lines


def test_stop_ends_a_bolt_only_server_an_earlier_version_started(tmp_path):
    import subprocess
    import sys

    # A stand-in with the old launcher's main class on its command line (the real one would hold the jars).
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "KgNeo4j"])
    try:
        (tmp_path / "neo4j.pid").write_text(str(proc.pid))
        (tmp_path / "neo4j.port").write_text(str(server.free_port()))
        assert server.status(tmp_path).state == "starting"  # alive, not answering, no HTTP port on record
        assert server.stop(tmp_path) is True
        assert proc.wait(timeout=10) is not None and not (tmp_path / "neo4j.pid").exists()
    finally:
        proc.kill()


def test_a_pid_reused_after_our_child_exited_is_judged_by_its_own_command_line(monkeypatch):
    import subprocess
    import sys
    import time

    import psutil

    import kg.server.local as local

    class Exited:  # a child this process started once, now exited and reaped
        def poll(self) -> int:
            return 0

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "KgNeo4j"])
    try:
        # Popen returns once exec has begun; the new command line can read empty for a moment after (seen
        # on a loaded machine), which is what a stranger's starting process looks like too: wait it out
        deadline = time.monotonic() + 10
        while not psutil.Process(proc.pid).cmdline() and time.monotonic() < deadline:
            time.sleep(0.01)
        monkeypatch.setitem(local._children, proc.pid, Exited())  # the kernel gave its pid to the stand-in
        assert local._alive(proc.pid)
        assert proc.pid not in local._children
    finally:
        proc.kill()
        proc.wait()


def test_jars_fetched_for_another_pom_are_fetched_again(tmp_path):
    import kg.server.local as local

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "neo4j.jar").write_bytes(b"")
    version = server.neo4j_version()
    (lib / ".complete").write_text(json.dumps({"neo4j": version, "jars": ["neo4j.jar"]}))  # no server, no Browser
    assert not local._jars_complete(lib, version)
    (lib / ".complete").write_text(json.dumps({"neo4j": version, "pom": local._pom_digest(), "jars": ["neo4j.jar"]}))
    assert local._jars_complete(lib, version)
