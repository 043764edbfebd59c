"""Repair the edges of rule candidates with LAC's word segmentation.

Suffix and title rules find a name by its head or its title and guess its
other edge from the tokeniser's words; LAC segments with a statistical model of
its own and often knows better where a name stops:

- an organisation name does not start with a verb, adverb or preposition that
  LAC segments off (送到|区人民医院 → 区人民医院, 形容|武汉儿童医院 → 武汉儿童医院);
- an organisation name does not start inside a listed public body's name: it opens
  with that body (人|社部办公厅 → 人社部办公厅);
- a person's name found after a title ends where LAC's person word ends when a
  verb follows it (亚历杭德罗·加扎|感叹 → 亚历杭德罗·加扎), and there is none
  when the title lies inside an organisation's name (俄罗斯驻华大使馆官员).

Only the edges of rule candidates move; candidates of LAC itself, of lists of
public names and of places are left as they are.
"""

from __future__ import annotations

from kg.loaders.gazetteer import word_set
from kg.loaders.kgdoc import Cand
from kg.loaders.scoring import LacIndex

_FUNCTION_TAGS = frozenset({"v", "vd", "p", "d", "ad", "c", "u", "r"})
"""LAC tags of words a name does not start with (verbs, adverbs, prepositions, conjunctions, particles, pronouns)."""
_AFTER_NAME_TAGS = frozenset({"v", "vd", "d", "p", "u", "c"})
_ORG_TYPES = frozenset({"Agency", "University", "Institute", "Lab", "Company", "Financier", "Incubator", "Park",
                        "Program", "Fund"})
_PERSON_SOURCES = frozenset({"title_before", "title_after"})
_ORG_SOURCES = frozenset({"suffix", "typed_list"})


def repair(cands: list[Cand], lac: LacIndex, text: str) -> list[Cand]:
    """``cands`` with their edges moved (in place) where LAC's words show a better boundary, less the
    persons whose title LAC shows to lie inside another name."""
    _open_with_public_bodies(cands, text)
    if not lac.words:
        return cands
    starts = set(lac.starts)
    drop: set[int] = set()
    for c in cands:
        if c.canon is not None:
            continue
        if c.type in _ORG_TYPES and c.source in _ORG_SOURCES:
            start = _trim_left(lac, starts, c.start, c.end)
            if start != c.start:
                c.start, c.text = start, text[start:c.end]
        elif c.type == "Person" and c.source in _PERSON_SOURCES:
            w = _covering(lac, c.start)
            if w is not None and w.start < c.start and w.tag in ("ORG", "LOC"):
                drop.add(id(c))  # 俄罗斯驻华大使馆|官员: the 'title' 大使 was inside a name
                continue
            end = _person_end(lac, c.start, c.end, c.text)
            if end != c.end:
                c.end, c.text = end, text[c.start:end]
    return [c for c in cands if id(c) not in drop] if drop else cands


_PUBLIC_SOURCES = frozenset({"public", "known", "public_company"})
_UNIT_OF = frozenset({("University", "Institute"), ("University", "Lab"), ("Institute", "Lab")})
"""Kinds of body whose units are of another type (a university's hospital is an Institute); a company's 董事局 is
no Agency."""


def _open_with_public_bodies(cands: list[Cand], text: str) -> None:
    """Move the start of a rule organisation name that begins inside a listed body's name (人|社部办公厅) back
    to that name's start when the two types fit: a unit of the body (人社部办公厅, 山东第一医科大学附属省立医院)."""
    public = [c for c in cands if c.source in _PUBLIC_SOURCES and c.type in _ORG_TYPES]
    if not public:
        return
    for c in cands:
        if c.canon is not None or c.type not in _ORG_TYPES or c.source not in _ORG_SOURCES:
            continue
        for p in public:
            if p.start < c.start < p.end < c.end and (p.type == c.type or (p.type, c.type) in _UNIT_OF):
                c.start, c.text = p.start, text[p.start:c.end]
                break


def _covering(lac: LacIndex, pos: int):
    """LAC's word that ends at ``pos + 1`` or starts at ``pos`` and holds the character at ``pos``, or None."""
    before = lac.before(pos + 1, 1)
    if before and before[-1].start <= pos < before[-1].end:
        return before[-1]
    after = lac.after(pos, 1)
    return after[0] if after and after[0].start == pos else None


def _trim_left(lac: LacIndex, starts: set[int], start: int, end: int) -> int:
    new = start
    while True:
        w = _covering(lac, new)
        if w is None or w.tag not in _FUNCTION_TAGS or w.end > end - 3 or w.end not in starts:
            break
        if w.start == new and w.end - w.start < 2:
            break  # 盒|马鲜生: a one-character word of its own may be part of the name
        new = w.end
    if new != start:
        w = _covering(lac, new)
        if w is not None and w.tag in _FUNCTION_TAGS:
            return start  # 掏钱|建|实验室: what is left starts with a verb too, no name
    return new


def _person_end(lac: LacIndex, start: int, end: int, name: str) -> int:
    w = _covering(lac, start)
    if w is None or w.tag != "PER" or w.start != start:
        return end
    if w.end < end:
        nxt = lac.after(w.end, 1)
        if nxt and nxt[0].start == w.end and nxt[0].tag in _AFTER_NAME_TAGS and w.end - start >= 2:
            if _third_given_character(name, w.end - start, nxt[0].end - nxt[0].start):
                return end
            return w.end
    return end


def _third_given_character(name: str, kept: int, next_len: int) -> bool:
    """True when the cut would leave a surname and one character of a three-character Chinese name whose last
    character LAC took for a one-character adverb or verb (主席王祖|皆, 乡长赵宝|才认为, 副院长黄国|付说): the
    title rule already stops before words that follow names (说, 表示 …), and most Chinese names have three
    characters."""
    return len(name) == 3 and kept == 2 and next_len == 1 and name[0] in word_set("surnames.txt") \
        and "·" not in name
