"""Property-based: random and hostile input through the loaders and the extractor.

Whatever the text (any Unicode but surrogates, control characters, random
bytes, hostile HTML, very long lines, nothing but punctuation, pieces of real
documents glued together), reading and extraction either work or raise the
tool's own :class:`KgError`; and every offset they produce slices the
document text to exactly the surface it claims (sentences, entity mentions,
relation evidence).  Budget: well under a minute.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.ingest import sample_corpus
from kg.loaders.extract import extract
from kg.loaders.read import decode, load_document, parse_text
from kg.model import Document, document_id

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

HOSTILE = ["<script>alert(1)</script>", "x' }) DETACH DELETE n //", "$param", "`", "{", "}", "\\", "\x00", "\ufeff",
           "\u202e", "\u200b", "\u3000", "\r", "\r\n", "\x1f", "\x7f", "\ufffd", "&amp;", "&#0;", "&#x110000;", "<!--",
           "-->", "<![CDATA[", "]]>", "[/b]", "[bold]", "%PDF", "\ud7ff", "\U0010ffff", "𠀀", "　"]
NAMEISH = ["有限公司", "科技有限公司", "实验室", "研究院", "孵化器", "产业园", "基金", "计划", "工程", "银行科技支行",
           "市科学技术局", "大学", "亿元", "万元", "年", "（以下简称“", "”）", "《", "》", "“", "”", "、", "与", "向",
           "获得", "支持", "专注于", "董事长", "青岛", "济南", "海洋", "生物医药", "人工智能"]


@lru_cache(maxsize=1)
def _seed_pieces() -> tuple[str, ...]:
    text = "".join(p.read_text("utf-8") for p in sorted(sample_corpus().glob("*.txt")))
    pieces = [s for s in re.split(r"(?<=[。！？\n])", text) if s.strip()]
    return tuple(pieces[:400])


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
punctuation = st.text(st.sampled_from(list("。，、；：！？“”‘’《》（）()[]【】…—-·.,;:!?\"'`~@#$%^&*_+=|\\/<> \n\t")),
                      max_size=200)
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
pieces = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(NAMEISH), st.text(cjk, min_size=1, max_size=6),
                   st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
                   st.sampled_from(_seed_pieces()))
glued = st.lists(pieces, max_size=40).map("".join)
tags = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<title>", "</title>", "<script>", "</script>",
                        "<style>", "</style>", "<nav>", "<article>", "</article>", "<table><tr><td>", "</td></tr>",
                        "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">', "</a>", "<html>", "<body>",
                        "<!DOCTYPE html>", "<meta charset=gbk>", "<svg onload=alert(1)>", "<iframe>", "<", ">", "&"])
hostile_html = st.lists(st.one_of(tags, pieces), max_size=40).map(lambda parts: "<html><body>" + "".join(parts))


def check(doc: Document) -> None:
    """The invariants every document and its extraction keep."""
    assert doc.id == document_id(doc.text, doc.source_path or doc.name)
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text and s.text.strip()
    graph = extract(doc)
    assert set(graph.documents) == {doc.id}
    for e in graph.entities.values():
        assert e.name and e.key == f"{e.type}:{e.name}"
        for m in e.mentions:
            assert m.doc_id == doc.id
            assert doc.text[m.start:m.end] == m.text, (e.key, m)
            s = doc.sentence_at(m.start)
            assert s is not None and s.index == m.sentence
    for r in graph.relations.values():
        assert r.head in graph.entities and r.tail in graph.entities
        for m in r.evidence:
            assert doc.text[m.start:m.end] == m.text, (r.key, m)


def parse_and_check(raw: str, html: bool | None = None) -> None:
    try:
        doc = parse_text(raw, "random.txt", html=html)
    except KgError:
        return  # the tool's own error (e.g. no readable text): a one-line message for the user
    check(doc)


@FAST
@given(any_text, st.sampled_from([None, False, True]))
def test_any_unicode_text(raw: str, html: bool | None) -> None:
    parse_and_check(raw, html)


@settings(FAST, max_examples=200)
@given(glued)
def test_real_fragments_glued_with_hostile_pieces(raw: str) -> None:
    parse_and_check(raw)


@settings(FAST, max_examples=150)
@given(hostile_html)
def test_hostile_html(raw: str) -> None:
    parse_and_check(raw, html=True)


@settings(FAST, max_examples=25)
@given(punctuation)
def test_only_punctuation(raw: str) -> None:
    parse_and_check(raw)


@settings(FAST, max_examples=6)
@given(st.sampled_from(NAMEISH + ["华", "x", "。", " "]), st.integers(2_000, 30_000), st.sampled_from(NAMEISH))
def test_very_long_lines(unit: str, repeat: int, tail: str) -> None:
    parse_and_check("青岛" + unit * (repeat // len(unit)) + tail)


@settings(FAST, max_examples=150)
@given(st.binary(max_size=3000))
def test_random_bytes_through_decode(data: bytes) -> None:
    try:
        raw, _ = decode(data, "random.bin")
    except KgError:
        return
    assert isinstance(raw, str)
    parse_and_check(raw)


@settings(FAST, max_examples=60)
@given(st.one_of(st.binary(max_size=2000), any_text.map(lambda t: t.encode("utf-16")),
                 glued.map(lambda t: t.encode("gb18030", errors="ignore")), glued.map(lambda t: t.encode("utf-8"))),
       st.sampled_from(["doc.txt", "page.html", "noext"]))
def test_random_files_through_load_document(tmp_path_factory, data: bytes, name: str) -> None:
    path = Path(tmp_path_factory.mktemp("random")) / name
    path.write_bytes(data)
    try:
        doc = load_document(path)
    except KgError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
        return
    check(doc)


def test_runs_of_list_separators_extract_in_linear_time() -> None:
    """Runs of 与/和/及 once made the sector list rule backtrack exponentially ('与' * 32: ~16 s)."""
    seconds = {}
    for n in (14, 28):
        doc = parse_text("青岛" + "与" * n + "有限公司", "separators.txt")
        started = time.perf_counter()
        extract(doc)
        seconds[n] = time.perf_counter() - started
    assert seconds[28] < 0.25 + 4 * seconds[14], seconds  # twice the text: about twice the time, not 2**14 times
