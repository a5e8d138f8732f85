"""`attrib check`: read drafts and sources, extract, link and verify, lint, render, exit 0/1/2.

Kept apart from cli.py so the command's logic is a plain function that returns an exit code. Sources are
read in full before any model work: a missing, binary or empty source stops the run (exit 2) with no output,
so verdicts computed against part of the sources are never presented as complete.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from .config import Config
from .document import Document
from .errors import EmptySource
from .ui import print_errors, window_progress


def read_sources(paths: Sequence[str], max_bytes: int) -> list[Document]:
    """Every document of the source paths; raises the first coded error (missing, binary, empty…)."""
    from .readers import read_inputs

    docs: list[Document] = []
    for item in read_inputs(paths, max_bytes=max_bytes):
        if item.errors:
            raise item.errors[0]
        for doc in item.documents:
            if not doc.text.strip():
                raise EmptySource(f"{_path(doc)}: the source is empty",
                                  hint="give the transcript or article itself, or leave it out")
            docs.append(replace(doc, source=_path(doc)))
    return docs


def _path(doc: Document) -> str:
    """Where findings point: the file, or ``file#id`` for a record of a JSONL file."""
    source = doc.source or doc.id
    return source if not doc.id or doc.id == source else f"{source}#{doc.id}"


def run_check(
    paths: Sequence[str],
    config: Config,
    *,
    output: Path | None,
    console: Console,
) -> int:
    """Returns 0 (clean), 1 (findings at or above the fail level) or 2 (a draft could not be read)."""
    from .api import check, load_model
    from .formats import render_findings
    from .lint import active_rules, exit_code, lint
    from .output import check_not_input, open_output
    from .readers import read_inputs

    active_rules(config)  # an unknown rule in the configuration is an error before any model work
    if output is not None:
        check_not_input(output, [*paths, *config.sources, *([config.speakers] if config.speakers else [])])
    sources = read_sources(config.sources, config.max_bytes)
    drafts: list[Document] = []
    input_errors = 0
    for item in read_inputs(paths, max_bytes=config.max_bytes):
        input_errors += print_errors(console, item.errors)
        drafts.extend(replace(d, source=_path(d)) for d in item.documents)
    checked = []
    if drafts:
        from .registry import load_registry

        registry = load_registry(Path(config.speakers)) if config.speakers else None
        model = load_model(config.model or None)
        with window_progress(console, "checking", show=len(drafts) + len(sources) > 2) as advance:
            checked = check(drafts, sources, model=model, registry=registry, batch_size=config.batch_size,
                            documents=config.document_names,
                            progress=advance)
    findings = lint(checked, config)
    fmt = config.check_format
    tty = output is None and sys.stdout.isatty()
    text = render_findings(fmt, checked, findings, color=tty and fmt == "human",
                           width=console.width if tty else 100, fail_level=config.fail_level)
    with open_output(output) as out:
        out.write(text)
    if input_errors:
        return 2
    return exit_code(findings, config.fail_level)

