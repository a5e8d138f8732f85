"""Low-rank adapters (LoRA): fine-tune a large encoder while shipping only a few megabytes.

all-mpnet-base-v2 has 109M parameters, 218 MB in fp16: over the 50 MB a model directory may hold. Under
adapters the pretrained weights stay frozen (they are read from the base encoder's package at load time) and
each linear layer of the encoder learns a low-rank update ``W + (alpha / rank) * B @ A``. Layer norms, the
features and the classifier are trained in full. Only the trained tensors are saved; at load time the updates
are merged into the base weights, so prediction costs exactly what the plain encoder costs.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F


class LoRALinear(nn.Module):
    """A frozen ``nn.Linear`` plus a trainable low-rank update (B starts at zero: training starts from W)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))  # as nn.Linear initialises its weight

    @property
    def weight(self) -> torch.Tensor:  # the encoders read ``.weight.dtype`` to cast their input
        return self.base.weight

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale

    def merged(self) -> nn.Linear:
        out = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            out.weight.copy_(self.base.weight + (self.lora_b @ self.lora_a) * self.scale)
            if self.base.bias is not None:
                out.bias.copy_(self.base.bias)
        return out


def lora_alpha(rank: int, alpha: float = 0.0) -> float:
    """The scale numerator of a rank-``rank`` update: ``alpha``, or twice the rank when it is 0 (unset)."""
    return alpha or 2.0 * rank


def _replace(module: nn.Module, make) -> None:
    for name, child in list(module.named_children()):
        new = make(child)
        if new is not None:
            setattr(module, name, new)
        else:
            _replace(child, make)


def add_adapters(encoder: nn.Module, rank: int, alpha: float) -> None:
    """Freeze ``encoder`` but its layer norms, and give every linear layer of its stack a LoRA update."""
    for p in encoder.parameters():
        p.requires_grad_(False)
    for m in encoder.modules():
        if isinstance(m, nn.LayerNorm):
            for p in m.parameters():
                p.requires_grad_(True)
    _replace(encoder.encoder, lambda m: LoRALinear(m, rank, alpha) if isinstance(m, nn.Linear) else None)


def merge_adapters(encoder: nn.Module) -> None:
    """Fold every LoRA update into its linear layer (for prediction: no extra cost, bf16 casting as usual)."""
    _replace(encoder, lambda m: m.merged() if isinstance(m, LoRALinear) else None)


def trainable_state(module: nn.Module) -> dict[str, torch.Tensor]:
    """The tensors training changes (what an adapter model saves), by their names in ``module``."""
    names = {n for n, p in module.named_parameters() if p.requires_grad}
    return {k: v for k, v in module.state_dict().items() if k in names}
