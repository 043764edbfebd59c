"""``kg_relate``: relations (placeholder, filled below)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("kg_relate", default_config={})
def make_relate(nlp: Language, name: str) -> "Relater":
    return Relater()


class Relater:
    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_relations = []
        return doc
