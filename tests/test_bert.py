"""attrib's own BERT must compute what transformers' BertModel computes, with the same weights."""

from __future__ import annotations

import numpy as np
import torch

from attrib.model.bert import BertConfig, BertEncoder, WordPieceTokenizer
from attrib.model.encoder import load_pretrained, load_tokenizer, locate

from .conftest import TINY_ENCODER


def test_same_outputs_as_transformers_bert() -> None:
    import transformers

    torch.manual_seed(0)
    hf = transformers.BertModel(transformers.BertConfig(**TINY_ENCODER), add_pooling_layer=False).eval()
    ours = BertEncoder(BertConfig.from_dict(TINY_ENCODER)).eval()
    missing, unexpected = ours.load_state_dict(BertEncoder.clean_state_dict(hf.state_dict()), strict=False)
    assert not missing and not unexpected
    ids = torch.randint(1, 30000, (2, 17))
    mask = torch.ones_like(ids)
    mask[1, 12:] = 0
    with torch.no_grad():
        expected = hf(input_ids=ids, attention_mask=mask).last_hidden_state
        got = ours(ids, mask)
    assert torch.allclose(expected[0], got[0], atol=1e-5)
    assert torch.allclose(expected[1, :12], got[1, :12], atol=1e-5)


def test_pretrained_weights_load_completely() -> None:
    encoder = load_pretrained(locate())
    assert encoder.config.hidden_size == 384 and len(encoder.encoder.layer) == 6


def test_tokenizer_matches_transformers_and_never_truncates() -> None:
    import transformers

    path = locate()
    ours: WordPieceTokenizer = load_tokenizer(path)
    hf = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    text = "“We’ve agreed,” Trump told reporters in Zürich. " * 60  # > 512 tokens
    ids, offsets = ours.encode(text)
    enc = hf(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    assert ids.tolist() == enc["input_ids"] and len(ids) > 512
    assert offsets.tolist() == [list(o) for o in enc["offset_mapping"]]
    assert text[offsets[1][0]:offsets[1][1]] == "We"
    assert np.all(offsets[:, 0] <= offsets[:, 1])


def test_an_uninitialised_build_loads_to_the_same_encoder_and_leaves_torch_as_it_was() -> None:
    from torch import nn

    from attrib.model.encoder import MINILM, build

    resets = [kind.reset_parameters for kind in (nn.Linear, nn.Embedding, nn.LayerNorm)]
    reference = build(MINILM, TINY_ENCODER).eval()
    bare = build(MINILM, TINY_ENCODER, initialise=False).eval()
    assert [kind.reset_parameters for kind in (nn.Linear, nn.Embedding, nn.LayerNorm)] == resets
    assert nn.LayerNorm(4).weight.eq(1).all()  # torch layers initialise themselves again
    bare.load_state_dict(reference.state_dict())
    ids = torch.tensor([[101, 2000, 2001, 102]])
    with torch.no_grad():
        assert torch.equal(bare(ids, torch.ones_like(ids)), reference(ids, torch.ones_like(ids)))
