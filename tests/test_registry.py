from __future__ import annotations

import re
from pathlib import Path

import pytest

from attrib.errors import ConfigError
from attrib.registry import Registry, RegistryEntry, load_registry, registry_from_entries, role_key

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "speakers.toml"


def test_fixture_loads_with_names_aliases_roles_and_wikidata() -> None:
    registry = load_registry(FIXTURE)
    assert len(registry) == 4
    abe = registry.find("Abe")
    assert abe is not None and abe.name == "Shinzo Abe" and abe.wikidata == "Q132345"
    # names and aliases match ignoring case, accents, titles and middle initials
    assert registry.find("Prime Minister SHINZO ABE") is abe
    assert registry.find("Shinzō Abe") is abe
    assert registry.find("Donald Trump") is registry.find("Mr. Donald J. Trump")
    assert registry.find("Hillary Clinton") is None
    assert registry.by_role("The Prime Minister") == (abe,)
    assert registry.by_role("japanese prime minister") == (abe,)
    assert registry.find("the White House").kind == "organization"  # type: ignore[union-attr]


def test_pyproject_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "paper"\n\n[tool.attrib]\nformat = "json"\n\n'
        '[[tool.attrib.speakers.person]]\nname = "Shinzo Abe"\naliases = ["Abe"]\n'
    )
    assert load_registry(path).find("abe").name == "Shinzo Abe"  # type: ignore[union-attr]


def test_roles_shared_by_two_people_are_kept_for_both() -> None:
    registry = registry_from_entries(
        [
            RegistryEntry("Barack Obama", roles=("the president",)),
            RegistryEntry("Donald Trump", roles=("the president",)),
        ]
    )
    assert [e.name for e in registry.by_role("the president")] == ["Barack Obama", "Donald Trump"]


def test_role_key() -> None:
    assert role_key("The  Prime Minister") == "prime minister"
    assert role_key("Sen.") == "sen"


def _error(tmp_path: Path, toml: str) -> ConfigError:
    path = tmp_path / "speakers.toml"
    path.write_text(toml, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_registry(path)
    err = info.value
    assert err.code == "E401" and str(err).startswith("[E401] ")
    assert str(path) in err.message
    return err


@pytest.mark.parametrize(
    ("toml", "line", "words"),
    [
        ('[[person]]\nname = "Shinzo Abe"\naliases = ["Abe"\n', 3, "not valid TOML"),
        ('[[person]]\nname = "Shinzo Abe"\n\n[[person]]\naliases = ["Trump"]\n', 4, "has no 'name'"),
        ('[[person]]\nname = ""\n', 2, "'name' must be a non-empty string"),
        ('[[person]]\nname = 3\n', 2, "'name' must be a non-empty string"),
        ('[[person]]\nname = "Shinzo Abe"\naliases = "Abe"\n', 3, "'aliases' must be a list of non-empty strings"),
        ('[[person]]\nname = "Shinzo Abe"\nroles = ["the prime minister", 4]\n', 3, "'roles' must be a list"),
        ('[[person]]\nname = "Shinzo Abe"\nwikidata = "132345"\n', 3, "'wikidata' must be an item id"),
        ('[[person]]\nname = "Shinzo Abe"\nwikidata = "Q0"\n', 3, "'wikidata' must be an item id"),
        ('[[person]]\nname = "Shinzo Abe"\nkind = "unnamed"\n', 3, "'kind' must be one of"),
        ('[[person]]\nname = "Shinzo Abe"\nnickname = "Abe"\n', 3, "unknown key 'nickname'"),
        ('[[person]]\nname = "Shinzo Abe"\naliases = ["Abe"]\n\n[[person]]\nname = "Akie Abe"\n'
         'aliases = ["Akie", "abe"]\n', 7, "'abe' is already a name of 'Shinzo Abe'"),
        ('[[person]]\nname = "Shinzo Abe"\n\n[[person]]\nname = "Mr. Shinzo Abe"\n', 5,
         "'Mr. Shinzo Abe' is already a name of 'Shinzo Abe'"),
        ('person = "Shinzo Abe"\n', 1, "'person' must be a list of tables"),
        ('[speakers]\nname = "Shinzo Abe"\n', 1, "unknown key 'speakers'"),
    ],
)
def test_malformed_registry_names_file_line_and_problem(tmp_path: Path, toml: str, line: int, words: str) -> None:
    err = _error(tmp_path, toml)
    assert f"speakers.toml:{line}:" in err.message, err.message
    assert words in err.message, err.message


def test_duplicate_alias_names_both_entries(tmp_path: Path) -> None:
    toml = '[[person]]\nname = "A B"\naliases = ["Abe"]\n\n[[person]]\nname = "C D"\naliases = ["Abe"]\n'
    err = _error(tmp_path, toml)
    assert re.search(r"speakers\.toml:7: 'Abe' is already a name of 'A B' \(.*speakers\.toml:2\)", err.message)


def test_toml_error_keeps_the_column(tmp_path: Path) -> None:
    err = _error(tmp_path, '[[person]]\nname = "Shinzo Abe\n')
    assert re.search(r"speakers\.toml:2: not valid TOML \(.*, column \d+\)", err.message), err.message


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the speaker registry"):
        load_registry(tmp_path / "missing.toml")


def test_from_table_without_source_names_the_entry() -> None:
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.attrib.speakers\]: person 2: \[\[person\]\] has no"):
        Registry.from_table({"person": [{"name": "A B"}, {"aliases": []}]}, "pyproject.toml [tool.attrib.speakers]")
