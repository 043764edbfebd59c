"""What kind of support a Program, Fund or Policy is: its instrument type, from its name and the text about it.

The instrument types are ``schema/instruments.json`` (modelled on the instrument
typology of the EC-OECD STIP Compass); the cue words are data in
``patterns/instruments.txt``, in tiers tried in a fixed order (the file's
header explains each).  :func:`classify` is a pure function: the same name,
type and sentences always give the same answer, with no I/O after the first
call.

    >>> classify("康复贷", "Fund", [])
    ('loan_guarantee', '贷: 康复贷')
    >>> classify("《青岛市科学技术奖励办法》", "Policy", [])
    ('regulation', '办法: 《青岛市科学技术奖励办法》')
    >>> classify("流行病防范创新联盟", "Program", ["“流行病防范创新联盟”两周内就宣布资助3项疫苗研究。"])[0]
    'grant'
    >>> classify("某某计划", "Program", [])
    ('strategy_plan', '计划: 某某计划')
    >>> classify("某某", "Program", [])
    ('unknown', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.instruments import UNKNOWN, instrument_ids
from kg.loaders.gazetteer import read_table

if TYPE_CHECKING:
    from kg.loaders.scoring import Model

TIERS = ("levy", "document", "policy", "head", "after", "name", "plan", "text", "weak")
"""Cue tiers of ``patterns/instruments.txt``, in the order they are tried."""
POLICY_TIERS = ("levy", "document", "policy", "plan")
"""The tiers tried for a Policy: a policy document is what its kind of document says (办法, 规划 …), unless
its title says it cuts taxes or fees (``levy``: 《关于阶段性减免企业社会保险费的通知》 is a tax incentive)."""

TEXT_WINDOW = 40
"""Characters after a mention read for ``text`` cues (what the sentence says the scheme does)."""

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』《》〈〉【】\[\]()（）]")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]{0,30}[)）]\s*$")
_TRAILING_VERSION = re.compile(r"\s*[vV]?\d+(?:\.\d+)+版?\s*$")
_LEADING_ORDINAL = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]+[届期批次轮]|20\d\d年?|19\d\d年?)")
_CLOSERS = "”\"’'》」』)）"
_STOP = "，,。；;！!？?：:\n"


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue words of one tier: word → instrument (``none`` blocks the shorter words inside it)."""

    words: dict[str, str]

    def suffix(self, name: str) -> tuple[str, str] | None:
        """The longest cue ``name`` ends with, as ``(cue, instrument)``; None if none or if it is a ``none``."""
        for n in range(len(name), 0, -1):
            cue = name[-n:]
            if cue in self.words:
                inst = self.words[cue]
                return None if inst == "none" else (cue, inst)
        return None

    def occurrences(self, text: str) -> list[tuple[int, int, str, str]]:
        """``(start, end, cue, instrument)`` of every cue in ``text``, without those inside a ``none`` word."""
        found = []
        for cue, inst in self.words.items():
            k = text.find(cue)
            while k >= 0:
                found.append((k, k + len(cue), cue, inst))
                k = text.find(cue, k + 1)
        blocked = [(s, e) for s, e, _, inst in found if inst == "none"]
        return [f for f in found if f[3] != "none"
                and not any(s <= f[0] and f[1] <= e and (s, e) != (f[0], f[1]) for s, e in blocked)]


@lru_cache(maxsize=1)
def cue_tiers() -> dict[str, Cues]:
    """The tiers of ``patterns/instruments.txt``; a cue naming an instrument the schema lacks is an error."""
    known = set(instrument_ids()) | {"none"}
    words: dict[str, dict[str, str]] = {t: {} for t in TIERS}
    for row in read_table("instruments.txt"):
        if len(row) != 3 or row[0] not in words or row[1] not in known:
            raise ValueError(f"patterns/instruments.txt: bad row {row!r} (tier, instrument, cue words)")
        tier, inst, cues = row
        for cue in cues.split():
            have = words[tier].get(cue)
            if have is not None and have != inst:
                raise ValueError(f"patterns/instruments.txt: {tier} cue {cue!r} names both {have} and {inst}")
            words[tier][cue] = inst
    return {t: Cues(w) for t, w in words.items()}


def core_name(name: str) -> str:
    """The name as cues see it: no leading ordinal (第二届), trailing note (（试行）) or version (2.0), no quotes."""
    core = name.strip().strip("《》“”\"'‘’「」『』")
    while True:
        shorter = _TRAILING_VERSION.sub("", _TRAILING_NOTE.sub("", core))
        if shorter == core or not shorter:
            break
        core = shorter
    core = _LEADING_ORDINAL.sub("", core) or core
    return _QUOTES.sub("", core)


def classify(name: str, type_: str, sentences: Iterable[str] = (), aliases: Sequence[str] = ()) -> tuple[str, str | None]:
    """Instrument type of a scheme and the evidence that decided it.

    ``name`` is the scheme's name, ``type_`` its entity type (Program, Fund or
    Policy), ``sentences`` the sentences that mention it (by its name or one
    of its ``aliases``).  Returns ``(instrument, evidence)``: an id of
    ``schema/instruments.json`` and ``"cue: where it was found"`` (the name or
    the sentence); ``("unknown", None)`` when nothing decides.
    """
    tiers = cue_tiers()
    core = core_name(name)
    sentences = [s for s in sentences if s]
    names = _mention_forms(name, aliases)
    is_document = type_ == "Policy" or name.strip().startswith("《")
    for tier in POLICY_TIERS if type_ == "Policy" else TIERS:
        if tier == "policy" and not is_document:
            continue
        if tier == "weak" and _ONE_PROJECT.fullmatch(name.strip()):
            continue  # “中云智车”项目: one project, not a scheme of support
        if tier in ("document", "policy", "head", "plan", "weak"):
            hit = tiers[tier].suffix(core) or _numbered_measures(core, tier)
            if hit:
                return hit[1], f"{hit[0]}: {name}"
        elif tier in ("name", "levy"):
            hit = _rightmost(tiers[tier].occurrences(core))
            if hit:
                return hit[1], f"{hit[0]}: {name}"
        elif tier == "after":
            hit = _after(tiers[tier], sentences, names)
            if hit:
                return hit
        elif tier == "text":
            hit = _nearest(tiers[tier], sentences, names)
            if hit:
                return hit
    if type_ == "Policy":
        return "regulation", f"Policy: {name}"
    return UNKNOWN, None


CONTEXT_TIERS = ("name", "after", "text")
"""Tiers whose cue words, anywhere in a scheme's sentences, are features of the learned classifier."""
CONTEXT_CHARS = 600
"""How much of a scheme's sentences (joined, from the first) the learned classifier reads."""


def features(name: str, type_: str, sentences: Iterable[str] = (), aliases: Sequence[str] = (),
             rule: tuple[str, str | None] | None = None) -> list[str]:
    """Features of a scheme for the learned instrument classifier (``loaders/models/instruments.json``).

    What the cue rules decide (:func:`classify`, or ``rule`` when already known) and by which cue; the
    scheme's type; the last characters and the character pairs of its core name; whether it is a 《》 title;
    and which instruments the cue words of its sentences name.
    """
    sentences = [s for s in sentences if s]
    inst, evidence = rule or classify(name, type_, sentences, aliases)
    core = core_name(name)
    out = [f"type={type_}", f"rule={inst}", f"rule={inst}|type={type_}", f"title={name.strip().startswith('《')}"]
    if evidence:
        out.append(f"cue={evidence.split(':', 1)[0]}")
    out += [f"last{n}={core[-n:]}" for n in (1, 2, 3) if len(core) >= n]
    out += [f"bi={core[i:i + 2]}" for i in range(len(core) - 1)]
    context = "".join(sentences)[:CONTEXT_CHARS]
    tiers = cue_tiers()
    for tier in CONTEXT_TIERS:
        out += [f"ctx_{tier}={i}" for i in sorted({f[3] for f in tiers[tier].occurrences(context)})]
    return out


def decide(name: str, type_: str, sentences: Iterable[str] = (), aliases: Sequence[str] = (),
           model: "Model | None" = None) -> tuple[str, str | None]:
    """Instrument type of a scheme and its evidence: the learned classifier's choice over :func:`features`
    when a model is given (the cue rules' evidence when it agrees with them; ``unknown`` has none, as
    always), else :func:`classify`."""
    sentences = [s for s in sentences if s]
    rule = classify(name, type_, sentences, aliases)
    if model is None:
        return rule
    best, p = model.most_likely(features(name, type_, sentences, aliases, rule))
    if best == rule[0]:
        return rule
    if best == UNKNOWN:
        return UNKNOWN, None
    return best, f"model {p:.2f} (cue rules: {rule[0]}): {name}"


_ONE_PROJECT = re.compile(r"“[^“”]+”项目")
_NUMBERED = re.compile(r"[\d一二三四五六七八九十百]+[条项]$")


def _numbered_measures(core: str, tier: str) -> tuple[str, str] | None:
    """``科创30条``, ``独角兽10条``: a numbered list of measures is a regulation."""
    if tier == "document":
        m = _NUMBERED.search(core)
        if m:
            return m.group(), "regulation"
    return None


def _rightmost(found: list[tuple[int, int, str, str]]) -> tuple[str, str] | None:
    if not found:
        return None
    start, end, cue, inst = max(found, key=lambda f: (f[1], f[1] - f[0]))
    return cue, inst


def _mention_forms(name: str, aliases: Sequence[str]) -> list[str]:
    forms = {name, *aliases}
    forms |= {_QUOTES.sub("", f) for f in forms}
    forms |= {f.strip("《》“”\"") for f in forms}
    return sorted((f for f in forms if len(f) >= 2), key=lambda f: -len(f))


def _mention_ends(sentence: str, names: list[str]) -> list[int]:
    """Where each mention of the scheme ends in ``sentence`` (longest forms first, no overlaps)."""
    taken: list[tuple[int, int]] = []
    ends = []
    for form in names:
        k = sentence.find(form)
        while k >= 0:
            e = k + len(form)
            if not any(s < e and k < t for s, t in taken):
                taken.append((k, e))
                ends.append(e)
            k = sentence.find(form, e)
    return sorted(ends)


_MARKER = re.compile(r"(?:的|等|这一|这个|这些|作为|成为|是)?")
_GAP = re.compile(r"[^，,。；;！!？?：:、“”\"\n]{0,8}")


def _after(cues: Cues, sentences: list[str], names: list[str]) -> tuple[str, str] | None:
    """What the text right after a mention calls the scheme: ``“X”的项目``, ``X、Y等平台``, ``X等一批攻关项目``."""
    words = sorted(cues.words, key=len, reverse=True)
    for sentence in sentences:
        for end in _mention_ends(sentence, names):
            tail = sentence[end:end + TEXT_WINDOW]
            i = 0
            while i < len(tail) and tail[i] in _CLOSERS:
                i += 1
            j = i
            while j < len(tail) and tail[j] == "、":  # an enumeration: X、Y、Z等平台
                k = j + 1
                while k < len(tail) and tail[k] not in _STOP and tail[k] != "、" and tail[k] != "等":
                    k += 1
                j = k
            rest = tail[j:]
            if j > i and not rest.startswith("等"):
                continue
            m = _MARKER.match(rest)
            rest = rest[m.end():]
            limit = _GAP.match(rest).end() if m.group() else 0
            for k in range(0, limit + 1):
                hit = next((w for w in words if rest.startswith(w, k)), None)
                if hit:
                    inst = cues.words[hit]
                    if inst == "none":
                        break
                    return inst, f"{hit}: {sentence.strip()}"
    return None


def _nearest(cues: Cues, sentences: list[str], names: list[str]) -> tuple[str, str] | None:
    """The text cue nearest after any mention, within :data:`TEXT_WINDOW` characters of the same sentence."""
    best: tuple[int, int, str, str, str] | None = None
    for n, sentence in enumerate(sentences):
        for end in _mention_ends(sentence, names):
            window = sentence[end:end + TEXT_WINDOW]
            for start, stop, cue, inst in cues.occurrences(window):
                key = (start, n, -len(cue))
                if best is None or key < best[:3]:
                    best = (start, n, -len(cue), cue, inst)
                    best_sentence = sentence
    if best is None:
        return None
    return best[4], f"{best[3]}: {best_sentence.strip()}"
