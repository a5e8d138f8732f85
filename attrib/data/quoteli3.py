"""QuoteLi3 (Muzny et al., EACL 2017; the ``corpus/*.xml`` of CompNet/Grimbert) → wire-format gold documents.

Each book is one XML file: ``<characters>`` lists ``<character name=… aliases="a;b;…">`` and ``<text>`` holds
``<chapter>`` elements whose text carries inline ``<quote id=… speaker=CHARACTER connection=MENTION_IDS>``,
``<mention id=… speaker=CHARACTER connection=QUOTE_IDS>`` (many ``<mention>`` have no attributes at all) and,
in *Emma*, ``<null>`` (verses and letters that are not speech). Quotes and mentions nest inside quotes.

Conventions of the produced documents:

- one document per chapter (a whole novel is 200-600k characters, too big for one record); the text is the
  chapter's character data with every tag removed, exactly as the XML parser returns it (entities such as
  ``&amp;`` resolved, line ends normalised to ``\\n``); offsets refer to it. Doc ids are
  ``quoteli3/<file stem>/chNN`` with NN the 1-based position of the chapter in the file;
- one quote per ``<quote>``, quotation marks included as annotated, white space at the edges of the
  element trimmed (a few elements start with a newline); one fragment, no cue, typed by
  :func:`attrib.marks.quote_type` against the whole chapter's marks;
- ``speaker="NOTANUTTERANCE"`` elements (scare quotes, 2 in *Pride and Prejudice*) are not speech and are
  dropped; ``speaker="UNSURE"`` (1) is kept with no entity and no speaker mention;
- ``speaker`` is the ``<mention>`` the quote's ``connection`` names (the nearest one when it names several);
  ``entity`` is the character (id = the ``name`` attribute, name = its first alias, the readable
  canonical form such as ``Mrs. Bennet``, kind person, mentions = every ``<mention speaker=…>`` of that
  character in the chapter). Only characters who speak in the chapter become entities. Mentions without a
  ``speaker`` attribute are not linked to any character (aliases are ambiguous, e.g. "Bennet").

The stdlib expat parser is used directly (it is what :mod:`xml.etree` runs on) because it reports the line of
every element, so errors name ``file:line``; etree's C parser does not expose positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from ..document import Document, Entity, Quote, Span
from ..errors import CorpusError
from ..marks import find_marks, quote_type

# file stem → (title, split). Split by book because Emma and Pride and Prejudice also occur in other novel
# corpora (LitBank has excerpts of both: P&P is in its train split, Emma in its dev split).
BOOKS: dict[str, tuple[str, str]] = {
    "pp": ("Pride and Prejudice", "train"),
    "steppe": ("The Steppe", "train"),
    "emma": ("Emma", "dev"),
}
SPLITS: tuple[str, ...] = ("train", "dev")
NOT_SPEECH = "NOTANUTTERANCE"
UNSURE = "UNSURE"
_INLINE = ("quote", "mention", "null")


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    start: int
    end: int = -1


@dataclass
class _Chapter:
    line: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    elements: list[_Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Book:
    characters: dict[str, tuple[str, int]] = field(default_factory=dict)  # name → (display name, line)
    chapters: list[_Chapter] = field(default_factory=list)


def _parse(path: Path) -> _Book:
    """Characters and chapters of one book file; every element keeps its line for error messages."""
    book = _Book()
    parser = expat.ParserCreate()
    parser.buffer_text = True  # character data in one piece, not split at every entity or buffer end
    chapter: _Chapter | None = None
    open_elements: list[_Element] = []

    def fail(message: str) -> NoReturn:
        raise CorpusError(f"{path}:{parser.CurrentLineNumber}: {message}")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal chapter
        if name == "chapter":
            if chapter is not None:
                fail("<chapter> inside a chapter")
            chapter = _Chapter(parser.CurrentLineNumber)
            book.chapters.append(chapter)
        elif chapter is not None:
            if name not in _INLINE:
                fail(f"unexpected <{name}> inside a chapter (expected quote, mention or null)")
            open_elements.append(_Element(name, dict(attrs), parser.CurrentLineNumber, chapter.length))
        elif name == "character":
            if not attrs.get("name"):
                fail("<character> without a name")
            first_alias = attrs.get("aliases", "").split(";")[0].strip()
            display = first_alias or attrs["name"].replace("_", " ")
            book.characters[attrs["name"]] = (display, parser.CurrentLineNumber)
        elif name in _INLINE:
            fail(f"<{name}> outside a chapter")

    def end(name: str) -> None:
        nonlocal chapter
        if chapter is None:
            return
        if name == "chapter":
            chapter = None
        else:
            element = open_elements.pop()
            element.end = chapter.length
            chapter.elements.append(element)

    def data(text: str) -> None:
        # Text between chapters (indentation of the pretty-printed file) belongs to no document.
        if chapter is not None:
            chapter.parts.append(text)
            chapter.length += len(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        with open(path, "rb") as f:
            # Bytes, not str: expat then honours a BOM or an encoding declaration itself.
            parser.ParseFile(f)
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise CorpusError(
            f"{path}:{exc.lineno}: not well-formed XML ({reason}, column {exc.offset + 1})"
        ) from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    if not book.chapters:
        raise CorpusError(f"{path}: no <chapter> elements", hint="is this a QuoteLi3 corpus file?")
    return book


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _gap(a: Span, b: Span) -> int:
    return b.start - a.end if a.end <= b.start else max(0, a.start - b.end)


def _chapter_document(path: Path, book: _Book, index: int, mention_ids: set[str]) -> Document:
    chapter = book.chapters[index]
    text = chapter.text
    mentions: dict[str, Span] = {}
    by_character: dict[str, list[Span]] = {}
    for el in chapter.elements:
        if el.tag != "mention":
            continue
        span = _trim(text, el.start, el.end)
        if el.attrs.get("id"):
            mentions[el.attrs["id"]] = span
        who = el.attrs.get("speaker")
        if who:
            if who not in book.characters:
                raise CorpusError(f"{path}:{el.line}: mention of unknown character {who!r}")
            by_character.setdefault(who, []).append(span)
    marks = find_marks(text)
    quotes: list[Quote] = []
    for el in chapter.elements:
        if el.tag != "quote":
            continue
        who = el.attrs.get("speaker") or None
        if who == NOT_SPEECH:
            continue
        if who == UNSURE:
            who = None
        if who is not None and who not in book.characters:
            qid = el.attrs.get("id", "?")
            raise CorpusError(f"{path}:{el.line}: quote {qid} by unknown character {who!r}")
        span = _trim(text, el.start, el.end)
        if not len(span):
            raise CorpusError(f"{path}:{el.line}: empty quote {el.attrs.get('id', '?')}")
        targets = [t.strip() for t in el.attrs.get("connection", "").split(",") if t.strip()]
        for t in targets:
            if t not in mention_ids:
                raise CorpusError(f"{path}:{el.line}: connection {t!r} is not the id of a <mention>")
        # A connected mention in another chapter cannot be a span of this document: no speaker mention then.
        candidates = [mentions[t] for t in targets if t in mentions]
        speaker = min(candidates, key=lambda m: (_gap(span, m), m.start)) if who and candidates else None
        qtype = quote_type(text, [span], marks)
        quotes.append(Quote(fragments=(span,), type=qtype, speaker=speaker, entity=who))
    quotes.sort(key=lambda q: (q.start, q.end))
    quotes = [
        Quote(q.fragments, q.type, q.cue, q.speaker, q.entity, id=f"q{i}") for i, q in enumerate(quotes, 1)
    ]
    speaking = {q.entity for q in quotes if q.entity is not None}
    entities = [
        Entity(
            id=who,
            name=book.characters[who][0],
            kind="person",
            mentions=tuple(sorted(set(by_character.get(who, [])))),
        )
        for who in speaking
    ]
    # Order of first appearance (first mention, else first quote), so the output is deterministic.
    first_quote: dict[str | None, int] = {}
    for q in quotes:
        first_quote.setdefault(q.entity, q.start)
    entities.sort(key=lambda e: (min([m.start for m in e.mentions] + [first_quote[e.id]]), e.id))
    return Document(
        text=text,
        id=f"quoteli3/{path.stem}/ch{index + 1:02d}",
        quotes=tuple(quotes),
        entities=tuple(entities),
        source=str(path),
        format="txt",
    )


def convert_file(path: Path) -> Iterator[Document]:
    """Yield one document per chapter of one QuoteLi3 book file."""
    book = _parse(path)
    mention_ids = {
        el.attrs["id"]
        for ch in book.chapters
        for el in ch.elements
        if el.tag == "mention" and el.attrs.get("id")
    }
    for index in range(len(book.chapters)):
        yield _chapter_document(path, book, index, mention_ids)


def convert(src_dir: Path, split: str | None = None) -> Iterator[Document]:
    """Yield QuoteLi3 chapters as gold documents, book by book in file-name order, chapters in order.

    ``src_dir`` is the QuoteLi3 folder (with ``corpus/``) or the ``corpus/`` folder itself. Split by book:
    ``train`` = *Pride and Prejudice* (``pp.xml``) + *The Steppe* (``steppe.xml``), ``dev`` = *Emma*
    (``emma.xml``); there is no test split (three books). Emma is dev because LitBank's split (see
    :func:`attrib.data.litbank.convert`) also puts its Emma excerpt in dev and its Pride and Prejudice
    excerpt in train. ``split=None`` yields every ``*.xml`` file of the folder.
    """
    if split is not None and split not in SPLITS:
        hint = f"use one of {', '.join(SPLITS)} or None (QuoteLi3 has no test split)"
        raise CorpusError(f"unknown QuoteLi3 split {split!r}", hint=hint)
    root = src_dir / "corpus" if (src_dir / "corpus").is_dir() else src_dir
    if split is None:
        files = sorted(root.glob("*.xml"))
        if not files:
            raise CorpusError(f"{src_dir}: no QuoteLi3 *.xml files", hint="pass e.g. ../shared/data/quoteli3")
    else:
        files = [root / f"{stem}.xml" for stem, (_title, s) in sorted(BOOKS.items()) if s == split]
        for f in files:
            if not f.is_file():
                raise CorpusError(f"{f}: QuoteLi3 book missing", hint="pass e.g. ../shared/data/quoteli3")
    for path in files:
        yield from convert_file(path)
