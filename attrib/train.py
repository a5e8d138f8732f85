"""Training: TrainConfig, the loop (bf16 autocast, early stopping, per-epoch checkpoints) and the model card.

A run writes ``OUT/checkpoint/`` after every epoch (full-precision weights, optimiser, scheduler, RNG
states) and the best model so far to ``OUT/`` (fp16 weights, config.json, meta.json, README.md). Rerunning
the same command with ``resume=True`` continues after the last finished epoch; the same seed and data give
the same weights.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from .data.dataset import documents, load_dataset
from .document import Document
from .errors import UsageError
from .evaluate import evaluate_documents
from .marks import find_marks
from .model.encoder import ENCODERS, pypi_name
from .model.features import bio_labels, encode
from .model.quote_model import QuoteModel
from .model.tagger import TaggerConfig, bf16_supported, collate, make_windows


@dataclass
class TrainConfig:
    """Everything that determines a training run. Saved in meta.json; the defaults are the shipped model's.

    Attributes:
        train: gold JSONL for training (``attrib data convert polnear … --split train``).
        dev: gold JSONL for early stopping and the model card's metrics.
        output: model directory to write.
        epochs: maximum number of epochs.
        lr: peak AdamW learning rate (linear warm-up, then linear decay).
        batch_size: windows per optimiser step.
        weight_decay: AdamW weight decay.
        warmup: fraction of steps spent warming up.
        patience: stop after this many epochs without a better dev score.
        seed: seeds Python, NumPy and torch, and the window order.
        window / stride: tokens per window and step between windows.
        shape_dim / quote_state_dim: sizes of the case-shape and quotation-state features (0 = off).
        max_steps: stop after this many steps in total (0 = no limit; for smoke tests).
        max_docs: use only the first N training documents (0 = all; for smoke tests).
        bf16: autocast to bfloat16 (None = when the CPU supports it natively).
        threads: torch CPU threads.
        adapter_rank: 0 = fine-tune the whole encoder; N = freeze it and learn rank-N LoRA updates
            (``attrib.model.adapters``; how the large encoder fits the model-size budget).
        adapter_alpha: LoRA scale numerator (0 = twice the rank).
        init: a trained model directory whose weights start the run (a warm start, e.g. a second schedule at
            a lower learning rate); its encoder, features and adapters must match ``encoder`` / ``shape_dim`` /
            ``quote_state_dim`` / ``adapter_rank``. "" = the
            pretrained encoder and a fresh head.
    """

    train: str = ""
    dev: str = ""
    output: str = "models/attrib-minilm"
    epochs: int = 4
    lr: float = 1e-4
    batch_size: int = 16
    weight_decay: float = 0.01
    warmup: float = 0.06
    patience: int = 2
    seed: int = 13
    window: int = 256
    stride: int = 128
    shape_dim: int = 16
    quote_state_dim: int = 8
    encoder: str = "minilm"
    max_steps: int = 0
    max_docs: int = 0
    bf16: bool | None = None
    threads: int = 2
    adapter_rank: int = 0
    adapter_alpha: float = 0.0
    init: str = ""
    command: str = field(default="", repr=False)


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _summary(metrics: dict) -> dict:
    keys = ("fragment", "extent", "token", "cue", "source")
    return {k: round(metrics[k]["f1"] * 100, 2) for k in keys} | {
        "type_accuracy": round(metrics["type_accuracy"] * 100, 2)
    }


def evaluate_model(model: QuoteModel, gold: list[Document], bf16: bool | None = None) -> dict:
    """Run the model on the gold texts and score it."""
    bare = [Document(text=d.text, id=d.id) for d in gold]
    pred = model.extract_many(bare)
    return evaluate_documents(gold, pred)


class Trainer:
    """``Trainer(config).train()`` → metrics of the best epoch. ``on_event`` receives progress events."""

    def __init__(self, config: TrainConfig, on_event: Callable[[str, dict], None] | None = None) -> None:
        if config.encoder not in ENCODERS:
            raise UsageError(f"unknown encoder {config.encoder!r}; choose one of {', '.join(ENCODERS)}")
        for name in ("train", "dev"):
            if not getattr(config, name) or not Path(getattr(config, name)).is_file():
                raise UsageError(f"--{name}: {getattr(config, name)!r} is not a file")
        self.config = config
        self.on_event = on_event or (lambda kind, data: None)
        self.out = Path(config.output)
        self.ckpt = self.out / "checkpoint"
        self.stop_after_epoch: int | None = None  # tests: simulate an interruption after a checkpoint

    def _data(self, model: QuoteModel):
        train_docs = documents(load_dataset(self.config.train))
        if self.config.max_docs:
            train_docs = train_docs[: self.config.max_docs]
        dev_docs = documents(load_dataset(self.config.dev))
        encoded = [encode(model.tokenizer, d, find_marks(d.view)) for d in train_docs]
        labels = [bio_labels(e, d) for e, d in zip(encoded, train_docs)]
        wins = make_windows(encoded, self.config.window, self.config.stride)
        return train_docs, dev_docs, encoded, labels, wins

    @staticmethod
    def _warm_start(path: Path, tagger_cfg: TaggerConfig) -> QuoteModel:
        """A trained model (fp32, for training) to start from; its features must be the configured ones."""
        # coded errors for a missing or corrupt one; an adapter model keeps its adapters apart to train on
        model = QuoteModel.load(path, bf16=False, implicit=False, merge=False)
        got = model.tagger.config
        for name in ("encoder", "shape_dim", "quote_state_dim", "adapter_rank", "lora_alpha"):
            if getattr(got, name) != getattr(tagger_cfg, name):
                raise UsageError(
                    f"--init {path}: it was trained with {name}={getattr(got, name)}, "
                    f"this run asks for {getattr(tagger_cfg, name)}",
                    hint="use the --encoder, --shape-dim, --quote-state-dim and --adapter-rank the model was "
                    "trained with",
                )
        got.window, got.stride = tagger_cfg.window, tagger_cfg.stride
        return model

    def train(self, resume: bool = False) -> dict:
        cfg = self.config
        torch.set_num_threads(cfg.threads)
        seed_everything(cfg.seed)
        tagger_cfg = TaggerConfig(
            encoder=cfg.encoder, shape_dim=cfg.shape_dim, quote_state_dim=cfg.quote_state_dim,
            window=cfg.window, stride=cfg.stride, adapter_rank=cfg.adapter_rank, adapter_alpha=cfg.adapter_alpha,
        )
        if cfg.init and not resume:
            model = self._warm_start(Path(cfg.init), tagger_cfg)
        else:
            model = QuoteModel.from_base(tagger_cfg)
        train_docs, dev_docs, encoded, labels, wins = self._data(model)
        steps_per_epoch = (len(wins) + cfg.batch_size - 1) // cfg.batch_size
        total_steps = steps_per_epoch * cfg.epochs
        if cfg.max_steps:
            total_steps = min(total_steps, cfg.max_steps)
        params = [p for p in model.tagger.parameters() if p.requires_grad]  # all, or the adapters and head
        optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
        warm = max(1, int(total_steps * cfg.warmup))

        def schedule(step: int) -> float:
            if step < warm:
                return (step + 1) / warm
            return max(0.0, (total_steps - step) / max(1, total_steps - warm))

        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
        state = {"epoch": 0, "step": 0, "best": -1.0, "best_epoch": 0, "history": [], "bad_epochs": 0}
        if resume and (self.ckpt / "state.pt").is_file():
            saved = torch.load(self.ckpt / "state.pt", weights_only=False)
            model.tagger.load_state_dict(saved["model"], strict=not cfg.adapter_rank)
            optimizer.load_state_dict(saved["optimizer"])
            scheduler.load_state_dict(saved["scheduler"])
            state = saved["state"]
            torch.set_rng_state(saved["torch_rng"])
            self.on_event("resumed", {"epoch": state["epoch"]})
        if cfg.init and "parent" not in state:
            # read before the first save, which may overwrite it (--init DIR -o DIR); kept in the checkpoint
            state["parent"] = self._parent(Path(cfg.init))
        use_bf16 = bf16_supported() if cfg.bf16 is None else cfg.bf16
        self.on_event("start", {"windows": len(wins), "steps_per_epoch": steps_per_epoch,
                                "total_steps": total_steps, "train_docs": len(train_docs), "bf16": use_bf16})
        started = time.time()
        while state["epoch"] < cfg.epochs and (not cfg.max_steps or state["step"] < cfg.max_steps):
            epoch = state["epoch"] + 1
            model.tagger.train()
            order = torch.randperm(len(wins), generator=torch.Generator().manual_seed(cfg.seed * 1000 + epoch))
            losses = []
            for b in range(0, len(wins), cfg.batch_size):
                if cfg.max_steps and state["step"] >= cfg.max_steps:
                    break
                chunk = [wins[i] for i in order[b : b + cfg.batch_size].tolist()]
                batch = collate(chunk, encoded, model.cls_id, model.sep_id, labels)
                gold = batch.pop("labels")
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_bf16):
                    logits = model.tagger(**batch)
                loss = torch.nn.functional.cross_entropy(
                    logits.float().reshape(-1, logits.shape[-1]), gold.reshape(-1), ignore_index=-100
                )
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimizer.step()
                scheduler.step()
                state["step"] += 1
                losses.append(loss.item())
                self.on_event("step", {"epoch": epoch, "step": state["step"], "loss": float(np.mean(losses[-50:]))})
            metrics = evaluate_model(model, dev_docs)
            summary = _summary(metrics)
            score = metrics["fragment_f1"]
            state["epoch"] = epoch
            state["history"].append({"epoch": epoch, "loss": float(np.mean(losses)) if losses else None} | summary)
            improved = score > state["best"]
            if improved:
                state["best"], state["best_epoch"], state["bad_epochs"] = score, epoch, 0
                self._save_best(model, metrics, state, time.time() - started)
            else:
                state["bad_epochs"] += 1
                self._record_history(state)
            self._checkpoint(model, optimizer, scheduler, state)
            self.on_event("epoch", {"epoch": epoch, "dev": summary, "improved": improved})
            if state["bad_epochs"] >= cfg.patience:
                self.on_event("early_stop", {"epoch": epoch})
                break
            if self.stop_after_epoch is not None and epoch >= self.stop_after_epoch:
                break
        meta = json.loads((self.out / "meta.json").read_text("utf-8"))
        return meta["dev_metrics"]

    def _checkpoint(self, model, optimizer, scheduler, state) -> None:
        self.ckpt.mkdir(parents=True, exist_ok=True)
        tmp = self.ckpt / "state.pt.tmp"
        torch.save(
            {
                "model": model.tagger.saved_state(),  # an adapter run: only what it trains
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "state": state,
                "torch_rng": torch.get_rng_state(),
                "config": asdict(self.config),
            },
            tmp,
        )
        tmp.replace(self.ckpt / "state.pt")

    def _record_history(self, state: dict) -> None:
        """Keep the best model's meta.json and card up to date with every epoch, not only the best."""
        from .modelcard import write_card

        meta_path = self.out / "meta.json"
        meta = json.loads(meta_path.read_text("utf-8"))
        meta["history"] = state["history"]
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
        write_card(self.out)

    @staticmethod
    def _parent(path: Path) -> dict:
        """What a warm start started from, so the card keeps the whole recipe when the parent is replaced."""
        parent = json.loads((path / "meta.json").read_text("utf-8")) if (path / "meta.json").is_file() else {}
        return {
            "path": str(path),
            "weights_sha256": sha256_of(path / "model.safetensors"),
            "command": parent.get("command"),
            "seed": parent.get("seed"),
            "best_epoch": parent.get("best_epoch"),
            "init": parent.get("init"),  # its own parent, if it was warm-started too
        }

    def _save_best(self, model: QuoteModel, metrics: dict, state: dict, seconds: float) -> None:
        from .modelcard import write_card

        cfg = self.config
        spec = ENCODERS[cfg.encoder]
        meta = {
            "name": self.out.name,
            "attrib_version": __import__("attrib").__version__,
            "base_encoder": {"name": spec.name, "package": pypi_name(spec),
                             "sha256": spec.sha256, "licence": spec.licence, "notice": spec.notice},
            "data": {
                "train": {"path": cfg.train, "sha256": sha256_of(cfg.train)},
                "dev": {"path": cfg.dev, "sha256": sha256_of(cfg.dev)},
            },
            "config": {k: v for k, v in asdict(cfg).items() if k != "command"},
            "seed": cfg.seed,
            "command": cfg.command or " ".join(sys.argv),
            "best_epoch": state["best_epoch"],
            "history": state["history"],
            "training_seconds": round(seconds),
            "dev_metrics": metrics,
        }
        if "parent" in state:
            meta["init"] = state["parent"]
        model.save(self.out, meta)
        write_card(self.out)
