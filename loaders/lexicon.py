"""Longest-match dictionary scanning over raw text (a small, dependency-free matcher).

A :class:`Lexicon` maps terms to values and finds their leftmost-longest,
non-overlapping occurrences with character offsets.  It is used for the place
gazetteer, the sector vocabulary and the organisation gazetteers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


class Lexicon(Generic[V]):
    """Terms → values, scanned by first character and length (longest first)."""

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self._terms: dict[str, V] = {}
        self._lengths: dict[str, list[int]] = {}
        for term, value in items:
            self.add(term, value)

    def add(self, term: str, value: V) -> None:
        if not term:
            return
        if term not in self._terms:
            lens = self._lengths.setdefault(term[0], [])
            if len(term) not in lens:
                lens.append(len(term))
                lens.sort(reverse=True)
        self._terms[term] = value

    def __contains__(self, term: object) -> bool:
        return term in self._terms

    def __len__(self) -> int:
        return len(self._terms)

    def get(self, term: str, default: V | None = None) -> V | None:
        return self._terms.get(term, default)

    def terms(self) -> list[str]:
        return list(self._terms)

    def match_at(self, text: str, i: int) -> tuple[int, V] | None:
        """The longest term starting at ``i`` as ``(end, value)``."""
        lens = self._lengths.get(text[i]) if i < len(text) else None
        if not lens:
            return None
        for n in lens:
            t = text[i:i + n]
            if len(t) == n and t in self._terms:
                return i + n, self._terms[t]
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, V]]:
        """Yield ``(start, end, term, value)`` for leftmost-longest non-overlapping matches."""
        end = len(text) if end is None else end
        i = start
        lengths = self._lengths
        while i < end:
            if text[i] in lengths:
                m = self.match_at(text[:end], i) if end < len(text) else self.match_at(text, i)
                if m is not None:
                    j, v = m
                    yield i, j, text[i:j], v
                    i = j
                    continue
            i += 1

    def longest_suffix(self, text: str) -> tuple[int, V] | None:
        """The longest term that ``text`` ends with, as ``(start, value)``."""
        best = None
        for n in range(len(text), 0, -1):
            t = text[-n:]
            if t in self._terms:
                return len(text) - n, self._terms[t]
        return best
