"""Instrument types and official sector codes in the real Neo4j holding the sample corpus: what is stored,
``kg programs --sector/--instrument/--city``, ``kg instruments``, the ``instrument_mix`` pack and the sector view."""

from __future__ import annotations

import json

import pytest

from kg.errors import NotFoundError, QueryError
from kg.instruments import instrument_ids
from kg.store import subgraph
from kg.store.query import instrument_mix, programs_for_sector, run_named
from kg.taxonomy import default_taxonomy

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def db(sample_db):
    """The sample corpus and the taxonomy in the session's Neo4j (``sample_cli`` runs the CLI against it)."""
    return sample_db


# ----------------------------------------------------------------- stored


def test_every_scheme_has_an_instrument_with_its_evidence(db):
    records, _, _ = db.execute_query(
        "MATCH (p:Program|Fund|Policy) RETURN p.name AS name, p.instrument AS instrument, "
        "p.instrument_evidence AS evidence")
    assert records
    for r in records:
        assert r["instrument"] in instrument_ids(), r["name"]
        assert (r["evidence"] is None) == (r["instrument"] == "unknown"), r["name"]
    kinds = {r["name"]: (r["instrument"], r["evidence"]) for r in records}
    assert kinds["康复贷"] == ("loan_guarantee", "贷: 康复贷")  # seed 000
    assert kinds["中国医疗器械创新创业大赛"][0] == "award_competition"
    assert kinds["全国海洋科技大市场"][0] == "network_platform"
    records, _, _ = db.execute_query("MATCH (e:Entity) WHERE NOT e:Program AND NOT e:Fund AND NOT e:Policy "
                                     "AND e.instrument IS NOT NULL RETURN count(e) AS n")
    assert records[0]["n"] == 0


def test_sector_nodes_carry_their_official_category(db):
    records, _, _ = db.execute_query(
        "MATCH (s:Sector {source: 'taxonomy'}) RETURN s.name AS name, s.official_code AS code, "
        "s.official_name AS official, s.classification AS classification, s.official_codes AS codes")
    rows = {r["name"]: r for r in records}
    assert len(rows) == len(default_taxonomy())
    bio = rows["生物医药"]
    assert (bio["code"], bio["official"], bio["classification"]) == ("4", "生物产业", "战略性新兴产业分类（2018）")
    steel = rows["钢铁"]
    assert (steel["code"], steel["official"], steel["classification"]) == ("C31", "黑色金属冶炼和压延加工业",
                                                                         "国民经济行业分类（GB/T 4754-2017）")
    assert rows["生物制药"]["codes"] == ["4.1", "C27"]
    assert rows["海洋"]["code"] is None and rows["海洋"]["codes"] == []


# ----------------------------------------------------------------- kg programs


def test_programs_json_rows_carry_the_instrument(sample_cli):
    res = sample_cli("programs", "--sector", "生物医药", "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and all(r["instrument"] in instrument_ids() for r in rows)
    assert {r["program"]: r["instrument"] for r in rows}["康复贷"] == "loan_guarantee"


@pytest.mark.parametrize("code", ["4", "４"])
def test_programs_by_official_code_are_those_of_its_sector(sample_cli, code):
    by_name = sample_cli("programs", "--sector", "生物医药", "--format", "json")
    by_code = sample_cli("programs", "--sector", code, "--format", "json")
    assert by_code.exit_code == 0, by_code.output
    assert by_code.output == by_name.output


def test_programs_by_gbt_division(db):
    assert programs_for_sector(db, "C27") == programs_for_sector(db, "27")
    rows = programs_for_sector(db, "4.2")  # 生物医学工程产业: 医疗器械 and 康复
    assert "康复贷" in {r["program"] for r in rows}
    assert {r["program"] for r in rows} <= {r["program"] for r in programs_for_sector(db, "4")}


def test_programs_by_instrument(sample_cli, db):
    res = sample_cli("programs", "--sector", "生物医药", "--instrument", "loan", "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert "康复贷" in {r["program"] for r in rows}
    assert all(r["instrument"] == "loan_guarantee" for r in rows)
    assert programs_for_sector(db, "生物医药", instrument="regulation") == [
        r for r in programs_for_sector(db, "生物医药") if r["instrument"] == "regulation"]


def test_programs_by_city(sample_cli, db):
    everything = programs_for_sector(db, "生物医药")
    for city in ("青岛", "常州"):
        rows = programs_for_sector(db, "生物医药", city=city)
        assert rows == [r for r in everything if r["city"] == city]
    assert programs_for_sector(db, "生物医药", city="青岛市") == programs_for_sector(db, "生物医药", city="青岛")
    res = sample_cli("programs", "--sector", "4", "--instrument", "loan_guarantee", "--city", "青岛", "--format", "json")
    assert [r["program"] for r in json.loads(res.output)] == ["康复贷"]


def test_programs_city_filter_is_applied_before_the_limit(db):
    rows = programs_for_sector(db, "生物医药", city="常州", limit=2)
    assert len(rows) == 2 and all(r["city"] == "常州" for r in rows)


def test_programs_bad_filters_are_one_line_errors(sample_cli):
    for args, words in ((["--instrument", "fund"], "ambiguous"), (["--instrument", "lottery"], "no instrument type"),
                        (["--city", "青道"], "no city '青道'"), (["--sector", "M73"], "no sector of the taxonomy falls in M73")):
        res = sample_cli("programs", "--sector", "生物医药", *args) if args[0] != "--sector" else sample_cli("programs", *args)
        assert res.exit_code == 1, res.output
        lines = res.output.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], res.output


def test_programs_injection_in_new_parameters(db):
    evil = "x' }) DETACH DELETE n //"
    with pytest.raises(NotFoundError):
        programs_for_sector(db, "生物医药", city=evil)
    with pytest.raises(QueryError):
        run_named(db, "programs_for_sector", {"sector": "生物医药", "instrument": evil})
    assert run_named(db, "programs_for_sector", {"sector": "生物医药", "codes": [evil], "city": evil}) == []
    assert programs_for_sector(db, "生物医药")  # still there


# ----------------------------------------------------------------- kg instruments / instrument_mix


def test_instrument_mix_pack_compares_cities(db):
    rows = run_named(db, "instrument_mix", {})
    assert rows
    by_city: dict = {}
    for r in rows:
        by_city.setdefault(r["name"], []).append(r)
    for city, mix in by_city.items():
        assert sum(r["schemes"] for r in mix) == mix[0]["total"]
        assert abs(sum(r["share"] for r in mix) - 1.0) < 0.01
    qingdao = {r["instrument"]: r for r in by_city["青岛"]}
    assert "康复贷" in qingdao["loan_guarantee"]["examples"]
    only = run_named(db, "instrument_mix", {"cities": "青岛,常州"})
    assert {r["name"] for r in only} == {"青岛", "常州"}
    assert [r for r in only if r["name"] == "青岛"] == by_city["青岛"]


def test_instrument_mix_by_sector_rolls_up_and_takes_codes(db):
    rows = instrument_mix(db, by="sector", sector="生物医药")
    sectors = {r["name"] for r in rows}
    assert "生物医药" in sectors and "医疗器械" in sectors
    top = [r for r in rows if r["name"] == "生物医药"]
    assert top[0]["official_code"] == "4"
    assert top[0]["total"] == len(programs_for_sector(db, "生物医药"))
    assert instrument_mix(db, by="sector", sector="4") == rows


def test_instrument_mix_leaves_out_what_programs_leaves_out(db, sample_cli):
    for threshold in (0.0, 0.5, 0.9):
        rows = instrument_mix(db, by="sector", sector="生物医药", min_confidence=threshold)
        total = next((r["total"] for r in rows if r["name"] == "生物医药"), 0)
        assert total == len(programs_for_sector(db, "生物医药", min_confidence=threshold))
    everything = json.loads(sample_cli("instruments", "--min-confidence", "0", "--format", "json").output)
    kept = json.loads(sample_cli("instruments", "--format", "json").output)
    assert sum(r["schemes"] for r in kept) <= sum(r["schemes"] for r in everything)


def test_cli_instruments(sample_cli):
    res = sample_cli("instruments", "--format", "json")
    assert res.exit_code == 0, res.output
    rows = {r["city"]: r for r in json.loads(res.output)}
    qingdao = rows["青岛"]
    assert list(qingdao) == ["city", "schemes", *instrument_ids()]
    assert qingdao["schemes"] == sum(qingdao[i] for i in instrument_ids()) and qingdao["loan_guarantee"] >= 1
    res = sample_cli("instruments", "--by", "sector", "--sector", "4", "--city", "青岛", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == ",".join(["sector", "official_code", "schemes", *instrument_ids()])
    assert any(line.startswith("生物医药,4,") for line in res.output.splitlines())
    res = sample_cli("instruments")
    assert res.exit_code == 0 and "青岛" in res.output and "loan_guarantee" in res.output
    res = sample_cli("instruments", "--types", "--format", "json")
    assert [r["instrument"] for r in json.loads(res.output)] == list(instrument_ids())


def test_cli_show_names_instrument_and_official_code(sample_cli):
    res = sample_cli("show", "康复贷")
    assert res.exit_code == 0 and "instrument: loan_guarantee" in res.output and "贷: 康复贷" in res.output
    res = sample_cli("show", "生物医药", "--type", "Sector")
    assert res.exit_code == 0 and "official: 4 生物产业 (战略性新兴产业分类（2018）)" in res.output


# ----------------------------------------------------------------- sector view


def test_sector_view_by_code_carries_instruments(db):
    graph = subgraph.sector_subgraph(db, "4")
    assert graph.nodes == subgraph.sector_subgraph(db, "生物医药").nodes
    schemes = {d["name"]: d["instrument"] for _, d in graph.nodes(data=True) if d["type"] in ("Program", "Fund", "Policy")}
    assert schemes["康复贷"] == "loan_guarantee"
    assert graph.nodes["Sector:生物医药"]["official_code"] == "4"


def test_cli_viz_sector_colours_programs_by_instrument(sample_cli, tmp_path):
    out = tmp_path / "bio.html"
    res = sample_cli("viz", "--sector", "生物医药", "--out", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert 'data-kg-instrument="loan_guarantee"' in page and "Instrument types" in page
    res = sample_cli("viz", "--city", "青岛", "--out", str(tmp_path / "qd.html"))
    assert res.exit_code == 0 and "data-kg-instrument=" not in (tmp_path / "qd.html").read_text(encoding="utf-8")
