"""Policy titles written without 《》 (``loaders/components/policy_phrases.py``), on hand-made sentences.

The kinds come from the error analysis of the training articles; no sentence is taken from a frozen test
document.  The tests read the candidates, and the resolved entities before the learned scorer.
"""

from __future__ import annotations

import pytest

from kg.loaders.components.policy_phrases import find_policy_phrases
from kg.loaders.extract import process
from kg.loaders.read import parse_text


def bare_titles(text: str) -> list[str]:
    doc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                      "kg_instruments"))
    return [c.text for c in doc._.kg_cands if c.source == "bare_title"]


def resolved(text: str) -> dict[str, str]:
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    return {e.name: e.type for e in doc._.kg_entities.values()}


@pytest.mark.parametrize("text,titles", [
    ("省里抓紧出台推进农村人才振兴的意见。", ["推进农村人才振兴的意见"]),
    ("该市修订新能源汽车推广应用管理办法，放宽准入。", ["新能源汽车推广应用管理办法"]),
    ("市文旅局出台15条措施，支持景区复工。", ["15条措施"]),
    ("当年还制定了婚姻法、土地改革法等。", ["婚姻法", "土地改革法"]),
    ("制定实施全国中药饮片炮制规范。", ["全国中药饮片炮制规范"]),                 # the second verb opens it too
    ("发布新版外商投资准入负面清单和鼓励外商投资产业目录，", ["外商投资准入负面清单", "鼓励外商投资产业目录"]),
    ("各地落实好各项援企稳岗政策。", ["援企稳岗政策"]),                           # determiners dropped
])
def test_a_bare_title_runs_from_the_verb_to_its_head_word(text, titles):
    assert bare_titles(text) == titles


@pytest.mark.parametrize("text", [
    "通过创新方法提高效率。",              # 通过 "through", and 方法 is a way of doing
    "严格执行规定。",                      # the kind of document alone
    "出台工作方案。",                      # too short a title: a kind of document
    "落实更大规模的减税降费政策。",        # an adverb opens a description, not a title
    "落实政策要尊重专家意见。",            # a clause (要), not a title
    "实施人才引进计划。",                  # a programme: read by the scheme rule
    "他在会上提出了意见",                  # no separator after the head word
])
def test_no_bare_title_from_a_description_a_clause_or_a_programme(text):
    assert bare_titles(text) == []


def test_a_verb_counts_only_where_it_ends_a_word():
    text = "高职院校扩招实施方案，"
    assert find_policy_phrases(text, [(0, 6, "n"), (6, 10, "n"), (10, 11, "x")]) == []


def test_a_listed_law_inside_a_bare_title_keeps_its_own_name():
    # 外资保险公司管理条例 is a listed regulation: it wins over the longer bare phrase around it
    found = resolved("国务院决定修订外资保险公司管理条例，放宽准入。")
    assert found.get("外资保险公司管理条例") == "Policy"


@pytest.mark.parametrize("text,inside,outside", [
    # the issuers a title opens with, right before 关于, are mentions of their own
    ("日前出台的《中共中央国务院关于支持深圳建设先行示范区的意见》。", {"中共中央", "国务院"}, {"深圳"}),
    ("会上解读了《苏州市人民政府关于支持中小企业共渡难关的十条政策意见》。", {"苏州市人民政府"}, set()),
    # no 关于 after them: a name inside a title is no mention (国务院 in a law's title, 青岛 in a plan's)
    ("学习《国务院机构改革方案》。", set(), {"国务院"}),
    ("印发《青岛市科学技术局2024年工作要点》。", set(), {"青岛市科学技术局", "青岛"}),
])
def test_a_titles_issuers_are_mentions_the_rest_of_its_names_are_not(text, inside, outside):
    names = resolved(text)
    assert inside <= set(names), names
    assert not outside & set(names), names


def test_the_party_centre_is_one_agency_under_its_usual_name():
    assert resolved("在党中央坚强领导下，中共中央政治局召开会议。").get("中共中央") == "Agency"
