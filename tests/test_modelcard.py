"""The generated model card: every section from meta.json, ablations beside the model's own history."""

from __future__ import annotations

import json

from attrib.modelcard import render_card

from .conftest import ROOT

SHIPPED_META = ROOT / "models" / "attrib-minilm" / "meta.json"


def test_an_ablation_is_shown_epoch_by_epoch_with_its_difference() -> None:
    meta = json.loads(SHIPPED_META.read_text("utf-8"))
    first = meta["history"][0]
    run = dict(first, fragment=round(first["fragment"] + 1.25, 2))
    meta["ablations"] = [{"name": "no case-shape feature", "command": "attrib train … --shape-dim 0",
                          "seed": meta["seed"], "history": [run], "note": "Within seed noise."}]
    card = render_card(meta)
    assert "## Ablations" in card and "**no case-shape feature**" in card and "Within seed noise." in card
    row = next(line for line in card.splitlines() if line.startswith("| 1 |") and "(+1.25)" in line)
    assert f"{run['fragment']} (+1.25)" in row and f"{first['extent']} (+0.00)" in row


def test_no_ablations_no_section() -> None:
    meta = json.loads(SHIPPED_META.read_text("utf-8"))
    meta.pop("ablations", None)
    card = render_card(meta)
    assert "## Ablations" not in card and "## Limitations" in card
    assert f"{meta['dev_metrics']['fragment']['f1'] * 100:.1f}" in card


def test_the_card_says_which_features_the_tagger_has() -> None:
    meta = json.loads(SHIPPED_META.read_text("utf-8"))
    meta["config"] |= {"shape_dim": 16, "quote_state_dim": 8}
    assert "with a case-shape feature (dim 16) and an inside-quotation-marks feature (dim 8)" in render_card(meta)
    meta["config"]["shape_dim"] = 0
    meta.pop("ablations", None)  # an ablation may name the feature; only the description matters here
    card = render_card(meta)
    assert "case-shape" not in card and "with an inside-quotation-marks feature (dim 8)" in card
    assert "the tagger sees no case" in card


def test_a_warm_start_shows_its_parents_and_their_notes() -> None:
    meta = json.loads(SHIPPED_META.read_text("utf-8"))
    grandparent = {"path": "runs/a", "weights_sha256": "a" * 64, "command": "attrib train a", "seed": 1,
                   "best_epoch": 2}
    meta["init"] = {"path": "runs/b", "weights_sha256": "b" * 64, "command": "attrib train b", "seed": 1,
                    "best_epoch": 1, "note": "It stopped after epoch 1", "init": grandparent}
    lines = [line for line in render_card(meta).splitlines() if line.startswith("- Warm-started from")]
    assert len(lines) == 2
    assert "`runs/b`" in lines[0] and "`attrib train b`" in lines[0] and lines[0].endswith(". It stopped after epoch 1")
    assert "`runs/a`" in lines[1] and "best epoch 2)" in lines[1]
