"""The output formats of `attrib check`: golden files for each, SARIF against the official schema.

Regenerate the golden files after a deliberate change with
``ATTRIB_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_findings_formats.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from attrib import __version__
from attrib.errors import UsageError
from attrib.findings import CheckedDocument, SourceRef, Verification
from attrib.formats import FINDINGS_FORMATTERS, render_findings
from attrib.formats.findings import artifact_uri, github_escape_data, github_escape_property
from attrib.lint import lint
from attrib.rules import E, Example, Q, registry

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "check"
SCHEMA = HERE / "schemas" / "sarif-schema-2.1.0.json"

DRAFT = (
    "# Trump and Abe trade barbs\n"
    "\n"
    "“We will never accept this deal,” Abe said on Tuesday. “It is a disgrace,” he added.\n"
    "\n"
    "“The deal is dead,” a person familiar with the talks said.\n"
    "\n"
    "Trump said the United States wanted a fair deal.\n"
    "\n"
    "<!-- attrib: ignore S101 -->\n"
    "“Talks will go on.”\n"
    "\n"
    "<!-- attrib: ignore S103 -->\n"
    "“We are making progress,” Lighthizer said.\n"
    "\n"
    "Lighthizer called the offer “a good start.\n"
)
_TRANSCRIPT = "transcripts/tokyo.txt"


def sample() -> list[CheckedDocument]:
    """Two drafts checked against sources: one with a finding of most rules, one clean."""
    altered = Verification("altered", SourceRef(_TRANSCRIPT, 100, 128, "We will not accept this deal"), 0.91,
                           "Shinzo Abe",
                           diff=(("=", "We will"), ("-", "not"), ("+", "never"), ("=", "accept this deal")))
    draft = Example(
        "fail", DRAFT,
        (
            Q("“We will never accept this deal,”", "Abe", "said", "abe", verification=altered),
            Q("“It is a disgrace,”", "he", "added", "trump", verification=Verification(
                "misattributed", SourceRef(_TRANSCRIPT, 140, 155, "It is a disgrace"), 0.97, "Shinzo Abe")),
            Q("“The deal is dead,”", "a person familiar with the talks", ("said", 2), "anon",
              verification=Verification("unsupported", None, 0.12)),
            Q("the United States wanted a fair deal", "Trump", ("said", 3), "trump", "indirect", Verification(
                "supported_paraphrase", SourceRef("transcripts/dc.txt", 0, 40, "We want a fair deal for America"),
                0.8, "Donald Trump")),
            Q("“Talks will go on.”", verification=Verification(
                "verbatim", SourceRef(_TRANSCRIPT, 200, 217, "Talks will go on."), 1.0, "Shinzo Abe",
                cosmetic=("quotation marks",))),
            Q("“We are making progress,”", ("Lighthizer", 1), ("said", 4), "light", verification=Verification(
                "paraphrase_in_quotes", SourceRef("transcripts/dc.txt", 50, 80, "Things are moving forward"), 0.7,
                "Robert Lighthizer")),
        ),
        (E("abe", "Shinzo Abe", mentions=("Abe",)), E("trump", "Donald Trump", mentions=("Trump",)),
         E("anon", None, "unnamed"), E("light", "Robert Lighthizer", mentions=("Lighthizer",))),
        sources_given=True,
    ).build("drafts/trade talks.md")
    clean = Example("pass", "“We won,” Trump said.",
                    (Q("“We won,”", "Trump", "said", "t", verification=Verification(
                        "verbatim", SourceRef("transcripts/rally.txt", 5, 11, "We won"), 1.0, "Donald Trump")),),
                    (E("t", "Donald Trump"),), sources_given=True).build("drafts/clean.txt")
    return [draft, clean]


def _render(fmt: str, **options) -> str:
    checked = sample()
    return render_findings(fmt, checked, lint(checked), **options)


def _golden(name: str, actual: str) -> None:
    actual = actual.replace(f'"version": "{__version__}"', '"version": "@VERSION@"')
    path = GOLDEN / name
    if os.environ.get("ATTRIB_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}: run with ATTRIB_UPDATE_GOLDEN=1"
    assert actual == path.read_text("utf-8")


def test_sample_has_findings_of_many_rules() -> None:
    checked = sample()
    codes = {f.code for f in lint(checked)}
    assert codes == {"V101", "V102", "S104", "S103", "V104", "V103", "L101", "Q101"}
    for f in lint(checked):
        doc = next(c for c in checked if c.path == f.path).document
        assert f.text == doc.text[f.start : f.end]


@pytest.mark.parametrize(("fmt", "name", "options"), [
    ("human", "human.txt", {"width": 100}),
    ("human", "human-narrow.txt", {"width": 60}),
    ("line", "line.txt", {}),
    ("json", "json.json", {}),
    ("sarif", "sarif.json", {}),
    ("github", "github.txt", {}),
])
def test_golden(fmt: str, name: str, options: dict) -> None:
    _golden(name, _render(fmt, **options))


def test_golden_html_badges_and_findings() -> None:
    page = _render("html")
    soup = BeautifulSoup(page, "html.parser")
    badges = [(m["data-q"], m["data-verdict"], [c for c in m["class"] if c.startswith("v-")])
              for m in soup.select("article mark[data-verdict]")]
    findings = soup.select_one("section.findings")
    assert findings is not None
    lines = [" | ".join(map(str, b)) for b in badges]
    lines += [" | ".join(td.get_text(" ", strip=True) for td in tr.find_all("td"))
              for tr in findings.select("tbody tr")]
    _golden("html.txt", "\n".join(lines) + "\n")
    # The article is still the draft exactly, and the page's own tests' invariants hold.
    assert soup.find("article").get_text() == sample()[0].document.text


def test_html_without_sources_has_no_badges() -> None:
    checked = [Example("pass", "“We won,” Trump said.", (Q("“We won,”", "Trump", "said", "t"),),
                       (E("t", "Donald Trump"),)).build("a.md")]
    soup = BeautifulSoup(render_findings("html", checked, lint(checked)), "html.parser")
    assert soup.select("[data-verdict]") == [] and "No findings." in soup.get_text()


def test_json_has_every_quote_verification_and_summary() -> None:
    data = json.loads(_render("json", fail_level="warning"))
    assert data["schema_version"] == 1 and data["tool"] == "attrib"
    first, clean = data["files"]
    assert [q["verification"]["verdict"] for q in first["quotes"]] == [
        "altered", "misattributed", "unsupported", "supported_paraphrase", "verbatim", "paraphrase_in_quotes"]
    assert clean["findings"] == [] and clean["quotes"][0]["verification"]["verdict"] == "verbatim"
    assert sorted(first["quotes"][1]["findings"]) == ["S104", "V102"]
    s = data["summary"]
    assert s["files"] == 2 and s["quotes"] == 7 and s["verdicts"]["verbatim"] == 2 and s["failed"]
    assert s["by_severity"] == {"error": 4, "warning": 3, "suggestion": 1} and s["fail_level"] == "warning"


def test_sarif_validates_against_the_official_schema() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    log = json.loads(_render("sarif"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in registry.RULES]
    for r in rules:
        assert r["helpUri"].endswith("#" + registry.BY_CODE[r["id"]].anchor) and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    result = run["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/trade%20talks.md"
    assert {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength"} <= set(region)
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_schema_rejects_a_broken_log() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    log = json.loads(_render("sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_github_escaping() -> None:
    assert github_escape_data("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext: a,b"
    assert github_escape_property("dir,x/a:b.md%") == "dir%2Cx/a%3Ab.md%25"
    checked = [Example("fail", "“The deal is dead,” officials said.",
                       (Q("“The deal is dead,”", "officials", "said", "o"),), (E("o", None, "unnamed"),)
                       ).build("news, today/a:b.md")]
    [line] = render_findings("github", checked, lint(checked)).splitlines()
    assert line.startswith("::notice file=news%2C today/a%3Ab.md,line=1,col=1,endLine=1,endColumn=20,"
                           "title=S103 anonymous-source::")


def test_artifact_uris() -> None:
    assert artifact_uri("drafts/a b.md") == "drafts/a%20b.md"
    assert artifact_uri("/abs/x.md") == "file:///abs/x.md"
    assert artifact_uri("C:\\news\\x.md") == "file:///C:/news/x.md"


def test_human_colour_and_no_findings() -> None:
    coloured = _render("human", color=True)
    assert "\x1b[" in coloured
    checked = sample()[1:]
    assert render_findings("human", checked, lint(checked)).strip() == (
        "No findings in 1 file · 1 quote: 1 verbatim")


def test_every_format_is_registered_and_unknown_formats_are_usage_errors() -> None:
    assert set(FINDINGS_FORMATTERS) == {"human", "line", "json", "sarif", "github", "html"}
    with pytest.raises(UsageError):
        render_findings("xml", [], [])


def test_empty_run_in_every_format() -> None:
    for fmt in FINDINGS_FORMATTERS:
        out = render_findings(fmt, [], [])
        assert isinstance(out, str)
    assert json.loads(render_findings("sarif", [], []))["runs"][0]["results"] == []


def test_every_json_field_is_documented() -> None:
    doc = (HERE.parent / "docs" / "check-output.md").read_text("utf-8")
    data = json.loads(_render("json"))
    names: set[str] = set()

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if path.endswith(("by_code", "by_severity", "verdicts")):
                    continue  # keys are codes, severities, verdicts
                names.add(key)
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, path)

    walk(data, "")
    missing = sorted(n for n in names if f"`{n}`" not in doc and f"{n}`" not in doc and f".{n}" not in doc)
    assert not missing, f"docs/check-output.md does not document {missing}"
