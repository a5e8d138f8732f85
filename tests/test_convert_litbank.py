"""LitBank converter against the real corpus in ../shared/data/litbank (see its README for the counts)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from attrib.data import litbank
from attrib.document import Document
from attrib.errors import CorpusError
from attrib.wire import from_dict, schema, to_dict

from .conftest import DATA

SRC = DATA / "litbank"

if not SRC.is_dir():
    pytest.skip(f"LitBank data not found at {SRC}", allow_module_level=True)

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return list(litbank.convert(SRC))


def _ann_quote_texts(stem: str) -> list[str]:
    """QUOTE texts of one excerpt, read straight from the file (independent of the converter)."""
    path = SRC / "quotations" / "tsv" / f"{stem}.ann"
    lines = path.read_text("utf-8").splitlines()
    return [line.split("\t")[6] for line in lines if line.startswith("QUOTE\t")]


def test_counts_match_the_readme(docs: list[Document]) -> None:
    # ../shared/data/README.md: 100 excerpts, 1,765 quotes (14 excerpts have no dialogue at all).
    assert len(docs) == 100
    assert sum(len(d.quotes) for d in docs) == 1765
    assert sum(1 for d in docs if d.quotes) == 86
    assert len({d.id for d in docs}) == 100
    assert all(d.id.startswith("litbank/") and d.id.endswith("_brat") for d in docs)


def test_text_is_the_tokenised_excerpt(docs: list[Document]) -> None:
    for d in docs[:10]:
        raw = (SRC / "quotations" / "tsv" / f"{d.id.split('/', 1)[1]}.txt").read_text("utf-8")
        assert d.text == raw.rstrip("\n")
        assert "  " not in d.text


def test_every_quote_span_is_the_annotated_text(docs: list[Document]) -> None:
    for d in docs:
        expected = Counter(_ann_quote_texts(d.id.split("/", 1)[1]))
        # The annotation joins tokens of different sentences with a space; the document text uses "\n".
        got = Counter(d.quote_text(q).replace("\n", " ") for q in d.quotes)
        assert got == expected, d.id
        for i, q in enumerate(d.quotes, 1):
            assert len(q.fragments) == 1 and q.cue is None and q.id == f"q{i}"


def test_every_span_lies_on_token_boundaries(docs: list[Document]) -> None:
    for d in docs:
        spans = [s for q in d.quotes for s in (*q.fragments, q.speaker) if s is not None]
        spans += [m for e in d.entities for m in e.mentions]
        for s in spans:
            assert 0 <= s.start < s.end <= len(d.text)
            piece = d.text[s.start : s.end]
            assert piece == piece.strip(), (d.id, s)
            assert s.start == 0 or d.text[s.start - 1] in " \n", (d.id, s)
            assert s.end == len(d.text) or d.text[s.end] in " \n", (d.id, s)


def test_type_distribution_is_mostly_direct(docs: list[Document]) -> None:
    # LitBank is direct speech only. Measured: 1,655 direct, 102 indirect, 8 mixed. The non-direct ones are
    # speech that marks.quote_type cannot see as quoted: dash dialogue without marks (Ulysses, Portrait of
    # the Artist), italics (Gulliver), dialect apostrophes ("goin '") and straight-quote pairing that drifts
    # in an excerpt without paragraph breaks. Tokenised single quotes ("‘ Oh dear ! ’") are recognised.
    types = Counter(q.type for d in docs for q in d.quotes)
    total = sum(types.values())
    assert types["direct"] / total >= 0.93
    assert types["mixed"] / total <= 0.01
    for d in docs:
        if d.id.endswith(("_pride_and_prejudice_brat", "_emma_brat", "_persuasion_brat")):
            # Curly double quotes, no dashes: every quote of these Austen excerpts is direct.
            assert all(q.type == "direct" for q in d.quotes), d.id


def test_entities_and_speakers(docs: list[Document]) -> None:
    quotes = [(d, q) for d in docs for q in d.quotes]
    # Every quote has an ATTRIB line, so every quote has an entity; 1,440 have a speaker mention nearby.
    assert sum(q.entity is not None for _, q in quotes) == 1765
    assert sum(q.speaker is not None for _, q in quotes) == 1440
    for d in docs:
        ids = [e.id for e in d.entities]
        assert len(ids) == len(set(ids))
        assert {q.entity for q in d.quotes} == set(ids)
        for e in d.entities:
            assert e.kind == "person" and e.name and e.mentions
        quoted = [q.extent for q in d.quotes]
        for q in d.quotes:
            if q.speaker is None:
                continue
            entity = d.entity(q.entity)
            assert entity is not None and q.speaker in entity.mentions
            # A speaker mention is narration: never inside any quotation.
            assert not any(q.speaker.overlaps(x) for x in quoted), (d.id, q.id)
            # Same or adjacent sentence (sentence number = number of "\n" before the offset).
            q_first, q_last = d.text.count("\n", 0, q.start), d.text.count("\n", 0, q.end)
            m_first, m_last = d.text.count("\n", 0, q.speaker.start), d.text.count("\n", 0, q.speaker.end)
            assert m_last >= q_first - 1 and m_first <= q_last + 1, (d.id, q.id)


def test_entity_name_prefers_proper_names(docs: list[Document]) -> None:
    pp = next(d for d in docs if d.id == "litbank/1342_pride_and_prejudice_brat")
    names = {e.id: e.name for e in pp.entities}
    assert names["Mr_Bennet-6"] == "Mr. Bennet"
    assert names["Mrs_Bennet-7"] == "Mrs. Bennet"


def test_wire_round_trip_and_schema(docs: list[Document]) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for d in docs:
        record = to_dict(d)
        validator.validate(record)
        assert to_dict(from_dict(record, where=d.id)) == record
        for q in record["quotes"]:
            assert q["text"] == d.text[q["start"] : q["end"]]
            if q["speaker"]:
                assert q["speaker"]["text"] == d.text[q["speaker"]["start"] : q["speaker"]["end"]]


def test_split_is_by_work_and_deterministic(docs: list[Document]) -> None:
    parts = {s: [d.id for d in litbank.convert(SRC, s)] for s in litbank.SPLITS}
    assert [len(parts[s]) for s in ("train", "dev", "test")] == [80, 10, 10]
    assert sorted(sum(parts.values(), [])) == sorted(d.id for d in docs)
    # The novels QuoteLi3 also has sit on the same side as there (train: P&P, dev: Emma).
    assert "litbank/1342_pride_and_prejudice_brat" in parts["train"]
    assert "litbank/158_emma_brat" in parts["dev"]
    assert sum(len(d.quotes) for d in docs if d.id in parts["dev"]) == 124
    assert sum(len(d.quotes) for d in docs if d.id in parts["test"]) == 96
    with pytest.raises(CorpusError):
        list(litbank.convert(SRC, "validation"))


def _tiny_corpus(root: Path, quote_line: str) -> Path:
    for layer in ("quotations", "coref"):
        (root / layer / "tsv").mkdir(parents=True)
        (root / layer / "tsv" / "1_tiny_brat.txt").write_text('" Hello , Tom . "\nsaid Ann .\n', "utf-8")
    (root / "quotations" / "tsv" / "1_tiny_brat.ann").write_text(quote_line + "ATTRIB\tQ1\tAnn-0\n", "utf-8")
    (root / "coref" / "tsv" / "1_tiny_brat.ann").write_text(
        "MENTION\tT1\t1\t1\t1\t1\tAnn\tPER\tPROP\nCOREF\tT1\tAnn-0\n", "utf-8"
    )
    return root


def test_tiny_corpus_converts(tmp_path: Path) -> None:
    root = _tiny_corpus(tmp_path, 'QUOTE\tQ1\t0\t0\t0\t5\t" Hello , Tom . "\n')
    [doc] = litbank.convert(root)
    [q] = doc.quotes
    assert doc.text == '" Hello , Tom . "\nsaid Ann .'
    assert (doc.quote_text(q), q.type, q.entity) == ('" Hello , Tom . "', "direct", "Ann-0")
    assert q.speaker is not None and doc.span_text(q.speaker) == "Ann"
    assert doc.entities[0].name == "Ann"


@pytest.mark.parametrize(
    "bad_line",
    [
        'QUOTE\tQ1\t0\tzero\t0\t5\t" Hello , Tom . "\n',  # not an integer
        'QUOTE\tQ1\t0\t0\t0\t9\t" Hello , Tom . "\n',  # token past the sentence
        "QUOTE\tQ1\t0\t0\t0\t5\n",  # missing field
        'QUOTE\tQ1\t0\t0\t0\t4\t" Hello , Tom . "\n',  # text disagrees with the tokens
    ],
)
def test_malformed_input_names_the_file_and_line(tmp_path: Path, bad_line: str) -> None:
    root = _tiny_corpus(tmp_path, bad_line)
    with pytest.raises(CorpusError) as info:
        list(litbank.convert(root))
    assert re.search(r"1_tiny_brat\.ann:1: ", str(info.value)), str(info.value)
    assert info.value.code == "E501"


def test_not_a_litbank_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not a LitBank folder"):
        list(litbank.convert(tmp_path))
