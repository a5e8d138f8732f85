"""The quote tagger: encoder + case-shape and quotation-state features + a BIO classifier.

Documents of any length are read in overlapping windows; each token takes its scores from the window in
which it is most central, so no token is ever cut off by the 512-token limit and each sees the most context.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
from torch import nn

from .adapters import add_adapters, lora_alpha, trainable_state
from .features import LABELS, QUOTE_STATES, SHAPES, Encoded
from .parallel import in_parallel


@dataclass
class TaggerConfig:
    """Architecture and windowing of a tagger (saved as ``config.json`` beside the weights)."""

    encoder: str = "minilm"
    labels: tuple[str, ...] = LABELS
    shape_dim: int = 16  # 0 disables the case-shape feature
    quote_state_dim: int = 8  # 0 disables the inside-quotation-marks feature
    dropout: float = 0.1
    window: int = 256  # tokens per window, including [CLS] and [SEP]
    stride: int = 128
    adapter_rank: int = 0  # >0: the encoder is frozen and learns LoRA updates of this rank (attrib.model.adapters)
    adapter_alpha: float = 0.0  # LoRA scale numerator; 0 = twice the rank
    encoder_config: dict = field(default_factory=dict)

    @property
    def lora_alpha(self) -> float:
        return lora_alpha(self.adapter_rank, self.adapter_alpha)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["labels"] = list(self.labels)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> TaggerConfig:
        d = dict(d)
        d["labels"] = tuple(d.get("labels", LABELS))
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


class Tagger(nn.Module):
    def __init__(self, config: TaggerConfig, encoder: nn.Module) -> None:
        """The tagger over ``encoder``; with ``config.adapter_rank`` the encoder is frozen and given adapters."""
        super().__init__()
        self.config = config
        if config.adapter_rank:
            add_adapters(encoder, config.adapter_rank, config.lora_alpha)
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.shape_emb = nn.Embedding(len(SHAPES), config.shape_dim) if config.shape_dim else None
        self.state_emb = nn.Embedding(len(QUOTE_STATES), config.quote_state_dim) if config.quote_state_dim else None
        self.dropout = nn.Dropout(config.dropout)
        self.classifier = nn.Linear(hidden + config.shape_dim + config.quote_state_dim, len(config.labels))

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        shapes: torch.Tensor,
        quote_state: torch.Tensor,
    ) -> torch.Tensor:
        hidden = self.encoder(input_ids, attention_mask)
        parts = [hidden]
        if self.shape_emb is not None:
            parts.append(self.shape_emb(shapes))
        if self.state_emb is not None:
            parts.append(self.state_emb(quote_state))
        return self.classifier(self.dropout(torch.cat(parts, dim=-1)))

    def saved_state(self) -> dict[str, torch.Tensor]:
        """What a model directory or checkpoint holds: every tensor, or an adapter model's trained ones only
        (its frozen encoder is the base package's)."""
        return trainable_state(self) if self.config.adapter_rank else self.state_dict()


@functools.lru_cache(maxsize=1)
def bf16_supported() -> bool:
    """True when the CPU has native bf16 (AMX or AVX-512 bf16): bf16 matrix products then beat fp32."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            flags = f.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@dataclass
class Window:
    doc: int
    start: int  # token range [start, end) in the document
    end: int


def make_windows(docs: Sequence[Encoded], size: int, stride: int) -> list[Window]:
    from .features import windows

    inner = size - 2  # room for [CLS] and [SEP]
    out = []
    for d, enc in enumerate(docs):
        if len(enc) == 0:
            continue
        out.extend(Window(d, s, e) for s, e in windows(len(enc), inner, stride))
    return out


def collate(
    windows_: Sequence[Window],
    docs: Sequence[Encoded],
    cls_id: int,
    sep_id: int,
    labels: Sequence[np.ndarray] | None = None,
) -> dict[str, torch.Tensor]:
    """Pad a batch of windows; [CLS]/[SEP]/padding get feature 0 and label -100."""
    width = max(w.end - w.start for w in windows_) + 2
    n = len(windows_)
    ids = np.zeros((n, width), dtype=np.int64)
    mask = np.zeros((n, width), dtype=np.int64)
    shapes = np.zeros((n, width), dtype=np.int64)
    state = np.zeros((n, width), dtype=np.int64)
    lab = np.full((n, width), -100, dtype=np.int64)
    for i, w in enumerate(windows_):
        enc = docs[w.doc]
        k = w.end - w.start
        ids[i, 0] = cls_id
        ids[i, 1 : k + 1] = enc.input_ids[w.start : w.end]
        ids[i, k + 1] = sep_id
        mask[i, : k + 2] = 1
        shapes[i, 1 : k + 1] = enc.shapes[w.start : w.end]
        state[i, 1 : k + 1] = enc.quote_state[w.start : w.end]
        if labels is not None:
            lab[i, 1 : k + 1] = labels[w.doc][w.start : w.end]
    batch = {
        "input_ids": torch.from_numpy(ids),
        "attention_mask": torch.from_numpy(mask),
        "shapes": torch.from_numpy(shapes),
        "quote_state": torch.from_numpy(state),
    }
    if labels is not None:
        batch["labels"] = torch.from_numpy(lab)
    return batch


def has_bf16_weights(model: Tagger) -> bool:
    return any(p.dtype == torch.bfloat16 for p in model.encoder.parameters())


@torch.inference_mode()
def predict_log_probs(
    model: Tagger,
    docs: Sequence[Encoded],
    cls_id: int,
    sep_id: int,
    *,
    batch_size: int = 8,
    bf16: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[np.ndarray]:
    """Per-document (n_tokens, n_labels) log-probabilities, windows batched across documents.

    An encoder with bf16 weights (``BertEncoder.to_bf16``) runs as it is; an fp32 one (as in training) runs
    under bf16 autocast when ``bf16`` (None: when the CPU supports it natively).
    """
    cfg = model.config
    wins = make_windows(docs, cfg.window, cfg.stride)
    # Windows of equal width side by side: a batch is padded to its widest window, and padding is wasted work.
    wins.sort(key=lambda w: w.end - w.start)
    n_labels = len(cfg.labels)
    out = [np.zeros((len(e), n_labels), dtype=np.float32) for e in docs]
    best = [np.full(len(e), -1, dtype=np.int64) for e in docs]
    use_bf16 = bf16_supported() if bf16 is None else bf16
    autocast = use_bf16 and not has_bf16_weights(model)
    model.eval()

    def forward(chunk: list[Window]) -> np.ndarray:
        with torch.inference_mode():
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                logits = model(**collate(chunk, docs, cls_id, sep_id))
            return torch.log_softmax(logits.float(), dim=-1).numpy()

    chunks = (wins[b : b + batch_size] for b in range(0, len(wins), batch_size))
    for chunk, logp in in_parallel(forward, chunks):
        for i, w in enumerate(chunk):
            k = w.end - w.start
            pos = np.arange(k)
            # Centrality: distance to the nearer window edge; a document edge counts as far away.
            left = pos if w.start > 0 else pos + 10**6
            right = (k - 1 - pos) if w.end < len(docs[w.doc]) else (k - 1 - pos) + 10**6
            centrality = np.minimum(left, right)
            target = slice(w.start, w.end)
            better = centrality > best[w.doc][target]
            out[w.doc][target][better] = logp[i, 1 : k + 1][better]
            best[w.doc][target] = np.where(better, centrality, best[w.doc][target])
        if progress is not None:
            progress(len(chunk), len(wins))
    return out

