"""The instrument types of programs, funds and policies (``schema/instruments.json``) and lookups by any of their names.

The taxonomy is modelled on the instrument typology of the EC-OECD STIP
Compass; the extractor sets one type on every Program, Fund and Policy
(:mod:`kg.loaders.instruments`), and the lookups filter and count by it.

    >>> resolve_instrument("loan")
    'loan_guarantee'
    >>> resolve_instrument("股权投资与引导基金")
    'equity_fund'
    >>> get_instrument("grant").en
    'Project grants and subsidies'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import NotFoundError

INSTRUMENTS_FILE = "instruments.json"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Instrument:
    """One instrument type: id, Chinese and English names, its STIP Compass counterpart and what it covers."""

    id: str
    zh: str
    en: str
    stip: str = ""
    what: str = ""


@lru_cache(maxsize=1)
def instruments() -> dict[str, Instrument]:
    """The instrument types by id, in file order (``unknown`` last)."""
    data = json.loads(resources.files("kg.schema").joinpath(INSTRUMENTS_FILE).read_text("utf-8"))
    return {i["id"]: Instrument(i["id"], i["zh"], i["en"], i.get("stip", ""), i.get("what", ""))
            for i in data["instruments"]}


def instrument_ids() -> tuple[str, ...]:
    return tuple(instruments())


def get_instrument(text: str) -> Instrument:
    return instruments()[resolve_instrument(text)]


def resolve_instrument(text: str) -> str:
    """The instrument id that ``text`` names: an id, its Chinese or English name, or an unambiguous part of
    one (``loan``, ``equity``, ``talent``, ``贷款``, ``基金``), case-insensitive; NotFoundError otherwise."""
    want = text.strip().lower().replace("-", "_").replace(" ", "_")
    table = instruments()
    if not want:
        raise NotFoundError("no instrument type given", list(table))
    for inst in table.values():
        if want in (inst.id, inst.zh.lower(), inst.en.lower().replace(" ", "_")):
            return inst.id
    parts = [inst.id for inst in table.values()
             if any(p.startswith(want) for p in inst.id.split("_")) or inst.id.startswith(want)]
    if not parts and len(want) >= 2:
        parts = [inst.id for inst in table.values() if want in inst.zh or want in inst.en.lower().replace(" ", "_")]
    if len(parts) == 1:
        return parts[0]
    if parts:
        raise NotFoundError(f"instrument type {text!r} is ambiguous", parts)
    raise NotFoundError(f"no instrument type {text!r} (see `kg instruments --help`)", list(table))
