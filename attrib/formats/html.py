"""A self-contained HTML page: the article with each quote highlighted by type (no external assets)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ..document import Document
from .human import speaker_label

_CSS = """
body{font:16px/1.6 Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
h1{font:bold 1.3rem system-ui,sans-serif}.legend span{margin-right:1rem}
.article{white-space:pre-wrap}
mark{padding:0 .1em;border-radius:.2em;color:#111}
mark.direct{background:#c8f0c8}mark.indirect{background:#cde6f7}mark.mixed{background:#fbe7a1}
mark:focus{outline:3px solid #1a4fa0}
.cue{text-decoration:underline dotted}.speaker{font-weight:bold}
"""


def _document_html(doc: Document) -> str:
    # Open/close events for quote fragments, cues and speakers, emitted in text order.
    events: list[tuple[int, int, str]] = []
    for q in doc.quotes:
        label = html.escape(f"{q.id} · {q.type} · {speaker_label(doc, q)}"
                            + (f" · cue “{doc.span_text(q.cue)}”" if q.cue else ""), quote=True)
        for f in q.fragments:
            events.append((f.start, 1, f'<mark class="{q.type}" tabindex="0" title="{label}">'))
            events.append((f.end, 0, "</mark>"))
        for span, cls in ((q.cue, "cue"), (q.speaker, "speaker")):
            if span is not None and not any(f.overlaps(span) for f in q.fragments):
                events.append((span.start, 1, f'<span class="{cls}">'))
                events.append((span.end, 0, "</span>"))
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for offset, _, tag in events:
        out.append(html.escape(doc.text[pos:offset]))
        out.append(tag)
        pos = offset
    out.append(html.escape(doc.text[pos:]))
    title = html.escape(doc.source or doc.id or "document")
    return f'<section><h1>{title}</h1><div class="article">{"".join(out)}</div></section>'


def render_html(docs: Sequence[Document], **_: Any) -> str:
    body = "\n".join(_document_html(d) for d in docs)
    legend = ('<p class="legend"><span><mark class="direct">direct</mark></span>'
              '<span><mark class="indirect">indirect</mark></span><span><mark class="mixed">mixed</mark></span>'
              '<span class="speaker">speaker</span> <span class="cue">cue</span></p>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>attrib report</title>'
            f"<style>{_CSS}</style></head><body>{legend}{body}</body></html>\n")
