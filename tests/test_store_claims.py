"""The claim rules of kg.store.claims, which the writer, the planner and the bulk import share."""

from __future__ import annotations

from kg.model import Relation
from kg.store import claims
from kg.store.claims import SEP


def test_a_relation_without_attributes_claims_nothing():
    assert claims.encode("d", Relation("Fund:A", "FUNDS", "Company:B")) is None
    assert claims.encode("d", Relation("Fund:A", "FUNDS", "Company:B", amount_cny=float("nan"))) is None


def test_the_role_comes_last_and_may_hold_anything():
    c = claims.encode("d", Relation("Person:A", "AFFILIATED_WITH", "Company:B", role="牵头" + SEP + "x"))
    assert c == SEP.join(["d", "", "", "牵头" + SEP + "x"])
    assert claims.attributes([c]) == (None, None, "牵头" + SEP + "x")


def test_attributes_come_from_the_first_claim_that_has_each():
    stated = sorted([SEP.join(["a", "", "2023", ""]), SEP.join(["b", "1.5", "2024", "牵头"])])
    assert claims.attributes(stated) == (1.5, 2023, "牵头")
    assert claims.attributes([]) == (None, None, None)


def test_a_documents_new_claim_or_silence_replaces_its_old_one():
    old = [SEP.join(["a", "1.0", "", ""]), SEP.join(["b", "2.0", "", ""])]
    assert claims.merge(old, ["a"], [SEP.join(["a", "3.0", "", ""])]) == [SEP.join(["a", "3.0", "", ""]), old[1]]
    assert claims.merge(old, ["a"], []) == [old[1]]
    assert claims.merge(old, [], []) == old
    assert claims.merge([], ["c"], [SEP.join(["c", "", "2020", ""])]) == [SEP.join(["c", "", "2020", ""])]
