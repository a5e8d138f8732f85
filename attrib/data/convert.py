"""Dispatch to the per-corpus converters (each a generator of gold Documents)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..document import Document
from ..errors import CorpusError, UsageError


def convert_corpus(
    corpus: str, src_dir: Path, *, split: str | None = None, speakers: Path | None = None
) -> Iterator[Document]:
    if not src_dir.is_dir():
        raise CorpusError(f"{src_dir}: not a directory", hint=f"pass the {corpus} folder, e.g. ../shared/data/{corpus}")
    if corpus == "polnear":
        from .polnear import convert

        if split not in ("train", "dev"):
            raise UsageError("PolNeAR needs --split train or --split dev (the test split is kept aside)")
        return convert(src_dir, split, speakers)
    if speakers is not None:
        raise UsageError("--speakers applies to PolNeAR only")
    if corpus == "litbank":
        from .litbank import convert as convert_litbank

        return convert_litbank(src_dir, split)
    if corpus == "quoteli3":
        from .quoteli3 import convert as convert_quoteli3

        return convert_quoteli3(src_dir, split)
    raise UsageError(f"unknown corpus {corpus!r}")
