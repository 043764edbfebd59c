"""Longest-match dictionary scanning over raw text (a small, dependency-free trie).

A :class:`Lexicon` maps terms to values and finds their leftmost-longest,
non-overlapping occurrences with character offsets.  It is used for the place
gazetteer, the sector vocabulary and the organisation gazetteers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


_VALUE = ""
"""Key of a term's value in the trie node where the term ends (no character is the empty string)."""


class Lexicon(Generic[V]):
    """Terms → values, with a character trie for leftmost-longest scanning."""

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self._terms: dict[str, V] = {}
        self._trie: dict = {}
        for term, value in items:
            self.add(term, value)

    def add(self, term: str, value: V) -> None:
        if not term:
            return
        node = self._trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[_VALUE] = value
        self._terms[term] = value

    def __contains__(self, term: object) -> bool:
        return term in self._terms

    def __len__(self) -> int:
        return len(self._terms)

    def get(self, term: str, default: V | None = None) -> V | None:
        return self._terms.get(term, default)

    def terms(self) -> list[str]:
        return list(self._terms)

    def match_at(self, text: str, i: int, end: int | None = None) -> tuple[int, V] | None:
        """The longest term starting at ``i`` (and ending by ``end``) as ``(end, value)``."""
        stop = len(text) if end is None else min(end, len(text))
        node = self._trie
        best = None
        j = i
        while j < stop:
            node = node.get(text[j])
            if node is None:
                break
            j += 1
            if _VALUE in node:
                best = (j, node[_VALUE])
        return best

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str, V]]:
        """Yield ``(start, end, term, value)`` for leftmost-longest non-overlapping matches."""
        end = len(text) if end is None else min(end, len(text))
        first = self._trie
        i = start
        while i < end:
            if text[i] in first:
                m = self.match_at(text, i, end)
                if m is not None:
                    j, v = m
                    yield i, j, text[i:j], v
                    i = j
                    continue
            i += 1

    def longest_suffix(self, text: str) -> tuple[int, V] | None:
        """The longest term that ``text`` ends with, as ``(start, value)``."""
        for n in range(len(text), 0, -1):
            t = text[-n:]
            if t in self._terms:
                return len(text) - n, self._terms[t]
        return None
