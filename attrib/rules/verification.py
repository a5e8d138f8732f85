"""V1xx: what the sources say about each quote. One rule per verification verdict, so that every verdict can
be selected, ignored or given a severity like any other rule (``attrib.verify`` gives the verdicts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

from ..findings import CheckedDocument, SourceRef, Verification
from .base import Check, E, Example, Q, Rule, Violation, quote_name, shorten

_MAX_CHANGES = 3


def diff_summary(diff: tuple[tuple[str, str], ...]) -> str:
    """The changes of a word diff in words: has “X” where the source says “Y”; leaves out “Z”; adds “W”."""
    changes: list[str] = []
    minus: list[str] = []
    plus: list[str] = []

    def flush() -> None:
        if minus and plus:
            changes.append(f"has “{' '.join(plus)}” where the source says “{' '.join(minus)}”")
        elif minus:
            changes.append(f"leaves out “{' '.join(minus)}”")
        elif plus:
            changes.append(f"adds “{' '.join(plus)}”")
        minus.clear()
        plus.clear()

    for op, words in diff:
        if op == "=":
            flush()
        else:
            (minus if op == "-" else plus).append(" ".join(words.split()))
    flush()
    if len(changes) > _MAX_CHANGES:
        more = len(changes) - _MAX_CHANGES
        changes = changes[:_MAX_CHANGES] + [f"and {more} more change{'s' if more > 1 else ''}"]
    return "; ".join(changes)


def _where(source: SourceRef | None) -> str:
    return f" ({source.path})" if source is not None else ""


def _verdict_check(verdict: str, message: Callable[[CheckedDocument, Verification, str], str]) -> Check:
    def check(checked: CheckedDocument) -> Iterator[Violation]:
        for q in checked.document.quotes:
            v = checked.verification(q)
            if v.verdict == verdict:
                yield Violation(q.extent, message(checked, v, quote_name(checked, q)), q, v, v.diff)

    check.__name__ = f"check_{verdict}"
    return check


def _altered(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    changes = diff_summary(v.diff)
    return f"quote differs from the source{_where(v.source)}" + (f": {changes}" if changes else "")


def _misattributed(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    real = v.source_speaker or "someone else"
    return f"quote is attributed to {speaker}, but the source{_where(v.source)} has {real} saying it"


def _paraphrase_in_quotes(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    said = f": the source says “{shorten(v.source.text, 80)}”" if v.source is not None else ""
    return f"the words in quotation marks are a paraphrase, not what was said{said}"


def _unsupported(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    return "no source supports this quote"


def _supported_paraphrase(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    return f"paraphrase supported by the source{_where(v.source)}"


def _verbatim(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    cosmetic = f", apart from {', '.join(v.cosmetic)}" if v.cosmetic else ""
    return f"quoted word for word from the source{_where(v.source)}{cosmetic}"


def _unchecked(checked: CheckedDocument, v: Verification, speaker: str) -> str:
    if not checked.sources_given:
        return "quote not checked: no sources were given"
    return "quote not checked against the sources"


_SOURCE = SourceRef("transcript.txt", 0, 37, "We will never accept this deal, ever.")
_TEXT = "“We will never accept this deal,” Abe said."
_QUOTE = "“We will never accept this deal,”"


_PARAPHRASED = "Abe said Japan would never accept the deal."


def _example(expect: Literal["pass", "fail"], verification: Verification | None, note: str = "",
             indirect: bool = False) -> Example:
    text, content = (_PARAPHRASED, "Japan would never accept the deal") if indirect else (_TEXT, _QUOTE)
    quote = Q(content, "Abe", "said", "abe", "indirect" if indirect else "direct", verification)
    return Example(expect, text, (quote,), (E("abe", "Shinzo Abe"),), sources_given=True, note=note)


_VERBATIM = Verification("verbatim", _SOURCE, 1.0, "Shinzo Abe")

ALTERED = Rule(
    code="V101",
    name="altered-quote",
    severity="error",
    summary="The quoted words differ from what the source says.",
    description=(
        "The source has the passage, but the words in quotation marks are not the speaker's: a word is "
        "changed, added or left out. The message lists the changes; `diff` in the JSON output has the whole "
        "word diff. Differences that do not change the words (first-letter case, final punctuation, quotation "
        "marks, an ellipsis, a bracketed insertion) make a quote verbatim, not altered."
    ),
    anti_pattern="Tidying up a speaker's words inside quotation marks.",
    best_practice="Quote the words exactly; to change them, paraphrase without quotation marks.",
    examples=(
        _example("fail", Verification(
            "altered", SourceRef("transcript.txt", 120, 148, "We will not accept this deal"), 0.9, "Shinzo Abe",
            diff=(("=", "We will"), ("-", "not"), ("+", "never"), ("=", "accept this deal")))),
        _example("pass", _VERBATIM),
    ),
    check=_verdict_check("altered", _altered),
    needs_sources=True,
)

MISATTRIBUTED = Rule(
    code="V102",
    name="misattributed-quote",
    severity="error",
    summary="The source has someone else saying the quoted words.",
    description=(
        "The words are in the sources, but said by another speaker than the draft's. The message names who "
        "really said them."
    ),
    anti_pattern="Putting one speaker's words in another's mouth.",
    best_practice="Attribute the words to the speaker the source has saying them.",
    examples=(
        _example("fail", Verification("misattributed", _SOURCE, 1.0, "Donald Trump")),
        _example("pass", _VERBATIM),
    ),
    check=_verdict_check("misattributed", _misattributed),
    needs_sources=True,
)

PARAPHRASE_IN_QUOTES = Rule(
    code="V103",
    name="paraphrase-in-quotes",
    severity="error",
    summary="Words in quotation marks paraphrase the source instead of quoting it.",
    description=(
        "The source says something with the same meaning in other words. Quotation marks promise the reader "
        "the speaker's exact words."
    ),
    anti_pattern="A paraphrase dressed up as a direct quote.",
    best_practice="Drop the quotation marks and paraphrase, or quote the source's exact words.",
    examples=(
        _example("fail", Verification("paraphrase_in_quotes", SourceRef(
            "transcript.txt", 40, 77, "This agreement is unacceptable to us."), 0.7, "Shinzo Abe")),
        _example("pass", _VERBATIM),
    ),
    check=_verdict_check("paraphrase_in_quotes", _paraphrase_in_quotes),
    needs_sources=True,
)

UNSUPPORTED = Rule(
    code="V104",
    name="unsupported-quote",
    severity="warning",
    summary="No source supports the quote.",
    description=(
        "The sources were searched and no passage says this. The quote may come from a source that was not "
        "given (an interview, a call), or it may be wrong."
    ),
    anti_pattern="A quote whose origin nobody can point to.",
    best_practice="Add the transcript, recording notes or document the quote comes from to the sources.",
    examples=(
        _example("fail", Verification("unsupported", None, 0.1)),
        _example("pass", _VERBATIM),
    ),
    check=_verdict_check("unsupported", _unsupported),
    needs_sources=True,
)

SUPPORTED_PARAPHRASE = Rule(
    code="V105",
    name="supported-paraphrase",
    severity="none",
    summary="A paraphrase that the source supports (off by default: nothing is wrong).",
    description=(
        "An indirect quote whose meaning the source supports. Select it to list the source of every such "
        "paraphrase."
    ),
    anti_pattern="(Nothing wrong: when selected, this rule lists the paraphrases a source supports, as here.)",
    best_practice="Paraphrase faithfully, and give the sources that support the paraphrase.",
    examples=(
        _example("fail", Verification("supported_paraphrase", _SOURCE, 0.8, "Shinzo Abe"), indirect=True),
        _example("pass", Verification("unsupported", None, 0.1), indirect=True),
    ),
    check=_verdict_check("supported_paraphrase", _supported_paraphrase),
    needs_sources=True,
)

VERBATIM = Rule(
    code="V106",
    name="verbatim-quote",
    severity="none",
    summary="A quote found word for word in the source (off by default: nothing is wrong).",
    description="Select it to list the source of every verbatim quote, with any cosmetic differences.",
    anti_pattern="(Nothing wrong: when selected, this rule lists the quotes found word for word, as here.)",
    best_practice="Quote exactly.",
    examples=(
        _example("fail", _VERBATIM),
        _example("pass", Verification("unsupported", None, 0.1)),
    ),
    check=_verdict_check("verbatim", _verbatim),
    needs_sources=True,
)

UNCHECKED = Rule(
    code="V107",
    name="unchecked-quote",
    severity="none",
    summary="A quote that was not checked against any source (off by default; select it to list them).",
    description=(
        "Every quote is unchecked when no sources are given. Select this rule (it then reports suggestions) to "
        "see which quotes still need a fact-check."
    ),
    anti_pattern="Publishing quotes nobody checked.",
    best_practice="Check every quote against its source: give the sources (`sources` in the configuration).",
    examples=(
        Example("fail", _TEXT, (Q(_QUOTE, "Abe", "said", "abe"),), (E("abe", "Shinzo Abe"),),
                note="no sources were given"),
        _example("pass", _VERBATIM),
    ),
    check=_verdict_check("unchecked", _unchecked),
)

RULES = (ALTERED, MISATTRIBUTED, PARAPHRASE_IN_QUOTES, UNSUPPORTED, SUPPORTED_PARAPHRASE, VERBATIM, UNCHECKED)
