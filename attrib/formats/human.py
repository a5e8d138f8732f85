"""The terminal view: one table per document, one row per quote, coloured by type."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..document import Document, Quote

TYPE_STYLES = {"direct": "green", "indirect": "cyan", "mixed": "yellow"}
#: Below this model confidence a quote is marked "low" (in the table; drawn striped in the HTML report).
#: Measured on PolNeAR dev with the shipped model (scripts/calibration.py): 27 % of the quotes below 0.70
#: match a gold quote, 89 % of those at 0.90 or above, so a low quote is more often a non-quote ("a
#: trans-Pacific trade pact") than a quote.
LOW_CONFIDENCE = 0.7


def low_confidence(quote: Quote) -> bool:
    # Compared as printed (two decimals), so a quote shown as "0.70" is never marked low.
    return quote.confidence is not None and round(quote.confidence, 2) < LOW_CONFIDENCE


def shorten(text: str, limit: int = 160) -> str:
    """Collapse white space and cut long quotes in the middle, keeping both ends readable."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 3) // 2
    return flat[:half].rstrip() + " … " + flat[-half:].lstrip()


def speaker_label(doc: Document, quote: Quote) -> str:
    ent = doc.entity(quote.entity)
    if quote.speaker is None and ent is not None:
        # no mention names the speaker: it is known from the context (inferred by attrib.implicit, or labelled)
        return f"{ent.name or 'unnamed'} (from context)"
    if ent is not None and ent.name:
        return ent.name
    if quote.speaker is not None:
        return doc.span_text(quote.speaker)
    return "–"


def document_table(doc: Document) -> Table:
    title = doc.source or doc.id or "<text>"
    low = any(low_confidence(q) for q in doc.quotes)
    table = Table(title=f"{title}: {len(doc.quotes)} quote{'s' if len(doc.quotes) != 1 else ''}",
                  title_justify="left", expand=False, show_lines=False,
                  caption=f"(low): confidence below {LOW_CONFIDENCE:.2f}, often not a real quote" if low else None,
                  caption_justify="left")
    table.add_column("¶", justify="right", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("speaker")
    table.add_column("cue")
    table.add_column("quote", ratio=1)
    for q in doc.quotes:
        style = TYPE_STYLES.get(q.type, "")
        table.add_row(
            str(doc.paragraph(q.start)),
            Text(q.type + ("\n(low)" if low_confidence(q) else ""), style=style),
            speaker_label(doc, q),
            doc.span_text(q.cue) if q.cue else "–",
            Text(shorten(doc.quote_text(q)), style=style),
        )
    return table


def render_table(docs: Sequence[Document], *, width: int = 120, color: bool = False, **_: Any) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False)
    for doc in docs:
        console.print(document_table(doc))
    return buf.getvalue()
