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
    """Adds Sector candidates to ``doc._.kg_cands``."""

    def match(self, doc: Doc) -> list[Cand]:
        return find_sectors(doc_text(doc))
