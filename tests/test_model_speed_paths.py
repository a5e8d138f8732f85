"""The fast paths of extraction give the same answers as the straightforward code they replace."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from attrib.document import Document, Span
from attrib.marks import find_marks
from attrib.model.decode import _START, _TRANS, TaggedSpan, _valid, _viterbi_exact, group, spans_from_tags, viterbi
from attrib.model.features import LABEL_ID, LABELS, encode
from attrib.model.quote_model import QuoteModel
from attrib.model.tagger import has_bf16_weights, predict_log_probs


def path_score(lp: np.ndarray, path: np.ndarray) -> float:
    return float(_START[path[0]] + lp[np.arange(len(path)), path].astype(np.float64).sum()
                 + _TRANS[path[:-1], path[1:]].sum())


@pytest.mark.parametrize("seed", range(5))
def test_viterbi_pieces_match_the_full_recursion(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(300):
        n = int(rng.integers(1, 80))
        # Peaked rows (like a trained model's) make cuts common; flat ones make them rare.
        lp = np.log(rng.dirichlet(np.full(len(LABELS), rng.choice([0.05, 0.3, 1.0])), size=n) + 1e-12)
        lp = lp.astype(np.float32)
        fast, full = viterbi(lp), _viterbi_exact(lp)
        assert _valid(fast).all() and fast[0] not in (LABEL_ID["I-CONTENT"], LABEL_ID["I-CUE"], LABEL_ID["I-SOURCE"])
        assert path_score(lp, fast) == pytest.approx(path_score(lp, full), abs=1e-3)


def test_viterbi_repairs_an_invalid_run_inside_a_long_document() -> None:
    lp = np.log(np.full((5000, len(LABELS)), 0.01, dtype=np.float32))
    lp[:, LABEL_ID["O"]] = np.log(0.94)
    lp[2500, LABEL_ID["I-CUE"]] = np.log(0.6)  # an I- after O: argmax is invalid here only
    lp[2500, LABEL_ID["B-CUE"]] = np.log(0.3)
    lp[2500, LABEL_ID["O"]] = np.log(0.05)
    path = viterbi(lp)
    assert LABELS[path[2500]] == "B-CUE" and (np.delete(path, 2500) == LABEL_ID["O"]).all()


def spans_reference(path: np.ndarray, log_probs: np.ndarray, offsets: np.ndarray) -> list[TaggedSpan]:
    spans, i, n = [], 0, len(path)
    while i < n:
        label = LABELS[path[i]]
        if label == "O":
            i += 1
            continue
        role, j = label[2:], i + 1
        while j < n and LABELS[path[j]] == f"I-{role}":
            j += 1
        conf = float(np.exp(log_probs[np.arange(i, j), path[i:j]]).mean())
        spans.append(TaggedSpan(role, Span(int(offsets[i, 0]), int(offsets[j - 1, 1])), conf))
        i = j
    return spans


def test_spans_from_tags_matches_the_token_loop() -> None:
    rng = np.random.default_rng(0)
    for _ in range(500):
        n = int(rng.integers(0, 40))
        path = rng.integers(0, len(LABELS), n)  # any sequence, valid or not
        lp = rng.normal(size=(n, len(LABELS))).astype(np.float32)
        offsets = np.stack([np.arange(n) * 3, np.arange(n) * 3 + 2], axis=1)
        assert spans_from_tags(path, lp, offsets) == spans_reference(path, lp, offsets)


def test_group_on_a_long_document_repeats_the_short_one() -> None:
    block = "“We won,” he said. “They lost.”\n\nAbe said that it was fine.\n\n"
    parts = [("CONTENT", "“We won,”", 1), ("SOURCE", "he", 1), ("CUE", "said", 1), ("CONTENT", "“They lost.”", 1),
             ("SOURCE", "Abe", 1), ("CUE", "said", 2), ("CONTENT", "that it was fine", 1)]

    def spans(offset: int) -> list[TaggedSpan]:
        out = []
        for role, part, nth in parts:
            i = -1
            for _ in range(nth):
                i = block.index(part, i + 1)
            out.append(TaggedSpan(role, Span(offset + i, offset + i + len(part)), 0.9))
        return out

    one = group(block, spans(0), find_marks(block))
    copies = 2000
    text = block * copies
    start = time.perf_counter()
    many = group(text, [t for k in range(copies) for t in spans(k * len(block))], find_marks(text))
    assert time.perf_counter() - start < 10  # was quadratic: every quote looked at every cue and source
    assert len(many) == copies * len(one)
    for k in (0, 1, copies - 1):
        shift = k * len(block)
        for a, b in zip(one, many[k * len(one) : (k + 1) * len(one)]):
            assert [(f.start + shift, f.end + shift) for f in a.fragments] == [(f.start, f.end) for f in b.fragments]
            assert (a.cue.start + shift, a.speaker.start + shift, a.type) == (b.cue.start, b.speaker.start, b.type)


def test_bf16_load_casts_only_the_matrix_products(tiny_model_dir) -> None:
    fp32 = QuoteModel.load(tiny_model_dir, bf16=False)
    bf16 = QuoteModel.load(tiny_model_dir, bf16=True)
    assert not has_bf16_weights(fp32.tagger) and has_bf16_weights(bf16.tagger)
    for name, p in bf16.tagger.named_parameters():
        low = name.startswith("encoder.encoder.") and "LayerNorm" not in name
        assert p.dtype == (torch.bfloat16 if low else torch.float32), name
    text = "“We won,” Trump said. Abe said that the talks were productive.\n\n" * 20
    enc = [encode(fp32.tokenizer, Document(text))]
    a = predict_log_probs(fp32.tagger, enc, fp32.cls_id, fp32.sep_id, bf16=False)[0]
    b = predict_log_probs(bf16.tagger, enc, bf16.cls_id, bf16.sep_id, bf16=True)[0]
    assert a.dtype == b.dtype == np.float32
    assert np.abs(np.exp(a) - np.exp(b)).max() < 0.05


def test_windows_sorted_by_width_give_the_same_scores(tiny_model_dir) -> None:
    model = QuoteModel.load(tiny_model_dir, bf16=False)
    texts = ["Abe said the economy grew. " * k for k in (1, 3, 40, 7, 90, 2)]
    enc = [encode(model.tokenizer, Document(t)) for t in texts]
    together = predict_log_probs(model.tagger, enc, model.cls_id, model.sep_id, batch_size=3, bf16=False)
    for e, lp in zip(enc, together):
        alone = predict_log_probs(model.tagger, [e], model.cls_id, model.sep_id, batch_size=1, bf16=False)[0]
        np.testing.assert_allclose(lp, alone, atol=1e-4)


def test_extract_many_reports_stage_timings(tiny_model) -> None:
    timings: dict[str, float] = {}
    tiny_model.extract_many([Document("“We won,” Trump said."), Document("")], timings=timings)
    assert set(timings) == {"features", "encoder", "decode", "link"}
    assert all(v >= 0 for v in timings.values())
