"""A newsroom's speaker registry: canonical names, aliases, roles and Wikidata ids, read from TOML.

The registry lets :func:`attrib.link.link` name a speaker the way the newsroom does ("Shinzo Abe", not the
article's "Abe"), attach a Wikidata id, and resolve a role the article never spells out ("the prime minister").

Format — a ``speakers.toml`` file, or the same entries under ``[tool.attrib.speakers]`` in ``pyproject.toml``
(written ``[[tool.attrib.speakers.person]]`` there)::

    [[person]]
    name = "Shinzo Abe"                                    # required: the canonical name
    aliases = ["Abe", "Shinzō Abe"]                        # optional: other names for the same speaker
    roles = ["the prime minister", "Japanese Prime Minister"]  # optional: roles that point to them
    wikidata = "Q132345"                                   # optional: a Wikidata item id, Q + digits
    kind = "person"                                        # optional: person (default), organization, group
                                                           # or document

Names and aliases are compared leniently (case, titles and middle initials do not matter: see
:func:`attrib.link.name_key`); one name or alias may belong to one entry only. A role may be shared by
several entries (two presidents): it then resolves only when the article itself names one of them.

Every problem is a :class:`~attrib.errors.ConfigError` (E401) that names the file, the line and the problem.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .document import EntityKind
from .errors import ConfigError
from .link import name_key

_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_KINDS = ("person", "organization", "group", "document")
_KEYS = ("name", "aliases", "roles", "wikidata", "kind")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class RegistryEntry:
    """One speaker the newsroom knows: a canonical name plus the ways articles refer to them."""

    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    wikidata: str | None = None
    kind: EntityKind = "person"

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


def role_key(role: str) -> str:
    """A role as compared: lower case, no leading article, single spaces ("The Prime Minister" → "prime minister")."""
    words = role.lower().replace(".", "").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Registry:
    """Speakers by lenient name and by role; build it with :func:`load_registry` or :meth:`from_table`."""

    entries: tuple[RegistryEntry, ...] = ()
    source: str = ""
    _by_name: dict[str, RegistryEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_role: dict[str, tuple[RegistryEntry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for name in entry.names:
                self._by_name.setdefault(name_key(name), entry)
            for role in entry.roles:
                key = role_key(role)
                if entry not in self._by_role.get(key, ()):
                    self._by_role[key] = (*self._by_role.get(key, ()), entry)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, name: str) -> RegistryEntry | None:
        """The entry whose name or an alias matches ``name`` (ignoring case, titles, middle initials)."""
        return self._by_name.get(name_key(name))

    def by_role(self, role: str) -> tuple[RegistryEntry, ...]:
        """Every entry with this role ("the prime minister" matches "Prime Minister"); usually one."""
        return self._by_role.get(role_key(role), ())

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str, *, source: str | None = None) -> Registry:
        """Validate a parsed table (``{"person": [ {...}, ... ]}``) into a registry.

        ``where`` names the file (or config table) in error messages; ``source``, the TOML text, lets the
        messages give line numbers.
        """
        lines = _Lines(source or "", where)
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where}: the speaker registry must be a table of [[person]] entries")
        for key in table:
            if key != "person":
                raise ConfigError(
                    f"{lines.at_key(key)}: unknown key '{key}' in the speaker registry",
                    hint="entries are written as [[person]] tables",
                )
        people = table.get("person", [])
        if not isinstance(people, list) or not all(isinstance(p, Mapping) for p in people):
            raise ConfigError(
                f"{lines.at_key('person')}: 'person' must be a list of tables",
                hint="write each speaker as a [[person]] table",
            )
        entries: list[RegistryEntry] = []
        owner: dict[str, tuple[str, int]] = {}
        for index, raw in enumerate(people):
            entry = _entry(raw, lambda key, i=index: lines.at_entry(i, key))
            for name in entry.names:
                key = name_key(name)
                if not key:
                    raise ConfigError(f"{lines.at_entry(index, 'name')}: the name {name!r} has no letters")
                if key in owner and owner[key][1] != index:
                    first_name, first = owner[key]
                    raise ConfigError(
                        f"{lines.at_entry(index, 'aliases' if name != entry.name else 'name')}: {name!r} is "
                        f"already a name of {first_name!r} ({lines.at_entry(first, 'name')})",
                        hint="a name or alias may belong to one speaker only",
                    )
                owner.setdefault(key, (entry.name, index))
            entries.append(entry)
        return cls(tuple(entries), source=where)


def _entry(raw: Mapping[str, Any], at: Any) -> RegistryEntry:
    for key in raw:
        if key not in _KEYS:
            raise ConfigError(f"{at(key)}: unknown key '{key}' in [[person]]", hint=f"known: {', '.join(_KEYS)}")
    if "name" not in raw:
        raise ConfigError(f"{at(None)}: [[person]] has no 'name'", hint='add name = "Full Name"')
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{at('name')}: 'name' must be a non-empty string, got {name!r}")
    lists = {}
    for key in ("aliases", "roles"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{at(key)}: '{key}' must be a list of non-empty strings, got {value!r}")
        lists[key] = tuple(v.strip() for v in value)
    wikidata = raw.get("wikidata")
    if wikidata is not None and (not isinstance(wikidata, str) or not _WIKIDATA.fullmatch(wikidata)):
        raise ConfigError(f"{at('wikidata')}: 'wikidata' must be an item id like \"Q132345\", got {wikidata!r}")
    kind = raw.get("kind", "person")
    if kind not in _KINDS:
        raise ConfigError(f"{at('kind')}: 'kind' must be one of {', '.join(_KINDS)}, got {kind!r}")
    return RegistryEntry(name.strip(), lists["aliases"], lists["roles"], wikidata, kind)


class _Lines:
    """Line numbers of ``[[person]]`` entries and their keys in the TOML text, for error messages."""

    def __init__(self, source: str, where: str) -> None:
        self.where = where
        self.lines = source.splitlines()
        header = re.compile(r"^\s*\[\[\s*(?:tool\s*\.\s*attrib\s*\.\s*speakers\s*\.\s*)?person\s*\]\]")
        self.headers = [i for i, line in enumerate(self.lines) if header.match(line)]

    def _find(self, key: str, lo: int, hi: int) -> int | None:
        pattern = re.compile(rf"^\s*(?:\"?{re.escape(key)}\"?\s*=|\[+\s*{re.escape(key)}\s*[\].])")
        for i in range(lo, min(hi, len(self.lines))):
            if pattern.match(self.lines[i]):
                return i
        return None

    def at_key(self, key: str) -> str:
        i = self._find(key, 0, len(self.lines))
        return f"{self.where}:{i + 1}" if i is not None else self.where

    def at_entry(self, index: int, key: str | None) -> str:
        if index >= len(self.headers):  # inline tables or no source: name the entry instead of a line
            return f"{self.where}: person {index + 1}"
        lo = self.headers[index]
        hi = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines)
        i = self._find(key, lo + 1, hi) if key else None
        return f"{self.where}:{(i if i is not None else lo) + 1}"


def load_registry(path: str | Path) -> Registry:
    """Read a speaker registry: a ``speakers.toml`` file, or a ``pyproject.toml`` with ``[tool.attrib.speakers]``."""
    path = Path(path)
    try:
        source = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the speaker registry ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the speaker registry is not UTF-8 text") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POSITION.search(message)
        if pos:
            where, col = f"{path}:{pos.group(1)}", f", column {pos.group(2)}"
        else:  # "(at end of document)": the problem is on the last line
            where, col = f"{path}:{max(1, len(source.splitlines()))}", ""
        problem = re.sub(r"\s*\(at end of document\)", "", _TOML_POSITION.sub("", message)).strip()
        raise ConfigError(f"{where}: not valid TOML ({problem}{col})") from None
    tool = data.get("tool")
    if isinstance(tool, Mapping) and isinstance(tool.get("attrib"), Mapping):
        table = tool["attrib"].get("speakers")
        if table is None:
            raise ConfigError(f"{path}: no [tool.attrib.speakers] table", hint="add [[tool.attrib.speakers.person]]")
        return Registry.from_table(table, str(path), source=source)
    return Registry.from_table(data, str(path), source=source)


def registry_from_entries(entries: Sequence[RegistryEntry]) -> Registry:
    """A registry built in code (tests, callers with their own store); names are checked like a file's."""
    table = {"person": [_as_table(e) for e in entries]}
    return Registry.from_table(table, "<entries>")


def _as_table(entry: RegistryEntry) -> dict[str, Any]:
    table: dict[str, Any] = {"name": entry.name, "aliases": list(entry.aliases), "roles": list(entry.roles)}
    if entry.wikidata:
        table["wikidata"] = entry.wikidata
    table["kind"] = entry.kind
    return table
