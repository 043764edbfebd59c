"""``kg_sectors``: industry and technology domains.

Strong terms (``patterns/sectors.txt``) are sectors wherever they stand; weak,
generic ones (``patterns/sectors_weak.txt``: 能源, 医疗, 海洋) only where the
text frames them as a domain: followed by 产业/行业/领域/方向/赛道/产业链, after
专注于/聚焦/面向/投向, or in a list closed by such a word.  A phrase made of
vocabulary words and framed as a domain is one sector (海洋物联网这一未来产业,
食品饮料产业链).  Sector candidates live beside the other mentions: they may lie
inside an organisation's name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import term_list
from kg.loaders.kgdoc import Cand, Recognizer, doc_text
from kg.loaders.lexicon import Lexicon

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
    lex, strong, weak = vocab()
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
    for s, e, term, is_strong in lex.finditer(text):
        if covered[s]:
            continue
        # a longer composed phrase framed right after (海洋物联网这一未来产业)
        if is_strong or _framed(text, s, e):
            out[(s, e)] = Cand(s, e, term, "Sector", "sector_vocab" if is_strong else "sector_weak",
                               prio=0, canon=canonical_sector(term))
    return sorted(out.values(), key=lambda c: (c.start, c.end))


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
        return found + [c for c in framed_nouns(text, doc._.kg_lac or []) if (c.start, c.end) not in have]


_NOUNISH = frozenset({"n", "nz", "vn", "an", "nw"})
_FRAME_WORD = re.compile(r"(?:等)?(?:[一-龥]{0,4}?)(产业链|产业集群|产业|行业|领域|赛道|板块|业态)")
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
        while j + 1 < n and words[j + 1].tag in _NOUNISH and words[j + 1].start == words[j].end and j - i < 2:
            j += 1
        end = words[j].end
        frame = _FRAME_WORD.match(text, end)
        if frame and frame.start(1) - end <= 1:
            for k in range(i, j + 1):  # the whole run and each of its tails
                s = words[k].start
                if 2 <= end - s <= 10:
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
