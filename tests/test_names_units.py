"""Units named after their parents, firms named with a bare 公司, and names that open with a place."""

from __future__ import annotations

import pytest

from kg.loaders.components.orgs import TokenIndex, _trade_name_before
from kg.loaders.components.relate import _parent, _shape_ok, abbreviations
from kg.loaders.components.resolve import _placed_org_names
from kg.loaders.extract import extract, process
from kg.loaders.kgdoc import Cand
from kg.loaders.places import place_index
from kg.loaders.read import parse_text

pytestmark = pytest.mark.usefixtures("rules_only")


@pytest.mark.parametrize("name, parent", [
    ("北京大学人民医院", ("北京大学", "University")),
    ("宝钛集团钛带材料公司", ("宝钛集团", "Company")),
    ("上海交通大学医学院附属仁济医院", ("上海交通大学医学院", "University")),  # the nearest whole, not 上海交通大学
    ("国务院新闻办公室", ("国务院", "Agency")),  # a listed body as the parent
    ("商务部国际贸易经济合作研究院", ("商务部", "Agency")),
    ("武汉大学人民医院东院区", ("武汉大学人民医院", "Institute")),
    ("国务院国有资产监督管理委员会", ("国务院", "Agency")),  # a listed body named after another listed one
    ("联合国环境规划署", ("联合国", "Agency")),
    ("腾讯量子实验室", ("腾讯", "Company")),  # a listed company's lab or foundation
    ("英特尔开放创新实验室", ("英特尔", "Company")),
])
def test_a_unit_belongs_to_the_parent_its_name_opens_with(name, parent):
    assert _parent(name, {}, abbreviations(), None) == parent


@pytest.mark.parametrize("name", [
    "阿里巴巴集团控股有限公司",  # a legal form after the name is no unit
    "中国通用技术（集团）控股有限责任公司",  # no parent ends inside brackets
    "武汉市中心医院",  # 中心医院 is a kind of hospital
    "武汉体育中心方舱医院",  # a field hospital set up in a hall
    "全国人民代表大会常务委员会",  # the standing body of a listed body, not a unit of it
    "中国银行保险监督管理委员会",  # no 银行 that owns a regulator
])
def test_no_parent_read_from_names_that_are_no_units(name):
    assert _parent(name, {}, abbreviations(), None) is None


def test_parents_chain_and_the_unit_belongs_to_the_nearest_only():
    sdoc = process(parse_text("武汉大学人民医院东院区收治了一批患者。", "t.txt"), skip=("kg_relscore",))
    found = {(r.head.split(":", 1)[1], r.type, r.tail.split(":", 1)[1]) for r in sdoc._.kg_relations}
    assert ("武汉大学人民医院东院区", "BELONGS_TO", "武汉大学人民医院") in found
    assert ("武汉大学人民医院", "BELONGS_TO", "武汉大学") in found
    assert ("武汉大学人民医院东院区", "BELONGS_TO", "武汉大学") not in found


def test_a_place_belongs_to_places_and_parks_only():
    assert not _shape_ok("BELONGS_TO", "City", "University")
    assert not _shape_ok("BELONGS_TO", "Region", "Company")
    assert _shape_ok("BELONGS_TO", "Region", "Park")  # 麻丘镇 → 南昌高新区
    assert _shape_ok("BELONGS_TO", "City", "Region")
    assert _shape_ok("BELONGS_TO", "Institute", "University")


def _trade(text: str, firm: str) -> bool:
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                   "kg_instruments"))
    s = text.index(firm) + len(firm) - 2
    return _trade_name_before(text, TokenIndex(sdoc), text.index(firm), s)


@pytest.mark.parametrize("text, firm, ok", [
    ("明珞公司的工程师说。", "明珞公司", True),
    ("中建三局二公司承建了医院。", "中建三局二公司", True),
    ("他在一家物流公司上班。", "物流公司", False),
    ("跨国公司看好中国市场。", "跨国公司", False),
    ("记者正赶上公司开会。", "正赶上公司", False),
    ("多家美国医疗器械公司参展。", "美国医疗器械公司", False),
])
def test_a_bare_company_needs_a_trade_name(text, firm, ok):
    assert _trade(text, firm) is ok


def test_firms_with_a_bare_company_suffix_are_candidates():
    g = extract(parse_text("湖南众合农牧科技公司总经理梁从林说，这家公司和物流公司都复工了。", "t.txt"))
    n = {e.name: e.type for e in g.entities.values()}
    assert n.get("湖南众合农牧科技公司") == "Company"
    assert "这家公司" not in n and "物流公司" not in n


def _cand(s: int, e: int, text: str, type_: str, source: str, **data) -> Cand:
    return Cand(s, e, text, type_, source, prio=0 if source.startswith("lac_") else 1, data=data)


def test_an_organisation_found_by_lac_wins_over_the_place_it_opens_with():
    wuhan = place_index().get("武汉")
    usa = place_index().get("美国")
    hospital = _cand(0, 7, "武汉市第四医院", "Institute", "lac_org", suffix="医院")
    firm = _cand(10, 19, "美国高德纳咨询公司", "Company", "lac_org", suffix="公司")
    generic = _cand(20, 28, "北京一家科技公司", "Company", "lac_org", suffix="公司")
    cands = [hospital, _cand(0, 3, "武汉市", "City", "place", place=wuhan),
             firm, _cand(10, 12, "美国", "Region", "place", place=usa),
             generic, _cand(20, 22, "北京", "City", "place", place=place_index().get("北京"))]
    placed = _placed_org_names(cands)
    assert id(hospital) in placed  # 武汉市|第四医院
    assert id(firm) not in placed  # a foreign country before a firm is no part of its name
    assert id(generic) not in placed  # 北京|一家科技公司 names no firm


def test_an_organisation_found_by_lac_wins_over_the_kind_of_firm_a_rule_kept():
    firm = _cand(0, 12, "江苏润和软件股份有限公司", "Company", "lac_org", suffix="股份有限公司")
    kind = _cand(4, 12, "软件股份有限公司", "Company", "suffix")
    named = _cand(20, 29, "约翰内斯堡大学", "University", "lac_org", suffix="大学")
    rule = _cand(20, 29, "约翰内斯堡大学", "University", "suffix")
    placed = _placed_org_names([firm, kind, named, rule])
    assert id(firm) in placed and id(named) not in placed


def test_an_ordinal_after_the_place_or_parent_names_the_unit():
    wuhan = place_index().get("武汉")
    third = _cand(0, 7, "武汉市第三医院", "Institute", "lac_org", suffix="医院")
    first = _cand(10, 20, "中山大学附属第一医院", "Institute", "lac_org", suffix="医院")
    placed = _placed_org_names([third, _cand(0, 3, "武汉市", "City", "place", place=wuhan),
                                first, _cand(10, 14, "中山大学", "University", "public")])
    assert id(third) in placed and id(first) in placed


def test_a_name_does_not_start_before_a_verb_of_giving():
    assert ("中山大学", "public") in _candidates("捐赠100万元人民币予中山大学附属第一医院。")
    assert not any(t.startswith("人民币") for t, _ in _candidates("捐赠100万元人民币予中山大学附属第一医院。"))


def _candidates(text: str) -> set[tuple[str, str]]:
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore",
                                                   "kg_instruments"))
    return {(c.text, c.source) for c in sdoc._.kg_cands}


def test_a_verb_or_preposition_before_a_place_is_no_part_of_a_name():
    found = _candidates("腾讯公益基金会捐款5100万元至湖北省慈善总会。——访印度世界事务委员会主席拉加万")
    assert ("湖北省慈善总会", "suffix") in found and ("至湖北省慈善总会", "suffix") not in found
    assert ("印度世界事务委员会", "suffix") in found and ("访印度世界事务委员会", "suffix") not in found


def test_a_bare_kind_of_body_is_no_name():
    found = {t for t, _ in _candidates("方舱医院医生刘林说，武汉客厅方舱医院开始收治病人。")}
    assert "方舱医院" not in found and "武汉客厅方舱医院" in found


def test_a_surname_with_a_kinship_word_is_no_name():
    from kg.loaders.components.persons import is_form_of_address

    assert is_form_of_address("严爹爹") and is_form_of_address("王婆婆") and not is_form_of_address("严复")
    assert is_form_of_address("小武哥") and is_form_of_address("吕哥") and not is_form_of_address("李明")



def test_a_party_committee_and_government_written_together_are_two_bodies():
    from kg.loaders.components.resolve import _two_bodies

    parts = _two_bodies(_cand(0, 7, "深圳市委市政府", "Agency", "suffix"))
    assert [(c.start, c.end, c.text) for c in parts] == [(0, 4, "深圳市委"), (4, 7, "市政府")]
    assert [c.text for c in _two_bodies(_cand(0, 5, "县委县政府", "Agency", "suffix"))] == ["县委", "县政府"]
    assert len(_two_bodies(_cand(0, 4, "党委政府", "Agency", "suffix"))) == 1


def test_a_unit_name_that_starts_inside_a_listed_body_opens_with_it():
    from kg.loaders.components.boundaries import _open_with_public_bodies

    text = "近日，人社部办公厅印发通知。阿里巴巴集团董事局主席"
    body = _cand(3, 6, "人社部", "Agency", "public")
    unit = _cand(4, 9, "社部办公厅", "Agency", "suffix")
    firm = _cand(14, 20, "阿里巴巴集团", "Company", "public_company")
    board = _cand(16, 23, "巴巴集团董事局", "Agency", "suffix")
    _open_with_public_bodies([body, unit, firm, board], text)
    assert unit.text == "人社部办公厅" and unit.start == 3
    assert board.text == "巴巴集团董事局"  # a company's board is no unit of an agency: left to the other rules



def test_a_list_closed_by_deng_keeps_its_items_apart_from_the_frame():
    found = {t for t, s in _candidates("我们看到了无人车、无人机等物流行业科技发展的最新成果。") if s.startswith("sector")}
    assert "无人机等物流" not in found


def test_the_bodies_concerned_name_no_body():
    sdoc = process(parse_text("全国人大常委会有关工作委员会负责人介绍。", "t.txt"),
                   skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    assert not any("有关" in e.name for e in sdoc._.kg_entities.values())


def test_a_division_belongs_only_where_the_list_puts_it():
    from kg.loaders.components.relate import _divisions_agree

    assert not _divisions_agree("宁夏回族自治区", "内蒙古自治区")
    assert _divisions_agree("南山区", "深圳") and _divisions_agree("中江县", "四川省")  # 南山区 of 深圳 (or of 鹤岗)
    assert _divisions_agree("高新区", "深圳")  # not a listed division: the rules and the scorer decide


def test_a_domain_term_never_starts_inside_a_word_of_the_name():
    from kg.loaders.components.relate import _domains

    assert "家电" not in _domains("国家电投大别山发电公司") and "生物" not in _domains("疾控中心微生物实验室")
    assert "家电" in _domains("海尔家电公司")
    assert "化工" not in _domains("靓化工程") and "化工" in _domains("化工行业整治工程")  # nor across the suffix


def test_a_listed_law_is_one_policy_however_it_is_written():
    found = {(c.text, c.canon) for c in process(parse_text(
        "根据我国刑法等法律法规依法追究。深入实施中医药法。《中华人民共和国药品管理法》已修订。方法得当。", "t.txt"),
        skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore", "kg_instruments"))._.kg_cands
        if c.source == "public_law"}
    assert found == {("刑法", "刑法"), ("中医药法", "中医药法"), ("中华人民共和国药品管理法", "药品管理法")}
    from kg.loaders.components.resolve import _listed_law

    assert _listed_law("《中华人民共和国药品管理法》") == "药品管理法" and _listed_law("《关于促进发展的意见》") is None


def test_a_body_written_after_guojia_is_the_same_body_not_its_part():
    from types import SimpleNamespace

    from kg.loaders.components.relate import _placed_short_form
    from kg.loaders.components.resolve import Span

    b = SimpleNamespace(text="国家发展改革委近日发布通知。")
    outer, inner = Span(0, 7, "Agency:国家发展和改革委员会", "public"), Span(2, 7, "Agency:发展改革委", "inner:0:7")
    assert _placed_short_form(b, outer, inner)


def test_a_body_posted_abroad_sits_where_it_is_posted():
    from kg.loaders.components.relate import _seat

    assert _seat("美国驻伊朗大使馆").name == "伊朗"
    assert _seat("中国驻纽约总领事馆").name == "纽约"
    assert _seat("驻村工作队") is None and _seat("市纪委驻市发改委纪检监察组") is None


def test_a_university_named_after_a_person_is_not_seated_in_that_city():
    from kg.loaders.components.relate import _seat

    assert _seat("中山大学孙逸仙纪念医院") is None and _seat("南开大学外国语学院") is None  # 广州, 天津: not 中山, 南开区
    assert _seat("浙江大学").name == "浙江省" and _seat("哈尔滨工业大学（威海）").name == "威海"
    g = extract(parse_text("西湖大学和南开大学外国语学院签署协议。", "t.txt"))  # nor from the places a name opens with
    names = {e.key: e.name for e in g.entities.values()}
    assert not {(names[r.head], names[r.tail]) for r in g.relations.values() if r.type == "LOCATED_IN"} \
        & {("西湖大学", "西湖区"), ("南开大学外国语学院", "南开区")}


@pytest.mark.parametrize("text, names", [
    # a body listed right after a place's body, without the place, is that place's
    ("江苏省淮安市商务局、农业农村局、财政局负责人表示，将加大支持。",
     {"江苏省淮安市商务局", "江苏省淮安市农业农村局", "江苏省淮安市财政局"}),
    ("南京市科技局和财政局联合发文。", {"南京市科学技术局", "南京市财政局"}),
])
def test_a_body_listed_after_a_places_body_takes_its_place(text, names):
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    got = {e.name for e in doc._.kg_entities.values() if e.type == "Agency"}
    assert names <= got, got
    assert not {"农业农村局", "财政局"} & got



@pytest.mark.parametrize("text", [
    "欧洲联盟和非洲开发银行的代表出席了会议。",  # listed organisations of states: their names say who, not where
    "欧盟委员会发布了报告。",  # a body whose name opens with one
    "上海合作组织秘书处发表声明。",
])
def test_an_organisation_of_states_gets_no_seat_from_its_name(text):
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relscore"))
    assert not [r for r in sdoc._.kg_relations if r.type == "LOCATED_IN"], sdoc._.kg_relations


@pytest.mark.parametrize("text, kept, gone", [
    # a government is named by its place: no verb, conjunction or person's name inside its name
    ("德国代表赞赏中国政府行动迅速。", {"中国政府"}, {"德国代表赞赏中国政府"}),
    ("美国和以色列两国政府不顾反对。", set(), {"以色列两国政府", "美国和以色列两国政府"}),
    ("敦煌研究院还同时与武威市政府合作。", {"武威市人民政府"}, set()),  # jieba tags 武威 as a person's name
])
def test_a_government_is_named_by_its_place(text, kept, gone):
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    names = {e.name for e in doc._.kg_entities.values() if e.type == "Agency"}
    assert kept <= names and not gone & names, names


@pytest.mark.parametrize("text, gone, kept", [
    ("都安瑶族自治县多个乡、村受灾。", {"多个乡"}, {"都安瑶族自治县"}),  # a counted division names no place
    ("居民住在城南街道三村、四村小区。", {"三村"}, set()),
])
def test_a_place_is_named_not_counted(text, gone, kept):
    doc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relate", "kg_relscore", "kg_instruments"))
    names = {e.name for e in doc._.kg_entities.values() if e.type in ("Region", "City")}
    assert kept <= names and not gone & names, names


def test_place_names_that_open_with_a_numeral_or_with_zai_stay_or_are_cut():
    from kg.loaders.components.resolve import _place_name
    for name in ("七里乡", "五里庙村", "三官庙镇"):
        assert _place_name(Cand(0, len(name), name, "Region", "lac_loc")).text == name
    cut = _place_name(Cand(3, 8, "在城南街道", "Region", "lac_loc"))
    assert (cut.start, cut.text) == (4, "城南街道")
    assert _place_name(Cand(0, 2, "一村", "Region", "lac_loc")) is None
