"""Learned scoring of candidate entities and relations: features, and the models that weigh them.

Rules, gazetteers and LAC propose candidates generously; a multinomial
logistic regression trained on the annotated documents (``kg train``,
:mod:`kg.loaders.training`) then says, for each candidate entity, how likely
it is a real entity of each type, and for each candidate relation how likely
the text states it.  Features are short strings (``type=Person``,
``src=lac_per|type=Person``, ``right1=说``); a model is a JSON file of weights
per feature and class (``loaders/models/``), applied here with numpy, so
extraction needs no machine-learning library and stays deterministic.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from kg.loaders.gazetteer import word_set
from kg.loaders.lac import LacWord
from kg.loaders.places import place_index

_TITLE_MAX = 8
NONE = "NONE"
"""The class of a candidate that is no entity (or no relation)."""

_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_BRACKET_NOTE = re.compile(r"[（(][^（()）]*[)）]$")
_NOT_POLICY_TAIL = ("报告", "蓝皮书", "公报", "手册", "年鉴", "词典")


def policy_head(title: str) -> bool:
    """True when a 《》 title ends with a word policy documents end with (``patterns/policy_heads.txt``),
    a bracketed note aside: 《…管理办法（试行）》; reports and yearbooks are none."""
    inner = _BRACKET_NOTE.sub("", title.strip("《》"))
    if inner.endswith(_NOT_POLICY_TAIL):
        return False
    return any(inner.endswith(h) for h in _policy_heads())


@lru_cache(maxsize=1)
def _policy_heads() -> tuple[str, ...]:
    return tuple(sorted(word_set("policy_heads.txt"), key=len, reverse=True))


@dataclass(frozen=True)
class Model:
    """A multinomial logistic regression: weights per feature and class, a bias per class, a threshold."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    threshold: float
    candidate_threshold: float | None = None
    """For relations only candidate passes proposed (co-occurrence, document topic): a higher bar."""
    type_thresholds: dict[str, float] | None = None
    """For entities: the threshold of the type a candidate is kept as, where cross-validation chose its own."""

    def threshold_of(self, type_: str) -> float:
        return self.type_thresholds.get(type_, self.threshold) if self.type_thresholds else self.threshold

    @cached_property
    def _matrix(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        names = sorted(self.weights)
        weights = np.array([self.weights[f] for f in names], dtype=np.float64).reshape(len(names), len(self.classes))
        return {f: i for i, f in enumerate(names)}, weights, np.array(self.bias, dtype=np.float64)

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        index, weights, bias = self._matrix
        rows = sorted({index[f] for f in features if f in index})  # a fixed order: the same sums in every run
        scores = bias + weights[rows].sum(axis=0) if rows else bias
        exps = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exps / exps.sum()).tolist()))

    def most_likely(self, features: Iterable[str]) -> tuple[str, float]:
        """The most probable class and its probability (ties: the first class name in sorted order)."""
        p = self.probabilities(features)
        best = max(sorted(p), key=lambda c: p[c])
        return best, p[best]

    @classmethod
    def from_json(cls, data: dict) -> Model:
        cand = data.get("candidate_threshold")
        by_type = data.get("type_thresholds")
        return cls(tuple(data["classes"]), {k: tuple(v) for k, v in data["weights"].items()},
                   tuple(data["bias"]), float(data["threshold"]), None if cand is None else float(cand),
                   {k: float(v) for k, v in by_type.items()} if by_type else None)


@lru_cache(maxsize=None)
def load_model(name: str) -> Model | None:
    """The shipped model ``loaders/models/<name>.json``, or None before any training."""
    path = resources.files("kg.loaders").joinpath(f"models/{name}.json")
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text("utf-8")))


# --------------------------------------------------------------------------- entity features


class LacIndex:
    """LAC's words of a document, looked up by character offset."""

    def __init__(self, words: Sequence[LacWord] | None) -> None:
        self.words = list(words or [])
        self.starts = [w.start for w in self.words]

    def within(self, start: int, end: int) -> list[LacWord]:
        """The words lying inside ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.words) and self.words[i].end <= end:
            out.append(self.words[i])
            i += 1
        return out

    def before(self, pos: int, n: int) -> list[LacWord]:
        """The ``n`` words ending at or before ``pos``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        while i >= 0 and self.words[i].end > pos:
            i -= 1
        return self.words[max(0, i - n + 1):i + 1] if i >= 0 else []

    def after(self, pos: int, n: int) -> list[LacWord]:
        """The ``n`` words starting at or after ``pos``."""
        i = bisect.bisect_left(self.starts, pos)
        return self.words[i:i + n]

    def at(self, start: int, end: int) -> tuple[str, bool, bool]:
        """``(tag of an identical word or '', start on a word boundary, end on a word boundary)``."""
        if not self.words:
            return "", True, True
        i = bisect.bisect_right(self.starts, start) - 1
        exact = ""
        if i >= 0 and self.words[i].start == start and self.words[i].end == end:
            exact = self.words[i].tag
        start_ok = i >= 0 and self.words[i].start == start
        j = bisect.bisect_right(self.starts, end) - 1
        end_ok = end >= len(self.starts) or (j >= 0 and (self.words[j].start == end or self.words[j].end == end))
        return exact, start_ok, end_ok


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return word_set("surnames.txt"), word_set("generic_words.txt"), word_set("titles.txt")


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Foreign countries and their short forms (``patterns/countries.txt``): a name right after one is mostly a
    place of that country (德国阿尔滕贝格, 泰国清迈), rarely a person."""
    from kg.loaders.places import region_rows

    return frozenset(n for name, aliases in region_rows("countries.txt") for n in (name, *aliases)) - {"中国"}


_COUNTED = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十百千几多数])[余多]?(?:所|家|个|座|批|支|名|位)$")
_OPEN_QUOTES = ("“", "‘", "「", "\"")


def _after_country(text: str, s: int) -> bool:
    return any(text[max(0, s - k):s] in _countries() for k in range(2, 7) if s >= k)


def entity_features(type_: str, name: str, aliases: Iterable[str], spans: Sequence[tuple[int, int, str]],
                    text: str, lac: LacIndex) -> list[str]:
    """Features of one candidate entity: its proposed type, the sources that found it, its name, its context.

    ``spans`` are its mentions as ``(start, end, source)``.
    """
    t = f"|type={type_}"
    surnames, generic, titles = _lists()
    out = [f"type={type_}", f"len={_bucket(len(name), (1, 2, 3, 4, 6, 10))}{t}", f"last1={name[-1]}{t}",
           f"last2={name[-2:]}{t}", f"last3={name[-3:]}{t}", f"first1={name[0]}{t}", f"first2={name[:2]}{t}",
           f"nmention={_bucket(len(spans), (1, 2, 4))}{t}", f"naliases={_bucket(len(set(aliases)), (0, 1, 2))}{t}"]
    out += [f"bigram={name[i:i + 2]}{t}" for i in range(len(name) - 1)]  # the kind of words the name is made of
    sources = sorted({s for _, _, s in spans})
    for s in sources:
        out += [f"src={s}", f"src={s}{t}"]
    ruled = [s for s in sources if not s.startswith("lac_") and s != "alias"]
    out.append(f"nsrc={_bucket(len(ruled), (0, 1, 2))}{t}")
    if _LATIN.search(name):
        out.append(f"latin{t}")
    if _DIGIT.search(name):
        out.append(f"digit{t}")
    if "·" in name:
        out.append(f"middot{t}")
    if name.startswith("《"):
        out.append(f"title_quotes{t}")
        if policy_head(name):
            out.append(f"policy_head{t}")
    if name in generic:
        out.append(f"generic{t}")
    if place_index().get(name) is not None:
        out.append(f"place_name{t}")
    if type_ == "Person":
        out += [f"surname={name[0] in surnames}", f"plen={len(name)}"]
    if type_ == "Sector":
        out.append(f"sector_vocab={_sector_vocab(name)}")
    if not any(text[s:e] == name for s, e, _ in spans):
        out.append(f"canon_resolved{t}")
    for s, e, _ in sorted(spans)[:4]:
        tag, start_ok, end_ok = lac.at(s, e)
        out.append(f"lac_exact={tag or '-'}{t}")
        out.append(f"lac_bounds={int(start_ok)}{int(end_ok)}{t}")
        left, right = text[max(0, s - 1):s], text[e:e + 1]
        right2 = text[e:e + 2]
        out += [f"left1={left}{t}", f"right1={right}{t}", f"right2={right2}", f"left2={text[max(0, s - 2):s]}"]
        if any(right2.startswith(x) or text[e:e + len(x)] == x for x in ("说", "表示", "介绍", "指出", "认为")):
            out.append(f"speech_after{t}")
        if any(text[max(0, s - k):s] in titles for k in range(2, min(s, _TITLE_MAX) + 1)):
            out.append(f"title_before{t}")
        if _after_country(text, s):
            out.append(f"after_country{t}")
        if _COUNTED.search(text[max(0, s - 5):s]):
            out.append(f"counted{t}")  # 两所“小汤山”医院, 一批高新区: a count before a name makes it a kind
        if left in _OPEN_QUOTES or name[0] in _OPEN_QUOTES:
            out.append(f"quoted{t}")
    return out


def _sector_vocab(name: str) -> str:
    from kg.loaders.components.sectors import composed_domain, vocab

    _, strong, weak = vocab()
    return "strong" if name in strong else "weak" if name in weak else "composed" if composed_domain(name) else "none"


def entity_decision(model: Model, type_: str, features: list[str]) -> tuple[str | None, float]:
    """``(type to keep, confidence)``, or ``(None, p)`` when the candidate is dropped.

    The proposed type is kept unless another type is clearly more likely.
    """
    chosen, keep = entity_choice(model, type_, features)
    if keep < model.threshold_of(chosen):
        return None, keep
    return chosen, round(keep, 4)


def entity_choice(model: Model, type_: str, features: list[str]) -> tuple[str, float]:
    """``(type the candidate would be kept as, probability that it is an entity)``, before any threshold."""
    p = model.probabilities(features)
    keep = 1.0 - p.get(NONE, 0.0)
    best = max((c for c in model.classes if c != NONE), key=lambda c: p[c])
    return (best if p[best] > p.get(type_, 0.0) + 0.25 else type_), keep


# --------------------------------------------------------------------------- relation features

_ROLE_BREAK = re.compile(r"[，。；：、“”《》\s]")
_PUNCT_BETWEEN = (("，", "comma"), ("、", "enum"), ("。", "stop"), ("“", "quote"), ("《", "title"))


def relation_features(rel: str, head_type: str, tail_type: str, rules: Iterable[str],
                      head_at: tuple[int, int] | None, tail_at: tuple[int, int] | None,
                      text: str, lac: LacIndex, names_between: int, persons_between: int = 0,
                      role: str | None = None, role_names: bool = False) -> list[str]:
    """Features of one candidate relation: its shape, the rules that proposed it, and what lies between its ends.

    ``head_at``/``tail_at`` are the closest mentions of the two ends in the evidence sentence (None when an
    end is not written there, e.g. a place read from a name); ``persons_between`` counts the other people
    named between them; ``role`` is an affiliation's role and ``role_names`` says another name lies in it
    (副主席丁仲礼: the role of the next person in a list).
    """
    r = f"|rel={rel}"
    out = [f"rel={rel}", f"shape={head_type}>{rel}>{tail_type}"]
    if rel == "AFFILIATED_WITH":
        out.append(f"role_len={_bucket(len(role or ''), (0, 2, 4, 8))}")
        if role_names:
            out.append("role_names")
        if role and _ROLE_BREAK.search(role):
            out.append("role_punct")
    if persons_between:
        out.append(f"persons_between={_bucket(persons_between, (1, 2))}{r}")
    rules = sorted(set(rules))
    for rule in rules:
        out += [f"rule={rule}", f"rulefam={rule.split(':', 1)[0]}{r}", f"rule={rule}{r}"]
    if rules == ["cooccurrence"]:
        out.append(f"only_cooccurrence{r}")
    for rule in rules:
        if rule.startswith("cooccurrence_inner"):
            out.append(f"inner_shape={head_type}>{rel}>{tail_type}|{rule}")
    if head_at is None or tail_at is None:
        out.append(f"ends_not_both_written{r}")
        return out
    (hs, he), (ts, te) = head_at, tail_at
    if hs <= ts and te <= he or ts <= hs and he <= te:
        out.append(f"nested{r}")
        return out
    first, second = ((hs, he), (ts, te)) if hs < ts else ((ts, te), (hs, he))
    out.append(f"head_first={hs < ts}{r}")
    gap = second[0] - first[1]
    out.append(f"gap={_bucket(max(gap, 0), (0, 1, 3, 6, 12, 25, 45))}{r}")
    between = text[first[1]:second[0]] if gap > 0 else ""
    if gap <= 0:
        out.append(f"adjacent{r}")
    elif gap <= 6:
        out.append(f"between={between}{r}")
    for ch, label in _PUNCT_BETWEEN:
        if ch in between:
            out.append(f"punct_{label}{r}")
    out.append(f"names_between={_bucket(names_between, (0, 1, 2))}{r}")
    for w in lac.within(first[1], second[0])[:8]:
        if w.tag in ("v", "p", "vn", "n", "f", "c", "u"):
            out.append(f"bw={text[w.start:w.end]}{r}")
    for w in lac.before(first[0], 2):
        out.append(f"before={text[w.start:w.end]}{r}")
    for w in lac.after(second[1], 2):
        out.append(f"after={text[w.start:w.end]}{r}")
    return out
