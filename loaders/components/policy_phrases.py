"""Policy titles written without 《》, read from the verb that issues or applies them to the word they end with.

Newspapers often write a document's title bare: 抓紧出台推进乡村人才振兴的意见, 修订乘用车企业平均燃料消耗量与
新能源汽车积分并行管理办法, 上海市文旅局出台12条措施, 制定了婚姻法、土地改革法.  The phrase after a verb
that issues or applies a document (``patterns/policy_verbs.txt``) is a candidate when it ends, right before a
separator, with a word documents end with (:data:`HEADS`); each further item of a list (、, 和, 及, 与) that ends
the same way is one too.  Programmes (计划, 工程, 行动) are read by :mod:`kg.loaders.components.schemes`.  The candidates carry
their own source, ``bare_title``, for the entity scorer to weigh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.loaders.gazetteer import word_set
from kg.loaders.kgdoc import Cand

HEADS = ("意见", "办法", "规定", "条例", "法", "法典", "方案", "目录", "清单", "规范", "措施", "政策", "细则",
         "指引", "指南", "决定", "纲要", "准则", "公约", "协定", "协议", "名录")
"""Words a document's title ends with (计划, 工程 and 行动 end programmes' names, read elsewhere)."""
MAX_LEN = 40
_HEAD = re.compile(r"(?:%s)$" % "|".join(sorted(HEADS, key=len, reverse=True)))
_END = re.compile(r"[，。；：、,;:！？!?）)”\n]|等|和|及|与")
"""What may follow a title: a separator, 等, or a conjunction before the next item."""
_BREAK = re.compile(r"[，。；：、,;:！？!?（()）“”《》\n\s]")
# Words ending in 法 that name a way of doing, a branch of law or an act, never a law: 方法, 执法, 依法 …
_NOT_LAW = frozenset("方法 做法 说法 看法 想法 手法 疗法 算法 司法 执法 违法 立法 依法 合法 书法 技法 用法 写法 玩法 打法 "
                     "语法 章法 守法 犯法 非法 无法 设法 效法 兵法 笔法 刀法 功法 加法 减法 乘法 除法 新法".split())
# Words opening the phrase from outside (新版, 各项, 一系列, 落实|好, 制定|和|实施): dropped from its start.
_OPENING_WORDS = ("新版", "新修订的", "新修改的", "修订后的", "各项", "一系列", "系列", "一批", "首批", "第一批", "相关", "有关",
                "新一轮", "这些", "这项", "该项", "此次", "本次", "新的", "了", "好", "和", "并", "新")
# A leading word that makes the phrase no title: 对企业的减税政策, 我们的意见, 这种做法.
_NOT_START = re.compile(r"^(?:对|向|把|将|为|从|在|以|给|让|被|其|我|你|他|她|它|这|那|该|此|本|各|每|哪|什么|一些|有的|所有|的)")
_CLAUSE_WORDS = frozenset("是 要 应 应当 需要 必须 将 会 能 可 可以 已 已经 正在".split())
"""A word of one of these makes the phrase a clause (政策要尊重世卫组织的权威意见), not a title."""
_NOT_FIRST_TAGS = frozenset({"d", "ad", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "q", "y", "e", "f"})
_COUNTED = re.compile(r"\d+(?:条|项)")
MIN_LEN = 6
"""A shorter title is a kind of document (工作方案, 经济政策), but for a law (监察法) and a counted list (12条措施)."""
# Verbs that issue or apply a document and are a preposition as well (通过 "through", 根据 "according to"):
# only written right before a title in 《》 (orgs.find_policies), not here.
_PREPOSITIONS = frozenset({"通过", "根据", "依据", "按照", "遵照"})


@lru_cache(maxsize=1)
def _verbs() -> tuple[str, ...]:
    verbs = (word_set("policy_verbs.txt") - _PREPOSITIONS) | {"审议通过", "表决通过", "讨论通过"}
    return tuple(sorted(verbs, key=len, reverse=True))


def _title_at(text: str, start: int, stops: frozenset[str], words: dict[int, tuple[int, str | None]],
              ends: set[int]) -> Cand | None:
    """The title that opens at ``start`` and ends with a head word right before a separator, if any: the
    shortest, so that two titles joined by 和 are two (负面清单和鼓励外商投资产业目录)."""
    openers = _OPENING_WORDS + _verbs()
    while (o := next((o for o in openers if text.startswith(o, start) and start + len(o) in ends), None)) is not None:
        start += len(o)  # 制定实施全国中药饮片炮制规范, 落实好新修订的药品管理法: opened from outside (a whole word:
        # 新能源汽车 keeps its 新)
    m = _BREAK.search(text, start, start + MAX_LEN + 1)
    stop = m.start() if m else min(len(text), start + MAX_LEN)
    phrase = text[start:stop]
    for k in range(3, len(phrase) + 1):
        head = _HEAD.search(phrase[:k])
        if head is None or not ((k == len(phrase) and m) or _END.match(phrase, k)):
            continue
        title = phrase[:k]
        if _NOT_START.match(title) or title in stops or not _reads_as_title(text, start, start + k, words):
            return None
        if head.group() == "法" and any(title.endswith(w) for w in _NOT_LAW):
            continue  # 通过创新方法: a way of doing, no law
        if len(title) < (3 if head.group() in ("法", "条例") or _COUNTED.search(title) else MIN_LEN):
            continue
        return Cand(start, start + k, title, "Policy", "bare_title", prio=2)
    return None


def _reads_as_title(text: str, start: int, end: int, words: dict[int, tuple[int, str | None]]) -> bool:
    """False when the phrase opens with an adverb, preposition or pronoun (更大规模的减税降费政策) or holds a
    word that makes it a clause (是, 要)."""
    first = words.get(start)
    if first is not None and first[1] in _NOT_FIRST_TAGS and not text[start].isdigit():
        return False
    k = start
    while k < end and k in words:
        e, _tag = words[k]
        if text[k:e] in _CLAUSE_WORDS:
            return False
        k = e
    return True


def find_policy_phrases(text: str, tokens: list[tuple[int, int, str | None]]) -> list[Cand]:
    """Bare policy titles after a verb that issues or applies a document, and the further items of their list.

    ``tokens`` are ``(start, end, tag)`` of the text's words in order: a verb counts only where it ends a word
    (实施方案 holds no 实施).
    """
    ends = {e for _s, e, _t in tokens}
    words = {s: (e, t) for s, e, t in tokens}
    stops = word_set("stop_tokens.txt")
    out: list[Cand] = []
    for verb in _verbs():
        for m in re.finditer(re.escape(verb), text):
            if m.end() not in ends:
                continue
            start = m.end()
            while True:
                cand = _title_at(text, start, stops, words, ends)
                if cand is None:
                    break
                out.append(cand)
                joint = re.match(r"、|和|及|与|以及", text[cand.end:cand.end + 2])
                if joint is None:
                    break
                start = cand.end + joint.end()  # 制定了婚姻法、土地改革法、惩治反革命条例等: every item of the list
    # one candidate per span (a verb inside another verb, 审议通过 and 通过, finds it twice)
    return sorted({(c.start, c.end): c for c in out}.values(), key=lambda c: c.start)
