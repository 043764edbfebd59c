"""Unit tests of the general vocabulary: person titles and affiliations, funding cues,
name variants and false positives of kinds (rooms, the document's own title, verbs before suffix words)."""

from __future__ import annotations

import pytest

from kg.loaders.extract import extract
from kg.loaders.read import parse_text
from kg.model import Document


pytestmark = pytest.mark.usefixtures("rules_only")


def graph_of(text: str, city: str | None = None):
    doc = parse_text(text, "t.txt")
    if city is not None:
        doc = Document(doc.id, doc.name, doc.text, doc.title, doc.date, city, doc.sentences, doc.sections)
    return extract(doc)


def names(g) -> dict[str, str]:
    return {e.name: e.type for e in g.entities.values()}


def rels(g) -> set[tuple[str, str, str]]:
    n = {e.key: e.name for e in g.entities.values()}
    return {(n[r.head], r.type, n[r.tail]) for r in g.relations.values()}


def roles(g) -> dict[tuple[str, str], str | None]:
    n = {e.key: e.name for e in g.entities.values()}
    return {(n[r.head], n[r.tail]): r.role for r in g.relations.values() if r.type == "AFFILIATED_WITH"}


def funds(g) -> dict[tuple[str, str], float | None]:
    n = {e.key: e.name for e in g.entities.values()}
    return {(n[r.head], n[r.tail]): r.amount_cny for r in g.relations.values() if r.type == "FUNDS"}


# -- titles and AFFILIATED_WITH ---------------------------------------------------

@pytest.mark.parametrize("text, city, person, org, role", [
    # Org + title + name, titles of every kind
    ("江西省科学技术厅二级巡视员邹海燕出席签约仪式。", "南昌", "邹海燕", "江西省科学技术厅", "二级巡视员"),
    ("九江银行南昌分行行长吴建华表示，将加大投放。", "南昌", "吴建华", "九江银行南昌分行", "行长"),
    ("青岛银行科技支行副行长王晓东介绍，产品已上线。", "青岛", "王晓东", "青岛银行科技支行", "副行长"),
    ("华晨智能自动化装备有限公司首席技术官刘明说，设备已量产。", "青岛", "刘明", "华晨智能自动化装备有限公司", "首席技术官"),
    ("蚁米控股有限公司董事长张锦喜解释说，联盟将扩容。", "佛山", "张锦喜", "蚁米控股有限公司", "董事长"),
    ("西安市科学技术局党组书记、局长郑卫东介绍了情况。", "西安", "郑卫东", "西安市科学技术局", "党组书记、局长"),
    # a university's department is part of the role at the university (the real-corpus gold lists no 系)
    ("南京大学物理学系教授陈立表示，成果已转化。", "南京", "陈立", "南京大学", "物理学系教授"),
    # a government head after a place: the place's government
    ("南昌市副市长罗建平出席签约仪式并致辞。", "南昌", "罗建平", "南昌市人民政府", "副市长"),
    ("浙江省副省长孙强出席活动。", "杭州", "孙强", "浙江省人民政府", "副省长"),
    # party committees of a district: 中共<city>市<district>委员会
    ("杭州市委常委、滨江区委书记王建东说，要加快发展。", "杭州", "王建东", "中共杭州市滨江区委员会", "书记"),
    ("杭州市委常委、滨江区委书记王建东说，要加快发展。", "杭州", "王建东", "中共杭州市委员会", "常委"),
    # a kind word opening the segment names the organisation last mentioned
    ("位于滨江区的白马湖创业孵化器累计孵化企业320余家。孵化器负责人周海燕介绍，企业成长很快。", "杭州",
     "周海燕", "白马湖创业孵化器", "负责人"),
    ("哈尔滨锐光激光科技有限公司是其中的代表。公司创始人、哈工大光电子信息科学与技术系教授孙海涛带领团队研发激光器。",
     "哈尔滨", "孙海涛", "哈尔滨锐光激光科技有限公司", "创始人"),
    ("哈尔滨锐光激光科技有限公司是其中的代表。公司创始人、哈工大光电子信息科学与技术系教授孙海涛带领团队研发激光器。",
     "哈尔滨", "孙海涛", "哈尔滨工业大学", "光电子信息科学与技术系教授"),
    # a founder: X由[org][title]NAME创办
    ("展厅里陈列着哈尔滨晶微光电材料有限公司的晶体。该公司由哈工大材料科学与工程学院副教授周敏华创办，主要提供材料。",
     "哈尔滨", "周敏华", "哈尔滨晶微光电材料有限公司", "创始人"),
    # a founder opening a sentence right after the company's sentence
    ("从研究院走出的哈尔滨天枢星链科技有限公司，专注于卫星激光通信终端。创始人张博文是航天学院的博士毕业生。",
     "哈尔滨", "张博文", "哈尔滨天枢星链科技有限公司", "创始人"),
])
def test_affiliations(text, city, person, org, role):
    g = graph_of(text, city)
    got = roles(g)
    assert (person, org) in got, got
    assert got[(person, org)] == role


def test_government_head_is_located_in_its_city():
    g = graph_of("南昌市副市长罗建平出席签约仪式并致辞。", "南昌")
    assert names(g).get("南昌市人民政府") == "Agency"
    assert ("南昌市人民政府", "LOCATED_IN", "南昌") in rels(g)


@pytest.mark.parametrize("text", ["这是一个管理系统，也是技术体系。", "院系调整后，关系更顺。", "无人系统技术研究院正式揭牌。"])
def test_no_department_from_common_words(text):
    g = graph_of(text, "南京")
    assert not any(n.endswith("系") for n in names(g)), names(g)


def test_not_a_party_committee():
    g = graph_of("社区委托第三方开展服务，县委员会已审议。", "杭州")
    assert not any(n.startswith("中共") for n in names(g)), names(g)


# -- FUNDS cues ------------------------------------------------------------------

@pytest.mark.parametrize("text, city, head, tail, amount", [
    # 获得X投资N万元: the fund is named even though 投资 follows it
    ("杭州灵犀脑机科技有限公司去年获得杭州市科技创新基金投资3000万元。", "杭州",
     "杭州市科技创新基金", "杭州灵犀脑机科技有限公司", 30_000_000),
    # 完成由X领投的N亿元融资
    ("2023年，哈尔滨锐光激光科技有限公司完成由黑龙江省新产业投资集团有限公司领投的8000万元A轮融资。", "哈尔滨",
     "黑龙江省新产业投资集团有限公司", "哈尔滨锐光激光科技有限公司", 80_000_000),
    # 为其提供贷款: 其 is the company named before
    ("哈尔滨锐光激光科技有限公司完成A轮融资，哈尔滨银行科技支行为其提供了3000万元知识产权质押贷款。", "哈尔滨",
     "哈尔滨银行科技支行", "哈尔滨锐光激光科技有限公司", 30_000_000),
    # 由A与B共同发起的基金: both fund it (the fund's size is no contribution)
    ("南昌市VR产业天使投资基金规模5亿元，由南昌市科创投资集团有限公司与深圳市创新投资集团有限公司共同发起。", "南昌",
     "深圳市创新投资集团有限公司", "南昌市VR产业天使投资基金", None),
    ("南昌市VR产业天使投资基金规模5亿元，由南昌市科创投资集团有限公司与深圳市创新投资集团有限公司共同发起。", "南昌",
     "南昌市科创投资集团有限公司", "南昌市VR产业天使投资基金", None),
    # 其中A出资N亿元: the amount after A
    ("南昌市航空产业投资基金规模20亿元，由江西省投资集团有限公司、南昌市产业投资集团有限公司等联合出资，"
     "其中江西省投资集团有限公司出资6亿元。", "南昌", "江西省投资集团有限公司", "南昌市航空产业投资基金", 600_000_000),
    # A出资N亿元设立X基金
    ("南昌高新技术产业开发区管理委员会则出资1.5亿元设立南昌高新区天使投资基金。", "南昌",
     "南昌高新技术产业开发区管理委员会", "南昌高新区天使投资基金", 150_000_000),
    # 给予Y N万元奖励
    ("常州市科学技术局给予常州创健医疗科技有限公司200万元奖励。", "常州",
     "常州市科学技术局", "常州创健医疗科技有限公司", 2_000_000),
])
def test_funds(text, city, head, tail, amount):
    g = graph_of(text, city)
    got = funds(g)
    assert (head, tail) in got, got
    assert got[(head, tail)] == (pytest.approx(amount) if amount is not None else None)


def test_funds_recipient_is_the_incubated_company():
    g = graph_of("菁蓉空港航空孵化器孵化的翼擎动力获得中航资本领投的8000万元A轮融资。", "成都")
    got = funds(g)
    assert ("中航资本", "翼擎动力") in got and ("中航资本", "菁蓉空港航空孵化器") not in got


def test_funds_not_to_the_speaker():
    g = graph_of("孵化器负责人周海燕介绍，杭州灵犀脑机科技有限公司专注于脑机接口，去年获得杭州市科技创新基金投资3000万元。", "杭州")
    assert ("杭州市科技创新基金", "周海燕") not in funds(g)


# -- name variants -------------------------------------------------------------------

@pytest.mark.parametrize("text, city, name, alias", [
    ("签约仪式在南昌高新技术产业开发区举行。企业将在南昌高新区建设产线。", "南昌", "南昌高新技术产业开发区", "南昌高新区"),
    ("钱塘江南岸的杭州临江高新区发展生物医药。临江高新区已引进企业60余家。", "杭州", "杭州临江高新区", "临江高新区"),
    ("长沙经济技术开发区管理委员会发布通知。长沙经开区管委会将组织评审。", "长沙",
     "长沙经济技术开发区管理委员会", "长沙经开区管委会"),
])
def test_name_variants_are_one_entity(text, city, name, alias):
    g = graph_of(text, city)
    ent = next((e for e in g.entities.values() if e.name == name), None)
    assert ent is not None, names(g)
    assert alias in ent.aliases
    assert alias not in names(g)


# -- false positives of kinds ---------------------------------------------------------

@pytest.mark.parametrize("text, bad", [
    ("在研究院一楼的展厅里，陈列着晶体。", "展厅"),
    ("与会人员在报告厅听取了汇报。", "报告厅"),
    ("“过去担心成果走不出实验室，现在平台都在家门口。”", "成果走不出实验室"),
    ("力争到2025年全市科创类基金总规模突破200亿元。", "科创类基金"),
])
def test_no_entity_from_common_nouns(text, bad):
    g = graph_of(text, "杭州")
    assert bad not in names(g), names(g)


def test_issued_document_is_no_policy():
    text = ("厦门市科学技术局关于印发2024年工作要点的通知\n\n各有关单位：\n"
            "现将《厦门市科学技术局2024年工作要点》印发给你们，请认真抓好贯彻落实。\n"
            "修订《厦门市科技计划项目管理办法》。")
    got = names(graph_of(text, "厦门"))
    assert "《厦门市科学技术局2024年工作要点》" not in got
    assert got.get("《厦门市科技计划项目管理办法》") == "Policy"
