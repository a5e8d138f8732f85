from __future__ import annotations

import numpy as np

from attrib.document import Span
from attrib.marks import find_marks
from attrib.model.decode import TaggedSpan, group, spans_from_tags, viterbi
from attrib.model.features import LABEL_ID, LABELS


def test_viterbi_never_starts_inside() -> None:
    # Per-token argmax would give O, I-CUE, I-CUE: invalid. Viterbi must give a valid sequence.
    lp = np.log(np.full((3, len(LABELS)), 0.01, dtype=np.float32))
    lp[0, LABEL_ID["O"]] = np.log(0.9)
    lp[1, LABEL_ID["I-CUE"]] = np.log(0.6)
    lp[1, LABEL_ID["B-CUE"]] = np.log(0.3)
    lp[2, LABEL_ID["I-CUE"]] = np.log(0.9)
    path = [LABELS[i] for i in viterbi(lp)]
    assert path == ["O", "B-CUE", "I-CUE"]


def test_spans_from_tags_maps_tokens_to_characters() -> None:
    offsets = np.array([[0, 3], [4, 8], [9, 11], [11, 12]])
    tags = np.array([LABEL_ID["B-SOURCE"], LABEL_ID["B-CUE"], LABEL_ID["B-CONTENT"], LABEL_ID["I-CONTENT"]])
    lp = np.zeros((4, len(LABELS)), dtype=np.float32)
    spans = spans_from_tags(tags, lp, offsets)
    assert [(s.role, s.span) for s in spans] == [("SOURCE", Span(0, 3)), ("CUE", Span(4, 8)),
                                                  ("CONTENT", Span(9, 12))]


def tagged(text: str, role: str, part: str, n: int = 1) -> TaggedSpan:
    i = -1
    for _ in range(n):
        i = text.index(part, i + 1)
    return TaggedSpan(role, Span(i, i + len(part)), 0.9)


def test_interrupted_quote_is_one_quote_with_two_fragments() -> None:
    text = "“We won,” he said. “They lost.”\n\nAbe said that it was fine."
    spans = [tagged(text, "CONTENT", "“We won,”"), tagged(text, "SOURCE", "he"), tagged(text, "CUE", "said"),
             tagged(text, "CONTENT", "“They lost.”"), tagged(text, "SOURCE", "Abe"),
             tagged(text, "CUE", "said", 2), tagged(text, "CONTENT", "that it was fine")]
    quotes = group(text, spans, find_marks(text))
    assert len(quotes) == 2
    first, second = quotes
    assert [text[f.start:f.end] for f in first.fragments] == ["“We won,”", "“They lost.”"]
    assert first.type == "direct" and text[first.speaker.start:first.speaker.end] == "he"
    assert second.type == "indirect" and text[second.cue.start:second.cue.end] == "said"
    assert text[second.speaker.start:second.speaker.end] == "Abe"


def test_two_sentences_without_reopening_mark_stay_two_quotes() -> None:
    text = "Prices rose, he said. Wages fell, he added."
    spans = [tagged(text, "CONTENT", "Prices rose"), tagged(text, "SOURCE", "he"), tagged(text, "CUE", "said"),
             tagged(text, "CONTENT", "Wages fell"), tagged(text, "SOURCE", "he", 2), tagged(text, "CUE", "added")]
    quotes = group(text, spans, find_marks(text))
    assert len(quotes) == 2
    assert text[quotes[1].cue.start:quotes[1].cue.end] == "added"


def test_single_word_contents_are_dropped() -> None:
    text = "The FBI decided after a lengthy investigation not to recommend charges, officials said."
    spans = [tagged(text, "CONTENT", "a"), tagged(text, "CONTENT", "not to recommend charges"),
             tagged(text, "SOURCE", "officials"), tagged(text, "CUE", "said")]
    quotes = group(text, spans, find_marks(text))
    assert [text[q.start:q.end] for q in quotes] == ["not to recommend charges"]


def test_coordinated_verbs_share_their_subject_as_source() -> None:
    text = ('Cruz exhorted Republicans to "vote your conscience" and said he was standing on principle. '
            'Later, officials denied it and said nothing more.')
    spans = [tagged(text, "SOURCE", "Cruz"), tagged(text, "CUE", "exhorted"),
             tagged(text, "CONTENT", "Republicans to \"vote your conscience\""), tagged(text, "CUE", "said"),
             tagged(text, "CONTENT", "he was standing on principle"),
             tagged(text, "CUE", "denied"), tagged(text, "CONTENT", "it and said nothing more")]
    quotes = group(text, spans, find_marks(text))
    assert [text[q.speaker.start:q.speaker.end] if q.speaker else None for q in quotes] == ["Cruz", "Cruz", None]


def test_a_source_is_not_shared_across_a_sentence_end() -> None:
    text = "Cruz said the vote was fair. He added that it was over."
    spans = [tagged(text, "SOURCE", "Cruz"), tagged(text, "CUE", "said"),
             tagged(text, "CONTENT", "the vote was fair"), tagged(text, "CUE", "added"),
             tagged(text, "CONTENT", "that it was over")]
    quotes = group(text, spans, find_marks(text))
    assert quotes[1].speaker is None  # "He" was not tagged; the previous sentence's subject is not assumed
    # The same when the first content holds its own full stop.
    spans[2] = tagged(text, "CONTENT", "the vote was fair.")
    assert group(text, spans, find_marks(text))[1].speaker is None
