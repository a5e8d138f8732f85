"""Sentence embeddings from the base encoder, for matching meaning (paraphrases) in `attrib check`.

all-MiniLM-L6-v2 was trained as a sentence-embedding model: mean pooling over its last layer, then L2
normalisation, gives its sentence vectors. The fine-tuned quote tagger's encoder no longer does, so this
loads the pretrained weights themselves (located and checksum-verified like training does).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import torch

from .model.encoder import MINILM, load_pretrained, load_tokenizer, locate
from .model.parallel import in_parallel
from .model.tagger import bf16_supported

MAX_TOKENS = 256  # the model was trained on 128-token inputs; longer statements are split into sentences first


class SentenceEncoder:
    """``encode(texts)`` → unit vectors (one row per text); results are cached by text within a run."""

    def __init__(self) -> None:
        path = locate(MINILM)
        self._tokenizer = load_tokenizer(path)
        self._model = load_pretrained(path).eval()
        if bf16_supported():  # as the quote model does: matrix products in bf16, weights cast once
            self._model.to_bf16()
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        # Similar lengths in a batch waste less time on padding.
        todo.sort(key=len)
        # Tokenised here, on one thread; only the forward passes run side by side.
        batches = [(todo[i : i + batch_size], self._rows(todo[i : i + batch_size]))
                   for i in range(0, len(todo), batch_size)]
        for (batch, _), vectors in in_parallel(lambda b: self._forward(b[1]), batches):
            for text, vector in zip(batch, vectors):
                self._cache[text] = vector
        dim = self._model.embeddings.word_embeddings.weight.shape[1]
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _rows(self, texts: list[str]) -> list[list[int]]:
        cls, sep = self._tokenizer.cls_token_id, self._tokenizer.sep_token_id
        return [[cls, *self._tokenizer.encode(t)[0][: MAX_TOKENS - 2].tolist(), sep] for t in texts]

    def _forward(self, rows: list[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for j, row in enumerate(rows):
            ids[j, : len(row)] = torch.tensor(row)
            mask[j, : len(row)] = 1
        with torch.inference_mode():
            states = self._model(ids, mask).float()
        m = mask[:, :, None].float()
        pooled = (states * m).sum(1) / m.sum(1).clamp(min=1)
        return torch.nn.functional.normalize(pooled, dim=-1).numpy()


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: every verifier (one per set of sources) shares its weights and cache."""
    return SentenceEncoder()
