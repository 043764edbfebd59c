"""``kg_resolve``: from candidate mentions to entities with canonical names.

1. Overlapping candidates: the longest wins (then the higher priority); nothing
   inside a 《policy title》 counts on its own.  Sectors are kept apart: a
   sector may lie inside another name.
2. Canonical names: cities without 市; city-relative forms resolved against
   the section's city (``市科技局`` → ``青岛市科学技术局``, ``市委`` →
   ``中共青岛市委员会``); short forms of government bodies expanded
   (``patterns/agency_forms.txt``); editions dropped (``第11届中国创新创业大赛``
   → ``中国创新创业大赛``).  The text's form is an alias.  An organisation
   named relative to a place the document does not give (``区农业农村局``,
   ``县人民医院``, ``市局``) names no one body and is dropped, and so are media
   outlets (``羊城晚报报业集团``), which are no entities.
3. Declared short forms and short company names (the trade name of a full
   company name, ``华晨智能``) become aliases, and every later occurrence of a
   name or alias is a mention of its entity.
"""

from __future__ import annotations

import bisect
import re

import jieba
import jieba.posseg
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.bylines import byline_spans
from kg.loaders.components.boundaries import repair
from kg.loaders.components.orgs import is_generic, kinds_only
from kg.loaders.components.persons import ends_inside_title, is_form_of_address, names_a_thing, names_a_visit
from kg.loaders.components.public import public_names
from kg.loaders.gazetteer import read_table, word_set
from kg.loaders.kgdoc import Cand, cands_of, doc_text, document_of, find_all, token_offsets
from kg.loaders.places import bilateral, place_index, side_in_talks
from kg.loaders.scoring import LacIndex
from kg.model import Document, Entity, Mention

_TITLE = re.compile(r"《[^《》\n]{2,80}》")
_EDITION = re.compile(r"^第?[0-9一二三四五六七八九十]+[届期]")
_COMPANY_TAIL = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|有限公司|集团|公司)$")
_COUNT_CUT = re.compile(r"[余多][家个所座支批]")
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十百千")
_ORGS = frozenset({"Agency", "Company", "Institute", "Financier", "University", "Lab", "Park", "Incubator"})
_LEVELS = frozenset({"省", "市", "区", "县", "镇", "乡", "村", "乡镇", "县乡", "州", "盟", "旗", "自治区", "自治州", "自治县"})
"""Bare levels of administration: a name that still starts with one after resolution had no place to resolve to."""
_TYPE_RANK = {"Policy": 9, "Person": 8, "Fund": 7, "Financier": 7, "Company": 6, "Lab": 6, "University": 6,
              "Institute": 5, "Incubator": 6, "Park": 5, "Agency": 6, "Program": 4, "City": 3, "Region": 3,
              "Sector": 1}


@dataclass(slots=True)
class Span:
    """A resolved mention: offsets and the key of its entity."""

    start: int
    end: int
    key: str
    source: str = ""


@lru_cache(maxsize=1)
def agency_forms() -> list[tuple[str, str]]:
    rows = [(r[0], r[1]) for r in read_table("agency_forms.txt")]
    return sorted(rows, key=lambda r: -len(r[0]))


class Sentences:
    """Sentence index lookup by offset (bisect)."""

    def __init__(self, d: Document) -> None:
        self.starts = [s.start for s in d.sentences]
        self.sents = d.sentences

    def index(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.sents[i].index if i >= 0 else 0


def province_of(city: str | None) -> str | None:
    if not city:
        return None
    idx = place_index()
    p = idx.by_name.get(city)
    if p is None:
        return None
    return next((x.name for x in (p, *idx.ancestors(p)) if x.level in ("province", "municipality")), None)


def _place_chain(head: str) -> list[int]:
    """The ends of the place names ``head`` is made of, in order (浙江宁波 → [2, 4]); empty when it is not
    places only."""
    forms, pos, ends = place_index().forms, 0, []
    while pos < len(head):
        m = forms.match_at(head, pos)
        if m is None:
            return []
        pos = m[0]
        ends.append(pos)
    return ends


_SAR = ("特别行政区", "香港", "澳门")
"""Special administrative regions: their governments are 政府 (香港特别行政区政府), not 人民政府."""


PARTY_DEPARTMENTS = "宣传部|组织部|统战部|统一战线工作部"
"""The departments of a party committee named after it (聊城市委宣传部), as a regular-expression alternation."""
_PARTY_DEPARTMENT = re.compile(rf"^(.*[省市县区州旗]委)({PARTY_DEPARTMENTS})$")
"""A department of a party committee (聊城市委|宣传部): the committee's formal name and the department's."""


def canonical_org(text: str, type_: str, city: str | None) -> str:
    """The formal name of an organisation/scheme mention."""
    name = text.strip()
    if type_ == "Agency" and (dept := _PARTY_DEPARTMENT.match(name)) and not name.startswith("中共中央"):
        committee = canonical_org(dept.group(1), type_, city)
        if committee.startswith("中共") and committee.endswith("委员会"):
            return committee + dept.group(2)  # 聊城市委宣传部 → 中共聊城市委员会宣传部
    name = _EDITION.sub("", name) if type_ in ("Program", "Fund") and len(_EDITION.sub("", name)) >= 4 else name
    if type_ == "Agency":
        for tail in ("市委", "市政府", "市人大常委会"):
            head = name[: -len(tail)]
            if not name.endswith(tail) or not head:
                continue
            chain = _place_chain(head)
            if len(chain) > 1:
                name = head[chain[-2]:] + tail  # 浙江宁波市委 → 宁波市委: the body is the city's, not the province's
            elif not chain and city:
                name = tail  # 贯彻落实市委 → 市委 (the words before are no place)
        if name.startswith("市") and city:
            name = f"{city}市{name[1:]}"
        elif name.startswith("省") and city:
            prov = province_of(city)
            if prov and prov != city:
                name = prov + name[1:]
        if name.endswith(("市委", "区委", "县委", "省委")) and len(name) > 3 and name[-3] == name[-2] \
                and place_index().get(name[:-2]) is not None:
            name = name[:-2] + "委"  # 和县县委, 平山县县委: the place's name already ends with its level (中共和县委员会)
        if name.endswith("市委") and len(name) > 2:
            name = f"中共{name[:-1]}委员会"
        elif name.endswith(("区委", "县委", "省委")) and len(name) > 2 and not name.startswith("中共"):
            name = f"中共{_with_city(name[:-1], city)}委员会"
        for short, formal in agency_forms():
            if name.endswith(short) and not name.endswith(formal):
                if formal.startswith("人民政府") and (not _chinese_place(name[: -len(short)])
                                                     or name[: -len(short)].endswith(_SAR)):
                    break  # 法国政府, 中国政府, 香港特别行政区政府: only a mainland local government is a 人民政府
                name = name[: -len(short)] + formal
                break
        if name.endswith("委") and not name.endswith(("党委", "党工委")):
            name = name + "员会"
    elif name.startswith("市") and city and type_ in ("Institute", "Lab", "Park", "Fund", "Program", "Incubator"):
        name = f"{city}市{name[1:]}"
        for short, formal in agency_forms():
            if name.endswith(short) and not name.endswith(formal):
                name = name[: -len(short)] + formal
                break
    return name


def unresolved_relative(name: str) -> bool:
    """True for an organisation's name still relative to an unnamed place: 区农业农村局, 县人民医院 (its first word
    is a bare level of administration), 北京市局 (a bureau named by its level alone)."""
    return next(iter(jieba.cut(name)), "") in _LEVELS or bool(re.search(r"[省市区县]局$", name))


_MEDIA_TAIL = re.compile(r"(报业集团|报业传媒集团|报社|电视台|广播电台|出版社|杂志社|通讯社|新闻社|出版集团|出版传媒集团|书局|卫视|卫视中心|"
                         r"广播电视总台)$")


_TWO_BODIES = re.compile(r"^((?:[\u4e00-\u9fff]{2,8}?)?[省市县区州]委)([省市县区州]?(?:人民)?政府)$")


def _two_bodies(c: Cand) -> list[Cand]:
    """县委县政府 and 深圳市委市政府 name two bodies, the party committee and the government: two candidates."""
    m = _TWO_BODIES.match(c.text) if c.type == "Agency" else None
    if m is None:
        return [c]
    k = c.start + m.end(1)
    return [Cand(c.start, k, m.group(1), c.type, c.source, c.prio), Cand(k, c.end, m.group(2), c.type, c.source, c.prio)]


def _leading_city(name: str) -> str | None:
    """The city an organisation's name opens with (十堰市委 → 十堰), if any."""
    idx = place_index()
    m = idx.forms.match_at(name, 0)
    if m is None or m[0] >= len(name):
        return None
    place = idx.choose(m[1])
    return place.name if place is not None and place.type == "City" else None


def _leading_province(name: str) -> str | None:
    """The province a name is or opens with (青海省医疗保障局 → 青海省), if any."""
    idx = place_index()
    m = idx.forms.match_at(name, 0)
    if m is None:
        return None
    place = idx.choose(m[1])
    return place.name if place is not None and place.level == "province" else None


def is_media_outlet(name: str) -> bool:
    """True for a newspaper, broadcaster, publisher or news agency (南方报业传媒集团, 西安电视台, 中国出版集团): media
    outlets are no entities of the graph (annotation conventions); a company they own is (人民日报媒体技术公司)."""
    return bool(_MEDIA_TAIL.search(name))


def _chinese_place(head: str) -> bool:
    """True when ``head`` is one or more Chinese divisions written end to end (青岛市崂山区), or empty."""
    pos = 0
    for s, e, _form, pf in place_index().forms.finditer(head):
        if s != pos or any(not p.division for p in pf.places):
            return False
        pos = e
    return pos == len(head)


def _with_city(place: str, city: str | None) -> str:
    """滨江区 → 杭州市滨江区: a district under a prefecture city takes the city's name first; a county does not
    (中共淅川县委员会), as in the bodies' formal names."""
    if not place.endswith("区"):
        return place
    idx = place_index()
    p = idx.get(place) or idx.get(place[:-1])
    if p is None or p.level in ("province", "municipality"):
        return place
    parent = idx.by_name.get(p.parent) if p.parent else None
    if parent is None or parent.level in ("province", "municipality") or place.startswith(parent.name):
        return place
    return f"{parent.name}市{place}"


def company_core(name: str) -> str:
    """华晨智能自动化装备有限公司 → 华晨智能自动化装备 (no leading place, no company tail)."""
    core = _COMPANY_TAIL.sub("", name)
    for m in place_index().forms.finditer(core[:6]):
        if m[0] == 0:
            core = core[m[1]:]
        break
    return core


_BRANCH_TAIL = ("分公司", "子公司", "分厂")


def _is_branch(name: str) -> bool:
    """A group's branch or local company (中国联通湖北省分公司, 中国移动通信集团湖北有限公司): its trade name is the
    group's, so it is no short form of the branch."""
    if name.endswith(_BRANCH_TAIL):
        return True
    k = name.find("集团")
    return k > 0 and place_index().forms.match_at(name, k + 2) is not None


def _absorb(ents: dict[str, Entity], spans: list[Span], gone: Entity, into: Entity) -> None:
    """Fold entity ``gone`` into ``into``: its aliases and mentions, its spans re-pointed, its key dropped."""
    into.aliases |= gone.aliases
    into.mentions.extend(gone.mentions)
    for sp in spans:
        if sp.key == gone.key:
            sp.key = into.key
    del ents[gone.key]


_ELIDED_HEADS = ("附属", "分校", "分院")


def _elided_parent(prev: Cand, c: Cand, text: str) -> str | None:
    """The parent a listed unit leaves out because the item before it names it: in 华中科技大学附属同济医院、
    附属协和医院 the second hospital is 华中科技大学's as well."""
    head = next((h for h in _ELIDED_HEADS if c.text.startswith(h)), None)
    if head is None or prev.type not in _ORGS or prev.end + 1 != c.start or text[prev.end] not in "、和及与":
        return None
    at = prev.text.find(head)
    return prev.text[:at] if at > 0 else None


def _elided_place(prev: Cand, prev_name: str, c: Cand, text: str) -> str | None:
    """The place a body listed right after a place's body leaves out (淮安市商务局、农业农村局 → 淮安市): the
    places the previous body's name (``prev_name``, as resolution read it) opens with, when the listed one names
    no place and is a local body's form."""
    if prev.type != "Agency" or prev.end + 1 != c.start or text[prev.end] not in "、和及与" \
            or c.text not in _local_forms() or _place_chain(c.text[:2]) or c.text[0] in "市省区县":
        return None
    for short in _local_forms():
        if prev_name.endswith(short):
            head = prev_name[: -len(short)]
            # a relative place (市科技局、财政局) stays relative, for the section's city to resolve
            return head if head in ("市", "省", "区", "县") or (head and _place_chain(head)) else None
    return None


@lru_cache(maxsize=1)
def _local_forms() -> tuple[str, ...]:
    """The short and formal forms of the local bodies of ``patterns/agency_forms.txt`` (商务局, 人社局 …), longest
    first."""
    forms = {f for short, formal in agency_forms() for f in (short, formal)
             if "{" not in f and len(f) >= 2 and f.endswith(("局", "厅", "委员会", "委", "办公室"))}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def abbreviates(short: str, name: str) -> bool:
    """True when ``short`` abbreviates ``name`` by keeping some of its characters in order, its first and its
    last, leaving out two runs of characters or more (国开行 / 国|家|开|发银|行); not a name with one word
    left out (农业部 / 农业农村部, a body of its own) nor one ending as ``name`` ends (中国银行 /
    中国农业银行)."""
    if len(name) < len(short) + 2 or short[0] != name[0] or short[-1] != name[-1] or short[-2:] == name[-2:]:
        return False
    at, pos = [], 0
    for ch in short:
        pos = name.find(ch, pos)
        if pos < 0:
            return False
        at.append(pos)
        pos += 1
    return sum(1 for i, j in zip(at, at[1:]) if j > i + 1) >= 2


def _cut_from_count(c: Cand, text: str) -> bool:
    """True for a name opening with 余家 or 多个 right after a number: cut out of a count (10余家专业合作社)."""
    return bool(_COUNT_CUT.match(c.text)) and c.start > 0 and text[c.start - 1] in _NUMERALS


_LEVEL_ENDINGS = frozenset("区县市镇乡")
"""Level characters a place's name may end with after its short form (长乐|区)."""
_CONGRESS = re.compile(r"(?:中共|党的)?[一二三四五六七八九十]{1,3}大")
"""A party congress by its number (中共十二大, 党的十九大)."""


def _cut_from_place(c: Cand, text: str) -> bool:
    """True when the characters before a candidate and the candidate make a place's name (长|乐区)."""
    forms = place_index().forms
    for k in (1, 2):
        if c.start < k:
            continue
        whole = text[c.start - k:c.end]
        if forms.get(whole) is not None or (whole[-1] in _LEVEL_ENDINGS and forms.get(whole[:-1]) is not None):
            return True  # 长乐|区: a county city the list knows by its former level (长乐市) is a district now
    return False


def _without_place_before_listed(cands: list[Cand], text: str) -> list[Cand]:
    """Without the suffix names that are a province and a listed body's official name (江西|南昌经济技术开发区):
    the listed name is the body's, the province a place of its own (not 泰国|国家旅游局, a foreign body)."""
    listed = {(c.start, c.end) for c in cands if c.source == "public"}
    ends: dict[int, list[int]] = {}
    for s, e in listed:
        ends.setdefault(e, []).append(s)
    forms = place_index().forms

    def province(form: str) -> bool:
        f = forms.get(form)
        return f is not None and all(p.level == "province" for p in f.places)

    return [c for c in cands if not (c.source == "suffix" and any(
        c.start < s and province(text[c.start:s]) for s in ends.get(c.end, ())))]


def _placed_org_names(cands: list[Cand]) -> set[int]:
    """ids of LAC organisation names with a suffix (``data["suffix"]``) that hold the rule candidates they overlap:
    the places they open with or hold (武汉市第四医院 over 武汉市) and the parent they open with (公安部交通管理局
    over 公安部). Those are parts of the name, not rivals to it; the relations read from names list them again.
    Also those whose tail a rule found alone, a kind of firm with no name (江苏润和|软件股份有限公司)."""
    rules = sorted((c.start, c.end, c.type, _division(c)) for c in cands if not c.source.startswith("lac_"))
    starts = [r[0] for r in rules]
    out: set[int] = set()
    for c in cands:
        sfx = (c.data or {}).get("suffix")
        if c.source != "lac_org" or not sfx:
            continue
        head_end = c.end - len(sfx)
        inside = []
        for r in rules[bisect.bisect_left(starts, c.start - 40):]:
            if r[0] >= c.end:
                break
            if r[1] > c.start:
                inside.append(r)
        if any(c.start < r[0] and r[1] == c.end and r[2] in ("Company", "Financier")
               and _COMPANY_TAIL.search(c.text) and kinds_only(company_core(c.text[r[0] - c.start:])) for r in inside):
            out.add(id(c))  # 江苏润和|软件股份有限公司: the rule kept only the kind of firm, LAC the whole name
            continue
        if not inside or not all(_part_of_name(r, c.start, head_end) for r in inside) \
                or not any(r[0] == c.start for r in inside):
            continue
        head = c.text[max(r[1] for r in inside if r[0] == c.start) - c.start:head_end - c.start]
        if head and (not is_generic(head) or _ORDINAL_HEAD.fullmatch(head)):  # 北京|一家科技公司 is none
            out.add(id(c))  # 武汉市|第三医院, 中山大学|附属第一医院: an ordinal names the unit
    return out


_LISTED_SOURCES = ("known", "quoted_list", "public", "public_company", "public_unit", "public_law")
"""Sources whose candidates carry the official name of a list (``canon``)."""


def _listed_law(title: str) -> str | None:
    """The short title of the listed law or regulation a 《title》 names (《中华人民共和国药品管理法》 → 药品管理法)."""
    listed = public_names().get(title.strip("《》"))
    return listed.name if listed is not None and listed.source == "laws" else None


_ORDINAL_HEAD = re.compile(r"(?:附属)?第[一二三四五六七八九十]{1,3}")


_ISSUER_JOIN = "、，, "


def title_issuers(cands: list[Cand], titles: list[Cand], text: str) -> set[int]:
    """The ids of the agency candidates that open a document's title as its issuers (发文机关): one body or a run of
    them written right before 关于 (《中共中央|国务院|关于…的意见》, 《苏州市人民政府关于…》).  Unlike the other names
    inside a title, each is a mention of its own."""
    by_start: dict[int, list[Cand]] = {}
    for c in cands:
        if c.type == "Agency" and not c.source.startswith("lac_"):
            by_start.setdefault(c.start, []).append(c)
    out: set[int] = set()
    for t in titles:
        pos = t.start + 1 if text.startswith("《", t.start) else t.start
        chain: list[Cand] = []
        while pos < t.end and (here := by_start.get(pos)):
            c = max(here, key=lambda c: (c.length, c.prio))
            if c.end > t.end:
                break
            chain.append(c)
            pos = c.end
            while pos < t.end and text[pos] in _ISSUER_JOIN and by_start.get(pos + 1):
                pos += 1
        if chain and text.startswith("关于", pos):
            out.update(id(c) for c in chain)
    return out


_COUNTED_DIVISION = re.compile(r"(?:多个|各个|几个|[一二三四五六七八九十两]{1,2}个?)[乡村镇]")


def _place_name(c: Cand) -> Cand | None:
    """A place is named, not counted (多个乡, 一村, 三村: none), and 在 opens no place's name (在|城南街道)."""
    if c.type not in ("Region", "City"):
        return c
    if _COUNTED_DIVISION.fullmatch(c.text):
        return None
    if c.text.startswith("在") and len(c.text) > 3:
        return _cut_left(c, c.start + 1)
    return c


def _cut_left(c: Cand, start: int) -> Cand:
    """``c`` read from ``start`` on (its canonical name, if any, no longer holds)."""
    return replace(c, start=start, text=c.text[start - c.start:], canon=None, data=dict(c.data))


_GLUE_TAGS = frozenset({"v", "c", "p", "r"})
"""jieba's tags of words no government's name holds: verbs, conjunctions, prepositions, pronouns (and persons' names,
``nr``, that are no places: jieba tags 武威, 科摩罗 and 吴兴区 so too)."""
_NO_GOVERNMENT = re.compile(r"(?:^|[两多各诸]国|各级|地方)(?:人民)?政府$")


def _government(c: Cand, text: str, tokens: tuple[list[int], list[int]]) -> Cand | None:
    """A government is named by its place: a name ending in 政府 starts after the last verb, conjunction,
    preposition, pronoun or person's name (not a place's) jieba reads in it (德国代表赞赏|中国政府, 美国和|以色列两国政府); none is
    left when no place is (两国政府, 各级政府, 特朗普|人民政府)."""
    if c.type != "Agency" or not c.text.endswith("政府") or c.source in _LISTED_SOURCES:
        return c
    starts, lengths = tokens
    start = c.start
    i = bisect.bisect_left(starts, c.start)
    while i < len(starts) and starts[i] + lengths[i] <= c.end - 2:
        word = text[starts[i]:starts[i] + lengths[i]]
        tag = _word_tags().get(word)
        if tag in _GLUE_TAGS or (tag == "nr" and place_index().forms.get(word) is None
                                 and not word.endswith(("省", "市", "区", "县", "州", "镇", "乡", "村"))):
            start = starts[i] + lengths[i]
        i += 1
    name = text[start:c.end]
    if _NO_GOVERNMENT.search(name):
        return None
    return c if start == c.start else _cut_left(c, start)


def _word_tags() -> dict[str, str]:
    """jieba's dictionary tag of each word."""
    return jieba.posseg.dt.word_tag_tab


def _part_of_name(rule: tuple[int, int, str, bool], start: int, head_end: int) -> bool:
    """True for a rule candidate ``(start, end, type, division)`` lying in the head ``[start, head_end)`` of a name:
    a Chinese division (美国|高德纳咨询公司 is no name of this kind), or the parent the name opens with."""
    s, e, type_, division = rule
    if s < start or e > head_end:
        return False
    return division if type_ in ("City", "Region") else (type_ in _ORGS and s == start)


_IDIOM_TAGS = frozenset({"i"})


def idiom_spans(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` of the tokens jieba's dictionary tags as idioms (四平八稳, 五湖四海)."""
    tags = _word_tags()
    text = doc_text(doc)
    starts, lengths = token_offsets(doc)  # no Token objects
    return [(s, s + k) for s, k in zip(starts, lengths) if k >= 4 and tags.get(text[s:s + k]) in _IDIOM_TAGS]


def _cuts_idiom(c: Cand, idioms: list[tuple[int, int]]) -> bool:
    """True when ``c`` overlaps an idiom without holding all of it: a name cut out of a set phrase."""
    return any(s < c.end and c.start < e and not (c.start <= s and e <= c.end) for s, e in idioms)


def _division(c: Cand) -> bool:
    """True for a place candidate that is a Chinese administrative division (it has a division code)."""
    place = (c.data or {}).get("place")
    return bool(getattr(place, "code", ""))


@Language.factory("kg_resolve", default_config={"min_alias_len": 2})
def make_resolve(nlp: Language, name: str, min_alias_len: int) -> "Resolver":
    return Resolver(min_alias_len)


class Resolver:
    """Selects mentions, names entities, attaches aliases; fills kg_entities and kg_spans."""

    def __init__(self, min_alias_len: int = 2) -> None:
        self.min_alias_len = min_alias_len

    def __call__(self, doc: Doc) -> Doc:
        ents, spans = self.match(doc)
        self.set_annotations(doc, ents, spans)
        return doc

    # -- selection -------------------------------------------------------
    def select(self, cands: list[Cand]) -> list[Cand]:
        # every 《title》, a policy's or a song's: the names inside it are not mentions of their own
        cands = [part for c in cands for part in _two_bodies(c)]
        policies = [c for c in cands if c.type == "Policy" and c.source.startswith("policy")]
        policies += [Cand(m.start(), m.end(), m.group(), "Title", "title") for m in _TITLE.finditer(self._text)]
        others = [c for c in cands if c.type not in ("Sector", "Alias")]
        others = _without_place_before_listed(others, self._text)
        others = [g for c in others if (g := _government(c, self._text, self._tokens)) is not None]
        others = [g for c in others if (g := _place_name(c)) is not None]
        taken = bytearray(max([c.end for c in cands], default=0) + 1)
        credit = bytearray(len(self._text) + 1)  # reporters and photographers named in a byline are no entities
        for s, e in byline_spans(self._text):
            credit[s:e] = b"\x01" * (e - s)
        chosen: list[Cand] = []
        placed = _placed_org_names(others)
        issuers = title_issuers(others, policies, self._text)
        # statistical (LAC) candidates only where no rule found a name, but for an organisation's name that opens
        # with the place a rule found (武汉市|第四医院); a bare policy title only where no other name lies
        # (关于修改外资保险公司管理条例: the law's title wins)
        for c in sorted(others, key=lambda c: (c.source == "bare_title",
                                               c.source.startswith("lac_") and id(c) not in placed, -(c.prio >= 5),
                                               -c.length, -c.prio, c.start)):
            if any(credit[c.start:c.end]):
                continue  # a credit names reporters and photographers, no entities (许昌亮摄: no 许昌)
            if c.type == "Person" and (is_form_of_address(c.text) or names_a_thing(c.text)
                                       or names_a_visit(c.text)
                                       or ends_inside_title(c.text, self._text[c.end:c.end + 3])):
                continue
            if _cuts_idiom(c, self._idioms):
                continue  # 四平八稳: no 四平
            if "某" in c.text and c.type != "Policy":
                continue  # 某乡镇, 张某, 某公司: an anonymised mention names no one
            if c.type == "Person" and _cut_from_place(c, self._text):
                continue  # 福州市长|乐区: the end of a place's name
            if c.type in _ORGS and (congress := _CONGRESS.match(self._text, c.start)) is not None \
                    and congress.end() >= c.end:
                for k in range(c.start, min(congress.end(), len(taken))):
                    taken[k] = 1  # 中共(|)十二大: a party congress, an event; nor is 中共 inside it a mention
                continue
            if c.type in _ORGS and (bilateral(c.text) or _cut_from_count(c, self._text) or "有关" in c.text):
                continue  # 常委会有关工作委员会: "the bodies concerned" names none
            if c.type in _ORGS | {"Person"} and side_in_talks(c.text):
                continue
            if id(c) not in issuers and any(p.start <= c.start and c.end <= p.end and p is not c
                                            and not (c.type == "Policy" and (p.start, p.end) == (c.start, c.end))
                                            for p in policies):
                continue
            if any(taken[c.start:c.end]) and id(c) not in issuers:
                continue  # an issuer lies inside its title, which took its characters first
            for k in range(c.start, c.end):
                taken[k] = 1
            chosen.append(c)
        # a name cut on its left by a merged token (从中科创星孵化器) takes the prefix of a longer name of its kind
        texts = sorted({c.text for c in chosen if c.source == "suffix"}, key=lambda n: (len(n), n))  # not hash order
        for c in chosen:
            if c.source != "suffix":
                continue
            for n in texts:
                k = len(n) - len(c.text)
                if 0 < k <= 2 and n.endswith(c.text) and c.start >= k and self._text[c.start - k:c.start] == n[:k] \
                        and not any(taken[c.start - k:c.start]):
                    c.start -= k
                    c.text = n
                    break
        return sorted(chosen, key=lambda c: c.start)

    def match(self, doc: Doc) -> tuple[dict[str, Entity], list[Span]]:
        d = document_of(doc)
        text = doc_text(doc)
        sents = Sentences(d)
        cands = cands_of(doc)
        cands = repair(cands, LacIndex(doc._.kg_lac), text)
        self._text = text
        self._idioms = idiom_spans(doc)
        self._tokens = token_offsets(doc)
        chosen = self.select(cands)
        ents: dict[str, Entity] = {}
        spans: list[Span] = []
        seen: set[tuple[str, int, int]] = set()  # (key, start, end) of the mentions added

        def add(type_: str, name: str, s: int, e: int, source: str, alias: bool = True) -> str:
            key = f"{type_}:{name}"
            ent = ents.get(key)
            if ent is None:
                ent = ents[key] = Entity(type_, name)
            surface = text[s:e]
            if surface != name and alias:
                ent.aliases.add(surface)
            if (key, s, e) not in seen:
                seen.add((key, s, e))
                ent.mentions.append(Mention(d.id, sents.index(s), s, e, surface))
            spans.append(Span(s, e, key, source))
            return key

        last_city: tuple[int, str] | None = None  # (sentence, name) of the last city named so far
        last_prov: tuple[int, str] | None = None  # (sentence, name) of the last province named so far
        prev: Cand | None = None
        prev_name = ""
        for c in chosen:
            city = d.city_at(c.start)
            text_ = c.text
            sent = sents.index(c.start)
            prov = _leading_province(c.text) if c.type in _ORGS or c.type == "Region" else None
            if prov is not None:
                last_prov = (sent, prov)  # 青海省医疗保障局联合省财政厅: 省财政厅 is 青海's
            if c.type == "City":
                last_city = (sent, c.canon or c.text)
            elif c.type in _ORGS and (lead := _leading_city(c.text)) is not None:
                last_city = (sent, lead)  # 十堰市委常委、市纪委书记: 市纪委 is 十堰's
            elif c.text.startswith("市") and last_city is not None and last_city[0] == sent:
                city = last_city[1]  # 商丘市落实…未经市委市政府审批: the city the sentence named before it
            elif c.text.startswith("省") and c.type in _ORGS and last_prov is not None and last_prov[0] == sent:
                text_ = last_prov[1] + c.text[1:]
            if c.type in _ORGS and prev is not None and (parent := _elided_parent(prev, c, text)) is not None:
                text_ = parent + c.text  # 华中科技大学附属同济医院、附属协和医院: 华中科技大学's too
            elif c.type == "Agency" and prev is not None and (place := _elided_place(prev, prev_name, c, text)):
                text_ = place + c.text  # 淮安市商务局、农业农村局: 淮安市's too
            prev, prev_name = c, text_
            if c.type in ("City", "Region"):
                add(c.type, c.canon or c.text, c.start, c.end, c.source)
            elif c.type == "Person":
                add("Person", c.text, c.start, c.end, c.source)
            else:
                type_ = c.type
                if c.data.get("suffix") in ("分公司", "支公司", "支行", "分行") and re.search(
                        r"(银行|保险|证券|信托|创投|资本).*(分公司|支公司|支行|分行)$", c.text):
                    type_ = "Financier"
                name = c.canon if (c.source in _LISTED_SOURCES and c.canon) else canonical_org(text_, type_, city)
                if type_ == "Policy" and name.startswith("《") and (law := _listed_law(name)) is not None:
                    name = law  # 《中华人民共和国药品管理法》 is the law 药品管理法, however it is written
                add(type_, name, c.start, c.end, c.source, alias=not c.data.get("no_alias"))
        # one type per name: the most frequent (ties: higher rank)
        self._unify_types(ents, spans)
        # a programme named with and without its head word (青年创新创业行动 / …行动计划) is one
        for key, ent in list(ents.items()):
            if ent.type == "Program":
                longer = ents.get(f"Program:{ent.name}计划")
                if longer is not None:
                    longer.aliases.add(ent.name)
                    _absorb(ents, spans, ent, longer)
        self._merge_variants(ents, spans)
        self._merge_abbreviations(ents, spans)
        self._resolve_levels(ents, spans, d.city)
        for key in [k for k, e in ents.items() if e.type in _ORGS and is_media_outlet(e.name)]:
            del ents[key]
            spans[:] = [sp for sp in spans if sp.key != key]
        # sectors
        taken = bytearray(len(text) + 1)
        for sp in spans:
            if sp.key.split(":", 1)[0] in ("Policy", "City", "Region", "Person"):
                for k in range(sp.start, sp.end):
                    taken[k] = 1
        for c in cands:
            if c.type == "Sector" and not any(taken[c.start:c.end]):
                add("Sector", c.canon or c.text, c.start, c.end, c.source)
        # declared aliases
        alias_of: dict[str, str] = {}
        for c in cands:
            if c.type != "Alias":
                continue
            ante = [sp for sp in spans if c.data["antecedent_end"] - 1 <= sp.end <= c.data["antecedent_end"]
                    and not sp.key.startswith("Sector:")]
            if ante:
                alias_of[c.text] = max(ante, key=lambda sp: sp.end - sp.start).key
        # short company names and short policy titles
        for key, ent in list(ents.items()):
            if ent.type == "Company" and _COMPANY_TAIL.search(ent.name) and not _is_branch(ent.name):
                core = company_core(ent.name)
                short = core[:4]
                if len(core) > 4 and short in text and not _is_vocab(short):
                    alias_of.setdefault(short, key)
        for key, ent in list(ents.items()):
            if ent.type == "Policy" and ent.name.startswith("《"):
                pass
        for m in re.finditer(r"《([^《》]{2,6})》", text):
            short = m.group(1)
            owners = [k for k, e in ents.items() if e.type == "Policy" and e.name.endswith(short + "》")
                      and len(e.name) > len(short) + 2]
            if owners:
                alias_of.setdefault(m.group(), owners[0])
        # every occurrence of a name or alias is a mention
        names: dict[str, str] = {}
        for key, ent in ents.items():
            if ent.type in ("Sector",):
                continue
            for n in {ent.name} | ent.aliases:
                if len(n) >= 3 or (len(n) >= 2 and ent.type in ("Person",)):
                    names.setdefault(n, key)
        for n, key in alias_of.items():
            names[n] = key
        occupied = bytearray(len(text) + 1)
        for sp in spans:
            if not sp.key.startswith("Sector:"):
                for k in range(sp.start, sp.end):
                    occupied[k] = 1
        for n in sorted(names, key=len, reverse=True):
            key = names[n]
            for s, e in find_all(text, n):
                if any(occupied[s:e]):
                    continue
                for k in range(s, e):
                    occupied[k] = 1
                ent = ents[key]
                add(ent.type, ent.name, s, e, "alias")
        # the alias spans: re-point spans declared as aliases (e.g. a short form recognised on its own)
        for sp in spans:
            surface = text[sp.start:sp.end]
            if surface in alias_of and sp.key != alias_of[surface] and not sp.key.startswith("Sector:"):
                old = ents.get(sp.key)
                new = ents[alias_of[surface]]
                sp.key = new.key
                new.aliases.add(surface)
                new.mentions.append(Mention(d.id, sents.index(sp.start), sp.start, sp.end, surface))
                if old is not None:
                    old.mentions = [m for m in old.mentions if (m.start, m.end) != (sp.start, sp.end)]
        ents = {k: e for k, e in ents.items() if e.mentions}
        for e in ents.values():
            e.aliases.discard(e.name)
        spans.sort(key=lambda sp: (sp.start, -sp.end))
        return ents, spans

    def _resolve_levels(self, ents: dict[str, Entity], spans: list[Span], city: str | None) -> None:
        """An organisation still named relative to a level (县总工会, 省总工会) takes the place of that level the
        document last named before it (杜尔伯特蒙古族自治县总工会); with none, or a bureau named by its level alone
        (市局), it names no one body and is dropped."""
        for key in [k for k, e in ents.items() if e.type in _ORGS and unresolved_relative(e.name)]:
            ent = ents[key]
            level = next(iter(jieba.cut(ent.name)), "")
            rest = ent.name[len(level):]
            first = min(m.start for m in ent.mentions)
            before = [(m.start, e.name + ("市" if e.type == "City" else "")) for e in ents.values()
                      if (e.type == "Region" and e.name.endswith(level)) or (e.type == "City" and level == "市")
                      for m in e.mentions if m.start < first]
            if level == "市":  # 十堰市委常委、市纪委书记: a body named after its city names that city too
                before += [(m.start, lead + "市") for e in ents.values() if e.type in _ORGS for m in e.mentions
                           if m.start < first and (lead := _leading_city(m.text)) is not None]
            place = max(before)[1] if before else None
            if place is None and level == "省":
                place = province_of(city)
            if place is None or re.search(r"[省市区县]局$", ent.name) or not rest:
                del ents[key]
                spans[:] = [sp for sp in spans if sp.key != key]
                continue
            full = Entity(ent.type, place + rest, aliases={ent.name})
            into = ents.get(full.key)
            if into is None:
                into = ents[full.key] = full
            else:
                into.aliases.add(ent.name)
            _absorb(ents, spans, ent, into)

    def _unify_types(self, ents: dict[str, Entity], spans: list[Span]) -> None:
        by_name: dict[str, list[Entity]] = {}
        for e in ents.values():
            by_name.setdefault(e.name, []).append(e)
        for name, group in by_name.items():
            if len(group) < 2:
                continue
            best = max(group, key=lambda e: (len(e.mentions), _TYPE_RANK.get(e.type, 0)))
            for e in group:
                if e is best:
                    continue
                _absorb(ents, spans, e, best)

    def _merge_variants(self, ents: dict[str, Entity], spans: list[Span]) -> None:
        """Name variants of one entity are one entity named by its fullest form: X高新技术产业开发区 /
        X高新区, X经济技术开发区 / X经开区, X管理委员会 / X管委会, and a name with and without its
        leading place (杭州临江高新区 / 临江高新区)."""
        forms = place_index().forms
        by_type: dict[str, list[Entity]] = {}
        for e in ents.values():
            if e.type in _VARIANT_TYPES:
                by_type.setdefault(e.type, []).append(e)
        for group in by_type.values():
            if len(group) < 2:
                continue
            norm = {e.key: _variant_norm(e.name) for e in group}
            for e in sorted(group, key=lambda e: len(e.name)):
                if e.key not in ents:
                    continue
                n = norm[e.key]
                for o in sorted(group, key=lambda o: -len(o.name)):
                    if o is e or o.key not in ents or len(o.name) < len(e.name):
                        continue
                    m = norm[o.key]
                    same = m == n
                    if not same and m.endswith(n) and len(n) >= 4:
                        k = forms.match_at(m, 0)
                        same = k is not None and m[k[0]:].lstrip("市省区县") == n
                    if not same:
                        continue
                    o.aliases.add(e.name)
                    _absorb(ents, spans, e, o)
                    break

    def _merge_abbreviations(self, ents: dict[str, Entity], spans: list[Span]) -> None:
        """An organisation's abbreviation written after its full name is that organisation: 国开行 after
        国家开发银行 (see :func:`abbreviates`)."""
        orgs = sorted((e for e in ents.values() if e.type in _VARIANT_TYPES), key=lambda e: -len(e.name))
        for a in [e for e in orgs if 3 <= len(e.name) <= 4]:
            if a.key not in ents:
                continue
            first = min(m.start for m in a.mentions)
            for b in orgs:
                if b is a or b.key not in ents or not abbreviates(a.name, b.name) \
                        or min(m.start for m in b.mentions) > first:
                    continue
                b.aliases.add(a.name)
                _absorb(ents, spans, a, b)
                break

    def set_annotations(self, doc: Doc, ents: dict[str, Entity], spans: list[Span]) -> None:
        doc._.kg_entities = ents
        doc._.kg_spans = spans


_VARIANT_TYPES = frozenset({"Park", "Agency", "Institute", "University", "Incubator", "Lab", "Company", "Financier", "Fund"})
_VARIANT_FORMS = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("管理委员会", "管委会"),
                  ("科学技术局", "科技局"), ("科学技术厅", "科技厅"), ("人民政府", "政府"), ("中国科学院", "中科院"),
                  ("国家高新区", "高新区"))


def _variant_norm(name: str) -> str:
    for long, short in _VARIANT_FORMS:
        name = name.replace(long, short)
    return name


def _is_vocab(s: str) -> bool:
    from kg.loaders.components.sectors import composed

    return composed(s) or s in word_set("generic_words.txt")
