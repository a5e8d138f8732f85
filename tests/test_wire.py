from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrib.document import Document, Entity, Quote, Span
from attrib.errors import OffsetError, WireFormatError
from attrib.wire import from_dict, loads, schema, to_dict

from .conftest import SEED_GOLD


def validate(record: dict) -> None:
    jsonschema.validate(record, schema())


@st.composite
def documents(draw) -> Document:
    text = draw(st.text(min_size=0, max_size=200))
    n = len(text)

    def span() -> Span:
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        return Span(a, b)

    entities = [Entity(f"e{i}", draw(st.one_of(st.none(), st.text(max_size=20))),
                       draw(st.sampled_from(["person", "organization", "group", "document", "unnamed"])),
                       tuple(span() for _ in range(draw(st.integers(0, 3)))))
                for i in range(draw(st.integers(0, 3)))]
    quotes = []
    for i in range(draw(st.integers(0, 4))):
        frags = tuple(sorted(span() for _ in range(draw(st.integers(1, 3)))))
        quotes.append(Quote(
            fragments=frags,
            type=draw(st.sampled_from(["direct", "indirect", "mixed"])),
            cue=draw(st.one_of(st.none(), st.just(None).map(lambda _: span()))),
            speaker=draw(st.one_of(st.none(), st.just(None).map(lambda _: span()))),
            entity=draw(st.one_of(st.none(), st.sampled_from([e.id for e in entities]))) if entities else None,
            confidence=draw(st.one_of(st.none(), st.floats(0, 1).map(lambda x: round(x, 4)))),
            id=f"q{i + 1}",
        ))
    return Document(text=text, id=draw(st.text(max_size=10)), quotes=tuple(quotes), entities=tuple(entities))


@settings(max_examples=150, deadline=None)
@given(documents())
def test_round_trip_and_schema(doc: Document) -> None:
    record = to_dict(doc)
    validate(record)
    line = json.dumps(record, ensure_ascii=False)
    back = loads(line)
    assert back == doc
    for q, rq in zip(doc.quotes, record["quotes"]):
        assert rq["text"] == doc.text[q.start:q.end]
        if q.cue:
            assert rq["cue"]["text"] == doc.text[q.cue.start:q.cue.end]


@settings(max_examples=50, deadline=None)
@given(documents())
def test_no_text_record_reads_back_with_text_supplied(doc: Document) -> None:
    record = to_dict(doc, include_text=False)
    assert "text" not in record
    validate(record)
    assert from_dict(record, text=doc.text) == doc


def test_seed_gold_is_valid_and_typed() -> None:
    record = json.loads(SEED_GOLD.read_text("utf-8"))
    validate(record)
    doc = from_dict(record)
    assert len(doc.quotes) == 10
    assert {q.type for q in doc.quotes} == {"direct", "indirect", "mixed"}
    names = {doc.entity(q.entity).name for q in doc.quotes}
    assert names == {"Donald Trump", "Shinzo Abe", "Robert Lighthizer", "U.S.-Japan joint statement",
                     "United States; Japan"}
    for q in doc.quotes:
        assert q.cue is not None and q.speaker is not None


def _record() -> dict:
    return {"schema_version": 1, "id": "d1", "text": "Abe said no.",
            "quotes": [{"id": "q1", "type": "indirect", "start": 9, "end": 11, "text": "no",
                        "fragments": [[9, 11]], "cue": {"start": 4, "end": 8, "text": "said"},
                        "speaker": {"start": 0, "end": 3, "text": "Abe"}, "entity": "e1", "confidence": 0.5}],
            "entities": [{"id": "e1", "name": "Shinzo Abe", "kind": "person", "mentions": [[0, 3]]}]}


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda r: r["quotes"][0].update(end=40, fragments=[[9, 40]]), "quotes[0].fragments[0]", "outside"),
        (lambda r: r["quotes"][0]["cue"].update(text="says"), "quotes[0].cue.text", "does not match"),
        (lambda r: r["quotes"][0].update(type="quoted"), "quotes[0].type", "direct, indirect, mixed"),
        (lambda r: r["quotes"][0].update(entity="e9"), "quotes[0].entity", "not the id"),
        (lambda r: r["quotes"][0].update(confidence=3), "quotes[0].confidence", "[0, 1]"),
        (lambda r: r.update(schema_version=2), "schema_version", "unsupported"),
        (lambda r: r["entities"][0].update(kind="alien"), "entities[0].kind", "expected one of"),
        (lambda r: r["quotes"][0].update(start=8), "quotes[0]", "differ"),
        (lambda r: r["quotes"][0]["speaker"].update(start="0"), "quotes[0].speaker.start", "integer"),
    ],
)
def test_bad_record_names_record_and_field(mutate, field, words) -> None:
    record = _record()
    mutate(record)
    with pytest.raises(WireFormatError) as info:
        from_dict(record, where="gold.jsonl:7")
    message = str(info.value)
    assert info.value.code == "E201"
    assert "gold.jsonl:7" in message and f"'{field}'" in message and words in message


def test_bad_json_line() -> None:
    with pytest.raises(WireFormatError, match="line 3: not valid JSON"):
        loads("{oops", where="line 3")


def test_spans_are_checked_at_the_boundary() -> None:
    with pytest.raises(OffsetError):
        Span(5, 2)
    with pytest.raises(OffsetError):
        Document(text="short", quotes=(Quote((Span(0, 99),)),))
