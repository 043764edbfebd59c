"""Write the sector taxonomy into Neo4j and hang extracted sectors under it.

``load_taxonomy(driver)`` is idempotent: it upserts one ``(:Entity:Sector)``
node per taxonomy sector (``source: 'taxonomy'``, ``name_en``, ``synonyms``, and
its official category: ``official_code``, ``official_name``, ``classification``,
with every code it falls in as ``official_codes``),
a ``BELONGS_TO {source: 'taxonomy'}`` edge from each sector to its parent, and
one from every extracted sector that is not itself in the taxonomy to the
sector :func:`kg.taxonomy.map_sector` puts it under; edges and sectors that
the current ``sectors.json`` no longer has are dropped.  Run it after writing
documents (new extracted sectors get linked on the next run).

The Cypher is in ``schema/taxonomy_*.cypher``; values travel only as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.store.errors import neo4j_errors
from kg.store.writer import exclusive
from kg.taxonomy import Taxonomy, default_taxonomy

BATCH = 1000


@dataclass(frozen=True, slots=True)
class TaxonomyReport:
    """What :func:`load_taxonomy` wrote."""

    sectors: int
    parent_links: int
    mapped: int
    unmapped: tuple[str, ...]
    links_removed: int
    sectors_removed: int


@lru_cache(maxsize=None)
def _cypher(name: str) -> str:
    text = resources.files("kg.schema").joinpath(f"taxonomy_{name}.cypher").read_text("utf-8")
    return text.strip().rstrip(";")


def _batches(rows: list[dict], size: int = BATCH):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def sector_rows(tax: Taxonomy) -> list[dict]:
    """Parameter rows for ``taxonomy_sectors.cypher``."""
    rows = []
    for s in tax.sectors.values():
        code = s.official_code
        classification = tax.classification_of(code) if code else None
        rows.append({"key": s.key, "name": s.name, "name_en": s.name_en, "synonyms": sorted(s.synonyms),
                     "official_code": code, "official_name": tax.official_name(code) if code else None,
                     "classification": classification.name if classification else None,
                     "official_codes": list(s.official)})
    return rows


def parent_rows(tax: Taxonomy) -> list[dict]:
    """Parameter rows for ``taxonomy_links.cypher``: each sector to its parent."""
    return [{"child": s.key, "parent": tax.sectors[s.parent].key, "match": "parent"}
            for s in tax.sectors.values() if s.parent is not None]


def mapped_rows(tax: Taxonomy, extracted: list[dict]) -> tuple[list[dict], list[str]]:
    """Links for extracted sectors (``{key, name, aliases}``) not in the taxonomy, and the names left unmapped."""
    rows, unmapped = [], []
    for node in extracted:
        target = None
        how = None
        for name in [node["name"], *sorted(node.get("aliases") or [])]:
            if tax.resolve(name) is not None:
                target, how = tax.resolve(name), "synonym"
            else:
                target, how = tax.map_sector(name), "contains"
            if target is not None:
                break
        if target is None:
            unmapped.append(node["name"])
        elif tax.sectors[target].key != node["key"]:
            rows.append({"child": node["key"], "parent": tax.sectors[target].key, "match": how})
    return rows, unmapped


def load_taxonomy(driver, taxonomy: Taxonomy | None = None, *, database: str | None = None) -> TaxonomyReport:
    """Write the taxonomy and link extracted sectors to it, in one transaction."""
    tax = taxonomy or default_taxonomy()

    def work(tx) -> TaxonomyReport:
        sectors = sector_rows(tax)
        for batch in _batches(sectors):
            tx.run(_cypher("sectors"), rows=batch).consume()
        parents = parent_rows(tax)
        extracted = [r.data() for r in tx.run(_cypher("extracted"))]
        mapped, unmapped = mapped_rows(tax, extracted)
        links = parents + mapped
        for batch in _batches(links):
            tx.run(_cypher("links"), rows=batch).consume()
        keep = sorted(f"{r['child']}>{r['parent']}" for r in links)
        rec = tx.run(_cypher("prune"), links=keep, keys=[r["key"] for r in sectors]).single()
        return TaxonomyReport(len(sectors), len(parents), len(mapped), tuple(unmapped),
                              rec["links_removed"], rec["sectors_removed"])

    with neo4j_errors("loading the sector taxonomy"), driver.session(database=database) as session:
        return session.execute_write(exclusive(work))  # under the writers' lock (kg.store.writer)
