"""Token-level inputs and labels: tokenisation with offsets, case shape, quotation state, BIO labels.

The encoder is uncased (it lowercases and strips accents), so each token also gets the case shape of the
word it belongs to in the original text, and whether it lies inside quotation marks as found by
:mod:`attrib.marks` — the same function that types quotes, so the model and the typing agree on marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

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
_MARK_CHARS = set("\"'`“”„‟«»‹›‘’‚")


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
    text = doc.view
    ids, offsets = tokenizer.encode(text)
    marks = marks if marks is not None else find_marks(text)
    # Shape of the whole word a word piece belongs to ("##ump" of "Trump" is Title-case).
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    word_starts = [w[0] for w in words]
    shapes = np.zeros(len(ids), dtype=np.int64)
    state = np.zeros(len(ids), dtype=np.int64)
    for i, (s, e) in enumerate(offsets):
        j = bisect.bisect_right(word_starts, s) - 1
        if j >= 0 and words[j][0] <= s < words[j][1]:
            shapes[i] = SHAPE_ID[word_shape(text[words[j][0] : words[j][1]])]
        else:
            shapes[i] = SHAPE_ID["punct"]
        if e > s and all(ch in _MARK_CHARS for ch in text[s:e]):
            state[i] = 2
        elif marks.inside(Span(int(s), int(e))):
            state[i] = 1
    return Encoded(ids, offsets, shapes, state)


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
