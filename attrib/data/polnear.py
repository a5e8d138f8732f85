"""PolNeAR (brat standoff) → wire-format gold documents.

Pitfalls handled (see ../shared/data/README.md):
- only lines matching ``^[TE]\\d+\\t`` are annotations (stray continuation lines, AnnotatorNotes);
- brat splits spans at newlines: fragments separated only by white space are rejoined, real
  discontinuities (``"…," he said. "…"``) stay separate fragments;
- ``Content2`` is a second content piece of the same attribution: its fragments join the quote's;
- several annotators for some articles: the first annotator id in sorted order is used;
- direct/indirect/mixed is not annotated: it is derived by :func:`attrib.marks.quote_type`, which knows
  NYT ``''…''`` and backtick quotes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Entity, Quote, Span
from ..errors import CorpusError
from ..marks import find_marks, quote_type

_ANN_LINE = re.compile(r"^([TE]\d+)\t(.*)$")
_KIND_MAP = {"person": "person", "organization": "organization", "group": "group", "document": "document"}


@dataclass
class _TextBound:
    label: str
    fragments: list[Span]


def _parse_fragments(spec: str) -> list[Span]:
    out = []
    for part in spec.split(";"):
        start, end = part.split()
        out.append(Span(int(start), int(end)))
    return out


def rejoin(text: str, fragments: list[Span]) -> list[Span]:
    """Merge fragments separated only by white space (brat's newline splits)."""
    merged: list[Span] = []
    for frag in sorted(fragments):
        if merged and (frag.start <= merged[-1].end or not text[merged[-1].end : frag.start].strip()):
            merged[-1] = Span(merged[-1].start, max(frag.end, merged[-1].end))
        else:
            merged.append(frag)
    return merged


def _extent(text: str, fragments: list[Span]) -> Span:
    return Span(min(f.start for f in fragments), max(f.end for f in fragments)).stripped(text)


def parse_ann(ann: str, text: str, where: str) -> list[tuple[list[Span], Span | None, Span | None]]:
    """Attributions of one .ann file as (content fragments, cue, source)."""
    bounds: dict[str, _TextBound] = {}
    events: list[dict[str, list[str]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        m = _ANN_LINE.match(line)
        if not m:
            continue
        ident, rest = m.groups()
        try:
            if ident.startswith("T"):
                head = rest.split("\t", 1)[0]
                label, spec = head.split(" ", 1)
                bounds[ident] = _TextBound(label, _parse_fragments(spec))
            else:
                roles: dict[str, list[str]] = defaultdict(list)
                for arg in rest.split():
                    role, ref = arg.split(":", 1)
                    roles[re.sub(r"\d+$", "", role)].append(ref)
                events.append(roles)
        except ValueError as exc:
            raise CorpusError(f"{where}:{lineno}: cannot parse annotation line ({exc})") from None
    out = []
    for roles in events:
        frags: list[Span] = []
        for ref in roles.get("Content", []):
            if ref in bounds:
                frags.extend(bounds[ref].fragments)
        if not frags:
            continue
        for s in frags:
            if s.end > len(text):
                raise CorpusError(f"{where}: span ({s.start}, {s.end}) is past the end of the text")
        cue = source = None
        if roles.get("Cue") and roles["Cue"][0] in bounds:
            cue = _extent(text, bounds[roles["Cue"][0]].fragments)
        if roles.get("Source") and roles["Source"][0] in bounds:
            source = _extent(text, bounds[roles["Source"][0]].fragments)
        # (a few annotations include a no-break space at an end)
        out.append(([f.stripped(text) for f in rejoin(text, frags)], cue, source))
    return out


def _read_text(path: Path) -> str:
    # newline="" keeps \r\n as two characters so brat offsets stay valid.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _load_speakers(path: Path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                by_doc[rec["doc_id"]].append(rec)
    return by_doc


def _entities(
    doc_id: str, speakers: list[dict], quotes: list[Quote]
) -> tuple[list[Entity], list[Quote]]:
    """Entities from the labelled canonical speakers; quotes point to their source mention's entity."""
    ids: dict[tuple[str, str], str] = {}
    mentions: dict[str, list[Span]] = defaultdict(list)
    names: dict[str, tuple[str | None, str]] = {}
    by_span: dict[tuple[int, int], str] = {}
    for rec in sorted(speakers, key=lambda r: r["start"]):
        kind = _KIND_MAP.get(rec["kind"], "unnamed")
        name = rec["canonical"] if kind != "unnamed" else None
        key = (name, kind) if name else (f"#{rec['mention_id']}", "unnamed")
        if key not in ids:
            ids[key] = f"e{len(ids) + 1}"
            names[ids[key]] = (name, kind)
        eid = ids[key]
        mentions[eid].append(Span(rec["start"], rec["end"]))
        by_span[(rec["start"], rec["end"])] = eid
    entities = [
        Entity(id=eid, name=names[eid][0], kind=names[eid][1], mentions=tuple(sorted(set(mentions[eid]))))
        for eid in ids.values()
    ]
    linked = []
    for q in quotes:
        eid = by_span.get((q.speaker.start, q.speaker.end)) if q.speaker else None
        linked.append(Quote(q.fragments, q.type, q.cue, q.speaker, eid, q.confidence, q.id))
    return entities, linked


def convert(src_dir: Path, split: str = "train", speakers: Path | None = None) -> Iterator[Document]:
    """Yield the gold documents of one split, in file-name order.

    ``src_dir`` is the PolNeAR folder (with ``data/``) or its ``data/`` folder. ``speakers`` is
    ``polnear-speakers/dev.speakers.jsonl``; when omitted it is looked for beside ``src_dir``.
    """
    root = src_dir / "data" if (src_dir / "data").is_dir() else src_dir
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise CorpusError(
            f"{src_dir}: no PolNeAR split '{split}' here (expected {text_dir} and {ann_dir})",
            hint="pass the PolNeAR folder, e.g. ../shared/data/polnear",
        )
    if speakers is None:
        guess = src_dir.parent / "polnear-speakers" / f"{split}.speakers.jsonl"
        speakers = guess if guess.exists() else None
    speaker_map = _load_speakers(speakers) if speakers else {}
    annotations: dict[str, list[Path]] = defaultdict(list)
    for ann in ann_dir.glob("*.ann"):
        stem, _, _annotator = ann.stem.rpartition("_")
        annotations[stem].append(ann)
    for text_path in sorted(text_dir.glob("*.txt")):
        stem = text_path.stem
        if not annotations.get(stem):
            continue
        ann_path = sorted(annotations[stem])[0]
        annotator = ann_path.stem.rpartition("_")[2]
        text = _read_text(text_path)
        marks = find_marks(text)
        quotes = [
            Quote(tuple(frags), quote_type(text, frags, marks), cue, source)
            for frags, cue, source in parse_ann(ann_path.read_text("utf-8"), text, str(ann_path))
        ]
        quotes.sort(key=lambda q: (q.start, q.end))
        quotes = [Quote(q.fragments, q.type, q.cue, q.speaker, None, None, f"q{i}") for i, q in enumerate(quotes, 1)]
        doc_id = f"polnear/{split}/{stem}#{annotator}"
        entities: list[Entity] = []
        if doc_id in speaker_map:
            entities, quotes = _entities(doc_id, speaker_map[doc_id], quotes)
        yield Document(text=text, id=doc_id, quotes=tuple(quotes), entities=tuple(entities), source=str(text_path))
