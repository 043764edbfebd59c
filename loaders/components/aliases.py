"""``kg_aliases``: short forms declared in the text.

``X（以下简称“Y”）``, ``X(简称“Y”)``, ``X（以下简称《Y》）``: Y becomes an alias of
the name that ends right before the bracket.  The resolver attaches Y to that
entity and reads every later Y as a mention of it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.kgdoc import Cand, Recognizer, doc_text

DECLARATION = re.compile(r"[（(]\s*(?:以下|下文)?(?:简称|简写为|简称为|下称)\s*[:：]?\s*([“\"‘《]?)([^”\"’》)）]{1,16})[”\"’》]?\s*[)）]")


def find_declarations(text: str) -> list[Cand]:
    """One Cand per declaration; ``data['antecedent_end']`` is where the full name ends."""
    out = []
    for m in DECLARATION.finditer(text):
        short = m.group(2).strip()
        if m.group(1) == "《":
            short = f"《{short}》"
        out.append(Cand(m.start(), m.end(), short, "Alias", "alias", data={"antecedent_end": m.start()}))
    return out


@Language.factory("kg_aliases", default_config={})
def make_aliases(nlp: Language, name: str) -> "AliasRecognizer":
    return AliasRecognizer()


class AliasRecognizer(Recognizer):
    def match(self, doc: Doc) -> list[Cand]:
        return find_declarations(doc_text(doc))
