"""Blank out web boilerplate (share prompts, footers, e-reader menus, stray base64) and control characters.

Patterns are data (``patterns/boilerplate.txt``: one regular expression per
line, matched against a whole stripped line).  Footer patterns (``margin:``)
only blank short lines without a sentence end in the page's first or last
lines, so a sentence that mentions 版权所有 keeps its facts.  Matches are
replaced with spaces so character offsets stay those of the source text, and
every blanked line is returned, so that nothing is dropped without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# A run of base64-like characters: long, no CJK, mixes case and digits.
_BASE64ISH = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")
# C0 and C1 control characters other than tab and line feed (escape sequences, bell, form feed, DEL …).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENTENCE_END = re.compile(r"[。！？!?]")

MARGIN_HEAD, MARGIN_TAIL = 3, 10
"""Footer patterns apply to the first 3 and the last 10 non-blank lines of a text."""
FOOTER_MAX_CHARS = 120
"""Footer patterns apply to lines of at most this many characters."""


@dataclass(frozen=True, slots=True)
class LinePatterns:
    anywhere: re.Pattern[str] | None
    margin: re.Pattern[str] | None


def _union(pats: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None


@lru_cache(maxsize=1)
def _line_patterns() -> LinePatterns:
    raw = resources.files("kg.loaders").joinpath("patterns/boilerplate.txt").read_text("utf-8")
    pats = [p.strip() for p in raw.splitlines() if p.strip() and not p.startswith("#")]
    margin = [p.removeprefix("margin:").strip() for p in pats if p.startswith("margin:")]
    return LinePatterns(_union([p for p in pats if not p.startswith("margin:")]), _union(margin))


def _is_base64ish(token: str) -> bool:
    return (any(c.isdigit() for c in token) + any(c.islower() for c in token)
            + any(c.isupper() for c in token) + any(c in "+/" for c in token)) >= 3


def blank_controls(text: str) -> str:
    """Replace control characters (terminal escapes, bells, NULs …) by spaces; tabs and line feeds stay."""
    return _CONTROL.sub(" ", text)


def blank_boilerplate(text: str) -> tuple[str, list[str]]:
    """Replace boilerplate lines and base64-like runs with spaces (same length).

    Returns the cleaned text and the stripped lines that were blanked whole.
    """
    pats = _line_patterns()
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    margins = set(filled[:MARGIN_HEAD]) | set(filled[-MARGIN_TAIL:])
    out: list[str] = []
    dropped: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and (_matches(pats.anywhere, stripped) or (i in margins and _is_footer(pats.margin, stripped))):
            out.append(" " * len(line))
            dropped.append(stripped)
            continue
        line = _BASE64ISH.sub(lambda m: " " * len(m.group()) if _is_base64ish(m.group()) else m.group(), line)
        out.append(line)
    return "\n".join(out), dropped


def _matches(pat: re.Pattern[str] | None, line: str) -> bool:
    return pat is not None and pat.fullmatch(line) is not None


def _is_footer(pat: re.Pattern[str] | None, line: str) -> bool:
    return len(line) <= FOOTER_MAX_CHARS and not _SENTENCE_END.search(line) and _matches(pat, line)
