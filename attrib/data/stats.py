"""`attrib data stats`: counts that describe a gold (or predicted) wire-format file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..document import QUOTE_TYPES, Document


def stats(docs: Iterable[Document]) -> dict:
    n_docs = n_chars = 0
    types: Counter = Counter()
    with_cue = with_speaker = with_entity = fragments = interrupted = 0
    kinds: Counter = Counter()
    for d in docs:
        n_docs += 1
        n_chars += len(d.text)
        for q in d.quotes:
            types[q.type] += 1
            with_cue += q.cue is not None
            with_speaker += q.speaker is not None
            with_entity += q.entity is not None
            fragments += len(q.fragments)
            interrupted += len(q.fragments) > 1
        kinds.update(e.kind for e in d.entities)
    n_quotes = sum(types.values())
    return {
        "documents": n_docs,
        "characters": n_chars,
        "quotes": n_quotes,
        "by_type": {t: types.get(t, 0) for t in QUOTE_TYPES},
        "fragments": fragments,
        "interrupted_quotes": interrupted,
        "with_cue": with_cue,
        "without_cue": n_quotes - with_cue,
        "with_speaker": with_speaker,
        "without_speaker": n_quotes - with_speaker,
        "with_entity": with_entity,
        "entities": sum(kinds.values()),
        "entities_by_kind": dict(sorted(kinds.items())),
    }
