"""Bylines and credits: reporters, photographers and compilers named in them are no entities (hand-made lines in
the newspaper's forms)."""

from __future__ import annotations

import pytest

from kg.loaders.bylines import byline_spans
from kg.loaders.extract import process
from kg.loaders.read import parse_text


@pytest.mark.parametrize("line", [
    "本报记者  毕京津",
    "本报记者叶传增、通讯员胡艳辉整理",
    "本报记者  贺  勇摄",
    "杨文明  胡艳辉整理",
    "本报记者汪晓东、付文、田豆豆、李昌禹",
    "本报驻柏林记者李强",
    "新华社记者\u00a0\u00a0李\u00a0\u00a0颖摄",  # the paper's no-break spaces (U+00A0)
    "何\u00a0\u00a0勇\u00a0\u00a0章\u00a0\u00a0帝摄影报道",
    "本报记者\u3000林治波整理",
    # page credits: a label, then names
    "版式设计：蔡华伟",
    "本版制图：汪哲平  张丹峰",
    "本版摄影：史家民  版式设计：沈亦伶",
    "版式设计：郭  祥  蔡华伟",
    "制图：新华社记者  胥晓璇",
    "版式设计\u00a0\u00a0蔡华伟",  # the colon left out
])
def test_a_credit_line_is_a_byline(line):
    assert byline_spans("正文第一句。\n" + line + "\n正文第二句。") == [(7, 7 + len(line))]


@pytest.mark.parametrize("text, credit", [
    ("她们约定。\n（陈晓霞、张旭航、李大勇参与采写）", "陈晓霞、张旭航、李大勇参与采写"),
    ("他说。（本报记者张慧中编译）", "本报记者张慧中编译"),
    ("本报北京10月5日电  （记者王小明）", "记者王小明"),
    ("正文。\n制图：边纪红（新华社发）", "制图：边纪红（新华社发"),  # the line, its closing bracket stripped
])
def test_a_bracketed_credit_is_a_byline(text, credit):
    assert [text[s:e] for s, e in byline_spans(text)] == [credit]


@pytest.mark.parametrize("text", [
    "本报记者日前从科技部获悉，张建国表示将加大投入。",
    "记者走进湖南十八洞村",
    "文化产业蓬勃发展",
    "张建国、李明华",
    "本报记者说",
    "制图：科技局发布全市创新地图",
    "摄影 是他一生的爱好",
])
def test_a_sentence_about_a_reporter_is_no_byline(text):
    assert byline_spans(text) == []


def test_a_reporter_in_a_byline_is_no_person_but_the_same_name_in_a_sentence_is():
    text = "本报记者  王建军\n科技局局长刘海涛说，今年将新建实验室。\n（张明远参与采写）"
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    persons = {e.name for e in doc._.kg_entities.values() if e.type == "Person"}
    assert "刘海涛" in persons
    assert not persons & {"王建军", "张明远"}


def test_a_designer_in_a_page_credit_is_no_person():
    text = "科技局局长刘海涛说，今年将新建实验室。\n版式设计：蔡华伟\n本版制图：汪哲平  张丹峰"
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    persons = {e.name for e in doc._.kg_entities.values() if e.type == "Person"}
    assert "刘海涛" in persons
    assert not persons & {"蔡华伟", "汪哲平", "张丹峰"}


@pytest.mark.parametrize("line", ["姚海翔摄（人民视觉）", "任  超摄（新华社发）", "许昌亮摄（影像中国）"])
def test_a_photo_credit_with_its_agency_is_a_byline(line):
    """The picture agency or column after a photo credit: the credit runs to its closing bracket."""
    assert byline_spans("正文第一句。\n" + line + "\n正文第二句。") == [(7, 7 + len(line) - 1)]


def test_nothing_in_a_photo_credit_is_an_entity():
    """许昌亮摄（影像中国）: the photographer 许昌亮 is no person and holds no city 许昌."""
    text = "许昌市科技局局长刘海涛说，今年将新建实验室。\n许昌亮摄（影像中国）"
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    credit = text.index("许昌亮")
    assert not [sp for sp in doc._.kg_spans if sp.start >= credit]
    assert "刘海涛" in {e.name for e in doc._.kg_entities.values() if e.type == "Person"}
