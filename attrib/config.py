"""Configuration: commented defaults in the package, then [tool.attrib] (pyproject.toml) or attrib.toml,
then command-line options. Every value is validated with a message that names where it came from."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .errors import ConfigError

FORMATS = ("table", "json", "jsonl", "html")
#: Output formats of ``attrib check`` (``check_format``); ``format`` stays the one of ``attrib extract``.
CHECK_FORMATS = ("human", "json", "sarif", "github", "line", "html")
FAIL_LEVELS = ("error", "warning", "suggestion")
DOCUMENT_NAMES = ("title", "issuer")  # attrib.link.DocumentNames
RULE_SEVERITIES = ("error", "warning", "suggestion", "none")


@dataclass(frozen=True)
class Config:
    model: str = ""
    max_bytes: int = 10_000_000
    batch_size: int = 8
    format: str = "table"
    origin: str = "defaults"
    # `attrib check`
    check_format: str = "human"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # rule code -> error|warning|suggestion|none
    fail_level: str = "error"
    sources: tuple[str, ...] = ()
    speakers: str = ""
    # How a speaker that is a document is named: "title" ("U.S.-Japan joint statement") or "issuer"
    # ("White House"), the convention of the polnear-speakers labels.
    document_names: str = "title"


def _rule_refs(values: list[str]) -> bool | str:
    from .rules import registry

    for value in values:
        for ref in (part.strip() for part in value.split(",")):
            if ref and registry.resolve(ref) is None:
                return f"names unknown rule '{ref}' (use a code such as S103, a name, a prefix such as S, or all)"
    return True


def _severity_table(table: dict[str, Any]) -> bool | str:
    from .rules import registry

    for ref, level in table.items():
        if registry.get(ref) is None:
            return f"names unknown rule '{ref}' (use a rule code such as S103 or a name such as anonymous-source)"
        if level not in RULE_SEVERITIES:
            return f"sets '{ref}' to {level!r}: must be one of {', '.join(RULE_SEVERITIES)}"
    return True


_CHECKS: dict[str, tuple[type, Any]] = {
    "model": (str, None),
    "max_bytes": (int, lambda v: v > 0 or "must be a positive number of bytes"),
    "batch_size": (int, lambda v: 1 <= v <= 1024 or "must be between 1 and 1024"),
    "format": (str, lambda v: v in FORMATS or f"must be one of {', '.join(FORMATS)}"),
    "check_format": (str, lambda v: v in CHECK_FORMATS or f"must be one of {', '.join(CHECK_FORMATS)}"),
    "select": (list, _rule_refs),
    "ignore": (list, _rule_refs),
    "severity": (dict, _severity_table),
    "fail_level": (str, lambda v: v in FAIL_LEVELS or f"must be one of {', '.join(FAIL_LEVELS)}"),
    "sources": (list, None),
    "speakers": (str, None),
    "document_names": (str, lambda v: v in DOCUMENT_NAMES or f"must be one of {', '.join(DOCUMENT_NAMES)}"),
}
_KINDS = {"int": "an integer", "str": "a string", "list": "a list of strings", "dict": "a table"}
_PATHS = ("sources", "speakers")  # relative paths in a file are relative to that file's folder


def _validate(values: dict[str, Any], where: str, *, comma_lists: bool = False) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key == "speakers" and isinstance(value, dict):
            continue  # an inline registry, [tool.attrib.speakers]: read by attrib.registry
        if key not in _CHECKS:
            if isinstance(value, dict):  # sub-tables ([tool.attrib.speakers], rules) belong to other issues
                continue
            raise ConfigError(f"{where}: unknown setting '{key}'", hint=f"known: {', '.join(_CHECKS)}")
        typ, check = _CHECKS[key]
        if typ is list:
            if comma_lists and isinstance(value, str):
                value = [value]  # the command line's "S101,S102"
            if isinstance(value, tuple):
                value = list(value)
        if not isinstance(value, typ) or isinstance(value, bool):
            raise ConfigError(f"{where}: '{key}' must be {_KINDS[typ.__name__]}, got {value!r}")
        if typ is list and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings, got {value!r}")
        if check is not None and (msg := check(value)) is not True:
            raise ConfigError(f"{where}: '{key}' {msg}" + ("" if typ in (list, dict) else f", got {value!r}"))
        if key in ("select", "ignore"):
            value = tuple(part.strip() for v in value for part in v.split(",") if part.strip())
        elif key == "sources":
            value = tuple(str(v) for v in value)
        elif key == "severity":
            from .rules import registry

            value = {registry.get(ref).code: level for ref, level in value.items()}  # type: ignore[union-attr]
        out[key] = value
    return out


def _relative_to(values: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Paths in a configuration file are relative to the file's folder, wherever attrib is run from."""
    out = dict(values)
    if out.get("speakers"):
        out["speakers"] = str(folder / out["speakers"])
    if "sources" in out:
        out["sources"] = tuple(str(folder / p) for p in out["sources"])
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def defaults() -> dict[str, Any]:
    text = resources.files("attrib").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def find_project_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """attrib.toml or a pyproject.toml with [tool.attrib], in ``start`` or its parents."""
    for folder in (start, *start.parents):
        own = folder / "attrib.toml"
        if own.is_file():
            data = _read_toml(own)
            return own, data.get("tool", {}).get("attrib", data)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            if "attrib" in data.get("tool", {}):
                return pyproject, data["tool"]["attrib"]
    return None


def _merge(values: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    # Later values replace earlier ones, except the severity table, which is merged rule by rule.
    out = values | later
    if "severity" in later:
        out["severity"] = {**values.get("severity", {}), **later["severity"]}
    return out


def load_config(cwd: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Defaults ← project file ← command-line overrides (``None`` values mean "not given").

    ``attrib check`` settings: ``check_format``, ``select``/``ignore`` (rule codes, names, code prefixes or
    ``all``; on the command line an entry may hold several, comma-separated), ``severity`` (rule code or name
    → error|warning|suggestion|none), ``fail_level``, ``sources`` and ``speakers`` (paths; in a file they are
    relative to the file's folder, and come back resolved). Unknown rules are errors.
    """
    values = _validate(defaults(), "attrib/defaults.toml")
    origin = "defaults"
    found = find_project_config((cwd or Path.cwd()).resolve())
    if found is not None:
        path, table = found
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.attrib] must be a table")
        values = _merge(values, _relative_to(_validate(table, str(path)), path.parent))
        origin = str(path)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    values = _merge(values, _validate(given, "command line", comma_lists=True))
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known}, origin=origin)
