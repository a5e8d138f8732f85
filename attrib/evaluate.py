"""Metrics: exact and overlap P/R/F1 per span type, attribution accuracy on matched quotes, breakdowns.

Definitions (``docs/metrics.md``):
- *fragment* / *extent* exact: one-to-one matches of content fragments / whole-quote extents, spans compared
  after trimming white space, quotation marks, final punctuation (.,;:) and a leading "that";
- *token overlap*: P/R/F1 over the set of ``\\w+`` tokens covered by any content span;
- *cue* / *source*: exact (trimmed) spans, each distinct span counted once;
- *matched quotes*: gold–prediction pairs by best token Jaccard ≥ 0.5; on them type, cue, source and speaker
  entity accuracy; *attributed recall* = gold quotes with a named speaker found with the right entity;
- breakdowns by gold/predicted quote type and by the gold speaker's entity kind;
- bootstrap 95 % confidence intervals of the F1 figures, resampling documents.

``evaluate`` is the library entry point (a flat dict, documents paired by id); ``evaluate_documents`` is the
older, smaller dict that training uses (documents paired by position).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .document import ENTITY_KINDS, QUOTE_TYPES, Document, Quote, Span
from .errors import UsageError

_TRIM_CHARS = set(" \t\r\n\u00a0\u200b\"'`“”„‟«»‹›‘’‚")
_FINAL_PUNCT = set(".,;:")
_THAT = re.compile(r"that\b", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")

#: Span metrics with precision, recall and F1 (``quote`` = quotes matched by token Jaccard ≥ 0.5).
PRF_METRICS: tuple[str, ...] = ("fragment", "extent", "token", "cue", "source", "quote")
#: Accuracies on matched quotes, and attributed recall (each with a ``_n`` denominator key).
ACCURACIES: tuple[str, ...] = ("type_accuracy", "cue_accuracy", "source_accuracy", "speaker_accuracy",
                               "person_speaker_accuracy", "attributed_recall")
#: Gold entity kinds of ``person_speaker_accuracy``: speakers that are people or bodies of people, the
#: named speakers of the linking targets (documents, often named by title or issuer, are left out).
PERSON_KINDS: tuple[str, ...] = ("person", "organization", "group")
#: Content levels of the per-type and per-speaker-kind breakdowns.
LEVELS: tuple[str, ...] = ("quote", "fragment", "extent", "token")
#: Entity kinds whose entity can carry a canonical name (``unnamed`` never does).
NAMED_KINDS: tuple[str, ...] = ("person", "organization", "group", "document")
#: Gold speaker kinds of the ``--by source`` breakdown: entity kinds plus ``none`` (no entity).
SPEAKER_KINDS: tuple[str, ...] = (*ENTITY_KINDS, "none")
PRIMARY_METRIC = "fragment_f1"


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
    """True positives, predicted and gold counts; precision/recall/F1 are 0.0 when undefined."""

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


def _greedy_pairs(g_tok: Sequence[set[int]], p_tok: Sequence[set[int]]) -> list[tuple[int, int]]:
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
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def match_quotes(text: str, gold: Sequence[Quote], pred: Sequence[Quote]) -> list[tuple[int, int]]:
    """One-to-one gold–prediction pairs, greedily by best token Jaccard (≥ 0.5)."""
    return _greedy_pairs([_tokens(text, q.fragments) for q in gold], [_tokens(text, q.fragments) for q in pred])


# -- speaker names ----------------------------------------------------------------------------------------
# Titles and honorifics dropped from the start of a name (lower case, without full stops). Multi-word titles
# are matched before their first word alone, so "secretary of state john kerry" loses all three words.
TITLES: tuple[str, ...] = (
    "the", "former", "acting", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
    "lady", "rev", "reverend", "president", "vice president", "president-elect", "prime minister",
    "deputy prime minister", "chancellor", "premier", "sen", "senator", "gov", "governor", "lt gov",
    "lieutenant governor", "rep", "representative", "congressman", "congresswoman", "speaker", "secretary",
    "secretary of state", "secretary-general", "secretary general", "minister", "foreign minister",
    "attorney general", "judge", "justice", "chief justice", "mayor", "ambassador", "gen", "lt", "lieutenant",
    "col", "colonel", "maj", "capt", "sgt", "sergeant", "adm", "admiral", "cmdr", "king", "queen", "prince",
    "princess", "pope", "sheriff", "chairman", "chairwoman",
)
_TITLE_WORDS: tuple[tuple[str, ...], ...] = tuple(sorted((tuple(t.split()) for t in TITLES), key=len, reverse=True))
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NAME_TOKEN = re.compile(r"[\w@&'-]+")


def normalize_name(name: str) -> str:
    """A person/organization name reduced for comparison: case, titles, suffixes and middle initials dropped.

    ``"Mr. Donald J. Trump"`` and ``"donald trump"`` both give ``"donald trump"``. The last word is never
    dropped, so a name that is only a title ("the President") still equals only itself.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    words = _NAME_TOKEN.findall(text)
    stripped = True
    while stripped:
        stripped = False
        for title in _TITLE_WORDS:
            if len(words) > len(title) and tuple(words[: len(title)]) == title:
                words = words[len(title):]
                stripped = True
                break
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    if len(words) > 2:
        # Middle initials ("J", "J." — the full stop is already gone); the first and last words stay.
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def _name_set(name: str) -> frozenset[str]:
    # Groups are names joined with "; "; a single name is a group of one, so kinds need not agree.
    return frozenset(n for n in (normalize_name(part) for part in name.split(";")) if n)


def same_speaker(gold_name: str | None, pred_name: str | None) -> bool:
    """Whether two canonical entity names denote the same speaker (see ``normalize_name``; groups as sets)."""
    if not gold_name or not pred_name:
        return False
    gold_set = _name_set(gold_name)
    return bool(gold_set) and gold_set == _name_set(pred_name)


def _entity_name(doc: Document, quote: Quote) -> str | None:
    entity = doc.entity(quote.entity)
    return entity.name if entity is not None else None


def _named_speaker(doc: Document, quote: Quote) -> str | None:
    """The gold quote's canonical speaker name when attributed recall and speaker accuracy apply to it."""
    entity = doc.entity(quote.entity)
    if entity is None or entity.kind not in NAMED_KINDS or not entity.name:
        return None
    return entity.name


def _speaker_kind(doc: Document, quote: Quote) -> str:
    entity = doc.entity(quote.entity)
    return entity.kind if entity is not None else "none"


# -- one document -----------------------------------------------------------------------------------------
@dataclass
class _Analysis:
    """Everything scored about one document: integer counts (summed over documents) and the errors."""

    counts: Counter[str] = field(default_factory=Counter)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    spurious: list[int] = field(default_factory=list)
    misattributed: list[tuple[int, int]] = field(default_factory=list)


def _match_exact(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> tuple[list[bool], list[bool]]:
    """One-to-one equality matching with a flag per item (the same true positives as a multiset intersection)."""
    free: dict[tuple[int, int], list[int]] = {}
    for j, span in enumerate(pred):
        free.setdefault(span, []).append(j)
    g_hit, p_hit = [], [False] * len(pred)
    for span in gold:
        waiting = free.get(span)
        if waiting:
            p_hit[waiting.pop()] = True
            g_hit.append(True)
        else:
            g_hit.append(False)
    return g_hit, p_hit


def _analyse(gold: Document, pred: Document) -> _Analysis:
    if gold.text != pred.text and pred.text:
        raise UsageError(f"document {gold.id!r}: prediction text differs from the gold text")
    text = gold.text
    gq, pq = gold.quotes, pred.quotes
    g_type = [q.type for q in gq]
    p_type = [q.type for q in pq]
    g_kind = [_speaker_kind(gold, q) for q in gq]
    out = _Analysis()
    c = out.counts

    def trimmed(spans: Iterable[Span]) -> list[tuple[int, int]]:
        return [t for t in (trim(text, s) for s in spans) if t[0] < t[1]]

    # Exact content: every trimmed span remembers its quote, for the per-type and per-kind breakdowns.
    for level in ("fragment", "extent"):

        def spans(q: Quote, level: str = level) -> tuple[Span, ...]:
            return q.fragments if level == "fragment" else (q.extent,)

        g_items = [(t, i) for i, q in enumerate(gq) for t in trimmed(spans(q))]
        p_items = [(t, j) for j, q in enumerate(pq) for t in trimmed(spans(q))]
        g_hit, p_hit = _match_exact([t for t, _ in g_items], [t for t, _ in p_items])
        c[f"{level}_tp"] += sum(g_hit)
        c[f"{level}_gold"] += len(g_items)
        c[f"{level}_pred"] += len(p_items)
        for (_, i), hit in zip(g_items, g_hit):
            c[f"{g_type[i]}_{level}_gold"] += 1
            c[f"{g_type[i]}_{level}_gold_tp"] += hit
            c[f"kind_{g_kind[i]}_{level}_gold"] += 1
            c[f"kind_{g_kind[i]}_{level}_tp"] += hit
        for (_, j), hit in zip(p_items, p_hit):
            c[f"{p_type[j]}_{level}_pred"] += 1
            c[f"{p_type[j]}_{level}_pred_tp"] += hit

    # Token overlap: sets of token start offsets, so overlapping quotes count a token once.
    g_tok = [_tokens(text, q.fragments) for q in gq]
    p_tok = [_tokens(text, q.fragments) for q in pq]
    g_all: set[int] = set().union(*g_tok)
    p_all: set[int] = set().union(*p_tok)
    c["token_tp"] += len(g_all & p_all)
    c["token_gold"] += len(g_all)
    c["token_pred"] += len(p_all)
    for groups, labels, other, side in ((g_tok, g_type, p_all, "gold"), (p_tok, p_type, g_all, "pred")):
        for t in QUOTE_TYPES:
            toks = set().union(*(tok for tok, lab in zip(groups, labels) if lab == t))
            c[f"{t}_token_{side}"] += len(toks)
            c[f"{t}_token_{side}_tp"] += len(toks & other)
    for k in set(g_kind):
        toks = set().union(*(tok for tok, kind in zip(g_tok, g_kind) if kind == k))
        c[f"kind_{k}_token_gold"] += len(toks)
        c[f"kind_{k}_token_tp"] += len(toks & p_all)

    # Cue and source mention: each distinct trimmed span once (several quotes share one "said").
    for name, attr in (("cue", "cue"), ("source", "speaker")):
        prf = _exact(set(trimmed(getattr(q, attr) for q in gq if getattr(q, attr))),
                     set(trimmed(getattr(q, attr) for q in pq if getattr(q, attr))))
        c[f"{name}_tp"] += prf.tp
        c[f"{name}_gold"] += prf.n_gold
        c[f"{name}_pred"] += prf.n_pred

    # Matched quotes and what is scored on them.
    out.pairs = _greedy_pairs(g_tok, p_tok)
    matched_g = {i for i, _ in out.pairs}
    matched_p = {j for _, j in out.pairs}
    out.missed = [i for i in range(len(gq)) if i not in matched_g]
    out.spurious = [j for j in range(len(pq)) if j not in matched_p]
    c["quote_tp"] += len(out.pairs)
    c["quote_gold"] += len(gq)
    c["quote_pred"] += len(pq)
    for i, q in enumerate(gq):
        hit = i in matched_g
        c[f"{q.type}_quote_gold"] += 1
        c[f"{q.type}_quote_gold_tp"] += hit
        c[f"kind_{g_kind[i]}_quote_gold"] += 1
        c[f"kind_{g_kind[i]}_quote_tp"] += hit
        if _named_speaker(gold, q) is not None:
            c["attributed_recall_n"] += 1
            c[f"kind_{g_kind[i]}_attributed_recall_n"] += 1
    for j, q in enumerate(pq):
        c[f"{q.type}_quote_pred"] += 1
        c[f"{q.type}_quote_pred_tp"] += j in matched_p
    for i, j in out.pairs:
        g, p = gq[i], pq[j]
        c[f"confusion_{g.type}_{p.type}"] += 1
        c["type_accuracy_n"] += 1
        c["type_accuracy_correct"] += g.type == p.type
        for name, attr in (("cue", "cue"), ("source", "speaker")):
            g_span, p_span = getattr(g, attr), getattr(p, attr)
            if g_span is not None:
                c[f"{name}_accuracy_n"] += 1
                c[f"{name}_accuracy_correct"] += p_span is not None and p_span.overlaps(g_span)
        gold_name = _named_speaker(gold, g)
        if gold_name is not None:
            right = same_speaker(gold_name, _entity_name(pred, p))
            c["speaker_accuracy_n"] += 1
            c["speaker_accuracy_correct"] += right
            c[f"kind_{g_kind[i]}_speaker_accuracy_n"] += 1
            c[f"kind_{g_kind[i]}_speaker_accuracy_correct"] += right
            if g_kind[i] in PERSON_KINDS:
                c["person_speaker_accuracy_n"] += 1
                c["person_speaker_accuracy_correct"] += right
            if not right:
                out.misattributed.append((i, j))
    # Found with the right entity is exactly a correct speaker on a matched quote.
    c["attributed_recall_correct"] += c["speaker_accuracy_correct"]
    for k in SPEAKER_KINDS:
        c[f"kind_{k}_attributed_recall_correct"] += c[f"kind_{k}_speaker_accuracy_correct"]
    return out


# -- the older per-document scores (training, scripts) ----------------------------------------------------
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


def _prf(counts: Counter[str], name: str) -> PRF:
    return PRF(counts[f"{name}_tp"], counts[f"{name}_pred"], counts[f"{name}_gold"])


def score_document(gold: Document, pred: Document) -> DocScores:
    """Exact/overlap scores of one prediction against its gold document (the same text)."""
    a = _analyse(gold, pred)
    c = a.counts
    confusion: Counter = Counter((gold.quotes[i].type, pred.quotes[j].type) for i, j in a.pairs)
    return DocScores(_prf(c, "fragment"), _prf(c, "extent"), _prf(c, "token"), _prf(c, "cue"), _prf(c, "source"),
                     len(a.pairs), c["type_accuracy_correct"], confusion)


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


# -- the corpus: evaluate() -------------------------------------------------------------------------------
def pair_by_id(gold: Sequence[Document], preds: Sequence[Document]) -> list[Document]:
    """The prediction of each gold document, in gold order; predictions of other documents are ignored.

    Raises ``UsageError`` (E402) for duplicate ids and lists gold ids without a prediction.
    """
    seen: set[str] = set()
    for g in gold:
        if g.id in seen:
            raise UsageError(f"the gold data has two documents with id {g.id!r}",
                             hint="give every gold document a distinct id")
        seen.add(g.id)
    by_id: dict[str, Document] = {}
    for p in preds:
        if p.id in by_id:
            raise UsageError(f"two predictions for document {p.id!r}", hint="keep one prediction per document")
        by_id[p.id] = p
    missing = [g.id for g in gold if g.id not in by_id]
    if missing:
        shown = ", ".join(repr(m) for m in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise UsageError(f"no prediction for {len(missing)} gold document(s): {shown}{more}",
                         hint="predictions are paired with gold documents by 'id'; predict every gold document")
    return [by_id[g.id] for g in gold]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _metrics(c: Counter[str], documents: int) -> dict:
    """The flat result dict from summed counts; every key is present whatever the data (stable output)."""
    out: dict = {"documents": documents}
    for m in PRF_METRICS:
        prf = _prf(c, m)
        out |= {f"{m}_precision": prf.precision, f"{m}_recall": prf.recall, f"{m}_f1": prf.f1,
                f"{m}_f1_ci_low": None, f"{m}_f1_ci_high": None,
                f"{m}_tp": prf.tp, f"{m}_pred": prf.n_pred, f"{m}_gold": prf.n_gold}
    out |= {"gold_quotes": c["quote_gold"], "pred_quotes": c["quote_pred"], "matched_quotes": c["quote_tp"]}
    for name in ACCURACIES:
        out[name] = _ratio(c[f"{name}_correct"], c[f"{name}_n"])
        out[f"{name}_n"] = c[f"{name}_n"]
    for g in QUOTE_TYPES:
        for p in QUOTE_TYPES:
            out[f"confusion_{g}_{p}"] = c[f"confusion_{g}_{p}"]
    for t in QUOTE_TYPES:
        for level in LEVELS:
            key = f"{t}_{level}"
            precision = _ratio(c[f"{key}_pred_tp"], c[f"{key}_pred"])
            recall = _ratio(c[f"{key}_gold_tp"], c[f"{key}_gold"])
            out |= {f"{key}_precision": precision, f"{key}_recall": recall, f"{key}_f1": _f1(precision, recall),
                    f"{key}_pred": c[f"{key}_pred"], f"{key}_gold": c[f"{key}_gold"]}
    for k in SPEAKER_KINDS:
        key = f"kind_{k}"
        for level in LEVELS:
            out[f"{key}_{level}_recall"] = _ratio(c[f"{key}_{level}_tp"], c[f"{key}_{level}_gold"])
            out[f"{key}_{level}_gold"] = c[f"{key}_{level}_gold"]
        for name in ("speaker_accuracy", "attributed_recall"):
            out[f"{key}_{name}"] = _ratio(c[f"{key}_{name}_correct"], c[f"{key}_{name}_n"])
            out[f"{key}_{name}_n"] = c[f"{key}_{name}_n"]
    out["primary_metric"] = PRIMARY_METRIC
    return out


def bootstrap_f1(counts: np.ndarray, n: int = 1000, seed: int = 0, *, chunk: int = 250) -> tuple[np.ndarray,
                                                                                                  np.ndarray]:
    """Percentile 95 % intervals of micro F1 by resampling documents with replacement.

    ``counts`` has one row per document and three columns per metric: true positives, predicted, gold.
    Returns (low, high), one value per metric. Only the counts are resampled (a resample is a vector of how
    often each document was drawn, times the count matrix), so nothing is rescored.
    """
    docs, width = counts.shape
    metrics = width // 3
    rng = np.random.default_rng(seed)
    f1s = np.empty((n, metrics))
    counts = counts.astype(np.float64)
    for first in range(0, n, chunk):
        size = min(chunk, n - first)
        draws = rng.integers(0, docs, size=(size, docs))
        # Row r of `weights` counts how often each document was drawn in resample r.
        flat = (draws + np.arange(size)[:, None] * docs).ravel()
        weights = np.bincount(flat, minlength=size * docs).reshape(size, docs).astype(np.float64)
        totals = weights @ counts
        tp, pred, gold = totals[:, 0::3], totals[:, 1::3], totals[:, 2::3]
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(pred > 0, tp / pred, 0.0)
            r = np.where(gold > 0, tp / gold, 0.0)
            f1s[first:first + size] = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
    low, high = np.percentile(f1s, [2.5, 97.5], axis=0)
    return low, high


def evaluate(gold: Sequence[Document], preds: Sequence[Document], *, bootstrap: int = 1000, seed: int = 0) -> dict:
    """Score predictions against gold documents (paired by ``id``): a flat dict of metrics.

    Micro-averaged over documents. Keys: ``docs/metrics.md``; ``primary_metric`` names fragment exact F1.
    ``bootstrap`` resamples (0 = none) give ``*_f1_ci_low``/``*_f1_ci_high``; ``seed`` makes them repeatable,
    and the same seed draws the same resamples for every system, so intervals of systems are paired.
    """
    if bootstrap < 0:
        raise UsageError(f"bootstrap must be 0 or more resamples, got {bootstrap}")
    paired = pair_by_id(gold, preds)
    per_doc = [_analyse(g, p).counts for g, p in zip(gold, paired)]
    totals: Counter[str] = Counter()
    for c in per_doc:
        totals.update(c)
    out = _metrics(totals, len(gold))
    out["bootstrap"] = bootstrap
    out["seed"] = seed
    if bootstrap and per_doc:
        matrix = np.array([[c[f"{m}_{x}"] for m in PRF_METRICS for x in ("tp", "pred", "gold")] for c in per_doc])
        low, high = bootstrap_f1(matrix, bootstrap, seed)
        for m, lo, hi in zip(PRF_METRICS, low, high):
            out[f"{m}_f1_ci_low"], out[f"{m}_f1_ci_high"] = float(lo), float(hi)
    return out


# -- the worst documents ----------------------------------------------------------------------------------
def snippet(text: str, span: Span, context: int = 40, longest: int = 160) -> str:
    """The span marked ``⟦…⟧`` with up to ``context`` characters either side, on one line."""
    s, e = span.start, span.end
    middle = text[s:e]
    if len(middle) > longest:
        half = (longest - 3) // 2
        middle = middle[:half] + " … " + middle[-half:]
    left = ("…" if s > context else "") + text[max(0, s - context):s]
    right = text[e:e + context] + ("…" if e + context < len(text) else "")
    return re.sub(r"\s+", " ", f"{left}⟦{middle}⟧{right}").strip()


def _speaker_label(doc: Document, quote: Quote) -> str | None:
    name = _entity_name(doc, quote)
    if name:
        return name
    return doc.span_text(quote.speaker) if quote.speaker is not None else None


def _item(error: str, gold: Document, quote: Quote, context: int, *, g_speaker: str | None = None,
          p_speaker: str | None = None) -> dict:
    return {"error": error, "type": quote.type, "start": quote.start, "end": quote.end,
            "snippet": snippet(gold.text, quote.extent, context), "gold_speaker": g_speaker, "pred_speaker": p_speaker}


def worst_documents(gold: Sequence[Document], preds: Sequence[Document], n: int, *, context: int = 40) -> list[dict]:
    """The ``n`` documents with the most missed + spurious + mis-attributed quotes (ties in gold order).

    Each record: ``id``, the three counts, and ``items`` (in text order) with ``error``
    (missed/spurious/misattributed), ``type``, ``start``, ``end``, ``snippet``, ``gold_speaker``,
    ``pred_speaker``. Documents without errors are left out.
    """
    paired = pair_by_id(gold, preds)
    scored = []
    for g, p in zip(gold, paired):
        a = _analyse(g, p)
        total = len(a.missed) + len(a.spurious) + len(a.misattributed)
        if total:
            scored.append((total, g, p, a))
    scored.sort(key=lambda item: -item[0])  # stable: ties keep the gold order
    out = []
    for _, g, p, a in scored[:n]:
        gq, pq = g.quotes, p.quotes
        items = [_item("missed", g, gq[i], context, g_speaker=_speaker_label(g, gq[i])) for i in a.missed]
        items += [_item("spurious", g, pq[j], context, p_speaker=_speaker_label(p, pq[j])) for j in a.spurious]
        items += [_item("misattributed", g, gq[i], context, g_speaker=_speaker_label(g, gq[i]),
                        p_speaker=_speaker_label(p, pq[j])) for i, j in a.misattributed]
        items.sort(key=lambda item: (item["start"], item["end"]))
        out.append({"id": g.id, "missed": len(a.missed), "spurious": len(a.spurious),
                    "misattributed": len(a.misattributed), "items": items})
    return out
