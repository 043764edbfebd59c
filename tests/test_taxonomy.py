"""The sector taxonomy (schema/sectors.json) and its lookups; no Neo4j."""

from __future__ import annotations

import pytest

from kg.errors import KgError, NotFoundError
from kg.taxonomy import (
    ancestors,
    default_taxonomy,
    descendants,
    map_sector,
    parse_taxonomy,
    resolve_sector,
    suggest_sectors,
)


def test_taxonomy_is_broad_and_well_formed():
    tax = default_taxonomy()
    assert 60 <= len(tax) <= 150
    for s in tax.sectors.values():
        assert s.name_en and s.name_en.isascii()
        assert s.parent is None or s.parent in tax
    assert {"海洋", "新能源", "生物医药", "信息技术", "数字经济", "先进制造", "新材料", "现代农业"} <= set(tax.roots()) | {"新能源"}


@pytest.mark.parametrize("parent, child", [
    ("海洋", "海洋物联网"), ("海洋", "海洋生物"), ("海洋", "海洋装备"), ("海洋", "海洋药物"),
    ("新能源", "新能源汽车"), ("新能源", "氢能"), ("新能源", "储能"), ("新能源", "光伏"),
    ("生物医药", "医疗器械"), ("生物医药", "合成生物"), ("生物医药", "康复"), ("生物医药", "生物制药"),
    ("信息技术", "人工智能"), ("信息技术", "集成电路"), ("数字经济", "工业互联网"), ("数字经济", "大数据"),
    ("数字经济", "区块链"), ("信息技术", "激光"), ("先进制造", "智能制造"), ("先进制造", "高端装备"),
    ("先进制造", "机器人"), ("金融", "金融科技"), ("新材料", "碳纤维"),
])
def test_descendants(parent, child):
    assert child in descendants(parent)
    assert parent in ancestors(child)


@pytest.mark.parametrize("name, canonical", [
    ("生物医药", "生物医药"), ("Biomedicine", "生物医药"), ("BIOMEDICINE", "生物医药"), ("医药", "生物医药"),
    ("marine", "海洋"), ("Marine Economy", "海洋"), ("海洋经济", "海洋"), ("蓝色经济", "海洋"),
    ("AI", "人工智能"), ("ai", "人工智能"), ("芯片", "集成电路"), ("New energy vehicles", "新能源汽车"),
    ("生物医药产业", "生物医药"), ("人工智能领域", "人工智能"), (" 海洋 ", "海洋"), ("“海洋”", "海洋"),
    ("智慧储能", "储能"), ("海洋养殖", "海洋渔业"), ("激光技术", "激光"),
])
def test_resolve_sector(name, canonical):
    assert resolve_sector(name) == canonical


@pytest.mark.parametrize("name", ["", "   ", "青岛", "x' }) DETACH DELETE n //", "孵化器"])
def test_resolve_sector_unknown(name):
    assert resolve_sector(name) is None


@pytest.mark.parametrize("name, mapped", [
    ("海洋物联网设备", "海洋物联网"),      # longest contained term
    ("海洋生物医药产业", "海洋生物"),       # synonym + suffix
    ("以康复为特色的生物医药", "生物医药"),  # longest wins over 康复
    ("智能家电", "家电"),
    ("海洋经济", "海洋"),                   # a synonym maps to its canonical sector
    ("民间金融", "金融"),
    ("氢能装备研发", "氢能"),
    ("氢能装备制造", "高端装备"),           # equal length: the term ending last (the head) wins
])
def test_map_sector(name, mapped):
    assert map_sector(name) == mapped


def test_map_sector_none():
    assert map_sector("海洋") is None  # itself a taxonomy sector
    assert map_sector("跑腿") is None
    assert map_sector("SAIC") is None  # ASCII terms (AI) match whole words only


def test_unknown_sector_suggests_closest():
    with pytest.raises(NotFoundError) as err:
        descendants("海羊")
    assert "海洋" in err.value.suggestions
    assert "海洋" in str(err.value)
    assert suggest_sectors("biomed")[0] == "生物医药"


def test_every_form_names_one_sector():
    with pytest.raises(KgError, match="names both"):
        parse_taxonomy({"sectors": [{"name": "A", "en": "a", "synonyms": ["x"], "parent": None},
                                    {"name": "B", "en": "b", "synonyms": ["X"], "parent": None}]})


def test_bad_parent_and_cycle_rejected():
    with pytest.raises(KgError, match="not a sector"):
        parse_taxonomy({"sectors": [{"name": "A", "en": "a", "synonyms": [], "parent": "Z"}]})
    with pytest.raises(KgError, match="cycle"):
        parse_taxonomy({"sectors": [{"name": "A", "en": "a", "synonyms": [], "parent": "B"},
                                    {"name": "B", "en": "b", "synonyms": [], "parent": "A"}]})


# ----------------------------------------------------------------- official classifications


def test_official_classifications_are_complete_and_sourced():
    tax = default_taxonomy()
    sei = [c for c in tax.codes.values() if c.classification == "SEI2018"]
    gbt = [c for c in tax.codes.values() if c.classification == "GB/T 4754-2017"]
    assert [c.code for c in sei if c.level == 1] == [str(i) for i in range(1, 10)]  # nine first-level industries
    assert len([c for c in sei if c.level == 2]) == 40
    assert len([c for c in gbt if c.level == 1]) == 20 and len([c for c in gbt if c.level == 2]) == 97
    assert tax.codes["4"].name == "生物产业" and tax.codes["4.1"].name == "生物医药产业"
    assert tax.codes["C27"].name == "医药制造业" and tax.codes["C27"].parent == "C"
    for c in tax.codes.values():
        assert c.parent is None or c.parent in tax.codes
    for cl in tax.classifications.values():
        assert cl.document and cl.sources


def test_every_sector_falls_in_an_official_category_or_says_why_not():
    tax = default_taxonomy()
    without = sorted(s.name for s in tax.sectors.values() if not s.official)
    assert without == ["文旅", "海洋", "现代服务业"]  # cross-cutting: no counterpart in either classification
    assert tax.sectors["生物医药"].official_code == "4"
    assert tax.sectors["医疗器械"].official_code == "4.2"
    assert tax.sectors["钢铁"].official_code == "C31"


@pytest.mark.parametrize("text, code", [
    ("4", "4"), (" 4.1 ", "4.1"), ("C27", "C27"), ("c27", "C27"), ("27", "C27"), ("01", "A01"), ("I", "I"),
    ("４", "4"),  # full-width digit
])
def test_official_code_forms(text, code):
    assert default_taxonomy().official_code(text).code == code


@pytest.mark.parametrize("text", ["", "5G", "生物医药", "4.9", "C99", "99", "AI", "x' }) DETACH DELETE n //"])
def test_not_an_official_code(text):
    assert default_taxonomy().official_code(text) is None


def test_sectors_by_official_code():
    tax = default_taxonomy()
    assert tax.by_official_code("4")[0] == "生物医药"
    assert set(tax.by_official_code("4")) <= {"生物医药", *descendants("生物医药")}  # the same part of the tree
    assert "生物制药" in tax.by_official_code("C27")
    assert tax.by_official_code("9") == tax.by_official_code("9.1")  # nothing carries 9: the sectors under it
    assert tax.by_official_code("M73") == []


def test_official_codes_must_exist():
    data = {"sectors": [{"name": "甲", "en": "A", "synonyms": [], "parent": None, "official": ["4"]}]}
    with pytest.raises(KgError, match="official codes"):
        parse_taxonomy(data, {"classifications": [], "codes": []})
