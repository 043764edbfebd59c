"""Money amounts in Chinese text, normalised to yuan: ``100万元`` → 1 000 000.0."""

from __future__ import annotations

import re

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_UNIT = {"": 1, "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}
AMOUNT = re.compile(
    r"(?P<num>\d+(?:[ \u2009\u00a0,，]\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千]+)\s*"
    r"(?P<unit>万亿|千万|百万|亿|万|千)?\s*(?P<cur>元|人民币|美元)")


def _cn_number(s: str) -> float | None:
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (cur or 1) * _CN_UNITS[ch]
            cur = 0
        else:
            return None
    return float(total + cur)


def parse_amount(text: str) -> float | None:
    """The first amount in ``text`` in yuan (``最高500万元`` → 5e6, ``1 000万元`` → 1e7), else None.

    Amounts in other currencies (美元) are not converted and give None.
    """
    m = AMOUNT.search(text)
    if not m:
        return None
    return amount_of(m)


def amount_of(m: re.Match) -> float | None:
    if m.group("cur") == "美元":
        return None
    raw = m.group("num")
    if raw[0].isdigit():
        value = float(re.sub(r"[ \u2009\u00a0,，]", "", raw))
    else:
        v = _cn_number(raw)
        if v is None:
            return None
        value = v
    return value * _UNIT[m.group("unit") or ""]


def find_amounts(text: str) -> list[tuple[int, int, float]]:
    """All amounts in yuan as ``(start, end, value)``."""
    out = []
    for m in AMOUNT.finditer(text):
        v = amount_of(m)
        if v is not None:
            out.append((m.start(), m.end(), v))
    return out
