"""S1xx: speakers and attribution — is every quote attributed, and to someone the reader can identify?"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Entity, Quote
from ..findings import CheckedDocument
from .base import THIRD_PERSON_PRONOUNS, E, Example, Q, Rule, Violation, is_pronoun, marks_of, shorten

_SINGULAR_PERSONAL = frozenset(("he", "she", "him", "her"))


def _mention(doc: Document, quote: Quote) -> str:
    return " ".join(doc.span_text(quote.speaker).split()) if quote.speaker is not None else ""


def _continues_open_quotation(checked: CheckedDocument, quote: Quote) -> bool:
    """True when the quote's paragraph continues a quotation left open at the end of the paragraph before
    (the multi-paragraph convention): the speaker was named in that earlier paragraph."""
    doc = checked.document
    paragraph = doc.paragraph(quote.start)
    if paragraph == 1:
        return False
    return any(not r.closed and r.double and doc.paragraph(r.span.start) == paragraph - 1
               for r in marks_of(checked).regions)


def check_unattributed(checked: CheckedDocument) -> Iterator[Violation]:
    doc = checked.document
    for q in doc.quotes:
        if q.type == "indirect" or q.speaker is not None or q.cue is not None:
            continue  # an indirect quote without a cue is reported speech that goes on from an attribution
        # A quotation inside another quote is attributed by the outer quote's speaker.
        if any(o is not q and o.extent.contains(q.extent) and o.extent != q.extent for o in doc.quotes):
            continue
        if _continues_open_quotation(checked, q):
            continue
        # The text names nobody even when the speaker is known from the context (attrib.implicit infers it).
        guess = doc.entity(q.entity)
        hint = f"; from the context it may be {guess.name}" if guess is not None and guess.name else ""
        yield Violation(q.extent, f"quote has no speaker and no cue (“said”, “told”…): say who said it{hint}", q)


def _named_before(doc: Document, entity: Entity, offset: int) -> bool:
    return any(m.start < offset and not is_pronoun(doc.span_text(m)) for m in entity.mentions)


def check_pronoun_only(checked: CheckedDocument) -> Iterator[Violation]:
    doc = checked.document
    for q in doc.quotes:
        mention = _mention(doc, q)
        if not is_pronoun(mention, THIRD_PERSON_PRONOUNS):
            continue
        assert q.speaker is not None
        entity = doc.entity(q.entity)
        if entity is None or not entity.name:
            yield Violation(q.extent, f"quote is attributed to “{mention}”, and nobody named earlier is who "
                                      f"“{mention}” stands for", q)
        elif not _named_before(doc, entity, q.speaker.start):
            yield Violation(q.extent, f"quote is attributed to “{mention}” ({entity.name}), but {entity.name} is not "
                                      "named before this quote", q)


def check_anonymous(checked: CheckedDocument) -> Iterator[Violation]:
    doc = checked.document
    for q in doc.quotes:
        entity = doc.entity(q.entity)
        mention = _mention(doc, q)
        # Pronouns are the pronoun rule's; "I"/"we" outside quotes are the author, not a source.
        if entity is None or entity.kind != "unnamed" or not mention or is_pronoun(mention):
            continue
        yield Violation(q.extent, f"quote is attributed to an unnamed source (“{shorten(mention)}”): "
                                  "say why the source is not named, or name them", q)


def check_tag_mismatch(checked: CheckedDocument) -> Iterator[Violation]:
    """Only the clearest case: a quote tagged "he"/"she" that is linked to a person other than the one
    person every named tag of the paragraph names, and whom the paragraph does not name."""
    doc = checked.document
    by_paragraph: dict[int, list[Quote]] = {}
    for q in doc.quotes:
        by_paragraph.setdefault(doc.paragraph(q.start), []).append(q)
    for paragraph, quotes in by_paragraph.items():
        for q in quotes:
            mention = _mention(doc, q)
            entity = doc.entity(q.entity)
            if mention.casefold() not in _SINGULAR_PERSONAL or entity is None or not entity.name:
                continue
            assert q.speaker is not None
            tags = [o for o in quotes if o is not q and o.speaker is not None and not is_pronoun(_mention(doc, o))]
            tagged = {o.entity for o in tags}
            if len(tagged) != 1 or None in tagged:
                continue
            other = doc.entity(next(iter(tagged)))
            if other is None or other.id == entity.id or not other.name:
                continue
            if other.kind != "person" or entity.kind != "person":
                continue  # "he" cannot point back to an organisation's tag
            if not any(o.speaker is not None and o.speaker.start < q.speaker.start for o in tags):
                continue  # the named tag must come first for "he"/"she" to point back to it
            if any(doc.paragraph(m.start) == paragraph and not is_pronoun(doc.span_text(m)) for m in entity.mentions):
                continue  # the paragraph names this quote's speaker too
            if not _named_before(doc, entity, q.speaker.start):
                continue  # pronoun-only-attribution reports it
            yield Violation(q.extent, f"quote is attributed to {entity.name} through “{mention}”, but this "
                                      f"paragraph's speaker tag names {other.name}", q)


UNATTRIBUTED = Rule(
    code="S101",
    name="unattributed-quote",
    severity="warning",
    summary="Words in quotation marks have no speaker and no cue.",
    description=(
        "A direct or mixed quote has no speaker mention and no cue (“said”, “told”, “according to”), even when "
        "the speaker can be told from the context (the message then names who it may be). Not reported: "
        "indirect quotes (without quotation marks, a sentence that goes on reporting "
        "what someone said needs no cue of its own), a quotation inside another quote (the outer speaker says it), "
        "and a paragraph that continues a quotation left open at the end of the paragraph before (the "
        "multi-paragraph convention, where the speaker is named in the first paragraph)."
    ),
    anti_pattern="Quoted words that nobody in the text is said to have said.",
    best_practice="Attribute every quote, with a cue and a speaker the reader can identify.",
    examples=(
        Example("fail", "The talks collapsed. “We will not accept this deal.”",
                (Q("“We will not accept this deal.”"),)),
        Example("pass", "Abe spoke for an hour. Japan would not accept the deal, and talks would go on.",
                (Q("Japan would not accept the deal, and talks would go on", type="indirect"),),
                note="reported speech going on from an earlier attribution"),
        Example("pass", "The talks collapsed. “We will not accept this deal,” Abe said.",
                (Q("“We will not accept this deal,”", "Abe", "said", "abe"),), (E("abe", "Shinzo Abe"),)),
        Example("pass", "Abe said: “We will not accept this deal.\n\n“We will keep talking.”",
                (Q("“We will not accept this deal.", "Abe", "said", "abe"), Q("“We will keep talking.”")),
                (E("abe", "Shinzo Abe"),), note="the second paragraph continues the first one's quotation"),
    ),
    check=check_unattributed,
)

PRONOUN_ONLY = Rule(
    code="S102",
    name="pronoun-only-attribution",
    severity="warning",
    summary="A quote is attributed only to a pronoun that names nobody before it.",
    description=(
        "The speaker mention is a third-person pronoun (“he”, “she”, “they”, “it”) and either no named "
        "speaker was linked to it, or the speaker it was linked to is not named anywhere before the quote. "
        "“I” and “we” are left alone: outside a quotation they are the author."
    ),
    anti_pattern="“He said” before the article has said who he is.",
    best_practice="Name the speaker the first time they are quoted; a pronoun may then refer back to them.",
    examples=(
        Example("fail", "“We will not accept this deal,” he said.",
                (Q("“We will not accept this deal,”", "he", "said", "x"),), (E("x", None, "unnamed"),)),
        Example("fail", "“We will not accept this deal,” he said. Abe left Tokyo on Monday.",
                (Q("“We will not accept this deal,”", "he", "said", "abe"),),
                (E("abe", "Shinzo Abe", mentions=("Abe",)),), note="the name comes only after the quote"),
        Example("pass", "Abe left Tokyo on Monday. “We will not accept this deal,” he said.",
                (Q("“We will not accept this deal,”", "he", "said", "abe"),),
                (E("abe", "Shinzo Abe", mentions=("Abe",)),)),
    ),
    check=check_pronoun_only,
)

ANONYMOUS = Rule(
    code="S103",
    name="anonymous-source",
    severity="suggestion",
    summary="A quote is attributed to an unnamed source (“officials said”, “a person familiar with…”).",
    description=(
        "The quote's speaker is an unnamed entity: a description that identifies nobody. Many newsrooms allow "
        "anonymous sources only with an editor's approval and an explanation in the text of why the source is "
        "not named; this rule lists them so that an editor sees every one."
    ),
    anti_pattern="“Officials said” with no word on who they are or why they are not named.",
    best_practice=(
        "Name the source, or say why they could not be named (“who spoke on condition of anonymity because "
        "they were not authorized to discuss the talks”)."
    ),
    examples=(
        Example("fail", "“The deal is dead,” officials said.",
                (Q("“The deal is dead,”", "officials", "said", "o"),), (E("o", None, "unnamed"),)),
        Example("pass", "“The deal is dead,” Lighthizer said.",
                (Q("“The deal is dead,”", "Lighthizer", "said", "l"),), (E("l", "Robert Lighthizer"),)),
        Example("pass", "“I was there,” I said.", (Q("“I was there,”", ("I", 2), "said", "me"),),
                (E("me", None, "unnamed"),), note="the author is not an anonymous source"),
    ),
    check=check_anonymous,
)

TAG_MISMATCH = Rule(
    code="S104",
    name="speaker-tag-mismatch",
    severity="warning",
    summary="A quote tagged “he”/“she” is linked to someone other than the person its paragraph's tag names.",
    description=(
        "Reported only in the clearest case, to avoid false alarms: the quote's speaker mention is “he”, “she”, "
        "“him” or “her”; every other quote of the paragraph tagged with a name is attributed to one and the "
        "same person; that tag comes before this quote's pronoun; the pronoun is linked to a different person, "
        "named earlier in the article but not in this paragraph (when nobody is named before, S102 "
        "pronoun-only-attribution reports the quote instead). Either the speaker link is wrong or the paragraph "
        "misleads the reader about who is speaking."
    ),
    anti_pattern=(
        "A paragraph that quotes Abe by name, then goes on with “he added” for words that are really Trump's."
    ),
    best_practice="When the speaker changes within a paragraph, name the new speaker.",
    examples=(
        Example("fail", "Trump flew to Tokyo.\n\n“We will not accept this,” Abe said. “It is a disgrace,” he added.",
                (Q("“We will not accept this,”", "Abe", "said", "abe"),
                 Q("“It is a disgrace,”", "he", "added", "trump")),
                (E("abe", "Shinzo Abe"), E("trump", "Donald Trump", mentions=("Trump",)))),
        Example("pass", "“We will not accept this,” Abe said. “It is a disgrace,” he added.",
                (Q("“We will not accept this,”", "Abe", "said", "abe"), Q("“It is a disgrace,”", "he", "added", "abe")),
                (E("abe", "Shinzo Abe"),)),
        Example("pass", "“We will not accept this,” Abe said. Trump disagreed. “It is a deal,” he said.",
                (Q("“We will not accept this,”", "Abe", "said", "abe"),
                 Q("“It is a deal,”", "he", ("said", 2), "trump")),
                (E("abe", "Shinzo Abe"), E("trump", "Donald Trump", mentions=("Trump",))),
                note="the paragraph names Trump before “he”"),
    ),
    check=check_tag_mismatch,
)

RULES = (UNATTRIBUTED, PRONOUN_ONLY, ANONYMOUS, TAG_MISMATCH)
