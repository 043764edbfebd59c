"""LAC tags a sentence the same whatever it is tagged with, and extraction does not depend on hash order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from kg.goldjson import to_gold_json
from kg.ingest import sample_corpus
from kg.loaders import lac
from kg.loaders.extract import extract, extract_documents
from kg.loaders.read import iter_paths, load_document

SHORT = "苏州高新区管委会主任赵宝才认为"
LONG = ("国家发展改革委、科技部、工业和信息化部联合印发通知，支持苏州工业园区建设国家新一代人工智能创新发展试验区，"
        "推动长三角地区科技创新共同体建设取得新进展。")
SAME_LENGTH = "中科院院士王小明在北京市表示"


def test_the_encoder_reads_padding_so_padded_rows_are_not_what_a_sentence_alone_gives():
    """Why texts are batched only with texts of their own length: the encoder ignores ``length``."""
    m = lac.model()
    ids = np.zeros((1, len(SHORT) + 30), dtype=np.int64)
    ids[0, :len(SHORT)] = m.ids(SHORT)
    padded = m.session.run(None, {"token_ids": ids, "length": np.array([len(SHORT)])})[0][:, :len(SHORT)]
    alone = m.session.run(None, {"token_ids": ids[:, :len(SHORT)], "length": np.array([len(SHORT)])})[0]
    assert np.abs(padded - alone).max() > 1e-3


def test_words_do_not_depend_on_the_other_texts_of_the_call():
    alone = [lac.tag(t) for t in (SHORT, LONG, SAME_LENGTH)]
    together = lac.model().words([SHORT, LONG, SAME_LENGTH, "", SHORT])
    assert together == [*alone, [], alone[0]]
    assert any(w.tag == "PER" for w in alone[0]) and any(w.tag == "ORG" for w in alone[0])


def test_prefetched_words_are_the_words_tag_all_gives():
    fresh = lac.tag_all([SHORT, LONG])
    lac.prefetch([LONG, SAME_LENGTH, SHORT])
    try:
        assert lac.tag_all([SHORT, "", LONG]) == [fresh[0], [], fresh[1]]
    finally:
        lac.prefetch([])


def test_documents_extracted_in_a_chunk_match_each_extracted_alone():
    docs = [load_document(p) for p in iter_paths([sample_corpus()])]
    chunked = [to_gold_json(g, d) for g, d in zip(extract_documents(iter(docs)), docs)]
    alone = [to_gold_json(extract(d), d) for d in docs]
    assert chunked == alone


_EXTRACT_ONE = """
import json, sys
from kg.goldjson import to_gold_json
from kg.loaders.extract import extract
from kg.loaders.read import load_document
doc = load_document(sys.argv[1])
print(json.dumps(to_gold_json(extract(doc), doc), ensure_ascii=False, sort_keys=True))
"""


def test_extraction_is_the_same_under_any_hash_seed():
    """Sets of strings iterate in an order that changes with PYTHONHASHSEED; no result may follow it."""
    path = str(sorted(iter_paths([sample_corpus()]))[0])
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _EXTRACT_ONE, path], capture_output=True, text=True, env=env,
                             check=True)
        outs.append(json.loads(run.stdout))
    assert outs[0] == outs[1]
    assert outs[0]["entities"]


def _plain_viterbi(emissions: np.ndarray, trans: np.ndarray) -> list[int]:
    """The textbook recursion, one sentence, every predecessor of every tag."""
    score = emissions[0].copy()
    back = []
    for t in range(1, len(emissions)):
        total = score[:, None] + trans  # (from, to)
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + emissions[t]
    path = [int(score.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return path[::-1]


def test_viterbi_with_its_shortcut_is_the_textbook_recursion_on_rows_of_any_lengths():
    m = lac.model()
    rng = np.random.default_rng(7)
    n = m.transitions.shape[0]
    # a small scale makes several previous tags close contenders (the full maximum); a large one almost none
    emissions = [(rng.standard_normal((length, n)) * scale).astype(np.float32)
                 for length, scale in zip(rng.integers(1, 40, size=60), [0.05, 0.3, 5.0] * 20)]
    paths = m.viterbi(emissions)
    assert [p.tolist() for p in paths] == [_plain_viterbi(e, m.transitions) for e in emissions]


def test_a_department_written_after_a_central_body_is_its_unit():
    """LAC's words decide where the department's name stops: nouns only (教育部|召开会议部署全局 is none)."""
    from kg.loaders.components.relate import _parent, abbreviations
    from kg.loaders.extract import process
    from kg.loaders.read import parse_text

    found = {(c.text, c.canon) for c in process(parse_text(
        "工信部电子信息司司长乔跃山介绍。教育部召开会议部署全局工作。农业农村部畜牧兽医局局长杨振海表示。", "t.txt"),
        skip=("kg_resolve", "kg_score", "kg_relate", "kg_relscore", "kg_instruments"))._.kg_cands
        if c.source == "public_unit"}
    assert found == {("工信部电子信息司", "工业和信息化部电子信息司"), ("农业农村部畜牧兽医局", "农业农村部畜牧兽医局")}
    assert _parent("工业和信息化部电子信息司", {}, abbreviations(), None) == ("工业和信息化部", "Agency")
