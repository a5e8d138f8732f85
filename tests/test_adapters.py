"""Adapter (LoRA) models: a frozen base encoder plus small trained updates, saved alone and merged at load."""

from __future__ import annotations

import copy
import json
import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from attrib.data.dataset import read_gold
from attrib.errors import UsageError
from attrib.marks import find_marks
from attrib.model import encoder as enc_mod
from attrib.model.adapters import LoRALinear, add_adapters, merge_adapters, trainable_state
from attrib.model.bert import BertConfig, BertEncoder
from attrib.model.features import encode
from attrib.model.quote_model import QuoteModel
from attrib.model.tagger import predict_log_probs
from attrib.train import TrainConfig, Trainer

from .conftest import SEED_GOLD, TINY_ENCODER


def test_a_merged_update_computes_what_the_adapter_computes() -> None:
    torch.manual_seed(0)
    layer = LoRALinear(nn.Linear(8, 6), rank=2, alpha=4)
    nn.init.normal_(layer.lora_b)  # as after training (it starts at zero)
    x = torch.randn(3, 8)
    assert torch.allclose(layer(x), layer.merged()(x), atol=1e-6)
    assert not torch.allclose(layer(x), layer.base(x))


def test_only_adapters_and_layer_norms_train() -> None:
    encoder = BertEncoder(BertConfig.from_dict(TINY_ENCODER))
    linear = sum(isinstance(m, nn.Linear) for m in encoder.encoder.modules())
    add_adapters(encoder, rank=2, alpha=4)
    trained = {n for n, p in encoder.named_parameters() if p.requires_grad}
    assert trained and all("lora_" in n or "LayerNorm" in n for n in trained)
    assert sum(isinstance(m, LoRALinear) for m in encoder.modules()) == linear == 12  # q k v o, 2 FFN, 2 layers
    assert "embeddings.word_embeddings.weight" not in trained
    merge_adapters(encoder)
    assert not any(isinstance(m, LoRALinear) for m in encoder.modules())


@pytest.fixture
def tiny_adapter_base(monkeypatch, tmp_path):
    """Adapter runs on a tiny random encoder; its initial weights are written where load() finds the base."""
    base = tmp_path / "base"
    base.mkdir()
    shutil.copy(enc_mod.locate() / "tokenizer.json", base)

    def from_base(config=None):
        model = QuoteModel.from_random(config, TINY_ENCODER)
        frozen = copy.deepcopy(model.tagger.encoder)
        merge_adapters(frozen)  # the updates start at zero: merged = the base weights
        save_file({k: v.contiguous() for k, v in frozen.state_dict().items()}, str(base / "model.safetensors"))
        return model

    monkeypatch.setattr(QuoteModel, "from_base", staticmethod(from_base))
    monkeypatch.setattr(enc_mod, "locate", lambda spec=enc_mod.MINILM: base)
    monkeypatch.setattr(enc_mod, "verify", lambda path, spec=enc_mod.MINILM: None)  # a tiny base has no sha
    return base


def _config(tmp_path, name: str, **kw) -> TrainConfig:
    base = dict(train=str(SEED_GOLD), dev=str(SEED_GOLD), output=str(tmp_path / name), epochs=2, batch_size=2,
                window=32, stride=16, lr=1e-2, adapter_rank=4, command="test")
    return TrainConfig(**(base | kw))


def test_an_adapter_run_saves_what_it_trained_and_reloads_to_the_same_predictions(tiny_adapter_base, tmp_path):
    Trainer(_config(tmp_path, "a")).train()
    saved = load_file(str(tmp_path / "a" / "model.safetensors"))
    assert saved and all("lora_" in k or "LayerNorm" in k or not k.startswith("encoder.") for k in saved)
    assert "encoder.embeddings.word_embeddings.weight" not in saved  # the frozen base is not shipped

    # the training-time model, rebuilt from the checkpoint (fp32, adapters unmerged) ...
    ckpt = torch.load(tmp_path / "a" / "checkpoint" / "state.pt", weights_only=False)["model"]
    assert ckpt.keys() == saved.keys()
    loaded = QuoteModel.load(tmp_path / "a", bf16=False)
    live = QuoteModel.from_random(copy.deepcopy(loaded.tagger.config), TINY_ENCODER)
    base_state = load_file(str(tiny_adapter_base / "model.safetensors"))
    state = live.tagger.state_dict()
    for name in state:  # frozen weights from the base ("encoder.x.query.base.weight" <- "x.query.weight")
        plain = name.removeprefix("encoder.").replace(".base.", ".")
        if name.startswith("encoder.") and plain in base_state:
            state[name] = base_state[plain]
    state.update(ckpt)  # the trained tensors
    live.tagger.load_state_dict(state)
    # ... and the shipped one (fp16, merged) predict the same
    doc = next(iter(read_gold(SEED_GOLD)))
    enc = [encode(loaded.tokenizer, doc, find_marks(doc.view))]
    a = predict_log_probs(live.tagger, enc, live.cls_id, live.sep_id, bf16=False)[0]
    b = predict_log_probs(loaded.tagger, enc, loaded.cls_id, loaded.sep_id, bf16=False)[0]
    assert abs(a - b).max() < 2e-2
    assert (a.argmax(-1) == b.argmax(-1)).mean() > 0.99


def test_an_adapter_run_resumes_to_the_same_weights(tiny_adapter_base, tmp_path) -> None:
    Trainer(_config(tmp_path, "full")).train()
    interrupted = Trainer(_config(tmp_path, "resumed"))
    interrupted.stop_after_epoch = 1
    interrupted.train()
    Trainer(_config(tmp_path, "resumed")).train(resume=True)
    a = torch.load(tmp_path / "full" / "checkpoint" / "state.pt", weights_only=False)["model"]
    b = torch.load(tmp_path / "resumed" / "checkpoint" / "state.pt", weights_only=False)["model"]
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_a_loaded_adapter_model_cannot_be_saved_again(tiny_adapter_base, tmp_path) -> None:
    Trainer(_config(tmp_path, "a", epochs=1)).train()
    with pytest.raises(Exception, match="merged"):
        QuoteModel.load(tmp_path / "a").save(tmp_path / "copy")


def test_a_warm_start_goes_on_training_the_parent_adapters(tiny_adapter_base, tmp_path) -> None:
    Trainer(_config(tmp_path, "parent", epochs=1)).train()
    parent = load_file(str(tmp_path / "parent" / "model.safetensors"))
    # at a zero learning rate nothing moves: the child saves exactly the adapters it was started from
    Trainer(_config(tmp_path, "same", epochs=1, lr=0.0, init=str(tmp_path / "parent"))).train()
    same = load_file(str(tmp_path / "same" / "model.safetensors"))
    assert same.keys() == parent.keys() and all(torch.equal(same[k], parent[k]) for k in parent)
    # and with one it trains them on (the adapters were loaded apart from the frozen encoder, not merged)
    Trainer(_config(tmp_path, "child", epochs=1, init=str(tmp_path / "parent"))).train()
    child = load_file(str(tmp_path / "child" / "model.safetensors"))
    assert any(not torch.equal(child[k], parent[k]) for k in parent if "lora_" in k)
    assert json.loads((tmp_path / "child" / "meta.json").read_text())["init"]["path"] == str(tmp_path / "parent")


def test_a_warm_start_needs_the_parent_adapter_rank(tiny_adapter_base, tmp_path) -> None:
    Trainer(_config(tmp_path, "parent", epochs=1)).train()
    with pytest.raises(UsageError, match="adapter_rank=4"):
        Trainer(_config(tmp_path, "w", epochs=1, adapter_rank=2, init=str(tmp_path / "parent"))).train()


def test_trainable_state_names_match_the_module() -> None:
    encoder = BertEncoder(BertConfig.from_dict(TINY_ENCODER))
    add_adapters(encoder, rank=2, alpha=4)
    state = trainable_state(encoder)
    assert set(state) == {n for n, p in encoder.named_parameters() if p.requires_grad}
