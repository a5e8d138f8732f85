"""`attrib check` end to end through the command line (Typer's CliRunner, in process).

Errors that stop the run before any model work (bad sources, unknown rules, an output that is an input) are
fast. The tests marked ``slow`` check real drafts of tests/checksuite with the shipped model; `load_model` does
not cache, so the ``shipped`` fixture loads the model and the sentence encoder once for the module and hands
the same objects to every invocation (results are those of fresh loads: both are read-only at inference).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.findings import VERDICTS

from .conftest import SHIPPED_MODEL

HERE = Path(__file__).resolve().parent
SUITE = HERE / "checksuite"
DRAFT = SUITE / "drafts" / "d01.txt"
HEARING = SUITE / "sources" / "tr-0610-millbrook-budget-hearing.txt"
VOTE = SUITE / "sources" / "art-0617-millbrook-budget-vote.txt"
SARIF_SCHEMA = HERE / "schemas" / "sarif-schema-2.1.0.json"

# In d01.txt: Nandakumar's quote says "three years in a row" where the hearing has "two years".
ALTERED = "“Using one-time money to pay for recurring costs is something we can do once. It is not something I " \
          "would recommend doing three years in a row.”"

runner = CliRunner()


def invoke(*args: str | Path):
    return runner.invoke(app, ["check", *map(str, args)])


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    """A working folder of its own, so that no project configuration (and no [tool.attrib] sources) applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def shipped():
    if not SHIPPED_MODEL.is_dir():
        pytest.skip("the shipped model is not installed")
    from attrib import api, embed

    model = api.load_model()
    encoder = embed.SentenceEncoder()
    patch = pytest.MonkeyPatch()
    patch.setattr(api, "load_model", lambda path=None: model if path is None else pytest.fail(f"model {path}"))
    patch.setattr(embed, "SentenceEncoder", lambda: encoder)
    yield
    patch.undo()


# -- errors before any model work --------------------------------------------------------------------------
@pytest.mark.parametrize(("make", "code"), [
    (lambda d: d / "missing.txt", "E101"),
    (lambda d: _write(d / "empty.txt", b""), "E109"),
    (lambda d: _write(d / "blank.txt", b"  \n\n \t\n"), "E109"),
    (lambda d: _write(d / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "E104"),
], ids=["missing", "empty", "blank", "binary"])
def test_bad_source_is_a_coded_error_and_nothing_is_written(cwd, make, code) -> None:
    bad = make(cwd)
    out = cwd / "report.json"
    result = invoke(DRAFT, "--source", HEARING, "--source", bad, "--format", "json", "-o", out)
    assert result.exit_code == 2, result.output
    assert f"[{code}]" in result.stderr
    assert bad.name in result.stderr
    assert not out.exists()
    assert result.stdout == ""


def test_bad_source_from_the_configuration_is_a_coded_error(cwd) -> None:
    (cwd / "attrib.toml").write_text('[tool.attrib]\nsources = ["gone.txt"]\n', "utf-8")
    result = invoke(DRAFT, "--format", "json")
    assert result.exit_code == 2
    assert "[E101]" in result.stderr and "gone.txt" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [
    ("--select", "V999"),
    ("--ignore", "no-such-rule"),
    ("--select", "V101,bogus"),
], ids=["select-code", "ignore-name", "comma-list"])
def test_unknown_rule_is_a_configuration_error(cwd, args) -> None:
    result = invoke(DRAFT, "--source", HEARING, *args)
    assert result.exit_code == 2
    assert "[E401]" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [("--format", "xml"), ("--fail-level", "fatal")], ids=["format", "fail-level"])
def test_bad_option_values_are_configuration_errors(cwd, args) -> None:
    result = invoke(DRAFT, "--source", HEARING, *args)
    assert result.exit_code == 2 and "[E401]" in result.stderr


def test_output_never_overwrites_an_input(cwd) -> None:
    draft = Path(shutil.copy(DRAFT, cwd / "draft.txt"))
    (cwd / "sources").mkdir()
    source = Path(shutil.copy(HEARING, cwd / "sources" / "hearing.txt"))
    before = {p: p.read_bytes() for p in (draft, source)}
    for out, given in [(draft, "draft.txt"), (source, "sources/hearing.txt"), (cwd / "sources" / "new.txt", None)]:
        result = invoke("draft.txt", "--source", "sources", "--format", "json", "-o", out)
        assert result.exit_code == 2, (out, result.output)
        assert "[E403]" in result.stderr
        if given:
            assert given in result.stderr
    (cwd / "attrib.toml").write_text('[tool.attrib]\nsources = ["sources/hearing.txt"]\n', "utf-8")
    result = invoke("draft.txt", "-o", "sources/hearing.txt")  # a source named by the configuration
    assert result.exit_code == 2 and "[E403]" in result.stderr
    assert {p: p.read_bytes() for p in (draft, source)} == before
    assert not (cwd / "sources" / "new.txt").exists()


def test_output_never_overwrites_the_speaker_registry(cwd, tiny_model_dir) -> None:
    registry = cwd / "speakers.toml"
    shutil.copy(HERE / "fixtures" / "speakers.toml", registry)
    before = registry.read_bytes()
    result = invoke(DRAFT, "--speakers", registry, "--model", tiny_model_dir, "-o", registry)
    assert registry.read_bytes() == before
    assert result.exit_code == 2 and "[E403]" in result.stderr


def test_unreadable_draft_is_exit_2(cwd) -> None:
    result = invoke(cwd / "nope.txt", "--source", HEARING, "--format", "json")
    assert result.exit_code == 2
    assert "[E101]" in result.stderr and "nope.txt" in result.stderr


# -- real drafts with the shipped model ----------------------------------------------------------------------
_SPAN = {"type": ["object", "null"], "required": ["start", "end", "text"],
         "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"}}}
_VERIFICATION = {
    "type": "object",
    "required": ["verdict", "source", "score", "source_speaker"],
    "properties": {
        "verdict": {"enum": list(VERDICTS)},
        "source": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["path", "start", "end", "text"], "additionalProperties": False,
            "properties": {"path": {"type": "string"}, "start": {"type": "integer", "minimum": 0},
                           "end": {"type": "integer", "minimum": 0}, "text": {"type": "string"}}}]},
        "score": {"type": "number"},
        "source_speaker": {"type": ["string", "null"]},
        "cosmetic": {"type": "array", "minItems": 1, "items": {
            "enum": ["first-letter case", "final punctuation", "quotation marks", "ellipsis", "bracketed insertion"]}},
        "diff": {"type": "array", "minItems": 1, "items": {
            "type": "array", "prefixItems": [{"enum": ["=", "-", "+"]}, {"type": "string"}], "minItems": 2,
            "maxItems": 2}},
    },
    "additionalProperties": False,
}
_POSITION = ["start", "end", "line", "column", "end_line", "end_column", "paragraph"]
REPORT_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "tool", "version", "files", "summary"],
    "properties": {
        "schema_version": {"const": 1},
        "tool": {"const": "attrib"},
        "version": {"type": "string"},
        "files": {"type": "array", "items": {
            "type": "object",
            "required": ["path", "sources_given", "quotes", "findings"],
            "properties": {
                "path": {"type": "string"},
                "sources_given": {"type": "boolean"},
                "quotes": {"type": "array", "items": {
                    "type": "object",
                    "required": ["id", "type", *_POSITION, "fragments", "text", "cue", "speaker", "entity",
                                 "speaker_name", "speaker_kind", "confidence", "verification", "findings"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^q[0-9]+$"},
                        "type": {"enum": ["direct", "indirect", "mixed"]},
                        **{k: {"type": "integer", "minimum": 0} for k in _POSITION},
                        "fragments": {"type": "array", "minItems": 1, "items": {
                            "type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
                        "text": {"type": "string"},
                        "cue": _SPAN, "speaker": _SPAN,
                        "entity": {"type": ["string", "null"]},
                        "speaker_name": {"type": ["string", "null"]},
                        "speaker_kind": {"enum": ["person", "organization", "group", "document", "unnamed", None]},
                        "confidence": {"type": ["number", "null"]},
                        "verification": _VERIFICATION,
                        "findings": {"type": "array", "items": {"type": "string"}},
                    },
                }},
                "findings": {"type": "array", "items": {
                    "type": "object",
                    "required": ["code", "rule", "severity", "message", "path", *_POSITION, "quote_id", "text",
                                 "verification", "diff"],
                    "properties": {
                        "code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"},
                        "severity": {"enum": ["error", "warning", "suggestion"]},
                        "verification": {"oneOf": [{"type": "null"}, _VERIFICATION]},
                        "diff": {"type": "array"},
                    },
                }},
            },
        }},
        "summary": {
            "type": "object",
            "required": ["files", "quotes", "findings", "by_severity", "by_code", "verdicts", "fail_level", "failed"],
            "properties": {"verdicts": {"type": "object", "required": list(VERDICTS),
                                        "propertyNames": {"enum": list(VERDICTS)}}},
        },
    },
}


def check_json(*args: str | Path, code: int = 1) -> dict:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    return report


def assert_consistent(report: dict) -> None:
    """Every offset points at its text, in the draft and in the sources; the summary adds up."""
    total, verdicts = 0, dict.fromkeys(VERDICTS, 0)
    for f in report["files"]:
        text = Path(f["path"]).read_text("utf-8")
        for q in f["quotes"]:
            assert q["text"] == text[q["start"] : q["end"]]
            v = q["verification"]
            verdicts[v["verdict"]] += 1
            if v["source"] is not None:
                src = v["source"]
                assert src["text"] == Path(src["path"]).read_text("utf-8")[src["start"] : src["end"]]
            codes = [x["code"] for x in f["findings"] if x["quote_id"] == q["id"]]
            assert q["findings"] == codes
        for finding in f["findings"]:
            assert finding["text"] == text[finding["start"] : finding["end"]]
            total += 1
        total_quotes = len(f["quotes"])
        assert total_quotes == len({q["id"] for q in f["quotes"]})
    assert report["summary"]["findings"] == total
    assert report["summary"]["verdicts"] == verdicts
    assert report["summary"]["quotes"] == sum(verdicts.values())


@pytest.mark.slow
def test_altered_quote_is_an_error_with_its_diff(shipped, cwd) -> None:
    out = cwd / "report.json"
    result = invoke(DRAFT, "--source", HEARING, "--source", VOTE, "--format", "json", "-o", out)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    report = json.loads(out.read_text("utf-8"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert_consistent(report)
    [file] = report["files"]
    assert file["path"] == str(DRAFT) and file["sources_given"] is True
    assert all(q["verification"]["verdict"] != "unchecked" for q in file["quotes"])
    [altered] = [q for q in file["quotes"] if q["text"] == ALTERED]
    v = altered["verification"]
    assert v["verdict"] == "altered"
    assert v["source"]["path"] == str(HEARING)
    assert v["source_speaker"] == "Priya Nandakumar"
    assert ["-", "two"] in v["diff"] and ["+", "three"] in v["diff"]
    assert altered["findings"] == ["V101"]
    [finding] = [f for f in file["findings"] if f["code"] == "V101"]
    assert finding["severity"] == "error" and finding["rule"] == "altered-quote"
    assert finding["quote_id"] == altered["id"] and finding["diff"] == v["diff"]
    assert "three" in finding["message"] and "two" in finding["message"]
    assert report["summary"]["failed"] is True and report["summary"]["by_code"]["V101"] == 1
    # Ortega's quote differs from the hearing only by its curly apostrophe and final punctuation.
    [ortega] = [q for q in file["quotes"] if q["text"].startswith("“Closing the libraries on Sundays")]
    assert ortega["verification"]["verdict"] == "verbatim"
    assert ortega["verification"]["source_speaker"] == "Raul Ortega"
    assert "quotation marks" in ortega["verification"]["cosmetic"]


@pytest.mark.slow
def test_exit_0_without_findings_at_the_fail_level(shipped, cwd) -> None:
    report = check_json(DRAFT, "--source", HEARING, "--source", VOTE, "--ignore", "V101", code=0)
    assert report["summary"]["by_code"].get("V101") is None
    assert report["summary"]["failed"] is False
    assert all(f["severity"] != "error" for file in report["files"] for f in file["findings"])


@pytest.mark.slow
def test_sarif_github_line_and_human(shipped, cwd) -> None:
    args = (DRAFT, "--source", HEARING, "--source", VOTE)
    sarif = invoke(*args, "--format", "sarif")
    assert sarif.exit_code == 1
    log = json.loads(sarif.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    [run] = log["runs"]
    results = [r for r in run["results"] if r["ruleId"] == "V101"]
    assert len(results) == 1
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    text = DRAFT.read_text("utf-8")
    assert region["snippet"]["text"] == text[region["charOffset"] : region["charOffset"] + region["charLength"]]
    assert results[0]["properties"]["verification"]["verdict"] == "altered"

    github = invoke(*args, "--format", "github")
    assert github.exit_code == 1
    lines = github.stdout.splitlines()
    assert lines
    pattern = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
                         r"title=[A-Z]\d{3} [a-z-]+::[^\r\n]+$")
    assert all(pattern.match(line) for line in lines), lines
    assert any(line.startswith("::error ") and "title=V101 altered-quote::" in line for line in lines)

    line = invoke(*args, "--format", "line")
    assert line.exit_code == 1
    rows = line.stdout.splitlines()
    assert len(rows) == len(lines)
    start = text.index(ALTERED)
    where = f"{DRAFT}:{text.count(chr(10), 0, start) + 1}:{start - text.rfind(chr(10), 0, start)}: V101 "
    assert any(row.startswith(where) for row in rows), rows
    assert all(re.match(r"^.+:\d+:\d+: [A-Z]\d{3} \S", row) for row in rows)

    human = invoke(*args)
    assert human.exit_code == 1
    assert f"{DRAFT}:" in human.stdout and "V101" in human.stdout and "altered-quote" in human.stdout


@pytest.mark.slow
def test_without_sources_every_verdict_is_unchecked(shipped, cwd) -> None:
    report = check_json(DRAFT, code=0)
    assert_consistent(report)
    [file] = report["files"]
    assert file["sources_given"] is False
    assert file["quotes"]
    assert {q["verification"]["verdict"] for q in file["quotes"]} == {"unchecked"}
    assert all(q["verification"]["source"] is None for q in file["quotes"])
    assert not any(f["code"].startswith("V1") for f in file["findings"])


@pytest.mark.slow
def test_sources_from_the_configuration_file(shipped, cwd) -> None:
    folder = cwd / "sources"
    folder.mkdir()
    for src in (HEARING, VOTE):
        shutil.copy(src, folder / src.name)
    (cwd / "attrib.toml").write_text(
        f'[tool.attrib]\nsources = ["sources/{HEARING.name}", "sources/{VOTE.name}"]\n', "utf-8")
    report = check_json(DRAFT)
    [file] = report["files"]
    assert file["sources_given"] is True
    [altered] = [q for q in file["quotes"] if q["text"] == ALTERED]
    assert altered["verification"]["verdict"] == "altered"
    assert Path(altered["verification"]["source"]["path"]).resolve() == (folder / HEARING.name).resolve()


@pytest.mark.slow
def test_markdown_suppression_of_an_altered_quote(shipped, cwd) -> None:
    text = DRAFT.read_text("utf-8")
    paragraph = text.index("Budget Director Priya Nandakumar said:")
    plain = cwd / "plain.md"
    plain.write_text("# Millbrook budget\n\n" + text, "utf-8")
    quiet = cwd / "quiet.md"
    quiet.write_text("# Millbrook budget\n\n" + text[:paragraph] + "<!-- attrib: ignore V101 -->\n"
                     + text[paragraph:], "utf-8")
    report = check_json(plain.name, quiet.name, "--source", HEARING, "--source", VOTE)
    assert_consistent(report)
    by_path = {f["path"]: f for f in report["files"]}
    assert [f["code"] for f in by_path["plain.md"]["findings"]].count("V101") == 1
    codes = [f["code"] for f in by_path["quiet.md"]["findings"]]
    assert "V101" not in codes and "L101" not in codes and "L102" not in codes
    # The quote is still verified as altered: the suppression hides the finding, not the verdict.
    [altered] = [q for q in by_path["quiet.md"]["quotes"] if q["text"] == ALTERED]
    assert altered["verification"]["verdict"] == "altered" and altered["findings"] == []
    alone = invoke(quiet.name, "--source", HEARING, "--source", VOTE, "--format", "json")
    assert alone.exit_code == 0, alone.output


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
