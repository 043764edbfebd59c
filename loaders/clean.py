"""Blank out web boilerplate: share prompts, copyright lines, e-reader menus, stray base64.

Patterns are data (``patterns/boilerplate.txt``: one regular expression per
line, matched against a whole stripped line).  Matches are replaced with
spaces so character offsets stay those of the source text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# A run of base64-like characters: long, no CJK, mixes case and digits.
_BASE64ISH = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")


@lru_cache(maxsize=1)
def _line_patterns() -> re.Pattern[str]:
    raw = resources.files("kg.loaders").joinpath("patterns/boilerplate.txt").read_text("utf-8")
    pats = [p.strip() for p in raw.splitlines() if p.strip() and not p.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in pats))


def _is_base64ish(token: str) -> bool:
    return (any(c.isdigit() for c in token) + any(c.islower() for c in token)
            + any(c.isupper() for c in token) + any(c in "+/" for c in token)) >= 3


def blank_boilerplate(text: str) -> str:
    """Replace boilerplate lines and base64-like runs with spaces (same length)."""
    pat = _line_patterns()
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and pat.fullmatch(stripped):
            out.append(" " * len(line))
            continue
        line = _BASE64ISH.sub(lambda m: " " * len(m.group()) if _is_base64ish(m.group()) else m.group(), line)
        out.append(line)
    return "\n".join(out)
