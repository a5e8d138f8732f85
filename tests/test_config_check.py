"""The `attrib check` settings of the configuration: defaults, files, command line, validation."""

from __future__ import annotations

import pytest

from attrib.config import CHECK_FORMATS, defaults, load_config
from attrib.errors import ConfigError
from attrib.formats.findings import FINDINGS_FORMATTERS
from attrib.lint import active_rules, lint
from attrib.rules import registry


def test_check_defaults(tmp_path) -> None:
    cfg = load_config(tmp_path)
    assert (cfg.check_format, cfg.select, cfg.ignore, cfg.severity, cfg.fail_level, cfg.sources, cfg.speakers) == (
        "human", (), (), {}, "error", (), "")
    assert cfg.format == "table"  # extract's format is unchanged


def test_defaults_file_has_every_check_key_commented() -> None:
    values = defaults()
    for key in ("check_format", "select", "ignore", "fail_level", "sources", "speakers", "severity"):
        assert key in values


def test_check_formats_match_the_printers() -> None:
    assert set(CHECK_FORMATS) == set(FINDINGS_FORMATTERS)


def test_pyproject_check_settings(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.attrib]\n"
        'check_format = "sarif"\nselect = ["S", "V"]\nignore = ["anonymous-source"]\nfail_level = "warning"\n'
        'sources = ["sources", "/abs/transcript.txt"]\nspeakers = "speakers.toml"\n'
        "[tool.attrib.severity]\nS101 = \"error\"\nunchecked-quote = \"suggestion\"\n"
    )
    sub = tmp_path / "drafts"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.check_format == "sarif" and cfg.select == ("S", "V") and cfg.ignore == ("anonymous-source",)
    assert cfg.fail_level == "warning" and cfg.severity == {"S101": "error", "V107": "suggestion"}
    # Paths in a file are relative to the file's folder, wherever attrib runs.
    assert cfg.sources == (str(tmp_path / "sources"), "/abs/transcript.txt")
    assert cfg.speakers == str(tmp_path / "speakers.toml")
    active = active_rules(cfg)
    assert active["S101"] == "error" and active["V107"] == "suggestion" and "S103" not in active


def test_command_line_wins_and_merges_severities(tmp_path) -> None:
    (tmp_path / "attrib.toml").write_text('select = ["S"]\n[severity]\nS101 = "error"\nS102 = "none"\n')
    cfg = load_config(tmp_path, overrides={"select": "S101,V1", "fail_level": None, "severity": {"S102": "warning"},
                                           "check_format": "github", "sources": ["a.txt"]})
    assert cfg.select == ("S101", "V1") and cfg.fail_level == "error" and cfg.check_format == "github"
    assert cfg.severity == {"S101": "error", "S102": "warning"}
    assert cfg.sources == ("a.txt",)  # command-line paths stay as given (relative to the working directory)


def test_inline_speaker_registry_table_is_left_to_the_registry(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.attrib]\n[[tool.attrib.speakers.person]]\nname = "Shinzo Abe"\n')
    assert load_config(tmp_path).speakers == ""


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('select = ["S999"]', "'select' names unknown rule 'S999'"),
        ('ignore = ["anonymous-sauce"]', "'ignore' names unknown rule 'anonymous-sauce'"),
        ('select = "S101"', "'select' must be a list of strings"),
        ("select = [1]", "'select' must be a list of strings"),
        ('fail_level = "fatal"', "'fail_level' must be one of error, warning, suggestion"),
        ('check_format = "table"', "'check_format' must be one of human, json, sarif, github, line, html"),
        ('format = "sarif"', "'format' must be one of table, json, jsonl, html"),
        ('sources = "drafts"', "'sources' must be a list of strings"),
        ("speakers = 3", "'speakers' must be a string"),
        ('severity = "error"', "'severity' must be a table"),
        ('[severity]\nX101 = "error"', "'severity' names unknown rule 'X101'"),
        ('[severity]\nS101 = "fatal"', "'severity' sets 'S101' to 'fatal': must be one of error, warning, suggestion"),
    ],
)
def test_bad_check_settings_name_the_file_and_key(tmp_path, toml, words) -> None:
    (tmp_path / "attrib.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert info.value.code == "E401" and "attrib.toml" in message and words in message


def test_bad_command_line_rule() -> None:
    with pytest.raises(ConfigError, match="command line: 'ignore' names unknown rule 'Q999'"):
        load_config(overrides={"ignore": ["Q101,Q999"]})


def test_config_drives_lint(tmp_path) -> None:
    (tmp_path / "attrib.toml").write_text('select = ["unchecked-quote"]\n')
    checked = registry.BY_CODE["V107"].examples[0].build()
    assert [f.code for f in lint([checked], load_config(tmp_path))] == ["V107"]
