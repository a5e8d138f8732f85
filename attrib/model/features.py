"""Token-level inputs and labels: tokenisation with offsets, case shape, quotation state, BIO labels.

The encoder is uncased (it lowercases and strips accents), so each token also gets the case shape of the
word it belongs to in the original text, and whether it lies inside quotation marks as found by
:mod:`attrib.marks` — the same function that types quotes, so the model and the typing agree on marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

from ..document import Document, Span
from ..marks import Marks, find_marks

ROLES = ("CONTENT", "CUE", "SOURCE")
LABELS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in ("B", "I"))
LABEL_ID = {name: i for i, name in enumerate(LABELS)}

SHAPES = ("lower", "title", "upper", "digit", "punct", "mixed")
SHAPE_ID = {s: i for i, s in enumerate(SHAPES)}
QUOTE_STATES = ("outside", "inside", "mark")

_WORD = re.compile(r"\w+|[^\w\s]")
_MARK_RUN = re.compile("[\"'`“”„‟«»‹›‘’‚]+")


def word_shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if not any(ch.isalnum() for ch in word):
        return "punct"
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
        return "title"
    return "mixed"


@lru_cache(maxsize=1 << 16)
def _shape_id(word: str) -> int:
    # News text repeats its words: a cache makes this a dict look-up for most of them.
    return SHAPE_ID[word_shape(word)]


@dataclass
class Encoded:
    """A whole document tokenised once: ids, char offsets and per-token features."""

    input_ids: np.ndarray  # (n,)
    offsets: np.ndarray  # (n, 2) character offsets into the document text
    shapes: np.ndarray  # (n,)
    quote_state: np.ndarray  # (n,)

    def __len__(self) -> int:
        return len(self.input_ids)


def encode(tokenizer, doc: Document, marks: Marks | None = None) -> Encoded:
    """Tokenise a whole document and compute each token's features (vectorised: this is on the hot path)."""
    text = doc.view
    ids, offsets = tokenizer.encode(text)
    marks = marks if marks is not None else find_marks(text)
    starts, ends = offsets[:, 0], offsets[:, 1]
    # Shape of the whole word a word piece belongs to ("##ump" of "Trump" is Title-case).
    # Straight into an array, not a list of Python objects: a 5 MB text has a million words.
    flat = chain.from_iterable((m.start(), m.end(), _shape_id(m.group())) for m in _WORD.finditer(text))
    w_start, w_end, w_shape = np.fromiter(flat, dtype=np.int64).reshape(-1, 3).T
    n_words = len(w_start)
    j = np.searchsorted(w_start, starts, side="right") - 1
    jc = np.clip(j, 0, max(n_words - 1, 0))
    in_word = (j >= 0) & (n_words > 0) & (starts < (w_end[jc] if n_words else starts))
    shapes = np.where(in_word, w_shape[jc] if n_words else SHAPE_ID["punct"], SHAPE_ID["punct"])
    # Quotation state: a token made only of quotation marks, or inside quoted text, or outside.
    mark_pos = np.zeros(len(text) + 1, dtype=np.int32)
    for m in _MARK_RUN.finditer(text):
        mark_pos[m.start() + 1 : m.end() + 1] = 1
    mark_count = np.cumsum(mark_pos)
    is_mark = (ends > starts) & (mark_count[ends] - mark_count[starts] == ends - starts)
    q_start, q_end = (np.asarray(a, dtype=np.int64) for a in marks.union)
    k = np.searchsorted(q_start, starts, side="right") - 1
    kc = np.clip(k, 0, max(len(q_start) - 1, 0))
    inside = (k >= 0) & (len(q_start) > 0) & (ends <= (q_end[kc] if len(q_start) else ends))
    state = np.where(is_mark, 2, np.where(inside, 1, 0)).astype(np.int64)
    return Encoded(ids, offsets, shapes.astype(np.int64), state)


def bio_labels(encoded: Encoded, doc: Document) -> np.ndarray:
    """Gold BIO label per token, from the quotes' fragments (not extents), cues and sources."""
    labels = np.zeros(len(encoded), dtype=np.int64)
    starts = encoded.offsets[:, 0]
    ends = encoded.offsets[:, 1]

    def mark(span: Span, role: str) -> None:
        inside = np.nonzero((starts >= span.start) & (ends <= span.end) & (ends > starts))[0]
        if len(inside) == 0:
            return
        # Do not overwrite a span already labelled (PolNeAR: one role per token).
        if np.any(labels[inside] != 0):
            inside = inside[labels[inside] == 0]
            if len(inside) == 0:
                return
        labels[inside] = LABEL_ID[f"I-{role}"]
        labels[inside[0]] = LABEL_ID[f"B-{role}"]

    for q in doc.quotes:
        for frag in q.fragments:
            mark(frag, "CONTENT")
        if q.cue is not None:
            mark(q.cue, "CUE")
        if q.speaker is not None:
            mark(q.speaker, "SOURCE")
    return labels


def windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Overlapping [start, end) token windows covering 0..n (the last one flush with the end)."""
    if n == 0:
        return []
    if n <= size:
        return [(0, n)]
    out = []
    start = 0
    while True:
        end = min(start + size, n)
        out.append((end - size, end) if end - start < size else (start, end))
        if end == n:
            break
        start += stride
    return out
