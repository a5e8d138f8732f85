"""QuoteLi3 converter against the real corpus in ../shared/data/quoteli3 (see its README for the counts)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from attrib.data import quoteli3
from attrib.document import Document
from attrib.errors import CorpusError
from attrib.wire import from_dict, schema, to_dict

from .conftest import DATA

SRC = DATA / "quoteli3"
BOOKS = ("emma", "pp", "steppe")

if not SRC.is_dir():
    pytest.skip(f"QuoteLi3 data not found at {SRC}", allow_module_level=True)

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return list(quoteli3.convert(SRC))


@pytest.fixture(scope="module")
def trees() -> dict[str, ET.Element]:
    """The books parsed by xml.etree: an independent reading to check the converter's offsets against."""
    return {stem: ET.parse(SRC / "corpus" / f"{stem}.xml").getroot() for stem in BOOKS}


def _book(doc: Document) -> str:
    return doc.id.split("/")[1]


def test_counts_match_the_readme(docs: list[Document], trees: dict[str, ET.Element]) -> None:
    # README: 3,002 quotes. That is the number of <quote> elements; 2 of them are marked
    # speaker="NOTANUTTERANCE" (scare quotes in Pride and Prejudice: "stupid, disagreeable fellows.",
    # "Mrs. Wickham"), which are not speech, so the converter yields 3,000.
    elements = [q for root in trees.values() for q in root.iter("quote")]
    assert len(elements) == 3002
    assert sum(q.get("speaker") == quoteli3.NOT_SPEECH for q in elements) == 2
    assert sum(len(d.quotes) for d in docs) == 3000
    per_book = Counter()
    for d in docs:
        per_book[_book(d)] += len(d.quotes)
    assert per_book == {"pp": 1573, "emma": 742, "steppe": 685}
    # One document per chapter.
    assert Counter(_book(d) for d in docs) == {"pp": 53, "emma": 21, "steppe": 8}
    assert len({d.id for d in docs}) == len(docs) == 82


def test_text_is_the_chapter_without_tags(docs: list[Document], trees: dict[str, ET.Element]) -> None:
    for stem, root in trees.items():
        chapters = root.find("text").findall("chapter")
        mine = [d for d in docs if _book(d) == stem]
        assert [d.text for d in mine] == ["".join(ch.itertext()) for ch in chapters]
    for d in docs:
        assert "<quote" not in d.text and "<mention" not in d.text
    # Entities are resolved; pp.xml double-escapes one "&c." as "&amp;amp;c.", which stays "&amp;c.".
    assert sum(d.text.count("&amp;") for d in docs) == 1


def test_every_quote_span_is_the_annotated_text(docs: list[Document], trees: dict[str, ET.Element]) -> None:
    for stem, root in trees.items():
        speech = [q for q in root.iter("quote") if q.get("speaker") != quoteli3.NOT_SPEECH]
        expected = Counter("".join(q.itertext()).strip() for q in speech)
        got = Counter(d.quote_text(q) for d in docs if _book(d) == stem for q in d.quotes)
        assert got == expected, stem


def test_speaker_mention_is_the_connected_mention(docs: list[Document], trees: dict[str, ET.Element]) -> None:
    for stem, root in trees.items():
        mention_text = {m.get("id"): "".join(m.itertext()).strip() for m in root.iter("mention")}
        expected = Counter()
        for q in root.iter("quote"):
            targets = [t for t in (q.get("connection") or "").split(",") if t]
            if q.get("speaker") in (quoteli3.NOT_SPEECH, quoteli3.UNSURE) or not targets:
                continue
            # One quote (pp s994, "Yes, Ma'am, all.") names two mentions of Elizabeth; the converter
            # takes the nearer one, "Miss Bennet" (s1014), not the first listed, "Elizabeth" (s1009).
            target = "s1014" if q.get("id") == "s994" and stem == "pp" else targets[0]
            assert len(targets) == 1 or target in targets
            expected[(q.get("speaker"), mention_text[target])] += 1
        book = [d for d in docs if _book(d) == stem]
        got = Counter((q.entity, d.span_text(q.speaker)) for d in book for q in d.quotes if q.speaker)
        assert got == expected, stem


def test_entities_and_speakers(docs: list[Document]) -> None:
    quotes = [q for d in docs for q in d.quotes]
    # Every quote names its character except the one UNSURE quote; 34 quotes have an empty connection.
    assert sum(q.entity is not None for q in quotes) == 2999
    assert sum(q.speaker is not None for q in quotes) == 2968
    for d in docs:
        assert {q.entity for q in d.quotes if q.entity} == {e.id for e in d.entities}
        for e in d.entities:
            assert e.kind == "person" and e.name and "_" not in e.name
        for q in d.quotes:
            assert len(q.fragments) == 1 and q.cue is None
            if q.speaker is not None:
                entity = d.entity(q.entity)
                assert entity is not None and q.speaker in entity.mentions
    names = {e.id: e.name for d in docs for e in d.entities}
    assert names["Mrs_Bennet"] == "Mrs. Bennet"
    assert names["Emma_Woodhouse"] == "Emma Woodhouse"


def test_type_distribution_is_mostly_direct(docs: list[Document]) -> None:
    # Direct speech only. Measured: 2,978 direct, 21 mixed (all Pride and Prejudice: letters whose
    # paragraphs do not reopen a quotation mark, and speech quoting speech with straight double quotes,
    # which pair as close + reopen), 1 indirect (The Steppe ch. 2: the text lacks the opening mark).
    types = Counter(q.type for d in docs for q in d.quotes)
    assert types["direct"] / sum(types.values()) >= 0.99
    assert all(q.type == "direct" for d in docs if _book(d) == "emma" for q in d.quotes)


def test_quote_spans_are_trimmed_and_marked(docs: list[Document]) -> None:
    for d in docs:
        for q in d.quotes:
            text = d.quote_text(q)
            assert text and text == text.strip(), (d.id, q.id)
    texts = [d.quote_text(q) for d in docs for q in d.quotes]
    edges = Counter(t[0] in "\"'" and t[-1] in "\"'" for t in texts)
    # 12 quotes lack a mark at one end, as annotated: 10 are the two halves of 5 Emma utterances split at
    # an interrupting aside ("-- (in a very depressed tone)-- "), The Steppe ch. 2 has no opening mark in the
    # text at all, and in The Steppe ch. 6 the closing ' lies just outside the element. Kept as annotated.
    assert edges[False] == 12


def test_wire_round_trip_and_schema(docs: list[Document]) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for d in docs:
        record = to_dict(d)
        validator.validate(record)
        assert to_dict(from_dict(record, where=d.id)) == record
        for q in record["quotes"]:
            assert q["text"] == d.text[q["start"] : q["end"]]
        for e in record["entities"]:
            for start, end in e["mentions"]:
                assert d.text[start:end] and d.text[start:end] == d.text[start:end].strip()


def test_split_is_by_book(docs: list[Document]) -> None:
    train = [d.id for d in quoteli3.convert(SRC, "train")]
    dev = [d.id for d in quoteli3.convert(SRC, "dev")]
    assert {i.split("/")[1] for i in train} == {"pp", "steppe"}
    assert {i.split("/")[1] for i in dev} == {"emma"}
    assert sorted(train + dev) == sorted(d.id for d in docs)
    with pytest.raises(CorpusError, match="no test split|unknown QuoteLi3 split"):
        list(quoteli3.convert(SRC, "test"))


_GOOD = """<doc>
  <characters>
    <character name="Ann_Lee" aliases="Ann Lee;Ann" />
  </characters>
  <text>
<chapter>One

<quote connection="m1" id="q1" speaker="Ann_Lee">"Hello &amp; welcome,"</quote> said <mention
 connection="q1" id="m1" speaker="Ann_Lee">Ann</mention>.
</chapter>
  </text>
</doc>
"""


def test_tiny_book_converts(tmp_path: Path) -> None:
    (tmp_path / "tiny.xml").write_text(_GOOD, "utf-8")
    [doc] = quoteli3.convert(tmp_path)
    [q] = doc.quotes
    assert doc.id == "quoteli3/tiny/ch01"
    assert doc.text == 'One\n\n"Hello & welcome," said Ann.\n'
    assert doc.quote_text(q) == '"Hello & welcome,"' and q.type == "direct"
    assert q.speaker is not None and doc.span_text(q.speaker) == "Ann"
    assert doc.entities[0].name == "Ann Lee" and doc.entities[0].id == "Ann_Lee"


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        (_GOOD.replace("</quote>", ""), 10),  # not well-formed: </chapter> closes an open <quote>
        (_GOOD.replace("&amp;", "&nbsp;"), 8),  # undefined entity
        (_GOOD.replace('speaker="Ann_Lee">"', 'speaker="Bob">"'), 8),  # unknown character
        (_GOOD.replace('connection="m1"', 'connection="m9"'), 8),  # dangling connection
    ],
)
def test_malformed_input_names_the_file_and_line(tmp_path: Path, bad: str, line: int) -> None:
    (tmp_path / "bad.xml").write_text(bad, "utf-8")
    with pytest.raises(CorpusError) as info:
        list(quoteli3.convert(tmp_path))
    assert re.search(rf"bad\.xml:{line}: ", str(info.value)), str(info.value)
    assert info.value.code == "E501"
