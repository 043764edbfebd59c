"""``kg_orgs``: organisation, scheme and policy names headed by a suffix.

Finds names that end in a suffix of ``patterns/org_suffixes.txt``
(…有限公司, …实验室, …孵化器, …计划) and extends them to the left over the
jieba tokens of the Doc until a verb, function word or punctuation
(``patterns/stop_tokens.txt``); quoted parts (“区块链+”金融科技产业集聚基地)
and short bracketed parts (晋江(武汉)离岸创新中心) are taken in.  Names whose
words before the suffix are all generic (市级标杆孵化器, 全国重点实验室) are
dropped.  Also: 《…》 policy titles, “…N条” policies, and quoted scheme names.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg
from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import org_suffixes, word_set
from kg.loaders.kgdoc import Cand, cands_of, document_of
from kg.loaders.lexicon import Lexicon

_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "m", "q", "d", "y", "e",
                        "o", "w", "x", "zg", "f", "mq"})
_QUOTE_OPEN = "“‘「『\""
_QUOTE_CLOSE = "”’」』\""
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAMECH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·+]")
_POLICY = re.compile(r"《([^《》\n]{2,80})》")
_TIAO = re.compile(r"[“\"]?([\u4e00-\u9fff]{2,8})(\d{1,3})条[”\"]?")
_QUOTED = re.compile(r"[“‘]([^“”‘’\n]{2,30})[”’]")
_LEAD_FUNC = set("以在由与和对将为是从向把被经及")
_NOT_POLICY_END = ("报", "日报", "晚报", "杂志", "周刊", "网", "新闻")


@lru_cache(maxsize=1)
def _tables():
    sfx = Lexicon((s.suffix[::-1], s) for s in org_suffixes())
    alt = "|".join(re.escape(s.suffix) for s in org_suffixes())
    return sfx, re.compile(f"(?:{alt})"), word_set("stop_tokens.txt"), word_set("generic_words.txt"), \
        word_set("name_verbs.txt"), word_set("false_suffix_words.txt")


def _tag(word: str) -> str | None:
    return jieba.posseg.dt.word_tag_tab.get(word)


class TokenIndex:
    """Token lookup by character offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tok_at = [0] * (len(doc.text) + 1)
        for t in doc:
            for k in range(t.idx, t.idx + len(t.text)):
                self.tok_at[k] = t.i
        self.tok_at[len(doc.text)] = len(doc)


def extend_left(text: str, ti: TokenIndex, s: int, limit: int = 24, floor: int = 0) -> int:
    """Start of the name whose head starts at ``s``: walk left over name tokens."""
    _, _, stops, _, name_verbs, _ = _tables()
    doc = ti.doc
    pos = s
    while pos > floor:
        ch = text[pos - 1]
        if ch in _QUOTE_CLOSE:
            q = _find_open_quote(text, pos - 1, max(floor, pos - 20))
            if q is None:
                break
            pos = q
            continue
        if ch in ")）":
            o = max(text.rfind("(", max(floor, pos - 12), pos - 1), text.rfind("（", max(floor, pos - 12), pos - 1))
            inner = text[o + 1:pos - 1] if o >= 0 else ""
            if o <= floor or not inner or not _NAMECH.match(text[o - 1]) or _ends_with_suffix(inner) \
                    or any(c in inner for c in "，。、,;；"):
                break
            pos = o
            continue
        if not _NAMECH.match(ch):
            break
        t = doc[ti.tok_at[pos - 1]]
        tstart = max(t.idx, floor)
        word = text[tstart:pos]
        full = t.text
        if full in stops or word in stops:
            break
        tag = _tag(full)
        if full.isdigit() or (tag in _STOP_TAGS and full not in name_verbs):
            break
        if tag == "v" and len(full) > 1 and full not in name_verbs:
            break
        if s - tstart > limit:
            break
        pos = tstart
    return pos


def _find_open_quote(text: str, close: int, floor: int) -> int | None:
    for k in range(close - 1, floor - 1, -1):
        if text[k] in _QUOTE_OPEN:
            return k
        if text[k] in "，。；、\n":
            return None
    return None


def _ends_with_suffix(s: str) -> bool:
    sfx = _tables()[0]
    return sfx.match_at(s[::-1], 0) is not None


def suffix_of(name: str):
    """The longest org suffix ``name`` ends with (a Suffix) or None."""
    sfx = _tables()[0]
    m = sfx.match_at(name[::-1], 0)
    return m[1] if m else None


def is_generic(head: str) -> bool:
    """True when ``head`` (a name without its suffix) is made of generic words only."""
    generic = _tables()[3]
    h = re.sub(r"[“”\"‘’()（）\d+·]", "", head)
    if not h:
        return True
    i = 0
    while i < len(h):
        for n in range(min(6, len(h) - i), 0, -1):
            if h[i:i + n] in generic:
                i += n
                break
        else:
            return False
    return True


def find_suffix_names(doc: Doc, ti: TokenIndex | None = None) -> list[Cand]:
    """Suffix-headed names in the Doc."""
    text = doc.text
    _, sfx_re, stops, generic, _, false_words = _tables()
    not_after = word_set("not_after_name.txt")
    ti = ti or TokenIndex(doc)
    out: list[Cand] = []
    for m in sfx_re.finditer(text):
        s, e = m.start(), m.end()
        # the longest suffix that ends at e
        sfx = suffix_of(text[max(0, e - 12):e])
        if sfx is None:
            continue
        s = e - len(sfx.suffix)
        if any(text[max(0, s - 3):e + 3].find(w) >= 0 and _covers(text, w, s, e) for w in false_words):
            continue
        if e < len(text) and sfx.suffix in ("所", "局", "厅", "院") and _CJK.match(text[e]) and \
                text[e] not in "等和与及在的获为是牵设":
            continue
        if any(text.startswith(w, e) for w in not_after):
            continue
        limit = 4 if sfx.kind == "abbr" else 24
        start = extend_left(text, ti, s, limit=limit)
        while start < s - 1 and text[start] in _LEAD_FUNC and text[start + 1] in "市省区县":
            start += 1
        if start >= s:
            # the suffix alone: only a few abbreviations stand alone (科技部)
            if sfx.suffix not in ("科技部",):
                continue
        name = text[start:e]
        head = text[start:s]
        if sfx.kind == "abbr" and len(head) > 4:
            continue
        if is_generic(head) and not _has_quote(name):
            if sfx.suffix not in ("科技部",) and not (sfx.kind == "abbr" and head in ("市", "省", "区", "县")):
                continue
        out.append(Cand(start, e, name, sfx.type, "suffix", prio=2, data={"suffix": sfx.suffix}))
    return out


def _covers(text: str, word: str, s: int, e: int) -> bool:
    """True when an occurrence of ``word`` overlaps the suffix span and ends at or after it."""
    lo = max(0, s - len(word))
    k = text.find(word, lo, e + len(word))
    while k >= 0 and k < e:
        if k + len(word) >= e and k <= s + len(text[s:e]) - 1 and k + len(word) > s:
            return True
        k = text.find(word, k + 1, e + len(word))
    return False


def _has_quote(s: str) -> bool:
    return any(c in s for c in "“”\"")


def find_policies(text: str) -> list[Cand]:
    out = []
    for m in _POLICY.finditer(text):
        inner = m.group(1)
        if inner.endswith(_NOT_POLICY_END):
            continue
        out.append(Cand(m.start(), m.end(), m.group(), "Policy", "policy", prio=5))
    for m in _TIAO.finditer(text):
        inner = m.group(1)
        if is_generic(inner) or inner in word_set("stop_tokens.txt"):
            continue
        s = m.start(1)
        out.append(Cand(s, m.end(2) + 1, text[s:m.end(2) + 1], "Policy", "tiao", prio=4))
    return out


_SCHEME_TAIL = re.compile(r"(计划|贷|金|宝|券|工程|行动|大赛|项目|机制|平台|市场|基金|行动计划)$")


def find_quoted(text: str) -> list[Cand]:
    """Quoted scheme names: “硕果金”, “科创E贷”, “沃土计划”, “揭榜挂帅”, “X”项目."""
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        after = text[m.end():m.end() + 2]
        if after[:2] == "项目" and len(inner) >= 6:
            out.append(Cand(m.start(1), m.end(1), inner, "Program", "quoted_project", prio=3))
            continue
        t = None
        if re.search(r"(贷|金|宝)$", inner) and len(inner) <= 8:
            t = "Fund"
        elif re.search(r"(计划|工程|行动|大赛|挑战赛)$", inner) and not is_generic(inner[:-2]):
            t = "Program"
        elif re.search(r"(基金)$", inner) and not is_generic(inner[:-2]):
            t = "Fund"
        if t:
            out.append(Cand(m.start(1), m.end(1), inner, t, "quoted", prio=3))
    return out


@Language.factory("kg_orgs", default_config={})
def make_orgs(nlp: Language, name: str) -> "OrgRecognizer":
    return OrgRecognizer()


class OrgRecognizer:
    """Adds organisation/scheme/policy candidates to ``doc._.kg_cands``."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Cand]:
        document_of(doc)
        text = doc.text
        return find_suffix_names(doc) + find_policies(text) + find_quoted(text)

    def set_annotations(self, doc: Doc, cands: list[Cand]) -> None:
        cands_of(doc).extend(cands)
