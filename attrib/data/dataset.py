"""Gold JSONL ↔ ``datasets.Dataset``: the one loader that training and evaluation share."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputNotFound, MalformedJsonl
from ..wire import from_dict, to_dict


def read_gold(path: str | Path) -> Iterator[Document]:
    """Validated documents of a wire-format JSONL file; errors name ``file:line``."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file")
    with open(path, encoding="utf-8-sig") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedJsonl(f"{path}:{lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from None
            yield from_dict(record, where=f"{path}:{lineno}")


def to_records(docs: Iterable[Document]) -> list[dict[str, Any]]:
    return [to_dict(d) for d in docs]


def load_dataset(path: str | Path):  # -> datasets.Dataset
    """Gold JSONL as a Hugging Face ``datasets.Dataset`` (validated first; one row per document).

    Nested spans are kept as the wire format has them, so ``from_dict(row)`` gives the document back.
    """
    import datasets  # imported here: heavy, and only training/evaluation need it

    records = to_records(read_gold(path))
    return datasets.Dataset.from_list(records)


def documents(dataset: Any) -> list[Document]:
    """Documents back from a ``datasets.Dataset`` built by :func:`load_dataset`."""
    return [from_dict(row, where=f"row {i}") for i, row in enumerate(dataset)]
