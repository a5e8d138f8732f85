"""The output formats of ``attrib check``: one small printer per format, all over the same records
(``Finding.to_dict()``, ``Verification.to_dict()``), so the formats cannot disagree.

- ``human``: Rich; each finding with ``path:line:col``, severity, code, message and the quote underlined in
  its line; then a summary (counts by severity, verdict counts).
- ``line``: ``path:line:col: CODE message``, one finding a line (for editors and grep).
- ``json``: versioned (``schema_version`` 1), every quote with its verification, documented in
  docs/check-output.md.
- ``sarif``: SARIF 2.1.0 for code-scanning tools.
- ``github``: GitHub Actions workflow commands (``::error file=…::message``), one a line.
- ``html``: the HTML report of ``attrib extract`` with a verdict badge per quote and a list of findings.

:func:`render_findings` is the entry point; ``FINDINGS_FORMATTERS`` maps format names to printers.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote as url_quote

from rich.console import Console
from rich.text import Text

from .. import __version__
from ..document import Quote
from ..errors import UsageError
from ..findings import SEVERITIES, VERDICTS, CheckedDocument, Finding
from ..lint import exit_code
from ..rules import registry
from ..rules.base import Rule
from ..wire import span_dict

CHECK_SCHEMA_VERSION = 1
SEVERITY_STYLES: dict[str, str] = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
SARIF_LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "suggestion": "notice"}
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- shared records ----------------------------------------------------------------------------------------


def quote_record(checked: CheckedDocument, quote: Quote, codes: Sequence[str] = ()) -> dict[str, Any]:
    """A quote of a checked draft for the JSON output: where it is, who says it, its verification."""
    doc = checked.document
    line, column = doc.line_col(quote.start)
    end_line, end_column = doc.line_col(quote.end)
    entity = doc.entity(quote.entity)

    return {
        "id": quote.id,
        "type": quote.type,
        "start": quote.start,
        "end": quote.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "paragraph": doc.paragraph(quote.start),
        "fragments": [f.as_list() for f in quote.fragments],
        "text": doc.quote_text(quote),
        "cue": span_dict(doc, quote.cue),
        "speaker": span_dict(doc, quote.speaker),
        "entity": quote.entity,
        "speaker_name": entity.name if entity is not None else None,
        "speaker_kind": entity.kind if entity is not None else None,
        "confidence": quote.confidence,
        "verification": checked.verification(quote).to_dict(),
        "findings": list(codes),
    }


def summary(
    checked: Sequence[CheckedDocument], findings: Sequence[Finding], fail_level: str = "error"
) -> dict[str, Any]:
    """Counts for the end of a report: findings by severity and code, quotes by verdict."""
    by_severity = Counter(f.severity for f in findings)
    verdicts = Counter(c.verification(q).verdict for c in checked for q in c.document.quotes)
    return {
        "files": len(checked),
        "quotes": sum(verdicts.values()),
        "findings": len(findings),
        "by_severity": {s: by_severity[s] for s in SEVERITIES},
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "verdicts": {v: verdicts[v] for v in VERDICTS},
        "fail_level": fail_level,
        "failed": exit_code(findings, fail_level) == 1,
    }


def _by_path(checked: Sequence[CheckedDocument], findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    # Paths identify documents: give each checked document its own path (corpus.jsonl#id for JSONL records).
    out: dict[str, list[Finding]] = {c.path: [] for c in checked}
    for f in findings:
        out.setdefault(f.path, []).append(f)
    return out


# -- json --------------------------------------------------------------------------------------------------


def render_json(checked: Sequence[CheckedDocument], findings: Sequence[Finding], *, fail_level: str = "error",
                **_: Any) -> str:
    """The versioned JSON report (docs/check-output.md)."""
    grouped = _by_path(checked, findings)
    files = []
    for c in checked:
        own = grouped.get(c.path, [])
        codes: dict[str, list[str]] = {}
        for f in own:
            if f.quote_id is not None:
                codes.setdefault(f.quote_id, []).append(f.code)
        files.append({
            "path": c.path,
            "sources_given": c.sources_given,
            "quotes": [quote_record(c, q, codes.get(q.id, ())) for q in c.document.quotes],
            "findings": [f.to_dict() for f in own],
        })
    payload = {"schema_version": CHECK_SCHEMA_VERSION, "tool": "attrib", "version": __version__, "files": files,
               "summary": summary(checked, findings, fail_level)}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# -- line and github ---------------------------------------------------------------------------------------


def render_line(checked: Sequence[CheckedDocument], findings: Sequence[Finding], **_: Any) -> str:
    """``path:line:col: CODE message``, one finding a line."""
    out = []
    for f in (x.to_dict() for x in findings):
        out.append(f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {_one_line(f['message'])}\n")
    return "".join(out)


def github_escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a workflow command's property value (the message rules plus : and ,)."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(checked: Sequence[CheckedDocument], findings: Sequence[Finding], **_: Any) -> str:
    """GitHub Actions annotations: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``."""
    out = []
    for f in (x.to_dict() for x in findings):
        props = {"file": f["path"], "line": f["line"], "col": f["column"], "endLine": f["end_line"],
                 "endColumn": f["end_column"], "title": f"{f['code']} {f['rule']}"}
        rendered = ",".join(f"{k}={github_escape_property(str(v))}" for k, v in props.items())
        out.append(f"::{GITHUB_LEVELS[f['severity']]} {rendered}::{github_escape_data(f['message'])}\n")
    return "".join(out)


# -- sarif -------------------------------------------------------------------------------------------------


def _sarif_rule(rule: Rule, docs_url: str) -> dict[str, Any]:
    enabled = rule.severity != "none"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {
            "text": f"{rule.anti_pattern}\nBest practice: {rule.best_practice}",
            "markdown": f"**Anti-pattern:** {rule.anti_pattern}\n\n**Best practice:** {rule.best_practice}",
        },
        "helpUri": f"{docs_url}#{rule.anchor}",
        "defaultConfiguration": {"enabled": enabled, "level": SARIF_LEVELS[rule.severity] if enabled else "note"},
        "properties": {"tags": [registry.FAMILIES[rule.family]]},
    }


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative paths stay relative (to the repository root), POSIX-style."""
    posix = path.replace("\\", "/")
    if re.match(r"[A-Za-z]:/", posix):
        posix = "/" + posix
    if posix.startswith("/"):
        return "file://" + url_quote(posix, safe="/:")
    return url_quote(posix, safe="/")  # a colon could read as a scheme


def render_sarif(checked: Sequence[CheckedDocument], findings: Sequence[Finding], *,
                 docs_url: str = registry.DOCS_URL, **_: Any) -> str:
    """A SARIF 2.1.0 log with one run; every registered rule is in ``tool.driver.rules``."""
    index = {r.code: i for i, r in enumerate(registry.RULES)}
    results = []
    for f in (x.to_dict() for x in findings):
        fingerprint = hashlib.sha256(f"{f['code']}\0{f['path']}\0{_one_line(f['text'])}".encode()).hexdigest()
        properties: dict[str, Any] = {"severity": f["severity"], "rule": f["rule"], "paragraph": f["paragraph"]}
        if f["quote_id"] is not None:
            properties["quote_id"] = f["quote_id"]
        if f["verification"] is not None:
            properties["verification"] = f["verification"]
        results.append({
            "ruleId": f["code"],
            "ruleIndex": index[f["code"]],
            "level": SARIF_LEVELS[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f["path"])},
                    "region": {
                        "startLine": f["line"],
                        "startColumn": f["column"],
                        "endLine": f["end_line"],
                        "endColumn": f["end_column"],
                        "charOffset": f["start"],
                        "charLength": f["end"] - f["start"],
                        "snippet": {"text": f["text"]},
                    },
                },
            }],
            "partialFingerprints": {"attribFinding/v1": fingerprint[:32]},
            "properties": properties,
        })
    log = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "attrib", "version": __version__,
                                "rules": [_sarif_rule(r, docs_url) for r in registry.RULES]}},
            # Our offsets and columns count Unicode code points (Python str indices), not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# -- human -------------------------------------------------------------------------------------------------

_MAX_CONTEXT_LINES = 3


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break (the same breaks as ``Document.line_col``)."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    ends = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]
    return list(zip(starts, ends))


def _context(checked: CheckedDocument, f: dict[str, Any], width: int, style: str, color: bool) -> list[Text]:
    """The finding's line(s) with the span underlined by carets, each cut to ``width`` around the span."""
    lines = _lines(checked.document.text)
    first, last = f["line"], max(f["line"], checked.document.line_col(max(f["start"], f["end"] - 1))[0])
    numbers = list(range(first, last + 1))
    gutter = len(str(last))
    shown = numbers[:_MAX_CONTEXT_LINES]
    out: list[Text] = []
    for n in shown:
        start, end = lines[n - 1]
        line = checked.document.text[start:end].replace("\t", " ")
        a = max(f["start"], start) - start
        b = min(f["end"], end) - start
        avail = max(20, width - gutter - 3)
        left, right = 0, len(line)
        if len(line) > avail:
            left = max(0, min(a - 10, len(line) - avail))
            right = min(len(line), left + avail)
        piece = line[left:right]
        if left > 0:
            piece = "…" + piece[1:]
        if right < len(line):
            piece = piece[:-1] + "…"
        ca, cb = max(a, left) - left, min(b, right) - left
        cb = max(cb, ca + 1)
        text = Text(f"{n:>{gutter}} | ", style="dim")
        body = Text(piece)
        if color:
            body.stylize(f"underline {style}", ca, cb)
        text.append_text(body)
        out.append(text)
        out.append(Text(f"{'':>{gutter}} | ", style="dim").append(" " * ca + "^" * (cb - ca), style=style))
    if len(numbers) > len(shown):
        out.append(Text(f"{'':>{gutter}} | … {_plural(len(numbers) - len(shown), 'more line')}", style="dim"))
    return out


def _summary_line(checked: Sequence[CheckedDocument], findings: Sequence[Finding]) -> Text:
    s = summary(checked, findings)
    counts = s["by_severity"]
    text = Text()
    if findings:
        parts = [(_plural(counts[sev], sev), SEVERITY_STYLES[sev] if counts[sev] else "") for sev in SEVERITIES]
        text.append("Found ")
        for i, (words, style) in enumerate(parts):
            text.append(words, style=style)
            text.append(", " if i < len(parts) - 2 else (" and " if i == len(parts) - 2 else ""))
    else:
        text.append("No findings", style="bold green")
    text.append(f" in {_plural(s['files'], 'file')}")
    verdicts = [f"{n} {v.replace('_', ' ')}" for v, n in s["verdicts"].items() if n]
    text.append(f" · {_plural(s['quotes'], 'quote')}" + (f": {', '.join(verdicts)}" if verdicts else ""))
    return text


def render_human(checked: Sequence[CheckedDocument], findings: Sequence[Finding], *, width: int = 100,
                 color: bool = False, **_: Any) -> str:
    """Findings for people at a terminal; ``color`` adds ANSI styles, ``width`` cuts long lines."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    docs = {c.path: c for c in checked}
    for f in (x.to_dict() for x in findings):
        style = SEVERITY_STYLES[f["severity"]]
        head = Text()
        head.append(f"{f['path']}:{f['line']}:{f['column']}:", style="bold")
        head.append(" ")
        head.append(f["severity"], style=style)
        head.append(f" {f['code']} ", style="bold")
        head.append(_one_line(f["message"]))
        head.append(f" ({f['rule']})", style="dim")
        console.print(head, soft_wrap=True)
        if f["path"] in docs:
            for line in _context(docs[f["path"]], f, width, style, color):
                console.print(line, soft_wrap=True)
        console.print()
    console.print(_summary_line(checked, findings), soft_wrap=True)
    return buf.getvalue()


# -- html --------------------------------------------------------------------------------------------------

VERDICT_LABELS: dict[str, str] = {v: v.replace("_", " ") for v in VERDICTS}
_SEVERITY_TONES = {"error": "bad", "warning": "warn", "suggestion": "neutral"}


def _findings_section(findings: Sequence[Finding]) -> str:
    if not findings:
        return '<section class="doc findings" aria-labelledby="findings"><h2 id="findings">Findings</h2>' \
               "<p>No findings.</p></section>\n"
    rows = []
    for f in (x.to_dict() for x in findings):
        rows.append(
            f'<tr><td><span class="badge v-{_SEVERITY_TONES[f["severity"]]}">{html.escape(f["severity"])}</span></td>'
            f'<td>{html.escape(f["code"])}<br><span class="kind">{html.escape(f["rule"])}</span></td>'
            f'<td>{html.escape(f["path"])}:{f["line"]}:{f["column"]}</td>'
            f'<td>{html.escape(f["message"])}</td><td class="text">{html.escape(_one_line(f["text"]))}</td></tr>'
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Severity", "Rule", "Where", "Message", "Text"))
    return ('<section class="doc findings quotes" aria-labelledby="findings"><h2 id="findings">Findings</h2>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            "</div></section>\n")


def render_check_html(checked: Sequence[CheckedDocument], findings: Sequence[Finding] = (), *,
                      title: str = "Quote check report", **options: Any) -> str:
    """The HTML report with a verdict badge on every quote of drafts checked against sources, and the
    findings listed at the top."""
    from .html import render_html

    docs = [c.document for c in checked]
    if len({d.id for d in docs}) < len(docs):  # verdicts are keyed by (document id, quote id)
        docs = [replace(d, id=f"doc{i + 1}") for i, d in enumerate(docs)]
    docs = [d if d.source else replace(d, source=c.path) for d, c in zip(docs, checked)]
    verdicts = {(d.id, q.id): VERDICT_LABELS[c.verification(q).verdict]
                for d, c in zip(docs, checked) if c.sources_given for q in d.quotes}
    page = render_html(docs, verdicts=verdicts, title=title, **options)
    marker = "<main>\n"
    if marker in page:
        page = page.replace(marker, marker + _findings_section(findings), 1)
    return page


# -- entry point -------------------------------------------------------------------------------------------

FindingsFormatter = Callable[..., str]

FINDINGS_FORMATTERS: dict[str, FindingsFormatter] = {
    "human": render_human,
    "line": render_line,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "html": render_check_html,
}


def render_findings(fmt: str, checked: Sequence[CheckedDocument], findings: Sequence[Finding], **options: Any) -> str:
    """``attrib check`` output in format ``fmt`` (a key of ``FINDINGS_FORMATTERS``).

    Options: ``width`` and ``color`` (human), ``fail_level`` (json summary), ``docs_url`` (sarif ``helpUri``),
    ``title`` (html); every printer ignores the options it does not use.
    """
    try:
        printer = FINDINGS_FORMATTERS[fmt]
    except KeyError:
        raise UsageError(f"unknown check format {fmt!r}", hint=f"use one of {', '.join(FINDINGS_FORMATTERS)}") from None
    return printer(checked, findings, **options)
