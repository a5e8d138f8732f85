"""Input files → Documents: plain text, Markdown, HTML, Word (.docx), JSONL and standard input.

``read_inputs`` reads the paths given on a command line and yields one ``Input`` per file, in input order,
each holding the file's documents and the coded errors met reading it, so a caller can report a bad file and
go on with the others. ``read_path`` is the strict form: it returns the documents or raises the first error.

Offsets in every Document are into ``Document.text`` as this module builds it:

- ``.txt`` and ``.md``: the file's characters exactly as written, decoded as UTF-8, with a leading byte
  order mark removed (so offset 0 is the first character after the BOM) and line endings kept as they are
  (a CRLF file has ``\\r\\n`` in its text). ``.md`` documents also get a ``model_text`` of the same length
  with the Markdown syntax blanked to spaces (see ``markdown_model_text``).
- ``.html``/``.htm``: the visible text, one paragraph per block element, paragraphs separated by one blank
  line (``\\n\\n``), so ``Document.paragraph`` counts the page's paragraphs.
- ``.docx``: the non-empty paragraphs of the body (table cells included), separated by one blank line, so
  paragraph *n* of the Document is the *n*-th non-empty paragraph in Word.
- ``.jsonl``: the ``text`` field of each record.

Nothing here writes to or modifies an input.
"""

from __future__ import annotations

import bisect
import codecs
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from .document import Document
from .errors import (
    AttribError,
    BinaryInput,
    InputNotFound,
    InputTooLarge,
    MalformedJsonl,
    NoTextFiles,
    UndecodableInput,
    UnreadableInput,
    UnsupportedInput,
    UsageError,
)

SUPPORTED: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".jsonl")
DEFAULT_MAX_BYTES = 10_000_000
STDIN_NAME = "<stdin>"

_MAX_BYTES_HINT = "raise the limit with --max-bytes N, or max_bytes = N under [tool.attrib] in pyproject.toml"
_SUPPORTED_HINT = f"supported: {', '.join(SUPPORTED)}; other text can be piped to standard input with -"

# Leading bytes of formats that are not text, with the name to show the user.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office document (.doc/.xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
)
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Input:
    """What one input produced: its documents and the errors met reading it, both in file order.

    A file that cannot be read at all has no documents and one error. A JSONL file can have both: each
    malformed line is one error and the good lines are still documents.
    """

    path: str
    documents: tuple[Document, ...] = ()
    errors: tuple[AttribError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


ReadResult = Input


# -- public API -----------------------------------------------------------------------------------------
def read_inputs(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: TextIO | BinaryIO | None = None
) -> Iterator[Input]:
    """Read each path in order and yield one ``Input`` per file; never raises for a bad input.

    A directory expands to its supported files, recursively, depth first with the entries of each directory
    sorted by name; hidden entries (``.name``) and files of other types are skipped and symbolic links to
    directories are not followed. ``-`` reads standard input (``stdin``, else ``sys.stdin``) as UTF-8 text.
    Files larger than ``max_bytes`` are refused with ``InputTooLarge``.
    """
    if max_bytes < 1:
        raise UsageError(f"max_bytes must be a positive number of bytes, got {max_bytes}")
    for given in paths:
        if given == "-":
            yield _guard(given, _read_stdin, stdin, max_bytes)
            continue
        path = Path(given)
        try:
            if not given:
                raise InputNotFound("an empty path was given", hint="use - to read standard input")
            is_dir = stat.S_ISDIR(_stat(path, given).st_mode)
        except AttribError as exc:
            yield Input(given, errors=(exc,))
            continue
        if not is_dir:
            yield _guard(given, _read_file, path, given, max_bytes)
            continue
        files = _expand(path)
        if not files:
            error = NoTextFiles(f"{given}: no supported files in it or below", hint=_SUPPORTED_HINT)
            yield Input(given, errors=(error,))
        for entry in files:
            if isinstance(entry, _Unreadable):
                shown = str(entry.path)
                error = UnreadableInput(f"{shown}: cannot list directory: {entry.reason}")
                yield Input(shown, errors=(error,))
            else:
                yield _guard(str(entry), _read_file, entry, str(entry), max_bytes)


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """The documents of one file or directory; raises the first coded error met (JSONL lines included)."""
    documents: list[Document] = []
    for result in read_inputs([str(path)], max_bytes=max_bytes):
        if result.errors:
            raise result.errors[0]
        documents.extend(result.documents)
    return documents


# -- paths ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Unreadable:
    path: Path
    reason: str


def _guard(shown: str, read: Callable[..., Input], *args: Any) -> Input:
    try:
        return read(*args)
    except AttribError as exc:
        return Input(shown, errors=(exc,))


def _stat(path: Path, shown: str) -> os.stat_result:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputNotFound(
            f"{shown}: no such file or directory", hint="check the path; use - to read standard input"
        ) from None
    except OSError as exc:
        raise UnreadableInput(f"{shown}: cannot read: {exc.strerror or exc}") from None


def _expand(directory: Path) -> list[Path | _Unreadable]:
    found: list[Path | _Unreadable] = []
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return [_Unreadable(directory, exc.strerror or str(exc))]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_expand(directory / entry.name))
            elif entry.is_file() and Path(entry.name).suffix.lower() in SUPPORTED:
                found.append(directory / entry.name)
        except OSError as exc:
            found.append(_Unreadable(directory / entry.name, exc.strerror or str(exc)))
    return found


def _read_file(path: Path, shown: str, max_bytes: int) -> Input:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        kind = repr(suffix) if suffix else "(no extension)"
        raise UnsupportedInput(f"{shown}: unsupported file type {kind}", hint=_SUPPORTED_HINT)
    data = _load(path, shown, max_bytes)
    if suffix == ".jsonl":
        documents, errors = _jsonl_documents(data, shown)
        return Input(shown, tuple(documents), tuple(errors))
    if suffix == ".docx":
        document = _docx_document(data, shown)
    elif suffix in (".html", ".htm"):
        markup = _decode_html(data, shown)
        try:
            text = html_text(markup)
        except RecursionError:
            raise UnreadableInput(f"{shown}: the HTML is nested too deeply to read") from None
        document = Document(text, id=shown, source=shown, format="html")
    elif suffix in (".md", ".markdown"):
        text = decode_text(data, shown)
        document = Document(text, id=shown, source=shown, format="md", model_text=markdown_model_text(text))
    else:
        document = Document(decode_text(data, shown), id=shown, source=shown, format="txt")
    return Input(shown, (document,))


def _too_large(shown: str, size: str, max_bytes: int) -> InputTooLarge:
    return InputTooLarge(
        f"{shown}: {size} bytes is over the limit of {max_bytes:,} bytes", hint=_MAX_BYTES_HINT
    )


def _load(path: Path, shown: str, max_bytes: int) -> bytes:
    size = _stat(path, shown).st_size
    if size > max_bytes:
        raise _too_large(shown, f"{size:,}", max_bytes)
    try:
        with path.open("rb") as fh:
            # Read one byte past the limit: st_size is 0 for pipes and a file can grow after the stat.
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputNotFound(f"{shown}: no such file or directory") from None
    except OSError as exc:
        raise UnreadableInput(
            f"{shown}: cannot read: {exc.strerror or exc}", hint="check the file's permissions"
        ) from None
    if len(data) > max_bytes:
        raise _too_large(shown, f"more than {max_bytes:,}", max_bytes)
    return data


def _read_stdin(stream: TextIO | BinaryIO | None, max_bytes: int) -> Input:
    stream = stream if stream is not None else sys.stdin
    # The binary buffer keeps CRLF and lets decode_text report bad bytes; a text-only stream is re-encoded.
    source = getattr(stream, "buffer", stream)
    try:
        chunk = source.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInput(f"{STDIN_NAME}: cannot read: {exc.strerror or exc}") from None
    if isinstance(chunk, str):
        try:
            data = chunk.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            raise UndecodableInput(
                f"{STDIN_NAME}: the text has an unencodable character at offset {exc.start}"
            ) from None
    else:
        data = chunk
    if len(data) > max_bytes:
        raise _too_large(STDIN_NAME, f"more than {max_bytes:,}", max_bytes)
    text = decode_text(data, STDIN_NAME)
    return Input("-", (Document(text, id=STDIN_NAME, source=STDIN_NAME, format="txt"),))


# -- bytes → text ---------------------------------------------------------------------------------------
def _check_binary(data: bytes, shown: str) -> None:
    head = data[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UndecodableInput(f"{shown}: the file is UTF-16 encoded", hint="re-save it as UTF-8")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise BinaryInput(
                f"{shown}: not a text file (it looks like {kind})", hint="convert it to text first"
            )
    nul = head.find(b"\x00")
    if nul >= 0:
        raise BinaryInput(
            f"{shown}: not a text file (NUL byte at byte offset {nul})",
            hint="if it is UTF-16 or UTF-32 text, re-save it as UTF-8",
        )


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 bytes → text, BOM removed, line endings untouched; coded errors name ``shown``.

    Raises ``BinaryInput`` for NUL bytes in the first 8 KB or a known binary signature, and
    ``UndecodableInput`` with the byte offset (in the file, BOM included) of the first invalid byte.
    """
    _check_binary(data, shown)
    skipped = 0
    if data.startswith(codecs.BOM_UTF8):
        skipped = len(codecs.BOM_UTF8)
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skipped
        line = data.count(b"\n", 0, at) + 1
        raise UndecodableInput(
            f"{shown}: not valid UTF-8 at byte offset {at} "
            f"(line {line}, byte 0x{data[at]:02x}: {exc.reason})",
            hint="re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes, shown: str) -> str:
    try:
        return decode_text(data, shown)
    except UndecodableInput:
        # Saved web pages are often in a legacy encoding they declare; honour the declaration, not a guess.
        m = _META_CHARSET.search(data[:_SNIFF_BYTES])
        if m:
            try:
                encoding = codecs.lookup(m.group(1).decode("ascii")).name
                # As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is Windows-1252.
                if encoding in ("iso8859-1", "ascii"):
                    encoding = "cp1252"
                if encoding != "utf-8":
                    return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass
        raise


# -- Markdown -------------------------------------------------------------------------------------------
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(  # YAML: "---", a "key:" line, ..., "---" or "..."
    r"---[ \t]*\r?\n(?=[A-Za-z_][\w -]*:)(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.DOTALL
)
_RULE_LINE = re.compile(r" {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*")  # setext or break
_LINK_DEF = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S.*")
_TABLE_SEP = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?")
_QUOTE_MARKER = re.compile(r" {0,3}>[ \t]?")
_HEADING = re.compile(r"[ \t]*(#{1,6})(?:[ \t]|$)")
_HEADING_CLOSE = re.compile(r"[ \t](#+)[ \t]*$")
_BULLET = re.compile(r"[ \t]*([-*+])[ \t]+")
_ORDERED = re.compile(r"[ \t]*(\d{1,9}[.)])[ \t]+")
# Where an inline construct starts; comments and code spans are closed by hand (see _blank_inline).
_INLINE = re.compile(
    r"(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<hardbreak>\\(?=\r?\n))"
    r"|(?P<comment><!--)"
    r"|(?P<ticks>`+)"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
)
_LINK_TAIL = r"""\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"""
_IMAGE = re.compile(rf"!\[[^\[\]]*\]{_LINK_TAIL}")
_LINK = re.compile(rf"(\[)(?:[^\[\]]|\[[^\[\]]*\])*(\]{_LINK_TAIL}|\]\[[^\[\]\n]*\])")
_DELIMITER_RUN = re.compile(r"\*+|_+|~+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\r?\n")


class _Blanker:
    """A mutable copy of the text in which ranges are blanked to spaces (line breaks are kept)."""

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self.protected = bytearray(len(text))  # code: kept verbatim, never read as markup

    def blank(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.chars[i] not in "\r\n" and not self.protected[i]:
                self.chars[i] = " "

    def protect(self, start: int, end: int) -> None:
        self.protected[start:end] = b"\x01" * (end - start)

    def free(self, *positions: int) -> bool:
        return not any(self.protected[p] for p in positions)

    def current(self) -> str:
        return "".join(self.chars)


def markdown_model_text(text: str) -> str:
    """``text`` with Markdown syntax blanked to spaces: same length, same line breaks, same offsets.

    Blanked: YAML front matter; ATX heading ``#``s; setext underlines and thematic breaks; blockquote ``>``s;
    list bullets and ordered-list numbers (the latter only at the start of a paragraph or list, so a
    wrapped line beginning "1984. " stays text); code fences (the code between them is kept verbatim);
    backticks of inline code; emphasis ``*``, ``_``, ``**``, ``__``, ``~~`` that open and close a run (never
    inside a word, so snake_case stays); link syntax (``[text](url "title")`` and ``[text][ref]`` keep only
    ``text``); whole images; link reference definitions; autolink brackets; raw HTML tags; HTML comments;
    table pipes and separator rows; the backslash of an escape. Quotation marks and apostrophes in prose are
    never blanked, nor are bare brackets, which news uses for editorial insertions ("[He] said").
    """
    b = _Blanker(text)
    regions = _markdown_blocks(text, b)
    for start, end in regions:
        _blank_inline(text, start, end, b)
    current = b.current()
    for start, end in regions:
        for m in _IMAGE.finditer(current, start, end):
            if b.free(m.start()):
                b.blank(m.start(), m.end())
        for m in _LINK.finditer(current, start, end):
            if b.free(m.start(1), m.start(2)) and not re.search(r"\n[ \t]*\r?\n", m.group()):
                b.blank(m.start(1), m.end(1))
                b.blank(m.start(2), m.end(2))
    # Code and escaped characters become a placeholder that is neither space nor word nor delimiter.
    scan = "".join("\x01" if p else c for c, p in zip(b.current(), b.protected))
    for start, end in regions:
        bounds = [start, *(m.end() for m in _PARAGRAPH_BREAK.finditer(scan, start, end)), end]
        for p_start, p_end in zip(bounds, bounds[1:]):
            _blank_emphasis(scan, p_start, p_end, b)
    return b.current()


def _blank_inline(text: str, start: int, end: int, b: _Blanker) -> None:
    """Escapes, hard breaks, comments, code spans, autolinks and tags, left to right.

    Closing marks are looked up rather than scanned for, so that unclosed ``<!--`` or backtick runs cost
    linear time: a code span closes at the next backtick run of the same length in the same paragraph.
    """
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]
    runs: dict[int, list[int]] = {}  # backtick run length → starts of such runs, ascending
    for m in re.finditer("`+", text[start:end]):
        runs.setdefault(len(m.group()), []).append(start + m.start())
    next_close: int | None = None  # the first "-->" at or after the last position searched (-1: none)
    pos = start
    while (m := _INLINE.search(text, pos, end)) is not None:
        pos = m.end()
        kind = m.lastgroup
        if kind == "escape":
            b.blank(m.start(), m.start() + 1)
            b.protect(m.start() + 1, m.end())
        elif kind == "comment":
            if next_close is None or 0 <= next_close < m.end():
                next_close = text.find("-->", m.end(), end)
            if next_close >= 0:
                pos = next_close + 3
                b.blank(m.start(), pos)
        elif kind == "ticks":
            n = len(m.group())
            starts = runs.get(n, [])  # a run can start mid-way when an escape took its first backtick
            i = bisect.bisect_right(starts, m.start())
            j = bisect.bisect_right(breaks, m.start())
            paragraph_end = breaks[j] if j < len(breaks) else end
            if i < len(starts) and starts[i] < paragraph_end:
                close = starts[i]
                b.blank(m.start(), m.end())
                b.blank(close, close + n)
                b.protect(m.end(), close)
                pos = close + n
        elif kind == "autolink":
            b.blank(m.start(), m.start() + 1)
            b.blank(m.end() - 1, m.end())
        else:  # hardbreak, tag
            b.blank(m.start(), m.end())


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _blank_emphasis(scan: str, start: int, end: int, b: _Blanker) -> None:
    """Pair the emphasis delimiter runs of one paragraph with a stack per character, and blank the pairs.

    A run opens when followed by a non-space and not preceded by a word character, and closes when preceded
    by a non-space and not followed by a word character, so delimiters inside words (snake_case, 2*3*4) and
    surrounded by spaces (2 * 3) stay text. Linear in the paragraph's length, whatever its delimiters.
    """
    stacks: dict[str, list[list[int]]] = {}  # character → [[run start, unmatched length], …]
    for m in _DELIMITER_RUN.finditer(scan, start, end):
        run_start, run_end = m.span()
        char = scan[run_start]
        if char == "~" and run_end - run_start != 2:  # ~~strike~~ only; a single ~ means "about"
            continue
        before = scan[run_start - 1] if run_start > start else " "
        after = scan[run_end] if run_end < end else " "
        stack = stacks.setdefault(char, [])
        if not before.isspace() and not _is_word(after) and stack:
            at, left = run_start, run_end - run_start
            while left and stack:
                opener = stack[-1]
                k = min(opener[1], left)
                b.blank(opener[0] + opener[1] - k, opener[0] + opener[1])
                b.blank(at, at + k)
                opener[1] -= k
                if not opener[1]:
                    stack.pop()
                at, left = at + k, left - k
        elif not after.isspace() and not _is_word(before):
            stack.append([run_start, run_end - run_start])


def _markdown_blocks(text: str, b: _Blanker) -> list[tuple[int, int]]:
    """Blank the line-level syntax; return the ranges outside fenced code, for the inline passes."""
    regions: list[tuple[int, int]] = []
    region_start = 0
    start = 0
    m = _FRONT_MATTER.match(text)
    if m:
        b.blank(0, m.end())
        start = region_start = m.end()
    fence: str | None = None
    # An ordered-list number only counts at the start of a paragraph or inside a list, so that a wrapped
    # line beginning "1984. " stays text.
    paragraph_start = True
    in_list = False
    for line_m in _LINE.finditer(text, start):
        line_start = line_m.start()
        line = line_m.group().rstrip("\r\n")
        line_end = line_start + len(line)
        fm = _FENCE.match(line)
        if fence is not None:
            closing = fm is not None and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence)
            if fm is not None and closing and not line[fm.end() :].strip():
                b.blank(line_start, line_end)
                fence = None
                region_start = line_m.end()
            else:
                b.protect(line_start, line_end)
            continue
        if fm and not (fm.group(1)[0] == "`" and "`" in line[fm.end():]):
            b.blank(line_start, line_end)
            fence = fm.group(1)
            regions.append((region_start, line_start))
            continue
        if not line.strip():
            paragraph_start = True
            continue
        if _RULE_LINE.fullmatch(line) or _LINK_DEF.fullmatch(line) or _TABLE_SEP.fullmatch(line):
            b.blank(line_start, line_end)
            paragraph_start = True
            continue
        pos = 0
        while (q := _QUOTE_MARKER.match(line, pos)) is not None:
            b.blank(line_start + pos, line_start + q.end())
            pos = q.end()
        if line[pos:].lstrip().startswith("|"):
            for i, ch in enumerate(line[pos:], pos):
                if ch == "|" and (i == 0 or line[i - 1] != "\\"):
                    b.blank(line_start + i, line_start + i + 1)
        is_list = False
        heading = _HEADING.match(line, pos)
        if heading:
            b.blank(line_start + heading.start(1), line_start + heading.end(1))
            close = _HEADING_CLOSE.search(line, heading.end())
            if close:
                b.blank(line_start + close.start(1), line_start + close.end(1))
        elif bullet := _BULLET.match(line, pos):
            b.blank(line_start + bullet.start(1), line_start + bullet.end(1))
            is_list = True
        elif (paragraph_start or in_list) and (number := _ORDERED.match(line, pos)):
            b.blank(line_start + number.start(1), line_start + number.end(1))
            is_list = True
        in_list = is_list or (in_list and line[:1] in " \t")
        paragraph_start = bool(heading)
    if fence is None:
        regions.append((region_start, len(text)))
    return regions


# -- HTML -----------------------------------------------------------------------------------------------
_HTML_DROP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "canvas"}
)
_HTML_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)
_HTML_CELLS = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


class _HtmlText:
    """Collects visible text as paragraphs; ``None`` in the buffer is a ``<br>``."""

    def __init__(self) -> None:
        from bs4 import element  # imported here: only HTML input needs BeautifulSoup

        self.element = element
        self.paragraphs: list[str] = []
        self.buffer: list[str | None] = []
        self.q_depth = 0

    def flush(self) -> None:
        lines: list[str] = []
        current: list[str] = []
        for piece in [*self.buffer, None]:
            if piece is None:
                lines.append(_WHITESPACE.sub(" ", "".join(current)).strip())
                current = []
            else:
                current.append(piece)
        self.buffer.clear()
        # One <br> is a line break inside the paragraph; two in a row (an empty line) end the paragraph.
        paragraph: list[str] = []
        for line in [*lines, ""]:
            if line:
                paragraph.append(line)
            elif paragraph:
                self.paragraphs.append("\n".join(paragraph))
                paragraph = []

    def walk(self, node: Any) -> None:
        for child in node.children:
            if isinstance(child, self.element.PreformattedString):  # comments, doctype, CDATA, <?…?>
                continue
            if isinstance(child, self.element.NavigableString):
                self.buffer.append(str(child))
                continue
            if not isinstance(child, self.element.Tag):
                continue
            name = child.name.lower()
            hidden = child.has_attr("hidden") or _HIDDEN_STYLE.search(str(child.get("style", "")))
            if name in _HTML_DROP or hidden:
                continue
            if name == "br":
                self.buffer.append(None)
            elif name == "pre":
                self.flush()
                self.paragraphs.extend(_pre_paragraphs(child.get_text()))
            elif name in _HTML_BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            elif name in _HTML_CELLS:
                self.buffer.append(" ")
                self.walk(child)
                self.buffer.append(" ")
            elif name == "q":
                # Browsers draw the quotation marks of <q>; they are part of the visible text.
                opening, closing = ("“", "”") if self.q_depth % 2 == 0 else ("‘", "’")
                self.q_depth += 1
                self.buffer.append(opening)
                self.walk(child)
                self.buffer.append(closing)
                self.q_depth -= 1
            else:
                self.walk(child)


def _pre_paragraphs(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    body = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
    return [body] if body.strip() else []


def html_text(markup: str) -> str:
    """The visible text of an HTML page: block elements become paragraphs separated by one blank line.

    Inline whitespace is collapsed to single spaces, entities are decoded, ``<pre>`` keeps its line breaks,
    one ``<br>`` is a line break and two in a row a paragraph break, ``<q>`` gets its quotation marks, and
    scripts, styles, ``<head>``, ``<template>``, ``<noscript>`` and ``hidden``/``display:none`` elements are
    left out.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    collector = _HtmlText()
    collector.walk(soup)
    collector.flush()
    return "\n\n".join(collector.paragraphs)


# -- Word -----------------------------------------------------------------------------------------------
def _docx_document(data: bytes, shown: str) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInput(
            f"{shown}: this is an old binary Word (.doc) file, not .docx",
            hint="open it in Word or LibreOffice and save it as .docx",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise UnreadableInput(
            f"{shown}: not a valid .docx file (a .docx is a ZIP package and this file is not one)",
            hint="was another format renamed to .docx? save it as .docx from Word, or as .txt",
        )
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_paragraphs(word))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and ValueError errors alike
        raise UnreadableInput(
            f"{shown}: not a valid .docx file ({type(exc).__name__}: {exc})",
            hint="open it in Word or LibreOffice and save it again as .docx",
        ) from None
    return Document("\n\n".join(paragraphs), id=shown, source=shown, format="docx")


def _docx_paragraphs(container: Any) -> Iterator[str]:
    """Non-empty paragraph texts in document order, descending into table cells (merged cells once)."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: set[Any] = set()
            for row in item.rows:
                for cell in row.cells:
                    # A merged cell is returned once per grid column/row it spans; its XML element is shared.
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from _docx_paragraphs(cell)
        else:
            # Line breaks inside a Word paragraph stay single newlines: never read as a paragraph break.
            text = re.sub(r"\n\s*\n", "\n", item.text).strip()
            if text:
                yield text


# -- JSONL ----------------------------------------------------------------------------------------------
def _jsonl_documents(data: bytes, shown: str) -> tuple[list[Document], list[AttribError]]:
    """One Document per good line; each bad line is an error and reading goes on with the next line."""
    from .wire import from_dict

    _check_binary(data, shown)
    documents: list[Document] = []
    errors: list[AttribError] = []
    stem = Path(shown).stem
    offset = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    for number, raw in enumerate(data[offset:].split(b"\n"), 1):
        line_offset = offset
        offset += len(raw) + 1
        where = f"{shown}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                UndecodableInput(
                    f"{where}: not valid UTF-8 at byte offset {line_offset + exc.start} ({exc.reason})",
                    hint="re-save the file as UTF-8",
                )
            )
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(MalformedJsonl(f"{where}: not valid JSON: {exc.msg} at column {exc.colno}"))
            continue
        try:
            documents.append(_jsonl_record(record, where, f"{stem}:{number}", shown, from_dict))
        except AttribError as exc:
            errors.append(exc)
    return documents, errors


def _jsonl_record(record: Any, where: str, default_id: str, shown: str, from_dict: Any) -> Document:
    hint = 'each line must be a JSON object with a string "text" (and optionally "id")'
    if not isinstance(record, dict):
        raise MalformedJsonl(f"{where}: expected a JSON object, got {type(record).__name__}", hint=hint)
    if "quotes" in record:
        document: Document = from_dict(record, where=where)
        return replace(document, id=document.id or default_id, source=shown, format="jsonl")
    if "text" not in record:
        raise MalformedJsonl(f'{where}: missing the "text" field', hint=hint)
    text = record["text"]
    if not isinstance(text, str):
        raise MalformedJsonl(f'{where}: "text" must be a string, got {type(text).__name__}', hint=hint)
    doc_id = record.get("id")
    if doc_id is None or doc_id == "":
        doc_id = default_id
    elif isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    elif not isinstance(doc_id, str):
        raise MalformedJsonl(f'{where}: "id" must be a string, got {type(doc_id).__name__}', hint=hint)
    return Document(text, id=doc_id, source=shown, format="jsonl")
