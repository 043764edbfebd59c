"""Planning a write (kg.store.plan): the folds that run before the transaction, without Neo4j."""

from __future__ import annotations

from kg.store.plan import fold_entities, fold_relations, merge_stored
from kg.store.scores import entity_score, relation_score

NO_SCORES = {"confidence": None, "instrument": None, "instrument_evidence": None}


def row(key: str, *aliases: str, doc: str = "d1", scores: list[str] | None = None, **values) -> dict:
    """A planned entity row (``scores`` given) or, with ``values``, a folded one."""
    type_, name = key.split(":", 1)
    return {"key": key, "name": name, "type": type_, "aliases": sorted(aliases), "touched": [doc],
            "scores": scores if scores is not None else None, **NO_SCORES, **values}


def planned(key: str, *aliases: str, doc: str = "d1", scores: list[str] | None = None) -> dict:
    r = row(key, *aliases, doc=doc, scores=scores or [])
    for k in NO_SCORES:
        del r[k]
    return r


def test_entity_rows_fold_to_one_row_per_key_with_the_union_of_aliases():
    rows = {"Company": [planned("Company:华晨智能", "华晨"), planned("Company:华晨智能", "华晨公司", "华晨")],
            "City": [planned("City:青岛")]}
    assert fold_entities(rows) == [row("City:青岛"), row("Company:华晨智能", "华晨", "华晨公司")]


def test_stored_aliases_are_merged_and_unchanged_entities_are_not_sent():
    rows = fold_entities({"": [planned("City:青岛"), planned("Company:华晨智能", "华晨"), planned("Fund:硕果金")]})
    stored = {"City:青岛": {"name": "青岛", "type": "City", "aliases": None},
              "Company:华晨智能": {"name": "华晨智能", "type": "Company", "aliases": ["华晨智能公司"]}}
    assert merge_stored(rows, stored) == [row("Company:华晨智能", "华晨", "华晨智能公司"), row("Fund:硕果金")]


def test_relation_rows_fold_per_pair_with_each_documents_last_claim():
    def rel(n: int, doc: str, claim: str | None, *evidence: str) -> dict:
        return {"n": n, "head": "Fund:硕果金", "tail": "Company:华晨智能", "doc_id": doc, "claim": claim,
                "evidence": list(evidence)}

    rows = {"FUNDS": [rel(0, "d1", "d1\x1f1.0\x1f\x1f", "d1:0"), rel(1, "d1", "d1\x1f2.0\x1f\x1f", "d1:2"),
                      rel(2, "d2", None, "d2:5", "d9:1")]}
    rows["FUNDS"][0]["score"] = relation_score("d1", 0.6, "funds_cue")
    rows["FUNDS"][2]["score"] = relation_score("d2", 0.9, "cooccurrence")
    folded = fold_relations(rows, {"d1:0": "d1", "d1:2": "d1", "d2:5": "d2"})  # d9:1 does not exist
    assert folded.rows == {"FUNDS": [{"n": 0, "head": "Fund:硕果金", "tail": "Company:华晨智能",
                                      "evidence": ["d1:0", "d1:2", "d2:5"], "docs": ["d1", "d2"],
                                      "touched": ["d1", "d2"], "claims": ["d1\x1f2.0\x1f\x1f"],
                                      "scores": ["d2\x1f0.9\x1fcooccurrence"]}]}
    assert folded.also == {0: [0, 1, 2]}
    assert fold_relations(rows, {}).rows == {}  # no evidence left: nothing is applied


def test_scores_are_kept_per_document_and_a_later_version_replaces_its_own():
    loan = entity_score("d1", 0.7, "loan_guarantee", "贷")
    grant = entity_score("d2", 0.9, "grant", "补助")
    rows = {"Fund": [planned("Fund:康复贷", doc="d1", scores=[loan]), planned("Fund:康复贷", doc="d2", scores=[grant])]}
    assert fold_entities(rows) == [row("Fund:康复贷", doc="d1", scores=[loan, grant], confidence=0.9,
                                       instrument="loan_guarantee", instrument_evidence="贷") | {"touched": ["d1", "d2"]}]
    stored = {"Fund:康复贷": {"name": "康复贷", "type": "Fund", "aliases": [], "scores": [loan, grant]}}
    lower = entity_score("d2", 0.5, "unknown", None)  # d2 changed: its scores replace the stored ones
    assert merge_stored(fold_entities({"Fund": [planned("Fund:康复贷", doc="d2", scores=[lower])]}), stored) == \
        [row("Fund:康复贷", doc="d2", scores=[loan, lower], confidence=0.7, instrument="loan_guarantee",
             instrument_evidence="贷")]
    again = fold_entities({"Fund": [planned("Fund:康复贷", doc="d2", scores=[grant])]})
    assert merge_stored(again, stored) == []  # nothing would change
