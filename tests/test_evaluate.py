from __future__ import annotations

import pytest

from attrib.document import Document, Quote, Span
from attrib.evaluate import evaluate_documents, match_quotes, score_document, trim

TEXT = "“We won,” Abe said. Trump said that they lost badly.\n"


def q(text: str, part: str, qtype: str = "direct", cue: str | None = None, speaker: str | None = None) -> Quote:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span(i, i + len(s))

    return Quote((span(part),), qtype, span(cue) if cue else None, span(speaker) if speaker else None)


GOLD = Document(TEXT, "d", (q(TEXT, "“We won,”", "direct", "said", "Abe"),
                            q(TEXT, "that they lost badly", "indirect", "said that", "Trump")))


def test_trim_drops_marks_punctuation_and_leading_that() -> None:
    assert TEXT[slice(*trim(TEXT, Span(0, 9)))] == "We won"
    i = TEXT.index("that they")
    assert TEXT[slice(*trim(TEXT, Span(i, i + 21)))] == "they lost badly"


def test_perfect_prediction() -> None:
    r = evaluate_documents([GOLD], [GOLD])
    for key in ("fragment", "extent", "token", "cue", "source"):
        assert r[key]["f1"] == 1.0
    assert r["type_accuracy"] == 1.0


def test_empty_prediction_scores_zero_without_error() -> None:
    r = evaluate_documents([GOLD], [Document(TEXT, "d")])
    assert r["fragment"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert r["token"]["recall"] == 0.0 and r["matched_quotes"] == 0 and r["type_accuracy"] == 0.0


def test_trimmed_match_and_partial_overlap() -> None:
    pred = Document(TEXT, "d", (q(TEXT, "We won", "indirect", "said", "Abe"),  # same after trimming
                                q(TEXT, "they lost", "indirect")))  # 2 of 4 gold tokens
    s = score_document(GOLD, pred)
    assert (s.fragment.tp, s.fragment.n_pred, s.fragment.n_gold) == (1, 2, 2)
    # tokens: gold = We won that they lost badly (6), pred = We won they lost (4), all correct
    assert (s.token.tp, s.token.n_pred, s.token.n_gold) == (4, 4, 6)
    assert s.token.precision == 1.0 and s.token.recall == pytest.approx(4 / 6)
    # matched: "We won" (J=1) and "they lost" vs "that they lost badly" (J=2/4=0.5)
    assert s.matched == 2 and s.type_correct == 1
    assert s.type_confusion[("direct", "indirect")] == 1
    assert (s.cue.tp, s.cue.n_pred, s.cue.n_gold) == (1, 1, 2)
    assert (s.source.tp, s.source.n_pred, s.source.n_gold) == (1, 1, 2)


def test_matching_is_one_to_one() -> None:
    gold = [q(TEXT, "that they lost badly")]
    pred = [q(TEXT, "they lost badly"), q(TEXT, "that they lost badly")]
    assert match_quotes(TEXT, gold, pred) == [(0, 1)]
