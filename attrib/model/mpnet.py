"""MPNet encoder (all-mpnet-base-v2, the accurate model's base), loadable from Hugging Face weights.

MPNet is BERT with three differences: no token types, positions counted from ``pad_token_id + 1``, and a
learned relative-position bias added to every layer's attention scores. Everything else (feed-forward, layer
norms, bf16 casting, state-dict cleaning) is :mod:`attrib.model.bert`'s. Like ``BertEncoder`` it keeps
``MPNetModel``'s parameter names, computes the same function (``tests/test_mpnet.py`` checks it against
transformers), and runs attention through ``scaled_dot_product_attention``, with the bias as its float mask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from .bert import BertConfig, BertEncoder, _Layer, attend


@dataclass
class MPNetConfig(BertConfig):
    vocab_size: int = 30527
    hidden_size: int = 768
    num_hidden_layers: int = 12
    num_attention_heads: int = 12
    intermediate_size: int = 3072
    max_position_embeddings: int = 514
    layer_norm_eps: float = 1e-5
    relative_attention_num_buckets: int = 32
    pad_token_id: int = 1


class _Embeddings(nn.Module):
    def __init__(self, c: MPNetConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size, padding_idx=c.pad_token_id)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)
        self.pad = c.pad_token_id

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # fairseq's positions: real tokens count from pad + 1, padding sits at pad (as MPNetModel does)
        mask = attention_mask.long()
        positions = torch.cumsum(mask, dim=1) * mask + self.pad
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: MPNetConfig) -> None:
        super().__init__()
        self.heads = c.num_attention_heads
        self.q = nn.Linear(c.hidden_size, c.hidden_size)
        self.k = nn.Linear(c.hidden_size, c.hidden_size)
        self.v = nn.Linear(c.hidden_size, c.hidden_size)
        self.o = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout_p = c.attention_probs_dropout_prob


class _Attention(nn.Module):
    def __init__(self, c: MPNetConfig) -> None:
        super().__init__()
        self.attn = _SelfAttention(c)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a = self.attn
        ctx = attend(x, a.q, a.k, a.v, a.heads, bias, a.dropout_p if self.training else 0.0)
        return self.LayerNorm(self.dropout(a.o(ctx)) + x)


class _MPNetLayer(_Layer):
    """BERT's layer (feed-forward, residuals) with MPNet's attention block."""

    def __init__(self, c: MPNetConfig) -> None:
        super().__init__(c)
        self.attention = _Attention(c)


class _Stack(nn.Module):
    def __init__(self, c: MPNetConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_MPNetLayer(c) for _ in range(c.num_hidden_layers))
        self.relative_attention_bias = nn.Embedding(c.relative_attention_num_buckets, c.num_attention_heads)
        self.buckets = c.relative_attention_num_buckets


def relative_position_bucket(relative: torch.Tensor, num_buckets: int = 32, max_distance: int = 128) -> torch.Tensor:
    """MPNet's (T5's) buckets: exact for small distances, logarithmic up to ``max_distance``, by direction."""
    n = -relative
    half = num_buckets // 2
    ret = (n < 0).long() * half
    n = n.abs()
    exact = half // 2
    large = exact + (torch.log(n.float().clamp(min=1) / exact) / math.log(max_distance / exact) * (half - exact)).long()
    large = large.clamp(max=half - 1)
    return ret + torch.where(n < exact, n, large)


class MPNetEncoder(BertEncoder):
    """``MPNetModel`` without the pooler: input ids and attention mask → last hidden states.

    It inherits ``BertEncoder``'s constructor, initialisation, ``to_bf16``, ``clean_state_dict`` and
    ``load_base_state``; only the modules and the forward pass differ.
    """

    embeddings_type = _Embeddings
    stack_type = _Stack

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        n = input_ids.shape[1]
        x = self.embeddings(input_ids, attention_mask)
        positions = torch.arange(n, device=input_ids.device)
        buckets = relative_position_bucket(positions[None, :] - positions[:, None], self.encoder.buckets)
        bias = self.encoder.relative_attention_bias(buckets).permute(2, 0, 1)[None]  # (1, heads, n, n)
        # padding keys get -inf (a query always has its [CLS] to attend to, so no row is all -inf)
        pad = torch.zeros(attention_mask.shape, dtype=bias.dtype, device=bias.device)
        pad = pad.masked_fill(~attention_mask.bool(), float("-inf"))[:, None, None, :]
        bias = bias + pad
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x
