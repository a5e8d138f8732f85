"""The records `attrib check` produces: a verification per quote, a checked document, and findings.

Every output format (human, line, json, sarif, github, html) is built from these records' ``to_dict()``
(convention: one record, many small printers), so the formats cannot disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .document import Document, Quote

Verdict = Literal[
    "verbatim", "altered", "paraphrase_in_quotes", "supported_paraphrase", "unsupported", "misattributed", "unchecked"
]
VERDICTS: tuple[str, ...] = (
    "verbatim", "altered", "paraphrase_in_quotes", "supported_paraphrase", "unsupported", "misattributed", "unchecked"
)
Severity = Literal["error", "warning", "suggestion"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "suggestion")  # most to least severe


@dataclass(frozen=True)
class SourceRef:
    """A passage of a source: ``text`` is exactly the source's ``text[start:end]``."""

    path: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Verification:
    """What the sources say about one quote of a draft.

    ``diff`` is a word-level diff of the quote against the source passage, as (op, words) pairs with op
    ``=`` (same), ``-`` (in the source, not in the quote) or ``+`` (in the quote, not in the source); it is
    filled for ``altered`` (and for ``verbatim`` when cosmetic differences exist). ``cosmetic`` names the
    allowed differences of a verbatim quote ("first-letter case", "final punctuation", "quotation marks",
    "ellipsis", "bracketed insertion"). ``source_speaker`` is the canonical name of whoever says the source
    passage (for ``misattributed``, the real speaker).
    """

    verdict: Verdict
    source: SourceRef | None = None
    score: float = 0.0
    source_speaker: str | None = None
    cosmetic: tuple[str, ...] = ()
    diff: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "source": self.source.to_dict() if self.source else None,
            "score": round(self.score, 4),
            "source_speaker": self.source_speaker,
        }
        if self.cosmetic:
            out["cosmetic"] = list(self.cosmetic)
        if self.diff:
            out["diff"] = [list(d) for d in self.diff]
        return out


@dataclass(frozen=True)
class CheckedDocument:
    """A draft after extraction, speaker linking and (when sources were given) verification.

    ``verifications`` maps quote ids to their verification; with no sources every quote is ``unchecked``.
    """

    document: Document
    path: str
    verifications: dict[str, Verification] = field(default_factory=dict)
    sources_given: bool = False

    def verification(self, quote: Quote) -> Verification:
        return self.verifications.get(quote.id, Verification("unchecked"))

    def speaker_name(self, quote: Quote) -> str | None:
        entity = self.document.entity(quote.entity)
        return entity.name if entity is not None else None


@dataclass(frozen=True)
class Finding:
    """One problem a rule found in a draft, where it is and how serious it is.

    ``start``/``end`` are character offsets into the draft's text and ``text`` is exactly ``text[start:end]``
    (the quote, or the quotation mark at fault). ``line``/``column`` (1-based) locate ``start``;
    ``end_line``/``end_column`` locate ``end``, the position just past the span (as in SARIF regions).
    ``verification`` and ``diff`` are set by the verification rules (``diff`` is the quote-vs-source word
    diff of an altered quote, as in :class:`Verification`).
    """

    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    paragraph: int
    quote_id: str | None
    text: str
    verification: Verification | None = None
    diff: tuple[tuple[str, str], ...] = ()

    @classmethod
    def at(
        cls,
        checked: CheckedDocument,
        start: int,
        end: int,
        *,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        quote_id: str | None = None,
        verification: Verification | None = None,
        diff: tuple[tuple[str, str], ...] = (),
    ) -> Finding:
        """A finding on ``checked.document.text[start:end]``, with its line, column and paragraph."""
        doc = checked.document
        if not 0 <= start <= end <= len(doc.text):
            raise ValueError(f"finding {code}: span ({start}, {end}) is outside the text ({len(doc.text)})")
        line, column = doc.line_col(start)
        end_line, end_column = doc.line_col(end)
        return cls(code=code, rule=rule, severity=severity, message=message, path=checked.path, start=start,
                   end=end, line=line, column=column, end_line=end_line, end_column=end_column,
                   paragraph=doc.paragraph(start), quote_id=quote_id, text=doc.text[start:end],
                   verification=verification, diff=diff)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "paragraph": self.paragraph,
            "quote_id": self.quote_id,
            "text": self.text,
            "verification": self.verification.to_dict() if self.verification else None,
            "diff": [list(d) for d in self.diff],
        }
