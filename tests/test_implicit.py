"""The speakers of quotes without a speaker mention (attrib.implicit) and the listwise trainer."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from attrib.document import Document, Entity, Quote, Span
from attrib.errors import ModelLoadError
from attrib.findings import CheckedDocument
from attrib.formats.human import speaker_label
from attrib.implicit import FEATURES, Context, ImplicitSpeakers, default, default_path
from attrib.link import link
from attrib.lint import lint
from attrib.listwise import train


def only(**weights: float) -> ImplicitSpeakers:
    """A scorer that looks at the named features alone ("nobody" wins ties at 0 unless given weight)."""
    return ImplicitSpeakers({f: weights.get(f, 0.0) for f in FEATURES})


def span(text: str, part: str, n: int = 1) -> Span:
    start = [m.start() for m in re.finditer(re.escape(part), text)][n - 1]
    return Span(start, start + len(part))


def quote(text: str, content: str, cue: str | None = None, speaker: str | None = None) -> Quote:
    return Quote((span(text, content),), "direct", span(text, cue) if cue else None,
                 span(text, speaker) if speaker else None)


def entity_name(doc: Document, i: int) -> str | None:
    ent = doc.entity(doc.quotes[i].entity)
    return ent.name if ent is not None else None


def features_of(doc: Document, i: int) -> dict[str | None, set[str]]:
    """The non-zero features of every candidate of quote ``i``, by entity name (None: "nobody")."""
    seen: dict[str | None, set[str]] = {}

    class Spy:
        def choose(self, linker, q, context: Context):
            if q is linker.doc.quotes[i]:
                for ent, row in context.candidates(linker, q):
                    name = None if ent is None else ent.name or f"<{ent.kind}>"
                    seen[name] = {FEATURES[k] for k, v in row.items() if v}
            return None

    link(doc, implicit=Spy())  # type: ignore[arg-type]
    return seen


CONTINUED = "“We will win,” said Ted Cruz of Texas.\n\n“And we will win big in November.”"
COLON = ("Senator Ted Cruz spoke to supporters in Houston on Monday, a day after the vote in the state senate.\n\n"
         "He said:\n“We will not give up.”")
SUBJECT = "Ted Cruz met voters in Iowa and argued that the party must change."


def continued() -> Document:
    return Document(CONTINUED, quotes=(quote(CONTINUED, "“We will win,”", "said", "Ted Cruz"),
                                       quote(CONTINUED, "“And we will win big in November.”")))


def test_features_name_the_previous_speaker_and_the_subject() -> None:
    feats = features_of(continued(), 1)
    assert {"previous_speaker", "previous_speaker_close", "person"} <= feats["Ted Cruz"]
    assert feats[None] >= {"none", "none_no_cue"}
    doc = Document(SUBJECT, quotes=(quote(SUBJECT, "the party must change", "argued"),))
    feats = features_of(doc, 0)
    assert {"same_sentence_before", "subject", "person"} <= feats["Ted Cruz"]
    assert "adjacent" not in feats["Ted Cruz"]  # "met voters in Iowa and" lies between


def test_a_pronoun_before_a_colon_stands_for_its_antecedent() -> None:
    doc = Document(COLON, quotes=(quote(COLON, "“We will not give up.”"),))
    feats = features_of(doc, 0)
    assert {"colon_intro", "previous_pronoun_subject"} <= feats["Ted Cruz"]


def test_the_scorer_picks_by_its_weights_and_can_abstain() -> None:
    doc = continued()
    assert entity_name(link(doc, implicit=only(previous_speaker=2.0)), 1) == "Ted Cruz"
    assert entity_name(link(doc, implicit=only(none=1.0, previous_speaker=0.5)), 1) is None
    assert entity_name(link(doc), 1) is None  # without a scorer nothing is inferred
    # a quote with a mention keeps the rule linker's answer whatever the scorer says
    assert entity_name(link(doc, implicit=only(none=5.0)), 0) == "Ted Cruz"


def test_an_inferred_speaker_keeps_no_mention_and_is_listed() -> None:
    out = link(continued(), implicit=only(previous_speaker=2.0))
    assert out.quotes[1].speaker is None
    assert out.quotes[0].entity == out.quotes[1].entity
    assert [e.name for e in out.entities] == ["Ted Cruz"]
    assert speaker_label(out, out.quotes[1]) == "Ted Cruz (from context)"
    assert speaker_label(out, out.quotes[0]) == "Ted Cruz"


def test_a_document_whose_quotes_all_lack_speakers_is_linked() -> None:
    text = "Ted Cruz spoke on Monday. He said:\n“We will not give up.”"
    doc = Document(text, quotes=(quote(text, "“We will not give up.”"),))
    assert entity_name(link(doc, implicit=only(colon_intro=2.0)), 0) == "Ted Cruz"


def test_nobody_around_means_no_speaker() -> None:
    text = "“It is over.”"
    doc = Document(text, quotes=(quote(text, "“It is over.”"),))
    out = link(doc, implicit=default())
    assert out.quotes[0].entity is None and out.entities == ()


def test_shipped_weights_infer_the_continued_speaker() -> None:
    scorer = default()
    assert scorer is not None and set(scorer.weights) == set(FEATURES)
    assert entity_name(link(continued(), implicit=scorer), 1) == "Ted Cruz"
    doc = Document(COLON, quotes=(quote(COLON, "“We will not give up.”"),))
    assert entity_name(link(doc, implicit=scorer), 0) == "Ted Cruz"


def test_shipped_weights_have_a_model_card() -> None:
    folder = default_path().parent
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert meta["command"].startswith("python scripts/train_implicit.py")
    learned = meta["dev_metrics"]["end_to_end_learned"]["pog_speaker_accuracy"]
    assert f"{learned:.2f}" in card


@pytest.mark.parametrize("content", ["not json", json.dumps({"weights": {"none": 1.0}}), json.dumps([1, 2])])
def test_a_bad_weights_file_is_a_coded_error(tmp_path, content: str) -> None:
    path = tmp_path / "weights.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelLoadError) as err:
        ImplicitSpeakers.load(path)
    assert str(path) in str(err.value) and err.value.code == "E302"


def test_weights_round_trip(tmp_path) -> None:
    scorer = only(subject=1.5, none=-0.25)
    scorer.save(tmp_path / "w.json")
    assert ImplicitSpeakers.load(tmp_path / "w.json") == scorer


def test_listwise_training_finds_the_marked_candidate_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(200):
        x = rng.normal(size=(4, 3))
        right = int(rng.integers(4))
        x[right, 1] += 2.0  # feature 1 marks the right candidate, the others are noise
        groups.append((x, right))
    w = train(groups)
    assert w[1] > 1.0 and abs(w[0]) < 0.5 and abs(w[2]) < 0.5
    assert np.array_equal(w, train(groups))
    accuracy = np.mean([int(np.argmax(x @ w)) == r for x, r in groups])
    assert accuracy > 0.6  # chance is 0.25; the noise caps it near 0.77


def test_unattributed_quote_is_reported_even_with_an_inferred_speaker() -> None:
    text = "Mr. Abe spoke.\n\n“We won.”"
    q = Quote((span(text, "“We won.”"),), "direct", entity="abe", id="q1")
    doc = Document(text, quotes=(q,), entities=(Entity("abe", "Shinzo Abe"),))
    findings = [f for f in lint([CheckedDocument(doc, "t.md")]) if f.code == "S101"]
    assert len(findings) == 1 and "may be Shinzo Abe" in findings[0].message


def test_a_pronoun_resolves_only_to_someone_named_before_it() -> None:
    # the rule linker's last resort counts the whole document's mentions once the walk is over
    text = "He said: “We will not give up.” " + "The weather was mild. " * 150 + "John Smith, the mayor, spoke."
    doc = Document(text, quotes=(quote(text, "“We will not give up.”"),))
    assert "John Smith" not in features_of(doc, 0)


def test_a_possessive_inside_the_quote_is_not_its_speaker() -> None:
    text = ("Exxon and Chevron met regulators in Houston on Monday, a day after the vote in the state senate.\n\n"
            "“It is all their fault,” added the spokesman.")
    doc = Document(text, quotes=(quote(text, "“It is all their fault,”", "added"),))
    assert all("possessor" not in feats for feats in features_of(doc, 0).values())


def test_a_merged_headline_document_is_one_candidate() -> None:
    # "Poll: …" in a headline and "A Bloomberg poll" later are one document; a speaker-less quote between
    # them must not bring back the nameless one as a second entity
    text = ("Poll: Clinton leads Trump in Ohio\n\nIt reports: “Voters are tired of both.”\n\n"
            "A Bloomberg poll released on Monday found that voters prefer Clinton.")
    doc = Document(text, quotes=(
        quote(text, "Clinton leads Trump in Ohio", speaker="Poll"),
        quote(text, "“Voters are tired of both.”"),
        quote(text, "that voters prefer Clinton", "found", "A Bloomberg poll"),
    ))
    out = link(doc, implicit=only(colon_intro=2.0, document=1.0), documents="issuer")
    ids = {q.entity for q in out.quotes if q.entity is not None}
    assert len(ids) == len(out.entities)
    assert len({e.id for e in out.entities if e.kind == "document"}) == 1


def test_a_subject_pronoun_is_read_only_near_the_quote() -> None:
    # a transcript without sentence ends: each quote reads a bounded stretch before it (not the whole text,
    # which made linking quadratic), so a "he" far back is not taken as the subject
    def pronoun_feature(filler: int) -> bool:
        text = "Ted Cruz spoke, and then he went on " + "and on " * filler + "“to win”"
        doc = Document(text, quotes=(quote(text, "“to win”"),))
        return any("pronoun_subject" in feats for feats in features_of(doc, 0).values())

    assert pronoun_feature(5)
    assert not pronoun_feature(100)

