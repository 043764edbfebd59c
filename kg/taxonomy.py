"""The sector taxonomy: canonical sectors, their synonyms, English names, parents and official codes.

The data is ``schema/sectors.json`` (package ``kg.schema``); each sector names
the codes of the official classifications it falls in (``schema/official_sectors.json``:
战略性新兴产业分类（2018） and GB/T 4754-2017 国民经济行业分类).  This module only
reads them; :mod:`kg.store.taxonomy` writes them into Neo4j.

    >>> resolve_sector("marine")
    '海洋'
    >>> resolve_sector("生物医药产业")
    '生物医药'
    >>> "医疗器械" in descendants("生物医药")
    True
    >>> map_sector("海洋物联网设备")
    '海洋物联网'
    >>> default_taxonomy().sectors["生物医药"].official_code
    '4'
    >>> default_taxonomy().by_official_code("C27")
    ['生物制药', '中药']
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import KgError, NotFoundError

SECTORS_FILE = "sectors.json"
OFFICIAL_FILE = "official_sectors.json"

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】]+")
_SUFFIXES = ("产业集群", "产业链", "产业", "行业", "领域", "板块", "方向", "赛道")
_ASCII = re.compile(r"^[\x00-\x7f]+$")


def normalize(name: str) -> str:
    """NFKC, no quotes, brackets or white space, lower case (for matching, not display)."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", name)).lower()


@dataclass(frozen=True)
class OfficialCode:
    """A category of an official classification (``official_sectors.json``)."""

    code: str
    name: str
    classification: str  # id: "SEI2018" or "GB/T 4754-2017"
    level: int
    parent: str | None = None


@dataclass(frozen=True)
class Classification:
    """An official classification and where its codes came from."""

    id: str
    name: str
    name_en: str
    document: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    """A canonical sector; ``official`` holds the codes of the official categories it falls in, its own first."""

    name: str
    name_en: str
    synonyms: tuple[str, ...] = ()
    parent: str | None = None
    official: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"Sector:{self.name}"

    @property
    def official_code(self) -> str | None:
        return self.official[0] if self.official else None


class Taxonomy:
    """Sectors by canonical name, with lookups by any surface form and by official code."""

    def __init__(self, sectors: list[Sector], official: list[OfficialCode] = (),
                 classifications: list[Classification] = ()) -> None:
        self.sectors: dict[str, Sector] = {}
        self._lookup: dict[str, str] = {}
        self.codes: dict[str, OfficialCode] = {c.code: c for c in official}
        self.classifications: dict[str, Classification] = {c.id: c for c in classifications}
        for s in sectors:
            if s.name in self.sectors:
                raise KgError(f"{SECTORS_FILE}: sector {s.name} is listed twice")
            unknown = [c for c in s.official if c not in self.codes]
            if unknown:
                raise KgError(f"{SECTORS_FILE}: {s.name} names official codes {unknown} that {OFFICIAL_FILE} lacks")
            self.sectors[s.name] = s
        for s in sectors:
            if s.parent is not None and s.parent not in self.sectors:
                raise KgError(f"{SECTORS_FILE}: parent {s.parent} of {s.name} is not a sector")
            for form in (s.name, s.name_en, *s.synonyms):
                norm = normalize(form)
                have = self._lookup.get(norm)
                if have is not None and have != s.name:
                    raise KgError(f"{SECTORS_FILE}: {form!r} names both {have} and {s.name}")
                self._lookup[norm] = s.name
        self._children: dict[str, list[str]] = {n: [] for n in self.sectors}
        for s in sectors:
            if s.parent is not None:
                self._children[s.parent].append(s.name)
        for name in self.sectors:  # no cycles
            self.ancestors(name)
        # Terms for containment matching, longest first; ASCII terms match whole words only.
        self._terms = sorted(self._lookup.items(), key=lambda kv: (-len(kv[0]), kv[0]))

    def __len__(self) -> int:
        return len(self.sectors)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.sectors

    def resolve(self, name: str) -> str | None:
        """Canonical sector for a Chinese or English name or synonym (case-insensitive), else None."""
        norm = normalize(name)
        if not norm:
            return None
        if norm in self._lookup:
            return self._lookup[norm]
        for suffix in _SUFFIXES:
            if norm.endswith(suffix) and norm[: -len(suffix)] in self._lookup:
                return self._lookup[norm[: -len(suffix)]]
        return None

    def get(self, name: str) -> Sector:
        """The :class:`Sector` for any name, or :class:`NotFoundError` with the closest names."""
        canonical = self.resolve(name)
        if canonical is None:
            raise NotFoundError(f"no sector {name!r}", self.suggest(name))
        return self.sectors[canonical]

    def children(self, name: str) -> list[str]:
        """Direct sub-sectors, in file order."""
        return list(self._children[self.get(name).name])

    def descendants(self, name: str) -> list[str]:
        """All sub-sectors (not the sector itself), depth first in file order."""
        out: list[str] = []
        stack = list(reversed(self._children[self.get(name).name]))
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(reversed(self._children[n]))
        return out

    def ancestors(self, name: str) -> list[str]:
        """Parent, grandparent, … up to a root."""
        out: list[str] = []
        s = self.get(name)
        while s.parent is not None:
            if s.parent in out or s.parent == name:
                raise KgError(f"{SECTORS_FILE}: parent cycle through {s.parent}")
            out.append(s.parent)
            s = self.sectors[s.parent]
        return out

    def roots(self) -> list[str]:
        return [s.name for s in self.sectors.values() if s.parent is None]

    def map_sector(self, name: str) -> str | None:
        """Taxonomy sector that an extracted sector name falls under, or None.

        A canonical name maps to None (it *is* a taxonomy sector); a synonym maps
        to its canonical sector; any other name maps to the sector of the longest
        taxonomy term it contains (on a tie, the one ending last: in Chinese the
        head of a compound comes last), e.g. ``海洋物联网设备`` → ``海洋物联网``.
        """
        norm = normalize(name)
        if not norm or name in self.sectors:
            return None
        canonical = self.resolve(name)
        if canonical is not None:
            return None if canonical == name else canonical
        best: tuple[int, int, str] | None = None
        for term, sector in self._terms:
            if best is not None and len(term) < best[0]:
                break
            if len(term) < 2:
                continue
            if _ASCII.match(term):
                m = re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", norm)
                pos = m.end() if m else -1
            else:
                pos = norm.rfind(term)
                pos = pos + len(term) if pos >= 0 else -1
            if pos >= 0 and (best is None or pos > best[1]):
                best = (len(term), pos, sector)
        return best[2] if best else None

    # ------------------------------------------------------------------ official codes

    def official_code(self, text: str) -> OfficialCode | None:
        """The official category a code names: ``4``, ``4.1``, ``C27``, ``c27``, ``27`` (a division), ``C``; else None."""
        raw = unicodedata.normalize("NFKC", text).strip().upper()
        if raw in self.codes:
            return self.codes[raw]
        if re.fullmatch(r"\d{2}", raw):  # a GB/T division by its number alone
            return next((c for c in self.codes.values() if c.code[1:] == raw and c.code[0].isalpha()), None)
        return None

    def official_name(self, code: str) -> str | None:
        return self.codes[code].name if code in self.codes else None

    def classification_of(self, code: str) -> Classification | None:
        c = self.codes.get(code)
        return self.classifications.get(c.classification) if c else None

    def by_official_code(self, code: str) -> list[str]:
        """Canonical sectors that fall in an official category, in file order.

        The sectors whose codes include ``code``; when none does, those whose codes lie
        under it (``9`` → the sectors of 9.1 and 9.2; ``C`` → those of C13 … C43).
        """
        exact = [s.name for s in self.sectors.values() if code in s.official]
        if exact:
            return exact
        below = {c.code for c in self.codes.values() if self._under(c.code, code)}
        return [s.name for s in self.sectors.values() if below & set(s.official)]

    def _under(self, code: str, ancestor: str) -> bool:
        seen = self.codes.get(code)
        while seen is not None and seen.parent is not None:
            if seen.parent == ancestor:
                return True
            seen = self.codes.get(seen.parent)
        return False

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Closest canonical sectors to a name that does not resolve."""
        norm = normalize(name)
        if not norm:
            return []
        scored: dict[str, float] = {}
        for term, sector in self._lookup.items():
            score = difflib.SequenceMatcher(None, norm, term).ratio()
            if norm in term or term in norm:
                score += 0.5
            if score > scored.get(sector, 0.0):
                scored[sector] = score
        ranked = sorted((s for s in scored.items() if s[1] >= 0.4), key=lambda kv: (-kv[1], kv[0]))
        return [name for name, _ in ranked[:n]]


def parse_taxonomy(data: dict, official: dict | None = None) -> Taxonomy:
    """Build a :class:`Taxonomy` from the parsed JSON of ``sectors.json`` (and of ``official_sectors.json``)."""
    try:
        sectors = [
            Sector(name=item["name"], name_en=item["en"], synonyms=tuple(item.get("synonyms", ())),
                   parent=item.get("parent"), official=tuple(item.get("official", ())))
            for item in data["sectors"]
        ]
    except (KeyError, TypeError) as exc:
        raise KgError(f"{SECTORS_FILE}: each sector needs name, en, synonyms, parent ({exc})") from None
    try:
        codes = [OfficialCode(c["code"], c["name"], c["classification"], int(c["level"]), c.get("parent"))
                 for c in (official or {}).get("codes", [])]
        classifications = [Classification(c["id"], c["name"], c["name_en"], c["document"], tuple(c.get("sources", ())))
                           for c in (official or {}).get("classifications", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise KgError(f"{OFFICIAL_FILE}: each code needs code, name, classification, level ({exc})") from None
    known = {c.id for c in classifications}
    strays = sorted({c.classification for c in codes} - known)
    if strays:
        raise KgError(f"{OFFICIAL_FILE}: codes of undeclared classifications {strays}")
    return Taxonomy(sectors, codes, classifications)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped in ``schema/sectors.json``, with the official codes of ``schema/official_sectors.json``."""
    schema = resources.files("kg.schema")
    return parse_taxonomy(json.loads(schema.joinpath(SECTORS_FILE).read_text("utf-8")),
                          json.loads(schema.joinpath(OFFICIAL_FILE).read_text("utf-8")))


def resolve_sector(name: str) -> str | None:
    """Canonical sector for a Chinese or English name or synonym, case-insensitive; else None."""
    return default_taxonomy().resolve(name)


def descendants(name: str) -> list[str]:
    """Canonical names of all sub-sectors of ``name`` (not itself); NotFoundError if unknown."""
    return default_taxonomy().descendants(name)


def ancestors(name: str) -> list[str]:
    """Canonical names of the parents of ``name`` up to its root; NotFoundError if unknown."""
    return default_taxonomy().ancestors(name)


def map_sector(extracted_name: str) -> str | None:
    """Canonical sector an extracted sector name belongs under, or None (see :meth:`Taxonomy.map_sector`)."""
    return default_taxonomy().map_sector(extracted_name)


def suggest_sectors(name: str, n: int = 5) -> list[str]:
    """Closest canonical sector names."""
    return default_taxonomy().suggest(name, n)
