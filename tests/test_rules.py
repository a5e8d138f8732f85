"""The rules: registry invariants, the meta-test over every rule's examples, generated docs, edge cases."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from attrib.document import Document, Entity, Quote, Span
from attrib.findings import CheckedDocument, SourceRef, Verification
from attrib.lint import lint
from attrib.rules import RULES, E, Example, Q, registry
from attrib.rules.base import locate
from attrib.rules.docs import rules_markdown
from attrib.rules.verification import diff_summary

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _enabled(rule) -> SimpleNamespace:
    """Settings that run every default rule plus ``rule`` (at warning when it is off by default)."""
    return SimpleNamespace(select=(), ignore=(), severity={rule.code: "warning"} if rule.severity == "none" else {})


def _codes(checked: CheckedDocument, settings=None) -> list[str]:
    return [f.code for f in lint([checked], settings)]


# -- registry --------------------------------------------------------------------------------------------


def test_every_rule_has_pass_and_fail_examples_and_docs() -> None:
    assert len(RULES) >= 13
    for rule in RULES:
        kinds = {e.expect for e in rule.examples}
        assert kinds == {"pass", "fail"}, f"{rule.code} needs at least one pass and one fail example"
        for text in (rule.summary, rule.description, rule.anti_pattern, rule.best_practice):
            assert text.strip(), f"{rule.code} has empty documentation"
        assert rule.check is not None or rule.family == "L"


@pytest.mark.parametrize(
    ("rule", "example"),
    [(r, e) for r in RULES for e in r.examples],
    ids=[f"{r.code}-{e.expect}-{i}" for r in RULES for i, e in enumerate(r.examples)],
)
def test_rule_examples(rule, example: Example) -> None:
    checked = example.build()
    findings = [f for f in lint([checked], _enabled(rule)) if f.code == rule.code]
    if example.expect == "fail":
        assert findings, f"{rule.code} should report {example.text!r}"
        for f in findings:
            assert f.text == checked.document.text[f.start : f.end] and f.rule == rule.name
    else:
        assert not findings, f"{rule.code} should not report {example.text!r}: {[f.message for f in findings]}"


def test_codes_names_and_lookup() -> None:
    assert registry.get("s103") is registry.get("anonymous-source") is registry.BY_CODE["S103"]
    rules, exact = registry.resolve("V")
    assert not exact and {r.code for r in rules} == {f"V10{i}" for i in range(1, 8)}
    assert registry.resolve("all")[0] == RULES
    assert registry.resolve("S104") == ((registry.BY_CODE["S104"],), True)
    assert registry.resolve("Z") is None and registry.resolve("S9") is None and registry.resolve("nope") is None


def test_required_rules_and_default_severities() -> None:
    severities = {r.name: r.severity for r in RULES}
    assert severities["altered-quote"] == "error"
    assert severities["misattributed-quote"] == "error"
    assert severities["paraphrase-in-quotes"] == "error"
    assert severities["unsupported-quote"] == "warning"
    assert severities["supported-paraphrase"] == severities["verbatim-quote"] == "none"
    assert severities["unchecked-quote"] == "none"
    for name in ("unattributed-quote", "pronoun-only-attribution", "anonymous-source", "speaker-tag-mismatch",
                 "unbalanced-quotation-mark", "mismatched-quotation-marks", "unused-suppression"):
        assert name in severities


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text("utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `.venv/bin/python -m attrib.rules.docs docs/rules.md`"
    )


def test_docs_have_every_rule_with_its_anchor() -> None:
    text = rules_markdown()
    for rule in RULES:
        assert f"### {rule.code} {rule.name}\n" in text and f"(#{rule.anchor})" in text


# -- example builder -------------------------------------------------------------------------------------


def test_locate_whole_words_nearest_and_nth() -> None:
    text = "The man said he was there. Then he left, he said."
    assert text[locate(text, "he").start - 1] == " "  # not the "he" of "The"
    assert locate(text, ("he", 2)) == Span(32, 34)
    assert locate(text, "said", near=Span(40, 45)).start == 44
    with pytest.raises(ValueError):
        locate(text, ("he", 9))


def test_example_builds_a_valid_document() -> None:
    ex = Example("fail", "“We won,” Trump said. He smiled.",
                 (Q("“We won,”", "Trump", "said", "t", verification=Verification("verbatim")),),
                 (E("t", "Donald Trump", mentions=("He",)),), sources_given=True)
    checked = ex.build("x.md")
    doc = checked.document
    assert checked.path == "x.md" and checked.sources_given
    q = doc.quotes[0]
    assert doc.quote_text(q) == "“We won,”" and doc.span_text(q.speaker) == "Trump" and q.id == "q1"
    assert [doc.span_text(m) for m in doc.entities[0].mentions] == ["Trump", "He"]
    assert checked.verification(q).verdict == "verbatim"


# -- quotation marks -------------------------------------------------------------------------------------


def _doc(text: str, *quotes: Quote, entities: tuple[Entity, ...] = (), **kw) -> CheckedDocument:
    return CheckedDocument(Document(text, quotes=quotes, entities=entities), "t.md", **kw)


def test_multi_paragraph_quotation_is_not_an_error() -> None:
    text = ("Abe said: “We will not accept it.\n\n“We will keep talking.\n\n“And we will win.”\n\n"
            "Trump said: “Fine.”")
    assert [c for c in _codes(_doc(text)) if c.startswith("Q")] == []


def test_unclosed_quotation_before_a_paragraph_without_a_mark_is_an_error() -> None:
    text = "Abe said: “We will not accept it.\n\nTrump left."
    findings = lint([_doc(text)])
    assert [(f.code, f.text, f.line, f.column) for f in findings] == [("Q101", "“", 1, 11)]


def test_mismatched_styles() -> None:
    for text, bad in (("“Yes\" he said.", True), ("«Oui» dit-il.", False), ("„Ja“, sagte er.", False),
                      ("\"Yes\" he said.", False), ("«Oui” dit-il.", True)):
        assert ("Q102" in _codes(_doc(text))) == bad, text


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The students’ union said it won’t back the ’90s-era plan."
    assert _codes(_doc(text)) == []


# -- speakers --------------------------------------------------------------------------------------------

TEXT = "Trump came.\n\n“We will not accept this,” Abe said. “It is a disgrace,” he added."
P = 13  # where the second paragraph starts


def _two_quotes(second_entity: str, entities: tuple[Entity, ...]) -> CheckedDocument:
    return _doc(TEXT, Quote((Span(P, P + 26),), "direct", Span(P + 31, P + 35), Span(P + 27, P + 30), "abe", id="q1"),
                Quote((Span(P + 37, P + 56),), "direct", Span(P + 60, P + 65), Span(P + 57, P + 59), second_entity,
                      id="q2"),
                entities=entities)


def test_tag_mismatch_needs_two_named_people() -> None:
    assert TEXT[P + 57 : P + 59] == "he" and TEXT[P + 27 : P + 30] == "Abe"
    abe = Entity("abe", "Shinzo Abe", "person", (Span(P + 27, P + 30),))
    trump = Entity("trump", "Donald Trump", "person", (Span(0, 5), Span(P + 57, P + 59)))
    org = Entity("wh", "White House", "organization", (Span(0, 5), Span(P + 57, P + 59)))
    [f] = [f for f in lint([_two_quotes("trump", (abe, trump))]) if f.code.startswith("S")]
    assert f.code == "S104" and f.quote_id == "q2" and "Donald Trump" in f.message and "Shinzo Abe" in f.message
    assert "S104" not in _codes(_two_quotes("abe", (abe,)))
    assert "S104" not in _codes(_two_quotes("wh", (abe, org)))  # "he" cannot be the organisation anyway


def test_tag_mismatch_leaves_never_named_speakers_to_the_pronoun_rule() -> None:
    abe = Entity("abe", "Shinzo Abe", "person", (Span(P + 27, P + 30),))
    trump = Entity("trump", "Donald Trump", "person", (Span(P + 57, P + 59),))
    assert [c for c in _codes(_two_quotes("trump", (abe, trump))) if c.startswith("S")] == ["S102"]


def test_tag_mismatch_ignores_other_paragraphs_and_later_tags() -> None:
    text = "“We will not accept this,” Abe said.\n\n“It is a disgrace,” he added."
    abe = Entity("abe", "Shinzo Abe", "person", (Span(27, 30),))
    trump = Entity("trump", "Donald Trump", "person", (Span(59, 61),))
    doc = _doc(text, Quote((Span(0, 26),), "direct", Span(31, 35), Span(27, 30), "abe", id="q1"),
               Quote((Span(38, 57),), "direct", Span(62, 67), Span(59, 61), "trump", id="q2"),
               entities=(abe, trump))
    assert "S104" not in _codes(doc)


def test_unattributed_skips_nested_quotes() -> None:
    text = "Abe said: “They told me ‘never’ twice.”"
    outer = Quote((Span(10, 39),), "direct", Span(4, 8), Span(0, 3), "abe", id="q1")
    inner = Quote((Span(24, 31),), "direct", id="q2")
    assert "S101" not in _codes(_doc(text, outer, inner, entities=(Entity("abe", "Shinzo Abe"),)))


def test_anonymous_source_ignores_the_author_and_pronouns() -> None:
    text = "“It was cold,” we said."
    q = Quote((Span(0, 14),), "direct", Span(18, 22), Span(15, 17), "me", id="q1")
    assert "S103" not in _codes(_doc(text, q, entities=(Entity("me", None, "unnamed", (Span(15, 17),)),)))


# -- verification ----------------------------------------------------------------------------------------


def test_diff_summary() -> None:
    diff = (("=", "We will"), ("-", "not"), ("+", "never"), ("=", "accept"), ("-", "this"), ("=", "deal"),
            ("+", "ever"))
    assert diff_summary(diff) == ("has “never” where the source says “not”; leaves out “this”; adds “ever”")
    many = tuple(x for i in range(5) for x in (("=", "a"), ("-", f"w{i}")))
    assert diff_summary(many).endswith("; and 2 more changes")


def test_misattributed_names_the_real_speaker() -> None:
    text = "“We won,” Abe said."
    v = Verification("misattributed", SourceRef("s.txt", 0, 6, "We won"), 1.0, "Donald Trump")
    doc = _doc(text, Quote((Span(0, 9),), "direct", Span(14, 18), Span(10, 13), "abe", id="q1"),
               entities=(Entity("abe", "Shinzo Abe"),), verifications={"q1": v}, sources_given=True)
    [f] = lint([doc])
    assert f.code == "V102" and f.severity == "error" and "Donald Trump" in f.message and "Shinzo Abe" in f.message
    assert f.verification is v and f.quote_id == "q1" and f.text == "“We won,”"


def test_documented_configuration_example_is_valid(tmp_path) -> None:
    import re

    from attrib.config import load_config

    [block] = re.findall(r"```toml\n(.*?)```", rules_markdown(), flags=re.S)
    (tmp_path / "pyproject.toml").write_text(block)
    cfg = load_config(tmp_path)
    assert cfg.select == ("S", "V") and cfg.ignore == ("S103",) and cfg.severity == {"S103": "warning"}
