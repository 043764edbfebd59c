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
