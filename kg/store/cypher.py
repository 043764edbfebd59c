"""Read the store's Cypher from ``schema/*.cypher`` (package ``kg.schema``).

Each file starts with ``//`` header lines (name, description, param, template)
and holds one statement, or several each ending a line with ``;``.  Values
always travel as parameters; the only text ever filled into a statement is a
label or relationship type, and only after it is checked against
``kg.model.ENTITY_TYPES`` / ``RELATION_TYPES``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from kg.errors import StoreError
from kg.model import ENTITY_TYPES, RELATION_TYPES

LABEL_TOKEN = "__LABEL__"
TYPE_TOKEN = "__TYPE__"


@lru_cache(maxsize=None)
def _body(name: str) -> str:
    try:
        text = resources.files("kg.schema").joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"schema/{name}.cypher is missing: the package is damaged, reinstall it") from None
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("//")]
    return "\n".join(lines).strip()


def statements(name: str) -> list[str]:
    """The statements of ``schema/<name>.cypher`` (split at lines ending in ``;``)."""
    out, current = [], []
    for line in _body(name).splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().rstrip(";").strip())
            current = []
    rest = "\n".join(current).strip()
    if rest:
        out.append(rest)
    return [s for s in out if s]


def statement(name: str, *, label: str | None = None, rel_type: str | None = None) -> str:
    """The single statement of ``schema/<name>.cypher``, with a checked label or type filled in."""
    text = _body(name).rstrip().rstrip(";")
    if LABEL_TOKEN in text:
        if label not in ENTITY_TYPES:
            raise StoreError(f"unknown entity type {label!r}: expected one of {', '.join(ENTITY_TYPES)}")
        text = text.replace(LABEL_TOKEN, label)
    if TYPE_TOKEN in text:
        if rel_type not in RELATION_TYPES:
            raise StoreError(f"unknown relation type {rel_type!r}: expected one of {', '.join(RELATION_TYPES)}")
        text = text.replace(TYPE_TOKEN, rel_type)
    return text
