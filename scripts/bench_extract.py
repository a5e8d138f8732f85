"""Extraction benchmark: throughput, cold start, a 5 MB document, and bf16 vs fp32 accuracy on PolNeAR dev.

    python scripts/bench_extract.py [--model models/attrib-minilm] [--gold dev.jsonl] [--repeats 5]
                                    [--skip-accuracy] [--big-timeout 900] [--json out.json]

Targets (issue 3): ≥ 100,000 characters/s end to end on 2 threads (model load excluded); `attrib extract` on
the sample article ≤ 3 s wall clock from a cold start; peak memory ≤ 1.5 GB, also on one 5 MB document; bf16
within 0.3 F1 of fp32. Each measurement that needs a fresh process runs in one, so imports and caches do not
leak between them. Timings on a shared 2-core machine are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "ap-2018-09-26-us-japan-trade-talks.txt"
DATA = ROOT.parent / "shared" / "data"
F1_KEYS = ("fragment", "extent", "token", "cue", "source")

_THROUGHPUT = r"""
import json, resource, statistics, sys, time, torch
torch.set_num_threads(2)
from attrib.api import load_model
from attrib.data.dataset import read_gold
from attrib.document import Document
model = load_model(sys.argv[1] or None)
docs = [Document(text=d.text, id=d.id) for d in read_gold(sys.argv[2])]
model.extract_many(docs[:2])  # warm-up
chars = sum(len(d.text) for d in docs)
runs = []
for _ in range(int(sys.argv[3])):
    timings = {}
    start = time.perf_counter()
    out = model.extract_many(docs, timings=timings)
    runs.append((time.perf_counter() - start, timings))
seconds, timings = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
print(json.dumps({"documents": len(docs), "characters": chars, "seconds": seconds, "all_seconds": [r[0] for r in runs],
                  "chars_per_second": chars / seconds, "best_chars_per_second": chars / min(r[0] for r in runs),
                  "stages": timings, "quotes": sum(len(d.quotes) for d in out), "bf16": bool(model.bf16),
                  "threads": torch.get_num_threads(),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# One ~5 MB document: the gold texts (or the sample article) joined and repeated. A watchdog reports how far
# it got when the run takes longer than the time budget, instead of hanging the benchmark.
_BIG = r"""
import json, os, resource, sys, threading, time, torch
torch.set_num_threads(2)
from attrib.api import load_model
from attrib.document import Document
size = 5_000_000
if sys.argv[2].endswith(".jsonl"):
    with open(sys.argv[2], encoding="utf-8") as f:
        base = "\n\n".join(json.loads(line)["text"] for line in f if line.strip())
else:
    base = open(sys.argv[2], encoding="utf-8").read()
text = ((base + "\n\n") * (size // (len(base) + 2) + 1))[:size]
model = load_model(sys.argv[1] or None)
timings = {}
start = time.perf_counter()
def report(finished, quotes=None):
    print(json.dumps({"characters": len(text), "seconds": time.perf_counter() - start, "finished": finished,
                      "quotes": quotes, "stages": dict(timings),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
def give_up():
    report(False)
    os._exit(0)
watchdog = threading.Timer(float(sys.argv[3]), give_up)
watchdog.daemon = True
watchdog.start()
doc = model.extract_many([Document(text=text)], timings=timings)[0]
watchdog.cancel()
report(True, len(doc.quotes))
"""

_ACCURACY = r"""
import json, sys, torch
torch.set_num_threads(2)
from attrib.api import default_model_path
from attrib.data.dataset import read_gold
from attrib.document import Document
from attrib.evaluate import evaluate_documents
from attrib.model.quote_model import QuoteModel
model = QuoteModel.load(sys.argv[1] or default_model_path(), bf16=sys.argv[3] == "bf16")
gold = list(read_gold(sys.argv[2]))
pred = model.extract_many([Document(text=d.text, id=d.id) for d in gold])
r = evaluate_documents(gold, pred)
print(json.dumps({k: round(r[k]["f1"] * 100, 2) for k in ("fragment", "extent", "token", "cue", "source")}
                 | {"type_accuracy": round(r["type_accuracy"] * 100, 2)}))
"""


def run_json(code: str, *args: str, timeout: float | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         timeout=timeout)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def stages(timings: dict) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())


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
    ap.add_argument("--repeats", type=int, default=5, help="passes over the gold texts, and cold starts")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-big", action="store_true", help="skip the 5 MB document")
    ap.add_argument("--big-timeout", type=float, default=900, help="seconds allowed for the 5 MB document")
    ap.add_argument("--json", dest="json_out", default="")
    args = ap.parse_args()
    gold = args.gold
    if not gold:
        gold = "/tmp/attrib-bench-polnear-dev.jsonl"
        subprocess.run([str(Path(sys.executable).parent / "attrib"), "data", "convert", "polnear",
                        str(DATA / "polnear"), "--split", "dev", "-o", gold], check=True, capture_output=True)
    results: dict = {"load_before": os.getloadavg()}
    print(f"({load()} before the runs)")
    results["throughput"] = run_json(_THROUGHPUT, args.model, gold, str(max(args.repeats, 1)))
    t = results["throughput"]
    print(f"throughput: {t['characters']:,} chars in {t['seconds']:.2f} s = {t['chars_per_second']:,.0f} chars/s "
          f"(median of {len(t['all_seconds'])}; best {t['best_chars_per_second']:,.0f}; {t['documents']} documents, "
          f"{t['quotes']} quotes; {'bf16' if t['bf16'] else 'fp32'}, {t['threads']} threads), "
          f"peak RSS {t['peak_rss_mb']:.0f} MB; {load()}")
    print(f"  stages: {stages(t['stages'])}")
    times = cold_start(args.model, args.repeats)
    results["cold_start_seconds"] = {"min": min(times), "median": statistics.median(times), "all": times}
    print(f"cold start (attrib extract on the sample article): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s over {len(times)} runs")
    if not args.skip_big:
        b = results["five_mb"] = run_json(_BIG, args.model, gold, str(args.big_timeout),
                                          timeout=args.big_timeout + 120)
        done = f"{b['quotes']} quotes" if b["finished"] else f"NOT FINISHED within {args.big_timeout:.0f} s"
        print(f"5 MB document ({b['characters']:,} chars): {b['seconds']:.1f} s, {done}, "
              f"peak RSS {b['peak_rss_mb']:.0f} MB; {load()}")
        print(f"  stages: {stages(b['stages'])}")
    if not args.skip_accuracy:
        bf16 = run_json(_ACCURACY, args.model, gold, "bf16")
        fp32 = run_json(_ACCURACY, args.model, gold, "fp32")
        diff = {k: round(bf16[k] - fp32[k], 2) for k in bf16}
        results["accuracy"] = {"bf16": bf16, "fp32": fp32, "bf16_minus_fp32": diff}
        print("dev F1 (%)   " + " ".join(f"{k:>13s}" for k in bf16))
        for name, row in (("bf16", bf16), ("fp32", fp32), ("bf16 - fp32", diff)):
            print(f"{name:13s}" + " ".join(f"{v:13.2f}" for v in row.values()))
        worst = max(abs(diff[k]) for k in F1_KEYS)
        print(f"largest F1 difference {worst:.2f} ({'within' if worst <= 0.3 else 'OVER'} the 0.3 budget)")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
