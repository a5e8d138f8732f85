"""BERT encoder and WordPiece tokenizer in one small file, loadable from Hugging Face weights.

Why not ``transformers.BertModel``: importing transformers takes ~4 s on this machine, which alone breaks the
3-second cold-start budget of ``attrib extract``. This module has the same parameter names as
``BertModel`` (so the base encoder's ``model.safetensors`` and models trained with either load directly)
and computes the same function (``tests/test_bert.py`` checks it against transformers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class BertConfig:
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1

    @classmethod
    def from_dict(cls, d: dict) -> BertConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class _Embeddings(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)[None]
        x = x + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.heads = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout_p = c.attention_probs_dropout_prob


class _AttentionOutput(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)


class _Attention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _AttentionOutput(c)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        s = self.self
        ctx = attend(x, s.query, s.key, s.value, s.heads, mask, s.dropout_p if self.training else 0.0)
        o = self.output
        return o.LayerNorm(o.dropout(o.dense(ctx)) + x)


def attend(x: torch.Tensor, query: nn.Module, key: nn.Module, value: nn.Module, heads: int, mask: torch.Tensor,
           dropout_p: float) -> torch.Tensor:
    """Multi-head self-attention before the output projection: (batch, n, hidden) -> (batch, n, hidden).

    ``mask`` is boolean (True = attend) or a float bias added to the scores (MPNet's relative positions).
    """
    b, n, h = x.shape

    def split(t: torch.Tensor) -> torch.Tensor:
        return t.view(b, n, heads, h // heads).transpose(1, 2)

    # Linear weights may be bf16 (``to_bf16``): their input is cast once; the residual stream stays fp32.
    xl = x.to(query.weight.dtype)
    q, k, v = split(query(xl)), split(key(xl)), split(value(xl))
    if mask.is_floating_point():
        mask = mask.to(q.dtype)
    ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=dropout_p, scale=1 / math.sqrt(h // heads))
    return ctx.transpose(1, 2).reshape(b, n, h)


class _Dense(nn.Module):
    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.dense = nn.Linear(d_in, d_out)


class _Output(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)


class _Layer(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Dense(c.hidden_size, c.intermediate_size)
        self.output = _Output(c)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, mask)
        y = F.gelu(self.intermediate.dense(x.to(self.intermediate.dense.weight.dtype)))
        o = self.output
        return o.LayerNorm(o.dropout(o.dense(y)) + x)


class _Stack(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))


class BertEncoder(nn.Module):
    """``BertModel`` without the pooler: input ids and attention mask → last hidden states."""

    # the modules a subclass of another architecture replaces (MPNet), built from the same configuration
    embeddings_type: type[nn.Module] = _Embeddings
    stack_type: type[nn.Module] = _Stack

    def __init__(self, config: BertConfig, *, initialise: bool = True) -> None:
        super().__init__()
        self.config = config
        self.embeddings = self.embeddings_type(config)
        self.encoder = self.stack_type(config)
        if initialise:  # else the caller loads every weight (encoder.build)
            self.apply(self._init)

    def _init(self, module: nn.Module) -> None:
        # BERT's initialisation, for randomly initialised (test) encoders.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # Boolean mask (batch, 1, 1, keys): padding positions are never attended to.
        mask = attention_mask.bool()[:, None, None, :]
        x = self.embeddings(input_ids)
        for layer in self.encoder.layer:
            x = layer(x, mask)
        return x

    def to_bf16(self) -> BertEncoder:
        """Cast the weights of the matrix products to bf16, in place, for inference on CPUs with native bf16.

        Embeddings, LayerNorms and the residual stream stay fp32 (as under autocast): casting them too was ~7 %
        faster but cost 0.25 fragment F1 on PolNeAR dev. Casting once here saves autocast's per-batch casts.
        """
        for module in self.encoder.modules():
            if isinstance(module, nn.Linear):
                module.to(torch.bfloat16)
        return self

    @staticmethod
    def clean_state_dict(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """Drop what BertModel checkpoints carry but this encoder does not use (pooler, position ids)."""
        return {k: v for k, v in state.items() if not k.startswith("pooler.") and not k.endswith("position_ids")}

    def load_base_state(self, state: dict[str, torch.Tensor]) -> tuple[list[str], list[str]]:
        """Load pretrained weights (BertModel's names); returns the missing and unexpected names."""
        missing, unexpected = self.load_state_dict(state, strict=False)
        return list(missing), list(unexpected)


class WordPieceTokenizer:
    """The base encoder's tokenizer (``tokenizer.json``), without truncation or padding."""

    def __init__(self, path: Path, cls_token: str = "[CLS]", sep_token: str = "[SEP]") -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        # The shipped tokenizer.json truncates at 128 tokens; attrib windows whole documents itself.
        self._tok.no_truncation()
        self._tok.no_padding()
        # BERT's [CLS]/[SEP]; MPNet's <s>/</s> (its tokenizer is WordPiece too, with RoBERTa's specials)
        self.cls_token_id = self._tok.token_to_id(cls_token)
        self.sep_token_id = self._tok.token_to_id(sep_token)
        if self.cls_token_id is None or self.sep_token_id is None:
            raise ValueError(f"the vocabulary has no {cls_token} or {sep_token}")

    # A long text is tokenised in pieces cut at whitespace (which gives the same tokens: BERT's normaliser
    # and pre-tokeniser never look across whitespace): the tokenizer keeps ~600 bytes per token until the
    # end of a call, which was 0.7 GB for a 5 MB text. Pieces go in small batches, in parallel.
    PIECE = 1 << 16  # characters
    BATCH = 8  # pieces per call

    def encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and (start, end) character offsets into ``text``."""
        starts = _piece_starts(text, self.PIECE)
        ids, offsets = [], []
        for b in range(0, len(starts), self.BATCH):
            group = starts[b : b + self.BATCH]
            ends = [*starts[b + 1 : b + self.BATCH + 1], len(text)][: len(group)]
            encs = self._tok.encode_batch([text[a:e] for a, e in zip(group, ends)], add_special_tokens=False)
            for a, enc in zip(group, encs):
                ids.append(np.asarray(enc.ids, dtype=np.int64))
                offsets.append(np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2) + a)
        if len(ids) == 1:
            return ids[0], offsets[0]
        return np.concatenate(ids), np.concatenate(offsets)


def _piece_starts(text: str, size: int) -> list[int]:
    """Start of each piece of at most ~``size`` characters; each piece but the first begins after whitespace."""
    starts = [0]
    while len(text) - starts[-1] > size:
        lo, hi = starts[-1], starts[-1] + size
        cut = max(text.rfind(" ", lo + 1, hi), text.rfind("\n", lo + 1, hi))
        starts.append(cut + 1 if cut > lo else hi)  # no whitespace at all: cut anyway
    return starts
