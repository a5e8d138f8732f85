"""Configuration: commented defaults in the package, then [tool.attrib] (pyproject.toml) or attrib.toml,
then command-line options. Every value is validated with a message that names where it came from."""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .errors import ConfigError

FORMATS = ("table", "json", "jsonl", "html")


@dataclass(frozen=True)
class Config:
    model: str = ""
    max_bytes: int = 10_000_000
    batch_size: int = 32
    format: str = "table"
    origin: str = "defaults"


_CHECKS: dict[str, tuple[type, Any]] = {
    "model": (str, None),
    "max_bytes": (int, lambda v: v > 0 or "must be a positive number of bytes"),
    "batch_size": (int, lambda v: 1 <= v <= 1024 or "must be between 1 and 1024"),
    "format": (str, lambda v: v in FORMATS or f"must be one of {', '.join(FORMATS)}"),
}


def _validate(values: dict[str, Any], where: str) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key not in _CHECKS:
            if isinstance(value, dict):  # sub-tables ([tool.attrib.speakers], rules) belong to other issues
                continue
            raise ConfigError(f"{where}: unknown setting '{key}'", hint=f"known: {', '.join(_CHECKS)}")
        typ, check = _CHECKS[key]
        if not isinstance(value, typ) or isinstance(value, bool):
            kind = {"int": "an integer", "str": "a string"}[typ.__name__]
            raise ConfigError(f"{where}: '{key}' must be {kind}, got {value!r}")
        if check is not None and (msg := check(value)) is not True:
            raise ConfigError(f"{where}: '{key}' {msg}, got {value!r}")
        out[key] = value
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


def load_config(cwd: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Defaults ← project file ← command-line overrides (``None`` values mean "not given")."""
    values = _validate(defaults(), "attrib/defaults.toml")
    origin = "defaults"
    found = find_project_config((cwd or Path.cwd()).resolve())
    if found is not None:
        path, table = found
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.attrib] must be a table")
        values |= _validate(table, str(path))
        origin = str(path)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    values |= _validate(given, "command line")
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known}, origin=origin)
