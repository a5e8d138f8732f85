"""The public Python API: load a model, extract quotes. The CLI is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .errors import NoModelInstalled

if TYPE_CHECKING:
    from .findings import CheckedDocument
    from .link import DocumentNames
    from .model.quote_model import QuoteModel
    from .registry import Registry

# The shipped models live in the repository's models/ folder (installed editable) or beside the package.
# ``--model fast`` (the default) and ``--model accurate`` name them; any other value is a model directory.
DEFAULT_MODEL_NAME = "attrib-minilm"
MODEL_NAMES = {"fast": "attrib-minilm", "accurate": "attrib-mpnet"}


def default_model_path(name: str = DEFAULT_MODEL_NAME) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "models" / name, here / "models" / name):
        if candidate.is_dir():
            return candidate
    raise NoModelInstalled(
        f"no model installed (looked for models/{name})",
        hint="pass --model DIR, or train one with `attrib train`",
    )


def model_path(model: str | Path | None = None) -> Path:
    """The directory of ``model``: a shipped model's name (fast, accurate), a directory, or None (fast)."""
    if model is None:
        return default_model_path()
    if str(model) in MODEL_NAMES and not Path(model).exists():
        return default_model_path(MODEL_NAMES[str(model)])
    return Path(model)


def load_model(path: str | Path | None = None) -> QuoteModel:
    """Load a trained model: a directory, ``"fast"`` (the default) or ``"accurate"``."""
    from .model.quote_model import QuoteModel

    return QuoteModel.load(model_path(path))


def extract(text: str | Document, model: QuoteModel | None = None) -> Document:
    """Quotes of one text, with the shipped model unless one is given."""
    return (model or load_model()).extract(text)


def check(
    drafts: Sequence[Document],
    sources: Sequence[Document] = (),
    *,
    model: QuoteModel | None = None,
    registry: Registry | None = None,
    batch_size: int = 8,
    progress: Callable[[int, int], None] | None = None,
    documents: DocumentNames = "title",
) -> list[CheckedDocument]:
    """Extract and link the quotes of each draft and verify them against the sources.

    Sources are documents too (their ``source`` field names the file); a transcript's turns give their own
    speakers, the others are run through the extractor. With no sources every quote is ``unchecked``.
    """
    from .findings import CheckedDocument
    from .sources import article_source, transcript_source
    from .verify import Verifier

    model = model or load_model()
    paths = [doc.source or doc.id or f"source {i + 1}" for i, doc in enumerate(sources)]
    built: list = [transcript_source(i, path, doc) for i, (path, doc) in enumerate(zip(paths, sources))]
    articles = [i for i, b in enumerate(built) if b is None]
    extracted = model.extract_many([*(sources[i] for i in articles), *drafts], batch_size=batch_size,
                                   progress=progress, registry=registry, documents=documents)
    for i, doc in zip(articles, extracted):
        built[i] = article_source(i, paths[i], doc)
    drafts_out = extracted[len(articles):]
    if not sources:
        return [CheckedDocument(d, d.source or d.id) for d in drafts_out]
    verifier = Verifier(built)
    return [CheckedDocument(d, d.source or d.id, verifier.verify(d), sources_given=True) for d in drafts_out]
