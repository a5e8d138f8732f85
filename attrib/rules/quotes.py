"""Q1xx: quotation marks. Every mark is read by :func:`attrib.marks.find_marks`, the one function that knows
about quotation marks; these rules only report what it found."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Span
from ..findings import CheckedDocument
from .base import Example, Q, Rule, Violation, marks_of

# Which closing marks go with an opening double mark. A region opened with one mark and closed with a mark
# of another style ("…» or “…") is a typo an editor wants to see; every pairing here is a style in use.
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”",), '"': ('"',), "„": ("“", "”"), "«": ("»",), "``": ("''",), "''": ("''",), "‟": ("”",),
}


def _quote_at(checked: CheckedDocument, span: Span) -> str | None:
    for q in checked.document.quotes:
        if q.extent.overlaps(span) or q.extent.start == span.end:
            return q.id
    return None


def _problems(checked: CheckedDocument, reopened: bool) -> Iterator[Violation]:
    # The model's view blanks Markdown syntax (same offsets), so marks in code or markup are not read.
    for problem in marks_of(checked).problems:
        if ("reopened" in problem.message) == reopened:
            yield Violation(problem.span, problem.message)


def check_unbalanced(checked: CheckedDocument) -> Iterator[Violation]:
    yield from _problems(checked, reopened=False)


def check_mismatched(checked: CheckedDocument) -> Iterator[Violation]:
    view = checked.document.view
    found = list(_problems(checked, reopened=True))
    for region in marks_of(checked).regions:
        if not (region.double and region.closed):
            continue
        opening = view[region.span.start : region.inner.start]
        closing = view[region.inner.end : region.span.end]
        if opening in _CLOSERS and closing not in _CLOSERS[opening]:
            found.append(Violation(Span(region.inner.end, region.span.end),
                                   f"quotation opened with {opening} is closed with {closing}"))
    yield from sorted(found, key=lambda v: v.span)


UNBALANCED = Rule(
    code="Q101",
    name="unbalanced-quotation-mark",
    severity="error",
    summary="A quotation mark is never closed, or closes a quotation that was never opened.",
    description=(
        "Quotation marks are paired paragraph by paragraph. An opening mark left open at the end of its "
        "paragraph is an error unless the next paragraph reopens with an opening mark: that is how a quotation "
        "running over several paragraphs is written, and it is correct. A closing mark with no opening mark "
        "before it in the paragraph is reported too."
    ),
    anti_pattern="The quotation is opened and never closed, so the reader cannot tell where the words end.",
    best_practice=(
        "Close every quotation. For a quotation over several paragraphs, leave the closing mark off every "
        "paragraph but the last and open each following paragraph with a mark."
    ),
    examples=(
        Example("fail", "“We will not accept this deal, Abe said.",
                (Q("We will not accept this deal", "Abe", "said"),)),
        Example("pass", "“We will not accept this deal,” Abe said.",
                (Q("“We will not accept this deal,”", "Abe", "said"),)),
        Example("pass", "Abe said: “We will not accept this deal.\n\n“We will keep talking.”",
                (Q(("“We will not accept this deal.", "“We will keep talking.”"), "Abe", "said"),),
                note="a quotation over two paragraphs"),
        Example("fail", "Abe said the deal was dead.” Talks resumed.", ()),
    ),
    check=check_unbalanced,
)

MISMATCHED = Rule(
    code="Q102",
    name="mismatched-quotation-marks",
    severity="warning",
    summary="A quotation is closed with a mark of another style, or reopened before it is closed.",
    description=(
        "An opening mark must be closed by its own partner: “…”, \"…\", «…» or „…“. A quotation opened "
        "with a curly mark and closed with a straight one (or a guillemet) is usually left over from editing; a "
        "second opening mark before the first is closed usually means a closing mark is missing."
    ),
    anti_pattern="Mixed quotation-mark styles within one quotation.",
    best_practice="Use one style of quotation marks throughout, and close each quotation before opening the next.",
    examples=(
        Example("fail", "“We will not accept this deal,\" Abe said.",
                (Q("“We will not accept this deal,\"", "Abe", "said"),)),
        Example("pass", "“We will not accept this deal,” Abe said.",
                (Q("“We will not accept this deal,”", "Abe", "said"),)),
        Example("fail", "“We will not accept this deal, Abe said. “Never.”", ()),
    ),
    check=check_mismatched,
)

RULES = (UNBALANCED, MISMATCHED)
