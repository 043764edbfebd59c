"""Tables fit the terminal: long cells are cut with …, ``--wide`` keeps them whole (json, csv and ``kg show`` too)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from kg.cli import main
from kg.cli.common import fit_widths, print_table, truncate

LONG = "“康复贷”是康复产业孵化器联合青岛银行科技支行打造的新型金融产品,定向用于支持在康复产业孵化器入驻企业等主体。"


def _widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("text, width, expected", [
    ("青岛市科学技术局", 7, "青岛市…"),
    ("青岛市科学技术局", 8, "青岛市…"),     # a Chinese character takes two cells: it never sticks out half
    ("青岛市科学技术局", 16, "青岛市科学技术局"),
    ("loan_guarantee", 6, "loan_…"),
    ("abc", 1, "…"),
    ("abc", 0, ""),
])
def test_truncate_counts_terminal_cells(text: str, width: int, expected: str) -> None:
    assert truncate(text, width) == expected
    assert cell_len(truncate(text, width)) <= width


def test_fit_widths_keeps_short_columns_and_shares_the_rest() -> None:
    assert fit_widths([4, 7, 10], [[4, 4, 8]], 80) == [4, 7, 10]          # everything fits: nothing cut
    widths = fit_widths([4, 7, 200, 30], [[4, 4, 8, 8]], 60)
    assert sum(widths) == 60 and widths[:2] == [4, 7] and widths[2] >= widths[3]
    assert fit_widths([30, 7, 200], [[24, 4, 8], [4, 4, 8]], 50)[0] >= 24  # the first column kept when possible
    assert sum(fit_widths([50] * 40, [[8] * 40], 60)) <= 80                  # too many columns: 2 cells each


def test_print_table_fits_and_wide_keeps_everything(capsys, monkeypatch) -> None:
    rows = [{"program": "康复贷", "evidence": LONG, "n": 3}, {"program": "全国海洋科技大市场", "evidence": "短句。\n第二行",
                                                             "n": None}]
    monkeypatch.setenv("COLUMNS", "40")
    print_table(rows, ["program", "evidence", "n"], title="programs")
    out = capsys.readouterr().out
    assert _widest(out) <= 40 and "…" in out and LONG not in out
    assert "短句。 第二行" in out  # a line break inside a cell does not break the row
    print_table(rows, ["program", "evidence", "n"], title="programs", wide=True)
    out = capsys.readouterr().out
    assert LONG in out and "…" not in out


# ----------------------------------------------------------------- through the CLI, on the sample corpus


@pytest.fixture
def kg(sample_db, neo4j_server: str):
    """Run ``kg`` against the sample corpus in a terminal ``columns`` wide."""

    def invoke(*args: str, columns: int = 80):
        env = {"NEO4J_URI": neo4j_server, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "COLUMNS": str(columns)}
        return CliRunner().invoke(main, list(args), env=env)

    return invoke


@pytest.mark.neo4j
def test_programs_table_reads_in_80_columns(kg) -> None:
    full = json.loads(kg("programs", "--sector", "生物医药", "--format", "json").output)
    sentence = max((r["evidence"] for r in full), key=len)
    res = kg("programs", "--sector", "生物医药")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert _widest(res.output) <= 80
    assert len(lines) == len(full) + 3  # title, header, rule, then one line per program: no cell wraps
    assert "…" in res.output and sentence not in res.output
    assert all(r["program"][:4] in res.output for r in full)
    wide = kg("programs", "--sector", "生物医药", "--wide")
    assert wide.exit_code == 0 and sentence in wide.output and len(wide.output.splitlines()) == len(lines)
    assert sentence in kg("programs", "--sector", "生物医药", "--format", "csv").output


@pytest.mark.neo4j
@pytest.mark.parametrize("args", [["query", "run", "programs_for_sector", "-p", "sector=生物医药"], ["query", "list"],
                                  ["instruments"], ["sectors"], ["stats"], ["analyze", "--top", "3"]])
def test_every_table_fits(kg, args: list[str]) -> None:
    for columns in (80, 60):
        res = kg(*args, columns=columns)
        assert res.exit_code == 0, res.output
        assert _widest(res.output) <= columns, res.output


@pytest.mark.neo4j
def test_show_keeps_the_whole_evidence(kg) -> None:
    [card] = json.loads(kg("show", "康复贷", "--format", "json").output)
    res = kg("show", "康复贷", columns=40)
    assert res.exit_code == 0, res.output
    for rel in card["relations"]:
        assert rel["evidence"] in res.output and rel["other"] in res.output
    assert "→ FUNDS 青岛鹏锋诚医疗器械有限公司 (Company) · amount_cny 1000000" in res.output
    more = kg("show", "康复", "--type", "Sector")
    assert more.exit_code == 0 and "(+1 more: kg query run evidence -p name=康复)" in more.output
    taxonomy = kg("show", "生物医药", "--type", "Sector", "--wide")
    assert taxonomy.exit_code == 0 and "source taxonomy" in taxonomy.output
