"""Make the README's screenshot with the project's own commands.

Runs ``kg build`` (the sample corpus; skip with ``--no-build``) and
``kg viz --city 青岛 --screenshot docs/img/city_qingdao.png``.  Neo4j is the
one the CLI uses: NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, else the local one.

Usage:
    python bench/screenshot.py
    NEO4J_URI=bolt://127.0.0.1:7687 python bench/screenshot.py --no-build
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", default="青岛")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "img" / "city_qingdao.png")
    parser.add_argument("--html", type=Path, default=ROOT / "build" / "city_qingdao.html")
    parser.add_argument("--no-build", action="store_true", help="Draw the graph already in Neo4j.")
    args = parser.parse_args(argv)
    kg = [sys.executable, "-c", "from kg.cli import main; main()"]
    if not args.no_build:
        subprocess.run([*kg, "build"], check=True, cwd=ROOT)
    subprocess.run([*kg, "viz", "--city", args.city, "--out", str(args.html), "--screenshot", str(args.png)],
                   check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
