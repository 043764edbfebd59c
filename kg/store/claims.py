"""A relation's attributes as claims of the documents that state them: the one place their rules live.

A document states ``amount_cny``, ``year`` and ``role`` of a relation (or
none of them); the store keeps one claim string per document on the
relationship, so that retracting or changing a document drops exactly what it
stated.  Three rules, used by the transactional writer (:mod:`kg.store.writer`,
which reads the stored claims back and sets what these functions compute),
the planner (:mod:`kg.store.plan`) and the offline import
(:mod:`kg.store.bulk`):

- :func:`encode`: ``"<doc_id>\\x1f<amount>\\x1f<year>\\x1f<role>"``, empty
  fields for missing values, the role last so it may contain anything;
- :func:`merge`: a document's new claim (or its silence) replaces what it
  claimed before; the list stays sorted and distinct;
- :func:`attributes`: each attribute is the first (by document id) claim's
  value that is present, so the result does not depend on the order or
  batching of the writes.

>>> from kg.model import Relation
>>> c = encode("d2", Relation("Fund:A", "FUNDS", "Company:B", amount_cny=5e6, year=2024))
>>> attributes(merge([encode("d1", Relation("Fund:A", "FUNDS", "Company:B", year=2023))], ["d2"], [c]))
(5000000.0, 2023, None)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from kg.model import Relation

SEP = "\x1f"
"""Separates the fields of a claim (ASCII unit separator)."""


def encode(doc_id: str, rel: Relation) -> str | None:
    """The attributes ``doc_id`` states for ``rel`` as one claim, or None when it states none."""
    amount_cny = rel.amount_cny if rel.amount_cny is not None and math.isfinite(rel.amount_cny) else None
    if amount_cny is None and rel.year is None and not rel.role:
        return None
    amount = "" if amount_cny is None else repr(float(amount_cny))
    year = "" if rel.year is None else str(int(rel.year))
    return SEP.join((doc_id, amount, year, str(rel.role or "")))


def merge(stored: Iterable[str], touched: Iterable[str], new: Iterable[str]) -> list[str]:
    """``stored`` claims without those of the ``touched`` documents, plus the ``new`` ones: sorted, distinct."""
    prefixes = tuple(f"{d}{SEP}" for d in touched)
    kept = [c for c in stored if not c.startswith(prefixes)] if prefixes else list(stored)
    return sorted(set(kept) | set(new))


def attributes(claims: Iterable[str]) -> tuple[float | None, int | None, str | None]:
    """``amount_cny``, ``year`` and ``role`` of sorted ``claims``: each from the first claim that has it."""
    amount = year = role = None
    for c in claims:
        parts = c.split(SEP, 3)
        if amount is None and parts[1]:
            amount = float(parts[1])
        if year is None and parts[2]:
            year = int(parts[2])
        if role is None and len(parts) > 3 and parts[3]:
            role = parts[3]
    return amount, year, role
