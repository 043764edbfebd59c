"""Parallel extraction gives exactly the single-process results, in the same order."""

from __future__ import annotations

import json

from kg.goldjson import to_gold_json
from kg.ingest import sample_corpus
from kg.loaders.extract import extract_documents
from kg.loaders.read import iter_paths, load_document


def _gold(graphs) -> list[str]:
    out = []
    for g in graphs:
        for doc in g.documents.values():
            out.append(json.dumps(to_gold_json(g, doc), ensure_ascii=False, sort_keys=True))
    return out


def test_two_workers_match_one_worker_on_the_sample_corpus():
    docs = [load_document(p) for p in iter_paths([sample_corpus()])]
    assert len(docs) == 5

    one = _gold(extract_documents(iter(docs), workers=1))
    two = _gold(extract_documents(iter(docs), workers=2))

    assert [json.loads(x)["doc"] for x in two] == [d.name for d in docs]  # input order kept
    assert two == one
    assert sum(len(json.loads(x)["relations"]) for x in one) > 0  # not trivially equal
