"""Query packs: ``.cypher`` files in ``queries/`` (package ``kg.queries``) with a header of name, description and parameters.

A pack's header is a block of ``//`` comment lines at the top of the file::

    // name: programs_for_sector
    // description: Programs, funds and policies that support a sector or its sub-sectors.
    // param: sector (string) Sector name, Chinese or English. Example: 生物医药
    // param: limit (int, default 50) Most rows returned.
    // example: kg query run programs_for_sector -p sector=生物医药

The rest of the file is Cypher, pasteable into Neo4j Browser (set parameters
there with ``:param sector => '生物医药'``).  Values reach Neo4j only as
Cypher parameters; this module only parses and checks them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.errors import QueryError

_HEADER = re.compile(r"^//\s*(name|description|param|example|returns)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>string|int|float|bool|list)(?:\s*,\s*default\s+(?P<default>[^)]*))?\)\s*(?P<help>.*)$"
)
_TYPES = {"string": str, "int": int, "float": float, "bool": bool, "list": list}


@dataclass(frozen=True)
class Param:
    """One declared parameter of a pack."""

    name: str
    type: str
    help: str = ""
    default: Any = None
    required: bool = True

    def convert(self, raw: Any) -> Any:
        """Turn a CLI string (or a Python value) into the declared type; None stays None (not given)."""
        if raw is None:
            return None
        if not isinstance(raw, str):
            if self.type == "list" and not isinstance(raw, list):
                return [raw]
            return raw
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "bool":
                if raw.lower() in {"1", "true", "yes", "y"}:
                    return True
                if raw.lower() in {"0", "false", "no", "n"}:
                    return False
                raise ValueError(raw)
            if self.type == "list":
                return [v.strip() for v in raw.split(",") if v.strip()]
        except ValueError:
            raise QueryError(f"parameter {self.name} wants {self.type}, got {raw!r}") from None
        return raw


@dataclass(frozen=True)
class QueryPack:
    """A named, documented Cypher query."""

    name: str
    description: str
    cypher: str
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default=())
    source: str = ""

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and convert parameters; unknown or missing ones raise :class:`QueryError`."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)}"
                             f" (it takes: {', '.join(known) or 'none'})")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.convert(given[p.name])
            elif p.required:
                raise QueryError(f"query {self.name} needs -p {p.name}=… ({p.help or p.type})")
            else:
                out[p.name] = p.default
        return out


def parse_pack(text: str, source: str = "") -> QueryPack:
    """Parse a pack file's text."""
    meta: dict[str, list[str]] = {}
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        m = _HEADER.match(line) if in_header else None
        if m:
            meta.setdefault(m.group(1), []).append(m.group(2))
            continue
        if in_header and (not line.strip() or line.lstrip().startswith("//")):
            continue
        in_header = False
        body.append(line)
    if not meta.get("name"):
        raise QueryError(f"{source}: query pack has no '// name:' header")
    params = tuple(_parse_param(p, source) for p in meta.get("param", []))
    cypher = "\n".join(body).strip().rstrip(";").strip()
    if not cypher:
        raise QueryError(f"{source}: query pack has no Cypher")
    return QueryPack(
        name=meta["name"][0],
        description=" ".join(meta.get("description", [])),
        cypher=cypher,
        params=params,
        examples=tuple(meta.get("example", [])),
        source=source,
    )


def _parse_param(spec: str, source: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(f"{source}: bad param line {spec!r}; want 'name (type[, default X]) help'")
    type_ = m.group("type")
    default_raw = m.group("default")
    required = default_raw is None
    default = None
    if default_raw is not None and default_raw.strip().lower() not in {"null", "none"}:
        default = Param(m.group("name"), type_).convert(default_raw.strip())
    return Param(m.group("name"), type_, m.group("help").strip(), default, required)


@lru_cache(maxsize=1)
def load_packs() -> dict[str, QueryPack]:
    """All packs shipped in ``queries/``, by name."""
    packs: dict[str, QueryPack] = {}
    root = resources.files("kg.queries")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            pack = parse_pack(entry.read_text("utf-8"), entry.name)
            if pack.name in packs:
                raise QueryError(f"{entry.name}: duplicate query pack name {pack.name}")
            packs[pack.name] = pack
    return packs


def get_pack(name: str) -> QueryPack:
    """The pack called ``name``, or :class:`QueryError` naming the closest ones."""
    packs = load_packs()
    if name in packs:
        return packs[name]
    import difflib

    close = difflib.get_close_matches(name, list(packs), n=3, cutoff=0.4)
    hint = f"; closest: {', '.join(close)}" if close else "; see `kg query list`"
    raise QueryError(f"no query pack named {name!r}{hint}")


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["k=v", …]`` from ``-p k=v`` options into a dict; a key given twice is an error."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"parameter {pair!r} must look like key=value")
        k, v = pair.split("=", 1)
        k = k.strip()
        if k in out:
            raise QueryError(f"parameter {k!r} is given twice ({out[k]!r} and {v!r}): give it once "
                             "(lists are comma-separated)")
        out[k] = v
    return out


VALUE_TYPES = ("string", "int", "float", "bool", "list", "json")
"""Types a ``-p key:type=value`` of ``kg cypher`` may name (``list``: comma-separated strings; ``json``: any JSON)."""


def parse_typed_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``["k=v", "n:int=5", …]`` into parameter values: a string unless the key names a type of :data:`VALUE_TYPES`.

    >>> parse_typed_assignments(["city=青岛", "n:int=5", "codes:list=4,C27", "m:json={\\"a\\": [1, null]}"])
    {'city': '青岛', 'n': 5, 'codes': ['4', 'C27'], 'm': {'a': [1, None]}}
    """
    out: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for key, value in parse_assignments(pairs).items():
        name, _, type_ = key.partition(":")
        name, type_ = name.strip(), type_.strip().lower() or "string"
        if not name:
            raise QueryError(f"parameter {key + '=' + value!r} has no name: write name=value")
        if name in out:
            raise QueryError(f"parameter {name!r} is given twice ({raw[name]!r} and {value!r}): give it once "
                             "(lists are comma-separated)")
        if type_ not in VALUE_TYPES:
            raise QueryError(f"parameter {name}: unknown type {type_!r}; use one of {', '.join(VALUE_TYPES)}")
        if type_ == "json":
            try:
                out[name] = json.loads(value)
            except ValueError as exc:
                raise QueryError(f"parameter {name} wants JSON, got {value!r} ({exc})") from None
        else:
            out[name] = Param(name, type_).convert(value)
        raw[name] = value
    return out
