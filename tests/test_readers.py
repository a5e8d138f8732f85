"""Readers: every input format, every coded input error, and offsets into the text as read."""

from __future__ import annotations

import codecs
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from attrib.document import Document
from attrib.errors import (
    BinaryInput,
    InputNotFound,
    InputTooLarge,
    MalformedJsonl,
    NoTextFiles,
    UndecodableInput,
    UnreadableInput,
    UnsupportedInput,
    UsageError,
    WireFormatError,
)
from attrib.marks import find_marks
from attrib.readers import SUPPORTED, Input, markdown_model_text, read_inputs, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only(path: Path | str, **kwargs: int) -> Document:
    documents = read_path(path, **kwargs)
    assert len(documents) == 1
    return documents[0]


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.find(needle)
    assert start >= 0, needle
    return start, start + len(needle)


# -- plain text -----------------------------------------------------------------------------------------
def test_supported_extensions() -> None:
    assert SUPPORTED == (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".jsonl")


def test_txt_keeps_every_kind_of_quotation_mark() -> None:
    path = FIXTURES / "quotes.txt"
    doc = only(path)
    assert doc.text == path.read_bytes().decode("utf-8")
    assert (doc.id, doc.source, doc.format, doc.model_text) == (str(path), str(path), "txt", None)
    for piece in ("“We will not back down,”", '"It\'s a straight-quoted sentence,"', "mayor’s", "'90s",
                  "«C’est fini»", "„Wir schaffen das“"):
        assert piece in doc.text
    inner = {doc.text[r.inner.start : r.inner.end] for r in find_marks(doc.text).regions}
    assert {"We will not back down,", "C’est fini", "Wir schaffen das"} <= inner


def test_txt_id_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sub" / "a.txt", "x")
    monkeypatch.chdir(tmp_path)
    doc = only("sub/a.txt")
    assert doc.id == doc.source == "sub/a.txt"


def test_bom_is_removed_and_offsets_are_into_the_text_without_it(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + "“Hi,” she said.".encode())
    doc = only(path)
    assert doc.text == "“Hi,” she said."
    assert span_of(doc.text, "Hi,") == (1, 4)


def test_crlf_is_kept_and_offsets_count_it(tmp_path: Path) -> None:
    raw = "First paragraph.\r\n\r\n“We will not back down,” said Doe.\r\nSame paragraph.\r\n"
    path = write(tmp_path / "crlf.txt", raw)
    doc = only(path)
    assert doc.text == raw
    start, end = span_of(doc.text, "We will not back down,")
    assert doc.text[start:end] == "We will not back down,"
    assert start == raw.index("We")
    assert doc.paragraph(start) == 2
    assert doc.line_col(start) == (3, 2)
    assert doc.paragraph(doc.text.find("Same")) == 2


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "empty.txt", b""))
    assert doc.text == ""


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "image.txt", b"abc\x00def")
    with pytest.raises(BinaryInput) as info:
        read_path(path)
    assert info.value.code == "E104"
    assert "image.txt" in str(info.value) and "byte offset 3" in str(info.value)


def test_known_binary_signature_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(BinaryInput, match="report.txt.*PDF"):
        read_path(path)


def test_invalid_utf8_names_file_byte_offset_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.txt", "ok line\nCaf\xe9 au lait".encode("latin-1"))
    with pytest.raises(UndecodableInput) as info:
        read_path(path)
    message = str(info.value)
    assert info.value.code == "E103"
    assert "latin1.txt" in message
    assert "byte offset 11" in message
    assert "line 2" in message
    assert "0xe9" in message


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "bom-bad.txt", codecs.BOM_UTF8 + b"ab\xff")
    with pytest.raises(UndecodableInput, match="byte offset 5"):
        read_path(path)


def test_utf16_is_reported_as_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", "hello".encode("utf-16"))
    with pytest.raises(UndecodableInput, match="wide.txt.*UTF-16"):
        read_path(path)


def test_too_large_names_size_limit_and_option(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 2048)
    with pytest.raises(InputTooLarge) as info:
        read_path(path, max_bytes=1000)
    message = str(info.value)
    assert info.value.code == "E105"
    assert "big.txt" in message and "2,048" in message and "1,000" in message
    assert "--max-bytes" in message and "max_bytes" in message
    assert only(path, max_bytes=2048).text == "x" * 2048


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        list(read_inputs([str(tmp_path)], max_bytes=0))


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as info:
        read_path(tmp_path / "nope.txt")
    assert info.value.code == "E101"
    assert "nope.txt" in str(info.value)


def test_unsupported_extension_lists_supported_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.rtf", "{\\rtf1 hi}")
    with pytest.raises(UnsupportedInput) as info:
        read_path(path)
    assert info.value.code == "E107"
    assert "notes.rtf" in str(info.value) and "'.rtf'" in str(info.value)
    assert all(ext in str(info.value) for ext in SUPPORTED)


def test_permission_error_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", "text")

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(UnreadableInput) as info:
        read_path(path)
    assert info.value.code == "E108"
    assert "secret.txt" in str(info.value) and "Permission denied" in str(info.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_on_disk(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "text")
    path.chmod(0)
    try:
        with pytest.raises(UnreadableInput, match="locked.txt"):
            read_path(path)
    finally:
        path.chmod(0o644)


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    path = write(tmp_path / "keep.md", "# Title\n\n*text*\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_path(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


# -- read_inputs: order, directories, stdin ------------------------------------------------------------
def test_errors_do_not_stop_the_other_inputs(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "A")
    b = write(tmp_path / "b.txt", "B")
    results = list(read_inputs([str(a), str(tmp_path / "missing.txt"), str(b)]))
    assert [r.path for r in results] == [str(a), str(tmp_path / "missing.txt"), str(b)]
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].errors[0], InputNotFound)
    assert [d.text for r in results for d in r.documents] == ["A", "B"]


def test_directory_expands_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for name in ("b.txt", "a/z.md", "a/b/c.html", "a-x.txt", "C.TXT", "skip.json", ".hidden.txt",
                 ".git/x.txt", "d/readme"):
        write(root / name, "<p>x</p>" if name.endswith("html") else "x")
    results = list(read_inputs([str(root)]))
    assert [r.path for r in results] == [
        str(root / "C.TXT"), str(root / "a" / "b" / "c.html"), str(root / "a" / "z.md"),
        str(root / "a-x.txt"), str(root / "b.txt"),
    ]
    assert all(r.ok for r in results)
    assert [d.id for r in results for d in r.documents] == [r.path for r in results]


def test_directory_ids_stay_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "docs" / "one.txt", "1")
    monkeypatch.chdir(tmp_path)
    assert [d.id for d in read_path("docs")] == [os.path.join("docs", "one.txt")]


def test_fixture_directory_reads_every_format() -> None:
    results = list(read_inputs([str(FIXTURES)]))
    names = [Path(r.path).name for r in results]
    assert names == sorted(names)
    assert {"article.html", "article.md", "quotes.txt", "records.jsonl"} <= set(names)


def test_directory_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path / "data" / "table.csv", "a,b")
    (tmp_path / "empty").mkdir()
    for directory in ("data", "empty"):
        with pytest.raises(NoTextFiles) as info:
            read_path(tmp_path / directory)
        assert info.value.code == "E102"
        assert directory in str(info.value)


def test_stdin_bytes_keep_crlf_and_drop_bom() -> None:
    stream = io.BytesIO(codecs.BOM_UTF8 + "„Ja“, sagte er.\r\n".encode())
    (result,) = read_inputs(["-"], stdin=stream)
    assert result.path == "-"
    (doc,) = result.documents
    assert doc.text == "„Ja“, sagte er.\r\n"
    assert (doc.id, doc.source, doc.format) == ("<stdin>", "<stdin>", "txt")


def test_stdin_text_stream_and_its_errors() -> None:
    (result,) = read_inputs(["-"], stdin=io.StringIO("«Oui», dit-elle."))
    assert result.documents[0].text == "«Oui», dit-elle."
    (bad,) = read_inputs(["-"], stdin=io.BytesIO(b"caf\xe9"))
    assert isinstance(bad.errors[0], UndecodableInput) and "<stdin>" in str(bad.errors[0])
    (big,) = read_inputs(["-"], stdin=io.BytesIO(b"x" * 11), max_bytes=10)
    assert isinstance(big.errors[0], InputTooLarge)


def test_stdin_wrapper_reads_the_binary_buffer() -> None:
    wrapper = io.TextIOWrapper(io.BytesIO(b"a\r\nb"), encoding="utf-8")
    (result,) = read_inputs(["-"], stdin=wrapper)
    assert result.documents[0].text == "a\r\nb"


# -- Markdown -------------------------------------------------------------------------------------------
def test_markdown_document_keeps_text_and_blanks_markup() -> None:
    path = FIXTURES / "article.md"
    doc = only(path)
    assert doc.format == "md"
    assert doc.text == path.read_text("utf-8")
    assert doc.model_text is not None and len(doc.model_text) == len(doc.text)
    view = doc.model_text
    for ch in "\n":
        assert [i for i, c in enumerate(view) if c == ch] == [i for i, c in enumerate(doc.text) if c == ch]
    # The quote as the model reads it: no emphasis, no link syntax, the marks intact.
    start, end = span_of(doc.text, "“We will **not** back down,”")
    assert view[start:end] == "“We will   not   back down,”"
    assert "**" not in view[start:end]
    assert doc.text[start:end] == "“We will **not** back down,”"
    for kept in ('"It\'s _over_,"'.replace("_", " "), "budget_committee", "snake_case_name", "council's",
                 "“Taxes will fall by 3  per cent .”", 'print("**not markup**")', " Jane Doe "):
        assert kept in view, kept
    for gone in ("title:", "# Budget", "> ", "](https", "<!--", "check this quote", "![", "mayor.jpg",
                 "`code_span`", "```", "- **Bold**"):
        assert gone not in view, gone


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Title #", "  Title  "),
        ("## Title", "   Title"),
        ("#hashtag", "#hashtag"),
        ("*a* and **b** and ***c***", " a  and   b   and    c   "),
        ("_a_ and __b__", " a  and   b  "),
        ("snake_case_name and __init__", "snake_case_name and   init  "),
        ("2 * 3 * 4 and a*b*c", "2 * 3 * 4 and a*b*c"),
        ("**bold *italic* bold**", "  bold  italic  bold  "),
        ("~~gone~~", "  gone  "),
        ("`x = *y*`", " x = *y* "),
        ("``a ` b``", "  a ` b  "),
        (r"\*not emphasis\*", " *not emphasis *"),
        ("[text](http://x.org/a_b_c)", " text" + " " * 21),
        ('[text](url "Title")', " text              "),
        ("[text][ref]", " text      "),
        ("[He] said", "[He] said"),
        ("![alt](a.png) after", "              after"),
        ("<https://x.org>", " https://x.org "),
        ("a <span class=\"x\">b</span> c", "a" + " " * 17 + "b" + " " * 8 + "c"),
        ("a <!-- note --> b", "a               b"),
        ("> > nested", "    nested"),
        ("- item\n* item\n+ item", "  item\n  item\n  item"),
        ("1. one\n2. two", "   one\n   two"),
        ("In\n1984. Then", "In\n1984. Then"),
        ("Title\n=====", "Title\n     "),
        ("a\n\n---\n\nb", "a\n\n   \n\nb"),
        ("| a | b |\n|---|---|", "  a   b  \n         "),
        ("[ref]: https://x.org", "                    "),
        ("“Quoted,” ‘single’ \"straight\" 'x' «g» „de“", "“Quoted,” ‘single’ \"straight\" 'x' «g» „de“"),
        ("```\n*kept* `x`\n```\n*a*", "   \n*kept* `x`\n   \n a "),
        ("---\ntitle: x\n---\nBody", "   \n        \n   \nBody"),
        ("---\n\nNot front matter\n\n---", "   \n\nNot front matter\n\n   "),
        ("line\r\n# Head\r\n", "line\r\n  Head\r\n"),
    ],
)
def test_markdown_blanking(markdown: str, expected: str) -> None:
    assert markdown_model_text(markdown) == expected


def test_markdown_extension_alias(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "a.markdown", "**x**"))
    assert (doc.format, doc.model_text) == ("md", "  x  ")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`#>[]()!-\n\"'“”«»"))))
def test_markdown_model_text_keeps_length_and_line_breaks(markdown: str) -> None:
    view = markdown_model_text(markdown)
    assert len(view) == len(markdown)
    for original, blanked in zip(markdown, view):
        assert blanked == original or blanked == " "
        if original in "\n“”«»":
            assert blanked == original


# -- HTML -----------------------------------------------------------------------------------------------
def test_html_visible_text_and_paragraphs() -> None:
    doc = only(FIXTURES / "article.html")
    assert doc.format == "html"
    assert doc.text == (
        "Budget talks stall\n\n"
        "“We will not back down,” said Jane Doe & her team.\n\n"
        "The council’s meeting ran late.\n\n"
        "„Wir schaffen das“, sagte sie. «Bien sûr», dit-il.\n\n"
        "First point\n\n"
        "Second point\n\n"
        "Line one\nline two"
    )
    start, _ = span_of(doc.text, "We will not back down")
    assert doc.paragraph(start) == 2
    assert doc.paragraph(doc.text.find("Wir schaffen")) == 4
    assert doc.paragraph(doc.text.find("line two")) == 7


def test_html_br_q_pre_tables_and_hidden(tmp_path: Path) -> None:
    html = (
        "<div>one<br><br>two</div><p>She said <q>no</q>.</p><table><tr><td>a</td><td>b</td></tr></table>"
        "<pre>x  y\n\n\n\nz</pre><p hidden>secret</p><p style='display:none'>gone</p><template>t</template>"
    )
    doc = only(write(tmp_path / "page.htm", html))
    assert doc.text == "one\n\ntwo\n\nShe said “no”.\n\na b\n\nx  y\n\nz"


def test_html_in_a_declared_legacy_encoding(tmp_path: Path) -> None:
    html = '<meta charset="windows-1252"><p>\x93Caf\xe9,\x94 she said.</p>'.encode("latin-1")
    assert only(write(tmp_path / "old.html", html)).text == "“Café,” she said."


def test_html_without_declaration_must_be_utf8(tmp_path: Path) -> None:
    with pytest.raises(UndecodableInput, match="bad.html"):
        read_path(write(tmp_path / "bad.html", b"<p>caf\xe9</p>"))


# -- Word -----------------------------------------------------------------------------------------------
def make_docx(path: Path) -> Path:
    import docx

    word = docx.Document()
    word.add_heading("Budget talks stall", level=1)
    word.add_paragraph("")
    word.add_paragraph("“We will not back down,” said Jane Doe.")
    word.add_paragraph("   ")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "„Wir schaffen das“"
    table.cell(0, 1).text = "«Bien sûr»"
    paragraph = word.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run().add_break()
    paragraph.add_run("line two")
    word.save(str(path))
    return path


def test_docx_paragraphs_are_numbered_like_words_non_empty_paragraphs(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "story.docx")
    doc = only(path)
    assert doc.format == "docx" and doc.id == str(path)
    assert doc.text == (
        "Budget talks stall\n\n"
        "“We will not back down,” said Jane Doe.\n\n"
        "„Wir schaffen das“\n\n"
        "«Bien sûr»\n\n"
        "Line one\nline two"
    )
    assert doc.paragraph(doc.text.find("We will")) == 2
    assert doc.paragraph(doc.text.find("Wir")) == 3
    assert doc.paragraph(doc.text.find("Bien")) == 4
    assert doc.paragraph(doc.text.find("line two")) == 5


def test_corrupt_docx(tmp_path: Path) -> None:
    renamed = write(tmp_path / "renamed.docx", "just text")
    with pytest.raises(UnreadableInput) as info:
        read_path(renamed)
    assert info.value.code == "E108"
    assert "renamed.docx" in str(info.value) and "not a valid .docx" in str(info.value)

    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(UnreadableInput, match="other.docx.*not a valid .docx"):
        read_path(tmp_path / "other.docx")

    old = write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32)
    with pytest.raises(UnreadableInput, match=r"old.docx.*\.doc\b"):
        read_path(old)


# -- JSONL ----------------------------------------------------------------------------------------------
def test_jsonl_records() -> None:
    path = FIXTURES / "records.jsonl"
    (result,) = read_inputs([str(path)])
    assert result.ok
    assert [(d.id, d.text) for d in result.documents] == [
        ("a1", "“Yes,” she said."),
        ("records:3", "No id here."),
        ("7", "Numeric id."),
        ("w1", "“Yes,” she said."),
    ]
    assert all(d.format == "jsonl" and d.source == str(path) for d in result.documents)
    wire = result.documents[3]
    assert [wire.quote_text(q) for q in wire.quotes] == ["Yes,"]


def test_jsonl_bad_lines_are_errors_and_reading_goes_on() -> None:
    path = FIXTURES / "mixed.jsonl"
    (result,) = read_inputs([str(path)])
    assert [d.id for d in result.documents] == ["ok1", "ok2"]
    assert all(isinstance(e, MalformedJsonl) and e.code == "E106" for e in result.errors)
    messages = [str(e) for e in result.errors]
    assert len(messages) == 4
    assert f"{path}:2: not valid JSON" in messages[0] and "column" in messages[0]
    assert f"{path}:3: expected a JSON object, got list" in messages[1]
    assert f'{path}:4: missing the "text" field' in messages[2]
    assert f'{path}:5: "text" must be a string, got int' in messages[3]
    with pytest.raises(MalformedJsonl, match="mixed.jsonl:2"):
        read_path(path)


def test_jsonl_undecodable_line_crlf_and_bom(tmp_path: Path) -> None:
    lines = [b'{"text": "caf\xe9"}', json.dumps({"id": "x", "text": "ok"}).encode()]
    path = write(tmp_path / "enc.jsonl", codecs.BOM_UTF8 + b"\r\n".join(lines) + b"\r\n")
    (result,) = read_inputs([str(path)])
    assert [d.text for d in result.documents] == ["ok"]
    (error,) = result.errors
    assert isinstance(error, UndecodableInput)
    assert "enc.jsonl:1" in str(error) and "byte offset 16" in str(error)


def test_jsonl_bad_wire_record_names_file_and_line(tmp_path: Path) -> None:
    record = {"id": "w", "text": "abc", "quotes": [{"type": "direct", "fragments": [[0, 9]]}]}
    path = write(tmp_path / "wire.jsonl", json.dumps(record) + "\n")
    (result,) = read_inputs([str(path)])
    (error,) = result.errors
    assert isinstance(error, WireFormatError) and "wire.jsonl:1" in str(error)


# -- property -------------------------------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    bom=st.booleans(),
)
def test_txt_round_trip(text: str, bom: bool) -> None:
    # Without a BOM of its own, a text starting with U+FEFF is indistinguishable from one with a BOM.
    assume(bom or not text.startswith("\ufeff"))
    assume(not text.startswith(("%PDF-", "PK\x03\x04", "GIF87a", "GIF89a")))
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "t.txt"
        path.write_bytes(data)
        assert read_path(path)[0].text == text


def test_input_is_a_plain_record() -> None:
    result = Input("x.txt")
    assert result.ok and result.documents == () and result.errors == ()
