"""L1xx: the inline suppressions themselves. :func:`attrib.lint.lint` applies these two rules (they have no
check function): a suppression that suppresses nothing, or that names no rule, is reported like sqlfluff's
unused ``noqa``, so that stale suppressions do not pile up in drafts.

A suppression is a line of its own, ``<!-- attrib: ignore CODE[, CODE…] -->`` (codes or rule names, or
``all``); it applies to the next paragraph.
"""

from __future__ import annotations

from .base import E, Example, Q, Rule

UNUSED = Rule(
    code="L101",
    name="unused-suppression",
    severity="warning",
    summary="An inline suppression suppresses nothing in the paragraph after it.",
    description=(
        "`<!-- attrib: ignore CODE -->` suppresses CODE in the next paragraph. When that paragraph has no "
        "finding of CODE the suppression is stale (the text or the rule changed) and is reported, so that "
        "it does not hide a later problem. Not reported: codes of rules that are not enabled, and "
        "verification codes (V…) when no sources were given."
    ),
    anti_pattern="A suppression left behind after the problem it silenced was fixed.",
    best_practice="Delete suppressions that no longer suppress anything.",
    examples=(
        Example("fail", "<!-- attrib: ignore S103 -->\n“The deal is dead,” Lighthizer said.",
                (Q("“The deal is dead,”", "Lighthizer", "said", "l"),), (E("l", "Robert Lighthizer"),)),
        Example("pass", "<!-- attrib: ignore S103 -->\n“The deal is dead,” officials said.",
                (Q("“The deal is dead,”", "officials", "said", "o"),), (E("o", None, "unnamed"),)),
    ),
)

INVALID = Rule(
    code="L102",
    name="invalid-suppression",
    severity="warning",
    summary="An inline suppression names no known rule.",
    description=(
        "Every word after `ignore` must be a rule code (`S103`), a rule name (`anonymous-source`), a code "
        "prefix (`S`) or `all`. A suppression that names an unknown rule suppresses nothing for it."
    ),
    anti_pattern="A typo in a suppression, which then silences nothing.",
    best_practice="Name rules by the codes or names listed in docs/rules.md.",
    examples=(
        Example("fail", "<!-- attrib: ignore S1O3 -->\n“The deal is dead,” officials said.",
                (Q("“The deal is dead,”", "officials", "said", "o"),), (E("o", None, "unnamed"),)),
        Example("pass", "<!-- attrib: ignore anonymous-source -->\n“The deal is dead,” officials said.",
                (Q("“The deal is dead,”", "officials", "said", "o"),), (E("o", None, "unnamed"),)),
    ),
)

RULES = (UNUSED, INVALID)
