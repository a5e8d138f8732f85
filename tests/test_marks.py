from __future__ import annotations

import pytest

from attrib.document import Span
from attrib.marks import find_marks, quote_type


def regions(text: str) -> list[str]:
    return [text[r.span.start:r.span.end] for r in find_marks(text).regions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we won” today.", ["“we won”"]),
        ('He said "we won" and "they lost".', ['"we won"', '"they lost"']),
        ("''We won,'' he said. ``Yes.''", ["''We won,''", "``Yes.''"]),
        ("Er sagte „wir gewinnen“ heute.", ["„wir gewinnen“"]),
        ("Il a dit «nous gagnons» hier.", ["«nous gagnons»"]),
        ("Don't call the students' plan 'dead' in the '90s.", ["'dead'"]),
        ("Trump’s aide called it ‘fake’ and didn’t stop.", ["‘fake’"]),
        ("“Outer ‘inner’ words.”", ["“Outer ‘inner’ words.”", "‘inner’"]),
    ],
)
def test_regions(text: str, expected: list[str]) -> None:
    assert regions(text) == expected
    assert find_marks(text).problems == ()


def test_multi_paragraph_quote_reopens_without_problem() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph,” he said."
    marks = find_marks(text)
    assert marks.problems == ()
    assert len(marks.regions) == 2 and not marks.regions[0].closed


def test_unbalanced_marks_are_problems() -> None:
    assert "never closed" in find_marks("He said “we won.\n\nThen he left.").problems[0].message
    assert "without an opening" in find_marks("He said we won” today.").problems[0].message


def frag(text: str, part: str) -> list[Span]:
    i = text.index(part)
    return [Span(i, i + len(part))]


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        ("“We won,” he said.", "“We won,”", "direct"),
        ("He said that we won.", "that we won", "indirect"),
        ("He said the deal “will be exciting.”", "the deal “will be exciting.”", "mixed"),
        ("He said that “we won.”", "that “we won.”", "direct"),
        ("''We won,'' he said.", "''We won,''", "direct"),
        ("Er sagte „wir gewinnen“.", "„wir gewinnen“", "direct"),
        ("He called the plan 'dead' today.", "the plan 'dead' today", "mixed"),
        ("He said it's the students' plan.", "it's the students' plan", "indirect"),
        ("He said.", "", "indirect"),
    ],
)
def test_quote_type(text: str, content: str, expected: str) -> None:
    spans = frag(text, content) if content else [Span(0, 0)]
    assert quote_type(text, spans) == expected


def test_interrupted_direct_quote_is_direct() -> None:
    text = "“We won,” he said. “They lost.”"
    spans = frag(text, "“We won,”") + frag(text, "“They lost.”")
    assert quote_type(text, spans) == "direct"


def test_tokenised_single_quotes_and_contractions() -> None:
    text = "‘ I wonder how many miles I ’ve fallen ? ’ she said . ' It 's late , ' he said ."
    assert regions(text) == ["‘ I wonder how many miles I ’ve fallen ? ’", "' It 's late , '"]


def test_double_quote_inside_single_quote() -> None:
    text = "‘ and see whether it ’s marked “ poison ” or not ’"
    assert regions(text) == [text, "“ poison ”"]
