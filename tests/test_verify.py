"""The verification engine of `attrib check` without the quote model: hand-built sources and drafts.

Sources are built with :func:`transcript_source` (turns give their speakers) and :func:`article_source` (from a
document whose quotes and entities are written here by hand); drafts are documents with hand-made quotes and
speaker entities, verified with :class:`Verifier`. The meaning verdicts need the sentence encoder (the base
encoder's pretrained weights, about a second to load): it is loaded once for the module.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from attrib.document import Document, Entity, Quote, Span
from attrib.findings import VERDICTS
from attrib.sources import article_source, label_name, transcript_source, transcript_turns
from attrib.verify import Verifier, _same_speaker, quoted_words

TRANSCRIPT = (
    "MAYOR DANA WHITFIELD: Good evening, everyone. We are not going to balance this budget on the backs of our "
    "firefighters. That has never been the plan, and it won't be the plan tonight.\n"
    "\n"
    "BUDGET DIRECTOR PRIYA NANDAKUMAR: Thank you, Mayor. Sales tax receipts are running 3.1 percent below last "
    "year. We have been drawing down the reserve fund two years in a row, and that cannot continue.\n"
    "\n"
    "COUNCILMEMBER RAUL ORTEGA (D): The library hours matter to working families in this city. My amendment keeps "
    "all four branch libraries open on Saturdays, and it pays for that with the parking fund.\n"
    "\n"
    "REPORTER: Will the municipal pool reopen this summer?\n"
    "\n"
    "MAYOR DANA WHITFIELD: We will have an answer for you by the end of the month."
)

ARTICLE = (
    "WASHINGTON: The city council approved the budget on Tuesday after a four-hour debate.\n"
    "\n"
    "Council member Joan Kessler said the reserve could only be drawn down once. "
    '"We cannot keep raiding the rainy-day fund," Kessler said.\n'
    "\n"
    "Officials said the new bus depot would open in the spring.\n"
)


def _span(text: str, fragment: str) -> Span:
    start = text.index(fragment)
    assert text.count(fragment) == 1, f"ambiguous fragment {fragment!r}"
    return Span(start, start + len(fragment))


def quote(text: str, *fragments: str, entity: str | None, type: str = "direct") -> Quote:
    return Quote(tuple(_span(text, f) for f in fragments), type, entity=entity)  # type: ignore[arg-type]


def draft(text: str, *fragments: str, speaker: str | None, type: str = "direct", kind: str = "person") -> Document:
    """A draft with one quote of ``fragments``, claimed for ``speaker`` (an entity of ``kind``)."""
    entity = Entity("e1", speaker, kind)  # type: ignore[arg-type]
    return Document(text, entities=(entity,)).with_annotations([quote(text, *fragments, entity="e1", type=type)])


def article() -> Document:
    doc = Document(ARTICLE, source="a.txt", entities=(Entity("kessler", "Joan Kessler"),
                                                      Entity("officials", None, "unnamed")))
    return doc.with_annotations([
        quote(ARTICLE, "the reserve could only be drawn down once", entity="kessler", type="indirect"),
        quote(ARTICLE, '"We cannot keep raiding the rainy-day fund,"', entity="kessler"),
        quote(ARTICLE, "the new bus depot would open in the spring", entity="officials", type="indirect"),
    ])


def sources():
    tr = transcript_source(0, "t.txt", Document(TRANSCRIPT, source="t.txt"))
    assert tr is not None
    return [tr, article_source(1, "a.txt", article())]


@pytest.fixture(scope="module")
def encoder():
    """The sentence encoder, on one thread: one short text a batch gains nothing from two, and on a shared
    machine a busy second core makes each small batch wait (restored afterwards)."""
    import torch

    from attrib.embed import SentenceEncoder

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield SentenceEncoder()
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def verifier(encoder) -> Verifier:
    return Verifier(sources(), encoder=encoder)


@pytest.fixture(scope="module")
def wording() -> Verifier:
    """A verifier for quotes found by their wording: it never needs the encoder (None makes that loud)."""
    v = Verifier(sources())
    v._meaning = None  # type: ignore[assignment,method-assign]
    return v


def verify(v: Verifier, doc: Document):
    [(qid, result)] = v.verify(doc).items()
    assert qid == doc.quotes[0].id
    if result.source is not None:
        src = next(s for s in v.sources if s.path == result.source.path)
        assert src.text[result.source.start : result.source.end] == result.source.text
    return result


# -- verbatim, with each cosmetic difference -----------------------------------------------------------------
# An ellipsis that leaves out a whole sentence (14 words).
ELLIPSIS = (
    "Nandakumar said: “Sales tax receipts are running 3.1 percent below last year … and that cannot continue.”",
    "“Sales tax receipts are running 3.1 percent below last year … and that cannot continue.”",
    "Priya Nandakumar", "ellipsis",
    "Sales tax receipts are running 3.1 percent below last year. We have been drawing down the reserve fund two "
    "years in a row, and that cannot continue",
)


def test_exact_words_are_verbatim_without_cosmetic_differences(wording) -> None:
    text = 'Whitfield said, "We are not going to balance this budget on the backs of our firefighters."'
    v = verify(wording, draft(text, '"We are not going to balance this budget on the backs of our firefighters."',
                              speaker="Dana Whitfield"))
    assert v.verdict == "verbatim"
    assert v.source is not None and v.source.path == "t.txt"
    assert v.source.text == "We are not going to balance this budget on the backs of our firefighters"
    assert v.source_speaker == "Dana Whitfield"
    assert v.score == 1.0
    assert v.cosmetic == ()


@pytest.mark.parametrize(("text", "fragment", "speaker", "cosmetic", "passage"), [
    # Curly marks (and a curly apostrophe) for the article's straight ones.
    ("“We cannot keep raiding the rainy-day fund,” Kessler said on Wednesday.",
     "“We cannot keep raiding the rainy-day fund,”", "Joan Kessler", "quotation marks",
     "We cannot keep raiding the rainy-day fund"),
    ("Whitfield said: “That has never been the plan, and it won’t be the plan tonight.”",
     "“That has never been the plan, and it won’t be the plan tonight.”", "Dana Whitfield", "quotation marks",
     "That has never been the plan, and it won't be the plan tonight"),
    ("Whitfield said “we are not going to balance this budget on the backs of our firefighters.”",
     "“we are not going to balance this budget on the backs of our firefighters.”", "Dana Whitfield",
     "first-letter case", "We are not going to balance this budget on the backs of our firefighters"),
    ("“We are not going to balance this budget on the backs of our firefighters,” Whitfield said.",
     "“We are not going to balance this budget on the backs of our firefighters,”", "Dana Whitfield",
     "final punctuation", "We are not going to balance this budget on the backs of our firefighters"),
    # "…" leaves out "this budget".
    ("Whitfield said: “We are not going to balance … on the backs of our firefighters.”",
     "“We are not going to balance … on the backs of our firefighters.”", "Dana Whitfield", "ellipsis",
     "We are not going to balance this budget on the backs of our firefighters"),
    pytest.param(*ELLIPSIS, id="long-ellipsis"),
    # "[city's]" replaces "reserve".
    ("Nandakumar said: “We have been drawing down the [city's] fund two years in a row, and that cannot continue.”",
     "“We have been drawing down the [city's] fund two years in a row, and that cannot continue.”",
     "Priya Nandakumar", "bracketed insertion",
     "We have been drawing down the reserve fund two years in a row, and that cannot continue"),
], ids=["curly-marks", "curly-apostrophe", "first-letter-case", "final-punctuation", "ellipsis", "long-ellipsis",
       "bracket"])
def test_cosmetic_differences_are_verbatim_and_named(wording, text, fragment, speaker, cosmetic, passage) -> None:
    v = verify(wording, draft(text, fragment, speaker=speaker))
    assert v.verdict == "verbatim", v
    assert v.cosmetic == (cosmetic,)
    assert v.source is not None and v.source.text == passage
    assert v.source_speaker == speaker


def test_long_ellipsis_is_still_verbatim(wording) -> None:
    text, fragment, speaker, cosmetic, _ = ELLIPSIS
    v = verify(wording, draft(text, fragment, speaker=speaker))
    assert v.verdict == "verbatim"
    assert cosmetic in v.cosmetic
    assert v.source is not None and v.source.text.startswith("Sales tax receipts")


def test_quoted_words_split_at_ellipses_and_brackets() -> None:
    text = "She said: “Sales tax receipts … are [now] running below last year.”"
    doc = draft(text, "“Sales tax receipts … are [now] running below last year.”", speaker="X")
    from attrib.marks import find_marks

    qw = quoted_words(text, doc.quotes[0], [r.inner for r in find_marks(text).regions])
    assert qw is not None and qw.ellipsis and qw.brackets
    assert [[w.norm for w in p] for p in qw.pieces] == [["sales", "tax", "receipts"], ["are"],
                                                        ["running", "below", "last", "year"]]
    assert qw.boundaries == {3, 4}
    indirect = draft("She said receipts were low.", "receipts were low", speaker="X", type="indirect")
    assert quoted_words(indirect.text, indirect.quotes[0], []) is None


def test_verbatim_joined_across_an_attribution(wording) -> None:
    text = ("“We are not going to balance this budget on the backs of our firefighters,” she said. "
            "“That has never been the plan, and it won't be the plan tonight.”")
    doc = draft(text, "“We are not going to balance this budget on the backs of our firefighters,”",
                "“That has never been the plan, and it won't be the plan tonight.”", speaker="Mayor Dana Whitfield")
    v = verify(wording, doc)
    assert v.verdict == "verbatim"
    assert v.source is not None
    assert v.source.text.startswith("We are not going to balance")
    assert v.source.text.endswith("it won't be the plan tonight")


# -- altered, misattributed, unknown speakers ------------------------------------------------------------------
def test_one_word_changed_is_altered_with_a_word_diff(wording) -> None:
    text = "“We have been drawing down the reserve fund three years in a row,” Nandakumar said."
    v = verify(wording, draft(text, "“We have been drawing down the reserve fund three years in a row,”",
                              speaker="Priya Nandakumar"))
    assert v.verdict == "altered"
    assert v.source is not None and v.source.text == "We have been drawing down the reserve fund two years in a row"
    assert v.source_speaker == "Priya Nandakumar"
    assert 0.6 <= v.score < 1
    assert ("-", "two") in v.diff and ("+", "three") in v.diff
    assert v.diff.index(("-", "two")) < v.diff.index(("+", "three"))
    assert [w for op, w in v.diff if op == "="] == ["we have been drawing down the reserve fund", "years in a row"]
    assert v.to_dict()["diff"][1:3] == [["-", "two"], ["+", "three"]]


def test_words_of_another_transcript_speaker_are_misattributed(wording) -> None:
    text = "“We have been drawing down the reserve fund two years in a row,” Ortega said."
    v = verify(wording, draft(text, "“We have been drawing down the reserve fund two years in a row,”",
                              speaker="Raul Ortega"))
    assert v.verdict == "misattributed"
    assert v.source_speaker == "Priya Nandakumar"
    assert v.source is not None and v.source.text == "We have been drawing down the reserve fund two years in a row"


def test_words_of_another_article_speaker_are_misattributed(wording) -> None:
    text = "“We cannot keep raiding the rainy-day fund,” Ortega said."
    v = verify(wording, draft(text, "“We cannot keep raiding the rainy-day fund,”", speaker="Raul Ortega"))
    assert v.verdict == "misattributed"
    assert v.source_speaker == "Joan Kessler"
    assert v.source is not None and v.source.path == "a.txt"


def test_the_speaker_who_agrees_wins_when_two_say_the_same_words() -> None:
    text = ("MAYOR DANA WHITFIELD: Drawing down the reserve is something we can do once.\n\n"
            "JOAN KESSLER: I agree. Drawing down the reserve is something we can do once.\n\n"
            "MAYOR DANA WHITFIELD: Thank you.")
    src = transcript_source(0, "echo.txt", Document(text))
    assert src is not None
    v = Verifier([src])
    quoted = "“Drawing down the reserve is something we can do once.”"
    for who in ("Joan Kessler", "Dana Whitfield"):
        result = verify(v, draft(f"{who} said: {quoted}", quoted, speaker=who))
        assert (result.verdict, result.source_speaker) == ("verbatim", who)


def test_unnamed_draft_speaker_is_never_misattributed(wording) -> None:
    text = "“We have been drawing down the reserve fund two years in a row,” an official said."
    v = verify(wording, draft(text, "“We have been drawing down the reserve fund two years in a row,”",
                              speaker=None, kind="unnamed"))
    assert v.verdict == "verbatim"
    assert v.source_speaker == "Priya Nandakumar"


def test_words_of_a_reporter_turn_are_not_the_mayors(wording) -> None:
    # The REPORTER turn has no name, but it is not the mayor's: her "question" is misattributed.
    text = "Whitfield asked: “Will the municipal pool reopen this summer?”"
    v = verify(wording, draft(text, "“Will the municipal pool reopen this summer?”", speaker="Dana Whitfield"))
    assert v.source is not None and v.source.text == "Will the municipal pool reopen this summer"
    assert v.source_speaker == "unnamed speaker (REPORTER)"
    assert v.verdict == "misattributed"


# -- meaning: paraphrases ----------------------------------------------------------------------------------
def test_reworded_quote_is_paraphrase_in_quotes(verifier) -> None:
    text = "Ortega said: “The four branch libraries will stay open every Saturday under my plan.”"
    v = verify(verifier, draft(text, "“The four branch libraries will stay open every Saturday under my plan.”",
                               speaker="Raul Ortega"))
    assert v.verdict == "paraphrase_in_quotes"
    assert v.source_speaker == "Raul Ortega"
    assert v.source is not None and "four branch libraries open on Saturdays" in v.source.text
    assert v.cosmetic == () and v.diff == ()


def test_quote_of_a_reported_statement_is_paraphrase_in_quotes(verifier) -> None:
    text = "Kessler said: “We can only draw down the reserve one time.”"
    v = verify(verifier, draft(text, "“We can only draw down the reserve one time.”", speaker="Joan Kessler"))
    assert v.verdict == "paraphrase_in_quotes"
    assert v.source is not None and v.source.text == "the reserve could only be drawn down once"


def test_faithful_reported_speech_is_supported_paraphrase(verifier) -> None:
    text = "Ortega said the four branch libraries would stay open on Saturdays under his amendment."
    v = verify(verifier, draft(text, "the four branch libraries would stay open on Saturdays under his amendment",
                               speaker="Councilmember Raul Ortega", type="indirect"))
    assert v.verdict == "supported_paraphrase"
    assert v.source_speaker == "Raul Ortega"
    assert v.source is not None and v.source.path == "t.txt"
    assert v.score >= 0.61


def test_claim_nobody_made_is_unsupported(verifier) -> None:
    text = "Ortega said the city would build a new football stadium downtown next year."
    v = verify(verifier, draft(text, "the city would build a new football stadium downtown next year",
                               speaker="Raul Ortega", type="indirect"))
    assert v.verdict == "unsupported"
    assert v.source is None and v.source_speaker is None
    assert v.to_dict()["source"] is None


def test_statement_of_an_unnamed_source_supports_no_named_speaker(verifier) -> None:
    said = "the new bus depot would open in the spring"
    named = verify(verifier, draft(f"Whitfield said {said}.", said, speaker="Dana Whitfield", type="indirect"))
    assert named.verdict == "unsupported"
    unnamed = verify(verifier, draft(f"Officials said {said}.", said, speaker=None, kind="unnamed", type="indirect"))
    assert unnamed.verdict == "supported_paraphrase"
    assert unnamed.source is not None and unnamed.source.text == said
    assert unnamed.source_speaker is None


def test_several_quotes_of_one_draft_each_get_a_verification(verifier) -> None:
    text = ("“We are not going to balance this budget on the backs of our firefighters,” Whitfield said.\n\n"
            "Ortega said the city would build a new football stadium downtown next year.")
    doc = Document(text, entities=(Entity("w", "Dana Whitfield"), Entity("o", "Raul Ortega"))).with_annotations([
        quote(text, "“We are not going to balance this budget on the backs of our firefighters,”", entity="w"),
        quote(text, "the city would build a new football stadium downtown next year", entity="o", type="indirect"),
    ])
    out = verifier.verify(doc)
    assert {k: v.verdict for k, v in out.items()} == {"q1": "verbatim", "q2": "unsupported"}


def test_score_is_between_0_and_1(verifier) -> None:
    text = "Ortega said the library hours matter to working families in this city."
    v = verify(verifier, draft(text, "the library hours matter to working families in this city",
                               speaker="Raul Ortega", type="indirect"))
    assert v.verdict == "supported_paraphrase"
    assert 0 <= v.score <= 1, v.score


# -- sources: transcripts and articles ---------------------------------------------------------------------
def test_transcript_turns_and_statements() -> None:
    turns = transcript_turns(TRANSCRIPT)
    assert turns is not None
    assert [label for label, _ in turns] == ["MAYOR DANA WHITFIELD", "BUDGET DIRECTOR PRIYA NANDAKUMAR",
                                             "COUNCILMEMBER RAUL ORTEGA (D)", "REPORTER", "MAYOR DANA WHITFIELD"]
    label, span = turns[0]
    assert TRANSCRIPT[span.start : span.end].startswith("Good evening, everyone.")
    assert TRANSCRIPT[span.start : span.end].endswith("the plan tonight.")
    src = transcript_source(3, "t.txt", Document(TRANSCRIPT))
    assert src is not None and src.transcript and src.index == 3
    assert [s.speaker for s in src.statements] == ["Dana Whitfield", "Priya Nandakumar", "Raul Ortega",
                                                   "unnamed speaker (REPORTER)", "Dana Whitfield"]
    assert all(s.quoted and s.source == 3 for s in src.statements)


DATELINE = (
    "WASHINGTON: The council approved the budget on Tuesday. " + "The vote followed a long debate. " * 10 + "\n\n"
    "CLARIFICATION: An earlier version of this story misstated the day of the vote.\n\n"
    + "Kessler said the reserve was thin. " * 10
)


@pytest.mark.parametrize("text", [
    ARTICLE,  # one "WASHINGTON:" dateline
    DATELINE,  # a dateline and one more capitalised label ("CLARIFICATION:")
    "Just an article without any labels at all. It has two sentences.",
    "",
])
def test_articles_are_not_transcripts(text: str) -> None:
    assert transcript_turns(text) is None
    assert transcript_source(0, "x.txt", Document(text)) is None


def test_question_and_answer_transcript() -> None:
    text = "Q: Will you run again?\nA: I have not decided.\nQ: When will you?\nA: After the summer."
    turns = transcript_turns(text)
    assert turns is not None and [label for label, _ in turns] == ["Q", "A", "Q", "A"]
    src = transcript_source(0, "qa.txt", Document(text))
    assert src is not None and {s.speaker for s in src.statements} == {None, "unnamed speaker (Q)"}


def test_article_source_statements() -> None:
    src = article_source(1, "a.txt", article())
    assert not src.transcript
    got = [(ARTICLE[s.span.start : s.span.end], s.speaker, s.quoted) for s in src.statements]
    assert got == [
        ("the reserve could only be drawn down once", "Joan Kessler", False),
        ("We cannot keep raiding the rainy-day fund,", "Joan Kessler", True),
        ("the new bus depot would open in the spring", None, False),
    ]


def test_quotation_the_model_missed_is_spoken_by_the_nearest_quote_of_its_paragraph() -> None:
    text = 'Kessler said the reserve was thin. "It is a one-time fix," she added.'
    doc = Document(text, entities=(Entity("k", "Joan Kessler"),)).with_annotations(
        [quote(text, "the reserve was thin", entity="k", type="indirect")])
    src = article_source(0, "a.txt", doc)
    quoted = [s for s in src.statements if s.quoted]
    assert [(text[s.span.start : s.span.end], s.speaker) for s in quoted] == [("It is a one-time fix,", "Joan Kessler")]


@pytest.mark.parametrize(("label", "name"), [
    ("MAYOR DANA WHITFIELD", "Dana Whitfield"),
    ("MAYOR DANA WHITFIELD (D)", "Dana Whitfield"),
    ("SEN. ELIZABETH WARREN (D-Mass.)", "Elizabeth Warren"),
    ("DR. LENA MARSH", "Lena Marsh"),
    ("BUDGET DIRECTOR PRIYA NANDAKUMAR", "Priya Nandakumar"),
    ("FIRE CHIEF MARCUS BELL", "Marcus Bell"),
    ("COACH TERESA MALONE", "Teresa Malone"),
    ("BILL DE BLASIO", "Bill De Blasio"),
    ("MADONNA", "Madonna"),
    ("MR. TRUMP", "Trump"),
    ("Q", None),
    ("A.", None),
    ("REPORTER", None),
    ("MODERATOR", None),
    ("UNIDENTIFIED", None),
    ("UNIDENTIFIED MALE", None),
    ("SPEAKER 1", None),
    ("MARTIN LUTHER KING JR.", "Martin Luther King Jr"),
])
def test_label_name(label: str, name: str | None) -> None:
    assert label_name(label) == name


# -- same speaker ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b", "same"), [
    ("Dana Whitfield", "Dana Whitfield", True),
    ("Mayor Dana Whitfield", "Dana Whitfield", True),  # title
    ("DANA WHITFIELD", "dana whitfield", True),  # case
    ("President Donald J. Trump", "Donald Trump", True),  # title and middle initial
    ("Leonard E. Burman", "Leonard Burman", True),
    ("Jacob Wines", "Jacob Wimes", True),  # misspelt surname
    ("Budget Director Priya Nandakumar", "Priya Nandakumar", True),
    ("Whitfield", "Dana Whitfield", True),  # surname only
    ("Donald Trump; Ted Cruz", "Ted Cruz", True),  # a group
    ("U.S.-Japan joint statement", "joint statement", True),  # a document
    ("Bill Clinton", "Hillary Clinton", False),  # same surname, different person
    ("Joan Kessler", "Raul Ortega", False),
    ("Ng", "Ny", False),  # too short to forgive a letter
    ("Dana Whitfield", None, None),
    (None, "Dana Whitfield", None),
    ("", "Dana Whitfield", None),
])
def test_same_speaker(a: str | None, b: str | None, same: bool | None) -> None:
    assert _same_speaker(a, b) is same
    assert _same_speaker(b, a) is same


# -- property: a source passage is exactly the source's text -------------------------------------------------
_TURN_WORDS = [TRANSCRIPT[s.start : s.end].split() for _, s in transcript_turns(TRANSCRIPT) or []]
_NAMES = ["Dana Whitfield", "Priya Nandakumar", "Raul Ortega", "Joan Kessler", None]


@st.composite
def drafts(draw) -> Document:
    turn = draw(st.sampled_from(_TURN_WORDS))
    start = draw(st.integers(0, len(turn) - 1))
    end = draw(st.integers(min(len(turn), start + 4), min(len(turn), start + 18)))
    said = turn[start:end]
    edit = draw(st.sampled_from(["none", "replace", "lower", "ellipsis", "bracket", "drop"]))
    if len(said) > 3 and edit != "none":
        i = draw(st.integers(1, len(said) - 2))
        said = {"replace": said[:i] + ["zebras"] + said[i + 1:], "lower": [said[0].lower(), *said[1:]],
                "ellipsis": said[:i] + ["…"] + said[i + 1:], "bracket": said[:i] + ["[the city]"] + said[i + 1:],
                "drop": said[:i] + said[i + 1:]}[edit]
    words = " ".join(said)
    speaker = draw(st.sampled_from(_NAMES))
    if draw(st.booleans()):
        opening, closing = draw(st.sampled_from([("“", "”"), ('"', '"')]))
        content = f"{opening}{words}{closing}"
        text = f"{content} {speaker or 'an aide'} said on Tuesday."
        kind = "direct"
    else:
        content = words.strip(".,;:!? ") or "nothing"
        text = f"{speaker or 'An aide'} said {content}."
        kind = "indirect"
    start = text.index(content)
    entity = Entity("e1", speaker, "person" if speaker else "unnamed")
    q = Quote((Span(start, start + len(content)),), kind, entity="e1")  # type: ignore[arg-type]
    return Document(text, entities=(entity,)).with_annotations([q])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=drafts())
def test_source_passage_is_the_source_text(verifier, doc: Document) -> None:
    texts = {s.path: s.text for s in verifier.sources}
    out = verifier.verify(doc)
    assert set(out) == {q.id for q in doc.quotes}
    for v in out.values():
        assert v.verdict in VERDICTS and v.verdict != "unchecked"
        event(v.verdict)
        if v.source is None:
            assert v.verdict == "unsupported"
            continue
        assert 0 <= v.source.start <= v.source.end <= len(texts[v.source.path])
        assert v.source.text == texts[v.source.path][v.source.start : v.source.end]
        record = v.to_dict()["source"]
        assert record["text"] == texts[record["path"]][record["start"] : record["end"]]
