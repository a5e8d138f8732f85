"""`attrib check` benchmark: a ~1 MB draft with ≥ 500 quotes against 20 sources.

    python scripts/bench_check.py [--model models/attrib-minilm] [--size 1000000] [--padding quiet|plain|articles]
                                  [--sources 20] [--timeout 900] [--skip-cli] [--keep DIR] [--json out.json]

Target (the check issue): "a draft of 1 MB with 500 quotes against 20 sources finishes … ≤ 30 s on 2 cores".

The draft is built from real text: every draft of the development suite (../shared/data/checksuite-dev/drafts)
and of tests/checksuite/drafts, joined with blank lines and repeated four times (about 4 × 130 attributions),
then padded to ``--size`` characters with paragraphs of the PolNeAR dev articles (work/polnear-dev.jsonl, else
the dev suite's sources). The model marks attributions the PolNeAR way, about four per 1,000 characters of news
prose even where there is no quotation mark or speech verb, so the padding decides the quote count:

- ``quiet`` (default): paragraphs with no quotation mark, no common speech verb and no quote found by the model
  (a first extraction pass picks them; about 30,000 characters of them, repeated), which keeps the draft near
  the issue's 500 quotes;
- ``plain``: paragraphs with no quotation mark and no common speech verb (about 4,000 quotes in 1 MB);
- ``articles``: whole articles (more still).

The sources are the first 20 of the dev suite's 21 sources (sorted by name). The number of quotes the model
finds is reported with the timings.

Two measurements, each in a fresh process:

- in process: ``attrib.api.check`` on the documents already read, with the model loaded beforehand (its load
  is timed separately); the time is split into extraction (``extract_many``: sources and draft) and
  verification, and within verification the sentence encoder's load, the encoding of the sources' statement
  units and the encoding of the drafts' quotes;
- end to end: ``attrib check DRAFT --source … --format json -o OUT`` in a subprocess (start-up, reading, model
  load, check, rendering and writing), wall clock and peak memory of that process.

Timings on a shared 2-core machine are noisy: the load average before and after each run is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEV_SUITE = DATA / "checksuite-dev"
SUITE = ROOT / "tests" / "checksuite"
POLNEAR_DEV = ROOT / "work" / "polnear-dev.jsonl"
TARGET_SECONDS = 30.0
REPEATS = 4

_SPEECH = re.compile(
    r"[\"“”„‘’«»]|''|``|\b(?:said|says|say|saying|told|tells|according|added|adds|asked|asks|stated|states|"
    r"argued|argues|claimed|claims|wrote|writes|noted|notes|explained|announced|insisted|declared|warned|"
    r"called|calls|suggested|believes|thinks|replied|responded|tweeted|testified|acknowledged|admitted)\b",
    re.IGNORECASE,
)

# Runs in a fresh process: argv = model, draft, sources... ; prints one JSON line.
_IN_PROCESS = r"""
import json, os, resource, sys, time
import attrib.api as api
import attrib.embed as embed
import attrib.verify as verify
from attrib.check_cmd import read_sources
from attrib.readers import read_inputs
model_dir, draft_path, *source_paths = sys.argv[1:]
t = time.perf_counter()
model = api.load_model(model_dir or None)
model_load = time.perf_counter() - t
t = time.perf_counter()
sources = read_sources(source_paths, 10_000_000)
drafts = [d for item in read_inputs([draft_path]) for d in item.documents]
read = time.perf_counter() - t

stages = {"extract": 0.0, "verify": 0.0, "encoder_load": 0.0, "encode_source_units": 0.0, "encode_quotes": 0.0}
counts = {"source_units": 0, "source_unit_chars": 0, "encoded_quotes": 0}
def timed(stage, fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            stages[stage] += time.perf_counter() - start
    return wrapper
encode = embed.SentenceEncoder.encode
def timed_encode(self, texts, *args, **kwargs):
    # The first call encodes the sources' statement units (once per run); later calls, the drafts' quotes.
    first = not counts["source_units"]
    if first:
        counts["source_units"], counts["source_unit_chars"] = len(texts), sum(map(len, texts))
    else:
        counts["encoded_quotes"] += len(texts)
    return timed("encode_source_units" if first else "encode_quotes", encode)(self, texts, *args, **kwargs)
model.extract_many = timed("extract", model.extract_many)
verify.Verifier.verify = timed("verify", verify.Verifier.verify)  # includes encoder load and encoding
embed.SentenceEncoder.__init__ = timed("encoder_load", embed.SentenceEncoder.__init__)
embed.SentenceEncoder.encode = timed_encode

t = time.perf_counter()
checked = api.check(drafts, sources, model=model)
seconds = time.perf_counter() - t
verdicts = {}
for c in checked:
    for q in c.document.quotes:
        v = c.verification(q).verdict
        verdicts[v] = verdicts.get(v, 0) + 1
import torch
print(json.dumps({
    "seconds": seconds, "model_load_seconds": model_load, "read_seconds": read,
    "stages": stages, **counts, "quotes": sum(len(c.document.quotes) for c in checked), "verdicts": verdicts,
    "draft_chars": sum(len(d.text) for d in drafts), "source_chars": sum(len(s.text) for s in sources),
    "sources": len(sources), "threads": torch.get_num_threads(),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _texts(folder: Path) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]


# argv = model; stdin = JSON list of paragraphs; prints the indexes of those the model finds no quote in.
_QUIET = r"""
import json, sys
from attrib.api import load_model
from attrib.document import Document
paragraphs = json.load(sys.stdin)
out = load_model(sys.argv[1] or None).extract_many([Document(p) for p in paragraphs])
print(json.dumps([i for i, d in enumerate(out) if not d.quotes]))
"""


def _quiet(paragraphs: list[str], model: str) -> list[str]:
    """The paragraphs in which the model finds no quote (one extraction pass in a fresh process)."""
    done = subprocess.run([sys.executable, "-c", _QUIET, model], input=json.dumps(paragraphs), text=True,
                          capture_output=True, cwd=ROOT, check=True)
    return [paragraphs[i] for i in json.loads(done.stdout.strip().splitlines()[-1])]


def _padding(kind: str, model: str = "") -> list[str]:
    if POLNEAR_DEV.is_file():
        with POLNEAR_DEV.open(encoding="utf-8") as f:
            articles = [json.loads(line)["text"] for line in f if line.strip()]
    else:
        articles = _texts(DEV_SUITE / "sources")
    if kind == "articles":
        return articles
    paragraphs = [p.strip() for a in articles for p in re.split(r"\n\s*\n", a)]
    plain = [p for p in paragraphs if len(p) > 80 and not _SPEECH.search(p)]
    return _quiet(plain, model) if kind == "quiet" else plain


def build_draft(size: int, padding: str, model: str = "") -> tuple[str, int]:
    """The draft text and the number of suite drafts in it."""
    drafts = _texts(DEV_SUITE / "drafts") + _texts(SUITE / "drafts")
    pad = _padding(padding, model)
    if not drafts or not pad:
        raise SystemExit("bench_check: the development suite or the PolNeAR dev text is missing")
    parts: list[str] = []
    n = 0
    block = "\n\n".join(drafts)
    budget = size - REPEATS * (len(block) + 2)
    per_gap = max(0, budget // REPEATS)
    i = 0
    for _ in range(REPEATS):
        parts.append(block)
        n += len(drafts)
        filled = 0
        while filled < per_gap:
            paragraph = pad[i % len(pad)]
            i += 1
            parts.append(paragraph)
            filled += len(paragraph) + 2
    text = "\n\n".join(parts)[:size]
    return text[: text.rfind("\n\n")] if len(text) == size else text, n


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _run(cmd: list[str], timeout: float) -> tuple[int | None, str, str, float, float]:
    """(exit code or None on timeout, stdout, stderr, seconds, peak RSS MB) of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        deadline = start + timeout
        status = rusage = None
        while time.perf_counter() < deadline:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            proc.kill()
            _, status, rusage = os.wait4(proc.pid, 0)
            status = None
        seconds = time.perf_counter() - start
        proc.returncode = 0  # reaped by wait4
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status) if status is not None else None
        peak = rusage.ru_maxrss / 1024 if rusage is not None else float("nan")
        return code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="", help="model directory (default: the shipped model)")
    parser.add_argument("--size", type=int, default=1_000_000, help="draft size in characters")
    parser.add_argument("--padding", choices=("quiet", "plain", "articles"), default="quiet")
    parser.add_argument("--sources", type=int, default=20, help="how many of the dev suite's sources")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped")
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process measurement")
    parser.add_argument("--keep", type=Path, help="write the draft (and the CLI report) to this folder")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    sources = sorted(str(p) for p in (DEV_SUITE / "sources").glob("*.txt"))[: args.sources]
    text, n_drafts = build_draft(args.size, args.padding, args.model)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / "draft.txt"
    draft.write_text(text, "utf-8")
    results: dict = {
        "target_seconds": TARGET_SECONDS, "cores": os.cpu_count(), "draft": str(draft), "draft_chars": len(text),
        "draft_bytes": len(text.encode("utf-8")), "suite_drafts_in_draft": n_drafts, "padding": args.padding,
        "sources": len(sources), "source_chars": sum(len(Path(s).read_text("utf-8")) for s in sources),
    }
    print(f"draft: {len(text):,} characters ({results['draft_bytes']:,} bytes), {n_drafts} suite drafts, "
          f"{args.padding} padding; {len(sources)} sources, {results['source_chars']:,} characters", flush=True)

    before = _loadavg()
    code, out, err, wall, peak = _run([sys.executable, "-c", _IN_PROCESS, args.model, str(draft), *sources],
                                      args.timeout)
    if code != 0:
        results["in_process"] = {"finished": False, "exit": code, "seconds": wall, "stderr": err[-2000:]}
        print(f"in process: did not finish (exit {code}) after {wall:.1f} s\n{err[-2000:]}", flush=True)
    else:
        record = json.loads(out.strip().splitlines()[-1])
        record.update(finished=True, process_seconds=wall, load_before=before, load_after=_loadavg())
        results["in_process"] = record
        st = record["stages"]
        print(f"in process: check {record['seconds']:.1f} s for {record['quotes']} quotes "
              f"(extract {st['extract']:.1f} s; verify {st['verify']:.1f} s, of which encoder load "
              f"{st['encoder_load']:.1f} s, encoding {record['source_units']} source units "
              f"({record['source_unit_chars']:,} characters) {st['encode_source_units']:.1f} s and "
              f"{record['encoded_quotes']} quotes {st['encode_quotes']:.1f} s); model load "
              f"{record['model_load_seconds']:.1f} s; peak RSS {record['peak_rss_mb']:.0f} MB; "
              f"{record['threads']} threads; load {before} -> {record['load_after']}", flush=True)
        print(f"  verdicts: {record['verdicts']}", flush=True)

    if not args.skip_cli:
        report = folder / "report.json"
        before = _loadavg()
        cmd = [str(Path(sys.executable).with_name("attrib")), "check", str(draft),
               *(x for s in sources for x in ("--source", s)), "--format", "json", "-o", str(report)]
        if args.model:
            cmd += ["--model", args.model]
        code, _, err, wall, peak = _run(cmd, args.timeout)
        cli: dict = {"exit": code, "seconds": wall, "peak_rss_mb": peak, "load_before": before,
                     "load_after": _loadavg(), "finished": code in (0, 1)}
        if cli["finished"]:
            summary = json.loads(report.read_text("utf-8"))["summary"]
            cli.update(quotes=summary["quotes"], findings=summary["findings"], verdicts=summary["verdicts"])
        else:
            cli["stderr"] = err[-2000:]
        results["cli"] = cli
        print(f"end to end: `attrib check` {wall:.1f} s, exit {code}, {cli.get('quotes', '?')} quotes, "
              f"{cli.get('findings', '?')} findings, peak RSS {peak:.0f} MB; load {before} -> {cli['load_after']}",
              flush=True)

    timed = results.get("in_process", {})
    if timed.get("finished"):
        verdict = "met" if timed["seconds"] <= TARGET_SECONDS else "MISSED"
        print(f"target ≤ {TARGET_SECONDS:.0f} s (check, model load excluded): {verdict} ({timed['seconds']:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
