"""Rules and gazetteers as data: the files of ``patterns/``, loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def read_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of ``patterns/<name>``."""
    raw = resources.files("kg.loaders").joinpath(f"patterns/{name}").read_text("utf-8")
    return [ln.rstrip("\n") for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def read_table(name: str) -> list[list[str]]:
    """Tab-separated rows of ``patterns/<name>``."""
    return [[c.strip() for c in ln.split("\t")] for ln in read_lines(name)]


def read_jsonl(name: str) -> list[dict]:
    return [json.loads(ln) for ln in read_lines(name)]


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """Every white-space separated word of ``patterns/<name>``."""
    return frozenset(w for ln in read_lines(name) for w in ln.split())


@lru_cache(maxsize=None)
def term_list(name: str) -> tuple[str, ...]:
    """First column of every row of ``patterns/<name>``."""
    return tuple(r[0] for r in read_table(name))


@dataclass(frozen=True, slots=True)
class Suffix:
    suffix: str
    type: str
    kind: str  # "name": needs a name before it; "abbr": short form (…所, …委) needs a short head


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[Suffix, ...]:
    rows = read_table("org_suffixes.txt")
    out = [Suffix(r[0], r[1], r[2] if len(r) > 2 else "name") for r in rows]
    return tuple(sorted(out, key=lambda s: -len(s.suffix)))
