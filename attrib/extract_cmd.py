"""`attrib extract`: read inputs, run the model with a progress bar, render, write atomically.

Kept apart from cli.py so the command's logic is a plain function that returns an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from .config import Config
from .document import Document
from .formats import render
from .ui import print_errors, window_progress


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
        input_errors += print_errors(console, item.errors)
        docs.extend(item.documents)
        all_jsonl &= item.path.endswith(".jsonl")
    fmt = config.format if format_given or not all_jsonl or not paths else "jsonl"
    if docs:
        from .registry import load_registry

        registry = load_registry(speakers) if speakers is not None else None
        model = load_model(config.model or None)
        with window_progress(console, "extracting", show=len(docs) > 1) as advance:
            docs = model.extract_many(docs, batch_size=config.batch_size, progress=advance, registry=registry,
                                      documents=config.document_names)
    text = render(fmt, docs, include_text=include_text,
                  color=output is None and sys.stdout.isatty() and fmt == "table",
                  width=console.width if output is None and sys.stdout.isatty() else 120)
    with open_output(output) as out:
        out.write(text)
    return 2 if input_errors else 0

