"""The place gazetteer, the document's city and the sections of multi-city documents."""

from __future__ import annotations

import pytest

from kg.loaders.places import detect_city, detect_sections, find_places, place_index


@pytest.mark.parametrize("name, type_, parent", [
    ("济南", "City", "山东省"), ("晋江", "City", "泉州"), ("荣成", "City", "威海"),
    ("南海区", "Region", "佛山"), ("山东省", "Region", None), ("重庆", "City", None),
])
def test_gazetteer(name, type_, parent):
    p = place_index().get(name)
    assert p is not None and p.type == type_ and p.parent == parent


@pytest.mark.parametrize("text, city", [
    ("威海市政府新闻办举行发布会。创新型城市建设。威海市科技局。", "威海"),
    ("青岛出台系列举措。青岛加快优化科技领域营商环境。", "青岛"),
    ("走进武汉东湖高新区。武汉牵住创新牛鼻子。", "武汉"),
])
def test_detect_city(text, city):
    assert detect_city(text) == city


def test_sections_of_multi_city_document():
    text = "前言\n\n一、济南市\n\n济南的做法。\n\n二、郑州市\n\n郑州的做法。\n\n三、晋江市\n\n晋江的做法。\n"
    city, sections = detect_sections(text)
    assert city is None
    assert [s.city for s in sections] == [None, "济南", "郑州", "晋江"]
    off = text.index("郑州的")
    assert next(s.city for s in sections if s.start <= off < s.end) == "郑州"


def test_weak_forms_need_support():
    assert not [m for m in find_places("中以创新合作周在常州举办。") if m.place.name == "合作"]
    assert [m.place.name for m in find_places("晋江市的企业。晋江的鞋服产业。")] == ["晋江", "晋江"]
