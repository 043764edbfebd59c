"""Extraction entry points: Document → Graph (placeholder until the spaCy pipeline lands)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.model import Graph
from kg.model import Document


def extract(doc: Document) -> Graph:
    """Extract entities and relations of one document."""
    g = Graph()
    g.add_document(doc)
    return g


def extract_documents(docs: Iterable[Document], workers: int = 1) -> Iterator[Graph]:
    """Extract documents in order, one Graph per document."""
    for d in docs:
        yield extract(d)
