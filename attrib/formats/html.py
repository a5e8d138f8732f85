"""A self-contained HTML report: each article with its quotes highlighted, speakers in colour, a summary.

One file with inline CSS and no script, fonts or other assets, so it opens offline and can be mailed or
archived as it is. Per document: the text exactly as read (the text content of the ``<article>`` element
is ``doc.text``), each quote highlighted by type, its cue and speaker mention marked, the speaker in one
colour per entity across the page; a "who is quoted" table and a list of all quotes. Hovering or focusing
(Tab) a quote shows its details in a CSS tooltip; the same details are the quote's accessible description.

Spans of different quotes may interleave (the cue of one quote inside the content of another), so the text
is cut at every span boundary and each piece is wrapped in one element carrying the classes of everything
that covers it: the markup is well-formed whatever the spans.

Options of ``render_html``: ``verdicts`` (the hook for ``attrib check``), ``title``; others are ignored.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import QUOTE_TYPES, Document, Entity, Quote
from .human import LOW_CONFIDENCE, low_confidence, shorten

# -- palette -----------------------------------------------------------------------------------------------
# Every colour of the page is one of these constants (tests compute the WCAG contrast of each pair used).
TEXT_COLOUR = "#1a1a1a"
MUTED_TEXT = "#575757"
PAGE_BACKGROUND = "#ffffff"
PANEL_BACKGROUND = "#f6f6f4"
RULE_COLOUR = "#d4d4d0"
FOCUS_COLOUR = "#111111"
LINK_COLOUR = "#0b4f8a"
TOOLTIP_COLOURS = ("#ffffff", "#22262e")  # (text, background)

#: Quote highlight per type: (background, underline colour). The underline *style* repeats the type
#: (solid, dashed, dotted), so the types differ for readers who cannot tell the colours apart.
TYPE_COLOURS: dict[str, tuple[str, str]] = {
    "direct": ("#ffe991", "#7a5c00"),
    "indirect": ("#d3e6f8", "#1f5f99"),
    "mixed": ("#f3d9ef", "#8b3a80"),
}
#: Mid-tones of the same hues for the bars of the speaker summary (decorative: the counts are in the table).
TYPE_BARS: dict[str, str] = {"direct": "#d9a800", "indirect": "#3d85c6", "mixed": "#a64d9a"}
TYPE_LINES: dict[str, str] = {"direct": "solid", "indirect": "dashed", "mixed": "dotted"}
TYPE_LABELS: dict[str, str] = {"direct": "direct", "indirect": "indirect (paraphrase)", "mixed": "mixed"}

#: Speaker colours, (strong, tint): the strong colour frames the speaker's mention and marks the speaker
#: everywhere (≥ 3:1 on white and on its tint, WCAG non-text contrast); the tint is the background behind
#: the mention (text on it ≥ 4.5:1). Okabe–Ito hues, darkened; the first five stay apart with the common
#: colour-vision deficiencies. Assigned in order of first appearance.
SPEAKER_PALETTE: tuple[tuple[str, str], ...] = (
    ("#0072b2", "#dcecf7"),  # blue
    ("#c25400", "#fbe3d3"),  # vermilion
    ("#007a5a", "#d4efe5"),  # bluish green
    ("#a8477f", "#f6e0ec"),  # reddish purple
    ("#4d4d4d", "#e6e6e6"),  # graphite
    ("#7a5c00", "#f2e9cc"),  # ochre
    ("#00798c", "#d3eef2"),  # teal
    ("#6a3d9a", "#e9e0f4"),  # violet
)
#: A speaker mention whose quote has no entity (framed with a dashed line; a hollow swatch in the tables).
NO_ENTITY_COLOURS = ("#767676", "#f0f0f0")


#: Verdict badges (``attrib check``): a tone per known verdict, unknown verdicts are ``neutral``;
#: each tone is (text, background).
VERDICT_TONES: dict[str, str] = {
    "verified": "ok", "exact": "ok", "supported": "ok", "match": "ok",
    "paraphrase": "warn", "paraphrased": "warn", "partial": "warn", "close": "warn",
    "misquoted": "bad", "misquote": "bad", "misattributed": "bad", "contradicted": "bad", "fabricated": "bad",
    "not found": "neutral", "not_found": "neutral", "unverified": "neutral", "unknown": "neutral",
    # The verdicts of attrib.findings.Verification (as ids and as the labels render_check_html shows): the
    # tone follows the default severity of the verdict's rule (error: bad, warning: warn, none: ok/neutral).
    "verbatim": "ok", "supported_paraphrase": "ok", "supported paraphrase": "ok",
    "altered": "bad", "paraphrase_in_quotes": "bad", "paraphrase in quotes": "bad",
    "unsupported": "warn", "unchecked": "neutral",
}
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "ok": ("#ffffff", "#1e6b34"),
    "warn": ("#1a1a1a", "#f5c04a"),
    "bad": ("#ffffff", "#b3261e"),
    "neutral": ("#ffffff", "#5c5c5c"),
}


def text_colour_pairs() -> list[tuple[str, str, str]]:
    """Every (what, text colour, background colour) pair the page draws text with, for contrast checks."""
    pairs = [("body", TEXT_COLOUR, PAGE_BACKGROUND), ("muted", MUTED_TEXT, PAGE_BACKGROUND),
             ("muted on panel", MUTED_TEXT, PANEL_BACKGROUND), ("panel", TEXT_COLOUR, PANEL_BACKGROUND),
             ("link", LINK_COLOUR, PAGE_BACKGROUND), ("link on panel", LINK_COLOUR, PANEL_BACKGROUND),
             ("tooltip", *TOOLTIP_COLOURS), ("no entity", TEXT_COLOUR, NO_ENTITY_COLOURS[1])]
    pairs += [(f"{t} quote", TEXT_COLOUR, bg) for t, (bg, _) in TYPE_COLOURS.items()]
    pairs += [(f"speaker {i}", TEXT_COLOUR, tint) for i, (_, tint) in enumerate(SPEAKER_PALETTE)]
    pairs += [(f"verdict {tone}", fg, bg) for tone, (fg, bg) in VERDICT_COLOURS.items()]
    return pairs


def mark_colour_pairs() -> list[tuple[str, str, str]]:
    """Every (what, mark colour, background) pair of non-text marks (frames, underlines, swatches)."""
    pairs = [(f"{t} underline", line, bg) for t, (bg, line) in TYPE_COLOURS.items()]
    pairs += [("no entity", NO_ENTITY_COLOURS[0], PAGE_BACKGROUND), ("no entity on tint", *NO_ENTITY_COLOURS)]
    pairs += [("focus", FOCUS_COLOUR, bg) for bg, _ in TYPE_COLOURS.values()]
    for i, (strong, tint) in enumerate(SPEAKER_PALETTE):
        pairs += [(f"speaker {i}", strong, PAGE_BACKGROUND), (f"speaker {i} on tint", strong, tint)]
        pairs += [(f"speaker {i} on {t}", strong, bg) for t, (bg, _) in TYPE_COLOURS.items()]
    return pairs


def _css() -> str:
    rules = [
        f":root{{color-scheme:light;--text:{TEXT_COLOUR};--muted:{MUTED_TEXT};--rule:{RULE_COLOUR};"
        f"--panel:{PANEL_BACKGROUND};--focus:{FOCUS_COLOUR}}}",
        f"body{{margin:0;background:{PAGE_BACKGROUND};color:var(--text);"
        "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}",
        f"a{{color:{LINK_COLOUR}}}",
        f".skip{{position:absolute;left:-999px;top:0;background:{PAGE_BACKGROUND};padding:.5rem}}"
        ".skip:focus{left:1rem}",
        "a:focus-visible,.q:focus-visible{outline:3px solid var(--focus);outline-offset:2px}",
        ".page{max-width:76rem;margin:0 auto;padding:1.5rem 1.5rem 3rem}",
        ".page-head{border-bottom:1px solid var(--rule);padding-bottom:1rem;margin-bottom:1.5rem}",
        "h1{font-size:1.6rem;line-height:1.2;margin:0 0 .25rem}",
        "h2{font-size:1.3rem;line-height:1.3;margin:0 0 .25rem;overflow-wrap:anywhere}",
        "h3{font-size:1rem;margin:0 0 .5rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}",
        ".meta{color:var(--muted);margin:0 0 1rem}",
        # The legend.
        ".legend{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;margin:1rem 0 0;padding:0;"
        "list-style:none}",
        ".legend li{white-space:nowrap}",
        ".hint{color:var(--muted);margin:.75rem 0 0;font-size:.9rem}",
        "kbd{font:inherit;font-size:.85em;border:1px solid var(--rule);border-radius:3px;padding:0 .3em;"
        "background:var(--panel)}",
        # One document: the article beside its summary.
        ".doc{margin-bottom:3rem}",
        ".doc-body{display:grid;grid-template-columns:minmax(0,38rem) minmax(20rem,1fr);gap:2.5rem;"
        "align-items:start}",
        "@media (max-width:60rem){.doc-body{grid-template-columns:minmax(0,1fr)}}",
        ".article{margin:0}",
        ".article pre{white-space:pre-wrap;overflow-wrap:break-word;margin:0;"
        "font:1.125rem/1.75 Charter,'Bitstream Charter','Sitka Text',Cambria,Georgia,'DejaVu Serif',serif}",
        ".side{position:sticky;top:1rem;background:var(--panel);border:1px solid var(--rule);"
        "border-radius:6px;padding:1rem}",
        # Quotes, cues and speaker mentions.
        ".q{position:relative;color:var(--text);padding:.1em 0;border-radius:2px;"
        "-webkit-box-decoration-break:clone;box-decoration-break:clone;cursor:help}",
        *(f".t-{t}{{background:{bg};border-bottom:2px {TYPE_LINES[t]} {line}}}"
          for t, (bg, line) in TYPE_COLOURS.items()),
        # Low confidence: the type's tint in stripes on the page colour (text contrast as on either alone).
        *(f".t-{t}.low{{background:repeating-linear-gradient(135deg,{bg} 0 .45em,{PAGE_BACKGROUND} .45em .7em)}}"
          for t, (bg, _) in TYPE_COLOURS.items()),
        ".lowconf{font-weight:700}",
        ".cue{font-weight:700;text-decoration:underline 2px;text-underline-offset:.2em}",
        ".spk{font-weight:600;padding:0 .15em;border:2px solid var(--ent);border-radius:4px;"
        "background:var(--tint);-webkit-box-decoration-break:clone;box-decoration-break:clone}",
        *(f".c{i}{{--ent:{strong};--tint:{tint}}}" for i, (strong, tint) in enumerate(SPEAKER_PALETTE)),
        f".c-none{{--ent:{NO_ENTITY_COLOURS[0]};--tint:{NO_ENTITY_COLOURS[1]}}}.spk.c-none{{border-style:dashed}}",
        ".c-key{--ent:var(--text);--tint:var(--panel)}",
        # The details of a quote: a tooltip drawn from its data-tip attribute, so it adds no text.
        f".q[data-tip]:is(:hover,:focus)::before,.spk[data-tip]:hover::before,.cue[data-tip]:hover::before{{"
        f"content:attr(data-tip);position:absolute;left:0;top:calc(100% + .45rem);z-index:10;"
        f"width:max-content;max-width:min(24rem,80vw);white-space:pre-line;padding:.5rem .7rem;"
        f"border-radius:6px;color:{TOOLTIP_COLOURS[0]};background:{TOOLTIP_COLOURS[1]};"
        "font:.875rem/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-weight:400;"
        "text-decoration:none;box-shadow:0 4px 14px rgba(0,0,0,.25);pointer-events:none}",
        ".spk,.cue{position:relative}",
        # Legend keys and swatches.
        ".key{display:inline-block;padding:0 .4em;border-radius:2px}",
        ".swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;background:var(--ent);"
        "margin-right:.45em;vertical-align:-.05em;flex:none}",
        # No entity: a hollow ring, so it is not read as the graphite of a real speaker.
        ".c-none .swatch{background:none;box-shadow:inset 0 0 0 2px var(--ent)}",
        # Tables.
        "table{border-collapse:collapse;width:100%;font-size:.9rem}",
        "th,td{padding:.35rem .45rem;text-align:left;vertical-align:top;border-bottom:1px solid var(--rule)}",
        "thead th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);"
        "border-bottom:2px solid var(--rule)}",
        "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}",
        "td.total{font-weight:700}",
        ".who{display:flex;align-items:baseline}",
        ".kind{color:var(--muted)}",
        ".mix{display:flex;height:.5rem;margin-top:.3rem;border-radius:2px;overflow:hidden;"
        "background:var(--rule)}",
        *(f".mix .m-{t}{{background:{bar}}}" for t, bar in TYPE_BARS.items()),
        ".side table{margin-top:.25rem}",
        ".speakers th[scope=row]{font-weight:600;width:100%}",
        ".speakers td.n,.speakers th.n{width:3em;padding-left:.3rem;padding-right:.3rem}",
        ".speakers thead .key{font-size:.72rem;text-transform:none;letter-spacing:0;color:var(--text)}",
        ".quotes td.spk-cell{min-width:10rem}",
        ".side p{margin:.75rem 0 0;font-size:.85rem;color:var(--muted)}",
        ".quotes{margin-top:2rem}",
        ".scroll{overflow-x:auto}",
        ".quotes td.text{font-family:Charter,'Bitstream Charter',Cambria,Georgia,'DejaVu Serif',serif;"
        "font-size:.95rem;min-width:18rem}",
        ".quotes tbody tr:hover{background:var(--panel)}",
        ".tcell{white-space:nowrap}",
        # Verdict badges (the hook for `attrib check`).
        ".badge{display:inline-block;font:700 .72rem/1.5 system-ui,sans-serif;text-transform:uppercase;"
        "letter-spacing:.04em;padding:0 .45em;border-radius:3px;white-space:nowrap}",
        ".q[data-verdict]::after{content:attr(data-verdict);margin-left:.3em;padding:0 .4em;border-radius:3px;"
        "font:700 .7rem/1.4 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.04em;"
        "vertical-align:.15em}",
        *(f".badge.v-{tone},.q.v-{tone}::after{{color:{fg};background:{bg}}}"
          for tone, (fg, bg) in VERDICT_COLOURS.items()),
        "footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--rule);padding-top:1rem}",
        "@media print{.side{position:static}.q::before{display:none}.skip{display:none}}",
    ]
    return "\n".join(rules)


# -- colours per entity ----------------------------------------------------------------------------------


def entity_label(entity: Entity, doc: Document) -> str:
    """The entity's canonical name, or for an unnamed one its first mention in quotation marks."""
    if entity.name:
        return entity.name
    if entity.mentions:
        return f"“{shorten(doc.span_text(entity.mentions[0]), 60)}”"
    return entity.id


def _colour_key(doc_index: int, entity: Entity) -> tuple[object, ...]:
    # Named entities are the same speaker in every document of the page; unnamed ones are local.
    if entity.name:
        return ("name", " ".join(entity.name.casefold().split()))
    return ("local", doc_index, entity.id)


def _quoted_entities(doc: Document) -> list[Entity]:
    """Entities in order of their first quote, then the unquoted ones in their own order."""
    order: dict[str, None] = {}
    for q in sorted(doc.quotes, key=lambda q: (q.start, q.end)):
        if q.entity is not None and doc.entity(q.entity) is not None:
            order.setdefault(q.entity, None)
    quoted = [e for e in (doc.entity(i) for i in order) if e is not None]
    return quoted + [e for e in doc.entities if e.id not in order]


def entity_colours(docs: Sequence[Document]) -> dict[tuple[int, str], int]:
    """Palette index of every entity, keyed by (document index, entity id).

    Deterministic: colours go in order of first appearance (first quote) over the page; a named entity has
    one colour in every document; past the palette's end the colours repeat.
    """
    by_key: dict[tuple[object, ...], int] = {}
    out: dict[tuple[int, str], int] = {}
    for d, doc in enumerate(docs):
        for entity in _quoted_entities(doc):
            key = _colour_key(d, entity)
            index = by_key.setdefault(key, len(by_key))
            out[(d, entity.id)] = index % len(SPEAKER_PALETTE)
    return out


# -- segments --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of text between two span boundaries and the quotes whose spans cover it (quote indices)."""

    start: int
    end: int
    content: tuple[int, ...] = ()
    cue: tuple[int, ...] = ()
    speaker: tuple[int, ...] = ()


def segments(doc: Document) -> list[Segment]:
    """The text cut at every boundary of a content fragment, cue or speaker span, in text order."""
    opens: dict[int, list[tuple[str, int]]] = defaultdict(list)
    closes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    cuts = {0, len(doc.text)}
    for i, q in enumerate(doc.quotes):
        spans = [("content", f) for f in q.fragments] + [("cue", q.cue), ("speaker", q.speaker)]
        for layer, span in spans:
            if span is None or span.start >= span.end:
                continue
            opens[span.start].append((layer, i))
            closes[span.end].append((layer, i))
            cuts.update((span.start, span.end))
    active: Counter[tuple[str, int]] = Counter()
    out: list[Segment] = []
    points = sorted(cuts)
    for start, end in zip(points, points[1:]):
        for key in closes.get(start, ()):
            active[key] -= 1
            if not active[key]:
                del active[key]
        active.update(opens.get(start, ()))
        layers = tuple(tuple(sorted(i for name, i in active if name == layer))
                       for layer in ("content", "cue", "speaker"))
        out.append(Segment(start, end, *layers))
    return out


# -- one document ----------------------------------------------------------------------------------------


_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def _escape_text(text: str) -> str:
    # A literal CR would be read back as LF; a character reference keeps it.
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return html.escape(value, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def verdict_tone(verdict: str) -> str:
    """The badge tone of a verdict: ok, warn, bad or neutral (unknown verdicts)."""
    return VERDICT_TONES.get(verdict.strip().casefold(), "neutral")


def verdict_badge(verdict: str) -> str:
    """The badge of a check verdict, for the list of quotes."""
    return f'<span class="badge v-{verdict_tone(verdict)}">{html.escape(verdict)}</span>'


class _DocumentView:
    """Everything needed to render one document: its colours, labels and the verdicts of its quotes."""

    def __init__(self, doc: Document, index: int, colours: Mapping[tuple[int, str], int],
                 verdicts: Mapping[Any, str]) -> None:
        self.doc = doc
        self.prefix = f"d{index + 1}"
        self.colours = {eid: c for (d, eid), c in colours.items() if d == index}
        self.verdicts = {i: v for i, q in enumerate(doc.quotes)
                         if (v := verdicts.get((doc.id, q.id), verdicts.get(q.id))) is not None}
        self.ids: list[str] = []
        for i, q in enumerate(doc.quotes):
            usable = _ID.fullmatch(q.id) is not None and f"{self.prefix}-{q.id}" not in self.ids
            self.ids.append(f"{self.prefix}-{q.id}" if usable else f"{self.prefix}-quote-{i + 1}")
        self.segments = segments(doc)
        self.first: dict[int, int] = {}  # quote -> index of its first piece
        self.last: dict[int, int] = {}
        for n, seg in enumerate(self.segments):
            for i in seg.content:
                self.first.setdefault(i, n)
                self.last[i] = n
        # Quotes starting in the same piece share its id (the first such quote's).
        owner_of_piece: dict[int, int] = {}
        for i, n in sorted(self.first.items()):
            owner_of_piece.setdefault(n, i)
        self.anchor = {i: self.ids[owner_of_piece[n]] for i, n in self.first.items()}

    def colour_class(self, quote: Quote) -> str:
        c = self.colours.get(quote.entity or "")
        return "c-none" if c is None else f"c{c}"

    def speaker_name(self, quote: Quote) -> str:
        entity = self.doc.entity(quote.entity)
        if entity is not None:
            return entity_label(entity, self.doc)
        if quote.speaker is not None:
            return f"“{shorten(self.doc.span_text(quote.speaker), 60)}” (no entity)"
        return "no speaker found"

    def details(self, i: int) -> list[str]:
        """The lines of a quote's tooltip and accessible description."""
        doc, q = self.doc, self.doc.quotes[i]
        entity = doc.entity(q.entity)
        kind = f" ({entity.kind})" if entity is not None else ""
        lines = [f"{q.type.capitalize()} quote · {q.id or i + 1} · "
                 f"paragraph {doc.paragraph(q.start)}",
                 f"Speaker: {self.speaker_name(q)}{kind}"]
        if q.speaker is not None:
            lines.append(f"Mention: “{shorten(doc.span_text(q.speaker), 60)}”")
        elif entity is not None:
            lines.append("Mention: none (speaker known from the context)")
        lines.append(f"Cue: “{shorten(doc.span_text(q.cue), 40)}”" if q.cue is not None else "Cue: none")
        lines.append(f"Confidence: {q.confidence:.2f}" if q.confidence is not None else "Confidence: –")
        if low_confidence(q):
            lines[-1] += " (low: often not a real quote)"
        if i in self.verdicts:
            lines.append(f"Verdict: {self.verdicts[i]}")
        return lines

    def article(self) -> str:
        """The text as pieces; a quote's first piece is its anchor and its stop in the Tab order.

        The pieces go in a ``<pre>``: white space that is all of a text node is kept by every parser
        (BeautifulSoup collapses it elsewhere), and CSS sets the font and wraps the lines.
        """
        doc = self.doc
        anchors = {n: self.anchor[i] for i, n in self.first.items()}
        tips = {i: "\n".join(self.details(i)) for i in range(len(doc.quotes))}
        out: list[str] = []
        for n, seg in enumerate(self.segments):
            text = _escape_text(doc.text[seg.start : seg.end])
            if not (seg.content or seg.cue or seg.speaker):
                # A parser drops a line feed right after <pre>; one after <span> is kept.
                out.append(f"<span>{text}</span>" if n == 0 and text.startswith("\n") else text)
                continue
            # The innermost quote (latest start) speaks for a piece inside several.
            owner = max(seg.content, key=lambda i: (doc.quotes[i].start, -i)) if seg.content else None
            attrs: dict[str, str] = {}
            classes: list[str] = []
            if owner is not None:
                classes += ["q", f"t-{doc.quotes[owner].type}"] + (["low"] if low_confidence(doc.quotes[owner]) else [])
                attrs["data-q"] = " ".join(self.ids[i] for i in seg.content)
                if n in anchors:
                    attrs["id"] = anchors[n]
                    attrs["tabindex"] = "0"
                else:
                    attrs["tabindex"] = "-1"
                attrs["aria-describedby"] = f"{self.ids[owner]}-desc"
                ending = [i for i in seg.content if self.last[i] == n and i in self.verdicts]
                if ending:
                    tone = verdict_tone(self.verdicts[ending[0]])
                    classes.append(f"v-{tone}")
                    attrs["data-verdict"] = self.verdicts[ending[0]]
            if seg.cue:
                classes.append("cue")
                attrs["data-cue-of"] = " ".join(self.ids[i] for i in seg.cue)
            inner = None
            if seg.speaker:
                # Nested mentions ("he" inside a longer name): the innermost one has the colour.
                inner = min(seg.speaker, key=lambda i: (len(doc.quotes[i].speaker or ()), i))
                classes += ["spk", self.colour_class(doc.quotes[inner])]
                attrs["data-speaker-of"] = " ".join(self.ids[i] for i in seg.speaker)
            tip_of = next(i for i in (owner, inner, *seg.cue) if i is not None)
            attrs["data-tip"] = tips[tip_of]
            tag = "mark" if owner is not None else "span"
            rendered = "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items())
            out.append(f'<{tag} class="{" ".join(classes)}"{rendered}>{text}</{tag}>')
        return "".join(out)

    def speaker_table(self) -> str:
        """Who is quoted how often, and how: one row per quoted entity, then quotes without an entity."""
        doc = self.doc
        counts: dict[str, Counter[str]] = {}
        loose: Counter[str] = Counter()
        for q in doc.quotes:
            if q.entity is not None and doc.entity(q.entity) is not None:
                counts.setdefault(q.entity, Counter())[q.type] += 1
            else:
                loose[q.type] += 1
        order = {e.id: n for n, e in enumerate(_quoted_entities(doc))}
        ranked = sorted(counts, key=lambda eid: (-sum(counts[eid].values()), order[eid]))
        head = ('<thead><tr><th scope="col">Speaker</th><th scope="col" class="n">Quotes</th>'
                + "".join(f'<th scope="col" class="n"><span class="key t-{t}">{t}</span></th>' for t in QUOTE_TYPES)
                + "</tr></thead>")
        rows = []
        for eid in ranked:
            entity = doc.entity(eid)
            assert entity is not None
            rows.append(self._speaker_row(f"c{self.colours[eid]}", entity_label(entity, doc), entity.kind,
                                          counts[eid], f' data-entity="{_attr(eid)}"'))
        if loose:
            rows.append(self._speaker_row("c-none", "no entity", "speaker not linked or not found", loose, ""))
        if not rows:
            return '<p>No quotes found.</p>'
        return (f'<table class="speakers"><caption class="sr-only">Speakers and their quotes</caption>{head}'
                f'<tbody>{"".join(rows)}</tbody></table>')

    @staticmethod
    def _speaker_row(colour: str, name: str, kind: str, counts: Counter[str], extra: str) -> str:
        total = sum(counts.values())
        bar = "".join(f'<span class="m-{t}" style="width:{100 * counts[t] / total:.1f}%"></span>'
                      for t in QUOTE_TYPES if counts[t])
        cells = "".join(f'<td class="n">{counts[t] or "·"}</td>' for t in QUOTE_TYPES)
        return (f'<tr class="{colour}"{extra}><th scope="row"><span class="who"><span class="swatch" '
                f'aria-hidden="true"></span><span>{html.escape(name)}<br><span class="kind">'
                f'{html.escape(kind)}</span></span></span><span class="mix" aria-hidden="true">{bar}</span></th>'
                f'<td class="n total">{total}</td>{cells}</tr>')

    def quote_table(self) -> str:
        """All quotes in text order, each linked to its place in the article."""
        doc = self.doc
        if not doc.quotes:
            return ""
        with_verdicts = bool(self.verdicts)
        head = ["#", "¶", "Type", "Speaker", "Cue", "Conf."] + (["Verdict"] if with_verdicts else []) + ["Quote"]
        th = "".join(f'<th scope="col"{" class=n" if h in ("¶", "Conf.") else ""}>{h}</th>' for h in head)
        rows = []
        for i, q in enumerate(doc.quotes):
            label = html.escape(q.id or str(i + 1))
            cells = [
                f'<td><a href="#{self.anchor[i]}">{label}</a></td>' if i in self.anchor else f"<td>{label}</td>",
                f'<td class="n">{doc.paragraph(q.start)}</td>',
                f'<td class="tcell"><span class="key t-{q.type}">{html.escape(q.type)}</span></td>',
                f'<td class="spk-cell {self.colour_class(q)}"><span class="who"><span class="swatch" '
                f'aria-hidden="true"></span><span>{html.escape(self.speaker_name(q))}</span></span></td>',
                f"<td>{html.escape(doc.span_text(q.cue)) if q.cue else '–'}</td>",
                f'<td class="n">{_confidence_cell(q)}</td>',
            ]
            if with_verdicts:
                cells.append(f"<td>{verdict_badge(self.verdicts[i]) if i in self.verdicts else '–'}</td>")
            cells.append(f'<td class="text">{html.escape(shorten(doc.quote_text(q), 220))}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return (f'<section class="quotes" aria-labelledby="{self.prefix}-quotes"><h3 id="{self.prefix}-quotes">'
                f'All quotes</h3><div class="scroll"><table><thead><tr>{th}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div></section>')

    def descriptions(self) -> str:
        items = "".join(f'<span id="{self.ids[i]}-desc">{html.escape(". ".join(self.details(i)))}.</span>'
                        for i in range(len(self.doc.quotes)))
        return f"<div hidden>{items}</div>" if items else ""

    def render(self, title: str) -> str:
        doc = self.doc
        by_type = Counter(q.type for q in doc.quotes)
        n = len(doc.quotes)
        speakers = len({q.entity for q in doc.quotes if q.entity is not None and doc.entity(q.entity)})
        meta = f"{n} quote{'s' if n != 1 else ''}"
        if n:
            meta += " — " + " · ".join(f"{by_type[t]} {t}" for t in QUOTE_TYPES if by_type[t])
        meta += f" — {speakers} speaker{'s' if speakers != 1 else ''}"
        p = self.prefix
        return (f'<section class="doc" id="{p}" aria-labelledby="{p}-title">'
                f'<h2 id="{p}-title">{html.escape(title)}</h2><p class="meta">{meta}</p>'
                f'<div class="doc-body"><article class="article" id="{p}-text" aria-label="Article text">'
                f'<pre class="text">{self.article()}</pre></article>'
                f'<aside class="side" aria-labelledby="{p}-who"><h3 id="{p}-who">Who is quoted</h3>'
                f"{self.speaker_table()}"
                "<p>Bars: share of direct, indirect and mixed quotes.</p></aside></div>"
                f"{self.quote_table()}{self.descriptions()}</section>")


# -- the page --------------------------------------------------------------------------------------------


def _confidence_cell(quote: Quote) -> str:
    if quote.confidence is None:
        return "–"
    if low_confidence(quote):
        return f'<span class="lowconf">{quote.confidence:.2f} low</span>'
    return f"{quote.confidence:.2f}"


def _legend(unlinked: bool, low: bool) -> str:
    keys = "".join(f'<li><span class="key t-{t}">{TYPE_LABELS[t]}</span></li>' for t in QUOTE_TYPES)
    keys += ('<li><span class="cue">cue</span> (said, told…)</li>'
             '<li><span class="spk c-key">speaker</span> framed in the speaker’s colour</li>')
    if unlinked:
        keys += '<li><span class="spk c-none">speaker</span> not linked to an entity</li>'
    if low:
        keys += (f'<li><span class="key t-indirect low">striped</span> low model confidence '
                 f"(below {LOW_CONFIDENCE:.2f}): often not a real quote</li>")
    return (
        f'<ul class="legend" aria-label="Legend">{keys}</ul>'
        '<p class="hint">Hover over a quote, or press <kbd>Tab</kbd> to move from quote to quote, to see its '
        "speaker, cue, confidence and paragraph.</p>"
    )


def render_html(docs: Sequence[Document], *, verdicts: Mapping[Any, str] | None = None,
                title: str = "Quote attribution report", **_: Any) -> str:
    """One self-contained HTML page for the documents: one section each, quotes highlighted.

    ``verdicts`` is the hook for ``attrib check``: verdict strings (``verified``, ``paraphrased``,
    ``misquoted``, ``not found``… see ``VERDICT_TONES``) keyed by quote id, or by ``(document id, quote
    id)`` where several documents share quote ids. A quote with a verdict gets a badge after its text, a
    line in its details and a column in the list of quotes. Other options (``width``, ``color``…) are
    accepted and ignored.
    """
    verdicts = verdicts or {}
    colours = entity_colours(docs)
    sections = []
    for d, doc in enumerate(docs):
        view = _DocumentView(doc, d, colours, verdicts)
        sections.append(view.render(doc.source or doc.id or f"Document {d + 1}"))
    n_quotes = sum(len(doc.quotes) for doc in docs)
    unlinked = any(q.speaker is not None and doc.entity(q.entity) is None for doc in docs for q in doc.quotes)
    low = any(low_confidence(q) for doc in docs for q in doc.quotes)
    summary = (f"{len(docs)} document{'s' if len(docs) != 1 else ''} · "
               f"{n_quotes} quote{'s' if n_quotes != 1 else ''}")
    first = '<a class="skip" href="#d1-text">Skip to the article</a>' if docs else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="attrib">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_css()}\n"
        ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
        "</style>\n</head>\n<body>\n"
        f'{first}<div class="page"><header class="page-head"><h1>{html.escape(title)}</h1>'
        f'<p class="meta">{summary}</p>{_legend(unlinked, low)}</header>\n<main>\n'
        + "\n".join(sections)
        + "\n</main>\n<footer>Made by attrib · a self-contained page: it loads nothing from the network."
        "</footer></div>\n</body>\n</html>\n"
    )
