"""The local Neo4j manager (real Java process) and connection errors."""

from __future__ import annotations

import pytest

from kg import server, store
from kg.errors import ServerError, StoreError


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
