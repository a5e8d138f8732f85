"""Extraction benchmark: throughput, cold start, peak memory, and bf16 vs fp32 accuracy on PolNeAR dev.

    python scripts/bench_extract.py [--model models/attrib-minilm] [--gold dev.jsonl] [--json out.json]

Targets (issue 3): ≥ 100,000 characters/s end to end on 2 threads (model load excluded); `attrib extract` on
the sample article ≤ 3 s wall clock from a cold start; peak memory ≤ 1.5 GB; bf16 within 0.3 F1 of fp32.
Each measurement that needs a fresh process runs in one, so imports and caches do not leak between them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "ap-2018-09-26-us-japan-trade-talks.txt"
DATA = ROOT.parent / "shared" / "data"

_THROUGHPUT = r"""
import json, resource, sys, time, torch
torch.set_num_threads(2)
from attrib.api import load_model
from attrib.data.dataset import read_gold
from attrib.document import Document
model = load_model(sys.argv[1] or None)
docs = [Document(text=d.text, id=d.id) for d in read_gold(sys.argv[2])]
model.extract_many(docs[:2])  # warm-up
chars = sum(len(d.text) for d in docs)
start = time.perf_counter()
out = model.extract_many(docs)
seconds = time.perf_counter() - start
print(json.dumps({"documents": len(docs), "characters": chars, "seconds": seconds,
                  "chars_per_second": chars / seconds, "quotes": sum(len(d.quotes) for d in out),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_BIG = r"""
import json, resource, sys, time, torch
torch.set_num_threads(2)
from attrib.api import load_model
base = open(sys.argv[2], encoding="utf-8").read()
text = (base + "\n\n") * (5_000_000 // (len(base) + 2) + 1)
text = text[:5_000_000]
model = load_model(sys.argv[1] or None)
start = time.perf_counter()
doc = model.extract(text)
print(json.dumps({"characters": len(text), "seconds": time.perf_counter() - start, "quotes": len(doc.quotes),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_ACCURACY = r"""
import json, sys, torch
torch.set_num_threads(2)
from attrib.api import load_model
from attrib.data.dataset import read_gold
from attrib.document import Document
from attrib.evaluate import evaluate_documents
import attrib.model.tagger as tagger
tagger.bf16_supported.cache_clear()
if sys.argv[3] == "fp32":
    tagger.bf16_supported = lambda: False
model = load_model(sys.argv[1] or None)
gold = list(read_gold(sys.argv[2]))
pred = model.extract_many([Document(text=d.text, id=d.id) for d in gold])
r = evaluate_documents(gold, pred)
print(json.dumps({k: round(r[k]["f1"] * 100, 2) for k in ("fragment", "extent", "token", "cue", "source")}
                 | {"type_accuracy": round(r["type_accuracy"] * 100, 2)}))
"""


def run_json(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(model: str, repeats: int) -> list[float]:
    cmd = [str(Path(sys.executable).parent / "attrib"), "extract", str(SEED), "--format", "json", "-o", "/dev/null"]
    if model:
        cmd += ["--model", model]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="", help="model directory (default: the shipped model)")
    ap.add_argument("--gold", default="", help="gold JSONL (default: PolNeAR dev converted on the fly)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--json", dest="json_out", default="")
    args = ap.parse_args()
    gold = args.gold
    if not gold:
        gold = "/tmp/attrib-bench-polnear-dev.jsonl"
        subprocess.run([str(Path(sys.executable).parent / "attrib"), "data", "convert", "polnear",
                        str(DATA / "polnear"), "--split", "dev", "-o", gold], check=True, capture_output=True)
    results: dict = {}
    results["throughput"] = run_json(_THROUGHPUT, args.model, gold)
    t = results["throughput"]
    print(f"throughput: {t['characters']:,} chars in {t['seconds']:.2f} s = {t['chars_per_second']:,.0f} chars/s "
          f"({t['documents']} documents, {t['quotes']} quotes), peak RSS {t['peak_rss_mb']:.0f} MB")
    times = cold_start(args.model, args.repeats)
    results["cold_start_seconds"] = {"min": min(times), "median": statistics.median(times), "all": times}
    print(f"cold start (attrib extract on the sample article): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s over {len(times)} runs")
    results["five_mb"] = run_json(_BIG, args.model, str(SEED))
    b = results["five_mb"]
    print(f"5 MB document: {b['seconds']:.1f} s, {b['quotes']} quotes, peak RSS {b['peak_rss_mb']:.0f} MB")
    if not args.skip_accuracy:
        bf16 = run_json(_ACCURACY, args.model, gold, "bf16")
        fp32 = run_json(_ACCURACY, args.model, gold, "fp32")
        results["accuracy"] = {"bf16": bf16, "fp32": fp32}
        print("dev F1       " + " ".join(f"{k:>9s}" for k in bf16))
        print("bf16 autocast" + " ".join(f"{v:9.2f}" for v in bf16.values()))
        print("fp32         " + " ".join(f"{v:9.2f}" for v in fp32.values()))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
