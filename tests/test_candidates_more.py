"""Candidate kinds added from the error analysis of the real training articles (never a frozen test document):
programme names read back to the verb acting on them, local bodies under their short forms, international
organisations, forms of address that name nobody, and a suffix whose letters hold a false word.

Hand-made sentences; the tests read the resolved entities before the learned scorer, so they check what
the candidate stage hands to it.
"""

from __future__ import annotations

import pytest

from kg.loaders.components.orgs import find_local_agencies
from kg.loaders.components.persons import ends_inside_title, is_form_of_address
from kg.loaders.components.schemes import find_scheme_spans
from kg.loaders.extract import process
from kg.loaders.read import parse_text
from kg.loaders.scoring import policy_head


def resolved(text: str) -> dict[str, str]:
    """Name → type of the entities the resolver makes (before the learned scorer)."""
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    return {e.name: e.type for e in doc._.kg_entities.values()}


def schemes(text: str) -> list[str]:
    doc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                      "kg_instruments"))
    return [c.text for c in doc._.kg_cands if c.source == "scheme_span"]


@pytest.mark.parametrize("text,name", [
    ("持续推进职业技能提升行动，重点做好企业职工培训。", "职业技能提升行动"),
    ("开展博士后创新人才支持计划，实施专业技术人才知识更新工程。", "博士后创新人才支持计划"),
    ("1986年，湖南省人民政府启动炎帝陵殿修复工程。", "炎帝陵殿修复工程"),
    ("针对备受关注的根治欠薪夏季专项行动，人社部作出部署。", "根治欠薪夏季专项行动"),
    ("深入实施研发创新促进工程。", "研发创新促进工程"),
])
def test_a_programme_name_runs_back_to_the_verb_acting_on_it(text, name):
    assert name in schemes(text)


@pytest.mark.parametrize("text", [
    "各地迅速行动起来，共同行动。",       # 行动 as a verb, or after an adverb alone
    "这是一项系统工程，需要统一行动。",     # generic heads
    "他是一名高级工程师。",                 # 工程 inside the word 工程师
    "实施计划生育政策。",                   # 计划 inside 计划生育
])
def test_no_programme_from_a_verb_a_generic_head_or_a_longer_word(text):
    assert schemes(text) == []


def test_scheme_spans_need_token_bounds():
    text = "实施人才强省计划。"
    tokens = [(0, 2, "v"), (2, 4, "n"), (4, 6, "n"), (6, 8, "n"), (8, 9, "x")]
    assert [c.text for c in find_scheme_spans(text, tokens)] == ["人才强省计划"]
    assert find_scheme_spans(text, [(0, 9, None)]) == []


@pytest.mark.parametrize("text,name,not_name", [
    ("上海市发改委主任表示，将加快项目审批。", "上海市发展和改革委员会", "国家发展和改革委员会"),
    ("浙江省卫健委发布消息。", "浙江省卫生健康委员会", "国家卫生健康委员会"),
    ("在北京市科委的大力推动下，研究院发展迅速。", "北京市科学技术委员会", None),
    ("江苏省市场监管局发布通知。", "江苏省市场监督管理局", None),
])
def test_a_place_and_a_short_form_is_that_places_body(text, name, not_name):
    found = resolved(text)
    assert found.get(name) == "Agency"
    assert not_name not in found


def test_a_national_short_form_alone_stays_national():
    assert resolved("国家发改委和工信部联合发文。").get("国家发展和改革委员会") == "Agency"


def test_a_title_after_a_local_short_form_is_no_body():
    assert [c.text for c in find_local_agencies("上海市科委员会")] == []


def test_a_suffix_holding_a_false_word_is_still_a_suffix():
    # 新局 (开新局, a new situation) lies inside the suffix 科技创新局
    assert resolved("合肥市财政局和深圳市科技创新局联合发文。").get("深圳市科技创新局") == "Agency"
    assert "开新局" not in resolved("要奋力开新局。")


@pytest.mark.parametrize("text,name,type_", [
    ("世界贸易组织和联合国粮食及农业组织发布报告。", "世界贸易组织", "Agency"),
    ("世界贸易组织和联合国粮食及农业组织发布报告。", "联合国粮食及农业组织", "Agency"),
    ("中国与东盟的贸易持续增长。", "东南亚国家联盟", "Agency"),
    ("亚投行为项目提供贷款。", "亚洲基础设施投资银行", "Financier"),
])
def test_international_organisations_from_the_public_list(text, name, type_):
    assert resolved(text).get(name) == type_


@pytest.mark.parametrize("name", ["徐某东", "李某某", "易老师", "张院士", "王总", "欧阳", "李总工",
                                  "罗伯伯", "梁叔", "韩家", "韩家人", "欧阳奶奶"])
def test_forms_of_address_name_nobody(name):
    assert is_form_of_address(name)


@pytest.mark.parametrize("name", ["欧阳修", "李明", "王书文", "张老三", "吴心伯", "王家栋"])
def test_names_are_no_forms_of_address(name):
    assert not is_form_of_address(name)


def test_a_person_cut_inside_a_title_is_none():
    assert ends_inside_title("张工程", "师说，")
    assert not ends_inside_title("李明", "主任说")
    assert "张工程" not in resolved("张工程师说，设备已调试完毕。")


@pytest.mark.parametrize("title,head", [
    ("《关于促进集成电路产业发展的若干意见》", True),
    ("《上海市科技创新券管理办法（试行）》", True),
    ("《长三角科技创新共同体建设发展规划》", True),
    ("《中国科技统计年度报告》", False),
    ("《冷的铁索热的血》", False),
    ("《我和我的祖国》", False),
])
def test_a_policy_head_is_a_word_policy_documents_end_with(title, head):
    assert policy_head(title) is head


@pytest.mark.parametrize("text,policy", [
    ("国务院印发《关于促进集成电路产业发展的若干意见》。", "《关于促进集成电路产业发展的若干意见》"),
    ("浙江省出台《中国制造2025》浙江行动纲要。", "《中国制造2025》"),  # no head, but issued
    ("歌曲《冷的铁索热的血》讲述了红军飞夺泸定桥的故事。", None),
    ("他主演的电视剧《俏夕阳》在央视播出。", None),
])
def test_a_title_is_a_policy_when_it_names_a_kind_of_document_or_is_issued(text, policy):
    found = [n for n, t in resolved(text).items() if t == "Policy"]
    assert found == ([policy] if policy else [])


def test_names_inside_a_song_or_book_title_are_no_mentions():
    ents = resolved("他朗诵了《北京大学的早晨》，又唱起《春天的故事》。")
    assert "北京大学" not in ents


@pytest.mark.parametrize("text, sector", [
    ("涉足化纤行业不久的盛虹集团毅然出资7亿元。", "化纤"),
    ("当地积极发展羽绒产业，带动就业。", "羽绒"),
])
def test_a_noun_right_before_a_domain_word_is_a_sector_candidate(text, sector):
    """The noun run stops before 行业/产业 (化纤/行业: both nouns), so the frame is seen after it."""
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    assert sector in {c.text for c in doc._.kg_cands if c.type == "Sector"}


@pytest.mark.parametrize("text, name", [
    ("“中云智车”项目落户相城。", "“中云智车”项目"),  # one quoted project: quotes and 项目 as the gold README writes it
    ("推进比创新、比创造、增动能“三比一增”专项行动，精准服务实体经济。", "“三比一增”专项行动"),  # starts at its quote
    ("开展“增品种、提品质、创品牌”专项行动，培育壮大战略性产业。", "“增品种、提品质、创品牌”专项行动"),
    ("2019年（第十届）阳澄湖创客大赛总决赛举行。", "阳澄湖创客大赛"),  # the edition is no part of the name
    ("完成“十三五”规划目标任务。", "“十三五”规划"),
    ("中国科研人员加入人类基因组计划，在非洲推广水稻种植技术。", "人类基因组计划"),  # 加入 acts from outside
])
def test_programme_names_as_written(text, name):
    assert resolved(text).get(name) == "Program"


@pytest.mark.parametrize("text, name, not_name", [
    ("沙特阿拉伯外交大臣费萨尔通电话。", "费萨尔", "费萨尔通"),  # 通电话 follows a name
    ("联合国前副秘书长明石康代表论坛日本主办方致辞。", "明石康", "明石康代表"),
    ("出生于1993年的李柳柳刚工作两年。", "李柳柳", "李柳柳刚"),  # an adverb glued to a long name
])
def test_what_follows_a_name_is_cut_from_lacs_person(text, name, not_name):
    got = resolved(text)
    assert got.get(name) == "Person" and not_name not in got


def test_a_compound_surname_keeps_its_given_name():
    from kg.loaders.components.lac import _person_edge
    from kg.loaders.lac import LacWord

    assert _person_edge("欧阳志刚表示", LacWord(0, 4, "PER")) == LacWord(0, 4, "PER")
    assert _person_edge("李柳柳刚工作", LacWord(0, 4, "PER")) == LacWord(0, 3, "PER")


def test_a_foreign_university_is_named_without_its_country():
    got = resolved("他曾就读于英国牛津大学，后赴新加坡国立大学任教。")
    assert got.get("牛津大学") == "University" and got.get("新加坡国立大学") == "University"
    assert "英国牛津大学" not in got and "就读于英国牛津大学" not in got


def test_an_anonymised_body_or_person_is_no_name():
    got = resolved("东部战区某调度中心的工作人员徐某东说。")
    assert not any("某" in n for n in got)


def sources(text: str) -> dict[str, set[str]]:
    """Candidate text → the sources that proposed it (before resolving)."""
    doc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                      "kg_instruments"))
    out: dict[str, set[str]] = {}
    for c in doc._.kg_cands:
        out.setdefault(c.text, set()).add(c.source)
    return out


@pytest.mark.parametrize("text,sector", [
    ("今年先进制造业增加值增长较快。", "先进制造业"),                        # schema/sectors.json synonym
    ("电气机械和器材制造业增长10.7%。", "电气机械和器材制造业"),          # GB/T 4754-2017 division
])
def test_the_taxonomys_names_are_sector_candidates(text, sector):
    assert "sector_taxonomy" in sources(text).get(sector, set())


def test_the_taxonomy_adds_no_domain_with_a_generic_tail_or_a_public_body():
    from kg.loaders.components.sectors import taxonomy_terms

    terms = set(taxonomy_terms())
    assert "先进制造业" in terms
    assert not {"工业互联网平台", "人工智能产业", "中国共产党机关", "国际组织"} & terms
    assert "工业互联网" not in terms  # in the vocabulary already: its own source wins


@pytest.mark.parametrize("text,sector", [
    ("这家企业生产的涂料销往全国。", "涂料"),          # 2641 涂料制造
    ("基因工程药物和疫苗的研发加快。", "疫苗"),        # 2762 基因工程药物和疫苗制造
    ("煤炭产量下降。", "煤炭"),                      # 06 煤炭开采和洗选业
])
def test_the_trades_of_gbt4754_classes_are_sector_candidates(text, sector):
    assert "sector_official" in sources(text).get(sector, set())


def test_gbt4754_gives_no_bodies_kinds_of_work_or_public_administration():
    from kg.loaders.components.sectors import official_terms

    terms = set(official_terms())
    assert {"涂料", "疫苗", "铁路", "锂离子电池", "集成电路"} <= terms
    assert not {"设备", "批发", "综合医院", "图书馆", "信托公司", "中国共产党机关", "国家机构", "其他"} & terms
    assert not any(t.endswith(("院", "馆", "公司")) or "其他" in t for t in terms)


def test_a_generic_domain_word_is_a_strong_candidate_only_where_framed():
    # unframed, it is a candidate of its own source for the scorer to weigh: with 613 training articles
    # cross-validated Sector F1 0.579 → 0.585 (with 40, the first try, no higher: 0.709 either way)
    assert sources("全市芯片产能提高。")["芯片"] == {"sector_weak_bare"}
    assert "sector_weak" in sources("发展芯片产业。")["芯片"]


@pytest.mark.parametrize("text,sector", [
    ("我国高技术制造业增长较快。", "高技术制造业"),
    ("培育战略性新兴产业。", "战略性新兴产业"),
    ("发展乡村旅游和工业旅游。", "乡村旅游"),
    ("第一产业增加值增长3.1%。", "第一产业"),
])
def test_a_trade_word_with_its_qualifier_is_a_compound_sector(text, sector):
    assert "sector_compound" in sources(text).get(sector, set())


@pytest.mark.parametrize("text,not_sector", [
    ("当地农业发展很快。", "当地农业"),      # a place qualifier
    ("壮大主导产业。", "主导产业"),          # a generic one
    ("加快建设工业强省。", "建设工业"),      # a verb
])
def test_no_compound_sector_from_a_place_a_generic_word_or_a_verb(text, not_sector):
    assert not_sector not in sources(text)



@pytest.mark.parametrize("text,body", [
    ("菲律宾外交部发言人表示。", "菲律宾外交部"),   # not the Chinese 外交部 of the public list
    ("泰国卫生部作出回应。", "泰国卫生部"),
    ("巴西政府宣布。", "巴西政府"),
    ("美国国防部长埃斯珀说。", "美国国防部"),
])
def test_a_foreign_body_is_named_with_its_country(text, body):
    assert "foreign_body" in sources(text).get(body, set())


@pytest.mark.parametrize("text", ["美国东部迎来寒潮。", "美国等国家政府表示。", "日本外务省表示。"])
def test_no_foreign_body_from_a_direction_a_phrase_or_an_unknown_head(text):
    assert not any("foreign_body" in v for v in sources(text).values())


@pytest.mark.parametrize("name", ["中央全面深化改革委员会", "中共中央政治局常务委员会", "中央财经委员会"])
def test_the_party_centres_commissions_are_listed(name):
    assert "public" in sources(f"{name}召开会议。").get(name, set())


def test_schools_are_university_as_the_conventions_say():
    got = resolved("西北工业大学附属中学的学生参加比赛。阳光职业技能培训学校开班。华阳小学的孩子们。")
    assert got.get("西北工业大学附属中学") == "University"
    assert got.get("阳光职业技能培训学校") == "University"
    assert got.get("华阳小学") == "University"


def test_generic_schools_are_no_names():
    got = resolved("全市中小学延期开学。各地学校做好防控。他在一所乡村小学任教。民办幼儿园纳入管理。")
    assert not [n for n, t in got.items() if t == "University"]


@pytest.mark.parametrize("text,thing", [
    ("在参观了位于北京的宋庆龄故居后，她决定邀请故居赴美举办展览。", "宋庆龄故居"),
    ("这位拥有西班牙语文坛最高荣誉——塞万提斯奖的女作家写了近50部作品。", "塞万提斯奖"),
])
def test_a_place_or_award_named_after_a_person_is_no_person(text, thing):
    assert resolved(text).get(thing) != "Person"


def test_a_programme_head_inside_one_word_with_a_verb_of_the_name():
    assert schemes("实施名师建设工程和精品课建设工程，打造精品。") == ["名师建设工程", "精品课建设工程"]
    assert schemes("为配合三峡库区移民工程，开展帮扶。") == ["三峡库区移民工程"]
    assert schemes("这是一项系统工程，启动民心工程。") == []


def unit_fields(text: str) -> set[str]:
    doc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                      "kg_instruments"))
    return {c.text for c in doc._.kg_cands if c.source == "sector_in_unit"}


@pytest.mark.parametrize("text, fields", [
    # the field a unit names itself by, right before the word of its kind
    ("德国生物质研究中心的专家到访。", {"生物质"}),
    ("钢琴众创园、5G融媒体实验室也在场。", {"钢琴", "融媒体", "媒体"}),
    # not a place, a generic qualifier or the kind of its members
    ("北京市研究中心、中国出口商协会、国家重点实验室出席。", set()),
])
def test_the_field_in_a_units_name_is_a_candidate_of_its_own_source(text, fields):
    assert unit_fields(text) == fields


def test_a_framed_run_of_nouns_starts_at_no_determiner():
    doc = process(parse_text("疫情对部分服务行业形成较大冲击。", "t.txt"),
                  skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    framed = {c.text for c in doc._.kg_cands if c.source == "sector_lac_frame"}
    assert "部分服务" not in framed, framed
