"""Organisations named relative to a level of administration (县总工会, 省总工会, 区农业农村局) resolve to the
place of that level the document named before them, or are dropped when it named none; media outlets are no
entities (hand-made sentences, read before the learned scorer)."""

from __future__ import annotations

import pytest

from kg.loaders.components.resolve import canonical_org, is_media_outlet, unresolved_relative
from kg.loaders.extract import process
from kg.loaders.read import parse_text


def resolved(text: str) -> dict[str, set[str]]:
    """Name → aliases of the organisations the resolver makes (before the learned scorer)."""
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    return {e.name: e.aliases for e in doc._.kg_entities.values() if e.type not in ("Person", "Region", "City",
                                                                                    "Sector")}


@pytest.mark.parametrize("name, relative", [
    ("区农业农村局", True), ("县人民医院", True), ("省总工会", True), ("北京市局", True),
    ("镇江新区党工委", False), ("区域金融改革与发展研究中心", False), ("黑龙江省总工会", False), ("乡村振兴局", False),
])
def test_a_name_is_relative_when_its_first_word_is_a_bare_level(name, relative):
    assert unresolved_relative(name) is relative


def test_a_relative_name_takes_the_place_of_its_level_named_before_it():
    ents = resolved("阜新蒙古族自治县开展培训。县劳动就业培训中心主任说，今年培训3000人。")
    assert ents.get("阜新蒙古族自治县劳动就业培训中心") == {"县劳动就业培训中心"}


def test_the_nearest_place_of_the_level_wins():
    ents = resolved("长沙县和浏阳县都在行动。浏阳县召开会议，县工商业联合会主席表示支持。")
    assert "浏阳县工商业联合会" in ents and "长沙县工商业联合会" not in ents


def test_a_relative_name_with_no_place_before_it_is_dropped():
    ents = resolved("区农业农村局局长陈永征深有感触。")
    assert not any("农业农村局" in n for n in ents)


def test_a_bureau_named_by_its_level_alone_is_dropped():
    ents = resolved("北京市公安局12345分中心全天候值守，艾冬作为市局12345接诉即办工作负责人冲在前。")
    assert "北京市公安局" in ents and not any(n.endswith("市局") for n in ents)


def test_a_county_party_committee_takes_no_city_but_a_district_one_does():
    assert "中共淅川县委员会" in resolved("淅川县委书记说，南阳市支持淅川县。")
    assert "中共杭州市滨江区委员会" in resolved("滨江区委书记说。")


@pytest.mark.parametrize("name, media", [
    ("羊城晚报报业集团", True), ("西安电视台", True), ("中国出版集团", True), ("阿塞拜疆国家通讯社", True),
    ("人民日报媒体技术股份有限公司", False), ("中国科学院", False), ("江苏省广播电视局", False),
])
def test_media_outlets_are_told_apart_from_the_companies_they_own(name, media):
    assert is_media_outlet(name) is media


def test_a_media_outlet_is_no_entity():
    ents = resolved("羊城晚报报业集团与广州市科学技术局签约。")
    assert "羊城晚报报业集团" not in ents and "广州市科学技术局" in ents


def test_the_city_of_a_relative_body_is_the_one_its_sentence_named_before_it():
    ents = resolved("本报杭州电 主题教育中，商丘市落实会议审批制度，未经市委市政府审批，一律不得召开会议。")
    assert "商丘市人民政府" in ents and "杭州市人民政府" not in ents


@pytest.mark.parametrize("short, formal", [
    ("和县县委", "中共和县委员会"),  # the county's name ends with its level: no doubled 县
    ("平山县县委", "中共平山县委员会"),
    ("淅川县委", "中共淅川县委员会"),
    ("香港特别行政区政府", "香港特别行政区政府"),  # a special administrative region's government is no 人民政府
    ("青岛市政府", "青岛市人民政府"),
])
def test_formal_names_of_party_committees_and_governments(short, formal):
    assert canonical_org(short, "Agency", None) == formal


@pytest.mark.parametrize("text, city, formal", [
    ("聊城市委宣传部", None, "中共聊城市委员会宣传部"),  # a department of a party committee
    ("市委组织部", "北京", "中共北京市委员会组织部"),
    ("浙江宁波市委组织部", "天津", "中共宁波市委员会组织部"),  # the city's committee, not the document's city's
    ("浙江宁波市政府", "天津", "宁波市人民政府"),
    ("贯彻落实市委", "天津", "中共天津市委员会"),  # the words before are no place: the document's city
    ("中共中央宣传部", None, "中共中央宣传部"),
])
def test_party_committees_and_their_departments_take_their_formal_names(text, city, formal):
    assert canonical_org(text, "Agency", city) == formal


def test_a_department_belongs_to_its_party_committee():
    from kg.loaders.components.relate import _parent, abbreviations

    assert _parent("中共聊城市委员会宣传部", {}, abbreviations(), None) == ("中共聊城市委员会", "Agency")
