"""``kg_instruments``: the instrument type of every Program, Fund and Policy (the last component).

For each such entity it reads the scheme's name, its aliases and the sentences
that mention it, and sets ``Entity.instrument`` and ``Entity.instrument_evidence``
with :func:`kg.loaders.instruments.decide`: the learned classifier of
``loaders/models/instruments.json`` (made by ``kg train``) over the cue rules
and the name, or the cue rules alone before any training (``unknown`` and no
evidence when nothing decides).  It changes nothing else, so it can run after any resolver
or relation pass.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.instruments import decide
from kg.loaders.kgdoc import document_of
from kg.loaders.scoring import load_model
from kg.model import SCHEME_TYPES, Entity


@Language.factory("kg_instruments", default_config={})
def make_instruments(nlp: Language, name: str) -> "InstrumentTagger":
    return InstrumentTagger()


class InstrumentTagger:
    """Sets the instrument type of the Program, Fund and Policy entities in ``doc._.kg_entities``."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> dict[str, tuple[str, str | None]]:
        ents: dict[str, Entity] = doc._.kg_entities or {}
        schemes = [e for e in ents.values() if e.type in SCHEME_TYPES]
        if not schemes:
            return {}
        sentences = {s.index: s.text for s in document_of(doc).sentences}
        model = load_model("instruments")
        out = {}
        for e in schemes:
            seen = sorted({m.sentence for m in e.mentions if m.sentence in sentences})
            out[e.key] = decide(e.name, e.type, [sentences[i] for i in seen], sorted(e.aliases), model)
        return out

    def set_annotations(self, doc: Doc, found: dict[str, tuple[str, str | None]]) -> None:
        ents: dict[str, Entity] = doc._.kg_entities or {}
        for key, (instrument, evidence) in found.items():
            ents[key].instrument, ents[key].instrument_evidence = instrument, evidence
