from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.wire import schema

from .conftest import DATA, SEED, SEED_GOLD, requires_data

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_help_lists_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("extract", "train", "data"):
        assert command in result.output
    data_help = invoke("data", "--help")
    assert "convert" in data_help.output and "stats" in data_help.output


def test_extract_json_validates(tiny_model_dir) -> None:
    result = invoke("extract", str(SEED), "--model", str(tiny_model_dir), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    jsonschema.validate({k: v for k, v in record.items()}, schema())
    text = SEED.read_text("utf-8")
    assert record["text"] == text
    for q in record["quotes"]:
        assert q["text"] == text[q["start"]:q["end"]]


def test_extract_table_and_no_text(tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "out.json"
    result = invoke("extract", str(SEED), "--model", str(tiny_model_dir), "--format", "json", "--no-text",
                    "-o", str(out))
    assert result.exit_code == 0
    assert "text" not in json.loads(out.read_text("utf-8"))
    table = invoke("extract", str(SEED), "--model", str(tiny_model_dir))
    assert table.exit_code == 0 and "ap-2018-09-26-us-japan-trade-talks.txt" in table.stdout


def test_jsonl_in_jsonl_out_keeps_order(tiny_model_dir, tmp_path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Abe said talk {i} went well."}) + "\n"
                              for i in range(5)), "utf-8")
    result = invoke("extract", str(corpus), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == [f"d{i}" for i in range(5)]


def test_stdin(tiny_model_dir) -> None:
    result = invoke("extract", "-", "--model", str(tiny_model_dir), "--format", "jsonl", input="“Yes,” he said.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "“Yes,” he said."


def test_no_model_installed(tmp_path) -> None:
    result = invoke("extract", str(SEED), "--model", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "[E301]" in result.stderr and "missing" in result.stderr


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda p: p / "nope.txt", "E101", "nope.txt"),
        (lambda p: (p / "empty_dir").mkdir() or p / "empty_dir", "E102", "empty_dir"),
        (lambda p: write(p / "bad.txt", b"ok\xff\xfebad"), "E103", "byte offset 2"),
        (lambda p: write(p / "bin.txt", b"\x00\x01\x02" * 10), "E104", "bin.txt"),
        (lambda p: write(p / "notes.pdf", b"x"), "E107", "notes.pdf"),
    ],
)
def test_bad_input_is_coded_and_others_still_run(tiny_model_dir, tmp_path, make, code, words) -> None:
    bad = make(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("“Yes,” he said.", "utf-8")
    result = invoke("extract", str(bad), str(good), "--model", str(tiny_model_dir), "--format", "jsonl")
    assert result.exit_code == 2
    assert f"[{code}]" in result.stderr and words in result.stderr
    assert "Traceback" not in result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(good)]


def test_too_large_and_malformed_jsonl(tiny_model_dir, tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, "utf-8")
    result = invoke("extract", str(big), "--max-bytes", "1000", "--model", str(tiny_model_dir))
    assert result.exit_code == 2 and "[E105]" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "fine"}\n{"id": "b", text}\n', "utf-8")
    result = invoke("extract", str(bad), "--model", str(tiny_model_dir))
    assert result.exit_code == 2 and "[E106]" in result.stderr and "bad.jsonl:2" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]


def test_empty_file_is_a_document_without_quotes(tiny_model_dir, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    result = invoke("extract", str(empty), "--model", str(tiny_model_dir), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["quotes"] == []


def test_output_never_overwrites_an_input(tiny_model_dir, tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("“Yes,” he said.", "utf-8")
    result = invoke("extract", str(draft), "-o", str(draft), "--model", str(tiny_model_dir))
    assert result.exit_code == 2 and "[E403]" in result.stderr
    assert draft.read_text("utf-8") == "“Yes,” he said."


def test_bad_option_values_are_usage_errors(tiny_model_dir) -> None:
    result = invoke("extract", str(SEED), "--format", "xml", "--model", str(tiny_model_dir))
    assert result.exit_code == 2 and "[E401]" in result.stderr and "table, json, jsonl, html" in result.stderr


def test_data_stats(tmp_path) -> None:
    result = invoke("data", "stats", str(SEED_GOLD), "--json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["documents"] == 1 and stats["quotes"] == 10
    assert stats["by_type"] == {"direct": 3, "indirect": 4, "mixed": 3}
    assert stats["with_cue"] == 10 and stats["entities"] == 5
    table = invoke("data", "stats", str(SEED_GOLD))
    assert table.exit_code == 0 and "quotes" in table.stdout


def test_data_stats_bad_file(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema_version": 1, "id": "x", "text": "ab", "quotes": [{"type": "direct", '
                   '"fragments": [[0, 9]]}], "entities": []}\n', "utf-8")
    result = invoke("data", "stats", str(bad))
    assert result.exit_code == 2 and "[E201]" in result.stderr and "bad.jsonl:1" in result.stderr


@pytest.mark.data
@requires_data("polnear")
def test_data_convert_polnear(tmp_path) -> None:
    out = tmp_path / "dev.jsonl"
    result = invoke("data", "convert", "polnear", str(DATA / "polnear"), "--split", "dev", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "84 documents, 2192 quotes" in result.stderr
    bad = invoke("data", "convert", "polnear", str(DATA / "polnear"), "-o", str(out))
    assert bad.exit_code == 2 and "--split" in bad.stderr
    missing = invoke("data", "convert", "polnear", str(tmp_path / "nothing"), "--split", "dev", "-o", str(out))
    assert missing.exit_code == 2 and "[E501]" in missing.stderr


def test_extract_links_speakers_and_reads_a_registry(tiny_model_dir, tmp_path) -> None:
    registry = tmp_path / "speakers.toml"
    registry.write_text('[[person]]\nname = "Shinzo Abe"\naliases = ["Abe"]\nwikidata = "Q132345"\n', "utf-8")
    result = invoke("extract", str(SEED), "--model", str(tiny_model_dir), "--format", "json",
                    "--speakers", str(registry))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    ids = {e["id"] for e in record["entities"]}
    assert all(q["entity"] in ids for q in record["quotes"] if q["entity"] is not None)


def test_malformed_registry_is_a_coded_error(tiny_model_dir, tmp_path) -> None:
    registry = tmp_path / "speakers.toml"
    registry.write_text('[[person]]\naliases = ["Abe"]\n', "utf-8")
    result = invoke("extract", str(SEED), "--model", str(tiny_model_dir), "--speakers", str(registry))
    assert result.exit_code == 2 and "[E401]" in result.stderr and "speakers.toml" in result.stderr
