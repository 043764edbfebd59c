"""The trie matcher behind the gazetteers: leftmost-longest, non-overlapping, bounded by ``end``."""

from __future__ import annotations

from kg.loaders.lexicon import Lexicon


def _lex() -> Lexicon[str]:
    return Lexicon([("苏州", "city"), ("苏州工业园区", "park"), ("工业", "sector"), ("园区", "kind"), ("州", "x")])


def test_finditer_takes_the_longest_term_at_the_leftmost_start_and_does_not_overlap():
    found = [(s, e, t, v) for s, e, t, v in _lex().finditer("在苏州工业园区和苏州工业区")]
    assert found == [(1, 7, "苏州工业园区", "park"), (8, 10, "苏州", "city"), (10, 12, "工业", "sector")]


def test_a_term_cut_by_end_is_not_found_and_a_shorter_one_is():
    lex = _lex()
    assert [t for _s, _e, t, _v in lex.finditer("苏州工业园区", 0, 5)] == ["苏州", "工业"]
    assert lex.match_at("苏州工业园区", 0) == (6, "park")
    assert lex.match_at("苏州工业园区", 0, 4) == (2, "city")
    assert lex.match_at("苏州工业园区", 6) is None


def test_lookups_and_suffixes():
    lex = _lex()
    assert "园区" in lex and "苏州工业" not in lex and len(lex) == 5
    assert lex.get("工业") == "sector"
    assert lex.longest_suffix("高新园区") == (2, "kind")
    assert lex.longest_suffix("高新区") is None
