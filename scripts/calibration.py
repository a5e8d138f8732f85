"""How often a predicted quote is a real one, by model confidence (the basis of the report's "low" marking).

    attrib extract work/polnear-dev.jsonl -f jsonl -o work/pred-dev.jsonl
    python scripts/calibration.py work/polnear-dev.jsonl work/pred-dev.jsonl

A prediction counts as real when it is matched to a gold quote (token Jaccard ≥ 0.5, one to one, as in
`attrib eval`). Prints one row per confidence band and the share below ``html.LOW_CONFIDENCE``.
"""

from __future__ import annotations

import argparse

from attrib.data.dataset import read_gold
from attrib.evaluate import match_quotes, pair_by_id
from attrib.formats.html import LOW_CONFIDENCE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("pred")
    args = ap.parse_args()
    gold = list(read_gold(args.gold))
    preds = pair_by_id(gold, list(read_gold(args.pred)))
    bands: dict[int, list[int]] = {}
    low = [0, 0]
    for g, p in zip(gold, preds):
        real = {j for _, j in match_quotes(g.text, g.quotes, p.quotes)}
        for j, q in enumerate(p.quotes):
            if q.confidence is None:
                continue
            band = bands.setdefault(min(int(q.confidence * 10), 9), [0, 0])
            band[0] += 1
            band[1] += j in real
            if q.confidence < LOW_CONFIDENCE:
                low[0] += 1
                low[1] += j in real
    print("confidence  quotes  matched to a gold quote")
    for b in sorted(bands):
        n, hit = bands[b]
        print(f"{b / 10:.1f}-{(b + 1) / 10:.1f}  {n:7d}  {hit / n * 100:5.1f} %")
    if low[0]:
        print(f"below {LOW_CONFIDENCE:.2f}: {low[0]} quotes, {low[1] / low[0] * 100:.1f} % matched")


if __name__ == "__main__":
    main()
