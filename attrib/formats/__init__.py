"""Output formats: each is one small function from documents to text (convention 4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..document import Document
from .findings import FINDINGS_FORMATTERS, render_findings
from .html import render_html
from .human import render_table
from .machine import render_json, render_jsonl

Formatter = Callable[..., str]

# `attrib extract` formats; those of `attrib check` are FINDINGS_FORMATTERS (render_findings).
__all__ = ["FINDINGS_FORMATTERS", "FORMATTERS", "render", "render_findings"]

FORMATTERS: dict[str, Formatter] = {
    "table": render_table,
    "json": render_json,
    "jsonl": render_jsonl,
    "html": render_html,
}


def render(fmt: str, docs: Sequence[Document], **options) -> str:
    return FORMATTERS[fmt](docs, **options)
