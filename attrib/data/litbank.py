"""LitBank (quotation + coreference layers) → wire-format gold documents.

Layout (``../shared/data/litbank``): ``quotations/tsv/NAME.txt`` and ``coref/tsv/NAME.txt`` hold the same
tokenised excerpt (one sentence per line, tokens separated by single spaces); ``quotations/tsv/NAME.ann``
has ``QUOTE qid s_sent s_tok e_sent e_tok text`` (end token inclusive) and ``ATTRIB qid entity_id`` lines;
``coref/tsv/NAME.ann`` has ``MENTION tid s_sent s_tok e_sent e_tok text category PROP|NOM|PRON`` and
``COREF tid entity_id`` lines (``COP``/``APPOS`` links are not needed here and are skipped).

Conventions of the produced documents:

- the text is the tokenised excerpt exactly as reconstructed: the tokens of a sentence joined by single
  spaces, sentences joined by ``"\\n"`` (no trailing newline), so ``do n't`` and ``“ Oh !”`` spacing stay as
  LitBank has them; every offset refers to this text;
- one quote per ``QUOTE`` line, one fragment (the whole span, quotation marks included), no cue, typed by
  :func:`attrib.marks.quote_type` like every other corpus;
- ``entity`` is the coreference chain named by ``ATTRIB`` (entity id = LitBank's chain id, e.g.
  ``Mrs_Bennet-7``; name = longest proper-name (``PROP``) mention, else longest mention; kind person;
  mentions = every mention of the chain); only chains that speak become document entities;
- ``speaker`` is the chain mention nearest to the quote (character gap) among those in the quote's
  sentences or the sentence just before or after, excluding mentions inside any quotation: a mention in
  quoted speech (the speaker's own "I", a vocative) is part of the content, not of the attribution;
- doc ids are ``litbank/<file stem>``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Entity, Quote, Span
from ..errors import CorpusError
from ..marks import find_marks, quote_type

SPLITS: tuple[str, ...] = ("train", "dev", "test")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class _Mention:
    span: Span
    first_sent: int
    last_sent: int
    proper: bool


class _Tokens:
    """The reconstructed text of one excerpt and the character span of every token."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # utf-8-sig: a stray BOM must not become part of the first token.
        raw = path.read_text(encoding="utf-8-sig")
        lines = raw.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.starts: list[list[int]] = []
        self.ends: list[list[int]] = []
        sentences: list[str] = []
        offset = 0
        for lineno, line in enumerate(lines, 1):
            line = line.rstrip("\r")
            tokens = line.split(" ") if line else []
            if "" in tokens:
                raise CorpusError(f"{path}:{lineno}: empty token (leading, trailing or double space)")
            starts, ends = [], []
            for tok in tokens:
                starts.append(offset)
                offset += len(tok)
                ends.append(offset)
                offset += 1  # the single space after the token (or the "\n" after the sentence)
            if not tokens:
                offset += 1
            self.starts.append(starts)
            self.ends.append(ends)
            sentences.append(" ".join(tokens))
        self.text = "\n".join(sentences)

    def span(self, fields: list[str], where: str) -> tuple[Span, int, int]:
        """The character span of ``s_sent s_tok e_sent e_tok`` (end token inclusive) and its sentences."""
        try:
            s_sent, s_tok, e_sent, e_tok = (int(f) for f in fields)
        except ValueError:
            raise CorpusError(f"{where}: token indices must be integers, got {fields!r}") from None
        try:
            if min(s_sent, s_tok, e_sent, e_tok) < 0:
                raise IndexError
            start, end = self.starts[s_sent][s_tok], self.ends[e_sent][e_tok]
        except IndexError:
            raise CorpusError(
                f"{where}: token ({s_sent}, {s_tok})-({e_sent}, {e_tok}) is outside {self.path.name}"
            ) from None
        if end <= start:
            raise CorpusError(f"{where}: the span ends before it starts")
        return Span(start, end), s_sent, e_sent

    def check(self, span: Span, expected: str, where: str) -> None:
        # The annotation repeats the covered tokens; comparing catches files paired with the wrong text.
        got = self.text[span.start : span.end]
        if _WS.sub(" ", got) != _WS.sub(" ", expected.strip()):
            raise CorpusError(f"{where}: annotated text {expected!r} does not match the tokens ({got!r})")


def _fields(line: str, n: int, where: str) -> list[str]:
    fields = line.split("\t")
    if len(fields) != n:
        raise CorpusError(f"{where}: expected {n} tab-separated fields, got {len(fields)}")
    return fields


def _read_coref(path: Path, tokens: _Tokens) -> dict[str, list[_Mention]]:
    """Mentions of every coreference chain, by chain id, in text order."""
    mentions: dict[str, _Mention] = {}
    chain_of: list[tuple[str, str, str]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        where = f"{path}:{lineno}"
        label = line.split("\t", 1)[0]
        if label == "MENTION":
            f = _fields(line, 9, where)
            span, s_sent, e_sent = tokens.span(f[2:6], where)
            tokens.check(span, f[6], where)
            mentions[f[1]] = _Mention(span, s_sent, e_sent, f[8] == "PROP")
        elif label == "COREF":
            f = _fields(line, 3, where)
            chain_of.append((f[1], f[2], where))
        elif label in ("COP", "APPOS") or not line.strip():
            continue
        else:
            raise CorpusError(f"{where}: unknown line type {label!r}")
    chains: dict[str, list[_Mention]] = defaultdict(list)
    for tid, chain, where in chain_of:
        if tid not in mentions:
            raise CorpusError(f"{where}: COREF refers to unknown mention {tid}")
        chains[chain].append(mentions[tid])
    for ms in chains.values():
        ms.sort(key=lambda m: (m.span.start, m.span.end))
    return dict(chains)


def _read_quotes(path: Path, tokens: _Tokens) -> list[tuple[Span, int, int, str | None]]:
    """(span, first sentence, last sentence, speaker chain id) of every quote, in file order."""
    quotes: dict[str, tuple[Span, int, int]] = {}
    speakers: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        where = f"{path}:{lineno}"
        label = line.split("\t", 1)[0]
        if label == "QUOTE":
            f = _fields(line, 7, where)
            span, s_sent, e_sent = tokens.span(f[2:6], where)
            tokens.check(span, f[6], where)
            quotes[f[1]] = (span, s_sent, e_sent)
        elif label == "ATTRIB":
            f = _fields(line, 3, where)
            if f[1] not in quotes:
                raise CorpusError(f"{where}: ATTRIB for unknown quote {f[1]}")
            speakers[f[1]] = f[2]
        elif line.strip():
            raise CorpusError(f"{where}: unknown line type {label!r}")
    return [(span, s, e, speakers.get(qid)) for qid, (span, s, e) in quotes.items()]


def _entity(chain_id: str, mentions: list[_Mention], text: str) -> Entity:
    proper = [m for m in mentions if m.proper] or mentions
    # Longest, then earliest: deterministic when two names have the same length.
    best = min(proper, key=lambda m: (-(m.span.end - m.span.start), m.span.start))
    name = text[best.span.start : best.span.end]
    spans = tuple(sorted({m.span for m in mentions}))
    return Entity(id=chain_id, name=name, kind="person", mentions=spans)


def _speaker(
    span: Span, first_sent: int, last_sent: int, mentions: list[_Mention], quoted: list[Span]
) -> Span | None:
    """The chain mention nearest to the quote, in its sentences or an adjacent one, outside quotations."""
    best: tuple[int, int, Span] | None = None
    for m in mentions:
        if m.last_sent < first_sent - 1 or m.first_sent > last_sent + 1:
            continue
        if any(m.span.overlaps(q) for q in quoted):
            continue
        gap = span.start - m.span.end if m.span.end <= span.start else m.span.start - span.end
        key = (gap, m.span.start, m.span)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None


def split_of(index: int) -> str:
    """Split of the work at ``index`` (0-based) in sorted file-name order (see :func:`convert`)."""
    return {8: "test", 9: "dev"}.get(index % 10, "train")


def convert(src_dir: Path, split: str | None = None) -> Iterator[Document]:
    """Yield LitBank excerpts as gold documents, in sorted file-name order.

    ``src_dir`` is the LitBank folder (with ``quotations/tsv`` and ``coref/tsv``). The text of each
    document is the tokenised excerpt: tokens joined by single spaces, sentences by ``"\\n"``; all offsets
    refer to it.

    Split (by work, deterministic): the 100 ``.txt`` files are sorted by name (Python string order);
    the file at 0-based position ``i`` is ``test`` when ``i % 10 == 8``, ``dev`` when ``i % 10 == 9``,
    else ``train`` (80/10/10 works; 1,545/124/96 quotes). Interleaving rather than contiguous blocks
    spreads the excerpts without dialogue, which cluster at the end of the sorted list, over the splits.
    The two residues are chosen so that the novels shared with QuoteLi3 land on the same side in both
    corpora: ``1342_pride_and_prejudice`` (position 14) is train and ``158_emma`` (position 19) is dev,
    as in :func:`attrib.data.quoteli3.convert`, so the corpora can be combined without one novel on
    both sides. ``split=None`` yields all 100.
    """
    if split is not None and split not in SPLITS:
        raise CorpusError(f"unknown LitBank split {split!r}", hint=f"use one of {', '.join(SPLITS)} or None")
    quote_dir, coref_dir = src_dir / "quotations" / "tsv", src_dir / "coref" / "tsv"
    if not quote_dir.is_dir() or not coref_dir.is_dir():
        raise CorpusError(
            f"{src_dir}: not a LitBank folder (expected {quote_dir} and {coref_dir})",
            hint="pass the LitBank folder, e.g. ../shared/data/litbank",
        )
    for index, txt in enumerate(sorted(quote_dir.glob("*.txt"), key=lambda p: p.name)):
        if split is not None and split_of(index) != split:
            continue
        yield _convert_one(txt, coref_dir)


def _convert_one(txt: Path, coref_dir: Path) -> Document:
    ann, coref_ann = txt.with_suffix(".ann"), coref_dir / (txt.stem + ".ann")
    for needed in (ann, coref_ann):
        if not needed.is_file():
            raise CorpusError(f"{txt}: missing annotation file {needed}")
    tokens = _Tokens(txt)
    text = tokens.text
    raw_quotes = _read_quotes(ann, tokens)
    chains = _read_coref(coref_ann, tokens) if any(q[3] for q in raw_quotes) else {}
    marks = find_marks(text)
    quoted = [span for span, _s, _e, _c in raw_quotes]
    entities: dict[str, Entity] = {}
    quotes: list[Quote] = []
    for span, first_sent, last_sent, chain_id in sorted(raw_quotes, key=lambda q: (q[0].start, q[0].end)):
        speaker = None
        if chain_id is not None:
            if chain_id not in chains:
                raise CorpusError(f"{ann}: speaker {chain_id!r} is not a coreference chain in {coref_ann}")
            if chain_id not in entities:
                entities[chain_id] = _entity(chain_id, chains[chain_id], text)
            speaker = _speaker(span, first_sent, last_sent, chains[chain_id], quoted)
        quotes.append(
            Quote(
                fragments=(span,),
                type=quote_type(text, [span], marks),
                speaker=speaker,
                entity=chain_id,
                id=f"q{len(quotes) + 1}",
            )
        )
    # Order of first mention, so the output is deterministic (every speaking chain has mentions).
    ordered = sorted(entities.values(), key=lambda e: (e.mentions[0].start, e.id))
    return Document(
        text=text,
        id=f"litbank/{txt.stem}",
        quotes=tuple(quotes),
        entities=tuple(ordered),
        source=str(txt),
        format="txt",
    )
