"""``kg_lac``: Baidu LAC's statistical tagger as a source of candidates and of features.

LAC (``kg.loaders.lac``) tags every sentence; its words are kept in
``doc._.kg_lac`` (absolute offsets) for the scorer's features, and its
person, organisation and place words become candidates of their own:
``Person``; an organisation typed by its suffix (``patterns/org_suffixes.txt``),
else ``Company``; ``City``/``Region`` by the division list.  They have the
lowest priority, so where a rule found a name over the same characters the
rule's name is taken, and the learned scorer (``kg_score``) decides what the
others are worth.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.components.orgs import is_generic, suffix_of
from kg.loaders.gazetteer import word_set
from kg.loaders.kgdoc import Cand, Recognizer, doc_text, document_of
from kg.loaders.lac import LacWord, tag_all
from kg.loaders.places import Place, after_foreign_country, place_index

_NAMEISH = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·・\-（）()]+$")
SOURCES = {"PER": "lac_per", "ORG": "lac_org", "LOC": "lac_loc"}


def _cand(text: str, w: LacWord, before: LacWord | None = None) -> Cand | None:
    """The candidate of a LAC word; ``before`` is the word right before it."""
    surface = text[w.start:w.end]
    if len(surface) < 2 or not _NAMEISH.match(surface) or "某" in surface:  # 徐某东, 某调度中心: anonymised
        return None
    if w.tag == "PER":
        return Cand(w.start, w.end, surface, "Person", SOURCES["PER"], prio=0)
    if w.tag == "LOC":
        if len(surface) == 2 and surface[0] in _DETERMINERS and surface[1] in _LEVEL_CHARS:
            return None  # 邻村, 本县: a level named by a determiner, no place of its own
        place = _place_after(text, w, before)
        if place is False:
            return None
        type_ = place.type if place is not None else "Region"
        return Cand(w.start, w.end, surface, type_, SOURCES["LOC"], prio=0,
                    canon=place.name if place is not None else surface, data={"place": place} if place else {})
    if w.tag == "ORG":
        sfx = suffix_of(surface)
        if sfx is not None and surface[0] in _DEMONSTRATIVES and is_generic(surface[1:len(surface) - len(sfx.suffix)]):
            return None  # 本管委会, 该公司: "this committee" names none of its own
        return Cand(w.start, w.end, surface, sfx.type if sfx is not None else "Company", SOURCES["ORG"], prio=0,
                    data={"suffix": sfx.suffix} if sfx is not None else {})
    return None


@Language.factory("kg_lac", default_config={})
def make_lac(nlp: Language, name: str) -> "LacRecognizer":
    return LacRecognizer()


class LacRecognizer(Recognizer):
    """Runs LAC over each sentence; fills ``doc._.kg_lac`` and adds PER/ORG/LOC candidates."""

    def match(self, doc: Doc) -> list[Cand]:
        d = document_of(doc)
        text = doc_text(doc)
        words: list[LacWord] = []
        for s, found in zip(d.sentences, tag_all([text[s.start:s.end] for s in d.sentences])):
            words.extend(LacWord(s.start + w.start, s.start + w.end, w.tag) for w in found)
        doc._.kg_lac = words
        persons = [_person_edge(text, w) if w.tag == "PER" else w for w in _join_places(text, _join_persons(words))]
        return [c for c in (_cand(text, w, persons[i - 1] if i else None) for i, w in enumerate(persons)
                            if w.tag in SOURCES) if c is not None]


def _place_after(text: str, w: LacWord, before: LacWord | None) -> Place | None | Literal[False]:
    """The place a LAC place word names: a short form written right after a place reads as a place inside it;
    False when it has no reading there (重庆|滨江夜景: 滨江区 is in 杭州; 美国|黄石: not the city 黄石)."""
    idx = place_index()
    surface = text[w.start:w.end]
    form = idx.forms.get(surface)
    place = idx.get(surface)
    if form is None or before is None or before.tag != "LOC" or before.end != w.start:
        return place
    outer = idx.get(text[before.start:before.end])
    if outer is None:
        return place
    if after_foreign_country(outer, surface, place):
        return False
    if not form.weak or not outer.division:
        return place
    inside = [p for p in form.places if outer in idx.ancestors(p)]
    return inside[0] if inside else False


_DEMONSTRATIVES = frozenset("本该此这那其")
_DETERMINERS = _DEMONSTRATIVES | frozenset("邻各全每我外别同")
_LEVEL_CHARS = frozenset("省市县区乡镇村")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPEECH = re.compile(r"说|表示|指出|认为|介绍")
_AFTER_NAME = re.compile(r"[，。、：；！？）)]|说|是|表示|介绍|$")
_NOT_GIVEN_END = frozenset("的了在和与及等也都还就又说是称讲到向对为把被将从给让同跟则只仍而总更最很太并乃即刚已曾正便才再却亦均")
"""Characters after a two-character name that are words of their own, not the end of a longer name."""
_NOT_NAME_END = frozenset("刚就也还都又已曾正将便才再却亦均等")
"""Adverbs LAC sometimes glues to the end of a name (李柳柳刚|工作); cut from names of four characters or more."""


@lru_cache(maxsize=1)
def _followers() -> tuple[str, ...]:
    return tuple(sorted((w for w in word_set("person_followers.txt") if len(w) >= 2), key=len, reverse=True))


def _person_edge(text: str, w: LacWord) -> LacWord:
    """A person word without what follows a name glued to its end: a word of ``patterns/person_followers.txt``
    that starts inside it and runs to or past its end (费萨尔|通电话, 明石康|代表), or an adverb ending a
    name of four characters or more (李柳柳|刚)."""
    for b in range(w.start + 2, w.end):
        if any(text.startswith(f, b) and b + len(f) >= w.end for f in _followers()):
            return LacWord(w.start, b, w.tag)
    after = text[w.end:w.end + 1]
    if w.end - w.start >= 3 and text[w.end - 1] == "说" and not _CJK.match(after):
        return LacWord(w.start, w.end - 1, w.tag)  # 王晨一说：
    if after == "之" and _SPEECH.match(text, w.end + 1):
        return LacWord(w.start, w.end + 1, w.tag)  # a Japanese given name in 之: 荒井克|之说 → 荒井克之
    if w.end - w.start == 2 and _CJK.match(after) and after not in _NOT_GIVEN_END \
            and _AFTER_NAME.match(text, w.end + 1):
        return LacWord(w.start, w.end + 1, w.tag)  # 护士胡雅|男，→ 胡雅男; 姚聪|学是 → 姚聪学
    if w.end - w.start >= 4 and text[w.end - 1] in _NOT_NAME_END \
            and not (w.end - w.start == 4 and text[w.start:w.start + 2] in word_set("surnames.txt")):  # 欧阳志刚
        return LacWord(w.start, w.end - 1, w.tag)
    return w


def _join_persons(words: list[LacWord]) -> list[LacWord]:
    """Person words that touch make one name: a transliterated name LAC cut in two (呼日勒|苏赫)."""
    out: list[LacWord] = []
    for w in words:
        if out and w.tag == "PER" and out[-1].tag == "PER" and out[-1].end == w.start:
            out[-1] = LacWord(out[-1].start, w.end, "PER")
        else:
            out.append(w)
    return out


_PLACE_LEAD = frozenset("东西南北上下前后中大小新老")
"""Characters that open a village's or town's name (下胡家村, 西冷水村) and that LAC sometimes cuts off."""
_DIVISION_END = frozenset("省市县区旗镇乡")


def _join_places(text: str, words: list[LacWord]) -> list[LacWord]:
    """Place words that touch where LAC cut a name's first character off: a one-character place word before
    another (下|胡家村 → 下胡家村), or a division ending with that character (临城县西|冷水村 → 临城县|西冷水村)."""
    out: list[LacWord] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and w.tag == "LOC" and prev.tag == "LOC" and prev.end == w.start:
            if prev.end - prev.start == 1:
                out[-1] = LacWord(prev.start, w.end, "LOC")
                continue
            if prev.end - prev.start >= 3 and text[prev.end - 1] in _PLACE_LEAD \
                    and text[prev.end - 2] in _DIVISION_END:
                out[-1] = LacWord(prev.start, prev.end - 1, "LOC")
                out.append(LacWord(w.start - 1, w.end, "LOC"))
                continue
        out.append(w)
    return out
