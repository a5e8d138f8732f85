"""lint(): rule selection, severities, inline suppressions, exit codes, and the Finding record."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrib.config import Config
from attrib.document import Document, Entity, Quote, Span
from attrib.errors import ConfigError
from attrib.findings import CheckedDocument, Finding, SourceRef, Verification
from attrib.lint import active_rules, exit_code, lint, suppressions
from attrib.rules import registry

ANON = "“The deal is dead,” officials said."


def anon_doc(text: str = ANON, **kw) -> CheckedDocument:
    start = text.index("“The deal")
    quote = Quote((Span(start, start + 19),), "direct", Span(start + 30, start + 34), Span(start + 20, start + 29),
                  "o", id="q1")
    entity = Entity("o", None, "unnamed", (quote.speaker,))
    return CheckedDocument(Document(text, quotes=(quote,), entities=(entity,)), "a.md", **kw)


def cfg(**kw) -> SimpleNamespace:
    return SimpleNamespace(**{"select": (), "ignore": (), "severity": {}} | kw)


def codes(doc: CheckedDocument, settings=None) -> list[str]:
    return [f.code for f in lint([doc], settings)]


# -- selection and severities ----------------------------------------------------------------------------


def test_defaults_run_every_rule_that_is_on() -> None:
    active = active_rules()
    assert set(active) == {r.code for r in registry.RULES if r.severity != "none"}
    assert active["S103"] == "suggestion" and active["V101"] == "error"
    assert active_rules(Config()) == active


def test_select_and_ignore_by_code_name_and_prefix() -> None:
    assert set(active_rules(cfg(select=["S"]))) == {"S101", "S102", "S103", "S104"}
    # A prefix does not switch on the rules that are off by default (V105-V107).
    assert set(active_rules(cfg(select=["anonymous-source", "V1"]))) == {"S103", "V101", "V102", "V103", "V104"}
    assert "S103" not in active_rules(cfg(ignore=["anonymous-source"]))
    assert set(active_rules(cfg(select=["S"], ignore=["S101,S102"]))) == {"S103", "S104"}
    assert codes(anon_doc(), cfg(ignore=["S103"])) == []


def test_off_by_default_rules_run_when_named() -> None:
    assert "V107" not in active_rules(cfg(select=["all"]))
    assert active_rules(cfg(select=["unchecked-quote"])) == {"V107": "suggestion"}
    assert active_rules(cfg(severity={"V107": "warning"}))["V107"] == "warning"
    assert "V107" not in active_rules(cfg(select=["V107"], severity={"V107": "none"}))
    [f] = [f for f in lint([anon_doc()], cfg(select=["V107"]))]
    assert (f.code, f.severity, f.message) == ("V107", "suggestion", "quote not checked: no sources were given")


def test_severity_overrides() -> None:
    [f] = lint([anon_doc()], cfg(severity={"anonymous-source": "error"}))
    assert f.severity == "error"
    assert lint([anon_doc()], cfg(severity={"S103": "none"})) == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (cfg(select=["S999"]), "'select' names unknown rule 'S999'"),
        (cfg(ignore=["nope"]), "'ignore' names unknown rule 'nope'"),
        (cfg(severity={"X1": "error"}), "'severity' names unknown rule 'X1'"),
        (cfg(severity={"S101": "fatal"}), "'severity.S101' must be one of"),
    ],
)
def test_unknown_rules_are_config_errors(settings, words) -> None:
    with pytest.raises(ConfigError) as info:
        lint([anon_doc()], settings)
    assert info.value.code == "E401" and words in str(info.value)


# -- suppressions ----------------------------------------------------------------------------------------


def test_suppression_applies_to_the_next_paragraph_only() -> None:
    text = f"<!-- attrib: ignore S103 -->\n\n{ANON}\n\n{ANON}"
    doc = anon_doc(text)
    # Only the first quote is annotated: the second paragraph's quote is a copy for position checks.
    second = text.rindex("“The deal")
    quote2 = Quote((Span(second, second + 19),), "direct", Span(second + 30, second + 34),
                   Span(second + 20, second + 29), "o", id="q2")
    doc = CheckedDocument(Document(text, quotes=(*doc.document.quotes, quote2), entities=doc.document.entities),
                          "a.md")
    findings = lint([doc])
    assert [(f.code, f.quote_id) for f in findings] == [("S103", "q2")]


def test_suppression_on_the_line_before_within_a_paragraph_and_by_name_or_all() -> None:
    for entry in ("S103", "anonymous-source", "all", "S103, anonymous-source", "S"):
        assert codes(anon_doc(f"Intro.\n\n<!-- attrib: ignore {entry} -->\n{ANON}")) == [], entry


def test_stacked_suppressions_apply_to_the_same_paragraph() -> None:
    text = f"<!-- attrib: ignore S101 -->\n<!-- attrib: ignore S103 -->\n\n{ANON}"
    findings = lint([anon_doc(text)])
    assert [(f.code, f.text) for f in findings] == [("L101", "S101")]
    assert findings[0].line == 1 and findings[0].column == 21


def test_unused_and_invalid_suppressions() -> None:
    text = f"<!-- attrib: ignore S101 -->\n{ANON}\n\n<!-- attrib: ignore S1O3 -->\nDone."
    findings = lint([anon_doc(text)])
    assert [(f.code, f.severity, f.text) for f in findings] == [
        ("L101", "warning", "S101"), ("S103", "suggestion", "“The deal is dead,”"), ("L102", "warning", "S1O3")]
    assert "suppresses nothing" in findings[0].message


def test_unused_suppression_is_quiet_for_rules_that_could_not_fire() -> None:
    text = f"<!-- attrib: ignore V101, S101 -->\n{ANON}"
    # V101 needs sources; none were given, so only S101 is unused.
    assert [f.text for f in lint([anon_doc(text)]) if f.code == "L101"] == ["S101"]
    # A disabled rule's suppression is not reported either.
    assert [f.code for f in lint([anon_doc(text)], cfg(ignore=["S101"]))] == ["S103"]
    # With sources, a V101 suppression that suppresses nothing is stale.
    stale = lint([anon_doc(text, sources_given=True)])
    assert sorted(f.text for f in stale if f.code == "L101") == ["S101", "V101"]


def test_suppression_parsing() -> None:
    text = "<!-- attrib: ignore S101 S102,all -->\r\n\r\nText.\n\n<!-- ATTRIB: IGNORE s103 -->"
    entries = suppressions(text)
    assert [e.entry for e in entries] == ["S101", "S102", "all", "s103"]
    assert text[entries[0].target.start : entries[0].target.end] == "Text."
    assert entries[-1].target == Span(len(text), len(text))
    assert suppressions("Say <!-- attrib: ignore S101 --> inline") == []  # a line of its own only


# -- exit codes ------------------------------------------------------------------------------------------


def _finding(severity: str) -> Finding:
    return Finding.at(anon_doc(), 0, 1, code="S103", rule="anonymous-source", severity=severity, message="m")


@pytest.mark.parametrize(
    ("severities", "level", "code"),
    [
        ([], "error", 0),
        (["warning", "suggestion"], "error", 0),
        (["warning"], "warning", 1),
        (["suggestion"], "warning", 0),
        (["suggestion"], "suggestion", 1),
        (["error"], "error", 1),
    ],
)
def test_exit_code(severities, level, code) -> None:
    assert exit_code([_finding(s) for s in severities], level) == code


def test_exit_code_rejects_unknown_levels() -> None:
    with pytest.raises(ConfigError):
        exit_code([], "fatal")


# -- the record ------------------------------------------------------------------------------------------


def test_finding_to_dict_and_positions() -> None:
    text = "Intro line.\n\n“We won,” Abe said."
    v = Verification("altered", SourceRef("s.txt", 3, 9, "We win"), 0.8, "Shinzo Abe",
                     diff=(("-", "win"), ("+", "won")))
    q = Quote((Span(13, 22),), "direct", Span(27, 31), Span(23, 26), "abe", id="q1")
    doc = CheckedDocument(Document(text, quotes=(q,), entities=(Entity("abe", "Shinzo Abe"),)), "s/a.md",
                          {"q1": v}, sources_given=True)
    [f] = lint([doc])
    d = f.to_dict()
    assert d == {
        "code": "V101", "rule": "altered-quote", "severity": "error",
        "message": "quote differs from the source (s.txt): has “won” where the source says “win”",
        "path": "s/a.md", "start": 13, "end": 22, "line": 3, "column": 1, "end_line": 3, "end_column": 10,
        "paragraph": 2, "quote_id": "q1", "text": "“We won,”", "verification": v.to_dict(),
        "diff": [["-", "win"], ["+", "won"]],
    }


def test_finding_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError):
        Finding.at(anon_doc(), 5, 500, code="S103", rule="anonymous-source", severity="warning", message="m")


_marks = st.sampled_from(["“", "”", '"', "«", "»", "„", "'", "’", "\n\n", " ", "a", "word", ".", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_marks, max_size=30))
def test_every_finding_points_at_its_text(parts: list[str]) -> None:
    text = "".join(parts)
    doc = CheckedDocument(Document(text), "h.txt")
    for f in lint([doc], cfg(select=["all"])):
        assert f.text == text[f.start : f.end] and (f.line, f.column) == doc.document.line_col(f.start)
        assert (f.end_line, f.end_column) == doc.document.line_col(f.end)
