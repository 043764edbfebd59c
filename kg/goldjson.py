"""A document's graph in the gold-annotation JSON format (``shared/gold/README.md``)."""

from __future__ import annotations

from kg.model import Document, Graph


def to_gold_json(graph: Graph, doc: Document) -> dict:
    """Entities and relations of ``doc`` in ``graph`` as a gold-format dict, in a deterministic order.

    Entities are those with a mention in ``doc``; ``aliases`` are the other surface
    forms that occur in it; relations keep ``amount_cny``, ``year`` and ``role``
    when known, and their first evidence sentence from ``doc``.
    """
    ents = [e for e in graph.entities.values() if any(m.doc_id == doc.id for m in e.mentions)]
    ents.sort(key=lambda e: (e.type, e.name))
    keys = {e.key for e in ents}
    names = {e.key: e.name for e in ents}
    sent_text = {s.index: s.text for s in doc.sentences}
    entities = []
    for e in ents:
        item: dict = {"name": e.name, "type": e.type, "aliases": sorted(a for a in e.aliases if a != e.name)}
        if e.confidence is not None:
            item["confidence"] = round(e.confidence, 3)
        if e.instrument is not None:
            item["instrument"] = e.instrument
            if e.instrument_evidence:
                item["instrument_evidence"] = e.instrument_evidence
        entities.append(item)
    relations = []
    for r in sorted(graph.relations.values(), key=lambda r: (r.type, names.get(r.head, r.head), names.get(r.tail, r.tail))):
        if r.head not in keys or r.tail not in keys:
            continue
        ev = [m for m in r.evidence if m.doc_id == doc.id]
        if not ev and r.evidence:
            continue
        item = {"head": names[r.head], "type": r.type, "tail": names[r.tail],
                "evidence": sent_text.get(ev[0].sentence, ev[0].text) if ev else ""}
        if r.amount_cny is not None:
            item["amount_cny"] = r.amount_cny
        if r.year is not None:
            item["year"] = r.year
        if r.role:
            item["role"] = r.role
        if r.confidence is not None:
            item["confidence"] = round(r.confidence, 3)
        if r.rule:
            item["rule"] = r.rule
        relations.append(item)
    return {"doc": doc.name, "about_city": doc.city, "entities": entities, "relations": relations}
