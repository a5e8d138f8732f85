"""What a rule is: a code, a name, a default severity, documentation, pass/fail examples and a check.

A rule's ``check`` is a plain function from a :class:`~attrib.findings.CheckedDocument` to
:class:`Violation` records; :func:`attrib.lint.lint` turns them into findings after applying the
configuration (selection, severities) and the inline suppressions. Rules never read the configuration.

Examples are data too: an :class:`Example` is a short text with its quotes and speakers written as
substrings of the text (:class:`Q`, :class:`E`), built into a ``CheckedDocument`` by :meth:`Example.build`.
A meta-test runs every example of every registered rule, and ``docs/rules.md`` shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..document import Document, Entity, EntityKind, Quote, QuoteType, Span
from ..findings import CheckedDocument, Verification
from ..marks import Marks, find_marks

RuleSeverity = Literal["error", "warning", "suggestion", "none"]
RULE_SEVERITIES: tuple[str, ...] = ("error", "warning", "suggestion", "none")

#: Third-person pronouns that can stand for a speaker ("he said"). First- and second-person pronouns are
#: left out on purpose: "I said" outside quotes is the author, which no attribution rule should flag.
THIRD_PERSON_PRONOUNS = frozenset("he she it they him her them himself herself itself themselves".split())
#: Every personal pronoun (a mention made only of one of these names nobody).
PRONOUNS = THIRD_PERSON_PRONOUNS | frozenset("i me myself we us ourselves you yourself yourselves".split())


def is_pronoun(text: str, pronouns: frozenset[str] = PRONOUNS) -> bool:
    """True when ``text`` (a mention) is a single personal pronoun."""
    return text.strip().casefold() in pronouns


@dataclass(frozen=True)
class Violation:
    """What a check reports: a span of the draft, a message and the quote concerned (if any)."""

    span: Span
    message: str
    quote: Quote | None = None
    verification: Verification | None = None
    diff: tuple[tuple[str, str], ...] = ()


Check = Callable[[CheckedDocument], Iterable[Violation]]


# -- examples ----------------------------------------------------------------------------------------------

Where = str | tuple[str, int]
"""A substring of the example text: the string itself, or ``(string, n)`` for its n-th occurrence (1-based)."""


@dataclass(frozen=True)
class Q:
    """A quote of an example: its content, speaker mention and cue as substrings of the text.

    A speaker or cue given as a plain string is the occurrence nearest the content. ``entity`` is the key of
    an :class:`E` of the example. ``verification`` is what the sources said (none: unchecked).
    """

    content: Where | tuple[Where, ...]
    speaker: Where | None = None
    cue: Where | None = None
    entity: str | None = None
    type: QuoteType = "direct"
    verification: Verification | None = None


@dataclass(frozen=True)
class E:
    """A speaker of an example; ``mentions`` are substrings (every occurrence of a plain string)."""

    key: str
    name: str | None
    kind: EntityKind = "person"
    mentions: tuple[Where, ...] = ()


def _occurrences(text: str, needle: str) -> list[Span]:
    # Whole words only where the needle starts or ends with a word character ("he" is not in "the").
    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    return [Span(m.start(), m.end()) for m in re.finditer(left + re.escape(needle) + right, text)]


def locate(text: str, where: Where, near: Span | None = None) -> Span:
    """The span of ``where`` in ``text``: the n-th occurrence, else the one nearest ``near``, else the first."""
    needle, nth = (where, None) if isinstance(where, str) else where
    found = _occurrences(text, needle)
    if not found or (nth is not None and not 1 <= nth <= len(found)):
        raise ValueError(f"example: {needle!r} (occurrence {nth or 1}) is not in {text!r}")
    if nth is not None:
        return found[nth - 1]
    if near is not None:
        return min(found, key=lambda s: (max(near.start - s.end, s.start - near.end, 0), s.start))
    return found[0]


def _parts(content: Where | tuple[Where, ...]) -> tuple[Where, ...]:
    if isinstance(content, str):
        return (content,)
    if len(content) == 2 and isinstance(content[0], str) and isinstance(content[1], int):
        return (content,)  # type: ignore[return-value]
    return content  # type: ignore[return-value]


@dataclass(frozen=True)
class Example:
    """A pass or fail case of a rule: a draft, its quotes and speakers, what the sources said."""

    expect: Literal["pass", "fail"]
    text: str
    quotes: tuple[Q, ...] = ()
    entities: tuple[E, ...] = ()
    sources_given: bool = False
    note: str = ""

    def build(self, path: str = "example.md") -> CheckedDocument:
        """The example as a checked document (quotes numbered q1, q2… in the order given)."""
        text = self.text
        mentions: dict[str, set[Span]] = {e.key: set() for e in self.entities}
        quotes: list[Quote] = []
        verifications: dict[str, Verification] = {}
        for i, q in enumerate(self.quotes, 1):
            fragments = tuple(locate(text, p) for p in _parts(q.content))
            extent = Span(min(f.start for f in fragments), max(f.end for f in fragments))
            speaker = locate(text, q.speaker, extent) if q.speaker is not None else None
            cue = locate(text, q.cue, extent) if q.cue is not None else None
            if q.entity is not None:
                if q.entity not in mentions:
                    raise ValueError(f"example: quote {i} names entity {q.entity!r}, which is not defined")
                if speaker is not None:
                    mentions[q.entity].add(speaker)
            quotes.append(Quote(fragments, q.type, cue, speaker, q.entity, 1.0, f"q{i}"))
            if q.verification is not None:
                verifications[f"q{i}"] = q.verification
        entities = []
        for e in self.entities:
            for m in e.mentions:
                spans = [locate(text, m)] if not isinstance(m, str) else _occurrences(text, m)
                mentions[e.key].update(spans)
            entities.append(Entity(e.key, e.name, e.kind, tuple(sorted(mentions[e.key]))))
        doc = Document(text, id="example", quotes=tuple(quotes), entities=tuple(entities), source=path,
                       format="md")
        return CheckedDocument(doc, path, verifications, sources_given=self.sources_given)


# -- rules -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A lint rule: stable ``code`` (family letter + digits) and kebab-case ``name``, its default severity
    (``none`` means off unless selected by code or name or given a severity), documentation and examples.

    ``check`` is ``None`` for the rules :func:`attrib.lint.lint` applies itself (the suppression rules).
    ``needs_sources`` marks rules that only say something when the draft was checked against sources.
    """

    code: str
    name: str
    severity: RuleSeverity
    summary: str
    description: str
    anti_pattern: str
    best_practice: str
    examples: tuple[Example, ...]
    check: Check | None = None
    needs_sources: bool = False

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def anchor(self) -> str:
        """The rule's heading id in docs/rules.md."""
        return f"{self.code.lower()}-{self.name}"


@lru_cache(maxsize=8)
def _marks(view: str) -> Marks:
    return find_marks(view)


def marks_of(checked: CheckedDocument) -> Marks:
    """The quotation marks of the draft as the model reads it (Markdown syntax blanked, same offsets), read
    once per draft however many rules ask."""
    return _marks(checked.document.view)


def quote_name(checked: CheckedDocument, quote: Quote) -> str:
    """How a message names a quote's speaker: the entity's name, else the mention in quotation marks."""
    doc = checked.document
    entity = doc.entity(quote.entity)
    if entity is not None and entity.name:
        return entity.name
    if quote.speaker is not None:
        return f"“{' '.join(doc.span_text(quote.speaker).split())}”"
    return "nobody"


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, cut at the end with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
