from __future__ import annotations

from collections import Counter

import jsonschema
import pytest

from attrib.data.polnear import convert, rejoin
from attrib.document import Span
from attrib.wire import schema, to_dict

from .conftest import DATA, requires_data

pytestmark = [pytest.mark.data, requires_data("polnear")]


@pytest.fixture(scope="module")
def dev():
    return list(convert(DATA / "polnear", "dev"))


@pytest.fixture(scope="module")
def train():
    return list(convert(DATA / "polnear", "train"))


def test_counts_match_the_data_readme(dev, train) -> None:
    assert len(dev) == 84 and len(train) == 840
    # README: ~2.2k dev and ~19.8k train attributions (first annotator per article).
    assert sum(len(d.quotes) for d in dev) == 2192
    assert sum(len(d.quotes) for d in train) == 19832


def test_every_span_is_inside_the_text_and_records_validate(dev) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for doc in dev:
        record = to_dict(doc)
        validator.validate(record)
        for q, rq in zip(doc.quotes, record["quotes"]):
            assert rq["text"] == doc.text[q.start:q.end]
            for f in q.fragments:
                assert doc.text[f.start:f.end].strip() == doc.text[f.start:f.end]  # no stray white space


def test_type_distribution(dev, train) -> None:
    for docs in (dev, train):
        types = Counter(q.type for d in docs for q in d.quotes)
        total = sum(types.values())
        assert 0.15 < types["direct"] / total < 0.25
        assert 0.10 < types["mixed"] / total < 0.17
        assert 0.60 < types["indirect"] / total < 0.72
    assert Counter(q.type for d in dev for q in d.quotes) == {"indirect": 1462, "direct": 422, "mixed": 308}


def test_nyt_double_apostrophe_quotes_are_not_indirect(train) -> None:
    nyt = [(d, q) for d in train if "/nyt_" in d.id for q in d.quotes]
    quoted = [(d, q) for d, q in nyt if d.text[q.start:q.end].startswith("''")]
    assert len(quoted) > 300
    assert all(q.type != "indirect" for _, q in quoted)


def test_discontinuous_contents_keep_fragments(train) -> None:
    multi = [q for d in train for q in d.quotes if len(q.fragments) > 1]
    assert len(multi) > 2500  # README: about 3,000 really discontinuous contents


def test_dev_speakers_become_entities(dev) -> None:
    with_entity = sum(q.entity is not None for d in dev for q in d.quotes)
    with_speaker = sum(q.speaker is not None for d in dev for q in d.quotes)
    assert with_entity == with_speaker == 2066
    doc = next(d for d in dev if "stealth-over-health" in d.id)
    post = [e for e in doc.entities if e.name == "The New York Post"]
    assert len(post) == 1 and [doc.text[m.start:m.end] for m in post[0].mentions] == ["The New York Post", "The Post"]


def test_rejoin_merges_newline_splits_only() -> None:
    text = "one two\nthree. He said. four"
    assert rejoin(text, [Span(0, 7), Span(8, 14)]) == [Span(0, 14)]
    assert rejoin(text, [Span(0, 7), Span(24, 28)]) == [Span(0, 7), Span(24, 28)]
