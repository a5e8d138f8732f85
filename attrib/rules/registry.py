"""Every rule, registered explicitly (no discovery): the order here is the order of docs/rules.md.

Codes are stable (users' configurations and suppressions name them) and have a family prefix:

- ``Q1xx`` quotation marks
- ``S1xx`` speakers and attribution
- ``V1xx`` verification against the sources (one rule per verdict)
- ``L1xx`` the inline suppressions themselves
"""

from __future__ import annotations

import re

from . import quotes, speakers, suppressions, verification
from .base import Rule

FAMILIES: dict[str, str] = {
    "Q": "Quotation marks",
    "S": "Speakers and attribution",
    "V": "Verification against the sources",
    "L": "Inline suppressions",
}

RULES: tuple[Rule, ...] = (*quotes.RULES, *speakers.RULES, *verification.RULES, *suppressions.RULES)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}

#: Where the rule documentation is published; SARIF ``helpUri`` values are this plus ``#`` + the rule's anchor.
DOCS_URL = "docs/rules.md"

_CODE = re.compile(r"[A-Z][0-9]{3}")
_NAME = re.compile(r"[a-z]+(?:-[a-z]+)*")
_PREFIX = re.compile(r"[A-Z][0-9]{0,2}")


def _check_registry() -> None:
    # Caught at import time, so that a bad registration fails every test at once.
    for r in RULES:
        if not _CODE.fullmatch(r.code) or r.code[0] not in FAMILIES:
            raise AssertionError(f"rule code {r.code!r} must be a family letter ({''.join(FAMILIES)}) + 3 digits")
        if not _NAME.fullmatch(r.name):
            raise AssertionError(f"rule name {r.name!r} must be kebab-case")
    if len(BY_CODE) != len(RULES) or len(BY_NAME) != len(RULES):
        raise AssertionError("rule codes and names must be unique")


_check_registry()


def get(ref: str) -> Rule | None:
    """The rule with this code or name (codes are case-insensitive), or None."""
    return BY_CODE.get(ref.strip().upper()) or BY_NAME.get(ref.strip().lower())


def resolve(ref: str) -> tuple[tuple[Rule, ...], bool] | None:
    """The rules a selection entry means, and whether it names one rule exactly (by code or name).

    An entry is a code (``S103``), a name (``anonymous-source``), a code prefix (``S``, ``V1``) or ``all``;
    None when it matches no rule.
    """
    ref = ref.strip()
    rule = get(ref)
    if rule is not None:
        return (rule,), True
    if ref.lower() == "all":
        return RULES, False
    prefix = ref.upper()
    if _PREFIX.fullmatch(prefix):
        matched = tuple(r for r in RULES if r.code.startswith(prefix))
        if matched:
            return matched, False
    return None
