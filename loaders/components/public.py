"""``kg_public``: names from public reference lists, with their official names.

The lists are data with their sources (``patterns/public_*.txt``, described in
``patterns/PUBLIC_SOURCES.md``): the central Party and state bodies (2023
structure, and those abolished since 2018), the international organisations of the UN System Chart and the
development banks, the Ministry of Education's list of
universities, the national laws and administrative regulations (Policy, source ``public_law``), the national high-tech and economic-technological development
zones, SASAC's central enterprises and well-known companies by short name.  A listed name or short form found in
the text is a candidate whose canonical name is the official one
(``科技部`` → 科学技术部, ``苏州高新区`` → 苏州高新技术产业开发区), so the same
body is one node whatever article names it.  Short forms of two characters are
left out (人行, 国办 read as ordinary words too), but for the international organisations' (东盟, 欧盟,
北约: no ordinary words); media outlets are not entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import read_table
from kg.loaders.kgdoc import Cand, Recognizer, doc_text
from kg.loaders.lexicon import Lexicon
from kg.loaders.places import place_index, region_rows, world_rows
from kg.loaders.scoring import LacIndex

MIN_SHORT = 3
"""Short forms shorter than this are not looked for."""
_MEDIA = ("新华通讯社", "中央广播电视总台", "人民日报社", "求是杂志社", "光明日报社", "经济日报社")


@dataclass(frozen=True, slots=True)
class Listed:
    name: str
    type: str
    source: str


def _rows(file: str, type_of, short_col: int | None, sep: str = ",", national: bool = False,
          min_len: int = MIN_SHORT) -> list[tuple[str, Listed]]:
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
        out += [(f, listed) for f in forms if len(f) >= min_len]
    return out


def _law_rows() -> list[tuple[str, Listed]]:
    """The national laws and administrative regulations (``public_laws.txt``) under their short titles and with
    中华人民共和国 before them (刑法, 中华人民共和国药品管理法): Policy, named by the short title."""
    out = []
    for row in read_table("public_laws.txt"):
        listed = Listed(row[0], "Policy", "laws")
        out += [(row[0], listed), (f"中华人民共和国{row[0]}", listed)]
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
             + _rows("public_international_orgs.txt", lambda r: r[1], 2, min_len=2)
             + _rows("public_central_enterprises.txt", lambda r: "Company", 1)
             + _rows("public_companies.txt", lambda r: "Company", 1, min_len=2)
             + _law_rows())
    lex: Lexicon[Listed] = Lexicon()
    for term, listed in items:
        if term not in lex:  # the first list naming a form keeps it
            lex.add(term, listed)
    return lex


@Language.factory("kg_public", default_config={})
def make_public(nlp: Language, name: str) -> "PublicNameRecognizer":
    return PublicNameRecognizer()


class PublicNameRecognizer(Recognizer):
    """Adds a candidate, with its official name, for every listed name or short form in the text.

    The well-known companies (``public_companies.txt``: 微软, 华为 …) are proposed under their own source,
    ``public_company``, for the scorer to weigh; a two-character one is not taken where its first character
    ends a place name (北京东城 is no 京东)."""

    def match(self, doc: Doc) -> list[Cand]:
        text = doc_text(doc)
        places = place_index()
        lac = LacIndex(doc._.kg_lac)
        out = []
        for s, e, term, listed in public_names().finditer(text):
            source = "public_law" if listed.source == "laws" else "public"
            if listed.source == "companies":
                source = "public_company"
                if e - s == 2 and s > 0 and places.get(text[s - 1:s + 1]) is not None:
                    continue
            out.append(Cand(s, e, term, listed.type, source, prio=4, canon=listed.name, data={"list": listed.source}))
            if listed.source == "central_bodies" and listed.type == "Agency":
                unit = _unit_after(text, s, e, lac)
                if unit is not None:
                    out.append(Cand(s, unit, text[s:unit], "Agency", "public_unit", prio=4,
                                    canon=listed.name + text[e:unit], data={"list": listed.source}))
        return out + foreign_bodies(text)


_UNIT_TAIL = re.compile(r"[\u4e00-\u9fff]{2,10}?(司|局|办公厅)")
_UNIT_WORD_TAGS = frozenset({"n", "nz", "vn", "an", "j", "nw", "ORG", "a"})


def _unit_after(text: str, start: int, end: int, lac: LacIndex) -> int | None:
    """The end of a department named right after a central body (工信部|电子信息司, 科技部|社会发展科技司,
    农业农村部|畜牧兽医局): one LAC word from the body to 司, 局 or 办公厅, or nouns only between them; None when
    there is none (教育部|召开会议部署全局)."""
    m = _UNIT_TAIL.match(text, end)
    if m is None:
        return None
    whole = lac.after(start, 1)
    if whole and whole[0].start == start and whole[0].end == m.end() and whole[0].tag in _UNIT_WORD_TAGS:
        return m.end()
    words = lac.within(end, m.start(1))
    if not words or words[0].start != end or words[-1].end != m.start(1) \
            or any(w.tag not in _UNIT_WORD_TAGS for w in words):
        return None
    return m.end()


_FOREIGN_HEAD = re.compile(r"([\u4e00-\u9fff]{0,6}?)(外交部|部|国会|议会|参议院|众议院|联邦政府|政府|中央银行|央行)")
_MINISTRY_OF_TWO = re.compile(r"([\u4e00-\u9fff]{2,6}?)[与和]([\u4e00-\u9fff]{2,6}?)部")
"""A ministry named by two portfolios joined by 与 or 和 (数字经济与通讯部, 外交与国际合作部)."""
_NOT_IN_BODY = set("等和与及的在是对向将为从把被也都已还又不各")
_DIRECTIONS = set("东西南北中内外全部")


@lru_cache(maxsize=1)
def _foreign_places() -> Lexicon[bool]:
    """Countries and macro-regions (``patterns/countries.txt`` and the world's regions of
    ``patterns/public_world_places.txt``, names and aliases) but China."""
    forms = {f for name, aliases in region_rows("countries.txt") for f in (name, *aliases)}
    forms |= {f for name, type_, aliases in world_rows() if type_ == "Region" for f in (name, *aliases)}
    return Lexicon([(f, True) for f in sorted(forms - {"中国", "我国", "中华人民共和国"}) if len(f) >= 2])


def foreign_bodies(text: str) -> list[Cand]:
    """A foreign government body named with its country (菲律宾外交部, 泰国卫生部, 美国国会, 巴西政府): one
    Agency under its own source, ``foreign_body``, so that 外交部 after 菲律宾 is no Chinese ministry; not a
    direction (美国东部) nor a phrase (美国等国家政府), nor a country's name inside a Chinese place's (内|蒙古)."""
    out = []
    forms = place_index().forms
    for s, e, _term, _ in _foreign_places().finditer(text):
        m = _FOREIGN_HEAD.match(text, e)
        joined = _MINISTRY_OF_TWO.match(text, e)
        if joined is not None and not _NOT_IN_BODY & set(joined.group(1) + joined.group(2)) \
                and _foreign_places().match_at(joined.group(2), 0) is None:
            m = joined  # 加蓬数字经济与通讯部: a ministry of two portfolios
        if m is None:
            continue
        w = max(0, s - 4)
        if any(ps < s - w < pe for ps, pe, *_ in forms.finditer(text[w:e])):
            continue  # 内蒙古自治区应商务部要求: the country's name lies inside a Chinese place's
        mid = m.group(1)
        if m is not joined and (_NOT_IN_BODY & set(mid) or (m.group(2) == "部" and (len(mid) < 2 or set(mid) <= _DIRECTIONS))):
            continue
        out.append(Cand(s, m.end(), text[s:m.end()], "Agency", "foreign_body", prio=5))
    return out
