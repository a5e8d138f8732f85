"""Does a learned pairing beat the nearest-neighbour rules? (issue 3: "measure it")

    python scripts/pairing_experiment.py [--train work/polnear-train.jsonl] [--dev work/polnear-dev.jsonl]

Runs the shipped model over PolNeAR train and dev, then trains a listwise scorer for each quote's cue and its
source: a softmax over the candidate spans the model tagged in the quote's window, on 20 positional features
(before/after/inside the quote, distance and distance rank, a sentence end or line break between, cues in
between, adjacency to the cue, a relative pronoun between source and cue, direct or not). The positive is the
candidate that overlaps the gold cue/source of the gold quote the predicted quote matches. Prints, on dev:
span F1s, cue and source accuracy on matched quotes and speaker entity accuracy with the rules and with the
learned scorer, and the oracle (a candidate overlapping the gold span lies in the window). Takes ~3 minutes.
"""

from __future__ import annotations

import argparse
import re
from bisect import bisect_left, bisect_right
from pathlib import Path

import numpy as np
import torch

from attrib.api import load_model
from attrib.data.dataset import read_gold
from attrib.document import Document, Quote, Span
from attrib.evaluate import evaluate, match_quotes
from attrib.link import link
from attrib.listwise import train
from attrib.marks import find_marks, quote_type
from attrib.model import decode as D
from attrib.model.features import encode
from attrib.model.tagger import predict_log_probs

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("cue", "source")


def tag_all(model, docs: list[Document]) -> list[list[D.TaggedSpan]]:
    enc = [encode(model.tokenizer, Document(text=d.text, id=d.id), find_marks(d.text)) for d in docs]
    lps = predict_log_probs(model.tagger, enc, model.cls_id, model.sep_id)
    return [D.spans_from_tags(D.viterbi(lp), lp, e.offsets) for e, lp in zip(enc, lps)]


class Layout:
    """What the rules see in one document: the content groups, their windows and the candidate spans."""

    def __init__(self, text: str, tagged: list[D.TaggedSpan]) -> None:
        self.text = text
        marks = find_marks(text)
        self.rule_quotes = D.group(text, tagged, marks)
        # The rules' own groups: one quote per group, in order.
        self.extents = [Span(q.start, q.end) for q in self.rule_quotes]
        self.windows = D.quote_windows(text, self.extents)
        self.spans = {"cue": sorted(t.span for t in tagged if t.role == "CUE"),
                      "source": sorted(t.span for t in tagged if t.role == "SOURCE")}
        self.starts = {r: [s.start for s in v] for r, v in self.spans.items()}
        self.direct = [quote_type(text, q.fragments, marks) == "direct" for q in self.rule_quotes]

    def candidates(self, role: str, gi: int) -> list[Span]:
        w = self.windows[gi]
        found = self.spans[role][bisect_left(self.starts[role], w.start) : bisect_right(self.starts[role], w.end)]
        return [s for s in found if w.contains(s)]

    def features(self, role: str, gi: int, cands: list[Span], cue: Span | None) -> np.ndarray:
        text, extent = self.text, self.extents[gi]
        order = {s: i for i, s in enumerate(sorted(cands, key=lambda s: (len(_gap(extent, s)), s.start)))}
        rows = []
        for s in cands:
            g = _gap(extent, s)
            between = text[g.start : g.end]
            before, after = s.end <= extent.start, s.start >= extent.end
            inside = not before and not after
            cues = self.starts["cue"]
            row = [before, after, inside, np.log1p(len(g)) / 5, _sentence_end(between) and not inside,
                   not re.search(r"\w", between) and not inside, "\n" in between,
                   min(bisect_right(cues, g.end) - bisect_left(cues, g.start), 3) / 3 if not inside else 0,
                   order[s] == 0, min(order[s], 5) / 5, 1 / len(cands), self.direct[gi]]
            if role == "source" and cue is not None:
                cg = Span(0, 0) if s.overlaps(cue) else _gap(cue, s)
                cb = text[cg.start : cg.end]
                row += [np.log1p(len(cg)) / 5, not re.search(r"\w", cb) and len(cb) <= 3, s.end <= cue.start,
                        s.start >= cue.end, _sentence_end(cb),
                        bool(re.fullmatch(r"\s*,?\s*(?:who|which|that)?\s*", cb)), 0, 1]
            else:
                row += [0, 0, 0, 0, 0, 0, role == "source", 0]
            rows.append(row)
        return np.array(rows, dtype=np.float32)


def _gap(a: Span, b: Span) -> Span:
    if b.end <= a.start:
        return Span(b.end, a.start)
    if b.start >= a.end:
        return Span(a.end, b.start)
    return Span(0, 0)


def _sentence_end(between: str) -> bool:
    return bool(D._SENTENCE_END.search(between + " ") and between.strip(" ,\"”’'"))


def training_set(docs: list[Document], tagged: list[list[D.TaggedSpan]]) -> dict[str, list[tuple[np.ndarray, int]]]:
    out: dict[str, list[tuple[np.ndarray, int]]] = {r: [] for r in ROLES}
    for d, t in zip(docs, tagged):
        lay = Layout(d.text, t)
        for gold_i, gi in match_quotes(d.text, d.quotes, lay.rule_quotes):
            gq = d.quotes[gold_i]
            gold_cue = next((c for c in lay.spans["cue"] if gq.cue is not None and c.overlaps(gq.cue)), None)
            for role, gold in (("cue", gq.cue), ("source", gq.speaker)):
                cands = lay.candidates(role, gi)
                hits = [i for i, s in enumerate(cands) if gold is not None and s.overlaps(gold)]
                if hits:
                    out[role].append((lay.features(role, gi, cands, gold_cue), hits[0]))
    return out


def learned_quotes(lay: Layout, weights: dict[str, np.ndarray]) -> list[Quote]:
    pairs = []
    for gi in range(len(lay.extents)):
        cands = lay.candidates("cue", gi)
        if cands:
            scores = lay.features("cue", gi, cands, None) @ weights["cue"]
            pairs += [(-float(sc), gi, s) for sc, s in zip(scores, cands)]
    cue_of: dict[int, Span] = {}
    taken: set[Span] = set()
    for _, gi, s in sorted(pairs, key=lambda p: (p[0], p[1], p[2].start)):  # one cue per quote, best first
        if gi not in cue_of and s not in taken:
            cue_of[gi] = s
            taken.add(s)
    out: list[Quote] = []
    for gi, rule in enumerate(lay.rule_quotes):
        cue = cue_of.get(gi)
        cands = lay.candidates("source", gi)
        source = None
        if cands:
            source = cands[int(np.argmax(lay.features("source", gi, cands, cue) @ weights["source"]))]
        elif out and cue is not None:  # the rules' shared subject, kept so only the scorer differs
            prev = out[-1]
            source = D._shared_source(lay.text, prev, lay.extents[gi - 1], cue)
        out.append(Quote(rule.fragments, rule.type, cue, source, None, rule.confidence))
    return out


def report(name: str, gold: list[Document], quotes: list[list[Quote]]) -> None:
    pred = [link(g.with_annotations(q, entities=())) for g, q in zip(gold, quotes)]
    r = evaluate(gold, pred, bootstrap=0)
    print(f"{name:8s} " + " ".join(f"{k} F1 {r[k + '_f1'] * 100:.2f}" for k in ("extent", "cue", "source"))
          + f" | on matched quotes: cue {r['cue_accuracy'] * 100:.2f} source {r['source_accuracy'] * 100:.2f}"
          f" speaker entity {r['speaker_accuracy'] * 100:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=str(ROOT / "work" / "polnear-train.jsonl"))
    ap.add_argument("--dev", default=str(ROOT / "work" / "polnear-dev.jsonl"))
    args = ap.parse_args()
    torch.manual_seed(0)
    model = load_model(None)
    train_docs, dev_docs = list(read_gold(args.train)), list(read_gold(args.dev))
    sets = training_set(train_docs, tag_all(model, train_docs))
    weights = {role: train(groups) for role, groups in sets.items()}
    print(", ".join(f"{role}: {len(groups)} training quotes" for role, groups in sets.items()))
    layouts = [Layout(d.text, t) for d, t in zip(dev_docs, tag_all(model, dev_docs))]
    report("rules", dev_docs, [lay.rule_quotes for lay in layouts])
    report("learned", dev_docs, [learned_quotes(lay, weights) for lay in layouts])
    for role in ROLES:
        n = reachable = 0
        for d, lay in zip(dev_docs, layouts):
            for gold_i, gi in match_quotes(d.text, d.quotes, lay.rule_quotes):
                gold = d.quotes[gold_i].cue if role == "cue" else d.quotes[gold_i].speaker
                if gold is not None:
                    n += 1
                    reachable += any(s.overlaps(gold) for s in lay.candidates(role, gi))
        print(f"oracle {role}: a candidate overlapping the gold {role} in the window for {reachable / n * 100:.1f} % "
              f"of {n} matched quotes")


if __name__ == "__main__":
    main()
