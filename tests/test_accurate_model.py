"""The accurate model (``--model accurate``: all-mpnet-base-v2 under LoRA adapters) on the sample article and on
PolNeAR dev (slow: loads the real model; CI runs it, after scripts/install.sh --accurate)."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors import safe_open
from typer.testing import CliRunner

from attrib.api import load_model, model_path
from attrib.cli import app
from attrib.model import encoder as enc_mod

from .conftest import ROOT, SEED, assert_dev_figures_match_card, requires_data, sample_article_matches

ACCURATE = ROOT / "models" / "attrib-mpnet"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (ACCURATE / "model.safetensors").is_file(), reason="no accurate model shipped"),
]


@pytest.fixture(scope="module")
def model():
    return load_model("accurate")


def test_the_name_accurate_loads_the_mpnet_model(model) -> None:
    assert model_path("accurate") == ACCURATE
    assert model.tagger.config.encoder == "mpnet" and model.tagger.config.adapter_rank > 0
    assert model.tokenizer.cls_token_id == 0 and model.tokenizer.sep_token_id == 2  # <s>, </s>


def test_only_the_adapters_and_head_are_shipped() -> None:
    assert (ACCURATE / "model.safetensors").stat().st_size <= 50 * 1024 * 1024
    with safe_open(str(ACCURATE / "model.safetensors"), "pt") as f:
        names = list(f.keys())
    assert "classifier.weight" in names
    assert not any("word_embeddings" in n or n.endswith("base.weight") for n in names)
    assert {p.name for p in ACCURATE.iterdir()} == {"model.safetensors", "config.json", "meta.json", "README.md"}


def test_attrib_mpnet_computes_what_transformers_computes_on_the_real_weights() -> None:
    import transformers

    spec = enc_mod.MPNET
    path = enc_mod.locate(spec)
    ours = enc_mod.load_pretrained(path, spec).eval()
    hf = transformers.MPNetModel.from_pretrained(str(path), add_pooling_layer=False, local_files_only=True).eval()
    tok = enc_mod.load_tokenizer(path, spec)
    ids, _ = tok.encode("“We’ve agreed,” Trump told reporters, adding that talks on autos would go on.")
    x = torch.tensor([[tok.cls_token_id, *ids, tok.sep_token_id]])
    with torch.no_grad():
        diff = (ours(x, torch.ones_like(x)) - hf(input_ids=x, attention_mask=torch.ones_like(x)).last_hidden_state)
    assert diff.abs().max() < 1e-4


# The accurate model's known miss on the sample article is the fast model's: the adverb taken into the cue.
KNOWN_CUE_MISSES = {"announced": "announced Wednesday"}


def test_sample_article_every_quote_with_type_cue_and_speaker(model) -> None:
    matches = sample_article_matches(model, KNOWN_CUE_MISSES)
    pred = model.extract(matches[0][0])
    names = {pred.entity(q.entity).name for q in pred.quotes if q.entity and pred.entity(q.entity).name}
    assert {"Donald Trump", "Shinzo Abe", "Robert Lighthizer"} <= names


def test_cli_extract_with_the_accurate_model() -> None:
    result = CliRunner().invoke(app, ["extract", str(SEED), "--model", "accurate", "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["quotes"]) >= 8
    for q in doc["quotes"]:
        assert doc["text"][q["start"]:q["end"]] == q["text"]
        assert q["speaker"] is None or doc["text"][q["speaker"]["start"]:q["speaker"]["end"]] == q["speaker"]["text"]


def test_card_and_meta_agree() -> None:
    meta = json.loads((ACCURATE / "meta.json").read_text("utf-8"))
    card = (ACCURATE / "README.md").read_text("utf-8")
    assert f"{meta['dev_metrics']['fragment']['f1'] * 100:.1f}" in card
    assert meta["base_encoder"]["sha256"] == enc_mod.MPNET.sha256
    assert "all-mpnet-base-v2, Copyright the Sentence-Transformers authors" in card  # the upstream NOTICE
    assert "LoRA" in card


@pytest.mark.data
@requires_data("polnear")
def test_dev_figures_agree_with_the_card(model) -> None:
    assert_dev_figures_match_card(model, ACCURATE)
