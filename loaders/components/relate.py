"""``kg_relate``: relations between the resolved entities.

Two sources:

* **Names** (the evidence is the mention of the name): LOCATED_IN the place a
  name gives as its seat (``青岛银行科技支行`` → 青岛, ``福州大学晋江校区`` →
  晋江, ``晋江(武汉)离岸创新中心`` → 武汉); BELONGS_TO the parent whose name a
  branch/campus/institute/office/sub-fund starts with; FOCUSES_ON / SUPPORTS
  the domain inside a name (``康复产业孵化器`` → 康复); places nested in the
  division list (``山东省济南市`` → 济南 BELONGS_TO 山东省); persons and the
  organisation written before their title (``市科技局局长李天传``).
* **Cue patterns** in one sentence (``patterns/relations.jsonl``): for two
  mentions in the given order, regular expressions over the text before, between
  (other mentions there read as ``＃``) and after them.  FUNDS relations take
  the amount stated in the sentence (in yuan) and the year.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.amounts import find_amounts
from kg.loaders.components.orgs import suffix_of
from kg.loaders.components.public import public_names
from kg.loaders.components.resolve import PARTY_DEPARTMENTS, Sentences, Span
from kg.loaders.components.sectors import vocab
from kg.loaders.gazetteer import read_jsonl, read_table
from kg.loaders.kgdoc import Recognizer, doc_text, document_of
from kg.loaders.places import place_index
from kg.model import ACTOR_TYPES, RELATION_TYPES, SCHEME_TYPES, Entity, Mention, Relation

_UNIT_TAIL = re.compile(r"(公司|支行|分行|校区|院区|研究院|研究所|学院|分院|医院|中心|分中心|办公室|办公厅|办事处|代表处|"
                        r"基地|子基金|所|实验室|服务基地|系|局|司|分会|附属中学|附属小学|医疗队|工厂)$")
"""Tails of a unit named after its parent (北京大学|人民医院, 宝钛集团|钛带材料公司, 临沂市公安局|河东分局)."""
_LISTED_UNIT = re.compile(r"(办公厅|办公室|研究院|研究所|研究中心|中心|局|司|学院|医院|附属中学|附属小学|校区|分院|委员会|领导小组)$")
"""Tails of a unit of a listed body (a ministry, a university) named after it (国务院|学位委员会); a listed body
named after another one belongs to it too (国务院|国有资产监督管理委员会, 联合国|环境规划署)."""
_COMPANY_UNIT = re.compile(r"(实验室|研究院|研究所|研究中心|创新中心|基金会|事业部|代表处|办事处)$")
"""Tails of a unit of a listed company named after it (腾讯|量子实验室, 百度|（杭州）创新中心, 美团|公益基金会)."""
_LEGAL_FORM = re.compile(r"(?:[（(]?集团[）)]?)?(?:控股)?(?:股份)?(?:有限)?(?:责任)?公司")
"""A company's legal form alone (阿里巴巴集团控股|有限公司): what follows a parent's name must be more."""
_YEAR = re.compile(r"(20\d\d|19\d\d)年")
_NOT_SEAT = ("中国", "全国", "国家")
_GENERIC_DOMAIN = frozenset({"智能", "信息", "材料", "环境", "交通", "建筑", "显示", "通信", "软件", "自动化"})


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    rel: str
    order: str
    head: frozenset[str]
    tail: frozenset[str]
    between: re.Pattern
    before: re.Pattern | None
    after: re.Pattern | None
    not_between: re.Pattern | None
    amount: bool | str
    year: bool
    role: str | None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    out = []
    for r in read_jsonl("relations.jsonl"):
        out.append(Rule(
            r["id"], r["rel"], r["order"], frozenset(r["head"]), frozenset(r["tail"]),
            re.compile(r["between"]), re.compile(r["before"]) if r.get("before") else None,
            re.compile(r["after"]) if r.get("after") else None,
            re.compile(r["not_between"]) if r.get("not_between") else None,
            r.get("amount") if r.get("amount") == "after" else bool(r.get("amount")), bool(r.get("year")), r.get("role")))
    return tuple(out)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in read_table("org_abbreviations.txt")}


_INTERNATIONAL_TAILS = ("合作组织", "国集团")
"""Name endings of organisations of states (上海合作组织, 二十国集团): named after where they were founded or
who they are, their names give no seat (a country before other bodies' names does: 澳大利亚联邦科学与工业研究组织)."""


def _of_states(name: str) -> bool:
    """True for an organisation of states, whose name gives no seat: one ending as they do (上海合作组织), one of
    the public list of international organisations (欧洲联盟, 非洲开发银行: their members, not their seat) and a
    body whose name opens with one (欧盟|委员会)."""
    if name.endswith(_INTERNATIONAL_TAILS):
        return True
    m = public_names().match_at(name, 0)
    return m is not None and m[1].source == "international_orgs"


def _type(key: str) -> str:
    return key.split(":", 1)[0]


class Builder:
    """Collects relations and the entities they need, with mentions and evidence."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.context: dict[str, list[Span]] = {}
        self.d = document_of(doc)
        self.text = doc_text(doc)
        self.ents: dict[str, Entity] = doc._.kg_entities
        self.spans: list[Span] = doc._.kg_spans
        self.sents = Sentences(self.d)
        self.rels: dict[tuple[str, str, str], Relation] = {}
        self.pass_id = ""  # the pass running now: the rule of what it adds unless it names a finer one
        self._mentioned: dict[str, set[tuple[int, int]]] = {}  # entity key -> (start, end) of its mentions
        self._evidence: dict[tuple[str, str, str], set[Mention]] = {}
        self.rules: dict[tuple[str, str, str], set[str]] = {}  # every rule that proposed each relation

    def mention(self, s: int, e: int) -> Mention:
        return Mention(self.d.id, self.sents.index(s), s, e, self.text[s:e])

    def sentence_mention(self, offset: int) -> Mention:
        i = self.sents.index(offset)
        st = self.d.sentences[i] if i < len(self.d.sentences) and self.d.sentences[i].index == i else \
            next(s for s in self.d.sentences if s.index == i)
        return Mention(self.d.id, i, st.start, st.end, st.text)

    def entity(self, type_: str, name: str, s: int, e: int) -> str:
        key = f"{type_}:{name}"
        ent = self.ents.get(key)
        if ent is None:
            # the same name under another type is the same entity
            for k, other in self.ents.items():
                if other.name == name and (type_ in ("City", "Region")) == (other.type in ("City", "Region")):
                    key, ent = k, other
                    break
            else:
                ent = self.ents[key] = Entity(type_, name)
        # A mention is the entity's own surface form: narrow a containing name
        # (青岛银行科技支行 → 青岛) and add none when the name is not written there
        # (市工研院 → City 青岛), so mentions never turn into false aliases.
        at = self.text.find(name, s, e)
        if at < 0:
            return key
        known = self._mentioned.get(key)
        if known is None:
            known = self._mentioned[key] = {(m.start, m.end) for m in ent.mentions}
        if (at, at + len(name)) not in known:
            known.add((at, at + len(name)))
            ent.mentions.append(self.mention(at, at + len(name)))
        return key

    def add(self, head: str, type_: str, tail: str, evidence: Mention, *, amount: float | None = None,
            year: int | None = None, role: str | None = None, rule: str | None = None) -> None:
        if head == tail or head not in self.ents or tail not in self.ents:
            return
        if type_ == "BELONGS_TO" and not _divisions_agree(self.ents[head].name, self.ents[tail].name):
            return
        if not _shape_ok(type_, _type(head), _type(tail)):
            return
        r = Relation(head, type_, tail, amount, year, role, [evidence], rule=rule or self.pass_id)
        self.rules.setdefault(r.key, set()).add(r.rule)
        have = self.rels.get(r.key)
        if have is None:
            self.rels[r.key] = r
            self._evidence[r.key] = {evidence}
        else:
            have.amount_cny = have.amount_cny if have.amount_cny is not None else amount
            have.year = have.year or year
            have.role = have.role or role
            if evidence not in self._evidence[r.key]:
                self._evidence[r.key].add(evidence)
                have.evidence.append(evidence)


def _divisions_agree(head: str, tail: str) -> bool:
    """False when both are Chinese divisions of the list and the tail does not enclose the head (宁夏回族自治区 is
    no part of 内蒙古自治区): the list knows where every division belongs."""
    forms = place_index().forms
    h, t = forms.get(head), forms.get(tail)
    if h is None or t is None or not all(p.code for p in (*h.places, *t.places)):
        return True
    return any(_ancestor(a, b.name) for a in h.places for b in t.places)  # 南山区: 鹤岗's or 深圳's


def _shape_ok(rel: str, h: str, t: str) -> bool:
    if rel == "LOCATED_IN":
        return t in ("City", "Region") and (h in ACTOR_TYPES or h in ("City", "Region")) and h != "Person"
    if rel == "AFFILIATED_WITH":
        return h == "Person" and t not in ("City", "Region", "Sector", "Person") and t not in SCHEME_TYPES
    if rel == "FOCUSES_ON":
        return t == "Sector" and h in ACTOR_TYPES
    if rel == "SUPPORTS":
        return t == "Sector" and h in SCHEME_TYPES
    if rel == "PARTNERS_WITH":
        return h in ACTOR_TYPES and t in ACTOR_TYPES
    if rel == "ADMINISTERS":
        return h == "Agency"
    if rel == "FUNDS":
        return h in FUNDERS and (t in ACTOR_TYPES or t == "Fund")
    if rel == "HOSTS":
        return h in HOSTERS and (t in ACTOR_TYPES or t == "Program")
    if rel == "BELONGS_TO":  # a place is part of a place or of a park (麻丘镇 → 南昌高新区), of nothing else
        return not {h, t} & {"Sector", "Person"} and (h not in ("City", "Region") or t in ("City", "Region", "Park"))
    return True


FUNDERS = frozenset({"Fund", "Financier", "Agency", "Program", "Company"})
"""The heads ONTOLOGY.md allows for FUNDS (money flows from head to tail, an actor or a fund)."""
HOSTERS = frozenset({"Incubator", "Park", "University", "Company", "Institute", "Lab"})
"""The heads ONTOLOGY.md allows for HOSTS (the tail, an actor or a programme, is housed within the head)."""


# -- relations read from names ----------------------------------------------

def relations_from_names(b: Builder) -> None:
    idx = place_index()
    abbr = abbreviations()
    first_span: dict[str, Span] = {}
    for sp in b.spans:
        first_span.setdefault(sp.key, sp)
    names = {e.name: k for k, e in b.ents.items()}
    for k, e in b.ents.items():
        for a in e.aliases:
            names.setdefault(a, k)
    sector_spans = sorted((x.start, x.end, x.key) for x in b.spans if _type(x.key) == "Sector" and x.key in b.ents)
    sectors_in: dict[tuple[int, int], list[str]] = {}
    for sp in first_span.values():
        if _type(sp.key) not in ("Sector", "City", "Region", "Person"):
            i = bisect.bisect_left(sector_spans, (sp.start,))
            while i < len(sector_spans) and sector_spans[i][0] < sp.end:
                if sector_spans[i][1] <= sp.end:
                    sectors_in.setdefault((sp.start, sp.end), []).append(sector_spans[i][2])
                i += 1
    for key, sp in list(first_span.items()):
        ent = b.ents.get(key)
        if ent is None:
            continue
        t = ent.type
        ev = b.mention(sp.start, sp.end)
        surface = b.text[sp.start:sp.end]
        name = ent.name
        if t in ("City", "Region", "Person", "Sector"):
            continue
        # LOCATED_IN: bracketed place, else the first place in the name (not for organisations of states)
        if t in ACTOR_TYPES and not _of_states(name):
            near = b.d.city_at(sp.start)
            seat = None
            par = _parent(name, names, abbr, b) if t in ACTOR_TYPES else None
            if par is not None and name.startswith(par[0]) and len(name) > len(par[0]) + 1:
                # 南京大学昆山创新研究院 → 昆山: the place after the parent's name is the unit's seat
                seat = _seat(name[len(par[0]):], near, lead=True)
                if seat is not None and _STUDIES.search(name) and not getattr(seat, "code", ""):
                    seat = None  # 俄罗斯科学院|非洲研究所, 中国社会科学院|美国研究所: the place it studies
            seat = seat or next(iter(_branch_seats(name)), None) or _seat(name, near) or _seat(surface, near)
            if seat is not None and seat.name not in _NOT_SEAT:
                pk = b.entity(seat.type, seat.name, sp.start, sp.end)
                b.add(key, "LOCATED_IN", pk, ev, rule="names:seat")
            elif surface.startswith("市") and not surface.startswith("市场") and b.d.city_at(sp.start):
                # 市科技局 is the city's bureau; 市场监管总局 (the market regulator) is no city's
                city = b.d.city_at(sp.start)
                pk = b.entity("City", city, sp.start, sp.end)
                b.add(key, "LOCATED_IN", pk, ev, rule="names:seat")
        # BELONGS_TO: a unit whose name starts with its parent's name
        if t in ACTOR_TYPES or t == "Fund":
            # up the chain: 武汉大学人民医院东院区 → 武汉大学人民医院 → 武汉大学
            child, child_name, parent = key, name, _parent(name, names, abbr, b)
            for _ in range(3):
                if parent is None:
                    break
                pname, ptype = parent
                pk = names.get(pname) or b.entity(ptype, pname, sp.start, sp.start + min(len(pname), sp.end - sp.start))
                if pk == child:
                    break
                b.add(child, "BELONGS_TO", pk, ev, rule="names:parent")
                pent = b.ents.get(pk)
                if pent is not None and not pent.mentions:
                    pent.mentions.append(b.mention(sp.start, sp.end))
                if pent is None or not child_name.startswith(pname):
                    break
                if pent.type in ACTOR_TYPES:
                    seat = _seat(pname, b.d.city_at(sp.start))
                    if seat is not None:
                        b.add(pk, "LOCATED_IN", b.entity(seat.type, seat.name, sp.start, sp.end), ev,
                              rule="names:seat")
                child, child_name, parent = pk, pname, _parent(pname, names, abbr, b)
        # the domain inside the name
        if t not in ("University", "Financier", "Person") and not name.endswith("大学"):
            rel = "SUPPORTS" if t in SCHEME_TYPES else "FOCUSES_ON"
            terms = _domains(name)
            for term in terms:
                sk = b.entity("Sector", term, sp.start, sp.end)
                b.add(key, rel, sk, ev, rule="names:domain")
            # any other sector found inside the name (云米电器科技有限公司 → 电器): the scorer weighs these
            for inner in sectors_in.get((sp.start, sp.end), ()):
                if b.ents[inner].name not in terms:
                    b.add(key, rel, inner, ev, rule="names:domain_inner")
        # the committee of a new area named after its city or province: the area is a Region
        # (湖南湘江新区管理委员会 → 湖南湘江新区, belonging to 湖南省); the committee belongs to it
        if t == "Agency":
            na = _AREA_COMMITTEE.match(name)
            m = idx.forms.match_at(name, 0) if na else None
            if na and m is not None and m[0] < len(na.group(1)) - 2:
                place = idx.choose(m[1], b.d.city_at(sp.start))
                at = b.text.find(na.group(1), sp.start, sp.end)
                rs, re_ = (at, at + len(na.group(1))) if at >= 0 else (sp.start, sp.end)
                rk = b.entity("Region", na.group(1), rs, re_)
                b.add(rk, "BELONGS_TO", b.entity(place.type, place.name, rs, re_), b.mention(rs, re_),
                      rule="names:place_chain")
                b.add(key, "BELONGS_TO", rk, ev, rule="names:place_chain")
        # an agency named after the park it runs
        if t == "Agency":
            own = [name, *ent.aliases]
            for k2, e2 in b.ents.items():
                if e2.type == "Park" and any(len(n) >= 4 and any(n in o for o in own) for n in (e2.name, *e2.aliases)):
                    b.add(key, "ADMINISTERS", k2, ev, rule="names:governs")  # 经开区管委会 runs 西安经开区
        # a body of the Party's central committee belongs to it (中共中央政治局)
        if t == "Agency" and name.startswith("中共中央") and len(name) > 5 and not name.startswith("中共中央委员会"):
            b.add(key, "BELONGS_TO", b.entity("Agency", "中共中央", sp.start, sp.end), ev, rule="names:parent")
    # a new area named after its city or province belongs to it (宁波杭州湾新区 → 宁波)
    for key, sp in list(first_span.items()):
        ent = b.ents.get(key)
        if ent is None or ent.type != "Region" or not ent.name.endswith(("新区", "片区")) or idx.get(ent.name):
            continue
        m = idx.forms.match_at(ent.name, 0)
        if m is not None and m[0] < len(ent.name) - 2:
            place = idx.choose(m[1], b.d.city_at(sp.start))
            pk = b.entity(place.type, place.name, sp.start, sp.end)
            b.add(key, "BELONGS_TO", pk, b.mention(sp.start, sp.end), rule="names:parent")
    # places nested in the division list, named in one sentence
    by_sent: dict[int, list[Span]] = {}
    for sp in b.spans:
        if _type(sp.key) in ("City", "Region"):
            by_sent.setdefault(b.sents.index(sp.start), []).append(sp)
    for i, group in by_sent.items():
        for a in group:
            pa = idx.get(b.ents[a.key].name) if a.key in b.ents else None
            if pa is None and not (a.key in b.ents and b.ents[a.key].name.endswith(_TOWN_TAILS)):
                continue  # a division of the list, or a town its villages are written after
            for c in group:
                if c.key == a.key or c.key not in b.ents:
                    continue
                pc = idx.get(b.ents[c.key].name)
                parent_name = pc.parent if pc is not None else None
                if pc is None and c.end <= len(b.text):
                    parent_name = None
                if (pa is not None and parent_name == pa.name) or _subplace_of(b, c, a):
                    b.add(c.key, "BELONGS_TO", a.key, b.sentence_mention(c.start), rule="names:subplace")
                elif pc is not None and pa is not None and a.end == c.start and _ancestor(pc, pa.name):
                    # 江西省高安市: a place written right after a province or city that encloses it further up
                    b.add(c.key, "BELONGS_TO", a.key, b.sentence_mention(c.start), rule="names:subplace_chain")
    # every place an organisation's name opens with (江苏省连云港石化产业基地 → 江苏省, 连云港): candidates
    for key, sp in list(first_span.items()):
        ent = b.ents.get(key)
        if ent is None or ent.type not in ACTOR_TYPES or ent.type == "Person":  # 南宫仁 is no one from 南宫
            continue
        if _branch_seats(ent.name) or _of_states(ent.name):
            continue  # 上海建工…柬埔寨分公司 is in 柬埔寨, not in 上海; 上海合作组织 is in no place it names
        pos = 2 if ent.name.startswith("中共") else 0  # 中共苏州市吴江区委员会 opens with 苏州市, 吴江区
        before = None
        for s, e, form, pf in idx.forms.finditer(ent.name):
            if s != pos or e >= len(ent.name):
                break
            pos = e
            place = idx.choose(pf, b.d.city_at(sp.start))
            if place is None or place.name in _NOT_SEAT or _elsewhere(ent.name, place):
                continue
            if before is not None and not _ancestor(place, before[0].name):
                break  # 上海|合作|组织: a place the one before does not enclose is part of the name, no seat
            pk = b.entity(place.type, place.name, sp.start, sp.end)
            if not b.ents[pk].mentions and ent.name == b.text[sp.start:sp.end]:
                b.ents[pk].mentions.append(b.mention(sp.start + s, sp.start + e))  # 崂山 in 青岛崂山实验室
            b.add(key, "LOCATED_IN", pk, b.mention(sp.start, sp.end), rule="names:lead_places")
            if before is not None and _ancestor(place, before[0].name):
                b.add(pk, "BELONGS_TO", before[1], b.mention(sp.start, sp.end), rule="names:subplace_chain")
            before = (place, pk)


_AREA_COMMITTEE = re.compile(r"^([\u4e00-\u9fff]{2,10}?(?<!高)新区)(?:管理委员会|管委会|工作委员会|党工委)$")


def _ancestor(place, name: str) -> bool:
    """True when ``name`` encloses ``place`` (its parent, or its parent's parent …)."""
    return any(p.name == name for p in place_index().ancestors(place))


_TOWN_TAILS = ("镇", "乡", "街道")


def _subplace_of(b: Builder, c: Span, a: Span) -> bool:
    """A town or 片区 written right after its district (南海区大沥镇), a village after its town (南华镇太和村)."""
    sub = b.text[c.start:c.end]
    if b.ents[a.key].name.endswith(_TOWN_TAILS):
        return a.end == c.start and sub.endswith(("村", "社区", "嘎查"))
    return a.end == c.start and sub.endswith(("镇", "片区", "街道", "乡"))


_BRANCH = re.compile(r"(分公司|子公司|分行|支行|办事处|代表处|分部|分院|分校|分中心)$")


@lru_cache(maxsize=4096)
def _branch_seats(name: str) -> tuple:
    """The places a branch's name gives after its parent's name, when they differ from where the name opens
    (上海建工…柬埔寨分公司 → 柬埔寨, 北京同益中新材料新泰分公司 → 新泰, 浙商银行兰州七里河支行 → 兰州, 七里河): the
    branch's seat, not the parent's.  Empty for a name whose only places open it, or for no branch."""
    m = _BRANCH.search(name)
    if m is None:
        return ()
    idx = place_index()
    chains: list[list] = []
    for s, e, form, pf in idx.forms.finditer(name):
        place = idx.choose(pf)
        if place is None:
            continue
        if pf.weak and e != m.start() and not (chains and chains[-1][-1][1] == s
                                               and _ancestor(place, chains[-1][-1][2].name)):
            continue  # a weak form counts right before the branch word (新泰分公司) or inside its city (兰州七里河)
        if chains and chains[-1][-1][1] == s:
            chains[-1].append((s, e, place))
        else:
            chains.append([(s, e, place)])
    if not chains or (len(chains) == 1 and chains[0][0][0] == 0):
        return ()
    return tuple(p for _, _, p in chains[-1])


def _not_branch_seat(head: str, tail: str) -> bool:
    """True when ``head`` is a branch whose name gives its seat and ``tail`` is not that seat."""
    seats = _branch_seats(head.split(":", 1)[1])
    return bool(seats) and tail.split(":", 1)[1] not in {p.name for p in seats}


@lru_cache(maxsize=1)
def _university_cities() -> dict[str, str]:
    """Official name → city of the universities of China (``patterns/public_universities.txt``)."""
    return {row[0]: row[2] for row in read_table("public_universities.txt") if len(row) > 2 and row[2]}


def _university_city(name: str):
    """The listed city of the university ``name`` is, or opens with (中山大学附属第一医院 → 广州), if any; None when
    the rest of the name gives a seat of its own (北京大学深圳研究生院, 哈尔滨工业大学（威海）)."""
    cities = _university_cities()
    idx = place_index()
    for k in range(len(name), 3, -1):
        city = cities.get(name[:k])
        if city is None:
            continue
        rest = name[k:]
        if re.search(r"[（(]", rest) or any(True for _ in idx.forms.finditer(rest)):
            return None
        form = idx.forms.get(city)
        return idx.choose(form) if form is not None else None
    return None


def _seat(name: str, near: str | None = None, lead: bool = False):
    """The place a name gives as its seat; ``lead``: only a place the (rest of the) name starts with.  None for a
    listed university named after a person or a thing, whose name's city is not its seat (中山大学 is in 广州)."""
    place = _written_seat(name, near, lead)
    return None if place is not None and _elsewhere(name, place) else place


def _elsewhere(name: str, place) -> bool:
    """True when ``name`` is (or opens with) a listed university whose city is neither the place its name holds
    nor inside it: 中山大学 and 中山, 南开大学 and 南开区 (but 浙江大学 is in 浙江省)."""
    campus = _university_city(name)
    return campus is not None and campus.name != place.name and not _ancestor(campus, place.name)


def _written_seat(name: str, near: str | None = None, lead: bool = False):
    idx = place_index()
    posted = name.find("驻")
    if posted > 0:
        # 美国驻伊朗大使馆, 中国驻纽约总领馆: a body posted abroad sits where it is posted, if the name says where
        m = idx.forms.match_at(name, posted + 1)
        return idx.choose(m[1], near) if m is not None and not m[1].weak else None
    m = re.search(r"[（(]([^）)]{2,6})[)）]", name)
    if m:
        f = idx.forms.get(m.group(1))
        if f is not None:
            return idx.choose(f)
    for s, e, form, pf in idx.forms.finditer(name):
        # a place that is the whole name is no seat; skip bilateral prefixes (中以)
        if e - s == len(name):
            return None
        if lead and s != 0:
            return None
        place = idx.choose(pf, near)
        if pf.weak:
            ctx = idx.by_name.get(near) if near else None
            if s != 0 or ctx is None or not place.code or place.code[:2] != ctx.code[:2]:
                continue
        return place
    return None


_COMMITTEE_DEPARTMENT = re.compile(rf"^(中共.+委员会)({PARTY_DEPARTMENTS})$")


def _parent(name: str, names: dict[str, str], abbr: dict[str, tuple[str, str]], b: Builder):
    """(parent name, type) when ``name`` is a unit named after its parent.

    The longest parent wins: 上海交通大学医学院附属仁济医院 belongs to 上海交通大学医学院, not to
    上海交通大学 (which the abbreviation table knows).
    """
    if (dept := _COMMITTEE_DEPARTMENT.match(name)) is not None:
        return dept.group(1), "Agency"  # 中共聊城市委员会|宣传部: a department of the committee
    listed = public_names().get(name)
    if listed is not None and listed.name == name and not name.startswith("中共") and not name.endswith("常务委员会"):
        for n in range(len(name) - 2, 1, -1):  # a listed body named after another (国务院|国有资产监督管理委员会)
            top = public_names().get(name[:n])
            if top is not None and top.name == name[:n] and top.type == "Agency":
                return top.name, top.type
    if name.startswith("中共") or not _UNIT_TAIL.search(name):
        return None
    known, known_len = None, 0
    for short, (formal, type_) in abbr.items():
        if name.startswith(short) and len(name) > len(short) + 1:
            known, known_len = (formal, type_), len(short)
            break
        if name.startswith(formal) and len(name) > len(formal) + 1:
            known, known_len = (formal, type_), len(formal)
            break
    for n in range(len(name) - 2, max(1, known_len), -1):
        head = name[:n]
        if n == 2:  # a two-character head only as a listed company's name (腾讯|量子实验室)
            listed = public_names().get(head)
            if listed is not None and listed.type == "Company" and listed.name == head \
                    and _COMPANY_UNIT.search(name[n:]):
                return listed.name, "Company"
            continue
        listed = public_names().get(head)
        if listed is not None and listed.type in ("Agency", "University", "Institute") and _LISTED_UNIT.search(name[n:]):
            return listed.name, listed.type  # 国务院|新闻办公室, 商务部|研究院, 公安部|治安管理局
        if listed is not None and listed.type == "Company" and listed.name == head and _COMPANY_UNIT.search(name[n:]):
            return listed.name, "Company"  # 腾讯|量子实验室, 飞利浦|基金会: a listed company's lab or foundation
        sfx = suffix_of(head)
        if sfx is None or sfx.kind == "abbr" or sfx.type in ("Program", "Policy"):
            continue
        if head in names and b.ents.get(names[head]) is not None and b.ents[names[head]].type in ("City", "Region"):
            continue
        rest = name[n:]
        if not _UNIT_TAIL.search(rest) and not rest.endswith(("所", "院")) or _LEGAL_FORM.fullmatch(rest):
            continue
        if head.count("（") != head.count("）") or head.count("(") != head.count(")"):
            continue  # 中国通用技术（集团|）控股有限责任公司
        if head.endswith("中心") and rest.endswith("医院"):
            continue  # 武汉市中心医院 (a kind of hospital), 武汉体育中心方舱医院 (a field hospital in a hall)
        if place_index().forms.get(head) is not None:
            continue
        return head, sfx.type
    return known


_STUDIES = re.compile(r"(研究所|研究院|研究中心|研究室|研究会)$")
_STRADDLED = ("国家", "微生")
"""Words a domain term would start inside: 国家|电投 is no 家电, 微生|物 no 生物."""


def _domains(name: str) -> list[str]:
    lex, strong, weak = vocab()
    core = re.sub(r"[（(][^）)]*[)）]", lambda m: "、" + m.group()[1:-1].replace("和", "、") + "、", name)
    sfx = suffix_of(name)
    head_end = len(name) - len(sfx.suffix) if sfx is not None else len(name)
    out = []
    for s, e, term, _ in lex.finditer(core):
        if term in _GENERIC_DOMAIN or core[max(0, s - 1):s + 1] in _STRADDLED or s < head_end < e:
            continue  # 靓化|工程 holds no 化工: a term across the suffix's edge
        after = core[e:e + 3]
        if after.startswith("学") and not after.startswith(("学检测", "学产业")):
            continue
        if term == "生物" and core[max(0, s - 2):s] in ("工程",):
            continue
        out.append(term)
    return out


# -- relations from cue patterns ---------------------------------------------

def relations_from_patterns(b: Builder) -> None:
    text = b.text
    spans = [sp for sp in b.spans if sp.key in b.ents]
    by_sent: dict[int, list[Span]] = {}
    for sp in spans:
        by_sent.setdefault(b.sents.index(sp.start), []).append(sp)
    sent_by_index = {s.index: s for s in b.d.sentences}
    topics = sentence_topics(b)
    for i, group in by_sent.items():
        st = sent_by_index.get(i)
        if st is None:
            continue
        topic = topics.get(i)
        group = _dedupe(sorted(group, key=lambda sp: (sp.start, -sp.end)))
        ev = Mention(b.d.id, i, st.start, st.end, st.text)
        amounts = find_amounts(st.text)
        ym = _YEAR.search(st.text)
        for x in range(len(group)):
            a = group[x]
            for y in range(x + 1, len(group)):
                c = group[y]
                if c.start < a.end or c.start - a.end > 70:
                    continue
                between = _between(text, a, c, group[x + 1:y])
                type_a, type_c = _type(a.key), _type(c.key)
                for r in rules():
                    h, t, type_h, type_t = (a, c, type_a, type_c) if r.order == "ht" else (c, a, type_c, type_a)
                    if type_h not in r.head or type_t not in r.tail:
                        continue
                    if not r.between.fullmatch(between):
                        continue
                    if r.not_between is not None and r.not_between.search(between):
                        continue
                    if r.rel in ("FOCUSES_ON", "SUPPORTS") and _CLAUSE_BREAK.search(between) \
                            and topic is not None and h.key != topic.key:
                        continue  # a later clause speaks of the sentence's topic, not of the last name before it
                    if r.before is not None and not r.before.search(text[st.start:a.start]):
                        continue
                    if r.after is not None and not r.after.search(_after_text(text, c, st.end, group[y + 1:])):
                        continue
                    amount = None
                    if r.amount and amounts:
                        # "after": the amount stated after the second mention (其中A出资6亿元)
                        lo = (c.end if r.amount == "after" else a.start) - st.start
                        after_first = [v for s, e, v in amounts if s >= lo]
                        amount = after_first[0] if after_first else None
                    year = int(ym.group(1)) if (r.year and ym) else None
                    b.add(h.key, r.rel, t.key, ev, amount=amount, year=year, role=r.role, rule=f"cue:{r.id}")


_CLAUSE_BREAK = re.compile(r"[，,]")


def _dedupe(group: list[Span]) -> list[Span]:
    """Drop sector spans lying inside another mention (a name's own domain)."""
    out = []
    for sp in group:
        if _type(sp.key) == "Sector" and any(o is not sp and _type(o.key) != "Sector" and o.start <= sp.start
                                             and sp.end <= o.end for o in group):
            continue
        out.append(sp)
    return out


def _between(text: str, a: Span, c: Span, inner: list[Span]) -> str:
    parts = []
    pos = a.end
    for sp in inner:
        if sp.start < pos:
            continue
        parts.append(text[pos:sp.start])
        parts.append("＃")
        pos = sp.end
    parts.append(text[pos:c.start])
    return "".join(parts)


def _after_text(text: str, c: Span, end: int, rest: list[Span]) -> str:
    parts = []
    pos = c.end
    for sp in rest:
        if sp.start < pos:
            continue
        if sp.start >= end:
            break
        parts.append(text[pos:sp.start])
        parts.append("＃")
        pos = sp.end
    parts.append(text[pos:end])
    return "".join(parts)


# -- topics and anaphors ---------------------------------------------------------

# 该公司 / 这家企业 / 该中心 / 其控股子公司 … and kind words opening a clause (孵化器正与…, 高新区将…)
_ANAPHOR = re.compile(r"(?:该|这家|这个|这所|此|本)(公司|企业|实验室|孵化器|众创空间|中心|研究院|研究所|大学|学院|高校|基金|计划|工程|园区|园|高新区|开发区|银行|机构|平台|联盟|产品)"
                      r"|其(?=(?:控股|全资)?子公司|旗下|下属)"
                      r"|(?<=[为向给对])其(?=(?:累计|先后|新增)?(?:提供|发放|投放|投资|授信|增资|注资|贷款))")
_BARE = re.compile(r"(?:(?<=^)|(?<=[，,。；;：:\n“”])|(?<=[，,。；;：:\n“”](?:去年|今年|目前|此前|近日|日前|同时|此外|随后|如今)))"
                   r"(公司|孵化器|实验室|研究院|研究所|学院|高新区|园区|基金)"
                   r"(?=[正将已还也在与和把从于为以获通已目累先研生主成专致完拥又]|[^\u4e00-\u9fff的、等])")
_KIND_TYPES = {"公司": ("Company", "Financier"), "企业": ("Company",), "实验室": ("Lab",), "孵化器": ("Incubator",),
               "众创空间": ("Incubator",), "中心": ("Institute", "Incubator", "Agency"), "研究院": ("Institute",),
               "研究所": ("Institute",), "大学": ("University",), "学院": ("University",), "高校": ("University",),
               "基金": ("Fund",), "计划": ("Program",), "工程": ("Program",), "园区": ("Park",), "园": ("Park",),
               "高新区": ("Park",), "开发区": ("Park",), "银行": ("Financier",), "行": ("Financier",), "机构": ("Financier", "Institute"),
               "平台": ("Institute", "Program", "Incubator"), "联盟": ("Program",), "产品": ("Fund",)}
_NAME_ENDS = {"中心": "中心", "平台": "平台", "计划": "计划", "工程": "工程", "高新区": "高新区", "学院": "学院",
              "大学": "大学", "银行": "银行", "联盟": "联盟", "研究院": "研究院", "研究所": "所", "实验室": "实验室",
              "孵化器": "孵化器"}
_ORG_OR_SCHEME = ("Company", "Financier", "Lab", "Incubator", "Institute", "University", "Fund", "Program", "Park",
                  "Agency", "Policy")


def _referent(b: "Builder", spans: list[Span], pos: int, kind: str | None) -> Span | None:
    """The last mention before ``pos`` (within 300 characters) of an entity that fits ``kind``."""
    types = _KIND_TYPES.get(kind, _ORG_OR_SCHEME) if kind else ("Company",)
    end = _NAME_ENDS.get(kind or "")
    for sp in reversed(spans):
        if sp.end > pos:
            continue
        if pos - sp.end > 300:
            break
        t = _type(sp.key)
        if t not in types:
            continue
        ent = b.ents.get(sp.key)
        if ent is None or (end and not ent.name.endswith(end) and not b.text[sp.start:sp.end].endswith(end)):
            continue
        return sp
    return None


def anaphor_spans(b: "Builder", real: list[Span]) -> list[Span]:
    """Spans for 该X/这家X/其 and clause-opening kind words, pointing at the entity they refer to."""
    text = b.text
    taken = bytearray(len(text) + 1)
    for sp in real:
        for k in range(sp.start, min(sp.end, len(text))):
            taken[k] = 1
    spans = sorted(real, key=lambda sp: sp.start)
    out = []
    for rx in (_ANAPHOR, _BARE):
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            kind = m.group(1) if m.lastindex else None
            ref = _referent(b, spans, m.start(), kind)
            if ref is not None:
                out.append(Span(m.start(), m.end(), ref.key, "anaphor"))
    return out


_QUOTE_SPAN = re.compile(r"“[^“”]{1,400}”")
_SPEAKER = re.compile(r"^[ \t　]*([\u4e00-\u9fff·]{2,8})[：:]", re.M)
_WE = re.compile(r"我们公司|我们|我局|我委|我院|我所|我校|我行")


def speaker_spans(b: "Builder", real: list[Span]) -> list[Span]:
    """我们/我局 … refer to the speaker's organisation: the speaker of a transcript turn
    (``郑卫东：我们…``), the person quoted (``“我们将…”X局局长马国栋表示``), or, in a
    government work report, the city's government."""
    text = b.text
    aff: dict[str, str] = {}
    for r in b.rels.values():
        if r.type == "AFFILIATED_WITH":
            aff.setdefault(r.head, r.tail)
    persons = [sp for sp in real if _type(sp.key) == "Person"]
    turns = [(m.start(), f"Person:{m.group(1)}") for m in _SPEAKER.finditer(text) if f"Person:{m.group(1)}" in b.ents]
    quotes = [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(text)]
    gov = None
    if "政府工作报告" in text[:300] and b.d.city:
        gov = next((k for k, e in b.ents.items() if e.type == "Agency" and e.name == f"{b.d.city}市人民政府"), None)
    out = []
    for m in _WE.finditer(text):
        org = None
        q = next(((qs, qe) for qs, qe in quotes if qs < m.start() < qe), None)
        if q is not None:
            after = [p for p in persons if 0 <= p.start - q[1] <= 40 and p.key in aff]
            before = [p for p in persons if 0 <= q[0] - p.end <= 30 and p.key in aff]
            who = after[0] if after else (before[-1] if before else None)
            org = aff.get(who.key) if who else None
        if org is None:
            line_start = text.rfind("\n", 0, m.start()) + 1
            turn = next((k for s0, k in reversed(turns) if s0 <= m.start()), None)
            turn_at = next((s0 for s0, k in reversed(turns) if s0 <= m.start()), -1)
            if turn is not None and turn_at >= line_start - 1 and turn in aff:
                org = aff[turn]
        if org is None and q is None and gov is not None:
            org = gov
        if org is None:
            continue
        if m.group() == "我们公司" and _type(org) != "Company":
            continue
        out.append(Span(m.start(), m.end(), org, "speaker"))
    return out


def _speaker_companies(b: "Builder", speakers: list[Span]) -> None:
    """侯佳：我们公司…。去年公司获得…: in the speaker's paragraph a bare 公司 is the speaker's company."""
    text = b.text
    for sp in b.spans:
        if sp.source != "anaphor" or text[sp.start:sp.end] not in ("公司", "该公司", "企业"):
            continue
        para = text.rfind("\n", 0, sp.start) + 1
        own = [w for w in speakers if para <= w.start < sp.start and _type(w.key) == "Company"]
        if own:
            sp.key = own[-1].key


_CLAUSE = re.compile(r"[^，,：:]+")
_CREATE = re.compile(r"(设立|推出|打造|出台|发布|印发|实施|启动|发起|成立|组建|创设|上线)")
_TOPIC_PREFIX = re.compile(r"^(?:[“‘\"]|目前|如今|同时|此外|近年来|今年|去年|[0-9]{4}年[0-9一二三四五六七八九十]*月?[0-9]*日?)?[“‘\"]?$")
_CONTINUE = re.compile(r"^(?:主要|重点|专门|定向|还|将|已|正|并|也|均|同时|进一步|全力|着力|大力|持续|不断|积极|目前)*"
                       r"(用于|支持|投向|聚焦|专注于|专注|致力于|深耕|面向|服务|投资|从事|开展|围绕|涵盖|布局|发展|应用于|瞄准|覆盖)")


def sentence_topics(b: "Builder") -> dict[int, Span]:
    """The topic of each sentence: the actor or scheme that opens it (``“康复贷”是…产品``,
    ``位于X的Y，…``, ``该公司…``)."""
    out: dict[int, Span] = {}
    text = b.text
    by_sent: dict[int, list[Span]] = {}
    for sp in b.spans:
        by_sent.setdefault(b.sents.index(sp.start), []).append(sp)
    sent_by_index = {s.index: s for s in b.d.sentences}
    for i, group in by_sent.items():
        st = sent_by_index.get(i)
        if st is None:
            continue
        for cm in _CLAUSE.finditer(text, st.start, st.end):
            inside = [sp for sp in group if cm.start() <= sp.start and sp.end <= cm.end()
                      and _type(sp.key) in _ORG_OR_SCHEME]
            if not inside:
                if any(cm.start() <= sp.start < cm.end() and _type(sp.key) not in ("City", "Region") for sp in group):
                    break
                continue
            t = min(inside, key=lambda sp: sp.start)
            prefix = text[cm.start():t.start]
            ok = bool(_TOPIC_PREFIX.match(prefix))
            if not ok and prefix.startswith("位于") and prefix.endswith("的"):
                later = [sp for sp in inside if sp.start > t.start]
                t = later[0] if later else t
                ok = bool(later)
            after = text[t.end:t.end + 2].lstrip("”’\"")
            if not ok or after[:1] in ("与", "和", "、", "及", "等"):
                break
            # X牵头的Z…, 位于X的Z: the head noun after 的 is the subject
            for z in inside:
                if z.start > t.start and text[z.start - 1] == "的" and "是" not in text[t.end:z.start]:
                    t = z
                    break
            # 市科技局联合…推出“X贷”，重点支持…: the later clauses speak of the scheme it created
            if _type(t.key) not in SCHEME_TYPES:
                made = [z for z in inside if z.start > t.start and _type(z.key) in SCHEME_TYPES
                        and _CREATE.search(text[t.end:z.start])]
                if made:
                    t = made[-1]
            out[i] = t
            break
    _heading_topics(b, out, by_sent, sent_by_index)
    return out


_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])")


def _heading_topics(b: "Builder", out: dict[int, Span], by_sent: dict[int, list[Span]],
                    sent_by_index: dict) -> None:
    """（一）祖冲之攻关计划。围绕…产业，…: a sentence that opens with a cue continues the
    scheme named alone in the numbered heading right before it."""
    for i, st in sent_by_index.items():
        if i in out or i - 1 not in sent_by_index or not _CONTINUE.match(st.text.lstrip()):
            continue
        prev = sent_by_index[i - 1]
        if len(prev.text) > 40 or not _HEADING.match(prev.text):
            continue
        schemes = {sp.key: sp for sp in by_sent.get(i - 1, []) if _type(sp.key) in SCHEME_TYPES}
        if len(schemes) == 1:
            out[i] = next(iter(schemes.values()))


def topic_sectors(b: "Builder") -> None:
    """A clause without its own subject continues the sentence's topic: sectors after a cue there
    (…，重点投向生物医药与医疗器械行业) belong to the topic."""
    text = b.text
    topics = sentence_topics(b)
    sent_by_index = {s.index: s for s in b.d.sentences}
    spans_of: dict[int, list[Span]] = {}
    for sp in b.spans:
        spans_of.setdefault(b.sents.index(sp.start), []).append(sp)
    for i, t in topics.items():
        st = sent_by_index[i]
        ev = Mention(b.d.id, i, st.start, st.end, st.text)
        spans = [sp for sp in spans_of.get(i, []) if st.start <= sp.start < st.end]
        rel = "SUPPORTS" if _type(t.key) in SCHEME_TYPES else "FOCUSES_ON"
        started = False
        for cm in _CLAUSE.finditer(text, st.start, st.end):
            if cm.end() <= t.end:
                continue
            if not started:
                started = True
                if cm.start() < t.end:
                    continue
            body = text[cm.start():cm.end()]
            own = [sp for sp in spans if cm.start() <= sp.start < cm.end() and _type(sp.key) != "Sector"]
            if own and not _CONTINUE.match(body[:own[0].start - cm.start()] or "x"):
                if not text[cm.start():own[0].start].strip():
                    break  # a clause with its own subject
            if not _CONTINUE.match(body):
                continue
            for sp in spans:
                if _type(sp.key) == "Sector" and cm.start() <= sp.start and sp.end <= cm.end() \
                        and not any(o is not sp and _type(o.key) != "Sector" and o.start <= sp.start and sp.end <= o.end
                                    for o in spans):
                    b.add(t.key, rel, sp.key, ev)


_PLAN_TITLE = re.compile(r"(工作要点|工作计划|行动方案|实施方案)")
_ISSUED_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])?\s*"
                          r"(?:全面|深入|继续|加快|持续)?(?:实施|设立|推行|启动|组建|建设|开展)?[“‘\"]?$")


def issuer_schemes(b: "Builder") -> None:
    """A body's own work plan (``X局2024年工作要点``): the schemes its numbered items open with
    (（二）实施重点领域研发计划。, 全面推行“揭榜挂帅”) are run by that body."""
    m = re.search(r"\S[^\n]*", b.text)
    if m is None or not _PLAN_TITLE.search(m.group()):
        return
    issuer = next((sp for sp in b.spans if m.start() <= sp.start < m.end() and _type(sp.key) == "Agency"), None)
    if issuer is None:
        return
    for st in b.d.sentences:
        inside = [sp for sp in b.spans if st.start <= sp.start < st.end]
        schemes = [sp for sp in inside if _type(sp.key) in ("Program", "Fund")]
        if not schemes or any(_type(sp.key) == "Agency" and sp.start < schemes[0].start for sp in inside):
            continue
        first = schemes[0]
        lead = b.text[st.start:first.start]
        if _ISSUED_ITEM.match(lead) and lead.strip(" \t“‘\""):
            b.add(issuer.key, "ADMINISTERS", first.key, Mention(b.d.id, st.index, st.start, st.end, st.text))


def title_issuer_relations(b: "Builder") -> None:
    """The bodies a document's title opens with issue it (《苏州市人民政府关于…》): resolution keeps an agency inside a
    title only as its issuer."""
    for p in b.spans:
        if _type(p.key) != "Policy":
            continue
        for sp in b.spans:
            if p.start <= sp.start and sp.end <= p.end and sp is not p and _type(sp.key) == "Agency":
                b.add(sp.key, "ADMINISTERS", p.key, b.sentence_mention(p.start), rule="issuers:title")


# -- persons and their organisations ------------------------------------------

_ROLE_CHAIN = re.compile(r"^[^。；，,＃]{0,16}$")
_SEG_START = re.compile(r"[，,。；;：:、“”‘’（）()\n]")
# 孵化器负责人周海燕, 研究院院长、…赵永明, 该行行长X: a kind word opening the segment names the organisation
_KIND_ROLE = re.compile(r"^(?:该|这家|本|其)?(公司|企业|孵化器|众创空间|实验室|研究院|研究所|中心|银行|行|学院|大学|园区|基金|集团|平台)"
                        r"(?!的)([\u4e00-\u9fffA-Z]{1,10})$")
_KIND_AFFIL = {"企业": "公司", "集团": "公司", "行": "银行"}
# a government head after a place: 南昌市副市长 → 南昌市人民政府, 滨江区区长 → 杭州市滨江区人民政府
_GOV_HEAD = re.compile(r"^(常务副|副|代)?(市长|区长|县长|省长|州长|旗长)$")
# a founder written before the company's first clause: 创始人张博文 (the company the last sentence named)
_BARE_FOUNDER = re.compile(r"^(创始人|联合创始人|创办人|董事长|总经理|首席执行官|CEO)$")


def _segment_start(text: str, end: int, floor: int) -> int:
    k = end
    while k > floor and not _SEG_START.match(text[k - 1]):
        k -= 1
    return k


def _gov_body(b: "Builder", place_key: str, near: str | None) -> tuple[str, str] | None:
    """The government whose head a person is: (Agency name, key of its seat)."""
    ent = b.ents.get(place_key)
    if ent is None:
        return None
    idx = place_index()
    if ent.type == "City":
        return f"{ent.name}市人民政府", place_key
    p = idx.get(ent.name)
    if p is None:
        return None
    if p.level in ("province", "municipality"):
        return f"{p.name}人民政府", place_key
    if ent.name.endswith(("区", "县")):
        parent = idx.by_name.get(p.parent) if p.parent else None
        lead = f"{parent.name}市" if parent is not None and parent.level not in ("province", "municipality") else ""
        return f"{lead}{ent.name}人民政府", place_key
    return None


def affiliations(b: Builder, doc: Doc) -> None:
    text = b.text
    spans = [sp for sp in b.spans if sp.key in b.ents]
    real = [sp for sp in spans if sp.source not in ("anaphor", "speaker")]
    orgs = [sp for sp in spans if _type(sp.key) not in ("Person", "City", "Region", "Sector", "Policy", "Program", "Fund")]
    places = [sp for sp in spans if _type(sp.key) in ("City", "Region")]
    persons = [sp for sp in spans if _type(sp.key) == "Person"]
    companies = sorted((sp for sp in orgs if _type(sp.key) == "Company"), key=lambda sp: sp.start)
    for p in persons:
        ev = b.sentence_mention(p.start)
        sent_start = ev.start
        # [org][roles]NAME, possibly a chain of 、-separated org+role pairs
        seg_end = p.start
        linked = False
        while seg_end > sent_start:
            cands = [o for o in orgs if o.end <= seg_end and o.end >= max(sent_start, seg_end - 16)]
            cands = [o for o in cands if _ROLE_CHAIN.match(text[o.end:seg_end])]
            seg_start = _segment_start(text, seg_end, sent_start)
            k = None
            if cands:
                o = max(cands, key=lambda o: o.end)
                role = text[o.end:seg_end].strip("、 ")
                if role:
                    b.add(p.key, "AFFILIATED_WITH", o.key, ev, role=role)
                    linked = True
                k = o.start
            else:
                seg = text[seg_start:seg_end]
                gov = next((pl for pl in places if pl.end > seg_start and pl.start >= seg_start
                            and _GOV_HEAD.match(text[pl.end:seg_end])), None)
                km = _KIND_ROLE.match(seg)
                if gov is not None:
                    body = _gov_body(b, gov.key, b.d.city_at(gov.start))
                    if body is not None:
                        gk = b.entity("Agency", body[0], gov.start, seg_end)
                        gent = b.ents[gk]
                        if not gent.mentions:
                            # the government is named by its seat and its head's title (南昌市副市长)
                            gent.mentions.append(b.mention(gov.start, seg_end))
                        b.add(gk, "LOCATED_IN", body[1], ev)
                        b.add(p.key, "AFFILIATED_WITH", gk, ev, role=text[gov.end:seg_end])
                        linked = True
                    k = gov.start
                elif km is not None and seg_end - seg_start <= 14:
                    kind = _KIND_AFFIL.get(km.group(1), km.group(1))
                    ref = _referent(b, real, seg_start, kind)
                    if ref is not None and _type(ref.key) in _ORG_OR_SCHEME and _type(ref.key) not in SCHEME_TYPES:
                        b.add(p.key, "AFFILIATED_WITH", ref.key, ev, role=km.group(2))
                        linked = True
                    k = seg_start
                elif _BARE_FOUNDER.match(seg) and seg_start == sent_start and not linked:
                    prev = [c for c in companies if c.end <= p.start and p.start - c.end <= 120]
                    if prev:
                        b.add(p.key, "AFFILIATED_WITH", prev[-1].key, ev, role=seg)
                        linked = True
            if k is not None and k > 0 and text[k - 1] == "、":
                seg_end = k - 1
                continue
            break
        # 公司董事长马新强: the company last named
        m = re.search(r"(公司|该公司|企业)([^。；，,]{0,8})$", text[max(sent_start, p.start - 12):p.start])
        if m and not linked:
            prev = [c for c in companies if c.end <= p.start]
            if prev:
                b.add(p.key, "AFFILIATED_WITH", prev[-1].key, ev, role=m.group(2) or None)
                linked = True
        # NAME院士 after an organisation: 上海交通大学邓子新院士
        after = text[p.end:p.end + 4]
        if after.startswith(("院士", "教授", "研究员")):
            role = "院士" if after.startswith("院士") else after[:2] if after.startswith("教授") else "研究员"
            cands = [o for o in orgs if o.end == p.start]
            for o in cands:
                b.add(p.key, "AFFILIATED_WITH", o.key, ev, role=role)


# -- co-occurrence ----------------------------------------------------------------

COOCCURRENCE_CHARS = 60
"""Two names of one sentence at most this far apart are a candidate pair for every relation their types allow."""
COOCCURRENCE_FAR_CHARS = 160
"""Farther apart, up to this, they are still a candidate pair, under their own rule (``cooccurrence_far``)."""


INNER_FORM_MAX = 16
"""The longest known name looked for inside another name's mention."""


def inner_spans(b: Builder) -> list[Span]:
    """Known names (two characters or more) written inside another entity's mention: 丹佛 and 美国 in
    美国丹佛大学, 农业 in 青岛农业大学.  Their source is ``inner:<start>:<end of that mention>``: they pair
    only with the name around them, with each other and with a name written right before or after it."""
    forms: dict[str, str] = {}
    for k, e in sorted(b.ents.items()):
        for n in (e.name, *sorted(e.aliases)):
            if 2 <= len(n) <= INNER_FORM_MAX:
                forms.setdefault(n, k)
    out: set[tuple[int, int, str, int, int]] = set()
    for sp in b.spans:
        surface = b.text[sp.start:sp.end]
        for i in range(len(surface) - 1):
            for j in range(i + 2, min(len(surface), i + INNER_FORM_MAX) + 1):
                k = forms.get(surface[i:j])
                if k is not None and k != sp.key and (i, j) != (0, len(surface)) and k in b.ents:
                    out.add((sp.start + i, sp.start + j, k, sp.start, sp.end))
    return [Span(s, e, k, f"inner:{os}:{oe}") for s, e, k, os, oe in sorted(out)]


INNER_RULES = {(True, False): "cooccurrence_inner:head_outer", (False, True): "cooccurrence_inner:tail_outer",
               (False, False): "cooccurrence_inner:side_by_side"}
"""The rule of a pair with a name written inside another: the head's name holds the tail's, the other way
round, or they stand side by side in one name."""


def _same_name(a: Span, c: Span) -> bool:
    """``a`` and ``c`` (at least one from :func:`inner_spans`) are written in one name: one inside the
    other, both inside one mention, or one inside a mention the other is written right before or after."""
    def outer(x: Span) -> tuple[int, int] | None:
        return tuple(map(int, x.source.split(":")[1:])) if x.source.startswith("inner:") else None
    oa, oc = outer(a), outer(c)
    if oa is not None and oc is not None:
        return oa == oc and c.start >= a.end
    o, x = (oc, a) if oa is None else (oa, c)
    return (x.start, x.end) == o or x.end == o[0] or x.start == o[1]


def _placed_short_form(b: Builder, a: Span, c: Span) -> bool:
    """One name is the other with a place or 国家 written before it (中国工商银行 and 工商银行, 美国哥伦比亚大学 and
    哥伦比亚大学, 国家发展改革委 and 发展改革委), both of one type: the same body under two names, never a part of it."""
    outer, inner = (a, c) if a.start <= c.start and c.end <= a.end else (c, a)
    if _type(outer.key) != _type(inner.key) or outer.end != inner.end or outer.start == inner.start:
        return False
    prefix = b.text[outer.start:inner.start]
    return prefix in ("中国", "国家") or place_index().forms.get(prefix) is not None


def _name_parents(b: Builder) -> dict[str, set[str]]:
    """The parents each unit's name gives (``names:parent`` BELONGS_TO), by the unit's key."""
    out: dict[str, set[str]] = {}
    for (h, rel, t) in b.rels:
        if rel == "BELONGS_TO" and "names:parent" in b.rules.get((h, rel, t), ()):
            out.setdefault(h, set()).add(t)
    return out


def _through_parent(parents: dict[str, set[str]], head: str, tail: str) -> bool:
    """True when ``head`` belongs to ``tail`` through a parent its name gives (武汉大学人民医院东院区 →
    武汉大学人民医院 → 武汉大学): the unit is part of the nearer whole only."""
    return any(tail in parents.get(p, ()) for p in parents.get(head, ()))


def cooccurrence(b: Builder) -> None:
    """Candidates for the learned relation scorer: every pair of names in one sentence, close enough, for
    each relation type the ontology allows between their types (the scorer keeps what the text states).
    Names written inside another name (:func:`inner_spans`) pair too, under ``cooccurrence_inner``."""
    by_sent: dict[int, list[Span]] = {}
    for sp in [*b.spans, *inner_spans(b)]:
        if sp.key in b.ents:
            by_sent.setdefault(b.sents.index(sp.start), []).append(sp)
    parents = _name_parents(b)
    for i, group in by_sent.items():
        group = sorted(group, key=lambda sp: (sp.start, -sp.end))
        ev = b.sentence_mention(group[0].start)
        for x, a in enumerate(group):
            for c in group[x + 1:]:
                inner = a.source.startswith("inner:") or c.source.startswith("inner:")
                if c.start - a.end > COOCCURRENCE_FAR_CHARS or a.key == c.key:
                    continue
                if inner and (not _same_name(a, c) or (a.start, a.end) == (c.start, c.end)
                              or _placed_short_form(b, a, c)):
                    continue  # not in one name, one string read as two names, or one body's two names
                if c.start < a.end and not inner:  # overlapping names
                    continue
                for h, t in ((a, c), (c, a)):
                    if inner:
                        rule = INNER_RULES[(h.start <= t.start and t.end <= h.end, t.start <= h.start and h.end <= t.end)]
                    else:
                        rule = "cooccurrence" if c.start - a.end <= COOCCURRENCE_CHARS else "cooccurrence_far"
                    for rel in RELATION_TYPES:
                        if (h.key, rel, t.key) not in b.rels and _shape_ok(rel, _type(h.key), _type(t.key)) \
                                and not (inner and rel == "LOCATED_IN" and _not_branch_seat(h.key, t.key)) \
                                and not (rel == "BELONGS_TO" and (_through_parent(parents, h.key, t.key)
                                                                  or _belongs_the_wrong_way(b, h, t))):
                            b.add(h.key, rel, t.key, ev, rule=rule)


_COMMITTEE = re.compile(r"(管理委员会|管委会|工作委员会|党工委)$")


def _belongs_the_wrong_way(b: Builder, h: Span, t: Span) -> bool:
    """True for a BELONGS_TO the way names are written rules out: a place written right before another does not
    belong to it (淅川|香花镇: the town belongs to the county), and a zone's committee runs the zone it is named
    after, it is no part of it (…开发区|管理委员会 ADMINISTERS the zone)."""
    if h.end <= t.start and not b.text[h.end:t.start].strip() and _type(h.key) in ("City", "Region") \
            and _type(t.key) in ("City", "Region"):
        return True
    return _type(h.key) == "Agency" and _type(t.key) == "Park" and bool(_COMMITTEE.search(b.ents[h.key].name))


TOPIC_MIN_MENTIONS = 3


def document_topic(b: Builder) -> None:
    """Candidates for what an article is about: its most-mentioned organisation (three mentions or more)
    FOCUSES_ON, or its most-mentioned scheme SUPPORTS, the sectors of sentences that do not name it
    (``doc_topic``; ``doc_topic_alone`` when the sentence names no other organisation or scheme)."""
    counts: dict[str, int] = {}
    for sp in b.spans:
        if sp.key in b.ents and _type(sp.key) not in ("City", "Region", "Sector", "Person"):
            counts[sp.key] = counts.get(sp.key, 0) + 1
    if not counts:
        return
    topic, n = max(sorted(counts.items()), key=lambda kv: kv[1])
    if n < TOPIC_MIN_MENTIONS:
        return
    rel = "SUPPORTS" if _type(topic) in SCHEME_TYPES else "FOCUSES_ON"
    by_sent: dict[int, list[Span]] = {}
    for sp in b.spans:
        if sp.key in b.ents:
            by_sent.setdefault(b.sents.index(sp.start), []).append(sp)
    for group in by_sent.values():
        keys = {sp.key for sp in group}
        if topic in keys:
            continue
        alone = not any(_type(k) not in ("City", "Region", "Sector", "Person") for k in keys)
        for sp in group:
            if _type(sp.key) == "Sector":
                b.add(topic, rel, sp.key, b.sentence_mention(sp.start),
                      rule="doc_topic_alone" if alone else "doc_topic")


def _view(b: Builder, views: dict[str, list[Span]], name: str) -> list[Span]:
    """A mention set passes read, computed once, when a pass first needs it (after the passes before it):
    the names, the names with anaphors, and with the speakers of quoted speech too."""
    if name not in views:
        real = views.setdefault("names", list(b.spans))
        b.context["names"] = real
        if name == "anaphors":
            views[name] = sorted(real + anaphor_spans(b, real), key=lambda sp: (sp.start, -sp.end))
        elif name == "speakers":
            views[name] = sorted(_view(b, views, "anaphors") + _speakers(b), key=lambda sp: (sp.start, -sp.end))
    return views[name]


def _speakers(b: Builder) -> list[Span]:
    """The speakers of quoted speech (computed once from the names)."""
    if "speakers" not in b.context:
        b.context["speakers"] = speaker_spans(b, b.context["names"])
    return b.context["speakers"]


# -- component ------------------------------------------------------------------

@Language.factory("kg_relate", default_config={})
def make_relate(nlp: Language, name: str) -> "Relater":
    return Relater()


@dataclass(frozen=True, slots=True)
class Pass:
    """One declared relation pass: its id (the rule of what it proposes, unless it names a finer one), the
    mentions it reads (``names``: the resolved names; ``anaphors``: also 该公司/这家企业 …; ``speakers``:
    also the speakers of quoted speech) and the function that proposes relations into the Builder."""

    id: str
    reads: str
    run: Callable[[Builder], None]


def _affiliations(b: Builder) -> None:
    affiliations(b, b.doc)


PASSES: tuple[Pass, ...] = (
    Pass("names", "names", lambda b: relations_from_names(b)),
    Pass("affiliations", "anaphors", _affiliations),
    Pass("speaker_companies", "anaphors", lambda b: _speaker_companies(b, _speakers(b))),
    Pass("cues", "speakers", lambda b: relations_from_patterns(b)),
    Pass("issuers", "speakers", lambda b: (issuer_schemes(b), title_issuer_relations(b))),
    Pass("topics", "speakers", lambda b: topic_sectors(b)),
    Pass("cooccurrence", "names", lambda b: cooccurrence(b)),
    Pass("doc_topic", "names", lambda b: document_topic(b)),
)
"""The passes in the order they run; what each adds keeps its id (or finer: ``names:seat``, ``cue:<rule id>``)."""


class Relater(Recognizer):
    """Fills ``doc._.kg_relations`` (and adds the entities that relations need) by running :data:`PASSES`."""

    def __init__(self, passes: Sequence[Pass] = PASSES) -> None:
        self.passes = tuple(passes)

    def match(self, doc: Doc) -> list[Relation]:
        if doc._.kg_entities is None:
            doc._.kg_relations = []
            return []
        b = Builder(doc)
        views: dict[str, list[Span]] = {}
        for p in self.passes:
            b.spans = _view(b, views, p.reads)
            b.pass_id = p.id
            p.run(b)
        b.spans = views.get("names", b.spans)
        doc._.kg_relation_rules = b.rules
        return list(b.rels.values())

    def set_annotations(self, doc: Doc, rels: list[Relation]) -> None:
        doc._.kg_relations = rels
