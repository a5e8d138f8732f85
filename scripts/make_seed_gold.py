"""Build seeds/…gold.jsonl from hand-chosen strings (kept so the annotation can be reviewed and rebuilt).

Each span is given as (text, occurrence) and located in the article; the offsets are then checked by the
wire-format reader. Conventions follow PolNeAR: direct content includes its quotation marks (and a comma
inside them); an indirect content keeps a leading "that" but not the sentence's final period; the cue is
the verb ("told", not "told reporters"); the source is the whole speaker noun phrase.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attrib.document import Span  # noqa: E402
from attrib.marks import find_marks, quote_type  # noqa: E402
from attrib.wire import from_dict, to_dict  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "seeds" / "ap-2018-09-26-us-japan-trade-talks.txt"
TEXT = SEED.read_text("utf-8")


def at(s: str, n: int = 1, keep: int | None = None) -> list[int]:
    """Offsets of the n-th occurrence of ``s``; ``keep`` cuts the span to its first characters."""
    i = -1
    for _ in range(n):
        i = TEXT.index(s, i + 1)
    return [i, i + (len(s) if keep is None else keep)]


ENTITIES = [
    ("e1", "Donald Trump", "person", [at("President Donald Trump"), at("Trump", 2), at("He said", keep=2),
                                      at("Trump", 3), at("the Republican president"), at("Trump", 5),
                                      at("he said", keep=2), at("President Donald Trump", 2)]),
    ("e2", "Shinzo Abe", "person", [at("Japanese Prime Minister Shinzo Abe"), at("Abe has", keep=3),
                                    at("Abe despite", keep=3), at("Abe.\n", keep=3), at("Abe said", keep=3),
                                    at("Abe said", 2, keep=3)]),
    ("e3", "U.S.-Japan joint statement", "document",
     [at("a U.S.-Japan joint statement released by the White House"), at("The joint statement issued"),
      at("The statement")]),
    ("e4", "Robert Lighthizer", "person", [at("U.S. Trade Representative Robert Lighthizer"),
                                           at("Lighthizer told", keep=10)]),
    ("e5", "United States; Japan", "group", [at("The United States and Japan")]),
]


QUOTES = [
    # (content strings in order, cue, speaker, entity)
    ([("they will open negotiations on a bilateral trade agreement between the world’s first- and "
       "third-largest economies", 1)], ("announced", 1), ("The United States and Japan", 1), "e5"),
    ([("that Japan had been unwilling in the past to enter into such talks, but now is and such a deal "
       "“will be something very exciting.”", 1)], ("said", 1), ("He", 1), "e1"),
    ([("“we will make efforts for the early solution of other tariff-related issues.”", 1)], ("said", 2),
     ("a U.S.-Japan joint statement released by the White House", 1), "e3"),
    ([("“We’ve agreed today to start trade negotiations between the United States and Japan,”", 1)],
     ("told", 1), ("Trump", 5), "e1"),
    ([("“This was something that for various reasons over the years Japan was unwilling to do. And now they "
       "are willing to do. So we’re very happy about that. And I’m sure they will come to a satisfactory "
       "conclusion,”", 1)], ("said", 3), ("he said", 1, 2), "e1"),
    ([("that Japanese Economy Minister Toshimitsu Motegi and U.S. Trade Representative Robert Lighthizer had "
       "held very productive discussions in New York this week", 1)], ("said", 4), ("Abe", 6), "e2"),
    ([("he wanted to find “ways to reinforce the economic ties between Japan and United States.”", 1)],
     ("said", 5), ("Abe", 7), "e2"),
    ([("negotiations will begin after completion of necessary domestic procedures in each country", 1)],
     ("said", 6), ("The joint statement issued", 1), "e3"),
    ([("that he would be talking to Congress on Thursday about seeking trade promotion authority for the "
       "president to negotiate the agreement", 1)], ("told", 2), ("Lighthizer", 2), "e4"),
    ([("the proposed agreement will cover goods, and other key areas including services, that can produce "
       "“early achievements.”", 1)], ("said", 7), ("The statement", 1), "e3"),
]


def main() -> None:
    marks = find_marks(TEXT)
    quotes = []
    for i, (contents, cue, speaker, entity) in enumerate(QUOTES, 1):
        frags = [at(s, n) for s, n in contents]
        cue_span = at(*cue)
        spk = at(*speaker)
        for spec, span in ((cue, cue_span), (speaker, spk)):
            keep = spec[2] if len(spec) > 2 else len(spec[0])
            assert TEXT[span[0]:span[1]] == spec[0][:keep]
        qtype = quote_type(TEXT, [Span(*f) for f in frags], marks)
        quotes.append({
            "id": f"q{i}", "type": qtype, "start": frags[0][0], "end": frags[-1][1],
            "text": TEXT[frags[0][0]:frags[-1][1]], "fragments": frags,
            "cue": {"start": cue_span[0], "end": cue_span[1], "text": TEXT[cue_span[0]:cue_span[1]]},
            "speaker": {"start": spk[0], "end": spk[1], "text": TEXT[spk[0]:spk[1]]},
            "entity": entity, "confidence": None,
        })
    quotes.sort(key=lambda q: q["start"])
    for i, q in enumerate(quotes, 1):
        q["id"] = f"q{i}"
    record = {
        "schema_version": 1, "id": SEED.stem, "text": TEXT, "quotes": quotes,
        "entities": [{"id": e, "name": n, "kind": k, "mentions": sorted(m)} for e, n, k, m in ENTITIES],
    }
    doc = from_dict(record, where=str(SEED))
    out = SEED.with_name(SEED.stem + ".gold.jsonl")
    out.write_text(json.dumps(to_dict(doc), ensure_ascii=False) + "\n", "utf-8")
    for q in doc.quotes:
        print(q.id, q.type, repr(doc.span_text(q.speaker)), repr(doc.span_text(q.cue)), doc.quote_text(q)[:70])
    for e in doc.entities:
        print(e.id, e.name, [doc.span_text(m) for m in e.mentions])


if __name__ == "__main__":
    main()
