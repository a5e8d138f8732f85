"""Score `attrib check` verdicts on a case suite (the development suite or attrib's own).

    python scripts/score_checksuite.py ../shared/data/checksuite-dev
    python scripts/score_checksuite.py tests/checksuite [--model DIR] [--json out.json] [-v]

A suite is a folder with ``cases.jsonl`` (fields: case, draft, source — a path or a list of paths —,
expected, quote_start, quote_end, speaker, source_span, note). Each case names one target quote of its
draft; the prediction is the verdict of the predicted quote that overlaps the target most (no overlapping
quote counts as a miss: verdict "not found"). Reports verdict accuracy, per-verdict accuracy, the confusion
matrix, the failures, and how many verbatim quotes were reported as altered (which must be none).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from attrib.api import check, load_model
from attrib.document import Document
from attrib.findings import VERDICTS, CheckedDocument
from attrib.readers import read_path


def load_cases(suite: Path) -> list[dict]:
    cases = [json.loads(line) for line in (suite / "cases.jsonl").read_text("utf-8").splitlines() if line.strip()]
    for c in cases:
        c["sources"] = [c["source"]] if isinstance(c["source"], str) else list(c["source"])
    return cases


def run_suite(suite: Path, model=None) -> tuple[list[dict], dict[str, CheckedDocument]]:
    """Check every draft of the suite against its cases' sources; returns the cases and checked drafts."""
    cases = load_cases(suite)
    model = model or load_model()
    by_sources: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for c in cases:
        key = tuple(sorted(set(c["sources"])))
        if c["draft"] not in by_sources[key]:
            by_sources[key].append(c["draft"])
    checked: dict[str, CheckedDocument] = {}
    for key, drafts in by_sources.items():
        sources = [_read(suite, s) for s in key]
        docs = [_read(suite, d) for d in drafts]
        for d, out in zip(drafts, check(docs, sources, model=model)):
            checked[d] = out
    return cases, checked


def _read(suite: Path, rel: str) -> Document:
    from dataclasses import replace

    (doc,) = read_path(suite / rel)
    return replace(doc, source=rel, id=rel)


def predicted(case: dict, checked: CheckedDocument) -> tuple[str, dict | None]:
    """The verdict of the predicted quote that overlaps the case's target most."""
    lo, hi = case["quote_start"], case["quote_end"]
    best, overlap = None, 0
    for q in checked.document.quotes:
        o = max(0, min(hi, q.end) - max(lo, q.start))
        if o > overlap:
            best, overlap = q, o
    if best is None:
        return "not found", None
    v = checked.verification(best)
    return v.verdict, {"quote": checked.document.quote_text(best), "claimed": checked.speaker_name(best),
                       **v.to_dict()}


def score(cases: list[dict], checked: dict[str, CheckedDocument]) -> dict:
    confusion: Counter[tuple[str, str]] = Counter()
    failures = []
    for c in cases:
        verdict, detail = predicted(c, checked[c["draft"]])
        confusion[(c["expected"], verdict)] += 1
        if verdict != c["expected"]:
            failures.append({"case": c["case"], "expected": c["expected"], "got": verdict, "note": c.get("note"),
                             "speaker": c.get("speaker"), "detail": detail})
    per = {}
    for v in VERDICTS:
        n = sum(k for (e, _), k in confusion.items() if e == v)
        if n:
            per[v] = {"cases": n, "accuracy": confusion[(v, v)] / n}
    right = sum(k for (e, p), k in confusion.items() if e == p)
    return {"cases": len(cases), "accuracy": right / max(1, len(cases)), "per_verdict": per,
            "verbatim_as_altered": confusion[("verbatim", "altered")],
            "confusion": {f"{e} -> {p}": k for (e, p), k in sorted(confusion.items())}, "failures": failures}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("suite", type=Path)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write the full report here")
    ap.add_argument("-v", "--verbose", action="store_true", help="show each failure's details")
    args = ap.parse_args()
    started = time.perf_counter()
    cases, checked = run_suite(args.suite, load_model(args.model) if args.model else None)
    report = score(cases, checked)
    report["seconds"] = time.perf_counter() - started
    print(f"{args.suite}: {report['cases']} cases, verdict accuracy {report['accuracy'] * 100:.1f} %"
          f" ({report['seconds']:.0f} s); verbatim reported as altered: {report['verbatim_as_altered']}")
    for v, r in report["per_verdict"].items():
        print(f"  {v:22} {r['accuracy'] * 100:5.1f} %  ({r['cases']} cases)")
    for f in report["failures"]:
        print(f"  FAIL {f['case']}: expected {f['expected']}, got {f['got']}")
        if args.verbose and f["detail"]:
            d = f["detail"]
            src = d.get("source") or {}
            print(f"       claimed {d['claimed']!r} source speaker {d.get('source_speaker')!r} score {d['score']}")
            print(f"       quote  {d['quote'][:150]!r}")
            print(f"       source {(src.get('text') or '')[:150]!r}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
