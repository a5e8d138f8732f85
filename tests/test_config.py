from __future__ import annotations

import pytest

from attrib.config import load_config
from attrib.errors import ConfigError


def test_defaults(tmp_path) -> None:
    cfg = load_config(tmp_path)
    assert (cfg.format, cfg.max_bytes, cfg.batch_size, cfg.model) == ("table", 10_000_000, 8, "")
    assert cfg.document_names == "title"


def test_pyproject_then_command_line(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.attrib]\nformat = "json"\nmax_bytes = 500\n')
    sub = tmp_path / "drafts"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.format == "json" and cfg.max_bytes == 500 and cfg.origin.endswith("pyproject.toml")
    cfg = load_config(sub, overrides={"format": "jsonl", "max_bytes": None})
    assert cfg.format == "jsonl" and cfg.max_bytes == 500


def test_attrib_toml_wins_over_pyproject_in_the_same_folder(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.attrib]\nformat = "json"\n')
    (tmp_path / "attrib.toml").write_text('format = "html"\n')
    assert load_config(tmp_path).format == "html"


def test_pyproject_without_attrib_table_is_ignored(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path).origin == "defaults"


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('format = "xml"', "'format' must be one of table, json, jsonl, html"),
        ("max_bytes = -1", "'max_bytes' must be a positive number"),
        ('max_bytes = "big"', "'max_bytes' must be an integer"),
        ("colour = true", "unknown setting 'colour'"),
        ('document_names = "author"', "'document_names' must be one of title, issuer"),
        ("format = ", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_file(tmp_path, toml, words) -> None:
    (tmp_path / "attrib.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.code == "E401" and "attrib.toml" in str(info.value) and words in str(info.value)


def test_bad_command_line_value() -> None:
    with pytest.raises(ConfigError, match="command line: 'batch_size' must be between 1 and 1024"):
        load_config(overrides={"batch_size": 0})
