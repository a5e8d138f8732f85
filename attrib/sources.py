"""Sources for `attrib check`: what was said in them, by whom, and whether in the speaker's own words.

A source is an article (its quotes come from running the extractor on it) or a transcript in the usual
``SPEAKER NAME: words`` form, whose turns are known words of known speakers without any model. Either way it
becomes a list of :class:`Statement`: a span of the source, its speaker, and whether the span is the
speaker's own words (inside quotation marks, or a transcript turn) or the reporter's paraphrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .document import Document, Span
from .link import name_key
from .marks import find_marks

# "MAYOR DANA WHITFIELD:", "SEN. ELIZABETH WARREN (D-Mass.):", "Q:" at the start of a paragraph or line.
_TURN = re.compile(r"^[ \t]*([A-Z][A-Z0-9 .,'’\-]{0,60}?(?:\s*\([^)\n]{1,40}\))?)[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
_SPEAKERLESS = {"Q", "A", "QUESTION", "ANSWER", "REPORTER", "REPORTERS", "AUDIENCE", "UNIDENTIFIED", "UNKNOWN",
                "CROWD", "MODERATOR", "SPEAKER", "VOICE", "VOICES", "OPERATOR", "PARTICIPANT"}
_ANSWERER = {"A", "ANSWER"}
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_PARTICLES = frozenset("de da del della der di du la le van von bin al st".split())
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"'’]?\s+(?=[“\"‘']?[A-Z0-9])")


@dataclass(frozen=True)
class Statement:
    """What a source says someone said: ``span`` into the source text, the speaker's canonical name (``None``
    when unknown), and ``quoted``: the speaker's own words (True) or the reporter's paraphrase (False)."""

    source: int
    span: Span
    speaker: str | None
    quoted: bool


@dataclass
class Source:
    """One source document with its statements; ``index`` is its position in the list of sources."""

    index: int
    path: str
    document: Document
    statements: list[Statement]
    transcript: bool = False

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def quoted_spans(self) -> list[Span]:
        return sorted(s.span for s in self.statements if s.quoted)


def transcript_turns(text: str) -> list[tuple[str, Span]] | None:
    """``(label, words span)`` per turn when ``text`` is a transcript, else ``None``.

    A text is a transcript when at least three lines start with a capitalised speaker label and a colon, and
    those turns cover most of the text (an article with one "WASHINGTON:" dateline is not one).
    """
    heads = list(_TURN.finditer(text))
    # Three turns at least: a dateline ("WASHINGTON:") and a "CLARIFICATION:" do not make an article a transcript.
    if len(heads) < 3:
        return None
    turns: list[tuple[str, Span]] = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        words_end = len(text[: end].rstrip())
        turns.append((m.group(1).strip(), Span(m.end(), max(m.end(), words_end))))
    covered = sum(len(s) for _, s in turns) + sum(len(m.group(0)) for m in heads)
    if covered < 0.6 * len(text.strip()):
        return None
    return turns


def label_name(label: str) -> str | None:
    """The speaker's name from a transcript label: "MAYOR DANA WHITFIELD (D)" → "Dana Whitfield"."""
    label = re.sub(r"\s*\([^)]*\)\s*$", "", label).strip()
    first = label.upper().rstrip(".").split()[:1]
    # "Q", "REPORTER", "UNIDENTIFIED MALE", "SPEAKER 1": somebody, but no name to compare with.
    if not first or first[0] in _SPEAKERLESS or re.search(r"\d", label):
        return None
    words = name_key(label.title()).split()
    if not words:
        return None
    # Labels put a role before the name ("BUDGET DIRECTOR PRIYA NANDAKUMAR"): keep the last two words, or
    # three when a particle comes before the surname ("BILL DE BLASIO") or a suffix after it ("… KING JR.").
    keep = 4 if words[-1] in _SUFFIXES else 3 if len(words) >= 3 and words[-2] in _PARTICLES else 2
    return " ".join(w[:1].upper() + w[1:] for w in words[-keep:])


def turn_speaker(label: str) -> str | None:
    """Who speaks a transcript turn: the label's name ("Dana Whitfield"); for a turn without a name, a
    description that matches no named speaker ("unnamed speaker (REPORTER)"), except the answers of a Q/A
    transcript: those are the interviewee's, whom the transcript does not name (``None``: unknown)."""
    name = label_name(label)
    if name is not None:
        return name
    if label.strip().upper().rstrip(".") in _ANSWERER:
        return None
    return f"unnamed speaker ({label.strip()})"


def sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside ``span`` (a light splitter: enough to embed long turns piece by piece)."""
    out: list[Span] = []
    start = span.start
    chunk = text[span.start : span.end]
    for m in _SENTENCE_END.finditer(chunk):
        end = span.start + m.start() + len(m.group(0).rstrip())
        if text[start:end].strip():
            out.append(Span(start, end).stripped(text))
        start = span.start + m.end()
    if text[start : span.end].strip():
        out.append(Span(start, span.end).stripped(text))
    return out


def transcript_source(index: int, path: str, doc: Document) -> Source | None:
    """A transcript's statements, one per turn (``None`` when the text is not a transcript)."""
    turns = transcript_turns(doc.text)
    if turns is None:
        return None
    # A turn by a reporter or an unidentified voice is still somebody else's words: never the named
    # speaker a draft claims (an article's unknown speaker, by contrast, may be anyone).
    statements = [Statement(index, span, turn_speaker(label), True) for label, span in turns if len(span)]
    return Source(index, path, doc, statements, transcript=True)


def article_source(index: int, path: str, doc: Document) -> Source:
    """An article's statements from its extracted and linked quotes (``doc`` has quotes and entities).

    Every stretch in quotation marks is the speaker's own words, whether or not the model found a quote
    there (its speaker is then the speaker of the model's nearest quote in the same paragraph, or unknown);
    the whole extent of indirect and mixed quotes is the reporter's account of what was said.
    """
    text = doc.text
    marks = find_marks(doc.view)
    names = {e.id: e.name for e in doc.entities}
    statements: list[Statement] = []
    claimed: list[tuple[Span, str | None]] = []
    for q in doc.quotes:
        speaker = names.get(q.entity) if q.entity else None
        claimed.append((q.extent, speaker))
        if q.type != "direct":
            statements.append(Statement(index, q.extent, speaker, False))
    for region in marks.regions:
        inner = region.inner.stripped(text)
        if len(inner) == 0 or not re.search(r"\w", text[inner.start : inner.end]):
            continue
        statements.append(Statement(index, inner, _speaker_of(doc, inner, claimed), True))
    statements.sort(key=lambda s: (s.span.start, s.span.end))
    return Source(index, path, doc, statements)


def _speaker_of(doc: Document, span: Span, claimed: list[tuple[Span, str | None]]) -> str | None:
    overlapping = [(min(span.end, q.end) - max(span.start, q.start), who) for q, who in claimed if q.overlaps(span)]
    if overlapping:
        return max(overlapping, key=lambda t: t[0])[1]
    # A quotation the model did not attribute: the nearest attributed quote in the same paragraph speaks it.
    para = doc.paragraph(span.start)
    near = [(min(abs(q.start - span.end), abs(span.start - q.end)), who) for q, who in claimed
            if who is not None and doc.paragraph(q.start) == para]
    return min(near, key=lambda t: t[0])[1] if near else None
