"""CI artefacts: the pre-commit hook and the documented GitHub Actions workflow use real attrib options."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from attrib.config import CHECK_FORMATS, FAIL_LEVELS, load_config

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GUIDE = ROOT / "docs" / "github-actions.md"

# Used only until `attrib check` exists in the CLI; then the test reads the command's real options.
_PLANNED_OPTIONS = {"--format", "--fail-level", "--select", "--ignore", "--speakers", "--source", "--output", "-o"}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", GUIDE.read_text("utf-8"), flags=re.S)


def _check_options() -> set[str]:
    import typer.main

    from attrib.cli import app

    command = typer.main.get_command(app)
    check = getattr(command, "commands", {}).get("check")
    if check is None:
        return _PLANNED_OPTIONS
    return {opt for param in check.params for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-")}


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    [hook] = [h for h in hooks if h["id"] == "attrib-check"]
    assert hook["entry"] == "attrib check" and hook["language"] == "python"
    assert hook["types"] == ["text"] and hook["require_serial"] is True
    files = re.compile(hook["files"])
    for name in ("drafts/a.md", "b.txt", "c.markdown"):
        assert files.search(name), name
    for name in ("a.py", "notes.md.bak", "pyproject.toml"):
        assert not files.search(name), name


def test_documented_pre_commit_config_uses_the_hook() -> None:
    configs = [yaml.safe_load(b) for b in _blocks("yaml") if "repos:" in b]
    ids = {h["id"] for c in configs for repo in c["repos"] for h in repo["hooks"]}
    assert ids == {"attrib-check"}
    hook_args = [a for c in configs for repo in c["repos"] for h in repo["hooks"] for a in h.get("args", [])]
    for arg in hook_args:
        if arg.startswith("-"):
            assert arg in _check_options(), arg


def test_documented_workflow_runs_attrib_check_with_real_options() -> None:
    [workflow] = [yaml.safe_load(b) for b in _blocks("yaml") if "jobs:" in b]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [s["run"] for s in steps if "attrib check" in s.get("run", "")]
    assert any("--format github" in r for r in runs)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    options = _check_options()
    for run in runs:
        words = shlex.split(run.split("||")[0].split(">")[0])
        assert words[:2] == ["attrib", "check"]
        for i, word in enumerate(words):
            if word.startswith("-"):
                assert word in options, f"{word} is not an option of attrib check"
            if word == "--format":
                assert words[i + 1] in CHECK_FORMATS
            if word == "--fail-level":
                assert words[i + 1] in FAIL_LEVELS


@pytest.mark.parametrize("block", _blocks("toml"))
def test_documented_settings_are_valid(tmp_path, block: str) -> None:
    (tmp_path / "pyproject.toml").write_text(block)
    cfg = load_config(tmp_path)
    assert cfg.origin.endswith("pyproject.toml") and cfg.sources == (str(tmp_path / "sources"),)
