"""Output: atomic writes that never leave a partial file, and refusal to overwrite an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from attrib.errors import OutputError
from attrib.output import check_not_input, open_output, write_atomic


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_text_and_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    write_atomic(target, "“ünïcode”\r\n")
    assert target.read_bytes() == "“ünïcode”\r\n".encode()
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_write_atomic_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(OutputError) as info:
        write_atomic(target, "new " * 1000)
    assert info.value.code == "E403"
    assert "report.json" in str(info.value) and "No space left" in str(info.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_write_atomic_interrupted_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "new.txt", "data")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="nowhere"):
        write_atomic(tmp_path / "nowhere" / "out.txt", "x")


def test_write_atomic_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o600


def test_open_output_commits_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), open_output(target) as out:
        out.write("partial line\n")
        raise RuntimeError("writer failed midway")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []

    with open_output(str(target)) as out:
        out.write("line 1\r\nline 2\n")
    assert target.read_bytes() == b"line 1\r\nline 2\n"


@pytest.mark.parametrize("path", [None, "-"])
def test_open_output_to_stdout(path: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    with open_output(path) as out:
        out.write("to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


def test_check_not_input_refuses_an_input_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "story.txt"
    source.write_text("text", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for output in ("story.txt", str(source), "./story.txt"):
        with pytest.raises(OutputError) as info:
            check_not_input(output, ["other.md", "story.txt"])
        assert info.value.code == "E403" and "story.txt" in str(info.value)
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    with pytest.raises(OutputError):
        check_not_input(link, [source])
    check_not_input("report.txt", ["story.txt"])
    check_not_input(None, ["story.txt"])
    check_not_input("-", ["-", "story.txt"])


def test_check_not_input_inside_an_input_directory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with pytest.raises(OutputError, match="input directory"):
        check_not_input(corpus / "sub" / "results.jsonl", [corpus])
    check_not_input(corpus / "results.json", [corpus])
    check_not_input(tmp_path / "results.jsonl", [corpus])


def test_open_output_checks_inputs_before_writing(tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text("# keep me", encoding="utf-8")
    with pytest.raises(OutputError), open_output(source, inputs=[source]) as out:
        out.write("overwritten")
    assert source.read_text(encoding="utf-8") == "# keep me"
