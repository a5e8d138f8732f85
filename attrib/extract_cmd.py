"""`attrib extract`: read inputs, run the model with a progress bar, render, write atomically.

Kept apart from cli.py so the command's logic is a plain function that returns an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .config import Config
from .document import Document
from .formats import render


def run_extract(
    paths: Sequence[str],
    config: Config,
    *,
    output: Path | None,
    format_given: bool,
    include_text: bool,
    console: Console,
    speakers: Path | None = None,
) -> int:
    """Returns 0, or 2 when an input could not be read (the others are still processed)."""
    from .api import load_model
    from .output import check_not_input, open_output
    from .readers import read_inputs

    if output is not None:
        check_not_input(output, [*paths, *([speakers] if speakers is not None else [])])
    docs: list[Document] = []
    input_errors = 0
    all_jsonl = True
    for item in read_inputs(paths, max_bytes=config.max_bytes, stdin=None):
        for error in item.errors:
            console.print(f"[bold red]error[/] {escape(str(error))}")
            input_errors += 1
        docs.extend(item.documents)
        all_jsonl &= item.path.endswith(".jsonl")
    fmt = config.format if format_given or not all_jsonl or not paths else "jsonl"
    if docs:
        from .registry import load_registry

        registry = load_registry(speakers) if speakers is not None else None
        model = load_model(config.model or None)
        docs = _extract(model, docs, config.batch_size, console, registry)
    text = render(fmt, docs, include_text=include_text,
                  color=output is None and sys.stdout.isatty() and fmt == "table",
                  width=console.width if output is None and sys.stdout.isatty() else 120)
    with open_output(output) as out:
        out.write(text)
    return 2 if input_errors else 0


def _extract(model, docs: list[Document], batch_size: int, console: Console, registry=None) -> list[Document]:
    if len(docs) == 1:
        return model.extract_many(docs, batch_size=batch_size, registry=registry)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("windows"),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        task = progress.add_task("extract", total=None)

        def advance(n: int, total: int) -> None:
            progress.update(task, total=total, advance=n)

        return model.extract_many(docs, batch_size=batch_size, progress=advance, registry=registry)
