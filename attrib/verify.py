"""Quotes of a draft against sources: candidate retrieval, word alignment, meaning match, and the verdict.

Two questions are asked of every quote:

1. **Wording** (direct and mixed quotes): are the quoted words in a source? Word bigrams retrieve candidate
   places in all sources at once; rapidfuzz aligns the quote's words (split at ellipses and [bracketed]
   insertions) with each place. Only alignments that land inside the source's quotation marks or transcript
   turns count as the speaker's words: a quote whose wording is the *reporter's* paraphrase is not "altered",
   it is a paraphrase dressed as a quote.
2. **Meaning** (indirect quotes, and direct quotes whose wording is not found): which source statement says
   the same thing? Sentence embeddings of the base encoder, plus content-word overlap, score every statement.

The speaker the draft claims is then compared with the source statement's speaker (leniently: titles, case,
initials and a misspelt surname do not matter; a different person does).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from .document import Document, Quote, Span
from .findings import SourceRef, Verification
from .link import name_key
from .marks import find_marks
from .sources import Source, Statement, sentences

# A direct quote whose words align with a speaker's words at least this closely (1 - word edit distance /
# length), without being verbatim, is "altered"; below it the wording is someone's rewording.
ALTERED_MIN = 0.6
# Meaning: a statement scoring at least this supports a paraphrase. The score is (cosine of sentence
# embeddings + LEXICAL_WEIGHT × share of the quote's content words in the statement) / (1 + LEXICAL_WEIGHT),
# at most 1. Tuned on the development suite (midway between its closest supported and unsupported cases).
SUPPORTED_MIN = 0.452
# Meaning alone is weak evidence that someone else said it: only a near restatement (high overlap too)
# of another speaker's words makes a paraphrase "misattributed"; the dev suite has none below this.
MISATTRIBUTED_MIN = 0.815
LEXICAL_WEIGHT = 0.35

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
_BRACKET = re.compile(r"\[[^\]\n]{0,80}\]")
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as that this these those it its is are was were be been "
    "being have has had do does did will would can could should may might must not no we i you he she they our "
    "their his her my your me him them us there here what which who whom so than then too very just also about "
    "into over up out more most said says say".split()
)


@dataclass(frozen=True)
class Word:
    norm: str
    start: int
    end: int


def _fold(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s.lower()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    return [Word(_fold(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _content(ws: Sequence[Word]) -> set[str]:
    return {w.norm for w in ws if w.norm not in _STOP and len(w.norm) > 1}


# -- the draft side ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuotedWords:
    """The words a draft quote puts in quotation marks, in pieces split at ellipses and [insertions]."""

    pieces: tuple[tuple[Word, ...], ...]
    spans: tuple[Span, ...]  # the quoted regions (inside the marks)
    ellipsis: bool
    brackets: bool

    @property
    def flat(self) -> list[Word]:
        return [w for p in self.pieces for w in p]

    @property
    def boundaries(self) -> set[int]:
        out, n = set(), 0
        for p in self.pieces[:-1]:
            n += len(p)
            out.add(n)
        return out


def quoted_words(text: str, quote: Quote, regions: Sequence[Span]) -> QuotedWords | None:
    """The quoted words of ``quote`` (``None`` when it has none: an indirect quote)."""
    inside = [r for r in regions if r.overlaps(quote.extent) or quote.extent.contains(r)]
    if not inside and quote.type == "direct":
        inside = list(quote.fragments)
    if not inside:
        return None
    pieces: list[tuple[Word, ...]] = []
    ellipsis = brackets = False
    for region in inside:
        cuts = sorted([(m.start(), m.end(), "e") for m in _ELLIPSIS.finditer(text, region.start, region.end)]
                      + [(m.start(), m.end(), "b") for m in _BRACKET.finditer(text, region.start, region.end)])
        pos = region.start
        for s, e, kind in cuts:
            ellipsis |= kind == "e"
            brackets |= kind == "b"
            pieces.append(tuple(words(text, pos, s)))
            pos = e
        pieces.append(tuple(words(text, pos, region.end)))
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    return QuotedWords(tuple(pieces), tuple(inside), ellipsis, brackets)


# -- alignment ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Alignment:
    source: Source
    span: Span
    similarity: float  # 1 - word edit distance / the longer length
    exact: bool
    quoted: float  # share of the aligned source words that are inside the speaker's own words
    statement: Statement | None
    diff: tuple[tuple[str, str], ...]


class _SourceWords:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.words = words(source.text)
        self.norms = [w.norm for w in self.words]
        starts = [w.start for w in self.words]
        # Which quoted statement (if any) each word belongs to.
        self.owner: list[Statement | None] = [None] * len(self.words)
        for st in source.statements:
            if not st.quoted:
                continue
            i = bisect.bisect_left(starts, st.span.start)
            while i < len(self.words) and self.words[i].end <= st.span.end:
                self.owner[i] = st
                i += 1


class Verifier:
    """Verifies draft quotes against a fixed set of sources (indexes and embeddings are built once)."""

    def __init__(self, sources: Sequence[Source], encoder=None) -> None:
        self.sources = list(sources)
        self._words = [_SourceWords(s) for s in self.sources]
        self._bigrams: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self._unigrams: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for si, sw in enumerate(self._words):
            for i, n in enumerate(sw.norms):
                self._unigrams[n].append((si, i))
                if i + 1 < len(sw.norms):
                    self._bigrams[(n, sw.norms[i + 1])].append((si, i))
        self._encoder = encoder
        self._units: list[tuple[Statement, Span]] = []
        for src in self.sources:
            for st in src.statements:
                parts = sentences(src.text, st.span)
                self._units.extend((st, p) for p in parts)
                if len(parts) > 1 and len(st.span) <= 700:
                    self._units.append((st, st.span))
                if len(parts) > 2:  # neighbouring sentences: a paraphrase may merge two
                    self._units.extend((st, Span(a.start, b.end)) for a, b in zip(parts, parts[1:]))
        self._unit_words = [_content(words(self.sources[st.source].text, sp.start, sp.end)) for st, sp in self._units]
        self._unit_vectors: np.ndarray | None = None

    # -- public -------------------------------------------------------------------------------------------
    def verify(self, doc: Document) -> dict[str, Verification]:
        """A verification for every quote of ``doc`` (quotes and entities as extracted and linked)."""
        regions = [r.inner for r in find_marks(doc.view).regions]
        out: dict[str, Verification] = {}
        pending: list[tuple[Quote, str, bool, str | None]] = []  # (quote, its words, direct?, claimed speaker)
        for q in doc.quotes:
            claimed = _claimed(doc, q)
            qw = quoted_words(doc.text, q, regions)
            found = self._wording(doc.text, qw, claimed) if qw is not None else None
            if found is not None:
                out[q.id] = found
                continue
            if qw is not None:
                text = " … ".join(doc.text[s.start : s.end] for s in qw.spans)
            else:
                text = " ".join(doc.text[f.start : f.end] for f in q.fragments)
            pending.append((q, text, qw is not None, claimed))
        if pending:
            scores = self._meaning([text for _, text, _, _ in pending])
            for (q, _, direct, claimed), row in zip(pending, scores):
                out[q.id] = self._by_meaning(row, claimed, direct=direct)
        return out

    # -- wording ------------------------------------------------------------------------------------------
    def _wording(self, text: str, qw: QuotedWords, claimed: str | None) -> Verification | None:
        candidates = [a for a in self.align(qw) if a.quoted >= 0.5]
        if not candidates:
            return None

        def rank(a: Alignment) -> tuple:
            agrees = _same_speaker(claimed, a.statement.speaker if a.statement else None)
            return (a.exact, round(a.similarity, 2), agrees is not False, a.similarity)

        best = max(candidates, key=rank)
        if not best.exact and best.similarity < ALTERED_MIN:
            return None
        speaker = best.statement.speaker if best.statement else None
        ref = _ref(best.source, best.span)
        if _same_speaker(claimed, speaker) is False:
            return Verification("misattributed", ref, best.similarity, speaker, diff=best.diff)
        if best.exact:
            return Verification("verbatim", ref, best.similarity, speaker, _cosmetic(text, qw, best), best.diff)
        return Verification("altered", ref, best.similarity, speaker, diff=best.diff)

    def align(self, qw: QuotedWords, top: int = 6) -> list[Alignment]:
        """Best alignments of the quoted words with places in the sources, best first."""
        query = qw.flat
        norms = [w.norm for w in query]
        # Each shared bigram votes for a place (source, diagonal bucket); rare bigrams weigh more, so that
        # "playing not" finds the place before "not to" and "to win" find every other one.
        votes: dict[tuple[int, int], float] = defaultdict(float)
        if len(norms) >= 2:
            for j in range(len(norms) - 1):
                hits = self._bigrams.get((norms[j], norms[j + 1]), ())
                for si, pos in hits:
                    votes[(si, (pos - j) // 8)] += 1 / len(hits) ** 0.5
        if not votes:
            for j, n in enumerate(norms):
                hits = self._unigrams.get(n, ())
                for si, pos in hits:
                    votes[(si, (pos - j) // 8)] += 1 / len(hits) ** 0.5
        gaps = len(qw.pieces) - 1
        slack = 6 + 30 * gaps
        out = []
        for (si, bucket), _ in sorted(votes.items(), key=lambda kv: -kv[1])[:top]:
            sw = self._words[si]
            lo = max(0, bucket * 8 - slack)
            hi = min(len(sw.norms), bucket * 8 + 8 + len(norms) + slack)
            a = self._align_window(qw, norms, sw, lo, hi)
            if a is not None:
                out.append(a)
        out.sort(key=lambda a: (a.exact, a.similarity), reverse=True)
        return out

    def _align_window(self, qw: QuotedWords, norms: list[str], sw: _SourceWords, lo: int, hi: int) -> Alignment | None:
        window = sw.norms[lo:hi]
        ops = Levenshtein.opcodes(norms, window)
        equal = [op for op in ops if op.tag == "equal"]
        if not equal:
            return None
        # The place is the stretch between two matched blocks that fits the quote best: trimming to the first
        # and last match would let a stray later word ("win" three words on) stretch it.
        best = (-1.0, 0, 0)
        for i, first in enumerate(equal):
            for last in equal[i:]:
                a, b = lo + first.dest_start, lo + last.dest_end
                region = sw.norms[a:b]
                similarity = 1 - Levenshtein.distance(norms, region) / max(len(norms), len(region))
                if similarity > best[0]:
                    best = (similarity, a, b)
        similarity, a, b = best
        # Quote words left over at either end are substitutions for the source words there ("win" for
        # "lose"), not additions: widen the place over them when that costs nothing.
        ops = Levenshtein.opcodes(norms, sw.norms[a:b])
        head = ops[0].src_end if ops[0].tag == "delete" else 0
        tail = len(norms) - ops[-1].src_start if ops[-1].tag == "delete" else 0
        a2, b2 = max(0, a - head), min(len(sw.norms), b + tail)
        wider = sw.norms[a2:b2]
        if 1 - Levenshtein.distance(norms, wider) / max(len(norms), len(wider)) >= similarity:
            a, b = a2, b2
        found = _pieces_in_order(qw, sw, a, b)
        exact = found is not None
        if found is not None:  # verbatim: the place runs from the first piece to the last, omissions included
            a, b = found
            similarity = 1.0
        region = sw.norms[a:b]
        ops = Levenshtein.opcodes(norms, region)
        diff: list[tuple[str, str]] = []
        for op in ops:
            q_words = " ".join(norms[op.src_start : op.src_end])
            s_words = " ".join(region[op.dest_start : op.dest_end])
            if op.tag == "equal":
                diff.append(("=", q_words))
                continue
            if op.tag in ("insert", "replace"):
                diff.append(("-", s_words))
            if op.tag in ("delete", "replace"):
                diff.append(("+", q_words))
        owners = [sw.owner[i] for i in range(a, b)]
        inside = [o for o in owners if o is not None]
        quoted = len(inside) / max(1, len(owners))
        statement = max(set(inside), key=inside.count) if inside else None
        span = Span(sw.words[a].start, sw.words[b - 1].end)
        return Alignment(sw.source, span, similarity, exact, quoted, statement, tuple(diff))

    # -- meaning ------------------------------------------------------------------------------------------
    def _meaning(self, texts: list[str]) -> np.ndarray:
        """(texts × statement units) scores."""
        if not self._units:
            return np.zeros((len(texts), 0))
        if self._encoder is None:
            from .embed import shared_encoder

            self._encoder = shared_encoder()
        if self._unit_vectors is None:
            self._unit_vectors = self._encoder.encode(
                [self.sources[st.source].text[sp.start : sp.end] for st, sp in self._units]
            )
        vectors = self._encoder.encode(texts)
        cos = vectors @ self._unit_vectors.T
        lexical = np.zeros_like(cos)
        for i, t in enumerate(texts):
            q = _content(words(t))
            if not q:
                continue
            for j, u in enumerate(self._unit_words):
                if u:
                    lexical[i, j] = len(q & u) / len(q)
        return (cos + LEXICAL_WEIGHT * lexical) / (1 + LEXICAL_WEIGHT)

    def _by_meaning(self, row: np.ndarray, claimed: str | None, *, direct: bool) -> Verification:
        best_same: tuple[float, int] | None = None
        best_other: tuple[float, int] | None = None
        for j in np.argsort(-row)[:50]:
            st = self._units[j][0]
            agrees = _same_speaker(claimed, st.speaker)
            if agrees is False:
                if best_other is None:
                    best_other = (float(row[j]), int(j))
            # A statement of unknown origin supports no named speaker's words.
            elif (agrees or claimed is None) and best_same is None:
                best_same = (float(row[j]), int(j))
            if best_same and best_other:
                break
        if best_same is not None and best_same[0] >= SUPPORTED_MIN:
            st, span = self._units[best_same[1]]
            verdict = "paraphrase_in_quotes" if direct else "supported_paraphrase"
            return Verification(verdict, _ref(self.sources[st.source], span), best_same[0], st.speaker)
        if best_other is not None and best_other[0] >= MISATTRIBUTED_MIN:
            st, span = self._units[best_other[1]]
            return Verification("misattributed", _ref(self.sources[st.source], span), best_other[0], st.speaker)
        score = max((b[0] for b in (best_same, best_other) if b), default=0.0)
        return Verification("unsupported", None, score, None)


def _pieces_in_order(qw: QuotedWords, sw: _SourceWords, a: int, b: int, margin: int = 40) -> tuple[int, int] | None:
    """Where every piece of the quote is, word for word, in the speaker's own words near ``[a, b)``, in order:
    the source word range from the first piece to the last, or ``None``.

    Pieces are separated by an ellipsis or a [bracketed] insertion, so the source may have other words
    between them. Inside a piece only the reporter's words may intervene ("…," he said, "…": the
    attribution between two quoted stretches), which the search skips by matching quoted words only.
    """
    idx = [i for i in range(max(0, a - margin), min(len(sw.norms), b + margin)) if sw.owner[i] is not None]
    seq = [sw.norms[i] for i in idx]
    pos, first, last = 0, 0, None
    for piece in qw.pieces:
        norms = [w.norm for w in piece]
        n = len(norms)
        hits = [k for k in range(pos, len(seq) - n + 1)
                if seq[k : k + n] == norms and all(idx[k + t + 1] - idx[k + t] <= 12 for t in range(n - 1))]
        # The first piece where the alignment put it (the same words may recur nearby, from another
        # speaker); each later piece at its first occurrence after the one before.
        found = (min(hits, key=lambda k: abs(idx[k] - a)) if last is None else hits[0]) if hits else None
        if found is None or (last is not None and idx[found] - idx[last] > 150):
            return None
        if last is None:
            first = found
        pos, last = found + n, found + n - 1
    return (idx[first], idx[last] + 1) if last is not None else None


_MARK_STYLE = {"'": "straight", '"': "straight", "’": "curly", "‘": "curly", "“": "curly", "”": "curly"}
_FINAL = ".,;:!?"


def _cosmetic(text: str, qw: QuotedWords, a: Alignment) -> tuple[str, ...]:
    """The allowed differences between a verbatim quote and its source passage, named for the finding."""
    src = a.source.text
    quote = " ".join(text[s.start : s.end] for s in qw.spans).strip()
    passage = src[a.span.start : a.span.end]
    out = []
    first_q, first_s = qw.flat[0], a.span.start
    if text[first_q.start] != src[first_s] and text[first_q.start].lower() == src[first_s].lower():
        out.append("first-letter case")
    end_q = quote.rstrip(" ”\"’'")[-1:]
    end_s = src[a.span.end : a.span.end + 1]
    end_s = end_s if end_s in _FINAL else ""
    if (end_q if end_q in _FINAL else "") != end_s:
        out.append("final punctuation")
    marks_q = {_MARK_STYLE[c] for c in quote if c in _MARK_STYLE}
    marks_s = {_MARK_STYLE[c] for c in passage if c in _MARK_STYLE}
    around = src[max(0, a.span.start - 2) : a.span.start]
    marks_s |= {_MARK_STYLE[c] for c in around if c in _MARK_STYLE}
    before = text[max(0, qw.spans[0].start - 1) : qw.spans[0].start]
    marks_q |= {_MARK_STYLE[c] for c in before if c in _MARK_STYLE}
    if marks_q and marks_s and marks_q != marks_s:
        out.append("quotation marks")
    if qw.ellipsis:
        out.append("ellipsis")
    if qw.brackets:
        out.append("bracketed insertion")
    return tuple(out)


def _ref(source: Source, span: Span) -> SourceRef:
    return SourceRef(source.path, span.start, span.end, source.text[span.start : span.end])


def _claimed(doc: Document, quote: Quote) -> str | None:
    entity = doc.entity(quote.entity)
    if entity is None or entity.kind == "unnamed":
        return None
    return entity.name


def _same_speaker(a: str | None, b: str | None) -> bool | None:
    """Whether two canonical names are the same speaker: ``None`` when either is unknown.

    Lenient about titles, case, middle initials and a misspelt surname ("Wines" for "Wimes"); a different
    first name with the same surname (Bill and Hillary Clinton) is a different person.
    """
    if not a or not b:
        return None
    if ";" in a or ";" in b:
        return any(_same_speaker(x.strip(), y.strip()) for x in a.split(";") for y in b.split(";"))
    ka, kb = name_key(a).split(), name_key(b).split()
    if not ka or not kb:
        return None
    if ka == kb:
        return True
    la, lb = ka[-1], kb[-1]
    surname = la == lb or (min(len(la), len(lb)) >= 4 and ratio(la, lb) >= 80)
    if surname:
        if len(ka) == 1 or len(kb) == 1:
            return True
        # The word before the surname: "Priya" in "Budget Director Priya Nandakumar" and in "Priya Nandakumar".
        fa, fb = ka[-2], kb[-2]
        return fa == fb or fa.startswith(fb) or fb.startswith(fa)
    # Documents and organisations: "the U.S.-Japan joint statement" vs "joint statement".
    sa, sb = set(ka), set(kb)
    if len(sa) >= 2 and len(sb) >= 2 and len(sa & sb) >= 2 and (sa <= sb or sb <= sa):
        return True
    return False
