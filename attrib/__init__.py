"""attrib: who said it, exactly what did they say, and is it quoted or paraphrased?"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import extract, load_model  # noqa: E402
from .document import Document, Entity, Quote, Span  # noqa: E402

__all__ = ["Document", "Entity", "Quote", "Span", "extract", "load_model", "__version__"]
