"""The public Python API: load a model, extract quotes. The CLI is a thin layer over these functions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .errors import NoModelInstalled

if TYPE_CHECKING:
    from .model.quote_model import QuoteModel

# The shipped model lives in the repository's models/ folder (installed editable) or beside the package.
DEFAULT_MODEL_NAME = "attrib-minilm"


def default_model_path() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "models" / DEFAULT_MODEL_NAME, here / "models" / DEFAULT_MODEL_NAME):
        if candidate.is_dir():
            return candidate
    raise NoModelInstalled(
        f"no model installed (looked for models/{DEFAULT_MODEL_NAME})",
        hint="pass --model DIR, or train one with `attrib train`",
    )


def load_model(path: str | Path | None = None) -> QuoteModel:
    """Load a trained model directory (the shipped model by default)."""
    from .model.quote_model import QuoteModel

    return QuoteModel.load(Path(path) if path is not None else default_model_path())


def extract(text: str | Document, model: QuoteModel | None = None) -> Document:
    """Quotes of one text, with the shipped model unless one is given."""
    return (model or load_model()).extract(text)
