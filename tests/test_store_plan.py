"""Planning a write (kg.store.plan): the folds that run before the transaction, without Neo4j."""

from __future__ import annotations

from kg.store.plan import fold_entities, fold_relations, merge_stored


def row(key: str, *aliases: str) -> dict:
    type_, name = key.split(":", 1)
    return {"key": key, "name": name, "type": type_, "aliases": sorted(aliases)}


def test_entity_rows_fold_to_one_row_per_key_with_the_union_of_aliases():
    rows = {"Company": [row("Company:华晨智能", "华晨"), row("Company:华晨智能", "华晨公司", "华晨")],
            "City": [row("City:青岛")]}
    assert fold_entities(rows) == [row("City:青岛"), row("Company:华晨智能", "华晨", "华晨公司")]


def test_stored_aliases_are_merged_and_unchanged_entities_are_not_sent():
    rows = [row("City:青岛"), row("Company:华晨智能", "华晨"), row("Fund:硕果金")]
    stored = {"City:青岛": {"name": "青岛", "type": "City", "aliases": None},
              "Company:华晨智能": {"name": "华晨智能", "type": "Company", "aliases": ["华晨智能公司"]}}
    assert merge_stored(rows, stored) == [row("Company:华晨智能", "华晨", "华晨智能公司"), row("Fund:硕果金")]


def test_relation_rows_fold_per_pair_with_each_documents_last_claim():
    def rel(n: int, doc: str, claim: str | None, *evidence: str) -> dict:
        return {"n": n, "head": "Fund:硕果金", "tail": "Company:华晨智能", "doc_id": doc, "claim": claim,
                "evidence": list(evidence)}

    rows = {"FUNDS": [rel(0, "d1", "d1\x1f1.0\x1f\x1f", "d1:0"), rel(1, "d1", "d1\x1f2.0\x1f\x1f", "d1:2"),
                      rel(2, "d2", None, "d2:5", "d9:1")]}
    folded = fold_relations(rows, {"d1:0": "d1", "d1:2": "d1", "d2:5": "d2"})  # d9:1 does not exist
    assert folded.rows == {"FUNDS": [{"n": 0, "head": "Fund:硕果金", "tail": "Company:华晨智能",
                                      "evidence": ["d1:0", "d1:2", "d2:5"], "docs": ["d1", "d2"],
                                      "touched": ["d1", "d2"], "claims": ["d1\x1f2.0\x1f\x1f"]}]}
    assert folded.also == {0: [0, 1, 2]}
    assert fold_relations(rows, {}).rows == {}  # no evidence left: nothing is applied
