from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEED = ROOT / "seeds" / "ap-2018-09-26-us-japan-trade-talks.txt"
SEED_GOLD = ROOT / "seeds" / "ap-2018-09-26-us-japan-trade-talks.gold.jsonl"
SHIPPED_MODEL = ROOT / "models" / "attrib-minilm"

# A BERT small enough to run in milliseconds, with the base encoder's vocabulary.
TINY_ENCODER = {
    "vocab_size": 30522, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
    "intermediate_size": 64, "max_position_embeddings": 512, "model_type": "bert",
}


def requires_data(*parts: str):
    path = DATA.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"labelled data not present: {path}")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A randomly initialised model saved like a trained one (weights, config.json, meta.json)."""
    import torch

    from attrib.model.quote_model import QuoteModel
    from attrib.model.tagger import TaggerConfig

    torch.manual_seed(0)
    model = QuoteModel.from_random(TaggerConfig(window=64, stride=32), TINY_ENCODER)
    path = tmp_path_factory.mktemp("models") / "tiny"
    model.save(path, meta={"name": "tiny", "note": "random weights for tests"})
    return path


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir):
    from attrib.model.quote_model import QuoteModel

    return QuoteModel.load(tiny_model_dir)
