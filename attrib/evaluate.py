"""Metrics: exact and overlap P/R/F1 per span type, and type accuracy on matched quotes.

Definitions (``docs/metrics.md``):
- *fragment* / *extent* exact: one-to-one matches of content fragments / whole-quote extents, spans compared
  after trimming white space, quotation marks, final punctuation (.,;:) and a leading "that";
- *token overlap*: P/R/F1 over the set of ``\\w+`` tokens covered by any content span;
- *cue* / *source*: exact (trimmed) spans, each distinct span counted once;
- *matched quotes*: gold–prediction pairs by best token Jaccard ≥ 0.5; type accuracy on them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .document import Document, Quote, Span
from .errors import UsageError

_TRIM_CHARS = set(" \t\r\n\u00a0\u200b\"'`“”„‟«»‹›‘’‚")
_FINAL_PUNCT = set(".,;:")
_THAT = re.compile(r"that\b", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")


def trim(text: str, span: Span) -> tuple[int, int]:
    """The comparable core of a span (see module docstring)."""
    s, e = span.start, span.end
    changed = True
    while changed and s < e:
        changed = False
        while s < e and text[s] in _TRIM_CHARS:
            s += 1
            changed = True
        while s < e and (text[e - 1] in _TRIM_CHARS or text[e - 1] in _FINAL_PUNCT):
            e -= 1
            changed = True
        m = _THAT.match(text, s, e)
        if m and m.end() < e and text[m.end()].isspace():
            s = m.end()
            changed = True
    return (s, e)


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _exact(gold: Iterable[tuple[int, int]], pred: Iterable[tuple[int, int]]) -> PRF:
    g, p = Counter(gold), Counter(pred)
    return PRF(sum((g & p).values()), sum(p.values()), sum(g.values()))


def _tokens(text: str, spans: Iterable[Span]) -> set[int]:
    out: set[int] = set()
    for s in spans:
        out.update(m.start() for m in _TOKEN.finditer(text, s.start, s.end))
    return out


def match_quotes(text: str, gold: Sequence[Quote], pred: Sequence[Quote]) -> list[tuple[int, int]]:
    """One-to-one gold–prediction pairs, greedily by best token Jaccard (≥ 0.5)."""
    g_tok = [_tokens(text, q.fragments) for q in gold]
    p_tok = [_tokens(text, q.fragments) for q in pred]
    cands = []
    for i, gt in enumerate(g_tok):
        for j, pt in enumerate(p_tok):
            if gt and pt:
                inter = len(gt & pt)
                if inter:
                    jac = inter / len(gt | pt)
                    if jac >= 0.5:
                        cands.append((jac, i, j))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class DocScores:
    fragment: PRF
    extent: PRF
    token: PRF
    cue: PRF
    source: PRF
    matched: int
    type_correct: int
    type_confusion: Counter


def score_document(gold: Document, pred: Document) -> DocScores:
    if gold.text != pred.text and pred.text:
        raise UsageError(f"document {gold.id!r}: prediction text differs from the gold text")
    text = gold.text

    def trimmed(spans: Iterable[Span]) -> list[tuple[int, int]]:
        return [t for t in (trim(text, s) for s in spans) if t[0] < t[1]]

    frag = _exact(trimmed(f for q in gold.quotes for f in q.fragments),
                  trimmed(f for q in pred.quotes for f in q.fragments))
    ext = _exact(trimmed(q.extent for q in gold.quotes), trimmed(q.extent for q in pred.quotes))
    gt, pt = _tokens(text, (f for q in gold.quotes for f in q.fragments)), _tokens(
        text, (f for q in pred.quotes for f in q.fragments))
    token = PRF(len(gt & pt), len(pt), len(gt))
    cue = _exact(set(trimmed(q.cue for q in gold.quotes if q.cue)), set(trimmed(q.cue for q in pred.quotes if q.cue)))
    src = _exact(set(trimmed(q.speaker for q in gold.quotes if q.speaker)),
                 set(trimmed(q.speaker for q in pred.quotes if q.speaker)))
    pairs = match_quotes(text, gold.quotes, pred.quotes)
    confusion: Counter = Counter((gold.quotes[i].type, pred.quotes[j].type) for i, j in pairs)
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    return DocScores(frag, ext, token, cue, src, len(pairs), correct, confusion)


def evaluate_documents(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """Corpus metrics (micro-averaged over documents); ``primary_metric`` is fragment exact F1."""
    if len(gold) != len(pred):
        raise UsageError(f"{len(gold)} gold documents but {len(pred)} predictions")
    totals = {k: PRF() for k in ("fragment", "extent", "token", "cue", "source")}
    matched = correct = 0
    confusion: Counter = Counter()
    for g, p in zip(gold, pred):
        s = score_document(g, p)
        for k in totals:
            totals[k].add(getattr(s, k))
        matched += s.matched
        correct += s.type_correct
        confusion.update(s.type_confusion)
    out: dict = {k: v.as_dict() for k, v in totals.items()}
    out["type_accuracy"] = correct / matched if matched else 0.0
    out["matched_quotes"] = matched
    out["gold_quotes"] = sum(len(g.quotes) for g in gold)
    out["pred_quotes"] = sum(len(p.quotes) for p in pred)
    out["type_confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())}
    out["primary_metric"] = "fragment_f1"
    out["fragment_f1"] = totals["fragment"].f1
    return out
