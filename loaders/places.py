"""Places: the gazetteer of Chinese divisions, countries and regions, and which
city a document, or each section of a multi-city document, is about.

The division list (``patterns/admin_divisions.txt``) gives every province,
prefecture-level and county-level city, district and county with its code, so
a place's parent is known from the code.  Cities are named without 市
(``青岛``), provinces, districts and counties with their suffix
(``山东省``, ``南海区``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.loaders.gazetteer import read_table, word_set
from kg.loaders.lexicon import Lexicon
from kg.model import Section

_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
_MUNICIPALITIES = {"11", "12", "31", "50"}


@dataclass(frozen=True, slots=True)
class Place:
    """One place: canonical name, ontology type, level and parent."""

    name: str
    type: str  # "City" | "Region"
    level: str  # province | municipality | prefecture | county_city | district | county | country | foreign_city
    code: str = ""
    parent: str | None = None  # canonical name of the enclosing place (city or province)
    full: str = ""  # the formal written form (济南市, 南海区)

    @property
    def division(self) -> bool:
        """True for a division of China from the division list (not a country, macro-region or foreign city)."""
        return self.level not in NOT_DIVISION


NOT_DIVISION = ("country", "foreign_city")


@dataclass(frozen=True, slots=True)
class PlaceForm:
    """A surface form of a place; ``weak`` forms need support (see :func:`find_places`)."""

    places: tuple[Place, ...]
    weak: bool = False


class PlaceIndex:
    """All places by canonical name and by surface form."""

    def __init__(self) -> None:
        self.by_name: dict[str, Place] = {}
        self.by_code: dict[str, Place] = {}
        forms: dict[str, list[Place]] = {}
        weak: set[str] = set()
        common = word_set("place_stopwords.txt")
        rows = [(c, n) for c, n in read_table("admin_divisions.txt")]
        for code, full in rows:
            prov = code[:2]
            if code.endswith("0000"):
                if prov in _MUNICIPALITIES:
                    place = Place(_strip(full, ("市",)), "City", "municipality", code, None, full)
                else:
                    place = Place(full, "Region", "province", code, None, full)
            elif code.endswith("00"):
                if full.endswith("市"):
                    place = Place(_strip(full, ("市",)), "City", "prefecture", code, None, full)
                else:
                    place = Place(full, "Region", "prefecture_region", code, None, full)
            elif full.endswith("市"):
                place = Place(_strip(full, ("市",)), "City", "county_city", code, None, full)
            else:
                place = Place(full, "Region", "district" if full.endswith("区") else "county", code, None, full)
            self.by_code[code] = place
        # parents from the codes
        for code, place in list(self.by_code.items()):
            parent = None
            if place.level in ("county_city", "district", "county"):
                parent = self.by_code.get(code[:4] + "00") or self.by_code.get(code[:2] + "0000")
            elif place.level in ("prefecture", "prefecture_region"):
                parent = self.by_code.get(code[:2] + "0000")
            if parent is not None:
                place = Place(place.name, place.type, place.level, code, parent.name, place.full)
                self.by_code[code] = place
        for place in self.by_code.values():
            self.by_name.setdefault(place.name, place)
            forms.setdefault(place.full, []).append(place)
            if place.level == "province":
                short = _strip(place.full, _PROVINCE_SUFFIXES)
                if len(short) >= 2:
                    forms.setdefault(short, []).append(place)
            elif place.type == "City":
                if len(place.name) >= 2 and place.name != place.full:
                    forms.setdefault(place.name, []).append(place)
                    if place.level == "county_city" or place.name in common:
                        weak.add(place.name)
            elif place.level == "district":
                short = place.full[:-1]
                if len(short) >= 2 and not short.endswith(("城", "新", "开发", "高新")):
                    forms.setdefault(short, []).append(place)
                    weak.add(short)
        # the hand lists of countries and macro-regions, then the public world list where it names a new place
        # (a name already known keeps its reading: China's own place, or one of countries.txt)
        hand = [(name, "Region", aliases, False)
                for name, aliases in region_rows("countries.txt") + region_rows("macro_regions.txt")]
        for name, kind, aliases, only_new in hand + [(*row, True) for row in world_rows()]:
            if only_new and name in forms:
                continue
            place = Place(name, kind, "country" if kind == "Region" else "foreign_city", "", None, name)
            self.by_name.setdefault(name, place)
            for form in (name, *aliases):
                forms.setdefault(form, []).append(place)
        for w in common:
            weak.add(w)
        self.forms: Lexicon[PlaceForm] = Lexicon(
            (f, PlaceForm(tuple(ps), f in weak)) for f, ps in forms.items())

    def get(self, name: str) -> Place | None:
        """A place by canonical name or by a surface form (its highest reading: 河北 is 河北省, not 天津's 河北区;
        :meth:`choose` reads a form near a city)."""
        p = self.by_name.get(name)
        if p is not None:
            return p
        f = self.forms.get(name)
        return _prefer(f.places) if f else None

    def ancestors(self, place: Place | None):
        """The places enclosing ``place``, nearest first (its city, then its province)."""
        while place is not None and place.parent:
            place = self.by_name.get(place.parent)
            if place is not None:
                yield place

    def choose(self, form: PlaceForm, near: str | None = None) -> Place:
        """The reading of an ambiguous form nearest to the place ``near`` (a city): a place inside that
        city, else a city-level place of its province, else the highest level (西安 is the city of Shaanxi
        in an article about 哈尔滨, not a district of 牡丹江 in the same province)."""
        if len(form.places) == 1 or near is None:
            return _prefer(form.places)
        ctx = self.by_name.get(near)
        if ctx is not None and ctx.code:
            inside = 2 if ctx.level == "municipality" else 4  # 北京's districts are coded 1101…, under 110000
            for n in (inside, 2):
                for p in form.places:
                    if p.code[:n] == ctx.code[:n] and (n == inside or p.level not in _BELOW_CITY):
                        return p
        return _prefer(form.places)


_BELOW_CITY = frozenset({"district", "county"})
"""Levels a short form reads as only inside the city an article is about, not anywhere in its province."""


def _prefer(places: tuple[Place, ...]) -> Place:
    order = {"municipality": 0, "province": 1, "prefecture": 2, "country": 3, "foreign_city": 3,
             "county_city": 4, "prefecture_region": 5, "district": 6, "county": 7}
    return min(places, key=lambda p: order.get(p.level, 9))


def _strip(name: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


@lru_cache(maxsize=None)
def region_rows(file: str) -> list[tuple[str, tuple[str, ...]]]:
    """``(name, aliases)`` of every row of a list of countries or macro-regions (``name<TAB>alias,alias``)."""
    return [(row[0], tuple(a.strip() for a in row[1].split(",") if a.strip()) if len(row) > 1 else ())
            for row in read_table(file)]


@lru_cache(maxsize=1)
def world_rows() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(name, type, aliases)`` of the world's countries and foreign cities (``patterns/public_world_places.txt``)."""
    return [(row[0], row[1], tuple(a.strip() for a in row[2].split(",") if a.strip()) if len(row) > 2 else ())
            for row in read_table("public_world_places.txt")]


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The process-wide place index (built once from the data files)."""
    return PlaceIndex()


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    place: Place


_FACILITY = re.compile(r"(?:国际)?机场|体育馆|体育中心|大桥|火车站|高铁站|客运站|码头")


def find_places(text: str, city: str | None = None) -> list[PlaceMatch]:
    """Place mentions in ``text``.

    Weak forms (short names of county-level cities and districts, and names
    that are also common words) count only when the document also writes the
    place in full (``晋江市`` … ``晋江``), when the form is the city the text
    is about, or when a place enclosing it is written right before it
    (``杭州滨江``).
    """
    idx = place_index()
    raw = list(idx.forms.finditer(text))
    full_names = {p.name for _, _, _, pf in raw if not pf.weak for p in pf.places}
    out: list[PlaceMatch] = []
    for s, e, form, pf in raw:
        if pf.weak:
            if _FACILITY.match(text, e):
                continue  # 广州白云机场, 洪山体育馆: the name of a facility, not the district
            before = out[-1].place if out and out[-1].end == s else None
            place = idx.choose(pf, before.name if before is not None else city)
            if not (place.name in full_names or (city is not None and place.name == city)
                    or (before is not None and before in idx.ancestors(place))):
                continue
        else:
            place = idx.choose(pf, city)
        if out and out[-1].end == s and after_foreign_country(out[-1].place, form, place):
            continue  # 美国黄石国家森林公园: not the city 黄石
        out.append(PlaceMatch(s, e, form, place))
    return out


def after_foreign_country(before: Place, form: str, place: Place | None) -> bool:
    """True when ``form``, a short form of the Chinese division ``place``, is written right after ``before``, a
    foreign country: 美国|黄石 names no Chinese city."""
    return (place is not None and place.division and form != place.full
            and before.level == "country" and before.name != "中国")


def detect_city(text: str) -> str | None:
    """The city the text is about: the city named most often, the first lines counting thrice."""
    idx = place_index()
    counts: Counter[str] = Counter()
    head_end = _head_end(text)
    first: dict[str, int] = {}
    for m in find_places(text):
        if m.place.type != "City" or not m.place.division:
            continue  # a foreign city is never the city a document is about
        w = 3 if m.start < head_end else 1
        counts[m.place.name] += w
        first.setdefault(m.place.name, m.start)
    if not counts:
        return None
    # A county-level city beats its own prefecture when it is named as often.
    best = max(counts, key=lambda c: (counts[c], -first[c]))
    _ = idx
    return best


def _head_end(text: str) -> int:
    """End offset of the first two non-blank lines (title and subtitle)."""
    n = 0
    pos = 0
    for line in text.split("\n"):
        pos += len(line) + 1
        if line.strip():
            n += 1
            if n >= 2:
                break
    return min(pos, 200)


_HEADING = re.compile(
    r"^[ \t]*(?:第[一二三四五六七八九十]+[章节部分]\s*)?(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
    r"\s*([^\n，。,；;]{2,12})[ \t]*$", re.M)


def detect_sections(text: str) -> tuple[str | None, list[Section]]:
    """Return the document's city and its per-city sections.

    A multi-city document has two or more headings that name just a city
    (``一、济南市``, ``二、郑州市``); each section runs to the next heading.
    Such a document is about no single city (its city is ``None``); the
    preamble before the first heading is a section without a city.
    """
    idx = place_index()
    heads: list[tuple[int, str]] = []
    for m in _HEADING.finditer(text):
        label = m.group(1).strip()
        ms = list(idx.forms.finditer(label))
        if not ms:
            continue
        s, e, form, pf = ms[0]
        place = idx.choose(pf)
        rest = label[:s] + label[e:]
        if place.type == "City" and len(rest) <= 2 and s <= 3:
            heads.append((m.start(), place.name))
    if len(heads) < 2 or len({c for _, c in heads}) < 2:
        return detect_city(text), []
    sections = [Section(0, heads[0][0], None)] if heads[0][0] > 0 else []
    for i, (start, city) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sections.append(Section(start, end, city))
    return None, sections


@lru_cache(maxsize=1)
def _country_heads() -> frozenset[str]:
    """The first one to three characters of every foreign country's name and short form."""
    names = [n for n, t, aliases in world_rows() if t == "Region" for n in (n, *aliases)]
    names += [n for name, aliases in region_rows("countries.txt") for n in (name, *aliases)]
    return frozenset(n[:k] for n in names if n != "中国" for k in (1, 2, 3) if k < len(n) or k == 1)


_BILATERAL = re.compile(r"^中(?P<other>[\u4e00-\u9fff]{1,3}?)(?:两国|双方|双边)?(?:政府|人民|关系|合作|友谊)?$")


def bilateral(text: str) -> bool:
    """True for China and another country written as one word (中赞, 中埃塞, 中赞两国政府): no body's name."""
    m = _BILATERAL.match(text)
    return m is not None and m.group("other") in _country_heads()


def country_short(text: str) -> bool:
    """True when ``text`` (one to three characters) opens a foreign country's name or short form (尼, 美, 埃塞)."""
    return text in _country_heads()


def side_in_talks(text: str) -> bool:
    """True for a foreign country's one-character short form and 方, one side of talks (奥方, 尼方): no body's
    name, nor a person's.  (中方 is left alone: the gold gives it to 中国政府 as an alias.)"""
    return len(text) == 2 and text[1] == "方" and text[0] != "中" and country_short(text[0])
