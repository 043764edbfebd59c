"""Which city a document, or each section of a multi-city document, is about."""

from __future__ import annotations

import re
from collections import Counter

from kg.model import Section

_CITY_MENTION = re.compile(r"([\u4e00-\u9fff]{2,3}?)市")
_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]\s*([\u4e00-\u9fff]{2,4}?)市\s*$", re.M)
_NOT_CITY = {"全", "本", "城", "该", "各", "超", "上", "股", "都", "夜", "黑"}


def detect_city(text: str) -> str | None:
    """The city most often named as ``X市`` in the text (named without 市)."""
    counts = Counter(m.group(1) for m in _CITY_MENTION.finditer(text) if m.group(1) not in _NOT_CITY)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def detect_sections(text: str) -> tuple[str | None, list[Section]]:
    """Return the document's city and its per-city sections (``一、济南市`` style headings)."""
    heads = list(_SECTION_HEADING.finditer(text))
    if len(heads) < 2:
        return detect_city(text), []
    sections = [Section(0, heads[0].start(), detect_city(text[: heads[0].start()]))]
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        sections.append(Section(h.start(), end, h.group(1)))
    return sections[1].city, sections
