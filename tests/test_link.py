from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import pytest

from attrib.document import Document, Quote, Span
from attrib.link import link, name_key, same_name
from attrib.registry import load_registry
from attrib.wire import from_dict

from .conftest import DATA, ROOT, SEED, SEED_GOLD, requires_data

REGISTRY = ROOT / "tests" / "fixtures" / "speakers.toml"


def make(text: str, *speakers: str | tuple[str, int]) -> Document:
    """A document with one quote per speaker mention (text or (text, occurrence)); each quote's content is
    the rest of the sentence after the mention, so quotes never overlap their speakers."""
    quotes = []
    for spec in speakers:
        mention, n = (spec, 1) if isinstance(spec, str) else spec
        found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
        start = found[n - 1]
        end = start + len(mention)
        stop = text.find(".", end)
        content = Span(end + 1, stop if stop > end + 1 else len(text))
        quotes.append(Quote((content,), "indirect", None, Span(start, end)))
    return Document(text, quotes=tuple(quotes))


def names(doc: Document) -> list[str | None]:
    """The linked entity name of each quote, in the order the quotes were given (text order)."""
    out = []
    for q in doc.quotes:
        ent = doc.entity(q.entity)
        out.append(ent.name if ent else None)
    return out


def kinds(doc: Document) -> list[str | None]:
    out = []
    for q in doc.quotes:
        ent = doc.entity(q.entity)
        out.append(ent.kind if ent else None)
    return out


# -- name comparison ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("President Donald Trump", "Donald Trump", True),
        ("Donald J. Trump", "donald trump", True),
        ("Mr. Trump's", "Trump", True),
        ("Shinzō Abe", "Shinzo Abe", True),
        ("The New York Times", "New York Times", True),
        ("James O’Neill", "James O'Neill", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Donald Trump Jr.", "Donald Trump", False),
        ("Donald Trump; Ted Cruz", "Ted Cruz; Donald Trump", True),
        ("Donald Trump; Ted Cruz", "Donald Trump", False),
    ],
)
def test_name_comparison_ignores_titles_case_and_middle_initials(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same
    assert (name_key(a) == name_key(b)) is same


# -- names --------------------------------------------------------------------------------------------------
def test_every_form_of_a_name_is_one_person_named_in_full() -> None:
    text = (
        "President Donald Trump spoke on Monday. Donald J. Trump said the deal was done. Mr. Trump said it "
        "again. Trump said talks went well. Trump’s aides said little."
    )
    doc = link(make(text, "President Donald Trump", "Donald J. Trump", "Mr. Trump", ("Trump", 4), "Trump’s"))
    assert len({q.entity for q in doc.quotes}) == 1
    assert doc.entities[0].name == "Donald Trump" and doc.entities[0].kind == "person"


def test_the_fullest_name_comes_from_the_whole_text_not_only_speakers() -> None:
    text = "Warren said banks must pay. The bill was filed by Sen. Elizabeth Warren on Monday."
    doc = link(make(text, "Warren"))
    assert names(doc) == ["Elizabeth Warren"]


def test_two_clintons_stay_two_people() -> None:
    text = (
        "Hillary Clinton said the plan works. Former President Bill Clinton said he agreed. "
        "Mrs. Clinton said she would campaign. Mr. Clinton said he would too. "
        "Clinton said the race was close."
    )
    doc = link(make(text, "Hillary Clinton", "Bill Clinton", "Mrs. Clinton", "Mr. Clinton", ("Clinton", 5)))
    # the bare "Clinton" right after Mr. Clinton's quote is him: the Clinton quoted just now
    assert names(doc) == ["Hillary Clinton", "Bill Clinton", "Hillary Clinton", "Bill Clinton", "Bill Clinton"]
    assert len(doc.entities) == 2


def test_a_bare_surname_prefers_the_person_just_quoted() -> None:
    text = (
        "Hillary Clinton said the plan works. Clinton said more. Bill Clinton said at the rally on Friday "
        "that his wife was ready. Clinton said the crowd was large."
    )
    doc = link(make(text, "Hillary Clinton", ("Clinton", 2), "Bill Clinton", ("Clinton", 4)))
    assert names(doc) == ["Hillary Clinton", "Hillary Clinton", "Bill Clinton", "Bill Clinton"]


# -- pronouns -----------------------------------------------------------------------------------------------
def test_he_is_the_subject_of_the_previous_sentence() -> None:
    text = (
        "President Donald Trump spoke. Trump made the announcement after meeting with Japanese Prime Minister "
        "Shinzo Abe in New York.\n\nHe said that Japan had been unwilling in the past."
    )
    assert names(link(make(text, "He"))) == ["Donald Trump"]


def test_a_full_name_opening_a_sentence_beats_a_possessive_of_known_gender() -> None:
    # Neither first name is in the gender lists; "Paul Okonkwo's" is a possessive in the pronoun's own sentence.
    text = (
        "Tamsin Ellery served as the port authority's director from 2009 to 2014. Asked how the city could "
        "stop Paul Okonkwo's proposed terminal, she said the council should use every permit it has."
    )
    assert names(link(make(text, "she"))) == ["Tamsin Ellery"]
    text = (
        "Ilse Varga chaired the committee for a decade. Discussing how the state could fight Donald J. Trump's "
        "tariffs, she said exporters should look to Asia."
    )
    assert names(link(make(text, "she"))) == ["Ilse Varga"]


def test_she_and_he_follow_gender() -> None:
    text = (
        "Mayor Karen Bass met Gov. Gavin Newsom on Tuesday. She said the city needs money. "
        "He said the state would help."
    )
    doc = link(make(text, "She", "He"))
    assert names(doc) == ["Karen Bass", "Gavin Newsom"]


def test_a_pronoun_after_a_quote_is_that_quotes_speaker() -> None:
    text = (
        'Sen. Lindsey Graham said he met Jim Mattis. "We agreed on the plan," he said. '
        '"It is a good plan," he added.'
    )
    doc = link(make(text, "Sen. Lindsey Graham", ("he", 2), ("he", 3)))
    assert names(doc) == ["Lindsey Graham"] * 3


def test_it_is_an_organisation_and_they_a_group() -> None:
    text = (
        "The Federal Reserve raised rates on Wednesday. It said inflation was too high. "
        "Germany and France objected. They said the move hurt trade."
    )
    doc = link(make(text, "It", "They"))
    assert names(doc) == ["Federal Reserve", "Germany; France"]
    assert kinds(doc) == ["organization", "group"]


def test_i_inside_a_quote_is_that_quotes_speaker_and_outside_is_nobody_named() -> None:
    text = '"I think we will win because voters want change," Mayor Bill de Blasio said. I doubt it.'
    inner = Span(text.index("I think"), text.index("I think") + 1)
    outer = Span(text.index("I doubt"), text.index("I doubt") + 1)
    speaker = Span(text.index("Mayor"), text.index(" said"))
    quotes = (
        Quote((Span(0, text.index(",") + 2),), "direct", None, speaker),
        Quote((Span(inner.end + 1, text.index(" because")),), "indirect", None, inner),
        Quote((Span(outer.end + 1, len(text) - 1),), "indirect", None, outer),
    )
    doc = link(Document(text, quotes=quotes))
    by_speaker = {doc.span_text(q.speaker): doc.entity(q.entity) for q in doc.quotes}
    assert by_speaker["Mayor Bill de Blasio"].name == "Bill de Blasio"
    first_i = next(q for q in doc.quotes if q.speaker == inner)
    assert doc.entity(first_i.entity).name == "Bill de Blasio"  # "I" inside his quote is him
    last_i = next(q for q in doc.quotes if q.speaker == outer)
    assert doc.entity(last_i.entity).name is None  # the author: never given a name


# -- nominals and roles -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("President Donald Trump met workers. The president said jobs were coming back.", "The president",
         "Donald Trump"),
        ("Japanese Prime Minister Shinzo Abe arrived. The prime minister said trade would grow.",
         "The prime minister", "Shinzo Abe"),
        ("Sen. Lindsey Graham and Mayor Bill de Blasio spoke. The senator said the bill would pass.",
         "The senator", "Lindsey Graham"),
        ("FBI Director James Comey testified on Friday. The FBI director said the review was over.",
         "The FBI director", "James Comey"),
        ("Donald Trump, the Republican nominee, spoke in Ohio. The GOP nominee said he would win.",
         "The GOP nominee", "Donald Trump"),
        ("Hillary Clinton and Donald Trump debated. Clinton said Trump was wrong. Trump said she was. "
         "The New York businessman said he would win.", "The New York businessman", "Donald Trump"),
    ],
)
def test_nominals_take_the_person_whose_title_matches(text: str, mention: str, expected: str) -> None:
    assert names(link(make(text, mention))) == [expected]


def test_the_republican_with_no_title_in_the_text_is_the_most_salient_person() -> None:
    text = "Donald Trump said taxes are too high. Trump said so again. Jeb Bush disagreed. The Republican said no."
    doc = link(make(text, "Donald Trump", ("Trump", 2), "The Republican"))
    assert names(doc)[-1] == "Donald Trump"


def test_a_vice_president_is_not_the_president() -> None:
    text = "President Barack Obama and Vice President Joe Biden spoke. The vice president said he agreed."
    assert names(link(make(text, "The vice president"))) == ["Joe Biden"]


# -- organisations and documents ----------------------------------------------------------------------------
def test_a_statement_and_later_the_statement_are_one_document() -> None:
    text = (
        "A U.S.-Japan joint statement released by the White House said tariffs would fall. "
        "The joint statement issued said talks would begin. The statement said goods were covered."
    )
    doc = link(make(text, "A U.S.-Japan joint statement released by the White House", "The joint statement issued",
                    "The statement"))
    assert len({q.entity for q in doc.quotes}) == 1
    assert doc.entities[0].kind == "document" and doc.entities[0].name == "U.S.-Japan joint statement"
    issuer = link(make(text, "A U.S.-Japan joint statement released by the White House"), documents="issuer")
    assert names(issuer) == ["White House"]


@pytest.mark.parametrize(
    ("text", "mention", "kind", "name"),
    [
        ("The White House said the visit was a success.", "The White House", "organization", "White House"),
        ("A Quinnipiac University poll found Clinton ahead.", "A Quinnipiac University poll", "document",
         "Quinnipiac University poll"),
        ("The Washington Post reported the deal on Monday.", "The Washington Post", "organization",
         "Washington Post"),
        ("The Trump campaign said it raised $90 million. Donald Trump said so too.", "The Trump campaign",
         "organization", "Donald Trump campaign"),
        ("The International Monetary Fund (IMF) cut its forecast. The IMF said growth was slow.", "The IMF",
         "organization", "International Monetary Fund"),
    ],
)
def test_organisations_and_documents_by_head_noun(text: str, mention: str, kind: str, name: str) -> None:
    doc = link(make(text, mention))
    assert kinds(doc) == [kind] and same_name(names(doc)[0], name)


def test_the_agency_is_the_agency_named_before() -> None:
    text = "The Department of Veterans Affairs released a report. The agency said suicides had risen."
    assert names(link(make(text, "The agency"))) == ["Department of Veterans Affairs"]


# -- appositions, unnamed sources and groups ----------------------------------------------------------------
def test_an_apposition_names_the_speaker() -> None:
    text = (
        "A spokesman, Josh Earnest, said the president would veto the bill. "
        "Trump campaign spokesman Jason Miller said the plan was final."
    )
    doc = link(make(text, "A spokesman", "Trump campaign spokesman Jason Miller"))
    assert names(doc) == ["Josh Earnest", "Jason Miller"]


def test_unnamed_sources_get_one_nameless_entity_each() -> None:
    text = (
        "Officials said the talks stalled. Critics said the plan was weak. A source said the vote was close. "
        "Sources familiar with the talks said a deal was near. Officials said nothing more."
    )
    doc = link(make(text, "Officials", "Critics", "A source", "Sources familiar with the talks", ("Officials", 2)))
    assert names(doc) == [None] * 5 and kinds(doc) == ["unnamed"] * 5
    assert len({q.entity for q in doc.quotes}) == 5  # never merged, never named


def test_groups_are_named_entities_joined_with_semicolons() -> None:
    text = (
        "The United States and Japan announced talks on Wednesday. Sen. Charles E. Grassley and "
        "Sen. Patrick J. Leahy wrote a letter. Mr. Grassley and Mr. Leahy said the program was flawed."
    )
    doc = link(make(text, "The United States and Japan", "Mr. Grassley and Mr. Leahy"))
    assert names(doc) == ["United States; Japan", "Charles E. Grassley; Patrick J. Leahy"]
    assert kinds(doc) == ["group", "group"]


# -- shapes of documents ------------------------------------------------------------------------------------
FIRST = "Adam Brian Carla Diana Edgar Fiona George Helen Irene Jacob Karen Louis".split()
LAST = "Abbott Barnes Carver Dalton Ellison Fowler".split()


def test_fifty_speakers_stay_apart_and_fast() -> None:
    people = [f"{f} {la}" for la in LAST for f in FIRST][:60]  # 60 people, surnames shared by 12 each
    text = " ".join(f"{p} said item {i} was fine." for i, p in enumerate(people))
    doc = make(text, *people)
    start = time.perf_counter()
    out = link(doc)
    elapsed = time.perf_counter() - start
    assert names(out) == people and len(out.entities) == 60
    assert [e.id for e in out.entities] == [f"e{i}" for i in range(1, 61)]
    assert elapsed < 1.0


def test_only_pronouns_or_no_names_link_without_inventing_anyone() -> None:
    pronouns = link(make("He said it was fine. She said it was not. They said nothing.", "He", "She", "They"))
    assert names(pronouns) == [None, None, None]
    nobody = link(make("Officials said rates rose. Analysts said they would fall.", "Officials", "Analysts"))
    assert names(nobody) == [None, None]


@pytest.mark.parametrize("documents", ["title", "issuer"])
def test_any_span_of_the_sample_article_links_without_error(documents: str) -> None:
    """Model output can put a speaker span anywhere: every word run, and spans cut mid-word, must link."""
    text = SEED.read_text("utf-8")
    words = [m.span() for m in re.finditer(r"\S+", text)]
    spans = [Span(words[i][0], words[min(i + k, len(words) - 1)][1]) for k in range(3) for i in range(len(words))]
    spans += [Span(s, min(len(text), s + 7)) for s in range(0, len(text), 37)] + [Span(5, 5)]
    quotes = [Quote((Span(max(0, s.start - 1), max(1, s.start)),), "indirect", None, s) for s in spans]
    out = link(Document(text, quotes=tuple(quotes)), documents=documents)  # type: ignore[arg-type]
    assert all(q.entity is not None for q in out.quotes)
    assert {q.entity for q in out.quotes} == {e.id for e in out.entities}


def test_quotes_without_a_speaker_and_documents_without_quotes() -> None:
    text = "Trump said taxes would fall. Taxes will fall, the paper reported."
    doc = make(text, "Trump")
    no_speaker = Quote((Span(text.index("Taxes"), text.index(", the")),), "indirect")
    out = link(Document(text, quotes=(*doc.quotes, no_speaker)))
    assert [q.entity for q in out.quotes] == ["e1", None]
    assert link(Document("Nothing quoted here.")).entities == ()


def test_ids_follow_the_first_mention_and_entities_list_their_mentions() -> None:
    text = "Shinzo Abe met Donald Trump. Trump said talks went well. Abe said he agreed."
    out = link(make(text, ("Trump", 1), ("Abe", 2)))
    assert [(e.id, e.name) for e in out.entities] == [("e1", "Shinzo Abe"), ("e2", "Donald Trump")]
    abe = out.entities[0]
    assert Span(0, 10) in abe.mentions and Span(text.index("Abe said"), text.index("Abe said") + 3) in abe.mentions
    assert out.text == text and [q.id for q in out.quotes] == ["q1", "q2"]


# -- registry -----------------------------------------------------------------------------------------------
def test_registry_gives_canonical_names_wikidata_and_roles() -> None:
    registry = load_registry(REGISTRY)
    text = "Abe met reporters in Tokyo. Abe said trade would grow. Later the prime minister said more."
    out = link(make(text, ("Abe", 2), "the prime minister"), registry)
    assert names(out) == ["Shinzo Abe", "Shinzo Abe"]
    assert out.entities[0].wikidata == "Q132345" and len(out.entities) == 1
    alone = link(make("Talks began. The prime minister said trade would grow.", "The prime minister"), registry)
    assert names(alone) == ["Shinzo Abe"] and alone.entities[0].wikidata == "Q132345"
    org = link(make("The White House said the visit went well.", "The White House"), registry)
    assert org.entities[0].wikidata == "Q35525"


def test_the_text_beats_the_registry_for_a_role() -> None:
    text = "British Prime Minister Theresa May arrived. The prime minister said Brexit means Brexit."
    assert names(link(make(text, "The prime minister"), load_registry(REGISTRY))) == ["Theresa May"]


# -- the sample article -------------------------------------------------------------------------------------
def test_sample_article_gold_mentions_link_to_the_gold_names() -> None:
    gold = from_dict(json.loads(SEED_GOLD.read_text("utf-8").splitlines()[0]))
    quotes = []
    for q in gold.quotes:
        ent = gold.entity(q.entity)
        # The seed's q5 speaker span is the "he" inside "The" at offset 1; its entity lists the real
        # "he" of '..., he said.' right after the quote: link that one.
        if q.speaker is not None and ent is not None and q.speaker not in ent.mentions:
            q = replace(q, speaker=min(m for m in ent.mentions if m.start >= q.end))
        quotes.append(replace(q, entity=None))
    out = link(gold.with_annotations(quotes, []))
    expected = [gold.entity(q.entity).name for q in gold.quotes]
    assert all(same_name(a, b) for a, b in zip(names(out), expected)), (names(out), expected)
    assert {e.name: e.kind for e in out.entities} == {
        "United States; Japan": "group",
        "Donald Trump": "person",
        "U.S.-Japan joint statement": "document",
        "Shinzo Abe": "person",
        "Robert Lighthizer": "person",
    }


# -- PolNeAR dev ---------------------------------------------------------------------------------------------
@pytest.mark.data
@requires_data("polnear-speakers")
def test_polnear_dev_canonical_speaker_accuracy() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_linking import evaluate  # type: ignore[import-not-found]

    from attrib.data.polnear import convert

    result = evaluate(list(convert(DATA / "polnear", "dev")), documents="issuer")
    # Measured 92.1% over 1,655 quotes with a named gold speaker (scripts/eval_linking.py).
    assert result["quotes_named"] == 1655
    assert result["accuracy"] >= 0.91
    assert result["by"]["mention:name"]["accuracy"] >= 0.94
    assert result["by"]["mention:pronoun"]["accuracy"] >= 0.89


def test_a_party_noun_is_not_the_last_person_named() -> None:
    # "the Democrat" is a party label: the text never calls anyone a Democrat, so the salient person, not the
    # shooting victim named in the sentence before.
    text = ("North Carolina Attorney General Roy Cooper said the state would act. Cooper is running against "
            "Republican Gov. Pat McCrory. The police shooting of Keith Lamont Scott set off protests. "
            "In urging the release of the videos, the Democrat said transparency matters.")
    doc = link(make(text, "Roy Cooper", "the Democrat"))
    assert names(doc) == ["Roy Cooper", "Roy Cooper"]


def test_a_capital_that_only_opens_the_sentence_is_the_common_noun() -> None:
    # "Police say …" is the police force the article names, not an organisation called "Police".
    text = ("Scott was shot on Tuesday, police said. Police say he posed a deadly threat. "
            "Kerr Putney, the Charlotte-Mecklenburg police chief, said the video was not definitive.")
    doc = link(make(text, "Police"))
    assert names(doc) == ["Charlotte-Mecklenburg police"]


def test_roles_before_a_possessive_in_an_apposition_are_someone_else_s() -> None:
    # "the Republican nominee's eldest daughter": she is the daughter, her father is the nominee.
    text = ("Republican nominee Donald Trump held a rally in Ohio. Ivanka Trump, the Republican nominee's eldest "
            "daughter, spoke first. She praised the plan. The nominee said the plan would pass.")
    assert names(link(make(text, "She", "The nominee"))) == ["Ivanka Trump", "Donald Trump"]
