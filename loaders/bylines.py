"""Bylines and credits of newspaper text: where reporters, photographers and compilers are named.

Reporters are not entities of the graph (the annotation conventions leave bylines out), but their names look
like anyone's.  A credit is a line, or a bracketed aside, that holds nothing but names with a reporter's
marker before them (本报记者, 新华社记者, 通讯员, 本报驻柏林记者), a credit word after them (摄, 整理,
采访整理, 参与采写, 编译) or a page credit's label (版式设计：, 本版制图：, 本版摄影：)::

    本报记者  毕京津
    本报记者叶传增、通讯员胡艳辉整理
    （陈晓霞、张旭航、李大勇参与采写）
    （本报记者张慧中编译）
    本版摄影：史家民  版式设计：沈亦伶
    许昌亮摄（影像中国）

A sentence that merely mentions a reporter (本报记者日前从科技部获悉，…) is no credit: it holds more than names.
"""

from __future__ import annotations

import re

_SPACE = r"[^\S\n]"
"""Any space but a line break: the paper spaces names with ASCII, ideographic and no-break spaces (U+00A0)."""
_MARKER = rf"(?:(?:本报|新华社|人民网|中新社|央视)?(?:驻[\u4e00-\u9fff]{{1,8}}?)?(?:特约|实习)?(?:记者|通讯员)|文(?={_SPACE}))"
_NAME = rf"[\u4e00-\u9fff](?:{_SPACE}{{0,2}}[\u4e00-\u9fff]){{1,3}}"
"""A reporter's name: two to four characters, the paper sometimes spacing them out (贺  勇)."""
_CREDIT = r"(?:参与采访整理|采访整理|参与采写|整理|编译|摄影报道|摄|报道)"
_PART = rf"(?:{_MARKER}{_SPACE}*)?{_NAME}"
_MORE = rf"(?:(?:、|{_SPACE})+{_PART})*{_SPACE}*"
_MARKED = re.compile(rf"{_MARKER}{_SPACE}*{_NAME}{_MORE}{_CREDIT}?")
_SOURCE = r"(?:[（(][\u4e00-\u9fff]{2,6}[)）]?)"
"""The picture agency or column after a photo credit: 姚海翔摄（人民视觉）, 许昌亮摄（影像中国）, 任  超摄（新华社发）."""
_CREDITED = re.compile(rf"{_PART}{_MORE}{_CREDIT}{_SPACE}*{_SOURCE}?")
_ASIDE = re.compile(r"[（(]([^（()）\n]{2,60})[)）]")
_LABEL = r"(?:本版)?(?:版式设计|美术编辑|图片编辑|责任编辑|责编|制图|摄影)"
"""A page credit's label: 版式设计：蔡华伟, 本版制图：汪哲平  张丹峰, 本版摄影：史家民  版式设计：沈亦伶;
its colon is sometimes left out (版式设计  蔡华伟)."""
_LABELED_PART = rf"{_LABEL}(?:{_SPACE}*[：:]|{_SPACE}){_SPACE}*{_PART}{_MORE}"
_LABELED = re.compile(rf"{_LABELED_PART}(?:{_SPACE}*{_LABELED_PART})*(?:[（(](?:新华社|人民网|中新社)发[)）]?)?")


def byline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are credits (a whole line, or the inside of a bracketed aside)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = _strip(text, m.start(), m.end())
        if s < e and _is_credit(text[s:e]):
            out.append((s, e))
            continue
        for a in _ASIDE.finditer(text, m.start(), m.end()):
            s, e = _strip(text, a.start(1), a.end(1))
            if s < e and _is_credit(text[s:e]):
                out.append((s, e))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "（("):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "）)"):
        e -= 1
    return s, e


def _is_credit(seg: str) -> bool:
    if len(seg) > 60:
        return False
    return bool(_MARKED.fullmatch(seg) or _CREDITED.fullmatch(seg) or _LABELED.fullmatch(seg))
