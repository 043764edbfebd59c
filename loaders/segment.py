"""Split Chinese text into sentences with character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Sentence

# A sentence ends at 。！？；!? (plus any closing quotes/brackets) or at a line break.
_SENTENCE = re.compile(r"[^\n。！？!?；;]*(?:[。！？!?；;]+[”’」』）)\"']*|\n|$)")


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the non-blank sentences of ``text``; offsets exclude surrounding white space."""
    index = 0
    for m in _SENTENCE.finditer(text):
        raw = m.group()
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        end = m.start() + len(raw.rstrip())
        yield Sentence(index=index, start=start, end=end, text=text[start:end])
        index += 1
