"""Run the lint rules over checked drafts: rule selection, severities, inline suppressions, the exit code.

:func:`lint` returns plain :class:`~attrib.findings.Finding` records; it never prints or exits (the CLI maps
:func:`exit_code` to the process status). The settings are the ``select``, ``ignore`` and ``severity`` of
:class:`attrib.config.Config` (any object with those attributes will do; missing ones mean the defaults):

- ``select``: rules to run, by code (``S103``), name (``anonymous-source``), code prefix (``S``, ``V1``) or
  ``all``; empty means every rule whose default severity is not ``none``. A rule that is off by default
  (severity ``none``) runs, as a suggestion, only when selected by its code or name.
- ``ignore``: rules not to run (same forms), applied after ``select``.
- ``severity``: code or name → ``error``, ``warning``, ``suggestion`` or ``none`` (off).

Inline suppressions: a line ``<!-- attrib: ignore CODE[, CODE…] -->`` (codes, rule names, prefixes, or
``all``) suppresses those rules in the next paragraph. A suppression entry that suppresses nothing is
reported as L101 ``unused-suppression``; one that names no rule as L102 ``invalid-suppression``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .document import PARAGRAPH_BREAK, Span
from .errors import ConfigError
from .findings import SEVERITIES, CheckedDocument, Finding, Severity
from .rules import registry
from .rules.base import RULE_SEVERITIES, Rule

#: Lower is more severe.
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

_SUPPRESSION = re.compile(
    r"^[ \t]*<!--[ \t]*attrib:[ \t]*ignore\b(?P<codes>[^\n]*?)-->[ \t]*\r?$", re.MULTILINE | re.IGNORECASE
)
_ENTRY = re.compile(r"[^\s,]+")


# -- settings --------------------------------------------------------------------------------------------


def _entries(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _resolve(ref: str, key: str) -> tuple[tuple[Rule, ...], bool]:
    found = registry.resolve(ref)
    if found is None:
        raise ConfigError(f"'{key}' names unknown rule '{ref}'",
                          hint="use a code (S103), a name (anonymous-source), a prefix (S) or all; see docs/rules.md")
    return found


def active_rules(settings: Any = None) -> dict[str, Severity]:
    """The enabled rules' codes and their severities, in registry order, for ``settings``."""
    select = _entries(getattr(settings, "select", None))
    ignore = _entries(getattr(settings, "ignore", None))
    overrides: dict[str, str] = {}
    severity: Mapping[str, str] = getattr(settings, "severity", None) or {}
    for ref, level in severity.items():
        rule = registry.get(ref)
        if rule is None:
            raise ConfigError(f"'severity' names unknown rule '{ref}'",
                              hint="use a rule code or name; see docs/rules.md")
        if level not in RULE_SEVERITIES:
            raise ConfigError(f"'severity.{ref}' must be one of {', '.join(RULE_SEVERITIES)}, got {level!r}")
        overrides[rule.code] = level
    selected: set[str] = set()
    explicit: set[str] = set()
    for ref in select:
        rules, exact = _resolve(ref, "select")
        selected.update(r.code for r in rules)
        if exact:
            explicit.update(r.code for r in rules)
    ignored = {r.code for ref in ignore for r in _resolve(ref, "ignore")[0]}
    out: dict[str, Severity] = {}
    for rule in registry.RULES:
        if (select and rule.code not in selected) or rule.code in ignored:
            continue
        level = overrides.get(rule.code, rule.severity)
        if level == "none" and rule.code in explicit and rule.code not in overrides:
            level = "suggestion"  # an off-by-default rule asked for by name
        if level != "none":
            out[rule.code] = level  # type: ignore[assignment]
    return out


# -- suppressions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    """One entry of an inline suppression: the word (``span``), the rules it names, the paragraph it covers."""

    span: Span
    entry: str
    rules: tuple[Rule, ...] | None  # None: names no rule
    target: Span


def suppressions(text: str) -> list[Suppression]:
    """Every entry of every ``<!-- attrib: ignore … -->`` line of ``text``."""
    comments = list(_SUPPRESSION.finditer(text))
    breaks = [m.start() for m in PARAGRAPH_BREAK.finditer(text)]
    out: list[Suppression] = []
    for m in comments:
        # The next paragraph: from the first text after this line (and after any suppression lines stacked
        # below it) to the paragraph's end.
        pos = m.end()
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            stacked = next((c for c in comments if c.start() <= pos < c.end()), None)
            if stacked is None:
                break
            pos = stacked.end()
        end = next((b for b in breaks if b >= pos), len(text))
        target = Span(pos, max(pos, end))
        for e in _ENTRY.finditer(text, m.start("codes"), m.end("codes")):
            word = e.group()
            found = registry.resolve(word)
            out.append(Suppression(Span(e.start(), e.end()), word, found[0] if found else None, target))
    return out


# -- lint ------------------------------------------------------------------------------------------------


def _finding(checked: CheckedDocument, rule: Rule, severity: Severity, span: Span, message: str, *,
             quote_id: str | None = None, **extra: Any) -> Finding:
    return Finding.at(checked, span.start, span.end, code=rule.code, rule=rule.name, severity=severity,
                      message=message, quote_id=quote_id, **extra)


def lint_document(checked: CheckedDocument, active: Mapping[str, Severity]) -> list[Finding]:
    """The findings of one checked draft for the enabled rules ``active`` (code → severity)."""
    findings: list[Finding] = []
    for code, severity in active.items():
        rule = registry.BY_CODE[code]
        if rule.check is None:
            continue
        for v in rule.check(checked):
            findings.append(_finding(checked, rule, severity, v.span, v.message,
                                     quote_id=v.quote.id if v.quote is not None else None,
                                     verification=v.verification, diff=v.diff))
    kept: list[Finding] = []
    entries = suppressions(checked.document.text)
    used: set[int] = set()
    for f in findings:
        hits = [i for i, s in enumerate(entries)
                if s.rules is not None and s.target.start <= f.start < s.target.end
                and any(r.code == f.code for r in s.rules)]
        used.update(hits)
        if not hits:
            kept.append(f)
    unused, invalid = registry.BY_CODE["L101"], registry.BY_CODE["L102"]
    for i, s in enumerate(entries):
        if s.rules is None:
            if invalid.code in active:
                kept.append(_finding(checked, invalid, active[invalid.code], s.span,
                                     f"suppression names no rule: '{s.entry}' is not a rule code or name"))
            continue
        if i in used or unused.code not in active:
            continue
        # Only rules that could have fired count: enabled, and given sources when they need them.
        relevant = [r for r in s.rules if r.code in active and r.check is not None
                    and (checked.sources_given or not r.needs_sources)]
        if relevant:
            what = s.entry if len(s.rules) > 1 else f"{s.rules[0].code} ({s.rules[0].name})"
            kept.append(_finding(checked, unused, active[unused.code], s.span,
                                 f"suppression of {what} suppresses nothing in the next paragraph: remove it"))
    return sorted(kept, key=lambda f: (f.start, f.end, f.code))


def lint(checked: Sequence[CheckedDocument], settings: Any = None) -> list[Finding]:
    """Run the rules selected by ``settings`` (a :class:`~attrib.config.Config`, or None for the defaults)
    over the checked drafts; findings in the drafts' order, then by position and code.

    Raises :class:`~attrib.errors.ConfigError` when ``settings`` names an unknown rule or severity.
    """
    active = active_rules(settings)
    return [f for doc in checked for f in lint_document(doc, active)]


def exit_code(findings: Iterable[Finding], fail_level: str = "error") -> int:
    """1 when any finding is at or above ``fail_level`` (error > warning > suggestion), else 0."""
    if fail_level not in SEVERITY_RANK:
        raise ConfigError(f"fail level must be one of {', '.join(SEVERITIES)}, got {fail_level!r}")
    limit = SEVERITY_RANK[fail_level]
    return int(any(SEVERITY_RANK[f.severity] <= limit for f in findings))
