"""Speakers of quotes without a speaker mention: a learned choice among the entities around the quote.

The quote model sometimes tags a quote's content and cue but no source ("Cruz exhorted Republicans to … and
said he …", the second paragraph of a long quote, a subject the tagger missed). The reader still knows who
speaks: the subject of the cue's sentence, the speaker of the quote just before, the person a "he" before the
cue stands for. This module makes that choice with a listwise logistic scorer (:mod:`attrib.listwise`) over
hand-built features of each candidate entity, plus a "nobody" candidate, so that it can abstain. The quote
keeps ``speaker = None`` (there is no mention to point at) and gets the chosen ``entity``.

The weights are trained by ``scripts/train_implicit.py`` on the quotes the shipped quote model finds without
a speaker mention in PolNeAR train; the right candidate is the entity the rule-based linker gives the gold
quote's speaker mention (silver labels: the linker is right for ~94 % of named gold mentions on dev), or
"nobody". They ship in ``models/attrib-linker/`` with their model card.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Quote
from .errors import ModelLoadError

if TYPE_CHECKING:
    from .link import _Ent, _Linker, _Mention

# The features of a candidate entity for one quote. "anchor" is the cue's start, or the quote's start when it
# has no cue; "the sentence" is the anchor's sentence; mentions inside the quote's own content do not count
# as the speaker's (they are what the quote is about).
FEATURES = (
    "none",  # the "nobody" candidate: its only features are this bias and the two below
    "none_no_cue",
    "none_no_candidate_near",
    "same_sentence_before",  # a plain mention (not quoted, not in parentheses) before the anchor
    "same_sentence_after",  # … after the cue (or the quote), in the same sentence
    "subject",  # the first plain, non-oblique mention of the sentence
    "adjacent",  # at most two words from the cue ("Clinton has said", "said Mr. Obama")
    "pronoun_subject",  # a "he"/"she"/"they"/"it" before the anchor in the sentence stands for it
    "previous_subject",  # the first plain, non-oblique mention of the previous sentence
    "previous_pronoun_subject",  # a subject pronoun of the previous sentence stands for it
    "colon_intro",  # the subject (a mention or a pronoun) of "He said:" / "The Times reports:" right before
    "possessor",  # "his" / "her" / "its" / "their" at most two words before the cue ("his determination")
    "previous_speaker",  # the speaker of the nearest earlier quote
    "previous_speaker_close",  # … and that quote ends less than 400 characters before this one
    "next_speaker_close",  # the speaker of a quote starting less than 300 characters after this one ends
    "inside_quote",  # mentioned inside the quote's content
    "log_distance",  # log(1 + characters from its nearest plain mention to the anchor) / 8
    "log_mentions",  # log(1 + its mentions before the anchor) / 3
    "log_quoted",  # log(1 + the quotes it spoke before the anchor) / 3
    "nearest",  # its mention is the nearest to the anchor of all candidates
    "person",
    "organization",
    "group",
    "document",
    "unnamed",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_WINDOW_BEFORE, _WINDOW_AFTER = 2000, 400
_SUBJECT_PRONOUNS = frozenset("he she they it".split())
_POSSESSIVES = frozenset("his her its their".split())
_PRONOUN_REACH = 400
_WORD = re.compile(r"\w+")
_STOP_MARK = re.compile(r"[.!?;:\n]")


@dataclass(frozen=True)
class ImplicitSpeakers:
    """The trained weights (one per :data:`FEATURES` name)."""

    weights: dict[str, float]

    @classmethod
    def load(cls, path: str | Path) -> ImplicitSpeakers:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            weights = {str(k): float(v) for k, v in data["weights"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelLoadError(
                f"{path}: not an implicit-speaker weights file ({exc}); rerun scripts/train_implicit.py"
            ) from exc
        missing = set(FEATURES) - set(weights)
        if missing:
            raise ModelLoadError(f"{path}: weights missing for {', '.join(sorted(missing))}")
        return cls(weights)

    def save(self, path: str | Path, **extra: object) -> None:
        Path(path).write_text(json.dumps({"weights": self.weights, **extra}, indent=2) + "\n", encoding="utf-8")

    def choose(self, linker: _Linker, quote: Quote, context: Context) -> _Ent | None:
        """The entity that speaks ``quote``, or None when "nobody" scores highest."""
        best: tuple[float, _Ent | None] = (-math.inf, None)
        for ent, row in context.candidates(linker, quote):
            score = sum(self.weights[FEATURES[i]] * v for i, v in row.items())
            if score > best[0]:
                best = (score, ent)
        return best[1]


class Context:
    """What the candidates of every quote of one document are read from: mentions by position, and the
    quotes that do have a speaker entity (their speakers are the "previous" and "next" speakers)."""

    def __init__(self, linker: _Linker, resolved: dict[int, _Ent]) -> None:
        self.mentions = sorted(linker.mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        quotes = linker.doc.quotes
        spoken = sorted(((quotes[i].start, quotes[i].end, ent) for i, ent in resolved.items()), key=lambda t: t[:2])
        self.spoken = spoken
        self.spoken_starts = [s for s, _, _ in spoken]
        self.spoken_ends = sorted(((e, s, ent) for s, e, ent in spoken), key=lambda t: t[:2])
        self.spoken_end_keys = [e for e, _, _ in self.spoken_ends]

    def candidates(self, linker: _Linker, quote: Quote) -> Iterator[tuple[_Ent | None, dict[int, float]]]:
        """The "nobody" candidate, then every entity near the quote, each with its non-zero features."""
        text = linker.text
        anchor = quote.cue.start if quote.cue is not None else quote.start
        after = quote.cue.end if quote.cue is not None else quote.end
        sent = linker.sentence(anchor)
        s_lo = linker.sentences[sent] if sent >= 0 else 0
        s_hi = linker.sentences[sent + 1] if sent + 1 < len(linker.sentences) else len(text)
        p_lo = linker.sentences[sent - 1] if sent >= 1 else 0

        def inside(m: _Mention) -> bool:
            return any(f.start <= m.start and m.end <= f.end for f in quote.fragments)

        lo = bisect.bisect_left(self.starts, anchor - _WINDOW_BEFORE)
        hi = bisect.bisect_right(self.starts, anchor + _WINDOW_AFTER)
        window = self.mentions[lo:hi]
        feats: dict[int, dict[int, float]] = {}
        ents: dict[int, _Ent] = {}
        nearest: dict[int, int] = {}

        def add(ent: _Ent, name: str, value: float = 1.0) -> None:
            ents[ent.idx] = ent
            feats.setdefault(ent.idx, {})[_INDEX[name]] = value

        colon = self._colon_before(text, quote.start)
        c_lo = linker.sentences[linker.sentence(colon)] if colon is not None else -1
        subject_seen = previous_subject_seen = colon_seen = False
        for m in window:
            if inside(m):
                add(m.ent, "inside_quote")
                continue
            plain = not m.aside
            if plain:
                gap = anchor - m.end if m.end <= anchor else m.start - after
                dist = max(gap, 0)
                if dist < nearest.get(m.ent.idx, 10**9):
                    nearest[m.ent.idx] = dist
                ents[m.ent.idx] = m.ent
                feats.setdefault(m.ent.idx, {})
            if not plain:
                continue
            if s_lo <= m.start and m.end <= anchor:
                add(m.ent, "same_sentence_before")
            if after <= m.start < s_hi:
                add(m.ent, "same_sentence_after")
            if s_lo <= m.start < s_hi and not m.oblique and not subject_seen and m.end <= max(anchor, quote.start):
                subject_seen = True
                add(m.ent, "subject")
            if p_lo <= m.start < s_lo and not m.oblique and not previous_subject_seen and sent >= 1:
                previous_subject_seen = True
                add(m.ent, "previous_subject")
            if colon is not None and c_lo <= m.start < colon and not m.oblique and not colon_seen:
                colon_seen = True
                add(m.ent, "colon_intro")
            cue = quote.cue
            if cue is not None and (m.end <= cue.start or m.start >= cue.end):
                lo_gap, hi_gap = (m.end, cue.start) if m.end <= cue.start else (cue.end, m.start)
                # two words fit in 40 characters; the regex only runs on gaps that short
                if hi_gap - lo_gap <= 40:
                    between = text[lo_gap:hi_gap]
                    if len(_WORD.findall(between)) <= 2 and not _STOP_MARK.search(between):
                        add(m.ent, "adjacent")
        pronoun = self._pronoun_subject(linker, quote, s_lo, anchor)
        if pronoun is not None:
            add(pronoun, "pronoun_subject")
            nearest.setdefault(pronoun.idx, 0)
        if sent >= 1:
            pronoun = self._pronoun_subject(linker, quote, p_lo, s_lo)
            if pronoun is not None:
                add(pronoun, "previous_pronoun_subject")
        if quote.cue is not None:
            owner = self._possessor(linker, quote, quote.cue.start)
            if owner is not None:
                add(owner, "possessor")
        if colon is not None and not colon_seen:
            pronoun = self._pronoun_subject(linker, quote, c_lo, colon)
            if pronoun is not None:
                add(pronoun, "colon_intro")
        i = bisect.bisect_right(self.spoken_end_keys, quote.start) - 1  # ended by the time this one starts
        if i >= 0:
            end, _, ent = self.spoken_ends[i]
            add(ent, "previous_speaker")
            if quote.start - end < 400:
                add(ent, "previous_speaker_close")
        j = bisect.bisect_left(self.spoken_starts, quote.end)
        if j < len(self.spoken) and self.spoken[j][0] - quote.end < 300:
            add(self.spoken[j][2], "next_speaker_close")
        near_any = any(d < 300 for d in nearest.values())
        none_row = {_INDEX["none"]: 1.0}
        if quote.cue is None:
            none_row[_INDEX["none_no_cue"]] = 1.0
        if not near_any:
            none_row[_INDEX["none_no_candidate_near"]] = 1.0
        yield None, none_row
        closest = min(nearest, key=lambda k: (nearest[k], k)) if nearest else None
        for idx, row in feats.items():
            ent = ents[idx]
            if idx in nearest:
                row[_INDEX["log_distance"]] = math.log1p(nearest[idx]) / 8
            else:
                row[_INDEX["log_distance"]] = math.log1p(_WINDOW_BEFORE) / 8
            if idx == closest:
                row[_INDEX["nearest"]] = 1.0
            before = ent.before(anchor)
            if before:
                row[_INDEX["log_mentions"]] = math.log1p(before) / 3
            quoted = bisect.bisect_left(ent.quoted, anchor)
            if quoted:
                row[_INDEX["log_quoted"]] = math.log1p(quoted) / 3
            row[_INDEX[ent.kind]] = 1.0
            yield ent, row

    @staticmethod
    def _colon_before(text: str, start: int) -> int | None:
        """Where the colon of "He said:" / "The New York Times reports:" is, when the quote follows it."""
        i = start
        while i > 0 and (text[i - 1].isspace() or text[i - 1] in "\"“'‘`"):
            i -= 1
        return i - 1 if i > 0 and text[i - 1] == ":" else None

    def _possessor(self, linker: _Linker, quote: Quote, cue_start: int) -> _Ent | None:
        """The entity a possessive pronoun right before a nominal cue stands for ("his determination to …")."""
        i = bisect.bisect_left(linker.token_starts, cue_start)
        for t in linker.tokens[max(0, i - 3) : i]:
            if t.low not in _POSSESSIVES or _STOP_MARK.search(linker.text, t.end, cue_start):
                continue
            if _not_narration(linker, quote, t.start, t.end):
                continue  # "“It is all its fault,” added …": the quote's own words
            return self._resolve(linker, t.low, t.start, t.end)
        return None

    def _resolve(self, linker: _Linker, word: str, start: int, end: int) -> _Ent | None:
        # Resolved as if the walk had just reached the pronoun: the linker's walk-back reads its mention
        # list from the end, which after the walk would mean every later mention of the document.
        saved = linker.mentions
        linker.mentions = self.mentions[
            bisect.bisect_left(self.starts, start - 2600) : bisect.bisect_left(self.starts, start)
        ]
        try:
            ent = linker._pronoun(word, start, end)
        finally:
            linker.mentions = saved
        # The rule linker's last resort (the most mentioned person of that gender) counts mentions of the
        # whole document by now: an entity first named after the pronoun is not its antecedent.
        return ent if ent.mentions and ent.before(start) else None

    def _pronoun_subject(self, linker: _Linker, quote: Quote, lo: int, hi: int) -> _Ent | None:
        """The entity the first subject pronoun in ``lo:hi`` stands for ("he said", "She has argued that …").

        Only the last ``_PRONOUN_REACH`` characters are read: a text without sentence ends (a transcript) would
        otherwise be scanned from its start for every quote."""
        i = bisect.bisect_left(linker.token_starts, max(lo, hi - _PRONOUN_REACH))
        while i < len(linker.tokens) and linker.tokens[i].end <= hi:
            t = linker.tokens[i]
            i += 1
            if t.low not in _SUBJECT_PRONOUNS or t.possessive or _not_narration(linker, quote, t.start, t.end):
                continue
            return self._resolve(linker, t.low, t.start, t.end)
        return None


def _not_narration(linker: _Linker, quote: Quote, start: int, end: int) -> bool:
    """A word inside the quote's own content, or in quotation marks or parentheses: not the narration that
    could name the quote's speaker."""
    return any(f.start <= start < f.end for f in quote.fragments) or linker.aside(start, end)


def default_path() -> Path:
    """The shipped weights: ``models/attrib-linker/weights.json`` in the repository (or beside the package)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "models" / "attrib-linker", here / "models" / "attrib-linker"):
        if (candidate / "weights.json").is_file():
            return candidate / "weights.json"
    return here.parent / "models" / "attrib-linker" / "weights.json"


_DEFAULT: ImplicitSpeakers | None = None


def default() -> ImplicitSpeakers | None:
    """The shipped scorer, loaded once; None when it is not installed (linking then leaves such quotes
    without an entity, as before)."""
    global _DEFAULT
    if _DEFAULT is None:
        path = default_path()
        if not path.is_file():
            return None
        _DEFAULT = ImplicitSpeakers.load(path)
    return _DEFAULT

