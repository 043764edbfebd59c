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


@pytest.mark.parametrize("text, found", [
    ("中国企业在拉脱维亚和墨西哥城设立办事处。", [("拉脱维亚", "Region"), ("墨西哥城", "City")]),
    ("内蒙古自治区的企业与突尼斯、罗马尼亚合作。", [("内蒙古自治区", "Region"), ("突尼斯", "Region"), ("罗马尼亚", "Region")]),
    ("本报北爱尔兰电 英国伦敦的大学。", [("北爱尔兰", "Region"), ("英国", "Region"), ("伦敦", "City")]),
    ("波黑和加勒比国家。", [("波斯尼亚和黑塞哥维那", "Region"), ("加勒比地区", "Region")]),
])
def test_world_places_from_cldr(text, found):
    assert [(m.place.name, m.place.type) for m in find_places(text)] == found


@pytest.mark.parametrize("text", ["微信群里加入了新成员。", "沿海地区的企业。", "铁塔林立。", "万事达卡公司。"])
def test_world_place_names_that_are_also_words_are_left_out(text):
    assert not [m for m in find_places(text) if not m.place.division]


def test_a_foreign_city_is_never_the_documents_city():
    assert detect_city("本报伦敦电 伦敦的企业与伦敦的大学。深圳企业参加。") == "深圳"


@pytest.mark.parametrize("form, near, want", [
    ("西安", "哈尔滨", ("西安", "prefecture")),  # not 西安区 of 牡丹江, another city of the same province
    ("西安", "牡丹江", ("西安区", "district")),  # inside the article's city
    ("朝阳", "沈阳", ("朝阳", "prefecture")),  # a city of the same province
    ("朝阳", "北京", ("朝阳区", "district")),
    ("朝阳", None, ("朝阳", "prefecture")),
])
def test_an_ambiguous_short_form_reads_as_a_district_only_inside_the_articles_city(form, near, want):
    idx = place_index()
    p = idx.choose(idx.forms.get(form), near)
    assert (p.name, p.level) == want


def _places_and_chain(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    from kg.loaders.extract import extract
    from kg.loaders.read import parse_text

    g = extract(parse_text(text, "t.txt"))
    names = {e.name for e in g.entities.values() if e.type in ("City", "Region")}
    key = {e.key: e.name for e in g.entities.values()}
    return names, {(key[r.head], key[r.tail]) for r in g.relations.values() if r.type == "BELONGS_TO"}


@pytest.mark.usefixtures("rules_only")
def test_a_county_written_after_its_city_opens_the_town_and_the_village():
    names, chain = _places_and_chain("2月17日，四川德阳市中江县南华镇太和村村民龚兴旺和工友们一起返岗。")
    assert {"德阳", "中江县", "南华镇", "太和村"} <= names and "中江县南华镇" not in names
    assert {("南华镇", "中江县"), ("太和村", "南华镇")} <= chain


@pytest.mark.usefixtures("rules_only")
def test_a_new_area_is_read_after_the_city_it_is_named_after_not_after_the_province():
    names, _ = _places_and_chain("吉林省长春新区今年引进项目30个。")
    assert {"吉林省", "长春新区"} <= names and "吉林省长春新区" not in names


@pytest.mark.usefixtures("rules_only")
def test_no_village_is_read_from_a_pronoun_or_a_count():
    names, _ = _places_and_chain("河东区汤头街道这个村的村民和汤头街道多个社区的志愿者都来了。")
    assert "汤头街道" in names and not {"这个村", "多个社区"} & names


@pytest.mark.usefixtures("rules_only")
def test_no_town_is_read_from_a_quantifier():
    names, _ = _places_and_chain("疫情防控期间，运城市很多乡镇在指导农民做好防护。")
    assert "运城" in names and not any(n.startswith("很多") for n in names)


def test_an_ambiguous_short_form_reads_as_its_highest_place_without_a_city():
    assert place_index().get("河北").name == "河北省" and place_index().get("海南").name == "海南省"
    assert place_index().get("西安").name == "西安" and place_index().get("南山区").level == "district"
