"""Training on a tiny random encoder: determinism, resume after an interruption, the model card."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import load_file

from attrib.errors import UsageError
from attrib.model.quote_model import QuoteModel
from attrib.train import TrainConfig, Trainer

from .conftest import SEED_GOLD, TINY_ENCODER


@pytest.fixture(autouse=True)
def tiny_base(monkeypatch):
    """Train from a tiny random encoder instead of the 22M-parameter base, seeded like the real one."""

    def from_base(config=None):
        return QuoteModel.from_random(config, TINY_ENCODER)

    monkeypatch.setattr(QuoteModel, "from_base", staticmethod(from_base))


def config(tmp_path, name: str, **kw) -> TrainConfig:
    base = dict(train=str(SEED_GOLD), dev=str(SEED_GOLD), output=str(tmp_path / name), epochs=2, batch_size=2,
                window=32, stride=16, lr=1e-3, command="test")
    return TrainConfig(**(base | kw))


def weights(path) -> dict[str, torch.Tensor]:
    """The full-precision weights of the last checkpoint."""
    return torch.load(path / "checkpoint" / "state.pt", weights_only=False)["model"]


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_same_seed_same_weights_and_card(tmp_path) -> None:
    events = []
    Trainer(config(tmp_path, "a"), on_event=lambda k, d: events.append(k)).train()
    Trainer(config(tmp_path, "b")).train()
    assert same(weights(tmp_path / "a"), weights(tmp_path / "b"))
    assert {"start", "step", "epoch"} <= set(events)
    meta = json.loads((tmp_path / "a" / "meta.json").read_text())
    assert meta["seed"] == 13 and meta["command"] == "test" and len(meta["history"]) == 2
    assert meta["base_encoder"]["sha256"].startswith("53aa5117")
    card = (tmp_path / "a" / "README.md").read_text()
    assert "## Dev metrics" in card and "fragment" in card and "Apache" in card
    reloaded = QuoteModel.load(tmp_path / "a")
    assert reloaded.meta["name"] == "a"
    assert load_file(str(tmp_path / "a" / "model.safetensors"))["classifier.weight"].dtype == torch.float16


def test_resume_gives_the_same_weights_as_an_uninterrupted_run(tmp_path) -> None:
    Trainer(config(tmp_path, "full")).train()
    interrupted = Trainer(config(tmp_path, "resumed"))
    interrupted.stop_after_epoch = 1  # as if the process were killed after the first checkpoint
    interrupted.train()
    events = []
    Trainer(config(tmp_path, "resumed"), on_event=lambda k, d: events.append((k, d))).train(resume=True)
    assert ("resumed", {"epoch": 1}) in events
    assert same(weights(tmp_path / "full"), weights(tmp_path / "resumed"))


def test_early_stopping(tmp_path) -> None:
    events = []
    Trainer(config(tmp_path, "es", epochs=6, lr=0.0, patience=1), on_event=lambda k, d: events.append(k)).train()
    assert "early_stop" in events and events.count("epoch") == 2


def test_missing_data_is_a_usage_error(tmp_path) -> None:
    with pytest.raises(UsageError, match="--train"):
        Trainer(config(tmp_path, "x", train=str(tmp_path / "nope.jsonl")))


def test_a_warm_start_begins_from_the_given_model(tmp_path) -> None:
    Trainer(config(tmp_path, "first", epochs=1)).train()
    # lr 0: the run must end with exactly the weights it started from, the first model's (stored in fp16)
    Trainer(config(tmp_path, "warm", epochs=1, lr=0.0, init=str(tmp_path / "first"))).train()
    start = {k: v.float() for k, v in load_file(str(tmp_path / "first" / "model.safetensors")).items()}
    assert same({k: v for k, v in weights(tmp_path / "warm").items() if k in start}, start)
    Trainer(config(tmp_path, "cold", epochs=1, lr=0.0)).train()  # without --init: the random start
    cold = weights(tmp_path / "cold")
    assert not same({k: cold[k] for k in start}, start)


def test_a_warm_start_with_other_features_is_a_usage_error(tmp_path) -> None:
    Trainer(config(tmp_path, "first", epochs=1)).train()
    with pytest.raises(UsageError, match="shape_dim"):
        Trainer(config(tmp_path, "warm", epochs=1, shape_dim=0, init=str(tmp_path / "first"))).train()


def test_a_warm_started_model_card_keeps_the_parent_run(tmp_path) -> None:
    Trainer(config(tmp_path, "first", epochs=1, command="attrib train first")).train()
    Trainer(config(tmp_path, "warm", epochs=1, init=str(tmp_path / "first"), command="attrib train warm")).train()
    meta = json.loads((tmp_path / "warm" / "meta.json").read_text())
    assert meta["init"]["command"] == "attrib train first" and meta["init"]["seed"] == 13
    card = (tmp_path / "warm" / "README.md").read_text()
    assert "Warm-started from" in card and "`attrib train first`" in card and "`attrib train warm`" in card


def test_a_warm_start_into_its_own_directory_records_the_parent_as_it_was(tmp_path, monkeypatch) -> None:
    import hashlib

    import attrib.train as train_mod

    Trainer(config(tmp_path, "m", epochs=1, command="attrib train m")).train()
    before = hashlib.sha256((tmp_path / "m" / "model.safetensors").read_bytes()).hexdigest()
    real, scores = train_mod.evaluate_model, iter([0.1, 0.2, 0.3])

    def better_every_epoch(model, gold, bf16=None):  # so that every epoch overwrites the directory
        return real(model, gold) | {"fragment_f1": next(scores)}

    monkeypatch.setattr(train_mod, "evaluate_model", better_every_epoch)
    Trainer(config(tmp_path, "m", epochs=3, init=str(tmp_path / "m"))).train()
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["best_epoch"] == 3
    assert meta["init"]["weights_sha256"] == before and meta["init"]["command"] == "attrib train m"
