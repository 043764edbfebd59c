"""Write ``loaders/patterns/public_laws.txt`` from a clone of GitHub ``LawRefBook/Laws``.

Usage: ``python scripts/make_public_laws.py PATH_TO_CLONE [REVISION]``.  Reads the file names of the national laws
and administrative regulations (one Markdown file per law, named by its short title as 国家法律法规数据库 gives it),
keeps the titles of laws, codes, regulations, rules and decisions, drops the date an amended version carries in
its file name, and writes one title per line with its category.  Deterministic: the same revision gives the
same file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CATEGORIES = ("宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法", "其他",
              "行政法规")
KINDS = ("法", "法典", "条例", "规定", "办法", "决定", "规则", "细则")
SHORT_OK = frozenset({"刑法", "宪法"})
"""Two-character titles kept; the others (水法) read as ordinary words too."""
CIVIL_CODE = {"民法典": "民法典", **{t: "民法商法" for t in (
    "婚姻法", "继承法", "民法通则", "收养法", "担保法", "合同法", "物权法", "侵权责任法", "民法总则")}}
"""The Civil Code, which the mirror files by its parts only, and the nine laws its Article 1260 repealed on
1 January 2021 (still named in the news before that day)."""


def titles(clone: Path, revision: str) -> dict[str, str]:
    names = subprocess.run(["git", "-C", str(clone), "-c", "core.quotepath=off", "ls-tree", "-r", "--name-only",
                            revision], check=True, capture_output=True, text=True).stdout.splitlines()
    out: dict[str, str] = {}
    for path in names:
        parts = path.split("/")
        if parts[0] not in CATEGORIES or not path.endswith(".md") or parts[-1].startswith("_"):
            continue
        title = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", parts[-1][:-3]).strip()
        if not title.endswith(KINDS) or (len(title) < 3 and title not in SHORT_OK) or "修正案" in title:
            continue
        out.setdefault(title, parts[0])
    for title, category in CIVIL_CODE.items():
        out.setdefault(title, category)
    return dict(sorted(out.items()))


def main() -> None:
    clone = Path(sys.argv[1])
    revision = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    commit = subprocess.run(["git", "-C", str(clone), "rev-parse", revision], check=True, capture_output=True,
                            text=True).stdout.strip()
    rows = titles(clone, revision)
    target = Path(__file__).resolve().parent.parent / "loaders" / "patterns" / "public_laws.txt"
    header = [
        "# National laws and administrative regulations of China by short title: title <TAB> category",
        "# Source: 国家法律法规数据库 (https://flk.npc.gov.cn), as mirrored file by file in GitHub LawRefBook/Laws,",
        f"#   commit {commit}; written by scripts/make_public_laws.py (see patterns/PUBLIC_SOURCES.md).",
    ]
    target.write_text("\n".join(header + [f"{t}\t{c}" for t, c in rows.items()]) + "\n", encoding="utf-8")
    print(f"{len(rows)} titles → {target}")


if __name__ == "__main__":
    main()
