"""Every command is documented: an Example in its --help and a line in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, f"{full} "))
        else:
            out.append((full, cmd))
    return out


@pytest.mark.parametrize("name, cmd", _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_command_help_has_an_example(name: str, cmd: click.Command) -> None:
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_in_the_readme(name: str) -> None:
    assert f"kg {name}" in README


def test_bad_path_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1  # every file failed (2: some did, the others were used)
    assert "Traceback" not in result.output
    assert "missing.txt: no such file" in result.output
