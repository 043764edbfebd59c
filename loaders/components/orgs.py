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

from kg.loaders.gazetteer import org_suffixes, read_table, word_set
from kg.loaders.components.policy_phrases import find_policy_phrases
from kg.loaders.components.public import public_names
from kg.loaders.components.schemes import find_scheme_spans
from kg.loaders.kgdoc import Cand, Recognizer, doc_text, find_all, token_offsets
from kg.loaders.lexicon import Lexicon
from kg.loaders.scoring import LacIndex, policy_head

_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "m", "q", "d", "y", "e",
                        "o", "w", "x", "zg", "f", "mq"})
_QUOTE_OPEN = "“‘「『\""
_QUOTE_CLOSE = "”’」』\""
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAMECH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·+]")
_POLICY = re.compile(r"《([^《》\n]{2,80})》")
_TIAO = re.compile(r"[“\"]?([\u4e00-\u9fff]{2,8})(\d{1,3})条[”\"]?")
_QUOTED = re.compile(r"[“‘]([^“”‘’\n]{2,30})[”’]")
_SUFFIX_WORDS = frozenset("所称 所述 所涉 所列 所示 所获 局面 局势 局部 局限 所有 所以 所属 所在 所得 所谓 所需 所长 所能 所学 所处 院校 院所 院士 局长 厅长 院长 园长 部长 厅堂 园区 园林 园艺 园地 中心城市".split())
_CHAR_STOPS = set("在的了是由对向将为从把被后予、，。；：:！？")  # 予: 人民币予|中山大学 (given to)
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
        n = len(doc_text(doc))
        self.tok_at = [0] * (n + 1)
        starts, lengths = token_offsets(doc)  # no Token objects
        for i, (s, k) in enumerate(zip(starts, lengths)):
            self.tok_at[s:s + k] = [i] * k
        self.tok_at[n] = len(doc)


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
            if pos > floor and _ends_with_suffix(text[max(floor, pos - 8):pos]):
                break
            continue
        if ch in ")）":
            o = max(text.rfind("(", max(floor, pos - 12), pos - 1), text.rfind("（", max(floor, pos - 12), pos - 1))
            inner = text[o + 1:pos - 1] if o >= 0 else ""
            if o <= floor or not inner or not _NAMECH.match(text[o - 1]) \
                    or (_ends_with_suffix(inner) and inner not in _BRACKET_WORDS and not _is_place(inner)) \
                    or any(c in inner for c in "，。、,;；"):
                break
            pos = o
            continue
        if ch in _NAME_CONJ and pos - 1 > floor and _joins_name(text, ti, pos - 1, s):
            # 纳米技术与纳米仿生研究所, 人力资源和社会保障局: a conjunction between domain words
            pos -= 1
            continue
        if not _NAMECH.match(ch):
            break
        t = doc[ti.tok_at[pos - 1]]
        tstart = max(t.idx, floor)
        word = text[tstart:pos]
        full = t.text
        # a domain term ending here is part of the name even when its last word is a verb (智能制造研究院)
        k = _sector_term_start(text, pos, floor)
        if k is not None and k < tstart and s - k <= limit:
            pos = k
            continue
        if full == "领域" and text[max(floor, tstart - 2):tstart] in _FIELD_MODIFIERS and pos < s:
            pos = tstart - 2  # 重点领域研发计划: a programme named after its kind of field
            continue
        if full in _KINDS_BEFORE_PLACE and _place_starts(text, pos):
            break  # 配套企业|南通奥尔盛线带有限公司: a kind of body before the place that opens the name
        if (full in stops or word in stops) and not (pos == s and full in _SUFFIX_MODIFIERS
                                                       and text.startswith(_SCHEME_HEADS, s)):
            break
        tag = _tag(full)
        # 在/为/的 … end a name only as words of their own (华为终端 is a name)
        if (len(word) == 1 or len(full) == 1) and ch in _CHAR_STOPS:
            break
        if any(c in _CHAR_STOPS for c in word) and not (tag or "").startswith("n"):
            break
        if tag in _STOP_TAGS_OR_VERB and _is_place(full):
            tag = "ns"  # 大连 (d), 保定/包头 (v): place names jieba tags as other words
        if tag == "f" and full in _DIRECTION_NAMES:
            tag = "ns"  # 南方科技大学, 西北工业大学
        if tag == "m" and len(full) > 1 and all(c in _CJK_NUMERALS for c in full):
            tag = "nz"  # 三一集团: a numeral trade name
        if full.isdigit() or (tag in _STOP_TAGS and full not in name_verbs and len(full) > 1):
            break
        if tag == "v" and len(full) > 1 and full not in name_verbs:
            break
        if s - tstart > limit:
            break
        pos = tstart
    return pos


_NAME_CONJ = "与和及"
_FIELD_MODIFIERS = ("重点", "关键", "前沿", "新兴")
_STOP_TAGS_OR_VERB = _STOP_TAGS | {"v", "vn", "a"}
# words that end a name on its left but modify a scheme suffix right after them (重点领域研发计划)
_SUFFIX_MODIFIERS = frozenset("研发 孵化 攻关 转化".split())
_SCHEME_HEADS = ("计划", "专项", "工程", "行动")
_CAMPUS_SUFFIXES = ("创新港", "科创港")
# verbs allowed inside names (技术服务中心) that never start one (服务崂山实验室)
_LEADING_VERBS = tuple(sorted("服务 保障 服务保障 支撑 赋能 助力 对接 部署 用好 用足 用活".split(), key=len, reverse=True))
_ONE_CHAR_BREAKS = set("的了在是由对向将为从把被与和及、，。；：:！？“”‘’（）() 年月日")
_ORDINAL_UNIT = re.compile(r"第[一二三四五六七八九十〇零百0-9]{1,6}")
_DIRECTION_NAMES = frozenset("东方 西方 南方 北方 东部 西部 南部 北部 中部 华东 华南 华北 华中 西南 西北 东北 东南".split())
_CJK_NUMERALS = frozenset("一二三四五六七八九十百千万")
_BRACKET_WORDS = frozenset("集团 控股 中国 国际".split())
_DOMAIN_ENDS = ("技术", "科学", "工程", "材料", "资源", "经济", "工业", "信息", "信息化", "科技", "医学", "农业", "能源",
                "环境", "装备", "制造", "生物", "化学", "物理", "发展", "改革", "住房", "规划", "城乡", "健康", "卫生",
                "文化", "旅游", "社会", "保障", "器械", "医药", "交通", "水利", "商务", "教育")


def _is_place(s: str) -> bool:
    from kg.loaders.places import place_index
    return place_index().forms.get(s) is not None


_KINDS_BEFORE_PLACE = frozenset("企业 公司 单位 厂家 工厂 厂商 机构 龙头 龙头企业 民营 国有 外资 合资 私营 本地 当地".split())
"""Words that say what kind of body follows; before a place they are no part of its name."""


def _place_starts(text: str, pos: int) -> bool:
    """True when a place's name starts at ``pos`` (南通 in 南通奥尔盛线带有限公司)."""
    from kg.loaders.places import place_index
    return place_index().forms.match_at(text, pos) is not None


def _sector_term_start(text: str, pos: int, floor: int) -> int | None:
    """Start of the longest sector term (at least 4 characters) that ends at ``pos``."""
    from kg.loaders.components.sectors import vocab
    lex = vocab()[0]
    for n in range(min(8, pos - floor), 3, -1):
        if text[pos - n:pos] in lex:
            return pos - n
    return None


def _joins_name(text: str, ti: "TokenIndex", k: int, s: int) -> bool:
    """True when the conjunction at ``k`` links two domain words inside one name (X与Y研究所)."""
    left_tok = ti.doc[ti.tok_at[k - 1]]
    left = text[left_tok.idx:k]
    right = text[k + 1:s]
    if not left or not right or len(right) > 12 or (_ends_with_suffix(right) and right not in _DOMAIN_ENDS) \
            or any(not _NAMECH.match(c) for c in right):
        return False
    if text[k - 2:k + 1] in ("产业与", "企业与", "高校与") or _ends_with_suffix(text[max(0, k - 8):k]):
        return False
    return left.endswith(_DOMAIN_ENDS) or _is_sector_word(left)


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
    text = doc_text(doc)
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
        if _false_suffix(text, s, e, false_words):
            continue
        if text[s:e + 1] in _SUFFIX_WORDS or text[s:e + 2] in _SUFFIX_WORDS:
            continue
        if any(text.startswith(w, e) for w in not_after) and not (
                sfx.type in ("Fund", "Financier") and _INVESTS_AMOUNT.match(text, e)):
            continue  # 政府投资 is a modifier; 获得X基金投资3000万元 names the fund
        if sfx.suffix == "海关" and text.startswith("组织", e):
            continue  # 世界海关组织 goes on
        if sfx.suffix == "专项" and _CJK.match(text[e:e + 1]):
            continue  # 专项资金, 专项债: a modifier; a programme named …专项 ends there
        t0 = ti.doc[ti.tok_at[s]]
        if t0.idx < s and _tag(t0.text) in ("v", "a") and len(t0.text) > 1:
            continue  # 壮大市场: the suffix starts inside a verb
        limit = 4 if sfx.kind == "abbr" else 24
        start = extend_left(text, ti, s, limit=limit)
        if sfx.kind == "abbr":
            # 中国科学院工程热物理所, 中科院泉州装备所: an abbreviation after its parent's name
            far = extend_left(text, ti, s, limit=16)
            if _starts_with_parent(text[far:s]):
                start = far
            elif sfx.type == "Agency" and far < start:
                # 合肥市财政局, 深圳市科技创新局: a place and a short body name
                k = _place_prefix_end(text, far, s)
                if k is not None and 1 <= s - k <= 6:
                    start = far
        if sfx.kind == "name" and s - start == 1 and start > 0 and _CJK.match(text[start - 1]) \
                and text[start - 1] not in _ONE_CHAR_BREAKS:
            # 合创共赢创投: a one-character head is a cut trade name (共 split off as a word)
            start = min(start - 1, extend_left(text, ti, start - 1, limit=limit))
        m_ord = _ORDINAL_UNIT.search(text, max(0, start - 8), start)
        if m_ord is not None and m_ord.end() == start and m_ord.start() > 0 and sfx.kind == "name":
            # 中国船舶集团有限公司第七二五研究所: a numbered unit after its parent's name
            far = extend_left(text, ti, m_ord.start(), limit=24)
            if far < m_ord.start() and _ends_with_suffix(text[far:m_ord.start()]):
                start = far
        start = _drop_leading_verb(text, ti, start, s)
        while start < s and text[start] in _NAME_CONJ:
            start += 1
        # 国家工程机械技术创新中心（长沙）: a bracketed place after the name belongs to it
        if e < len(text) and text[e] in "(（":
            close = min((k for k in (text.find(")", e), text.find("）", e)) if k > 0), default=-1)
            if 0 < close - e <= 7 and _is_place(text[e + 1:close]):
                e = close + 1
        while start < s - 1 and text[start] in _LEAD_FUNC and text[start + 1] in "市省区县":
            start += 1
        while start < s and start > 0 and text[start - 1].isdigit() and text[start] in "支个家所项批只座条位年月日届期":
            start += 1
        if text[start] in "(（":  # （第十届）阳澄湖创客大赛: the edition in brackets is no part of the name
            close = min((k for k in (text.find(")", start), text.find("）", start)) if k > 0), default=-1)
            if start < close < s - 1 and re.search(r"第.{1,4}[届期次]|\d{4}", text[start:close]):
                start = close + 1
        if sfx.type in ("Program", "Policy"):  # 增动能“三比一增”专项行动: the name starts at its quote
            q = text.find("“", start + 1, s)
            if q > 0 and "”" not in text[start:q]:
                start = q
        if sfx.type == "University" or sfx.suffix == "公司":
            # (就读于)英国牛津大学, (美国)玛氏公司: the country is no part of a foreign university's or firm's name
            after = _after_foreign_country(text, start, s)
            if after is not None and s - after >= 2 and (
                    sfx.suffix == "公司" or not text.startswith(_NATIONAL_WORDS, after)):
                start = after
        if sfx.suffix == "公司" and not _trade_name_before(text, ti, start, s):
            continue  # a bare 公司 names a firm only after a name of its own
        name = text[start:e]
        head = text[start:s]
        type_ = sfx.type
        if "某" in head:
            continue  # 东部战区某调度中心: an anonymised body
        if sfx.type == "Park" and sfx.suffix in _CAMPUS_SUFFIXES and head.endswith(("大学", "学院")):
            type_ = "University"  # 某某大学创新港: a university's campus
        if sfx.type == "Agency" and "各" in re.split(r"[，。；：\n]", text[max(0, start - 12):start])[-1] \
                and _place_prefix_end(text, start, s) is None:
            continue  # 各县级市（区）科技局、财政局: bodies in general
        if start >= s or is_generic(head):
            if name in _STANDALONE:
                pass
            elif _has_quote(name) or (head in ("市", "省", "区", "县") and sfx.type in ("Agency", "Institute")):
                pass
            else:
                continue
        if sfx.kind == "abbr" and len(head) > 4 and not _starts_with_parent(head) \
                and not (sfx.type == "Agency" and _place_prefix_end(text, start, s) is not None):
            continue
        if sfx.suffix == "政府" and (listed := public_names().get(head)) is not None and listed.name == head:
            continue  # 国务院|政府特殊津贴: a listed body before 政府 is that body, no government of its own
        if sfx.type == "Lab" and _is_province(head):
            continue  # 浙江省实验室 as a category
        if "+" in name and not _has_quote(name):
            continue
        out.append(Cand(start, e, name, type_, "suffix", prio=2, data={"suffix": sfx.suffix}))
    return out


_NATIONAL_WORDS = ("国立", "皇家", "联邦", "州立", "国家", "中央", "国际", "理工", "科技", "技术", "开放", "工业", "医科",
                   "天主教", "大学")


_NOT_IN_TRADE_NAME = frozenset({"v", "d", "p", "r", "i", "c", "u", "uj", "f"})


def _trade_name_before(text: str, ti: "TokenIndex", start: int, s: int) -> bool:
    """True when ``text[start:s]``, before a bare 公司, holds a trade name of its own (明珞公司, 中建三局二公司):
    not only a place, words for the kind of firm and trade domains (物流公司, 美国医疗器械公司), and no verb
    (占全公司, 报给公司)."""
    k = start
    while k < s and (after := _place_prefix_end(text, k, s)) is not None and after > k:
        k = after  # 辽宁省沈阳市…: every place the head opens with
    core = re.sub(r"[“”\"‘’()（）·]", "", text[k:s])
    if len(core) < 2 or is_generic(core) or _is_sector_word(core):
        return False
    if ti.doc[ti.tok_at[s]].idx < s:
        return False  # 货运公司, 集团公司: one dictionary word, a kind of firm
    words = [t for t in ti.doc[ti.tok_at[start]:ti.tok_at[s]] if t.idx >= start]
    if any(_tag(t.text) in _NOT_IN_TRADE_NAME or t.text == "一" for t in words) \
            or (words and _tag(words[-1].text) == "vn"):
        return False  # 正赶上公司, 报给公司, 亏损公司, 安徽一电器公司 (but 中铁四局二公司)
    return not kinds_only(core)  # strip words of the firm's kind and trade domains: a name must remain


def kinds_only(core: str) -> bool:
    """True when ``core`` is made only of words for kinds of firm, trade domains and generic words (软件, 生物科技,
    物流): it says what a firm does, not which firm it is."""
    i = 0
    lex, kinds, generic = _sector_lexicon(), word_set("firm_kinds.txt"), _tables()[3]
    while i < len(core):
        for n in range(min(6, len(core) - i), 0, -1):
            w = core[i:i + n]
            if w in kinds or w in lex or (n >= 2 and w in generic):
                i += n
                break
        else:
            return False
    return True


def _sector_lexicon():
    from kg.loaders.components.sectors import vocab
    return vocab()[0]


def _after_foreign_country(text: str, start: int, end: int) -> int | None:
    """Where the last country other than China written in ``text[start:end]`` ends (None when none is)."""
    best = None
    for c in _countries():
        k = text.rfind(c, start, end)
        if k >= 0 and k + len(c) < end and (best is None or k + len(c) > best):
            best = k + len(c)
    return best


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    names = {r[0] for r in read_table("countries.txt")} - {"中国"}
    return tuple(sorted(names, key=len, reverse=True))


_INVESTS_AMOUNT = re.compile(r"(?:首笔|首期|战略|股权|天使)?投资(?:了)?[\d一二三四五六七八九十两百千]")


def _place_prefix_end(text: str, start: int, end: int) -> int | None:
    """End of a place name (with 市/省/区/县) that ``text[start:end]`` starts with."""
    from kg.loaders.places import place_index
    m = place_index().forms.match_at(text, start, end)
    if m is None:
        return None
    k = m[0]
    if k < end and text[k] in "市省区县":
        k += 1
    return k


def _is_province(head: str) -> bool:
    from kg.loaders.places import place_index
    f = place_index().forms.get(head)
    if f is None:
        return False
    p = place_index().choose(f)
    return p.level in ("province", "municipality") and len(head) >= 2


def _sector_starts(text: str, start: int, verb_end: int) -> bool:
    """True when a sector term starts at ``start`` and reaches past ``verb_end`` (合成生物)."""
    from kg.loaders.components.sectors import vocab
    m = vocab()[0].match_at(text, start)
    return m is not None and m[0] >= verb_end


def _drop_leading_verb(text: str, ti: "TokenIndex", start: int, s: int) -> int:
    """服务崂山实验室 → 崂山实验室: a name does not start with a verb."""
    doc = ti.doc
    for v in _LEADING_VERBS:
        if text.startswith(v, start) and start + len(v) < s and not _sector_starts(text, start, start + len(v)):
            start += len(v)
            break
    while start < s:
        t = doc[ti.tok_at[start]]
        if t.idx != start or t.idx + len(t.text) >= s:
            break
        if (t.text in _LEADING_VERBS or _tag(t.text) == "v" and len(t.text) > 1) \
                and not _sector_starts(text, start, t.idx + len(t.text)):
            start = t.idx + len(t.text)
            continue
        if len(t.text) == 1 and _tag(t.text) in ("v", "p") and _place_prefix_end(text, start + 1, s) is not None:
            start += 1  # 捐款…至|湖北省慈善总会, ——访|印度世界事务委员会: a verb or preposition before a place
            continue
        break
    return start


_STANDALONE = frozenset("科技部 市委 科技局 科创委 科创办 创新办 市政府 省政府 区政府 县政府".split())


@lru_cache(maxsize=1)
def _parent_names() -> tuple[str, ...]:
    """Short and formal names of ``patterns/org_abbreviations.txt`` (read once)."""
    from kg.loaders.gazetteer import read_table
    rows = read_table("org_abbreviations.txt")
    return tuple(r[0] for r in rows) + tuple(r[1] for r in rows)


def _starts_with_parent(head: str) -> bool:
    return head.startswith(_parent_names()) and any(head.startswith(a) and len(head) > len(a)
                                                    for a in _parent_names())


@lru_cache(maxsize=None)
def _word_lengths(words: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in words if w}))


def _false_suffix(text: str, s: int, e: int, false_words: frozenset[str]) -> bool:
    """True when a word of ``false_words`` occurs in ``text[s-3:e+3]`` and covers the suffix ``text[s:e]``.

    The same test as trying every word in turn, done by looking up each
    substring of that short window in the word set.
    """
    lo = max(0, s - 3)
    window = text[lo:e + 3]
    seen: set[str] = set()
    for n in _word_lengths(false_words):
        for i in range(len(window) - n + 1):
            w = window[i:i + n]
            if w in false_words and w not in seen:
                seen.add(w)
                if _covers(text, w, s, e):
                    return True
    return "" in false_words and _covers(text, "", s, e)


def _covers(text: str, word: str, s: int, e: int) -> bool:
    """True when an occurrence of ``word`` overlaps the suffix span and ends at or after it.

    A word lying inside a longer suffix is part of it (新局 in 科技创新局), not a false reading."""
    lo = max(0, s - len(word))
    k = text.find(word, lo, e + len(word))
    while k >= 0 and k < e:
        inside = s <= k and k + len(word) <= e and e - s > len(word)
        if not inside and k + len(word) >= e and k <= s + len(text[s:e]) - 1 and k + len(word) > s:
            return True
        k = text.find(word, k + 1, e + len(word))
    return False


def _has_quote(s: str) -> bool:
    return any(c in s for c in "“”\"‘’")


_ISSUING_NOTICE = re.compile(r"关于印发(?:《)?([^《》\n]{2,60}?)(?:》)?的通知")


def find_policies(text: str) -> list[Cand]:
    out = []
    # a notice that issues a document (X局关于印发2024年工作要点的通知 … 现将《X局2024年工作要点》印发给你们):
    # the issued document is the text itself, not a policy it names
    first = re.search(r"\S[^\n]*", text)
    own = _ISSUING_NOTICE.search(first.group()) if first is not None else None
    verbs = word_set("policy_verbs.txt")
    for m in _POLICY.finditer(text):
        inner = m.group(1)
        if inner.endswith(_NOT_POLICY_END):
            continue
        if own is not None and inner.endswith(own.group(1)) and re.match(r"印发给", text[m.end():m.end() + 3]):
            continue
        source = "policy"
        if not policy_head(m.group()) and not text.startswith(("白皮书", "文件"), m.end()):
            # a title that names no kind of document (a song, a film, a book): a policy only when issued or applied
            before = text[max(0, m.start() - 4):m.start()].removesuffix("了")
            if not any(before.endswith(v) for v in verbs):
                continue
            source = "policy_issued"
        out.append(Cand(m.start(), m.end(), m.group(), "Policy", source, prio=5))
    return out


def find_tiao(doc: Doc, ti: "TokenIndex") -> list[Cand]:
    """“合成生物10条”-style policies: a short name and a count of articles."""
    text = doc_text(doc)
    out = []
    for m in _TIAO.finditer(text):
        s = extend_left(text, ti, m.start(2), limit=8, floor=m.start(1))
        inner = text[s:m.start(2)]
        if len(inner) < 2 or is_generic(inner) or inner in word_set("stop_tokens.txt"):
            continue
        # a count of routes or chains (开通航线25条, 8条创新链) is no policy
        quoted = text[m.start():m.start() + 1] in "“\"" and text[m.end() - 1:m.end()] in "”\""
        rest = re.split(r"[，。；、,;]", text[m.end(2) + 1:m.end(2) + 10], maxsplit=1)[0]
        if not quoted and (inner.endswith(_COUNTED) or any(w in rest for w in _COUNTED)):
            continue
        out.append(Cand(s, m.end(2) + 1, text[s:m.end(2) + 1], "Policy", "tiao", prio=4))
    return out


_COUNTED = ("航线", "线路", "路径", "链", "道路", "航班", "专线", "生产线", "产线", "条款", "河流", "街道", "建议", "意见")
_QUOTED_LIST = re.compile(r"((?:[“\"][^“”\"\n]{2,40}[”\"][、和与及]?){1,10})(等)?((?:重大|重点)?(?:科研|科技|研发|攻关|示范|产业|创新)*"
                          r"(?:示范工程|工程|专项行动|专项|项目|行动计划|计划|行动))(?![\d一二三四五六七八九十])")
_SCHEME_TAIL = re.compile(r"(计划|贷|金|宝|券|工程|行动|大赛|项目|机制|平台|市场|基金|行动计划)$")


_MECHANISM_AFTER = re.compile(r"(机制|制度)")
_MECHANISM_VERB = re.compile(r"(实行|实施|推行)(?:科技项目|科研项目)?[“‘]$")
_NOT_MECHANISM_END = tuple("制式化法单表型者人")


def _is_named_mechanism(text: str, m: re.Match, inner: str) -> bool:
    """A quoted name without a suffix that the text uses as a scheme: “揭榜挂帅”机制, or
    实行/推行“A”“B” and 实施“A”和“B” (a coordinated list of named mechanisms and schemes);
    modes and slogans (“赛马制”, “免申即享”政策兑现, “一对一”服务) are not."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{4}", inner) or inner.endswith(_NOT_MECHANISM_END) or is_generic(inner):
        return False
    if _MECHANISM_AFTER.match(text, m.end()):
        return True
    # walk back over earlier quoted items of the same list to the verb
    k = m.start()
    while k > 0 and text[k - 1] in "”’和、":
        j = max(text.rfind("“", 0, k - 1), text.rfind("‘", 0, k - 1))
        if j < 0 or k - j > 14:
            break
        k = j
    verb = _MECHANISM_VERB.search(text, max(0, k - 8), k + 1)
    listed = text[m.end():m.end() + 1] in "“‘" or text[m.end():m.end() + 2] in ("和“", "、“") or k < m.start()
    return verb is not None and listed


def find_quoted(text: str) -> list[Cand]:
    """Quoted scheme names: “硕果金”, “科创E贷”, “沃土计划”, “揭榜挂帅”, “X”项目."""
    out = []
    listed: set[int] = set()
    for m in _QUOTED_LIST.finditer(text):
        # “国芯万屏”“虚拟现实”等重大科技示范工程: one programme per quoted name
        tail = m.group(3)
        quotes = list(re.finditer(r"[“\"]([^“”\"\n]{2,40})[”\"]", m.group(1)))
        for q in quotes:
            inner = q.group(1).strip()
            qs, qe = m.start(1) + q.start(), m.start(1) + q.end()
            listed.add(qs + 1)
            if tail == "项目" and not m.group(2) and len(quotes) == 1:
                out += _one_project(text, qs, m.end(), inner)
                continue
            if tail.endswith("项目"):
                if len(inner) >= 6 or m.group(2):  # one project among several: its quoted name alone
                    out.append(Cand(qs + 1, qe - 1, inner, "Program", "quoted_project", prio=3))
                continue
            if is_generic(inner):
                continue
            out.append(Cand(qs, qe, text[qs:qe], "Program", "quoted_list", prio=3, canon=f"“{inner}”{tail}",
                            data={"no_alias": _is_sector_word(inner)}))
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if m.start(1) in listed:
            continue
        if text[m.end():m.end() + 2] == "项目" and (project := _one_project(text, m.start(), m.end() + 2, inner)):
            out += project
            continue
        if _is_named_mechanism(text, m, inner):
            out.append(Cand(m.start(1), m.end(1), inner, "Program", "quoted_mechanism", prio=3))
            continue
        t = None
        if len(inner) <= 8 and (re.search(r"(贷|金|宝)$", inner) or (
                inner.endswith("保") and not is_generic(inner[:-1])
                and (re.search(r"保险|产品|支持|承保|投保", text[m.end():m.end() + 20])
                     or re.search(r"(推出|获得|参保)$", text[max(0, m.start() - 4):m.start()])))):
            t = "Fund"
        elif re.search(r"(计划|工程|行动|大赛|挑战赛)$", inner) and not is_generic(inner[:-2]):
            t = "Program"
        elif re.search(r"(基金)$", inner) and not is_generic(inner[:-2]):
            t = "Fund"
        if t:
            out.append(Cand(m.start(1), m.end(1), inner, t, "quoted", prio=3))
        elif _SCHEME_HEAD.search(inner) and not is_generic(inner) and len(inner) >= 4:
            # a quoted service platform, system, mechanism or task (“V-tax平台”, ‘提示服务系统’): for the scorer
            out.append(Cand(m.start(1), m.end(1), inner, "Program", "quoted_scheme", prio=2))
        else:
            head = _HEAD_AFTER_QUOTE.match(text, m.end())
            if head is not None and not is_generic(inner):
                # “卓越工程师”培养行动, “秦创原”创新驱动平台: the quoted name and the head after it
                out.append(Cand(m.start(), head.end(), text[m.start():head.end()], "Program", "quoted_head", prio=2))
    return out


def _one_project(text: str, start: int, end: int, inner: str) -> list[Cand]:
    """“中云智车”项目 (``text[start:end]``): one project, named with its quotes and 项目 as written (gold README);
    none when the quoted name is short, generic or the project is numbered (项目2)."""
    if len(inner) < 4 or is_generic(inner) or text[end:end + 1].isdigit():
        return []
    return [Cand(start, end, text[start:end], "Program", "quoted_project", prio=3)]


_SCHEME_HEAD = re.compile(r"(平台|系统|大厅|机制|体系|专项|试点|示范|会战|榜|资源库|网|工程|行动|计划|项目)$")
_HEAD_AFTER_QUOTE = re.compile(r"[\u4e00-\u9fff]{0,8}?(行动|工程|计划|平台|专项|机制|体系|试点|队伍|规划)(?![\u4e00-\u9fff]{0,1}[的])")


@Language.factory("kg_orgs", default_config={})
def make_orgs(nlp: Language, name: str) -> "OrgRecognizer":
    return OrgRecognizer()


class OrgRecognizer(Recognizer):
    """Adds organisation/scheme/policy candidates to ``doc._.kg_cands``."""

    def match(self, doc: Doc) -> list[Cand]:
        text = doc_text(doc)
        ti = TokenIndex(doc)
        starts, lengths = token_offsets(doc)
        tokens = [(s, s + k, _tag(text[s:s + k])) for s, k in zip(starts, lengths)]
        return (find_suffix_names(doc, ti) + find_policies(text) + find_tiao(doc, ti) + find_quoted(text)
                + find_known(text) + find_typed_lists(doc, ti) + find_context_companies(text)
                + find_party_committees(text) + find_local_agencies(text) + find_scheme_spans(text, tokens)
                + find_policy_phrases(text, tokens))


# Party committees of a district, county or province written as place + 委: 滨江区委, 浙江省委
# (the city's 市委 is a suffix of its own).  Not 社区委员会: 委 must not start 委员.
_PARTY = re.compile(r"(?<=[区县省])委(?!员|托|派|屈|实|婉)")


def find_party_committees(text: str) -> list[Cand]:
    from kg.loaders.places import place_index
    forms = place_index().forms
    out = []
    for m in _PARTY.finditer(text):
        e = m.start()
        for k in range(max(0, e - 8), e - 1):
            # the place with its 区/县/省 (滨江区), or its bare form before them (浙江 + 省)
            if forms.get(text[k:e]) is not None or (text[e - 1] in "区县省" and forms.get(text[k:e - 1]) is not None):
                out.append(Cand(k, m.end(), text[k:m.end()], "Agency", "party", prio=2))
                break
    return out


# A place and the short form of a local body: 上海市发改委, 北京市科委, 浙江省卫健委, 市场监管局 after 江苏省.
# The short forms are those of ``patterns/agency_forms.txt``; the national list's 发改委 or 卫健委 written after
# a place is that place's body, not the national one.
_LOCAL_BODY_ENDS = ("局", "厅", "委员会", "办公室", "人民政府")
_BEFORE_BARE_LEVEL = set("的在由和与及、，。；：是对向将为从把被经（(“ \n")


def find_local_agencies(text: str) -> list[Cand]:
    from kg.loaders.components.resolve import agency_forms
    from kg.loaders.places import place_index

    forms = place_index().forms
    shorts = [short for short, formal in agency_forms()
              if len(short) >= 2 and formal.endswith(_LOCAL_BODY_ENDS)]  # not 工研院, 科协: no government body
    out = []
    ends: dict[int, int] = {}  # end of a Chinese place form → its earliest start
    for s, e, _form, pf in forms.finditer(text):
        if not any(not p.division for p in pf.places):
            ends[e] = min(s, ends.get(e, s))
    for k, ch in enumerate(text):
        if ch in "市省区县" and (k == 0 or text[k - 1] in _BEFORE_BARE_LEVEL):
            ends.setdefault(k + 1, k)  # 市科委: the section's own city
    for e, s in ends.items():
        short = next((w for w in shorts if text.startswith(w, e)), None)
        if short is None or _title_follows(text, e + len(short)):
            continue  # 科委员, 局长: a person's title, not the body
        out.append(Cand(s, e + len(short), text[s:e + len(short)], "Agency", "local_agency", prio=4))
        out += _listed_after(text, e + len(short), shorts)
    return out


def _title_follows(text: str, end: int) -> bool:
    """True when a body's short form ending at ``end`` runs on into a person's title (科委|员, 财政局|长)."""
    return bool(_CJK.match(text[end:end + 1] or "x")) and text[end] in "员长任"


def _listed_after(text: str, end: int, shorts: list[str]) -> list[Cand]:
    """The bodies listed right after a place's body without the place (淮安市商务局、|农业农村局|、|财政局): each is a
    candidate of its own source, ``local_listed``; resolution gives it the first body's place."""
    out = []
    while end < len(text) and text[end] in "、和及与":
        short = max((w for w in shorts if text.startswith(w, end + 1)), key=len, default=None)
        if short is None:
            break
        e = end + 1 + len(short)
        if _title_follows(text, e):
            break  # 财政局局长: a person's title
        out.append(Cand(end + 1, e, short, "Agency", "local_listed", prio=4, data={"no_alias": True}))
        end = e
    return out


# Companies named without a suffix, read from their context: 支持X实施, X董事长, 孵化的X获得, 龙头企业X.
# The name must end in a word that companies' trade names end with (科技, 动力, 生物, 重工 …).
_TRADE_NAME = r"([\u4e00-\u9fff]{1,6}?(?:科技|动力|智能|生物|医疗|电子|微电|光电|重工|重科|航空|材料|能源|电气|汽车|客车|药业|制药|信息|软件|网络|通信|数据|精密|装备|仪器|新材|化学|化工|电器|股份|控股|实业|传感|测控|量测|遥感|星测|半导体|机器人|激光))"
_COMPANY_CONTEXTS = (
    re.compile(r"(?:支持|推动|鼓励|依托|组织|指导)" + _TRADE_NAME + r"(?:实施|开展|承担|牵头|建设|攻克|研发)"),
    re.compile(_TRADE_NAME + r"(?:董事长|总经理|副总经理|总裁|创始人|联合创始人|首席[\u4e00-\u9fff]{2,4}|CEO)"),
    re.compile(r"(?:孵化|培育)(?:出)?的" + _TRADE_NAME + r"(?:获得|已|于|在|成立|是|，|,|、)"),
    re.compile(r"龙头企业" + _TRADE_NAME + r"(?:[，,、。])"),
)


def find_context_companies(text: str) -> list[Cand]:
    out = []
    for rx in _COMPANY_CONTEXTS:
        for m in rx.finditer(text):
            name = m.group(1)
            s = m.start(1)
            if len(name) < 4 or is_generic(name) or _is_sector_word(name) or _is_place(name) \
                    or suffix_of(name) is not None and suffix_of(name).type != "Company":
                continue
            out.append(Cand(s, m.end(1), name, "Company", "context", prio=1))
    return out


def _is_sector_word(w: str) -> bool:
    from kg.loaders.components.sectors import composed
    return composed(w)


def find_known(text: str) -> list[Cand]:
    """Widely known organisations by their short or formal names (``patterns/org_abbreviations.txt``)."""
    out = []
    for short, formal, type_ in _known_rows():
        for form in {short, formal}:
            for s, e in find_all(text, form):
                out.append(Cand(s, e, form, type_, "known", prio=1, canon=formal))
    return out


@lru_cache(maxsize=1)
def _known_rows() -> tuple[tuple[str, ...], ...]:
    """(short, formal, type) rows of ``patterns/org_abbreviations.txt`` (read once)."""
    from kg.loaders.gazetteer import read_table
    return tuple(tuple(r[:3]) for r in read_table("org_abbreviations.txt"))


_LIST_HEADS = (("企业", "Company"), ("公司", "Company"), ("明星企业", "Company"), ("投资机构", "Financier"),
               ("金融机构", "Financier"), ("创投机构", "Financier"), ("银行", "Financier"),
               ("孵化器", "Incubator"), ("离岸孵化器", "Incubator"), ("众创空间", "Incubator"),
               ("高校", "University"), ("高等院校", "University"), ("大学", "University"),
               ("科研院所", "Institute"), ("研究机构", "Institute"), ("科研平台", "Institute"),
               ("实验室", "Lab"), ("园区", "Park"))
_TYPED_LIST = re.compile(r"((?:[\u4e00-\u9fffA-Za-z0-9·]{2,12}、)*[\u4e00-\u9fffA-Za-z0-9·]{2,12})等"
                         r"(?:[\d一二三四五六七八九十百多几]+[多余]?(?:家|个|所|批)|一批)?[^，。；、]{0,10}?("
                         + "|".join(h for h, _ in sorted(_LIST_HEADS, key=lambda x: -len(x[0]))) + ")")


_PLACE_KIND = re.compile(r"国家|地区|城市|省份|省区|市县|国的")
_TRADE_KIND = re.compile(r"业务|服务业|产业|行业|领域")


def _list_item_start(text: str, ti: "TokenIndex", s: int, e: int, stops: frozenset[str]) -> int:
    """Start of the first item of a list: after the last stop word or verb phrase (其中包括天衡量测)."""
    doc = ti.doc
    pos = e
    while pos > s:
        t = doc[ti.tok_at[pos - 1]]
        tstart = max(t.idx, s)
        if t.text in stops or text[tstart:pos] in stops or e - tstart > 8:
            break
        if _tag(t.text) in ("p", "c", "u", "uj", "r", "d") and len(t.text) > 1:
            break
        if _tag(t.text) == "v" and len(t.text) > 1 and e - pos >= 2 and t.text not in word_set("name_verbs.txt"):
            break
        pos = tstart
    return pos


def find_typed_lists(doc: Doc, ti: "TokenIndex") -> list[Cand]:
    """Items of a list closed by a typed head: 创健医疗、常茂生物等60多家合成生物企业 → Company."""
    text = doc_text(doc)
    heads = dict(_LIST_HEADS)
    out = []
    stops = word_set("stop_tokens.txt")
    lac = LacIndex(doc._.kg_lac)
    for m in _TYPED_LIST.finditer(text):
        type_ = heads[m.group(2)]
        if text[m.end(1) + 1:m.end(1) + 2] == "地" or text[m.end(1) + 1:m.end(1) + 3] in ("领域", "行业", "产业"):
            continue  # 苏州工业园区、苏州高新区等地: places
        if _PLACE_KIND.search(text[m.end(1) + 1:m.start(2)]):
            continue  # 俄罗斯、美国、日本等多个国家的企业: the items are countries
        if _TRADE_KIND.search(text[m.end(1) + 1:m.start(2)]):
            continue  # 互联网、金融和供应链等现代服务业企业, 空中观光等通航业务的公司: the items are trades
        items = m.group(1).split("、")
        pos = m.start(1)
        for k, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if k == 0:
                s = _list_item_start(text, ti, s, e, stops)
            # a trailing product name (舜丰生物高油酸大豆) is not part of the company
            name = text[s:e]
            if len(name) < 2 or len(name) > 10 or is_generic(name) or _is_sector_word(name) or _is_place(name):
                continue
            if lac.at(s, e)[0] == "n":
                continue  # 配偶、子女等亲属…企业: a common noun is no company of the list
            last = [t for t in doc.char_span(s, e, alignment_mode="expand")] if doc.char_span(s, e, alignment_mode="expand") else []
            if last and _tag(last[-1].text) in ("v", "vn") and len(last[-1].text) > 1 \
                    and not _is_sector_word(last[-1].text):
                continue
            item_type = type_
            if type_ == "Company":
                sfx = suffix_of(name)
                if sfx is not None and sfx.type == "Financier":
                    item_type = sfx.type  # 德邦证券 in a list of 企业: a securities firm or bank is a Financier
            out.append(Cand(s, e, name, item_type, "typed_list", prio=6 if item_type != "Company" else 3,
                            data={"list_type": type_}))
    return out
