"""docs/rules.md, generated from the registered rules: ``python -m attrib.rules.docs docs/rules.md``.

A test fails when docs/rules.md differs from :func:`rules_markdown`, so the page cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .base import Example, Rule
from .registry import FAMILIES, RULES

_HEADER = """\
# Rules of `attrib check`

<!-- Generated from attrib/rules/ by `python -m attrib.rules.docs docs/rules.md`: edit the rules, not this file. -->

Every rule has a stable code (a family letter and three digits), a kebab-case name and a default severity:
`error`, `warning`, `suggestion`, or `none` (off unless selected by its code or name, when it reports
suggestions). `attrib check` exits with 1 when a finding is at or above `fail_level` (default `error`).

Configure them in `[tool.attrib]` of `pyproject.toml` or in `attrib.toml` (see `attrib/defaults.toml`):

```toml
[tool.attrib]
select = ["S", "V"]          # codes, names, code prefixes or "all"; empty: every rule on by default
ignore = ["S103"]            # applied after select
fail_level = "warning"       # error | warning | suggestion

[tool.attrib.severity]       # code or name -> error | warning | suggestion | none
anonymous-source = "warning"
```

Suppress rules in one paragraph of a draft with a line of its own just before it (codes or names, comma-separated,
or `all`); a suppression that suppresses nothing is reported as L101:

```markdown
<!-- attrib: ignore S103 -->
“The deal is dead,” officials said.
```
"""


def _example_block(example: Example) -> str:
    notes = []
    for i, q in enumerate(example.quotes, 1):
        v = q.verification
        if v is not None:
            said = f" (said by {v.source_speaker})" if v.verdict == "misattributed" and v.source_speaker else ""
            where = f"; the source, {v.source.path}, says “{v.source.text}”" if v.source is not None else ""
            notes.append(f"verdict of quote {i}: {v.verdict.replace('_', ' ')}{where}{said}")
    lead = f"*{example.note[0].upper()}{example.note[1:]}:*\n\n" if example.note else ""
    fence = "```text\n" + example.text + "\n```"
    return lead + fence + ("\n" + "".join(f"\n- {n}" for n in notes) if notes else "")


def _rule_section(rule: Rule) -> str:
    fails = [e for e in rule.examples if e.expect == "fail"]
    passes = [e for e in rule.examples if e.expect == "pass"]
    parts = [
        f"### {rule.code} {rule.name}",
        f"**Default severity:** {rule.severity}" + (" (off)" if rule.severity == "none" else "")
        + (" · needs sources" if rule.needs_sources else ""),
        rule.summary,
        rule.description,
        f"**Anti-pattern:** {rule.anti_pattern}",
        *(_example_block(e) for e in fails),
        f"**Best practice:** {rule.best_practice}",
        *(_example_block(e) for e in passes),
    ]
    return "\n\n".join(parts)


def rules_markdown() -> str:
    """The whole of docs/rules.md."""
    out = [_HEADER.rstrip("\n"), "## All rules",
           "| Code | Name | Default severity | Summary |\n| --- | --- | --- | --- |\n"
           + "\n".join(f"| [{r.code}](#{r.anchor}) | {r.name} | {r.severity} | {r.summary} |" for r in RULES)]
    for family, title in FAMILIES.items():
        rules = [r for r in RULES if r.family == family]
        if rules:
            out.append(f"## {title} ({family}{rules[0].code[1]}xx)")
            out.extend(_rule_section(r) for r in rules)
    return "\n\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = rules_markdown()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
