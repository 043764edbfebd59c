"""Run query packs against Neo4j and turn the answers into plain, JSON-ready rows.

Every query is a pack in ``queries/`` (see :mod:`kg.packs`); values reach Neo4j
only as Cypher parameters, and packs run in read transactions, so a parameter
can never change the graph.  The lookups used by the CLI (programs for a
sector, sector counts, entity cards, "did you mean") are thin wrappers around
packs.

    >>> rows = run_pack(driver, get_pack("programs_for_sector"), {"sector": "生物医药"})
    >>> rows[0]["program"]
    '康复贷'
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j.graph import Node, Path, Relationship

from kg.errors import NotFoundError, QueryError
from kg.instruments import resolve_instrument
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.packs import QueryPack, get_pack, parse_assignments
from kg.store.errors import neo4j_errors
from kg.taxonomy import default_taxonomy

VOCABULARY: dict[str, tuple[str, ...]] = {"type": ENTITY_TYPES, "relation": RELATION_TYPES, "by": ("city", "sector")}
"""Parameters whose values must be an ontology name (checked, case-insensitively, before running)."""

_HELP_EXAMPLE = re.compile(r"Example:\s*(.+?)\s*$")

BOUNDS: dict[str, tuple[int, int]] = {"depth": (1, 3), "limit": (1, 100_000)}
"""Integer parameters with an allowed range."""


# --------------------------------------------------------------------------- values


def to_plain(value: Any) -> Any:
    """A neo4j value as plain Python: nodes, relationships and paths become dicts with stable keys.

    - Node → ``{"key", "labels" (sorted), "properties" (sorted by name)}``
    - Relationship → ``{"type", "start", "end", "properties"}``, start/end being
      the end nodes' ``key`` (entities) or ``id`` (documents, sentences)
    - Path → ``{"nodes": [...], "relationships": [...]}``
    - temporal values → ISO strings; lists and maps recursively.
    Internal element ids are left out: they differ between databases.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Node):
        props = {k: to_plain(v) for k, v in sorted(value.items())}
        return {"key": props.get("key", props.get("id")), "labels": sorted(value.labels), "properties": props}
    if isinstance(value, Relationship):
        return {"type": value.type, "start": _node_ref(value.start_node), "end": _node_ref(value.end_node),
                "properties": {k: to_plain(v) for k, v in sorted(value.items())}}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return str(value)


def _node_ref(node: Node | None) -> Any:
    if node is None:
        return None
    return node.get("key", node.get("id", node.element_id))


# --------------------------------------------------------------------------- parameters


def check_params(pack: QueryPack, params: Mapping[str, Any]) -> dict[str, Any]:
    """Bind ``params`` (``pack.bind``) and check ontology names and ranges; QueryError if wrong."""
    bound = pack.bind(dict(params))
    for name, allowed in VOCABULARY.items():
        if name not in bound:
            continue
        value = bound[name]
        if value is None or value == "":
            bound[name] = None
            continue
        if not isinstance(value, str):
            raise QueryError(f"parameter {name} wants one of {', '.join(allowed)}, got {value!r}")
        folded = {a.lower(): a for a in allowed}
        if value.lower() not in folded:
            close = difflib.get_close_matches(value, list(allowed), n=3, cutoff=0.4)
            hint = f" (closest: {', '.join(close)})" if close else ""
            raise QueryError(f"parameter {name}={value!r} is not one of {', '.join(allowed)}{hint}")
        bound[name] = folded[value.lower()]
    for name, (low, high) in BOUNDS.items():
        value = bound.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
            raise QueryError(f"parameter {name} must be between {low} and {high}, got {value}")
    for p in pack.params:  # empty strings for optional text parameters mean "not given"
        if p.type == "string" and not p.required and bound.get(p.name) == "":
            bound[p.name] = None
    if isinstance(bound.get("instrument"), str):  # an instrument type by id, name or unambiguous part (loan)
        try:
            bound["instrument"] = resolve_instrument(bound["instrument"])
        except NotFoundError as exc:
            raise QueryError(f"parameter instrument: {exc}") from None
    return bound


def example_params(pack: QueryPack) -> dict[str, str]:
    """Example values: the ``-p key=value`` pairs of the pack's ``// example: kg query run …`` line, then
    ``Example: value`` at the end of a parameter's help for required parameters still missing."""
    out: dict[str, str] = {}
    for example in pack.examples:
        try:
            words = shlex.split(example)
        except ValueError:
            continue
        if "query" not in words or "run" not in words:
            continue
        out = parse_assignments([words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-p", "--param")])
        break
    for p in pack.params:
        m = _HELP_EXAMPLE.search(p.help)
        if p.required and p.name not in out and m:
            out[p.name] = m.group(1).strip()
    return out


def browser_params(pack: QueryPack, given: Mapping[str, Any] | None = None) -> list[str]:
    """``:param name => value`` lines for Neo4j Browser: the given values, else the example's, else the defaults."""
    values = {**example_params(pack), **(given or {})}
    lines = []
    for p in pack.params:
        if p.name in values:
            value = p.convert(values[p.name])
        else:
            value = p.default
        lines.append(f":param {p.name} => {cypher_literal(value)}")
    return lines


def cypher_literal(value: Any) -> str:
    """A value written as a Cypher literal, for display only (to paste into Browser's ``:param``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


# --------------------------------------------------------------------------- running


def run_pack(driver: neo4j.Driver, pack: QueryPack, params: Mapping[str, Any] | None = None, *,
             database: str | None = None) -> list[dict[str, Any]]:
    """Run a pack in a read transaction; rows as plain dicts, in the pack's order and column order."""
    bound = check_params(pack, params or {})

    def work(tx):
        result = tx.run(pack.cypher, bound)
        keys = result.keys()
        return [{k: to_plain(rec[k]) for k in keys} for rec in result]

    return _read(driver, work, pack, database)


def explain_pack(driver: neo4j.Driver, pack: QueryPack, params: Mapping[str, Any] | None = None, *,
                 database: str | None = None) -> dict[str, Any]:
    """``EXPLAIN`` the pack: ``{"query_type": "r"|"rw"|…, "plan": {...}}`` without running it."""
    bound = check_params(pack, params or {})

    def work(tx):
        summary = tx.run("EXPLAIN " + pack.cypher, bound).consume()
        return {"query_type": summary.query_type, "plan": to_plain(summary.plan)}

    return _read(driver, work, pack, database)


def _read(driver: neo4j.Driver, work, pack: QueryPack, database: str | None):
    with neo4j_errors(f"query {pack.name}", query=pack.name), \
            driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                           notifications_min_severity="OFF") as session:
        return session.execute_read(work)


def run_named(driver: neo4j.Driver, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """``run_pack`` by pack name."""
    return run_pack(driver, get_pack(name), params)


# --------------------------------------------------------------------------- lookups


def suggest_names(driver: neo4j.Driver, name: str, type: str | None = None, n: int = 5) -> list[str]:
    """Closest entity names in the graph (names, aliases, sector synonyms), best first."""
    rows = run_named(driver, "entity_names", {"type": type})
    return _closest(name, [(r["name"], r["canonical"]) for r in rows], n)


SUGGEST_CHARS = 64
"""Suggestions compare this many leading characters of what was asked (no entity name is longer than a few
dozen): a pasted paragraph gets an answer in milliseconds, not a minute of string matching."""


def _closest(query: str, forms: list[tuple[str, str]], n: int) -> list[str]:
    """Canonical names whose forms (``(form, canonical)`` pairs) are most like ``query``; substrings score higher."""
    q = query.strip().lower()[:SUGGEST_CHARS]
    scored: dict[str, float] = {}
    for form, canonical in forms:
        f = form.lower()
        score = difflib.SequenceMatcher(None, q, f).ratio()
        if q and (q in f or f in q):
            score += 0.5
        if score > scored.get(canonical, 0.0):
            scored[canonical] = score
    ranked = sorted((kv for kv in scored.items() if kv[1] >= 0.4), key=lambda kv: (-kv[1], kv[0]))
    return [c for c, _ in ranked[:n]]


def find_entities(driver: neo4j.Driver, name: str, type: str | None = None) -> list[dict[str, Any]]:
    """Entities named ``name`` (name or alias), as rows of the ``entity`` pack; NotFoundError with suggestions."""
    rows = run_named(driver, "entity", {"name": name, "type": type})
    if not rows:
        what = f"{type} " if type else ""
        raise NotFoundError(f"no {what}entity named {name!r} in the graph", suggest_names(driver, name, type))
    return rows


def entity_cards(driver: neo4j.Driver, name: str, type: str | None = None) -> list[dict[str, Any]]:
    """One card per entity named ``name``: the ``entity`` row plus ``relations`` (``entity_relations`` rows)."""
    cards = []
    for ent in find_entities(driver, name, type):
        rels = run_named(driver, "entity_relations", {"name": name, "type": ent["type"]})
        card = dict(ent)
        card["relations"] = [{k: v for k, v in r.items() if k != "key"} for r in rels if r["key"] == ent["key"]]
        cards.append(card)
    return cards


def resolve_sector_name(driver: neo4j.Driver, sector: str) -> str:
    """Canonical sector for a Chinese/English name or synonym: the taxonomy first, then the graph's Sector names.

    Raises :class:`NotFoundError` with the closest sectors when neither knows it.
    """
    tax = default_taxonomy()
    canonical = tax.resolve(sector)
    if canonical is not None:
        return canonical
    rows = run_named(driver, "entity_names", {"type": "Sector"})
    wanted = sector.strip().lower()
    for r in rows:
        if r["name"].lower() == wanted:
            return r["canonical"]
    forms = [(r["name"], r["canonical"]) for r in rows]
    forms += [(form, s.name) for s in tax.sectors.values() for form in (s.name, s.name_en, *s.synonyms)]
    raise NotFoundError(f"no sector {sector!r} in the taxonomy or the graph (see `kg sectors --all`)",
                        _closest(sector, forms, 5))


def sector_params(driver: neo4j.Driver, sector: str) -> dict[str, Any]:
    """The ``sector`` and ``codes`` parameters of the sector packs for a sector name or an official code.

    A name (Chinese, English, synonym) is resolved by :func:`resolve_sector_name`; a code of
    战略性新兴产业分类（2018） (``4``, ``4.1``) or GB/T 4754-2017 (``C27``, ``27``, ``C``) stands for
    the sectors that carry it (:meth:`kg.taxonomy.Taxonomy.by_official_code`).  NotFoundError when
    neither names a sector.
    """
    tax = default_taxonomy()
    if tax.resolve(sector) is None:
        official = tax.official_code(sector)
        if official is not None:
            names = tax.by_official_code(official.code)
            if not names:
                raise NotFoundError(f"no sector of the taxonomy falls in {official.code} {official.name} "
                                    f"({tax.classifications[official.classification].name})")
            codes = sorted({c for n in names for c in tax.sectors[n].official
                            if c == official.code or tax.codes[c].parent == official.code})
            return {"sector": official.code, "codes": codes}
    return {"sector": resolve_sector_name(driver, sector), "codes": None}


def resolve_city(driver: neo4j.Driver, city: str) -> str:
    """The name of the City node that ``city`` names (青岛市 → 青岛); NotFoundError with the closest cities."""
    name = city.strip()
    for candidate in dict.fromkeys([name, name[:-1] if name.endswith("市") and len(name) > 2 else name]):
        rows = run_named(driver, "entity", {"name": candidate, "type": "City"})
        if rows:
            return rows[0]["name"]
    raise NotFoundError(f"no city {city!r} in the graph", suggest_names(driver, city, "City"))


def programs_for_sector(driver: neo4j.Driver, sector: str, limit: int = 200, min_confidence: float = 0.5, *,
                        instrument: str | None = None, city: str | None = None) -> list[dict[str, Any]]:
    """Programs, funds and policies supporting ``sector`` (a name or an official code) or its sub-sectors, of one
    ``instrument`` type and one ``city`` if given (rows of ``programs_for_sector``), leaving out what the extractor
    scored below ``min_confidence``."""
    params = sector_params(driver, sector)
    params.update(limit=limit, min_confidence=min_confidence, instrument=instrument,
                  city=resolve_city(driver, city) if city else None)
    return run_named(driver, "programs_for_sector", params)


def instrument_mix(driver: neo4j.Driver, by: str = "city", sector: str | None = None,
                   cities: list[str] | None = None, min_confidence: float = 0.5) -> list[dict[str, Any]]:
    """Schemes per city (or sector) and instrument type (rows of the ``instrument_mix`` pack).

    ``sector`` (a name or an official code) keeps the schemes supporting it or its sub-sectors;
    ``cities`` names the cities to compare (青岛市 is 青岛); schemes and links the extractor scored
    below ``min_confidence`` are left out.
    """
    params: dict[str, Any] = {"by": by, "sector": None, "codes": None, "min_confidence": min_confidence,
                              "cities": [resolve_city(driver, c) for c in cities] if cities else None}
    if sector:
        params.update(sector_params(driver, sector))
    return run_named(driver, "instrument_mix", params)


def sector_counts(driver: neo4j.Driver, include_empty: bool = False) -> list[dict[str, Any]]:
    """Sectors with program and actor counts (rows of the ``sectors`` pack)."""
    return run_named(driver, "sectors", {"include_empty": include_empty})
