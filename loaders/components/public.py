"""``kg_public``: names from public reference lists, with their official names.

The lists are data with their sources (``patterns/public_*.txt``, described in
``patterns/PUBLIC_SOURCES.md``): the central Party and state bodies (2023
structure, and those abolished since 2018), the Ministry of Education's list of
universities, the national high-tech and economic-technological development
zones, and SASAC's central enterprises.  A listed name or short form found in
the text is a candidate whose canonical name is the official one
(``科技部`` → 科学技术部, ``苏州高新区`` → 苏州高新技术产业开发区), so the same
body is one node whatever article names it.  Short forms of two characters are
left out (人行, 国办 read as ordinary words too); media outlets are not entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import read_table
from kg.loaders.kgdoc import Cand, Recognizer, doc_text
from kg.loaders.lexicon import Lexicon

MIN_SHORT = 3
"""Short forms shorter than this are not looked for."""
_MEDIA = ("新华通讯社", "中央广播电视总台", "人民日报社", "求是杂志社", "光明日报社", "经济日报社")


@dataclass(frozen=True, slots=True)
class Listed:
    name: str
    type: str
    source: str


def _rows(file: str, type_of, short_col: int | None, sep: str = ",", national: bool = False) -> list[tuple[str, Listed]]:
    """``(form, entry)`` of a list's names and short forms; ``national`` bodies are also written with a leading
    中国 in the news (中国外交部, 中国科技部)."""
    out = []
    for row in read_table(file):
        name = row[0]
        type_ = type_of(row)
        if not name or type_ is None:
            continue
        listed = Listed(name, type_, file.removeprefix("public_").removesuffix(".txt"))
        forms = [name]
        if short_col is not None and len(row) > short_col and row[short_col]:
            forms += [s.strip() for s in row[short_col].split(sep) if s.strip()]
        if national:
            forms += [f"中国{f}" for f in forms if not f.startswith(("中国", "中华", "中央", "中共", "全国"))]
        out += [(f, listed) for f in forms if len(f) >= MIN_SHORT]
    return out


def _body_type(row: list[str]) -> str | None:
    if row[0] in _MEDIA:
        return None
    return "Institute" if row[0].endswith(("研究中心", "研究院", "党校")) else "Agency"


@lru_cache(maxsize=1)
def public_names() -> Lexicon[Listed]:
    """Every listed official name and short form (of :data:`MIN_SHORT` characters or more) → its entry."""
    items = (_rows("public_central_bodies.txt", _body_type, 2, national=True)
             + _rows("public_universities.txt", lambda r: "University", None)
             + _rows("public_development_zones.txt", lambda r: "Park", 4)
             + _rows("public_central_enterprises.txt", lambda r: "Company", 1))
    lex: Lexicon[Listed] = Lexicon()
    for term, listed in items:
        if term not in lex:  # the first list naming a form keeps it
            lex.add(term, listed)
    return lex


@Language.factory("kg_public", default_config={})
def make_public(nlp: Language, name: str) -> "PublicNameRecognizer":
    return PublicNameRecognizer()


class PublicNameRecognizer(Recognizer):
    """Adds a candidate, with its official name, for every listed name or short form in the text."""

    def match(self, doc: Doc) -> list[Cand]:
        text = doc_text(doc)
        return [Cand(s, e, term, listed.type, "public", prio=4, canon=listed.name,
                     data={"list": listed.source})
                for s, e, term, listed in public_names().finditer(text)]
