"""Build the extraction pipeline: a blank Chinese spaCy ``Language`` with the kg components.

>>> nlp = build_nlp()
>>> nlp.pipe_names  # doctest: +NORMALIZE_WHITESPACE
['kg_lac', 'kg_public', 'kg_places', 'kg_orgs', 'kg_persons', 'kg_sectors', 'kg_aliases', 'kg_resolve', 'kg_score', 'kg_relate',
 'kg_relscore', 'kg_instruments']
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language

# importing the component modules registers their factories
from kg.loaders.components import (  # noqa: F401
    aliases,
    lac,
    orgs,
    persons,
    places,
    public,
    relate,
    relscore,
    resolve,
    score,
    sectors,
)
from kg.loaders.components import instruments  # noqa: F401  (last: reads the finished, scored entities)

PIPE_NAMES = ("kg_lac", "kg_public", "kg_places", "kg_orgs", "kg_persons", "kg_sectors", "kg_aliases", "kg_resolve",
              "kg_score", "kg_relate", "kg_relscore", "kg_instruments")

jieba.setLogLevel(logging.WARNING)


def build_nlp(segmenter: str = "jieba") -> Language:
    """A new pipeline.  ``segmenter``: ``"jieba"`` (words) or ``"char"`` (characters)."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use)."""
    return build_nlp()
