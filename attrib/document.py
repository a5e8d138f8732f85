"""The central objects: a Document owns its immutable text; everything else is a character range into it.

Spans are half-open ``(start, end)`` ranges of Python ``str`` indices (code points) into ``Document.text``.
A span never stores its text: ``doc.text[span.start:span.end]`` is the text, so the two cannot disagree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from .errors import OffsetError

QuoteType = Literal["direct", "indirect", "mixed"]
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
EntityKind = Literal["person", "organization", "group", "document", "unnamed"]
ENTITY_KINDS: tuple[str, ...] = ("person", "organization", "group", "document", "unnamed")

PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")  # a blank line (CRLF too) ends a paragraph


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise OffsetError(f"invalid span ({self.start}, {self.end}): need 0 <= start <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_list(self) -> list[int]:
        return [self.start, self.end]

    def stripped(self, text: str) -> Span:
        """This span of ``text`` without its leading and trailing white space."""
        s, e = self.start, self.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return Span(s, e)


@dataclass(frozen=True)
class Quote:
    """One attribution: content fragments, the cue, the speaker mention and the speaker entity."""

    fragments: tuple[Span, ...]
    type: QuoteType = "indirect"
    cue: Span | None = None
    speaker: Span | None = None
    entity: str | None = None
    confidence: float | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.fragments:
            raise OffsetError(f"quote {self.id or '?'} has no content fragments")
        if list(self.fragments) != sorted(self.fragments):
            object.__setattr__(self, "fragments", tuple(sorted(self.fragments)))

    @property
    def start(self) -> int:
        return self.fragments[0].start

    @property
    def end(self) -> int:
        return max(f.end for f in self.fragments)

    @property
    def extent(self) -> Span:
        """The whole content, including an interrupting "he said" between fragments."""
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Entity:
    """A speaker (or other referent) with a canonical name and the mentions that refer to it."""

    id: str
    name: str | None
    kind: EntityKind = "person"
    mentions: tuple[Span, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class Document:
    """Immutable text plus annotations; ``source`` says where the text came from (path, format)."""

    text: str
    id: str = ""
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    source: str | None = None
    format: str = "txt"
    # Same length as ``text``; markup (Markdown syntax) blanked out so the model never sees it while
    # offsets still point into the text as written. ``None`` means the text itself is the model's view.
    model_text: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.model_text is not None and len(self.model_text) != len(self.text):
            raise OffsetError("model_text must have the same length as text")
        n = len(self.text)
        for q in self.quotes:
            for s in (*q.fragments, q.cue, q.speaker):
                if s is not None and s.end > n:
                    raise OffsetError(f"quote {q.id}: span ({s.start}, {s.end}) ends past the text ({n})")
        for e in self.entities:
            for s in e.mentions:
                if s.end > n:
                    raise OffsetError(f"entity {e.id}: mention ({s.start}, {s.end}) past the text ({n})")

    # -- text of spans ---------------------------------------------------------------------------------
    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def quote_text(self, quote: Quote) -> str:
        return self.text[quote.start : quote.end]

    @property
    def view(self) -> str:
        """The text the model reads (markup blanked, same offsets)."""
        return self.model_text if self.model_text is not None else self.text

    # -- navigation ------------------------------------------------------------------------------------
    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(self.text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def paragraph(self, offset: int) -> int:
        """1-based paragraph number (paragraphs are separated by blank lines)."""
        return bisect.bisect_right(self._paragraph_starts, offset)

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def with_annotations(
        self, quotes: Iterable[Quote], entities: Sequence[Entity] | None = None
    ) -> Document:
        """A copy with new quotes (renumbered q1, q2, … in text order) and entities."""
        ordered = sorted(quotes, key=lambda q: (q.start, q.end))
        numbered = tuple(replace(q, id=f"q{i}") for i, q in enumerate(ordered, 1))
        return replace(
            self, quotes=numbered, entities=tuple(entities) if entities is not None else self.entities
        )
