from __future__ import annotations

import pytest

from attrib.document import Document, Quote, Span
from attrib.model.features import LABELS, SHAPES, bio_labels, encode, windows, word_shape


@pytest.mark.parametrize(("n", "size", "stride"), [(0, 10, 5), (7, 10, 5), (10, 10, 5), (11, 10, 5), (1000, 254, 128)])
def test_windows_cover_every_token(n: int, size: int, stride: int) -> None:
    wins = windows(n, size, stride)
    covered = set()
    for s, e in wins:
        assert 0 <= s < e <= max(n, 1) and e - s <= size
        covered.update(range(s, e))
    assert covered == set(range(n)) or n == 0


@pytest.mark.parametrize(("word", "shape"), [("trump", "lower"), ("Trump", "title"), ("US", "upper"),
                                             ("2018", "digit"), ("“", "punct"), ("McDonald", "mixed")])
def test_word_shape(word: str, shape: str) -> None:
    assert word_shape(word) == shape


def test_encode_features_and_labels(tiny_model) -> None:
    text = "“We won,” Trump said."
    doc = Document(text, quotes=(Quote((Span(0, 9),), "direct", Span(16, 20), Span(10, 15)),))
    enc = encode(tiny_model.tokenizer, doc)
    pieces = [text[s:e] for s, e in enc.offsets]
    labels = [LABELS[i] for i in bio_labels(enc, doc)]
    by_piece = dict(zip(pieces, labels))
    assert labels[0] == "B-CONTENT" and by_piece["won"] == "I-CONTENT"
    assert by_piece["said"] == "B-CUE"
    assert by_piece["trump"] if "trump" in by_piece else by_piece["Trump"] == "B-SOURCE"
    assert SHAPES[enc.shapes[pieces.index("Trump")]] == "title"
    assert enc.quote_state[pieces.index("won")] == 1 and enc.quote_state[0] == 2
