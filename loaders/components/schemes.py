"""Programme names read back from their head word to the verb that acts on them.

A programme is mostly named as a phrase, verbs included, closed by 计划/工程/行动
(职业技能提升行动, 留学人员回国创业启动支持计划, 炎帝陵殿修复工程), and the text
opens it with a verb acting on it (持续推进, 深入实施, 开展, 启动), a separator
(、，), or 的.  The organisation rule stops at the first verb and so cuts such a
name (促进工程); this walk stops only at the words that act on a programme
from outside.  Its candidates carry their own source, ``scheme_span``, for the
entity scorer to weigh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.loaders.gazetteer import word_set
from kg.loaders.kgdoc import Cand

HEADS = ("行动计划", "计划", "工程", "行动")
_HEAD = re.compile("|".join(HEADS))
MAX_HEAD = 16
"""At most this many characters before the head word."""
# Verbs that name what a programme does: part of its name, not the text acting on it.
_INSIDE = frozenset("支持 提升 推广 培育 引进 孵化 研发 资助 奖励 完善 优化 强化 深化 升级 改造 建设 发展 攻关 示范 创新 服务 "
                    "扶持 引导 转化 振兴 保护 培养 修复 促进 整治 治理 提质 增效 倍增 赋能 评价 认定 招引 集聚 育苗 筑巢 "
                    "回国 创业 更新 攀登 登峰 领航 腾飞 飞跃".split())
# Verbs and adverbs opening a programme's name from outside (实施X计划, 深入推进X工程), dropped from its start.
_OPENERS = frozenset("实施 推进 开展 启动 推动 落实 加快 深入 继续 持续 组织 扎实 全面 大力 着力 积极 建设 支持 推出 "
                     "出台 制定 印发 部署 执行 实行 开启 参与 参加 入选 承担 列入 纳入 依托 围绕 通过 加入 发起 牵头 主持 "
                     "完成 获批 申报 设立 打造 实现 配合 响应 遴选 推行".split())
_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "m", "q", "d", "y", "e", "f"})
_NAME_CH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·“”]")
_NOT_AFTER = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    return frozenset(word_set("stop_tokens.txt") - _INSIDE)


def find_scheme_spans(text: str, tokens: list[tuple[int, int, str | None]]) -> list[Cand]:
    """Programme candidates: a head word that ends a token, and the tokens before it up to a verb acting on it.

    ``tokens`` are ``(start, end, tag)`` of the text's words in order (jieba's tags, None when unknown).
    """
    from kg.loaders.components.orgs import is_generic

    stops = _stops()
    starts = {s: k for k, (s, _e, _t) in enumerate(tokens)}
    ends = {e: k for k, (_s, e, _t) in enumerate(tokens)}
    out: list[Cand] = []
    for m in _HEAD.finditer(text):
        s, e = m.start(), m.end()
        if e not in ends:
            continue  # 工程师, 计划生育: the head is inside a longer word
        if s not in starts:
            word_start = tokens[ends[e]][0]
            if text[word_start:s] not in _INSIDE:
                continue  # 系统工程, 民心工程: a word of its own
            s = word_start  # 名师|建设工程: one word of jieba's, a verb of the name and the head
        k = starts[s]
        start = s
        while k > 0:
            ts, te, tag = tokens[k - 1]
            word = text[ts:te]
            if te != start or not all(_NAME_CH.match(c) for c in word) or "“" in word or "”" in word:
                break
            if word in stops or (tag in _STOP_TAGS and word not in _INSIDE) or word.isdigit() \
                    or (word in _OPENERS and word not in _INSIDE):
                break  # 中国科研人员加入人类基因组计划: a verb acting on the programme ends the walk
            if s - ts > MAX_HEAD:
                break
            start = ts
            k -= 1
        # drop the verbs that open the phrase from outside (建设X工程, 实施X计划)
        k = starts.get(start)
        while k is not None and start < s:
            ts, te, _tag = tokens[k]
            if text[ts:te] not in _OPENERS or te >= s:
                break
            start = te
            k += 1
        head = text[start:s]
        if len(head) < 2 or is_generic(head):
            continue
        out.append(Cand(start, e, text[start:e], "Program", "scheme_span", prio=2))
    return out
