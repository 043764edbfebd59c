"""kg.evaluate follows the gold scoring rules."""

from __future__ import annotations

from kg.evaluate import evaluate, norm


def test_norm_strips_quotes_brackets_space():
    assert norm("“国芯万屏”重大科技示范工程") == "国芯万屏重大科技示范工程"
    assert norm("中国创新挑战赛（青岛）") == norm("中国创新挑战赛(青岛)")


def test_alias_match_type_and_relations():
    gold = {"d.json": {"entities": [{"name": "青岛市科学技术局", "type": "Agency", "aliases": ["市科技局"]},
                                    {"name": "李天传", "type": "Person", "aliases": []}],
                       "relations": [{"head": "李天传", "type": "AFFILIATED_WITH", "tail": "青岛市科学技术局"}]}}
    pred = {"d.json": {"entities": [{"name": "市科技局", "type": "Agency", "aliases": []},
                                    {"name": "李天传", "type": "Company", "aliases": []}],
                       "relations": [{"head": "李天传", "type": "AFFILIATED_WITH", "tail": "市科技局"}]}}
    r = evaluate(pred, gold)
    assert r.entities.f1 == 1.0
    assert r.entities_typed.tp == 1 and r.wrong_types
    assert r.relations.f1 == 1.0


def test_missing_prediction_counts_as_empty():
    gold = {"d.json": {"entities": [{"name": "青岛", "type": "City", "aliases": []}], "relations": []}}
    r = evaluate({}, gold)
    assert r.entities.r == 0.0 and r.missed_entities == ["City:青岛"]
