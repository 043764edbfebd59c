"""Injection: document text, file names and CLI values are data, never Cypher, markup or script.

Hostile documents (Cypher fragments, ``$param``, backticks, ``<script>``,
event-handler attributes, console markup, in the text, the HTML title and the
file name) are loaded with the real CLI into the real Neo4j while every query
the driver sends is recorded: no hostile string is ever part of a query text,
they all travel as parameters, they come back exactly, removing the documents
gives back the graph from before, and the HTML export shows them as inert text.
"""

from __future__ import annotations

import json
import re

import neo4j._sync.work.result as neo4j_result
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.loaders.read import load_document
from kg.store import export

pytestmark = pytest.mark.neo4j

EVIL = "x' }) DETACH DELETE n //"
BASELINE = "济南市科学技术局支持济南瑞泰智能科技有限公司建设海洋装备中试平台。济南瑞泰智能科技有限公司专注于海洋物联网领域。"

HOSTILE: dict[str, str] = {
    # Cypher fragments, a parameter, backticks and braces in plain text; the file name is Cypher too.
    f"{EVIL.replace('/', '')}.txt": (
        f"烟台鼎盛智能科技有限公司获得烟台市科学技术局300万元资助{EVIL}。"
        "烟台鼎盛智能科技有限公司专注于人工智能领域`MATCH (n) DETACH DELETE n`。"
        "参数$param、{name}、\\u0027与 ') RETURN 1 UNION MATCH (m) DETACH DELETE m // 都是文字。"),
    # An HTML page: script in the title, escaped markup in the body, a file name that is an <img> tag.
    "<img src=x onerror=alert(2)> [bold]news[red].html": (
        "<html><head><title>新闻<script>alert(1)</script>\" onmouseover=\"alert(5)</title></head><body>"
        "<p>潍坊恒信新材料有限公司获得潍坊市科学技术局200万元资助&lt;script&gt;alert(3)&lt;/script&gt;。</p>"
        "<script>alert(4)</script>"
        "<p>潍坊恒信新材料有限公司专注于新材料领域&lt;img src=x onerror=alert(6)&gt;[link]。</p></body></html>"),
}
MARKERS = ["DETACH DELETE n //", "$param", "`MATCH", "DETACH DELETE m", "<script>", "alert(", "onerror",
           "onmouseover", "烟台鼎盛", "潍坊恒信", "[bold]", "x' })"]
"""Strings only the hostile documents contain: none may ever be part of a query text."""


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, dict]]:
    """Every (query text, parameters) the driver sends from this process (the real queries, recorded)."""
    calls: list[tuple[str, dict]] = []
    real = neo4j_result.Result._run

    def spy(self, query, parameters, *args, **kwargs):
        calls.append((str(query), dict(parameters or {})))
        return real(self, query, parameters, *args, **kwargs)

    monkeypatch.setattr(neo4j_result.Result, "_run", spy)
    return calls


@pytest.fixture
def kg(driver, neo4j_server, tmp_path):
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "KG_HOME": str(tmp_path / "home")}
    return lambda *args: runner.invoke(main, [str(a) for a in args], env=env)


def check_queries(sent: list[tuple[str, dict]]) -> None:
    """No marker in any query text; the markers that were sent were parameters."""
    assert sent
    for query, _ in sent:
        for marker in MARKERS:
            assert marker not in query, (marker, query)


def params_text(sent: list[tuple[str, dict]]) -> str:
    return json.dumps([p for _, p in sent], ensure_ascii=False, default=str)


def test_hostile_documents_are_loaded_as_data_and_round_trip(tmp_path, driver, kg, sent):
    base = tmp_path / "base"
    base.mkdir()
    (base / "baseline.txt").write_text(BASELINE, encoding="utf-8")
    assert kg("build", base).exit_code == 0
    before = export(driver)

    docs = tmp_path / "hostile"
    docs.mkdir()
    for name, text in HOSTILE.items():
        (docs / name).write_text(text, encoding="utf-8")
    sent.clear()
    res = kg("build", docs)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("loaded 2 documents") and res.stderr == ""
    check_queries(sent)
    sent_params = params_text(sent)
    for marker in ("DETACH DELETE n //", "$param", "`MATCH", "<script>alert(3)", "onerror", "[bold]"):
        assert marker in sent_params, marker

    dump = export(driver)
    stored = {n["props"]["name"]: n["props"] for n in dump["nodes"] if n["labels"] == ["Document"]}
    assert set(HOSTILE) <= set(stored)
    sentences = {n["props"]["id"]: n["props"] for n in dump["nodes"] if n["labels"] == ["Sentence"]}
    for name in HOSTILE:
        doc = load_document(docs / name)
        props = stored[name]
        assert props["id"] == doc.id and props["title"] == doc.title and props["path"] == str((docs / name).resolve())
        mine = sorted((s for s in sentences.values() if s["doc_id"] == doc.id), key=lambda s: s["index"])
        assert [s["text"] for s in mine] == [s.text for s in doc.sentences]  # every sentence, exactly
        assert all(doc.text[s["start"]:s["end"]] == s["text"] for s in mine)
        for r in dump["relationships"]:
            if r["type"] == "MENTIONED_IN" and r["end"].startswith(doc.id + ":"):
                assert doc.text[r["props"]["start"]:r["props"]["end"]] == r["props"]["text"]
    html_doc = stored["<img src=x onerror=alert(2)> [bold]news[red].html"]
    assert html_doc["title"] == '新闻<script>alert(1)</script>" onmouseover="alert(5)'
    text = json.dumps(dump, ensure_ascii=False)
    assert "<script>alert(3)</script>" in text and EVIL in text and "alert(4)" not in text  # page scripts dropped
    # Nothing of the graph from before was deleted or changed by the hostile text.
    before_items = {json.dumps(x, sort_keys=True, ensure_ascii=False) for x in before["nodes"] + before["relationships"]}
    after_items = {json.dumps(x, sort_keys=True, ensure_ascii=False) for x in dump["nodes"] + dump["relationships"]}
    changed = [json.loads(x) for x in before_items - after_items]
    hostile_ids = {load_document(docs / name).id for name in HOSTILE}
    mentioned_again = {r["start"] for r in dump["relationships"]
                       if r["type"] == "MENTIONED_IN" and r["end"].split(":")[0] in hostile_ids}
    after_nodes = {n["props"].get("key"): n for n in dump["nodes"] if "Entity" in n["labels"]}
    for item in changed:  # only an entity the hostile text names too may change, and only by gaining evidence
        assert "Entity" in item.get("labels", []) and item["props"]["key"] in mentioned_again, item
        now = after_nodes[item["props"]["key"]]
        assert now["labels"] == item["labels"]
        for prop, value in item["props"].items():
            if isinstance(value, list):
                assert set(value) <= set(now["props"][prop]), (prop, item)
            elif prop != "confidence":
                assert now["props"][prop] == value, (prop, item)

    # Removing them by their hostile names gives back exactly the graph from before.
    sent.clear()
    for name in HOSTILE:
        res = kg("remove", name)
        assert res.exit_code == 0 and res.stdout == f"removed {name}\n", res.output
    check_queries([(q, p) for q, p in sent])
    assert export(driver) == before


def test_hostile_cli_values_are_one_line_not_found_and_change_nothing(tmp_path, driver, kg, sent):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(BASELINE, encoding="utf-8")
    assert kg("build", tmp_path / "docs").exit_code == 0
    before = export(driver)
    values = [EVIL, "$param", "`Entity`) DETACH DELETE (n", "<script>alert(1)</script>", "[/b] [bold]"]
    sent.clear()
    for value in values:
        for args, expected in ((["show", value], "no entity named"),
                               (["programs", "--sector", value], "no sector"),
                               (["remove", value], "no such document in the graph"),
                               (["viz", "--entity", value, "--out", tmp_path / "v.html"], "no entity"),
                               (["viz", "--city", value, "--out", tmp_path / "v.html"], "no city")):
            res = kg(*args)
            assert res.exit_code == 1 and res.stdout == "", (args, res.output)
            assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: ") and expected in res.stderr
            assert value in res.stderr, (args, res.stderr)  # named verbatim, not eaten as console markup
        res = kg("query", "run", "neighbourhood", "-p", f"name={value}", "--format", "json")
        assert res.exit_code == 0 and json.loads(res.stdout) == []
    check_queries(sent)
    assert all(v in params_text(sent) for v in values)
    assert export(driver) == before
    assert not (tmp_path / "v.html").exists()


def test_html_export_shows_document_text_as_inert_text(tmp_path, driver, kg):
    docs = tmp_path / "hostile"
    docs.mkdir()
    for name, text in HOSTILE.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "baseline.txt").write_text(BASELINE, encoding="utf-8")
    assert kg("build", docs).exit_code == 0
    benign = tmp_path / "benign.html"
    page = tmp_path / "graph.html"
    res = kg("viz", "--out", page, "--city", "潍坊")
    assert res.exit_code == 0, res.output
    html = page.read_text("utf-8")
    res = kg("viz", "--out", benign, "--city", "济南")
    assert res.exit_code == 0, res.output
    # The evidence sentence, document name and title are in the page, but only as escaped text.
    assert "alert(3)" in html and "alert(1)" in html and "onerror=alert(2)" in html
    for raw in ("<script>alert(", "<img src=x", '" onmouseover="', "</title><"):
        assert raw not in html, raw
    assert not re.search(r"<[a-z][^<>]*\son(mouseover|error)\s*=", html, re.IGNORECASE)
    tags = lambda text: len(re.findall(r"<script\b", text, re.IGNORECASE))  # noqa: E731
    assert tags(html) == tags(benign.read_text("utf-8"))


def test_entity_card_names_documents_verbatim(tmp_path, driver, kg):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "[red]x [b]y.txt").write_text(BASELINE, encoding="utf-8")
    assert kg("build", docs).exit_code == 0
    res = kg("show", "济南瑞泰智能科技有限公司")
    assert res.exit_code == 0
    assert "[red]x [b]y.txt" in res.stdout
