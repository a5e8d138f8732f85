"""JSON and JSONL: the wire format, plus where each quote is (line, column, paragraph) for people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..document import Document
from ..wire import to_dict


def record(doc: Document, *, include_text: bool = True) -> dict[str, Any]:
    rec = to_dict(doc, include_text=include_text)
    if doc.source:
        rec["source"] = doc.source
    for q, out in zip(doc.quotes, rec["quotes"]):
        line, col = doc.line_col(q.start)
        out["line"], out["column"], out["paragraph"] = line, col, doc.paragraph(q.start)
        ent = doc.entity(q.entity)
        if ent is not None:
            out["entity_name"] = ent.name
    return rec


def render_json(docs: Sequence[Document], *, include_text: bool = True, **_: Any) -> str:
    """One object for one document, an array for several."""
    recs = [record(d, include_text=include_text) for d in docs]
    payload = recs[0] if len(recs) == 1 else recs
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(docs: Sequence[Document], *, include_text: bool = True, **_: Any) -> str:
    return "".join(json.dumps(record(d, include_text=include_text), ensure_ascii=False) + "\n" for d in docs)
