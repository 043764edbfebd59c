"""Planning a write (kg.store.plan): the folds that run before the transaction, without Neo4j."""

from __future__ import annotations

from kg.store.plan import fold_entities, fold_relations, fold_scores, merge_stored

NO_SCORES = {"confidence": None, "instrument": None, "instrument_evidence": None}


def row(key: str, *aliases: str, **scores) -> dict:
    type_, name = key.split(":", 1)
    return {"key": key, "name": name, "type": type_, "aliases": sorted(aliases), **NO_SCORES, **scores}


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
    rows["FUNDS"][0].update(confidence=0.6, rule="funds_cue")
    rows["FUNDS"][2].update(confidence=0.9, rule="cooccurrence")
    folded = fold_relations(rows, {"d1:0": "d1", "d1:2": "d1", "d2:5": "d2"})  # d9:1 does not exist
    assert folded.rows == {"FUNDS": [{"n": 0, "head": "Fund:硕果金", "tail": "Company:华晨智能",
                                      "evidence": ["d1:0", "d1:2", "d2:5"], "docs": ["d1", "d2"],
                                      "touched": ["d1", "d2"], "claims": ["d1\x1f2.0\x1f\x1f"],
                                      "confidence": 0.9, "rules": ["cooccurrence", "funds_cue"]}]}
    assert folded.also == {0: [0, 1, 2]}
    assert fold_relations(rows, {}).rows == {}  # no evidence left: nothing is applied


def test_scores_keep_the_highest_confidence_and_the_first_known_instrument():
    loan = {"confidence": 0.7, "instrument": "loan_guarantee", "instrument_evidence": "贷"}
    assert fold_scores(None, loan) == loan
    assert fold_scores(loan, {"confidence": 0.9, "instrument": "grant", "instrument_evidence": "补助"}) == \
        {**loan, "confidence": 0.9}
    assert fold_scores({"confidence": None, "instrument": "unknown", "instrument_evidence": None}, loan) == loan
    rows = {"Fund": [row("Fund:康复贷", confidence=0.4), row("Fund:康复贷", **loan)]}
    assert fold_entities(rows) == [row("Fund:康复贷", **loan)]
    stored = {"Fund:康复贷": {"name": "康复贷", "type": "Fund", "aliases": [], **loan}}
    assert merge_stored([row("Fund:康复贷", confidence=0.5)], stored) == []  # nothing would change
