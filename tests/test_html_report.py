"""The HTML report: exact text, well-formed markup for interleaved spans, escaping, colours, contrast, a browser."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from attrib.data.dataset import read_gold
from attrib.document import Document, Entity, Quote, Span
from attrib.formats import html as report
from attrib.formats import render

from .conftest import SEED_GOLD

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def seed() -> Document:
    return next(read_gold(SEED_GOLD))


def parse(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def at(text: str, part: str, n: int = 1) -> Span:
    i = -1
    for _ in range(n):
        i = text.index(part, i + 1)
    return Span(i, i + len(part))


def pieces_of(soup: BeautifulSoup, attr: str, quote_id: str) -> str:
    return "".join(el.get_text() for el in soup.find_all(attrs={attr: True}) if quote_id in el[attr].split())


# A cue, a speaker and a whole quote of q2 inside the content of q1, and a speaker span crossing q1's end.
TRICKY = "Smith said the plan, which Jones called “a disaster”, would pass. Brown Co. agreed.\r\nEnd."
TRICKY_DOC = Document(
    TRICKY, "tricky",
    (
        Quote((at(TRICKY, "the plan, which Jones called “a disaster”, would pass"),), "indirect",
              at(TRICKY, "said"), at(TRICKY, "Smith"), "e1", 0.91, "q1"),
        Quote((at(TRICKY, "“a disaster”"),), "direct", at(TRICKY, "called"), at(TRICKY, "Jones"), "e2", 0.8, "q2"),
        Quote((at(TRICKY, "agreed"),), "indirect", at(TRICKY, "agreed"), at(TRICKY, "pass. Brown"), None, None,
              "q3"),
    ),
    (Entity("e1", "John Smith", "person", (at(TRICKY, "Smith"),)),
     Entity("e2", "Ann Jones", "person", (at(TRICKY, "Jones"),))),
)


# -- text and structure ------------------------------------------------------------------------------------


def test_article_text_is_the_document_text(seed: Document) -> None:
    soup = parse(render("html", [seed]))
    assert soup.html["lang"] == "en"
    assert soup.find("article").get_text() == seed.text
    assert soup.find("h1") and soup.find("h2")


def test_quotes_are_highlighted_and_focusable_in_reading_order(seed: Document) -> None:
    soup = parse(report.render_html([seed]))
    marks = soup.select("article mark.q")
    assert all(m.has_attr("tabindex") for m in marks)
    stops = [m for m in marks if m["tabindex"] == "0"]
    in_order = sorted(seed.quotes, key=lambda q: (q.start, q.end))
    assert [m["id"] for m in stops] == [f"d1-{q.id}" for q in in_order]
    for q in seed.quotes:
        assert pieces_of(soup, "data-q", f"d1-{q.id}") == "".join(seed.span_text(f) for f in q.fragments)
        assert soup.find(id=f"d1-{q.id}-desc") is not None
        assert f"{q.type} quote" in soup.find(id=f"d1-{q.id}")["data-tip"].lower()
    # The summary: one row per quoted entity with the counts by type.
    rows = soup.select("table.speakers tr[data-entity]")
    assert len(rows) == 5
    trump = next(r for r in rows if "Donald Trump" in r.get_text())
    assert [td.get_text() for td in trump.find_all("td")] == ["3", "2", "·", "1"]
    assert len(soup.select("section.quotes tbody tr")) == 10


def test_interleaved_spans_stay_well_formed() -> None:
    page = report.render_html([TRICKY_DOC])
    article = re.search(r"<article\b.*?</article>", page, re.S)
    assert article is not None
    ET.fromstring(article.group(0))  # strict XML: every element closed in order
    soup = parse(page)
    assert soup.find("article").get_text() == TRICKY
    assert pieces_of(soup, "data-q", "d1-q1") == "the plan, which Jones called “a disaster”, would pass"
    assert pieces_of(soup, "data-q", "d1-q2") == "“a disaster”"
    assert pieces_of(soup, "data-cue-of", "d1-q2") == "called"
    assert pieces_of(soup, "data-speaker-of", "d1-q2") == "Jones"
    assert pieces_of(soup, "data-speaker-of", "d1-q3") == "pass. Brown"
    # The cue of q2 is inside q1: one piece carries both.
    called = soup.find(attrs={"data-cue-of": "d1-q2"})
    assert called.name == "mark" and called["data-q"] == "d1-q1"
    # The innermost quote describes a piece inside two quotes.
    disaster = [m for m in soup.select("mark.q") if "d1-q2" in m["data-q"].split()]
    assert all(m["aria-describedby"] == "d1-q2-desc" for m in disaster)


@pytest.mark.parametrize("text", ["\n\nShe said “yes”.\n", "\r\n \n“Yes,” she said.\r\n\r\n", " \t\n"])
def test_white_space_is_kept(text: str) -> None:
    quotes = (Quote((at(text, "yes" if "yes" in text else "Yes"),), "direct", None, at(text, "he"), None, None,
                    "q1"),) if "es" in text else ()
    soup = parse(report.render_html([Document(text, "ws", quotes)]))
    assert soup.find("article").get_text() == text


def test_quotes_starting_together_share_an_anchor() -> None:
    text = "“Go,” she said. “Stop,” he said."
    doc = Document(text, "same", (
        Quote((at(text, "“Go,”"),), "direct", at(text, "said"), at(text, "she"), None, None, "q1"),
        Quote((at(text, "“Go,” she said."),), "mixed", None, None, None, None, "q1"),
        Quote((Span(0, 0), at(text, "“Stop,”")), "direct", at(text, "said", 2), at(text, "he", 2), None, None, "")))
    soup = parse(report.render_html([doc]))
    ids = {el["id"] for el in soup.find_all(id=True)}
    links = [a["href"][1:] for a in soup.select("section.quotes a[href]")]
    assert links == ["d1-q1", "d1-q1", "d1-quote-3"] and set(links) <= ids
    assert [m["id"] for m in soup.select("mark[tabindex='0']")] == ["d1-q1", "d1-quote-3"]
    assert pieces_of(soup, "data-q", "d1-quote-2") == "“Go,” she said."


def test_segments_cover_the_text_once() -> None:
    segs = report.segments(TRICKY_DOC)
    assert segs[0].start == 0 and segs[-1].end == len(TRICKY)
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert all(s.start < s.end for s in segs)


def test_text_is_escaped() -> None:
    text = 'Mayor <script>alert("x")</script> & Co said: “<b>no</b> & \'never\'”.\n'
    doc = Document(text, "esc", (Quote((at(text, "“<b>no</b> & 'never'”"),), "direct", at(text, "said"),
                                       at(text, "Mayor <script>"), "e1", None, "q1"),),
                   (Entity("e1", 'Mayor "><img src=x onerror=alert(1)>', "person", (at(text, "Mayor <script>"),)),))
    page = report.render_html([doc], title="<i>t</i>")
    soup = parse(page)
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert soup.find("i") is None
    assert soup.find("article").get_text() == text
    assert "&lt;script&gt;" in page


def test_several_documents_one_section_each(seed: Document) -> None:
    page = report.render_html([seed, TRICKY_DOC, Document("No quotes here.", "plain")])
    soup = parse(page)
    sections = soup.select("main > section.doc")
    assert len(sections) == 3
    assert [s.find("article").get_text() for s in sections] == [seed.text, TRICKY, "No quotes here."]
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert "No quotes found." in sections[2].get_text()
    assert parse(report.render_html([])).find("main") is not None


# -- colours -----------------------------------------------------------------------------------------------


def colour_of(soup: BeautifulSoup, attr: str, quote_id: str) -> str:
    el = soup.find(attrs={attr: lambda v: v is not None and quote_id in v.split()})
    return next(c for c in el["class"] if re.fullmatch(r"c\d+|c-none", c))


def test_colours_are_deterministic_per_entity(seed: Document) -> None:
    assert report.render_html([seed]) == report.render_html([seed])
    soup = parse(report.render_html([seed]))
    by_entity: dict[str, set[str]] = {}
    for q in seed.quotes:
        by_entity.setdefault(q.entity, set()).add(colour_of(soup, "data-speaker-of", f"d1-{q.id}"))
    assert all(len(colours) == 1 for colours in by_entity.values())
    assert len({c for colours in by_entity.values() for c in colours}) == len(by_entity)
    # The summary row of an entity has its colour too.
    for eid, (colour,) in by_entity.items():
        assert colour in soup.find("tr", attrs={"data-entity": eid})["class"]
    # Colours follow first appearance: the first quote's speaker gets the first colour.
    first = min(seed.quotes, key=lambda q: q.start)
    assert by_entity[first.entity] == {"c0"}


def test_a_named_entity_keeps_its_colour_across_documents(seed: Document) -> None:
    # "Ann Jones" is seen first in the second document, "Donald Trump" in both.
    text = "Donald Trump said no. Ann Jones said yes."
    other = Document(text, "other", (
        Quote((at(text, "no"),), "indirect", at(text, "said"), at(text, "Donald Trump"), "x1", None, "q1"),
        Quote((at(text, "yes"),), "indirect", at(text, "said", 2), at(text, "Ann Jones"), "x2", None, "q2")),
        (Entity("x1", "Donald  Trump", "person"), Entity("x2", "Ann Jones", "person")))
    colours = report.entity_colours([seed, other])
    assert colours[(1, "x1")] == colours[(0, "e1")]
    assert colours[(1, "x2")] not in {c for (d, _), c in colours.items() if d == 0}
    soup = parse(report.render_html([seed, other]))
    assert colour_of(soup, "data-speaker-of", "d2-q1") == f"c{colours[(0, 'e1')]}"


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_meets_wcag_aa() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    text_pairs = report.text_colour_pairs()
    assert len(text_pairs) >= len(report.TYPE_COLOURS) + len(report.SPEAKER_PALETTE)
    low = [(what, fg, bg, round(contrast(fg, bg), 2)) for what, fg, bg in text_pairs if contrast(fg, bg) < 4.5]
    assert low == []
    marks = [(what, fg, bg, round(contrast(fg, bg), 2))
             for what, fg, bg in report.mark_colour_pairs() if contrast(fg, bg) < 3.0]
    assert marks == []


def test_every_colour_of_the_page_is_a_checked_constant(seed: Document) -> None:
    known: set[str] = set()
    for name in dir(report):
        value = getattr(report, name)
        if name.isupper():
            known |= {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", repr(value))}
    checked = {c.lower() for pairs in (report.text_colour_pairs(), report.mark_colour_pairs())
               for _, fg, bg in pairs for c in (fg, bg)}
    page = report.render_html([seed], verdicts={"q1": "verified"})
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,8}\b", parse(page).find("style").get_text())}
    assert used <= known
    # Only the decorative share bars are drawn in colours no contrast test looks at.
    assert used - checked <= {c.lower() for c in report.TYPE_BARS.values()} | {report.RULE_COLOUR}


# -- self-contained, verdicts --------------------------------------------------------------------------------


def test_the_page_is_self_contained(seed: Document) -> None:
    page = report.render_html([seed], verdicts={"q1": "verified"})
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page
    soup = parse(page)
    assert soup.find(src=True) is None and soup.find("link") is None and soup.find("script") is None
    assert all(a["href"].startswith("#") for a in soup.find_all(href=True))
    ids = {el["id"] for el in soup.find_all(id=True)}
    assert {a["href"][1:] for a in soup.find_all(href=True)} <= ids
    assert {el["aria-describedby"] for el in soup.find_all(attrs={"aria-describedby": True})} <= ids


def test_verdict_badges(seed: Document) -> None:
    plain = parse(report.render_html([seed]))
    assert plain.select(".badge") == [] and plain.find(attrs={"data-verdict": True}) is None
    page = report.render_html([seed], verdicts={"q3": "verified", (seed.id, "q4"): "misquoted", "q9": "odd"})
    soup = parse(page)
    badges = {b.get_text(): b["class"] for b in soup.select("section.quotes .badge")}
    assert badges == {"verified": ["badge", "v-ok"], "misquoted": ["badge", "v-bad"], "odd": ["badge", "v-neutral"]}
    ends = {m["data-verdict"]: m for m in soup.select("article mark[data-verdict]")}
    assert set(ends) == {"verified", "misquoted", "odd"}
    assert "Verdict: misquoted" in ends["misquoted"]["data-tip"]
    assert "v-bad" in ends["misquoted"]["class"]
    assert soup.find("article").get_text() == seed.text  # the badge is drawn by CSS and adds no text


# -- in a browser ----------------------------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_report_in_chromium(seed: Document, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html", [seed]), encoding="utf-8")
    png = tmp_path / "report.png"
    flags = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*flags, f"--screenshot={png}", "--window-size=1200,2400", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    assert png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    dumped = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, timeout=60, check=True,
                            text=True, encoding="utf-8").stdout
    soup = parse(dumped)
    marks = soup.select("article mark.q")
    assert len({qid for m in marks for qid in m["data-q"].split()}) == 10
    assert all(m.has_attr("tabindex") for m in marks)
    assert len(soup.select("table.speakers tr[data-entity]")) == 5
    legend = soup.select_one(".legend")
    assert legend is not None and all(t in legend.get_text() for t in ("direct", "indirect", "mixed", "cue"))
    assert soup.find("article").get_text() == seed.text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_check_report_in_chromium(seed: Document, tmp_path: Path) -> None:
    """`attrib check --format html`: the findings table and one verdict badge per quote, in a browser."""
    from attrib.findings import CheckedDocument, SourceRef, Verification
    from attrib.formats.findings import render_check_html
    from attrib.lint import lint

    verdicts = ["verbatim", "altered", "misattributed", "unsupported", "supported_paraphrase"]
    ref = SourceRef("source.txt", 0, 4, seed.text[:4])
    checked = CheckedDocument(seed, "seed.txt", {
        q.id: Verification(verdicts[i % 5], ref if verdicts[i % 5] != "unsupported" else None, 0.9,
                           "Shinzo Abe" if verdicts[i % 5] == "misattributed" else None)
        for i, q in enumerate(seed.quotes)}, sources_given=True)
    findings = lint([checked])
    page = tmp_path / "check.html"
    page.write_text(render_check_html([checked], findings), encoding="utf-8")
    flags = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    png = tmp_path / "check.png"
    subprocess.run([*flags, f"--screenshot={png}", "--window-size=1200,2400", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dumped = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, timeout=60, check=True,
                            text=True, encoding="utf-8").stdout
    soup = parse(dumped)
    badges = soup.select("article mark[data-verdict]")
    assert len({b["data-verdict"] for b in badges}) == 5
    assert len({qid for m in soup.select("article mark.q") for qid in m["data-q"].split()}) == len(seed.quotes)
    # altered, misattributed and unsupported raise findings by default; the others do not
    findings_table = soup.get_text()
    assert all(code in findings_table for code in ("V101", "V102", "V104"))
    assert "V106" not in findings_table
    assert soup.find("article").get_text() == seed.text


def test_low_confidence_quotes_are_striped_and_marked(seed: Document) -> None:
    quotes = list(seed.quotes)
    quotes[1] = replace(quotes[1], confidence=report.LOW_CONFIDENCE - 0.01)
    quotes[2] = replace(quotes[2], confidence=report.LOW_CONFIDENCE)  # the threshold itself is not low
    doc = replace(seed, quotes=tuple(quotes))
    soup = parse(report.render_html([doc]))
    low = soup.select("article mark.q.low")
    assert low and {qid for m in low for qid in m["data-q"].split()} == {f"d1-{quotes[1].id}"}
    assert all("(low: often not a real quote)" in m["data-tip"] for m in low)
    assert [c.get_text() for c in soup.select("section.quotes .lowconf")] == [f"{report.LOW_CONFIDENCE - 0.01:.2f} low"]
    assert "low model confidence" in soup.select_one(".legend").get_text()
    assert soup.find("article").get_text() == seed.text
    # The seed's gold quotes have no confidence: nothing striped, no legend entry.
    plain = parse(report.render_html([seed]))
    assert plain.select("mark.low") == [] and "low model confidence" not in plain.select_one(".legend").get_text()
