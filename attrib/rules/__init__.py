"""The editorial lint rules of ``attrib check``: data with a code, a name, a severity, docs and examples.

``registry.RULES`` lists them all; one module per family (``quotes``, ``speakers``, ``verification``,
``suppressions``). :func:`attrib.lint.lint` runs them.
"""

from __future__ import annotations

from .base import E, Example, Q, Rule, Violation
from .registry import BY_CODE, BY_NAME, RULES, get, resolve

__all__ = ["BY_CODE", "BY_NAME", "E", "Example", "Q", "RULES", "Rule", "Violation", "get", "resolve"]
