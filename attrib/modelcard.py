"""The model card (``README.md`` of a model directory), generated from its ``meta.json`` and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from .model.encoder import MINILM

_SPAN_TYPES = (
    ("fragment", "content fragment, exact"),
    ("extent", "whole-quote extent, exact"),
    ("token", "content token overlap"),
    ("cue", "cue, exact"),
    ("source", "source (speaker mention), exact"),
)


def render_card(meta: dict) -> str:
    m = meta["dev_metrics"]
    enc = meta["base_encoder"]
    cfg = meta["config"]
    lines = [
        f"# {meta['name']}",
        "",
        "_Generated from `meta.json` by `attrib.modelcard`; do not edit by hand._",
        "",
        "## Intended use",
        "Segmenting attributions in English news text: the content of what someone said (direct, indirect or",
        "mixed quotation), the cue (\"said\", \"told reporters\") and the source (speaker mention). It is the",
        "extraction model behind `attrib extract`; it is not a fact-checker by itself.",
        "",
        "## Model",
        f"- Base encoder: `{enc['name']}` from the PyPI package `{enc['package']}` "
        f"(sha256 `{enc['sha256']}`), licence {enc['licence']}.",
        f"  {enc['name'].split('/')[-1]} is distributed under the Apache License 2.0; its upstream NOTICE is kept:",
        f"  \"{enc.get('notice') or MINILM.notice}\".",
        f"- Fine-tuned as a BIO tagger (content/cue/source) {_features(cfg)}; windows of {cfg['window']} "
        f"tokens with stride {cfg['stride']}, each token scored by its most central window; BIO-valid Viterbi "
        "decoding; fragments grouped into quotes with their cue and source; type from quotation marks.",
        *_adapters(cfg),
        *(
            [f"- At inference: windows of {meta['inference']['window']} tokens with stride "
             f"{meta['inference']['stride']} (config.json)."]
            if "inference" in meta else []
        ),
        "- Weights stored in fp16 (`model.safetensors`); predictions run with bf16 autocast where the CPU "
        "supports it.",
        "",
        "## Data",
        f"- Train: `{meta['data']['train']['path']}` (sha256 `{meta['data']['train']['sha256']}`).",
        f"- Dev: `{meta['data']['dev']['path']}` (sha256 `{meta['data']['dev']['sha256']}`).",
        "- PolNeAR v1.0.0 (Newell, Margolin & Ruths, LREC 2018), converted with `attrib data convert polnear`.",
        "  PolNeAR states no licence; its texts are copyrighted news, used for research only and never",
        "  redistributed: this directory holds weights, not texts.",
        "- All PolNeAR attributions are learned, not only speech: PolNeAR also annotates beliefs, intentions",
        "  and reports (\"polls show\"), and attrib's users need those flagged too. Filtering is left to the",
        "  lint rules, which see the cue.",
        "",
        f"## Dev metrics (PolNeAR dev, {m['gold_quotes']} gold attributions, end to end, document level)",
        "",
        "| span type | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for key, label in _SPAN_TYPES:
        r = m[key]
        lines.append(f"| {label} | {r['precision'] * 100:.1f} | {r['recall'] * 100:.1f} | {r['f1'] * 100:.1f} |")
    lines += [
        "",
        f"Type accuracy on {m['matched_quotes']} matched quotes (token Jaccard ≥ 0.5): "
        f"{m['type_accuracy'] * 100:.1f} %. Definitions: `docs/metrics.md`.",
        "",
        "## Training",
        f"- Seed {meta['seed']}; best epoch {meta['best_epoch']}; {meta['training_seconds']} s of training.",
        f"- Command: `{meta['command']}`",
        *_parents(meta.get("init")),
        "- Configuration: " + ", ".join(f"{k}={v}" for k, v in cfg.items() if k not in ("train", "dev", "output")),
        "",
        "| epoch | loss | fragment F1 | extent F1 | token F1 | cue F1 | source F1 | type acc. |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for h in meta["history"]:
        loss = "–" if h["loss"] is None else f"{h['loss']:.4f}"
        lines.append(
            f"| {h['epoch']} | {loss} | {h['fragment']} | {h['extent']} | {h['token']} | {h['cue']} | "
            f"{h['source']} | {h['type_accuracy']} |"
        )
    lines += _ablations(meta)
    lines += [
        "",
        "## Limitations",
        "- The encoder is uncased and strips accents; "
        + ("case comes back only through the shape feature." if cfg.get("shape_dim") else
           "the tagger sees no case (\"US\" and \"us\" look the same), though spans map back to the cased text."),
        "- Trained on US political news of 2015-16; other domains, styles and languages will score lower.",
        "- Boundaries follow PolNeAR's conventions (e.g. a leading \"that\" inside the content, nested",
        "  attributions cut), which other annotation schemes do not share.",
        "",
    ]
    return "\n".join(lines)


def _adapters(cfg: dict) -> list[str]:
    if not cfg.get("adapter_rank"):
        return []
    from .model.adapters import lora_alpha

    alpha = lora_alpha(cfg["adapter_rank"], cfg.get("adapter_alpha", 0.0))
    return [f"- The encoder itself is frozen: each of its linear layers learns a rank-{cfg['adapter_rank']} LoRA "
            f"update (alpha {alpha:g}), trained with its layer norms, the features and the classifier. Only those "
            "are in `model.safetensors`; the base weights are read from the encoder's package and the updates "
            "merged into them at load time, so prediction costs what the plain encoder costs."]


def _features(cfg: dict) -> str:
    """The extra per-token features of the tagger, in words."""
    parts = [f"{name} feature (dim {cfg[key]})" for key, name in
             (("shape_dim", "a case-shape"), ("quote_state_dim", "an inside-quotation-marks")) if cfg.get(key)]
    return ("with " + " and ".join(parts)) if parts else "on the encoder's states alone"


_ABLATION_KEYS = ("fragment", "extent", "token", "cue", "source")


def _ablations(meta: dict) -> list[str]:
    """Training runs that differ from this model in one setting, epoch by epoch beside this model's own
    history (same data, seed and schedule): what that setting adds. Recorded by scripts/record_ablation.py."""
    if not meta.get("ablations"):
        return []
    own = {h["epoch"]: h for h in meta["history"]}
    lines = ["", "## Ablations", "Dev F1 (the training-time evaluation) of this model and of runs that change one "
             "setting, by epoch; the difference is the run's minus this model's."]
    for ab in meta["ablations"]:
        lines += ["", f"**{ab['name']}** — `{ab['command']}`", "",
                  "| epoch | " + " | ".join(f"{k} F1 (Δ)" for k in _ABLATION_KEYS) + " |",
                  "|---|" + "---|" * len(_ABLATION_KEYS)]
        for h in ab["history"]:
            base = own.get(h["epoch"])
            cells = [f"{h[k]} ({h[k] - base[k]:+.2f})" if base else f"{h[k]}" for k in _ABLATION_KEYS]
            lines.append(f"| {h['epoch']} | " + " | ".join(cells) + " |")
        if ab.get("note"):
            lines += ["", ab["note"]]
    return lines


def write_card(model_dir: str | Path) -> Path:
    model_dir = Path(model_dir)
    meta = json.loads((model_dir / "meta.json").read_text("utf-8"))
    out = model_dir / "README.md"
    out.write_text(render_card(meta), "utf-8")
    return out


def _parents(init: dict | None) -> list[str]:
    """The runs a warm-started model began from, newest first (``meta.json`` ``init``; an optional ``note``
    there, written by whoever shipped the model, says what the recorded command alone would not)."""
    lines = []
    while init:
        note = f". {init['note']}" if init.get("note") else ""
        lines.append(f"- Warm-started from `{init['path']}` (weights sha256 `{init['weights_sha256'][:16]}…`), "
                     f"trained with `{init.get('command')}` (seed {init.get('seed')}, best epoch "
                     f"{init.get('best_epoch')}){note}")
        init = init.get("init")
    return lines
