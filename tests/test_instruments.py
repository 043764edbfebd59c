"""The instrument classifier (kg.loaders.instruments) and its pipeline component, on hand-made names and sentences."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kg.goldjson import to_gold_json
from kg.loaders.extract import extract
from kg.loaders.instruments import classify, core_name, cue_tiers, decide, features, instrument_ids
from kg.loaders.read import parse_text
from kg.loaders.scoring import Model


def test_instrument_ids_are_the_schema():
    data = json.loads(resources.files("kg.schema").joinpath("instruments.json").read_text("utf-8"))
    assert instrument_ids() == tuple(i["id"] for i in data["instruments"])
    assert instrument_ids()[-1] == "unknown"


def test_every_instrument_has_cue_words():
    named = {inst for tier in cue_tiers().values() for inst in tier.words.values()}
    assert set(instrument_ids()) - {"unknown"} <= named


@pytest.mark.parametrize("name, type_, want", [
    # the name's own head word
    ("鲲鹏贷", "Fund", "loan_guarantee"),
    ("科技成长E贷", "Fund", "loan_guarantee"),
    ("科研无忧保", "Fund", "loan_guarantee"),
    ("海淀区知识产权质押融资风险补偿资金池", "Fund", "loan_guarantee"),
    ("青山市天使投资引导基金", "Fund", "equity_fund"),
    ("青山市新材料产业母基金", "Fund", "equity_fund"),
    ("青山市自然科学基金", "Fund", "grant"),
    ("青山市科技创新专项资金", "Fund", "grant"),
    ("“北斗杯”创新创业大赛", "Program", "award_competition"),
    ("第三届青山市创新挑战赛", "Program", "award_competition"),
    ("青山市科技创新券", "Fund", "voucher"),
    ("青山英才计划", "Program", "talent"),
    ("海外高层次人才引进计划", "Program", "talent"),
    ("青山市科技成果交易平台", "Program", "network_platform"),
    ("东海科技大市场", "Program", "network_platform"),
    ("青山政企通", "Program", "network_platform"),
    ("科技特派员制度", "Program", "network_platform"),
    ("青山市大学生创业孵化基地建设", "Program", "incubation_infrastructure"),
    ("揭榜挂帅", "Program", "grant"),
    ("青山市重点研发计划", "Program", "grant"),
    ("“未来城市”重大专项", "Program", "grant"),
    ("研发费用加计扣除", "Program", "tax_incentive"),
    ("增值税留抵退税试点", "Program", "tax_incentive"),
    ("科技企业梯次培育工程", "Program", "strategy_plan"),
    ("职务科技成果赋权改革试点", "Program", "strategy_plan"),
    ("青山市专利侵权专项执法行动", "Program", "regulation"),
    # documents: their kind decides, whatever they are about
    ("《青山市科技创新券管理办法》", "Policy", "regulation"),
    ("《关于支持人才创新创业的若干措施》", "Policy", "regulation"),
    ("科创20条", "Policy", "regulation"),
    ("《青山市促进科技成果转化条例（草案）》", "Policy", "regulation"),
    ("《青山市“十四五”科技创新规划》", "Policy", "strategy_plan"),
    ("《青山市建设创新型城市三年行动计划（2023—2025年）》", "Policy", "strategy_plan"),
    ("《青山市科技金融实施方案》", "Policy", "strategy_plan"),
    ("人才新政2.0", "Policy", "regulation"),
])
def test_classify_by_name(name, type_, want):
    instrument, evidence = classify(name, type_, [])
    assert instrument == want, evidence
    cue = evidence.split(": ", 1)[0]
    assert cue in core_name(name) or cue == "Policy"
    assert evidence.endswith(name)


@pytest.mark.parametrize("name, sentence, want", [
    # what the text says it does, right after the name
    ("星火计划", "星火计划为科技型中小企业提供信用贷款，最高500万元。", "loan_guarantee"),
    ("星火计划", "“星火计划”以股权投资方式投早、投小。", "equity_fund"),
    ("星火计划", "星火计划每年资助30个青年团队开展基础研究。", "grant"),
    ("星火计划", "星火计划对首台套装备按售价给予补贴。", "grant"),
    ("星火计划", "通过星火计划引进人才团队12个。", "talent"),
    ("星火计划", "“星火计划”为企业提供咨询、对接等服务。", "network_platform"),
    ("星火计划", "星火计划已累计孵化企业200家。", "incubation_infrastructure"),
    ("星火计划", "星火计划对企业研发投入实行税收优惠。", "tax_incentive"),
    # what the text calls it
    ("星火计划", "这一被称为“星火计划”的项目，已通过中期检查。", "grant"),
    ("星火联盟", "企业通过星火联盟、东海论坛等平台对接需求。", "network_platform"),
    ("城市大脑", "“城市大脑”等一批重大攻关项目加快实施。", "grant"),
])
def test_classify_by_sentence(name, sentence, want):
    instrument, evidence = classify(name, "Program", [sentence])
    assert instrument == want, evidence
    cue, where = evidence.split(": ", 1)
    assert where == sentence and cue in sentence


def test_nearest_cue_wins_and_cues_before_the_name_do_not_count():
    s = "银行研发的“星火计划”以股权投资方式投早，另有贷款支持。"
    assert classify("星火计划", "Program", [s])[0] == "equity_fund"
    assert classify("星火计划", "Program", ["研发经费和贷款都已到位，星火计划正式启动。"])[0] == "strategy_plan"


def test_head_word_beats_the_text_and_documents_beat_their_topic():
    assert classify("人才贷", "Fund", ["人才贷为引进人才提供资助。"])[0] == "loan_guarantee"
    assert classify("《青山市科学技术奖励办法》", "Policy", ["对获奖项目给予奖励。"])[0] == "regulation"


def test_aliases_are_mentions_too():
    instrument, evidence = classify("青山市科技创新发展计划", "Program", ["“青创计划”每年资助30个团队。"],
                                    aliases=["青创计划"])
    assert instrument == "grant" and evidence.startswith("资助: ")


def test_unknown_when_nothing_decides():
    assert classify("青山", "Program", ["青山今年很美。"]) == ("unknown", None)
    assert classify("海湾修复整治工程", "Program", []) == ("unknown", None)
    assert classify("某文件", "Policy", [])[0] == "regulation"  # a policy document sets rules


def test_classify_is_deterministic_and_pure():
    args = ("星火计划", "Program", ["星火计划每年资助30个团队，也提供贷款。"])
    assert len({classify(*args) for _ in range(5)}) == 1


def test_core_name():
    assert core_name("《青山市建设创新型城市三年行动计划（2023—2025年）》") == "青山市建设创新型城市三年行动计划"
    assert core_name("第二届“北斗杯”创新创业大赛") == "北斗杯创新创业大赛"
    assert core_name("人才新政2.0") == "人才新政"


def test_pipeline_sets_instruments_of_schemes_only():
    text = ("青山市科学技术局发布《青山市科技创新券管理办法》。青山银行推出“鲲鹏贷”，为科技型企业提供信用贷款。"
            "青山市还设立青山市天使投资引导基金，以股权投资方式支持初创企业。")
    doc = parse_text(text, "instruments.txt")
    graph = extract(doc)
    got = {e.name: (e.instrument, e.instrument_evidence) for e in graph.entities.values()}
    assert got["鲲鹏贷"][0] == "loan_guarantee" and got["鲲鹏贷"][1] == "贷: 鲲鹏贷"
    assert got["《青山市科技创新券管理办法》"][0] == "regulation"
    assert got["青山市天使投资引导基金"][0] == "equity_fund"
    for e in graph.entities.values():
        if e.type in ("Program", "Fund", "Policy"):
            assert e.instrument is not None
        else:
            assert e.instrument is None and e.instrument_evidence is None
    gold = to_gold_json(graph, doc)
    fund = next(x for x in gold["entities"] if x["name"] == "鲲鹏贷")
    assert fund["instrument"] == "loan_guarantee" and fund["instrument_evidence"] == "贷: 鲲鹏贷"


@pytest.mark.parametrize("name, type_, want", [
    ("《关于阶段性减免企业社会保险费的通知》", "Policy", "tax_incentive"),  # what it does beats its form (通知)
    ("研发费用加计扣除", "Program", "tax_incentive"),
    ("《关于进一步做好稳就业工作的意见》", "Policy", "regulation"),  # no levy cut: the form decides
    ("职业技能提升行动", "Program", "talent"),
    ("长时间实习计划", "Program", "talent"),
])
def test_a_cut_in_taxes_or_fees_and_training_schemes(name, type_, want):
    assert classify(name, type_, [])[0] == want


@pytest.mark.parametrize("name, sentences, want", [
    ("“智慧果园”项目", [], "unknown"),  # one project is no scheme of support
    ("“智慧果园”项目", ["“智慧果园”项目获得省级资助200万元。"], "grant"),  # unless the text says it is funded
    ("青山市重点研发计划", [], "grant"),  # a research programme funds projects
    ("国家科技支撑计划", [], "grant"),
    ("乡村医生特设岗位计划", [], "talent"),
    ("康复服务能力提升工程", [], "strategy_plan"),  # 服务 alone names no platform
])
def test_projects_research_programmes_and_posts(name, sentences, want):
    assert classify(name, "Program", sentences)[0] == want


@pytest.mark.parametrize("name, sentences, want", [
    # a bare 基金 is vague: a relief or charity fund grants, unless the name or the text says it invests
    ("青山医护人员关爱基金", ["青山医护人员关爱基金向一线医护人员发放慰问金。"], "grant"),
    ("青山疫情防控基金", [], "grant"),
    ("青山新经济发展基金", [], "equity_fund"),
    ("青山科创基金", ["青山科创基金以股权投资方式参股初创企业。"], "equity_fund"),
])
def test_a_bare_fund_grants_unless_it_invests(name, sentences, want):
    assert classify(name, "Fund", sentences)[0] == want


# --------------------------------------------------------------------------- the learned classifier

def test_features_hold_the_cue_rules_answer_the_name_and_the_cues_of_the_text():
    feats = features("青山英才计划", "Program", ["青山英才计划每年资助100名青年科学家。"])
    assert "rule=talent" in feats and "type=Program" in feats and "title=False" in feats
    assert "last2=计划" in feats and "bi=英才" in feats
    assert any(f.startswith("ctx_") for f in feats)
    assert features("青山英才计划", "Program", []) == features("青山英才计划", "Program", [])


def test_the_learned_classifier_decides_and_keeps_the_cue_rules_evidence_where_they_agree():
    # a hand-made model: 人才 in the name says talent, otherwise grant
    model = Model(("grant", "talent"), {"bi=人才": (0.0, 5.0)}, (1.0, 0.0), 0.0)
    assert decide("青山人才计划", "Program", [], model=model) == ("talent", "人才计划: 青山人才计划")
    inst, evidence = decide("青山发展规划", "Program", [], model=model)
    assert inst == "grant" and evidence.startswith("model 0.73 (cue rules: strategy_plan): 青山发展规划")
    assert decide("青山发展规划", "Program", [], model=None) == classify("青山发展规划", "Program", [])
    # unknown has no evidence, whoever decides it
    doubt = Model(("grant", "unknown"), {}, (0.0, 1.0), 0.0)
    assert decide("青山人才计划", "Program", [], model=doubt) == ("unknown", None)
