"""Quotation marks: find quoted regions and type a quote as direct, indirect or mixed.

This is the one place that knows about quotation marks. The converters use it to derive the type of gold
quotes, the model's decoder uses it to type predicted quotes, and the lint rules use its problem list, so
gold and predictions are typed by exactly the same function.

Handled: curly “…” and straight "…" double quotes, newswire/PTB ``…'' and NYT ''…'', «guillemets» and
‹single guillemets›, German „…“, single quotes ‘…’ and '…' (told apart from apostrophes in don't, Trump's,
'90s, students'), and multi-paragraph quotes whose paragraphs each reopen with a mark but close only at the
end (the region simply ends at the paragraph end; that is not an error).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .document import QuoteType, Span

MarkRole = Literal["open", "close", "either"]

# Longest alternatives first: `` and '' must win over ` and '.
_MARK_RE = re.compile(r"``|''|[\"“”„‟«»‹›‘’‚']")
_PARAGRAPH_RE = re.compile(r"\r?\n[ \t]*\r?\n")
_WORD_RE = re.compile(r"\w+")
_CONTRACTION = re.compile(r"(?:s|ve|ll|re|m|d|t)\b", re.IGNORECASE)
_LEADING_THAT = re.compile(r"\s*that\b", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    """A quoted stretch: ``span`` includes the marks, ``inner`` excludes them."""

    span: Span
    inner: Span
    double: bool
    closed: bool


@dataclass(frozen=True)
class MarkProblem:
    """An unbalanced or mismatched mark, for the lint rules."""

    span: Span
    message: str


@dataclass(frozen=True)
class Marks:
    regions: tuple[Region, ...]
    problems: tuple[MarkProblem, ...]

    @cached_property
    def union(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the merged inner spans (sorted, disjoint)."""
        return self._union

    @cached_property
    def _union(self) -> tuple[list[int], list[int]]:
        # Merged inner spans, so that ``inside`` is a bisect rather than a scan over all regions.
        starts: list[int] = []
        ends: list[int] = []
        for r in sorted(self.regions, key=lambda r: r.inner.start):
            if starts and r.inner.start <= ends[-1]:
                ends[-1] = max(ends[-1], r.inner.end)
            else:
                starts.append(r.inner.start)
                ends.append(r.inner.end)
        return starts, ends

    def inside(self, span: Span) -> bool:
        """True when ``span`` lies inside quotation marks."""
        starts, ends = self._union
        i = bisect.bisect_right(starts, span.start) - 1
        return i >= 0 and span.end <= ends[i]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, start: int, end: int) -> tuple[MarkRole, bool] | None:
    """Role and doubleness of the mark at text[start:end], or None for an apostrophe."""
    mark = text[start:end]
    if mark in ("’", "'") and _CONTRACTION.match(text, end):
        return None  # tokenised contractions: I ’ve, she 'll, do n't
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if mark in ("“", "„", "«", "``"):
        return "open", True
    if mark in ("”", "‟", "»"):
        return "close", True
    if mark in ('"', "''"):
        return "either", True
    if mark in ("‹", "‚"):
        return "open", False
    if mark == "›":
        return "close", False
    # Single quotes and apostrophes: only a mark at a word boundary on the right side counts.
    if mark in ("‘", "'"):
        if after.isdigit() and not _is_word(before):  # '90s, ‘16
            return None
        if not _is_word(before) and (_is_word(after) or after in "\"“$"):
            return "open", False
        if _is_word(before) and not _is_word(after):
            return "close", False
        if before.isspace() and after.isspace():
            # Tokenised text (LitBank: ‘ Oh dear ! ’): a free-standing mark opens or closes by context.
            return ("open", False) if mark == "‘" else ("either", False)
        return None
    if mark == "’":
        if _is_word(before) and _is_word(after):  # don’t, Trump’s
            return None
        if not _is_word(before) and _is_word(after) and before in " \t\n\r(—–-\"“":
            return "open", False
        if not _is_word(after):
            # After a word or punctuation, or free-standing in tokenised text. A closing mark with no
            # opening one is a plural possessive (students’) and is dropped when pairing.
            return "close", False
    return None


def find_marks(text: str) -> Marks:
    """Pair the quotation marks of ``text`` into regions, paragraph by paragraph."""
    regions: list[Region] = []
    problems: list[MarkProblem] = []
    bounds = [0] + [m.end() for m in _PARAGRAPH_RE.finditer(text)] + [len(text)]
    for p_start, p_end in zip(bounds, bounds[1:]):
        _pair_paragraph(text, p_start, p_end, regions, problems)
    regions.sort(key=lambda r: (r.span.start, -r.span.end))
    return Marks(tuple(regions), tuple(problems))


def _pair_paragraph(
    text: str, p_start: int, p_end: int, regions: list[Region], problems: list[MarkProblem]
) -> None:
    # Paragraph end without trailing blank line/whitespace: regions end at the last non-space char.
    content_end = p_end
    while content_end > p_start and text[content_end - 1].isspace():
        content_end -= 1
    open_double: tuple[int, int, str] | None = None
    open_single: list[tuple[int, int]] = []
    for m in _MARK_RE.finditer(text, p_start, content_end):
        role_double = _classify(text, m.start(), m.end())
        if role_double is None:
            continue
        role, double = role_double
        if double:
            mark = m.group()
            if open_double is None:
                # German „…“: “ after „ closes; English “ opens.
                if role == "close":
                    problems.append(MarkProblem(Span(m.start(), m.end()), f"closing {mark} without an opening mark"))
                    continue
                open_double = (m.start(), m.end(), mark)
                continue
            o_start, o_end, o_mark = open_double
            if role == "open" and not (o_mark == "„" and mark == "“"):
                if mark == o_mark == "“" or mark == "«" or mark == "``":
                    problems.append(
                        MarkProblem(Span(o_start, o_end), f"opening {o_mark} is reopened before it is closed")
                    )
                    open_double = (m.start(), m.end(), mark)
                    continue
            regions.append(Region(Span(o_start, m.end()), Span(o_end, m.start()), True, True))
            open_double = None
            # Single marks opened inside the double quote and never closed were apostrophes.
            open_single[:] = [o for o in open_single if o[0] < o_start]
        else:
            if role == "either":
                role = "close" if open_single else "open"
            if role == "open":
                open_single.append((m.start(), m.end()))
            elif open_single:
                s_start, s_end = open_single.pop()
                regions.append(Region(Span(s_start, m.end()), Span(s_end, m.start()), False, True))
            # A lone closing single mark is a plural possessive (students’): not a problem.
    if open_double is not None:
        o_start, o_end, o_mark = open_double
        regions.append(Region(Span(o_start, content_end), Span(o_end, content_end), True, False))
        if not _next_paragraph_reopens(text, p_end):
            problems.append(MarkProblem(Span(o_start, o_end), f"opening {o_mark} is never closed"))


def _next_paragraph_reopens(text: str, p_end: int) -> bool:
    """Multi-paragraph quotes leave a paragraph open and reopen the next one with a mark."""
    rest = text[p_end:].lstrip()
    return bool(rest) and (rest[0] in "“\"«„" or rest.startswith(("``", "''")))


def _content_words(text: str, fragments: Iterable[Span]) -> list[Span]:
    words: list[Span] = []
    for i, frag in enumerate(fragments):
        start = frag.start
        if i == 0:
            m = _LEADING_THAT.match(text, frag.start, frag.end)
            if m:
                start = m.end()
        words.extend(Span(w.start(), w.end()) for w in _WORD_RE.finditer(text, start, frag.end))
    return words


def quote_type(text: str, fragments: Sequence[Span], marks: Marks | None = None) -> QuoteType:
    """Direct when every content word is inside quotation marks, indirect when none is, else mixed.

    A leading complementiser "that" is not a content word ("said that “…”" is direct in wording, but the
    convention in news annotation is that it makes the quote mixed only if other unquoted words follow).
    """
    marks = marks if marks is not None else find_marks(text)
    words = _content_words(text, fragments)
    if not words:
        return "indirect"
    inside = sum(1 for w in words if marks.inside(w))
    if inside == len(words):
        return "direct"
    if inside == 0:
        return "indirect"
    return "mixed"
