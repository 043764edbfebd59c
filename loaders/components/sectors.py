"""``kg_sectors``: industry and technology domains.

Strong terms (``patterns/sectors.txt``) are sectors wherever they stand; weak,
generic ones (``patterns/sectors_weak.txt``: 能源, 医疗, 海洋) where the
text frames them as a domain: followed by 产业/行业/领域/方向/赛道/产业链, after
专注于/聚焦/面向/投向, or in a list closed by such a word; elsewhere they are
candidates of their own source, ``sector_weak_bare``, for the scorer to weigh.  A phrase made of
vocabulary words and framed as a domain is one sector (海洋物联网这一未来产业,
食品饮料产业链).  Sector candidates live beside the other mentions: they may lie
inside an organisation's name.  The names of the sector taxonomy and of the official
classifications it maps onto (先进制造业, 电气机械和器材制造业) are candidates of their
own source, as are trades written with their qualifier (高技术制造业, 乡村旅游), and so
are the trades and products the classes of GB/T 4754-2017 name (涂料, 疫苗, 铁路).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import read_table, term_list
from kg.loaders.kgdoc import Cand, Recognizer, doc_text, token_offsets
from kg.loaders.lexicon import Lexicon
from kg.loaders.places import place_index

FRAME_AFTER = ("产业链", "产业", "行业", "领域", "方向", "赛道", "企业", "技术", "特色", "这一未来产业", "等领域")
FRAME_BEFORE = ("专注于", "聚焦", "面向", "投向", "致力于", "深耕", "布局", "发展", "以", "围绕", "紧盯", "用于")
# An item never contains a separator, so items are delimited unambiguously and
# the match runs in linear time (a shared character made it backtrack exponentially).
_ITEM = r"(?:(?![和与及])[\u4e00-\u9fffA-Za-z0-9]){1,10}"
_LIST_FRAME = re.compile(rf"((?:{_ITEM}[、和与及]){{1,12}}{_ITEM})"
                         r"(?:等)?(?:[一-龥]{0,6}?)(产业链|产业|行业|领域|方向|赛道)")


@lru_cache(maxsize=1)
def vocab() -> tuple[Lexicon[bool], frozenset[str], frozenset[str]]:
    strong = term_list("sectors.txt")
    weak = term_list("sectors_weak.txt")
    lex: Lexicon[bool] = Lexicon([(t, False) for t in weak] + [(t, True) for t in strong])
    return lex, frozenset(strong), frozenset(weak)


@lru_cache(maxsize=1)
def parts() -> frozenset[str]:
    """Domain parts (``patterns/sectors_parts.txt``): they build sectors, never stand alone."""
    return frozenset(term_list("sectors_parts.txt"))


def composed(phrase: str) -> bool:
    """True when ``phrase`` is a concatenation of vocabulary terms (海洋+物联网)."""
    lex = vocab()[0]
    if not phrase:
        return False
    ok = [False] * (len(phrase) + 1)
    ok[0] = True
    for i in range(len(phrase)):
        if not ok[i]:
            continue
        for j in range(i + 1, len(phrase) + 1):
            if phrase[i:j] in lex:
                ok[j] = True
    return ok[len(phrase)]


def composed_domain(phrase: str) -> bool:
    """True when ``phrase`` is vocabulary terms and domain parts with at least one term, or
    two parts or more (半导体+激光器, 第三代+半导体, 红外+探测); a framed list item made so is
    one sector."""
    lex, extra = vocab()[0], parts()
    if not phrase:
        return False
    # best[i]: most "weight" reaching i (a term counts 2, a part 1); -1 unreachable
    best = [-1] * (len(phrase) + 1)
    best[0] = 0
    for i in range(len(phrase)):
        if best[i] < 0:
            continue
        for j in range(i + 1, min(len(phrase), i + 8) + 1):
            w = phrase[i:j]
            gain = 2 if w in lex else 1 if w in extra else 0
            if gain:
                best[j] = max(best[j], best[i] + gain)
    return best[len(phrase)] >= 2


def canonical_sector(term: str) -> str:
    """合成生物学 → 合成生物; 光电子信息产业 → 光电子信息."""
    for suf in ("产业链", "产业", "行业", "学"):
        if term.endswith(suf) and composed(term[: -len(suf)]):
            return term[: -len(suf)]
    return term


def find_sectors(text: str) -> list[Cand]:
    # framed lists first, then the leftmost-longest terms of the vocabulary and the taxonomy (candidate_lexicon)
    out: dict[tuple[int, int], Cand] = {}
    framed_spans: list[tuple[int, int]] = []
    # framed lists and phrases: A、B和C等…产业
    for m in _LIST_FRAME.finditer(text):
        items = re.split(r"[、和与及]", m.group(1))
        pos = m.start(1)
        spans = []
        for k, item in enumerate(items):
            s = pos
            pos += len(item) + 1
            if k == 0:
                # the first item may carry a verb: keep its longest composed tail
                for cut in range(len(item)):
                    if composed_domain(item[cut:]) and len(item) - cut >= 2:
                        spans.append((s + cut, s + len(item)))
                        break
                continue
            if k == len(items) - 1 and not composed_domain(item):
                # the last item may run into the frame (深海装备等未来产业, 红外探测三个方向): its longest composed head
                for cut in range(len(item) - 1, 1, -1):
                    if composed_domain(item[:cut]):
                        spans.append((s, s + cut))
                        break
                continue
            if composed_domain(item) and len(item) >= 2:
                spans.append((s, s + len(item)))
        for s, e in spans:
            framed_spans.append((s, e))
    for s, e in framed_spans:
        t = text[s:e]
        out[(s, e)] = Cand(s, e, t, "Sector", "sector_frame", prio=0, canon=canonical_sector(t))
    covered = [False] * (len(text) + 1)
    for s, e in out:
        for k in range(s, e):
            covered[k] = True
    for s, e, term, kind in candidate_lexicon().finditer(text):
        if covered[s]:
            continue
        # a weak term the text does not frame as a domain is a candidate of its own source, for the scorer to
        # weigh (国际经济、金融、贸易中心: the gold often lists it, 教育 in 接受教育 it does not)
        source = ("sector_vocab" if kind == "strong" else "sector_taxonomy" if kind == "taxonomy"
                  else "sector_official" if kind == "official"
                  else "sector_weak" if _framed(text, s, e) else "sector_weak_bare")
        out[(s, e)] = Cand(s, e, term, "Sector", source, prio=0, canon=canonical_sector(term))
    return sorted(out.values(), key=lambda c: (c.start, c.end))


_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def candidate_lexicon() -> Lexicon[str]:
    """Every term a Sector candidate is matched by, leftmost-longest: the vocabulary's (``strong``, ``weak``), the
    taxonomy's (``taxonomy``) and the GB/T 4754 trades the others lack (``official``)."""
    _, strong, weak = vocab()
    taxonomy = taxonomy_terms()
    known = strong | weak | set(taxonomy)
    return Lexicon([(t, "weak") for t in sorted(weak)] + [(t, "strong") for t in sorted(strong)]
                   + [(t, "taxonomy") for t in taxonomy] + [(t, "official") for t in official_terms() if t not in known])


@lru_cache(maxsize=1)
def taxonomy_terms() -> tuple[str, ...]:
    """The Chinese names the vocabulary lacks of the sector taxonomy (``schema/sectors.json``: names and synonyms,
    先进制造业, 电动汽车) and of the official classifications it maps onto (``schema/official_sectors.json``:
    战略性新兴产业分类（2018）, GB/T 4754-2017 divisions such as 电气机械和器材制造业): candidates of their own
    source (``sector_taxonomy``) for the scorer to weigh."""
    from kg.taxonomy import default_taxonomy

    tax = default_taxonomy()
    _, strong, weak = vocab()
    # not the divisions of public administration and international bodies (S, T: 中国共产党机关, 国际组织)
    terms = {f for sec in tax.sectors.values() for f in (sec.name, *sec.synonyms)} | {
        c.name for c in tax.codes.values() if not c.code.startswith(("S", "T"))}
    # not a domain with a generic tail (工业互联网平台, 人工智能产业): the vocabulary and its frames name those
    return tuple(t for t in sorted(terms) if len(t) >= 2 and _HAN.search(t) and t not in strong
                 and t not in weak and not t.endswith(_GENERIC_TAILS))


_GENERIC_TAILS = ("产业链", "产业", "行业", "平台", "技术", "装备", "设备", "服务", "领域")

# what a class of GB/T 4754 does to its trade or product (涂料|制造, 蔬菜|种植), longest first
_ACTIVITIES = tuple(sorted((
    "开采洗选", "开采", "采选", "种植", "饲养", "养殖", "捕捞", "制造", "制作", "加工", "冶炼", "生产和供应", "生产", "批发", "零售",
    "服务", "活动", "修理", "维护", "出租", "租赁", "经营", "采运", "采集", "工程施工", "施工", "工程建筑", "建筑", "安装", "管理",
    "业", "推广", "设计", "开发", "出版", "印制", "育种", "育苗"), key=len, reverse=True))
# what is left of a class name that names no trade: kinds of goods or of work, and cut-offs (农业专|业及辅助性活动)
_NO_TRADE = frozenset({
    "专业", "技术", "设备", "系统", "组件", "组织", "运行", "研究", "综合", "代理", "批发", "零售", "应用", "帮助", "利用", "分配",
    "更新", "工程", "资产", "资源", "数字", "市场", "商务", "安全", "家庭", "居民", "内陆", "器材", "器械", "器皿", "元件",
    "容器", "原料", "计算", "调查", "规划", "管制", "管护", "养护", "修复", "监护", "咨询", "投资", "融资", "租赁", "信用",
    "营养", "表演", "辅机", "改培", "清洁", "工业", "商业", "社会公共", "场地准备", "捕捉动物", "有关物品", "类似品",
    "类似机械", "提供施工设备", "提供住宿社会工作", "其再生利用", "其配套设备", "公共就", "齿轮减", "风动", "老年人", "农用",
    "办公", "科技", "婚姻", "噪声", "庇护", "单位后勤", "存储支持", "机械化农", "麻纤维纺前", "邮政基本", "渔专用机械"})
_NO_TRADE_PARTS = ("其他", "未列明", "辅助", "相关", "专用设备", "家用", "日用", "用品", "零件", "部件", "配件", "附件", "器具",
                   "制品", "产品", "材料", "染整精", "印染精", "（", "(", "）", ")", "等")
# bodies, not trades (综合医院, 图书馆, 信托公司, 宗教团体), and names cut before 专用 (医疗器材专门|…)
_BODY_TAILS = ("医院", "院", "所", "中心", "馆", "站", "机构", "组织", "团体", "公司", "社", "场所", "园", "专", "专门")


def _strip_activity(name: str) -> str:
    for a in _ACTIVITIES:
        if name.endswith(a) and len(name) - len(a) >= 2:
            return name[: -len(a)]
    return name


@lru_cache(maxsize=1)
def official_terms() -> tuple[str, ...]:
    """The trades and products the classes of GB/T 4754-2017 name (``patterns/public_industry_classes.txt``):
    a class name without what is done to them (涂料制造 → 涂料, 基因工程药物和疫苗制造 → 基因工程药物, 疫苗),
    not the divisions of public administration and international bodies (91–97), no bodies (综合医院) and no
    kinds of goods or of work (设备, 批发).  Candidates of their own source (``sector_official``) for the scorer
    to weigh."""
    out: set[str] = set()
    for code, _level, name in read_table("public_industry_classes.txt"):
        if not code[:2].isdigit() or int(code[:2]) >= 91:
            continue
        core = _strip_activity(_strip_activity(name))
        for part in re.split(r"[、，]|和|及|与|或", core):
            part = _strip_activity(part.strip())
            if (2 <= len(part) <= 8 and part not in _NO_TRADE and not any(k in part for k in _NO_TRADE_PARTS)
                    and not part.endswith(_BODY_TAILS) and not part.endswith(("类", "的"))):
                out.add(part)
    return tuple(sorted(out))


def _framed(text: str, s: int, e: int) -> bool:
    after = text[e:e + 6]
    before = text[max(0, s - 4):s]
    if after.startswith(FRAME_AFTER):
        return True
    if any(before.endswith(b) for b in FRAME_BEFORE):
        return True
    return False


@Language.factory("kg_sectors", default_config={})
def make_sectors(nlp: Language, name: str) -> "SectorRecognizer":
    return SectorRecognizer()


class SectorRecognizer(Recognizer):
    """Adds Sector candidates to ``doc._.kg_cands``: the vocabulary's, and LAC's nouns framed as domains."""

    def match(self, doc: Doc) -> list[Cand]:
        text = doc_text(doc)
        found = find_sectors(text)
        have = {(c.start, c.end) for c in found}
        words = doc._.kg_lac or []
        for c in framed_nouns(text, words) + more_domains(text, words) + name_domains(doc, text) \
                + unit_domains(doc, text):
            if (c.start, c.end) not in have:
                have.add((c.start, c.end))
                found.append(c)
        return found


# -- candidates beyond the frames above: each has its own source, so the scorer weighs it on its own -------

_YE_NOT = frozenset("企业 就业 创业 毕业 专业 作业 事业 职业 行业 产业 物业 学业 营业 失业 开业 停业 复业 伟业 基业 家业 "
                    "实业 主业 副业 同业 全业 各业 百业 大业 功业 学业 课业 结业 肄业 转业 待业 置业 敬业 兴业 立业 乐业 "
                    "安居乐业 各行各业 企事业 中小企业".split())
_TECH_FRAME = re.compile(r"(技术|研发|方面|专家|设备|产品|服务商|模块|新业态|业态|工作组)")
_NOT_DOMAIN = frozenset("核心 关键 先进 前沿 共性 基础 高新 原创 主要 相关 科学 专业 实用 适用 配套 底层 应用 传统 国外 国际 "
                        "自主 各类 新 高 这项 该项 此项 一项 多项 相关 研究 开发 创新 数字化 信息化 现代化 科研 医疗卫生 "
                        "研发 技术 产品 设备 服务 有关 新型 重要 重大 具体 各个 这 那 各 其他 其它 一些 部分 多个".split())
# An item never holds a separator (与 U+4E0E, 及 U+53CA, 和 U+548C), so a run of them cannot backtrack.
_ITEM = r"[\u4e00-\u4e0d\u4e0f-\u53c9\u53cb-\u548b\u548d-\u9fffA-Za-z0-9/]"
_LIST_ITEMS = re.compile(rf"((?:{_ITEM}{{1,10}}[、和及与]){{1,12}}{_ITEM}{{1,10}}?)"
                         r"等?(产业链|产业|行业|领域|方向|赛道|板块|业态|新业态|模块|方面|工作组)")


def _domain_cand(text: str, s: int, e: int, source: str) -> Cand | None:
    t = text[s:e]
    if not 2 <= e - s <= 10 or t in _NOT_DOMAIN or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9/]+", t) \
            or t.isdigit():
        return None
    return Cand(s, e, t, "Sector", source, prio=0, canon=canonical_sector(t))


def more_domains(text: str, words) -> list[Cand]:
    """Industry nouns the vocabulary lacks, each kind under its own source for the scorer to weigh:
    a word naming a trade by its 业 (畜牧业, 种植业: ``sector_ye``); the nouns before 技术/研发/方面/专家/
    设备/产品 (干细胞技术, 疫苗研发: ``sector_tech_frame``); and every item of a 、/和-list closed by a
    domain word (电商、短视频和在线办公等行业: ``sector_list_item``)."""
    out: dict[tuple[int, int], Cand] = {}

    def put(c: Cand | None) -> None:
        if c is not None:
            out.setdefault((c.start, c.end), c)

    n = len(words)
    for i, w in enumerate(words):
        t = text[w.start:w.end]
        if w.tag in _NOUNISH and t.endswith("业") and 2 <= len(t) <= 6 and t not in _YE_NOT \
                and not t.endswith(tuple(x for x in _YE_NOT if len(x) == 2)):
            put(_domain_cand(text, w.start, w.end, "sector_ye"))
        if w.tag not in _NOUNISH:
            continue
        # a run of up to three nouns ending at word i, right before a frame word
        if i + 1 < n and words[i + 1].start == w.end and _TECH_FRAME.fullmatch(text[words[i + 1].start:words[i + 1].end]):
            k = i
            while k - 1 >= 0 and i - k < 2 and words[k - 1].tag in _NOUNISH and words[k - 1].end == words[k].start:
                k -= 1
            for j in range(k, i + 1):
                put(_domain_cand(text, words[j].start, w.end, "sector_tech_frame"))
    for c in economy_domains(text, words):
        put(c)
    for c in compound_domains(text, words):
        put(c)
    starts = {w.start for w in words if w.tag in _NOUNISH or w.tag in ("nz", "a", "ORG", "LOC")}
    word_starts = [w.start for w in words]
    by_end = {w.end - 1: w.start for w in words if w.start in starts}  # last character of a noun -> its start
    for m in _LIST_ITEMS.finditer(text):
        items = re.split(r"[、和及与]", m.group(1))
        pos = m.start(1)
        for k, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if "等" in item[1:] and len(item) - item.index("等", 1) <= 4:
                e = s + item.index("等", 1)  # 无人机|等物流行业: 等 closes the list, what follows qualifies the frame
            if k == 0:  # the first item may carry a verb or preposition: its last run of nouns (疫情对电商 → 电商)
                lo, hi = bisect.bisect_left(word_starts, s), bisect.bisect_left(word_starts, e)
                x = max((y for y in word_starts[lo:hi] if y in starts), default=e)
                while (x - 1) in by_end and by_end[x - 1] >= s and e - by_end[x - 1] <= 6:
                    x = by_end[x - 1]
                s = x
            put(_domain_cand(text, s, e, "sector_list_item"))
    return list(out.values())


_TRADE_HEADS = frozenset("制造业 产业 工业 农业 服务业 渔业 牧业 畜牧业 种植业 养殖业 旅游 医疗 教育 金融 物流 零售".split())
_TRADE_LEFT = frozenset({"n", "nz", "an", "nw", "a", "m"})
_TRADE_NOT = frozenset("相关 主导 支柱 特色 优势 其他 其它 各 该 本 这些 整个 上下游 配套 周边 全 各类 部分 重点 主要 "
                       "地方 当地 本地 全省 全市 全县 区域 县域 农村 城市 乡镇 一 二 三 多 几 一些".split())


def compound_domains(text: str, words) -> list[Cand]:
    """A trade named by one or two words before a trade word (先进/制造业, 战略性/新兴/产业, 乡村/旅游, 智慧/农业,
    第一/产业: ``sector_compound``), at most eight characters; not a generic or place qualifier (主导产业,
    当地农业)."""
    out = []
    for i, w in enumerate(words):
        if text[w.start:w.end] not in _TRADE_HEADS or i == 0:
            continue
        k, s = i - 1, w.start
        while k >= 0 and i - k <= 2 and words[k].end == s and words[k].tag in _TRADE_LEFT \
                and text[words[k].start:words[k].end] not in _TRADE_NOT and w.end - words[k].start <= 8 \
                and (words[k].end - words[k].start >= 2 or words[k].tag == "a"):
            s, k = words[k].start, k - 1
            c = _domain_cand(text, s, w.end, "sector_compound")
            if c is not None:
                out.append(c)
    return out


_ECONOMY_NOT = frozenset("国民 宏观 微观 市场 区域 全球 世界 国际 国内 中国 我国 全国 地方 县域 城市 城乡 农村 实体 民营 国有 "
                         "社会 整体 集体 个体 私营 非公有制 公有制 外向型 开放型 商品 计划 经济 政治 文化 发展 整个 当地 本地 "
                         "全省 全市 全区 全县 省域 市域 区域性 新 老 传统 现代 虚拟 流量 规模 总量 宏观调控".split())
_ECONOMY_LEFT = frozenset({"n", "nz", "vn", "an", "nw", "a", "TIME"})
_ECONOMY_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}经济")


def economy_domains(text: str, words) -> list[Cand]:
    """A trade named as an economy (数字经济, 网红经济, 低空经济: ``sector_economy``): one or two nouns
    written right before 经济, or a word of LAC's ending in it; not the economy of a place or a kind of
    ownership (青岛经济, 民营经济, 实体经济, 宏观经济)."""
    places = place_index()
    out = []
    for i, w in enumerate(words):
        t = text[w.start:w.end]
        if t == "经济":
            # whole words of 2-4 characters right before it (网/红/经济 → 网红经济, 夜间/经济 → 夜间经济)
            s, k = w.start, i - 1
            while k >= 0 and words[k].end == s and words[k].tag in _ECONOMY_LEFT and w.start - words[k].start <= 4:
                s, k = words[k].start, k - 1
            span = (s, w.end)
        elif _ECONOMY_WORD.fullmatch(t):
            span = (w.start, w.end)
        else:
            continue
        x = text[span[0]:span[1] - 2]
        if not 2 <= len(x) <= 4 or x in _ECONOMY_NOT or x.startswith(("全", "本", "该", "我")) \
                or places.get(x) is not None or places.get(x.rstrip("省市区县")) is not None:
            continue
        c = _domain_cand(text, span[0], span[1], "sector_economy")
        if c is not None:
            out.append(c)
    return out


_COMPANY_END = re.compile(r"(?:科技|技术|股份|实业|发展|集团|控股|有限|责任|（[^）]{1,6}）|\([^)]{1,6}\))*"
                          r"(?:有限责任公司|有限公司|公司|集团)$")


def name_domains(doc: Doc, text: str) -> list[Cand]:
    """The trade a company names itself by (云米电器科技有限公司 → 电器, 盛瑞传动公司 → 传动): the words after
    its brand, before 科技/有限公司 (``sector_in_name``)."""
    idx = place_index()
    starts, lengths = token_offsets(doc)
    ends = [a + n for a, n in zip(starts, lengths)]
    out: list[Cand] = []
    seen: set[tuple[int, int]] = set()
    for c in doc._.kg_cands or []:
        if c.type != "Company" or (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        name = text[c.start:c.end]
        m = _COMPANY_END.search(name)
        if m is None:
            continue
        core_end = c.start + m.start()
        s = c.start
        lead = idx.forms.match_at(name, 0)
        if lead is not None:
            s += lead[0]
        i = bisect.bisect_left(starts, s)
        toks = []
        while i < len(starts) and ends[i] <= core_end:
            if idx.forms.get(text[starts[i]:ends[i]]) is None:  # 国网潍坊供电: no places
                toks.append((starts[i], ends[i]))
            i += 1
        if len(toks) < 2:
            continue
        # the brand is the first word (two characters at least); the trade the rest, at most two words
        rest = toks[1:] if toks[0][1] - toks[0][0] >= 2 else toks[2:]
        rest = rest[-2:]
        if not rest:
            continue
        ds, de = rest[0][0], rest[-1][1]
        if any(text[k] in "（）()" for k in range(ds, de)):
            continue
        cand = _domain_cand(text, ds, de, "sector_in_name")
        if cand is not None and len(cand.text) <= 6:
            out.append(cand)
    return out


# what an institute, a lab, an association or a maker space is (德国生物质|研究中心, 中国洗涤用品工业|协会, 钢琴|众创园)
_UNIT_KINDS = re.compile(r"(?:运动管理中心|研究中心|研究所|研究院|科学院|重点实验室|实验室|工程中心|技术中心|创新中心|"
                         r"协会|学会|联合会|联盟|商会|众创空间|众创园|孵化器|产业园)$")
_MEMBER_ENDS = ("商", "家", "者", "员", "人", "师", "行业", "产业")
_UNIT_TYPES = frozenset({"Institute", "Lab", "Incubator", "Park"})
_UNIT_NOT = frozenset("国家 中国 国际 全国 世界 亚洲 欧洲 重点 工程 技术 科技 科学 创新 研究 发展 产业 企业 中心 联合 综合 "
                      "高等 高新 先进 应用 前沿 新型 现代 未来 协同 开放 公共 青年 妇女 老年 华人 华侨 侨界 留学生 学生".split())


def unit_domains(doc: Doc, text: str) -> list[Cand]:
    """The field an institute, a lab, an association or a maker space names itself by (德国生物质研究中心 → 生物质,
    钢琴众创园 → 钢琴): the one or two words right before the word of its kind, not a place, a generic qualifier
    nor the kind of its members (出口商协会, 律师协会) (``sector_in_unit``).  The scorer weighs them."""
    idx = place_index()
    starts, lengths = token_offsets(doc)
    ends = [a + n for a, n in zip(starts, lengths)]
    out: dict[tuple[int, int], Cand] = {}
    for c in doc._.kg_cands or []:
        if c.type not in _UNIT_TYPES:
            continue
        m = _UNIT_KINDS.search(text, c.start, c.end)
        if m is None or m.end() != c.end:
            continue
        kind_start = m.start()
        i = bisect.bisect_right(ends, kind_start) - 1  # the last token that ends at or before the kind word
        toks: list[tuple[int, int]] = []
        while i >= 0 and starts[i] >= c.start and ends[i] <= kind_start and len(toks) < 2:
            w = text[starts[i]:ends[i]]
            if w in _UNIT_NOT or idx.forms.get(w) is not None or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", w):
                break
            toks.insert(0, (starts[i], ends[i]))
            i -= 1
        if not toks or toks[-1][1] != kind_start:
            continue
        for k in range(len(toks)):
            cand = _domain_cand(text, toks[k][0], kind_start, "sector_in_unit")
            # not the kind of its members (出口商|协会, 文艺评论家|协会) nor a domain with its frame word (餐饮行业)
            if cand is not None and len(cand.text) <= 6 and not cand.text.endswith(_MEMBER_ENDS):
                out.setdefault((cand.start, cand.end), cand)
    return list(out.values())


_NOUNISH = frozenset({"n", "nz", "vn", "an", "nw"})
_FRAME_WORDS = "产业链|产业集群|产业|行业|领域|赛道|板块|业态"
_FRAME_WORD = re.compile(rf"(?:等)?(?:[一-龥]{{0,4}}?)({_FRAME_WORDS})")
_FRAME_HEAD = re.compile(_FRAME_WORDS)
_ITEM_SEP = frozenset("、")


_LIST = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9/+]{1,10}、){2,}[\u4e00-\u9fffA-Za-z0-9/+]{1,10}")
_LIST_END = re.compile(r"[等和及与的]")


def _noun_lists(text: str, words) -> list[list[tuple[int, int]]]:
    """Lists of three or more items separated by 、: the first item is the last LAC word before the first
    separator, the last one ends before 等/和/及/与/的."""
    starts = {w.start for w in words}
    out = []
    for m in _LIST.finditer(text):
        items, pos = [], m.start()
        parts = m.group().split("、")
        for k, part in enumerate(parts):
            s, e = pos, pos + len(part)
            pos = e + 1
            if k == 0:
                cut = next((x for x in range(s, e) if x in starts and e - x <= 6), e - min(len(part), 4))
                s = cut
            elif k == len(parts) - 1:
                stop = _LIST_END.search(text, s, e)
                e = stop.start() if stop else e
            if e - s >= 1:
                items.append((s, e))
        if len(items) >= 3:
            out.append(items)
    return out


def framed_nouns(text: str, words) -> list[Cand]:
    """Candidates beyond the vocabulary: runs of up to three of LAC's nouns right before a domain word
    (智能家居产业 → 智能家居) and the items of a list closed by one (游戏、动漫、音乐等领域).  The scorer
    decides what they are worth."""
    out: dict[tuple[int, int], Cand] = {}
    n = len(words)
    i = 0
    while i < n:
        if words[i].tag not in _NOUNISH:
            i += 1
            continue
        j = i
        while j + 1 < n and words[j + 1].tag in _NOUNISH and words[j + 1].start == words[j].end and j - i < 2 \
                and not _FRAME_HEAD.fullmatch(text[words[j + 1].start:words[j + 1].end]):  # 化纤/行业: stop before it
            j += 1
        end = words[j].end
        frame = _FRAME_WORD.match(text, end)
        if frame and frame.start(1) - end <= 1:
            for k in range(i, j + 1):  # the whole run and each of its tails, not from a determiner (部分|服务)
                s = words[k].start
                if 2 <= end - s <= 10 and text[s:words[k].end] not in _NOT_DOMAIN:
                    out.setdefault((s, end), Cand(s, end, text[s:end], "Sector", "sector_lac_frame", prio=0,
                                                  canon=canonical_sector(text[s:end])))
            # the items of a list ending here: back over 、-separated nouns
            k = i - 1
            while k >= 1 and text[words[k].start:words[k].end] in _ITEM_SEP and words[k - 1].tag in _NOUNISH:
                s, e = words[k - 1].start, words[k - 1].end
                if 2 <= e - s <= 10:
                    out.setdefault((s, e), Cand(s, e, text[s:e], "Sector", "sector_lac_list", prio=0,
                                                canon=canonical_sector(text[s:e])))
                k -= 2
        i = j + 1
    for items in _noun_lists(text, words):  # a list with one known domain in it is a list of domains
        if any(composed_domain(text[s:e]) for s, e in items):
            for s, e in items:
                if 2 <= e - s <= 10 and (s, e) not in out:
                    out[(s, e)] = Cand(s, e, text[s:e], "Sector", "sector_lac_peer", prio=0,
                                       canon=canonical_sector(text[s:e]))
    for w in words:  # …经济 names a domain with its head (数字经济, 会展经济)
        if w.tag in _NOUNISH | {"v"} and text.startswith("经济", w.end) and 1 <= w.end - w.start <= 4 \
                and (w.start, w.end + 2) not in out:
            out[(w.start, w.end + 2)] = Cand(w.start, w.end + 2, text[w.start:w.end + 2], "Sector", "sector_economy",
                                             prio=0, canon=text[w.start:w.end + 2])
    for w in words:  # LAC's proper nouns of things (集成电路, 石墨烯, 智能家居): often domains
        if w.tag == "nz" and 2 <= w.end - w.start <= 8 and (w.start, w.end) not in out:
            out[(w.start, w.end)] = Cand(w.start, w.end, text[w.start:w.end], "Sector", "sector_lac_nz", prio=0,
                                         canon=canonical_sector(text[w.start:w.end]))
    return list(out.values())
