"""Validate the multi-quote check suite (cases.jsonl, drafts/, sources/).

    python tests/checksuite/check_suite.py

Prints the word diff of every `altered` case and the counts, then exits 1 if any check fails.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "seeds" / "ap-2018-09-26-us-japan-trade-talks.txt"
VERDICTS = ("verbatim", "altered", "paraphrase_in_quotes", "supported_paraphrase", "unsupported", "misattributed")
OPENING = "\"“"
MARKS = "\"“”"
CUE = re.compile(r"\b(said|says|saying|told|tells|added|called|asked|urged)\b")
LABEL = re.compile(r"^([A-Z][A-Z .'’-]*[A-Z.]): ", re.MULTILINE)
PIECE_BREAK = re.compile(r"\[[^\]]*\]|…|\.\.\.")


def load_build():
    sys.dont_write_bytecode = True  # keep __pycache__ out of the suite directory
    spec = importlib.util.spec_from_file_location("checksuite_build", HERE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def norm(text: str) -> str:
    """Lower-case words only: quotes, apostrophes, punctuation and spacing do not count."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").lower()
    text = text.replace("'", "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def pieces(quote: str) -> list[str]:
    """Normalised pieces of a direct quote, split at ellipses and [bracketed] editorial text."""
    return [p for p in (norm(part) for part in PIECE_BREAK.split(quote)) if p]


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", offset)
    return start, len(text) if end < 0 else end


def turn_label(source: str, offset: int) -> str | None:
    labels = [m for m in LABEL.finditer(source) if m.start() <= offset]
    return labels[-1].group(1) if labels else None


def main() -> int:
    errors: list[str] = []

    def fail(case: str, message: str) -> None:
        errors.append(f"{case}: {message}")

    build = load_build()
    cases = [json.loads(line) for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    if cases != build.build():
        errors.append("cases.jsonl is out of date: run build.py")
    passages = {row[0]: (row[4], row[6]) for row in build.CASES}

    ap = HERE / "sources" / "ap-0926-us-japan-trade.txt"
    if ap.read_bytes() != SEED.read_bytes():
        errors.append(f"{ap.name} is not a byte-for-byte copy of {SEED}")
    sources = {f"sources/{p.name}": p.read_text(encoding="utf-8") for p in sorted((HERE / "sources").glob("*.txt"))}
    normed_sources = {path: norm(text) for path, text in sources.items()}
    drafts = {f"drafts/{p.name}": p.read_text(encoding="utf-8") for p in sorted((HERE / "drafts").glob("*.txt"))}

    ids = [c["case"] for c in cases]
    if len(ids) != len(set(ids)):
        errors.append("duplicate case ids")
    by_draft: dict[str, list[dict]] = {}
    for c in cases:
        by_draft.setdefault(c["draft"], []).append(c)

    for c in cases:
        cid, expected, speaker = c["case"], c["expected"], c["speaker"]
        if expected not in VERDICTS:
            fail(cid, f"unknown verdict {expected}")
        draft = drafts.get(c["draft"])
        if draft is None:
            fail(cid, f"missing draft {c['draft']}")
            continue
        if not isinstance(c["source"], list) or not c["source"] or any(p not in sources for p in c["source"]):
            fail(cid, f"source must be a non-empty list of files in sources/: {c['source']}")
            continue
        target = draft[c["quote_start"]:c["quote_end"]]
        want_target, want_passage = passages[cid]
        if target != want_target:
            fail(cid, "quote_start/quote_end do not select the written target")
        direct = target[:1] in OPENING
        # Offsets and quotation-mark shape of the target.
        if direct:
            n_marks = sum(target.count(m) for m in MARKS)
            if target[-1] not in "\"”" or n_marks != 2 + target.count("\n\n"):
                fail(cid, f"direct target must run from opening to closing mark: {target!r}")
            if expected == "supported_paraphrase":
                fail(cid, "supported_paraphrase must be reported speech")
        else:
            if target.startswith("that ") or target.endswith(".") or any(m in target for m in MARKS):
                fail(cid, f"reported clause must have no 'that', final period or quotation marks: {target!r}")
            if expected not in ("supported_paraphrase", "unsupported"):
                fail(cid, f"{expected} must be a direct quote")
        if speaker not in draft:
            fail(cid, f"speaker {speaker!r} not named in full in the draft")
        if not any(speaker.lower() in sources[p].lower() for p in c["source"]):
            fail(cid, f"speaker {speaker!r} not in any of the case's sources")

        span = c["source_span"]
        if (span is None) != (expected == "unsupported"):
            fail(cid, "source_span must be null exactly for unsupported")
        if span is None:
            continue
        path = span["path"]
        if path not in c["source"]:
            fail(cid, f"span path {path} is not one of the case's sources")
            continue
        source = sources[path]
        span_text = source[span["start"]:span["end"]]
        if span_text != want_passage:
            fail(cid, "source_span does not select the written passage")
        # An indirect clause may end with a partial quote's closing mark; a quoted span never includes its marks.
        closing = ",\"”" if expected in ("verbatim", "altered", "misattributed") else ","
        if span_text != span_text.strip() or span_text[:1] in MARKS or span_text[-1:] in closing:
            fail(cid, f"span must not start/end with space, a quote mark or a trailing comma: {span_text!r}")

        # Who holds the span in the source.
        surname = speaker.split()[-1].lower()
        if Path(path).name.startswith("tr-"):
            label = turn_label(source, span["start"])
            holds = label is not None and speaker.upper() in label
            if holds != (expected != "misattributed"):
                fail(cid, f"span is in the turn of {label!r}, claimed speaker {speaker!r}")
        else:
            # The claimed speaker must be named near the span ("he said" may point two paragraphs back), and for
            # misattributed cases must not be named in the span's own paragraph.
            p_start, p_end = paragraph_at(source, span["start"])
            if expected == "misattributed":
                if surname in source[p_start:p_end].lower():
                    fail(cid, "misattributed: the claimed speaker is named in the span's paragraph")
            else:
                for _ in range(2):
                    if p_start > 0:
                        p_start = paragraph_at(source, p_start - 2)[0]
                if surname not in source[p_start:p_end].lower():
                    fail(cid, "claimed speaker not named in the span's paragraph or the two before it")

        # Wording checks.
        if expected in ("verbatim", "misattributed"):
            normed_span = norm(span_text)
            for piece in pieces(target):
                if piece not in normed_span:
                    fail(cid, f"piece not in source_span: {piece!r}")
        if expected in ("altered", "paraphrase_in_quotes"):
            whole = norm(PIECE_BREAK.sub(" ", target))
            for p, normed in normed_sources.items():
                if whole in normed:
                    fail(cid, f"{expected} quote is found verbatim in {p}")
        if expected == "altered":
            a, b = norm(span_text).split(), norm(target).split()
            ops = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
            diff = "; ".join(f"{' '.join(a[i1:i2]) or '-'} -> {' '.join(b[j1:j2]) or '-'}" for _, i1, i2, j1, j2 in ops)
            print(f"{cid} altered: {diff}")
            if not 1 <= len(ops) <= 3 or sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in ops) > 4:
                fail(cid, f"altered should differ by 1-3 word changes, got {diff}")

    # Draft-level checks: every quotation and every reported statement is a case.
    for path, draft in drafts.items():
        own = by_draft.get(path, [])
        if not 3 <= len(own) <= 6:
            errors.append(f"{path}: {len(own)} cases (want 3-6)")
        if draft != draft.rstrip() or "\r" in draft:
            errors.append(f"{path}: trailing whitespace or CR")
        n_paragraphs = draft.count("\n\n") + 1
        if not 2 <= n_paragraphs <= 6:
            errors.append(f"{path}: {n_paragraphs} paragraphs (want 2-6)")
        direct_spans = [(c["quote_start"], c["quote_end"]) for c in own if draft[c["quote_start"]] in OPENING]
        for i, ch in enumerate(draft):
            if ch in MARKS and not any(s <= i < e for s, e in direct_spans):
                errors.append(f"{path}: quotation mark at {i} is not inside any case")
        if ("\"" in draft) and any(m in draft for m in "“”"):
            errors.append(f"{path}: mixes straight and curly quotation marks")
        for m in CUE.finditer(draft):
            p_start, p_end = paragraph_at(draft, m.start())
            if not any(c["quote_start"] < p_end and c["quote_end"] > p_start for c in own):
                errors.append(f"{path}: cue {m.group(0)!r} at {m.start()} in a paragraph without a case")
    for path in by_draft:
        if path not in drafts:
            errors.append(f"{path}: listed in cases.jsonl but missing")

    counts = Counter(c["expected"] for c in cases)
    for verdict in VERDICTS:
        if counts[verdict] < 8:
            errors.append(f"only {counts[verdict]} {verdict} cases (want >= 8)")
    if len(cases) < 48:
        errors.append(f"only {len(cases)} cases (want >= 48)")

    print(f"{len(cases)} cases, {len(drafts)} drafts, {len(sources)} sources")
    for verdict in VERDICTS:
        direct = sum(1 for c in cases if c["expected"] == verdict
                     and drafts[c["draft"]][c["quote_start"]] in OPENING)
        print(f"  {verdict:22} {counts[verdict]:3}  direct {direct:3}  reported {counts[verdict] - direct:3}")
    for e in errors:
        print("FAIL", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
