"""The terminal table of `attrib extract`."""

from __future__ import annotations

from attrib.document import Document, Quote, Span
from attrib.formats.human import render_table


def span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def test_the_table_marks_low_confidence_quotes() -> None:
    text = "“We will win,” said Ted Cruz. The pact that Trump left was a trade deal."
    sure = Quote((span(text, "“We will win,”"),), "direct", span(text, "said"), span(text, "Ted Cruz"),
                 confidence=0.93)
    shaky = Quote((span(text, "that Trump left"),), "indirect", confidence=0.41)
    out = render_table([Document(text, quotes=(sure, shaky))])
    rows = [line for line in out.splitlines() if "│" in line]
    assert any("(low)" in line for line in rows) and "confidence below 0.70" in out
    assert "(low)" not in render_table([Document(text, quotes=(sure,))])
