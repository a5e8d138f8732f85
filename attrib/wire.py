"""Wire format v1: one JSON object per document, for predictions and for gold data alike.

``to_dict``/``from_dict`` convert between objects and records. Reading validates every offset and every
derived ``text`` field and names the record and field that is wrong. ``docs/wire-format.md`` documents the
format; ``attrib/schema/wire-v1.schema.json`` is its JSON Schema.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .document import ENTITY_KINDS, QUOTE_TYPES, Document, Entity, Quote, Span
from .errors import WireFormatError

SCHEMA_VERSION = 1


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of one wire-format record."""
    return json.loads(resources.files("attrib").joinpath("schema/wire-v1.schema.json").read_text("utf-8"))


def span_dict(doc: Document, span: Span | None) -> dict[str, Any] | None:
    """A cue or speaker span as written in the wire format (``None`` stays ``None``)."""
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": doc.span_text(span)}


def to_dict(doc: Document, *, include_text: bool = True) -> dict[str, Any]:
    """The wire record of a document; ``include_text=False`` drops the full text (``--no-text``)."""
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "id": doc.id}
    if include_text:
        record["text"] = doc.text
    record["quotes"] = [
        {
            "id": q.id,
            "type": q.type,
            "start": q.start,
            "end": q.end,
            "text": doc.quote_text(q),
            "fragments": [f.as_list() for f in q.fragments],
            "cue": span_dict(doc, q.cue),
            "speaker": span_dict(doc, q.speaker),
            "entity": q.entity,
            "confidence": None if q.confidence is None else round(float(q.confidence), 4),
        }
        for q in doc.quotes
    ]
    entities = []
    for e in doc.entities:
        ent: dict[str, Any] = {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "mentions": [m.as_list() for m in e.mentions],
        }
        if e.wikidata:
            ent["wikidata"] = e.wikidata
        entities.append(ent)
    record["entities"] = entities
    return record


def dumps(doc: Document, *, include_text: bool = True) -> str:
    return json.dumps(to_dict(doc, include_text=include_text), ensure_ascii=False)


class _Reader:
    """Validates one record; every error names the record and the field."""

    def __init__(self, record: Any, where: str) -> None:
        self.where = where
        if not isinstance(record, dict):
            self.fail("", f"a record must be a JSON object, not {type(record).__name__}")
        self.record: dict[str, Any] = record
        self.text = ""

    def fail(self, field: str, message: str) -> None:
        at = f"{self.where}, field '{field}'" if field else self.where
        raise WireFormatError(f"{at}: {message}", hint="see docs/wire-format.md")

    def int_(self, value: Any, field: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, f"expected an integer, got {value!r}")
        return value

    def span(self, value: Any, field: str) -> Span:
        if isinstance(value, dict):
            start, end = value.get("start"), value.get("end")
        elif isinstance(value, list) and len(value) == 2:
            start, end = value
        else:
            self.fail(field, f"expected {{start, end}} or [start, end], got {value!r}")
        start, end = self.int_(start, field + ".start"), self.int_(end, field + ".end")
        if not 0 <= start <= end <= len(self.text):
            self.fail(field, f"offsets ({start}, {end}) outside 0 <= start <= end <= {len(self.text)}")
        if isinstance(value, dict) and "text" in value and value["text"] != self.text[start:end]:
            self.fail(
                field + ".text",
                f"{value['text']!r} does not match the text at ({start}, {end}): {self.text[start:end]!r}",
            )
        return Span(start, end)

    def optional_span(self, value: Any, field: str) -> Span | None:
        return None if value is None else self.span(value, field)

    def document(self, text: str | None) -> Document:
        r = self.record
        version = r.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            self.fail("schema_version", f"unsupported version {version!r} (this attrib reads {SCHEMA_VERSION})")
        doc_id = r.get("id", "")
        if not isinstance(doc_id, str):
            self.fail("id", f"expected a string, got {doc_id!r}")
        if "text" in r:
            if not isinstance(r["text"], str):
                self.fail("text", "expected a string")
            text = r["text"]
        elif text is None:
            self.fail("text", "missing (records without text need the text supplied separately)")
        self.text = text or ""
        quotes_raw = r.get("quotes", [])
        if not isinstance(quotes_raw, list):
            self.fail("quotes", "expected a list")
        quotes = [self.quote(q, f"quotes[{i}]") for i, q in enumerate(quotes_raw)]
        entities_raw = r.get("entities", [])
        if not isinstance(entities_raw, list):
            self.fail("entities", "expected a list")
        entities = [self.entity(e, f"entities[{i}]") for i, e in enumerate(entities_raw)]
        known = {e.id for e in entities}
        for i, q in enumerate(quotes):
            if q.entity is not None and q.entity not in known:
                self.fail(f"quotes[{i}].entity", f"{q.entity!r} is not the id of an entity in this record")
        return Document(text=self.text, id=doc_id, quotes=tuple(quotes), entities=tuple(entities))

    def quote(self, q: Any, field: str) -> Quote:
        if not isinstance(q, dict):
            self.fail(field, "expected an object")
        qtype = q.get("type")
        if qtype not in QUOTE_TYPES:
            self.fail(field + ".type", f"expected one of {', '.join(QUOTE_TYPES)}, got {qtype!r}")
        frags_raw = q.get("fragments")
        if frags_raw is None:
            frags_raw = [[q.get("start"), q.get("end")]]
        if not isinstance(frags_raw, list) or not frags_raw:
            self.fail(field + ".fragments", "expected a non-empty list of [start, end]")
        fragments = tuple(self.span(f, f"{field}.fragments[{i}]") for i, f in enumerate(frags_raw))
        start, end = min(f.start for f in fragments), max(f.end for f in fragments)
        if "start" in q and q["start"] != start or "end" in q and q["end"] != end:
            self.fail(field, f"start/end ({q.get('start')}, {q.get('end')}) differ from the fragments' extent "
                      f"({start}, {end})")
        if "text" in q and q["text"] != self.text[start:end]:
            self.fail(field + ".text", f"does not match the text at ({start}, {end})")
        confidence = q.get("confidence")
        if confidence is not None and (not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1):
            self.fail(field + ".confidence", f"expected a number in [0, 1] or null, got {confidence!r}")
        entity = q.get("entity")
        if entity is not None and not isinstance(entity, str):
            self.fail(field + ".entity", f"expected a string or null, got {entity!r}")
        return Quote(
            fragments=fragments,
            type=qtype,
            cue=self.optional_span(q.get("cue"), field + ".cue"),
            speaker=self.optional_span(q.get("speaker"), field + ".speaker"),
            entity=entity,
            confidence=None if confidence is None else float(confidence),
            id=str(q.get("id", "")),
        )

    def entity(self, e: Any, field: str) -> Entity:
        if not isinstance(e, dict):
            self.fail(field, "expected an object")
        if not isinstance(e.get("id"), str):
            self.fail(field + ".id", "expected a string")
        name = e.get("name")
        if name is not None and not isinstance(name, str):
            self.fail(field + ".name", "expected a string or null")
        kind = e.get("kind", "person")
        if kind not in ENTITY_KINDS:
            self.fail(field + ".kind", f"expected one of {', '.join(ENTITY_KINDS)}, got {kind!r}")
        mentions = tuple(self.span(m, f"{field}.mentions[{i}]") for i, m in enumerate(e.get("mentions", [])))
        return Entity(id=e["id"], name=name, kind=kind, mentions=mentions, wikidata=e.get("wikidata"))


def from_dict(record: Any, *, where: str = "record", text: str | None = None) -> Document:
    """Read and validate one wire record; ``text`` supplies the text of a ``--no-text`` record."""
    return _Reader(record, where).document(text)


def loads(line: str, *, where: str = "record") -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise WireFormatError(f"{where}: not valid JSON: {exc.msg} at column {exc.colno}") from None
    return from_dict(record, where=where)
