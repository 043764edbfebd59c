"""``kg_persons``: person names next to titles and roles.

Patterns (titles in ``patterns/titles.txt``, surnames in ``patterns/surnames.txt``):
``[organisation][title]NAME`` (市科技局局长李天传), ``NAME[title]`` (黄和院士),
``[title]NAME`` (院士吴云东, 总统赫尔佐格), foreign names with ``·``, and lists
closed by a person head (张建伟、刘大响等顶尖人才; 宜良龙、薛长湖两位…院士).
A Chinese name is a surname and one or two characters; the length is decided by
the word that follows (``patterns/person_followers.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg
from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.gazetteer import word_set
from kg.loaders.kgdoc import Cand, Recognizer, doc_text
from kg.loaders.places import country_short

# parts joined by · and, inside a part, by — (让—马克·菲利普, 瓦伊拉·维基耶—弗赖贝加)
_FOREIGN = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·—][\u4e00-\u9fff]{1,10})+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FOREIGN_TITLES = ("总统", "总理", "首相", "国王", "大使", "外长")


@lru_cache(maxsize=1)
def _tables():
    titles = sorted(word_set("titles.txt"), key=len, reverse=True)
    title_re = re.compile("|".join(re.escape(t) for t in titles))
    sur = word_set("surnames.txt")
    return titles, title_re, sur, word_set("person_followers.txt"), word_set("stop_tokens.txt")


def chinese_name_at(text: str, i: int) -> int | None:
    """End of a Chinese name starting at ``i`` (surname + 1–2 characters), else None."""
    _, _, sur, followers, _ = _tables()
    m = _FOREIGN.match(text, i)
    if m and "·" in m.group():
        return _foreign_end(text, m.start(), m.end(), followers)
    if text[i:i + 2] in sur:
        slen = 2
    elif text[i:i + 1] in sur:
        slen = 1
    else:
        return None
    g = i + slen
    if g >= len(text) or not _CJK.match(text[g]):
        return None
    # given name: 1 or 2 characters
    if g + 1 >= len(text) or not _CJK.match(text[g + 1]):
        return g + 1
    if _follows(text, g + 1, followers):
        return g + 1
    if g + 2 < len(text) and _CJK.match(text[g + 2]) and not _follows(text, g + 2, followers):
        # a third given character would make the name too long: accept 2 anyway
        return g + 2
    return g + 2


def _foreign_end(text: str, start: int, end: int, followers: frozenset[str]) -> int:
    """End of a transliterated name ``text[start:end]`` (安德鲁·巴尔): its last part stops before a word that
    follows names (安德鲁·巴尔日前宣布 → 安德鲁·巴尔)."""
    last = max(text.rfind("·", start, end), text.rfind("—", start, end)) + 2
    for k in range(last, end):
        if _follows(text, k, followers):
            return k
    return end


def _transliterated_at(text: str, i: int, title_re: re.Pattern) -> bool:
    """True when a transliterated name with · starts at ``i`` (总统瓦伊拉·维基耶—弗赖贝加), not a second title
    (总统|发言人萨尔瓦多·帕内洛)."""
    if title_re.match(text, i) is not None:
        return False
    m = _FOREIGN.match(text, i)
    return m is not None and "·" in m.group()


def _follows(text: str, k: int, followers: frozenset[str]) -> bool:
    for n in (3, 2, 1):
        if text[k:k + n] in followers:
            return True
    return False


def find_persons(text: str) -> list[Cand]:
    titles, title_re, sur, followers, stops = _tables()
    out: list[Cand] = []
    for m in title_re.finditer(text):
        ts, te = m.span()
        title = m.group()
        # [title]NAME
        if te < len(text):
            if title in _FOREIGN_TITLES and not _transliterated_at(text, te, title_re):
                k = te
                while k < len(text) and k - te < 8 and _CJK.match(text[k]) and not _follows(text, k, followers):
                    k += 1
                if k - te >= 2:
                    out.append(Cand(te, k, text[te:k], "Person", "title_before", prio=3, data={"role": title}))
                    continue
            end = chinese_name_at(text, te)
            if end is not None and _name_ok(text, te, end) and _ends_ok(text, end, followers):
                out.append(Cand(te, end, text[te:end], "Person", "title_before", prio=3, data={"role": title}))
                continue
        # NAME[title] (黄和院士, 邓子新院士团队)
        if title in ("院士", "教授", "研究员", "博士", "外籍院士") and ts >= 2:
            for n in (3, 2):
                s = ts - n
                if s < 0:
                    continue
                prev = text[s - 1] if s > 0 else "\n"
                if _CJK.match(prev) and prev not in "、和与及的是有等位名了" and \
                        not text[:s].endswith(_ORG_ENDS):
                    continue
                if chinese_name_at(text, s) == ts and _name_ok(text, s, ts):
                    out.append(Cand(s, ts, text[s:ts], "Person", "title_after", prio=3, data={"role": title}))
                    break
    # lists closed by a person head: A、B等…人才 / A、B两位…院士
    for m in re.finditer(r"((?:[\u4e00-\u9fff·]{2,10}、)+[\u4e00-\u9fff·]{2,10})(?:等|两位|三位|四位|几位)"
                         r"[^，。；、的]{0,8}?(人才|院士|专家|科学家|教授|学者)", text):
        pos = m.start(1)
        items = m.group(1).split("、")
        found = []
        for n, item in enumerate(items):
            s = pos
            if n == 0:
                # the first item may carry words before it (新增了宜良龙): keep its tail
                k = max(item.rfind(c) for c in "了的有增引育持") + 1
                if 2 <= len(item) - k <= 3:
                    found.append((s + k, s + len(item)))
            elif "·" in item or chinese_name_at(text, s) == s + len(item) or len(item) in (2, 3):
                found.append((s, s + len(item)))
            pos += len(item) + 1
        if len(found) == len(items):
            for s, e in found:
                out.append(Cand(s, e, text[s:e], "Person", "list", prio=3,
                                data={"role": m.group(2) if m.group(2) == "院士" else None}))
    return out


_ORG_ENDS = ("大学", "学院", "研究院", "研究所", "公司", "集团", "中心", "实验室", "医院", "科学院", "工程院")


def _ends_ok(text: str, end: int, followers: frozenset[str]) -> bool:
    return end >= len(text) or not _CJK.match(text[end]) or _follows(text, end, followers)


def _name_ok(text: str, s: int, e: int) -> bool:
    name = text[s:e]
    titles, _, _, _, stops = _tables()
    if name in stops or len(name) < 2:
        return False
    if text[e - 1:e + 1] in titles or text[e - 1:e + 2] in titles:
        return False
    tag = jieba.posseg.dt.word_tag_tab.get(name)
    if tag is not None and not tag.startswith("nr"):
        return False
    return True


@Language.factory("kg_persons", default_config={})
def make_persons(nlp: Language, name: str) -> "PersonRecognizer":
    return PersonRecognizer()


class PersonRecognizer(Recognizer):
    """Adds Person candidates to ``doc._.kg_cands``."""

    def match(self, doc: Doc) -> list[Cand]:
        return find_persons(doc_text(doc))


_ADDRESS_TAIL = ("某某", "某", "女士", "先生", "小姐", "同学", "师傅", "阿姨", "大爷", "大妈", "老板")


_ADDRESS_TITLES = ("老师", "院士", "教授", "博士", "医生", "大夫", "书记", "主任", "校长", "院长", "所长", "局长", "处长",
                   "科长", "部长", "厂长", "村长", "镇长", "县长", "市长", "总", "工", "总工", "工程师", "师傅", "护士长")


_KIN_TAILS = ("伯伯", "叔叔", "奶奶", "爷爷", "爹爹", "婆婆", "嬢嬢", "姥姥", "姥爷", "大姐", "大哥", "大叔", "大娘", "大婶",
              "家人", "一家",
              "伯", "叔", "婶", "嫂", "姨", "家", "哥", "姐")
"""Kinship words a surname takes to address someone or to speak of a family (罗伯伯, 梁叔, 韩家, 吕哥)."""


def is_form_of_address(name: str) -> bool:
    """True for what stands for a person without naming one: 施某, 徐某东 (an anonymised name), 赵女士, 王先生,
    老王, 小李, 易老师, 张院士 (a surname and a title), 罗伯伯, 梁叔, 韩家 (a surname and a kinship word)."""
    if name.endswith(_ADDRESS_TAIL) or "某" in name:
        return True
    sur = _tables()[2]
    if name in sur:
        return True  # 欧阳 alone: a surname names nobody
    for kin in _KIN_TAILS:
        if name.endswith(kin) and name[: -len(kin)] in sur:
            return True
    for title in _ADDRESS_TITLES:
        head = name[: -len(title)]
        if name.endswith(title) and head and (head in sur or len(head) == 2 and head[0] in "老小"):
            return True
    if len(name) == 3 and name[0] in "老小阿" and name[1] in sur and name[2] in "哥姐":
        return True  # 小武哥, 阿李姐
    return len(name) == 2 and name[0] in "老小阿" and name[1] in sur


_THING_TAILS = ("故居", "纪念馆", "奖", "杯", "大街", "大道", "广场", "公园", "大桥")
"""Heads of places and awards named after people (宋庆龄故居, 塞万提斯奖): what ends with one names no person."""


def names_a_thing(name: str) -> bool:
    """True for a place or an award named after a person, which LAC may tag as the person (宋庆龄故居, 塞万提斯奖)."""
    return name.endswith(_THING_TAILS)


def names_a_visit(name: str) -> bool:
    """True for a visit to a country, which LAC may tag as a person after a title (习近平主席|访尼, 访华)."""
    return len(name) in (2, 3) and name[0] == "访" and (name[1:] in ("华", "中") or country_short(name[1:]))


def ends_inside_title(name: str, after: str) -> bool:
    """True when ``name`` is a surname and the start of a title the text completes after it (张工程|师): a
    form of address cut short, not a name."""
    titles, _, sur, _, _ = _tables()
    for k in (1, 2):
        if name[:k] not in sur or k >= len(name):
            continue
        rest = name[k:] + after
        if any(rest.startswith(t) and len(t) > len(name) - k for t in titles):
            return True
    return False
