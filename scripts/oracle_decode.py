"""Score the decoder on gold tags: how much the grouping step alone loses (an upper bound for the model).

    python scripts/oracle_decode.py work/polnear-dev.jsonl
"""

from __future__ import annotations

import sys

import numpy as np

from attrib.data.dataset import read_gold
from attrib.evaluate import evaluate_documents
from attrib.marks import find_marks
from attrib.model.decode import group, spans_from_tags
from attrib.model.encoder import load_tokenizer, locate
from attrib.model.features import LABELS, bio_labels, encode


def main(path: str) -> None:
    tokenizer = load_tokenizer(locate())
    gold = list(read_gold(path))
    pred = []
    for d in gold:
        marks = find_marks(d.text)
        enc = encode(tokenizer, d, marks)
        tags = bio_labels(enc, d)
        lp = np.full((len(tags), len(LABELS)), -20.0, dtype=np.float32)
        lp[np.arange(len(tags)), tags] = 0.0
        pred.append(d.with_annotations(group(d.text, spans_from_tags(tags, lp, enc.offsets), marks), entities=()))
    r = evaluate_documents(gold, pred)
    for k in ("fragment", "extent", "token", "cue", "source"):
        print(f"{k:9s} P {r[k]['precision'] * 100:5.1f} R {r[k]['recall'] * 100:5.1f} F1 {r[k]['f1'] * 100:5.1f}")
    print(f"type accuracy {r['type_accuracy'] * 100:.1f} on {r['matched_quotes']} matched")


if __name__ == "__main__":
    main(sys.argv[1])
