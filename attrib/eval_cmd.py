"""`attrib eval`: read gold and predictions (or run a model on the gold texts), score, render.

The metrics are ``attrib.evaluate.evaluate``; this module reads files, pairs records by id, and turns one
report dict into a table, JSON or Markdown (one small function per format). Definitions: docs/metrics.md.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .document import QUOTE_TYPES, Document
from .errors import AttribError, InputNotFound, MalformedJsonl, UndecodableInput, UnreadableInput, UsageError
from .evaluate import LEVELS, PRF_METRICS, SPEAKER_KINDS, evaluate, pair_by_id, worst_documents

FORMATS = ("table", "json", "markdown")
BREAKDOWNS = ("type", "source")

# -- reading -----------------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file", hint="give a wire-format JSONL file; see docs/wire-format.md")


def read_gold_file(path: Path) -> list[Document]:
    """The gold documents of a wire-format JSONL file; errors are coded and name ``file:line``."""
    from .data.dataset import read_gold

    _check_file(path)
    try:
        docs = list(read_gold(path))
    except UnicodeDecodeError as exc:
        raise UndecodableInput(f"{path}: not UTF-8 text ({exc.reason})", hint="save the file as UTF-8") from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not docs:
        raise UsageError(f"{path}: no gold documents", hint="convert a corpus with `attrib data convert`")
    return docs


def read_predictions(path: Path, gold_text: dict[str, str]) -> tuple[list[Document], list[str]]:
    """Predictions for the gold ids, read record by record so records without text get the gold text.

    Returns the documents and the ids of records that match no gold document (they are skipped).
    """
    from .wire import from_dict

    _check_file(path)
    docs: list[Document] = []
    seen: dict[str, str] = {}
    others: list[str] = []
    try:
        with open(path, encoding="utf-8-sig") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise MalformedJsonl(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from None
                doc_id = record.get("id", "") if isinstance(record, dict) else None
                if isinstance(doc_id, str) and doc_id not in gold_text:
                    others.append(doc_id)
                    continue
                text = gold_text.get(doc_id) if isinstance(doc_id, str) else None
                doc = from_dict(record, where=where, text=text)
                if doc.text != text:
                    raise UsageError(f"{where}: the text of document {doc.id!r} differs from the gold text",
                                     hint="score predictions made on the gold texts, or leave the text out")
                if doc.id in seen:
                    raise UsageError(f"{where}: a second prediction for document {doc.id!r} (first at {seen[doc.id]})")
                seen[doc.id] = where
                docs.append(doc)
    except UnicodeDecodeError as exc:
        raise UndecodableInput(f"{path}: not UTF-8 text ({exc.reason})", hint="save the file as UTF-8") from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    return docs, others


def system_names(paths: Sequence[Path]) -> list[str]:
    """Column headers: file stems; the paths as given when two stems are the same; numbered if still equal."""
    stems = [p.stem for p in paths]
    names = stems if len(set(stems)) == len(stems) else [str(p) for p in paths]
    out: list[str] = []
    for name in names:
        out.append(name if name not in out else f"{name} ({len(out) + 1})")
    return out


def run_model(model: Path | None, gold: Sequence[Document], console: Console,
              document_names: str | None = None) -> tuple[str, list[Document]]:
    """Predictions of a model (the configured or shipped one when ``model`` is None) on the gold texts;
    documents named as ``document_names`` says (else as configured)."""
    from .api import load_model, model_path
    from .config import load_config
    from .ui import window_progress

    config = load_config(overrides={"model": str(model) if model else None, "document_names": document_names})
    path = model_path(config.model or None)
    loaded = load_model(path)
    # The model must not see the gold annotations; it only needs id and text.
    bare = [replace(d, quotes=(), entities=()) for d in gold]
    with window_progress(console, "extracting", show=len(bare) > 1) as advance:
        return path.name or str(path), loaded.extract_many(bare, batch_size=config.batch_size, progress=advance,
                                                           documents=config.document_names)


# -- one report, several renderings -------------------------------------------------------------------------


@dataclass
class Grid:
    """One table of a report: a label column, value columns, and the columns compared side by side."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    compare: list[int]


def _pct(value: float | None, n: int = 1) -> str:
    # ``n`` is the denominator: a rate of nothing is shown as "–" (the JSON keeps 0.0 and the count).
    return "–" if value is None or not n else f"{value * 100:.1f}"


def _prf_cells(m: dict, key: str) -> list[str]:
    gold, pred = m[f"{key}_gold"], m[f"{key}_pred"]
    return [str(gold), str(pred), _pct(m[f"{key}_precision"], pred), _pct(m[f"{key}_recall"], gold),
            _pct(m[f"{key}_f1"], gold + pred)]


def _ci(m: dict, name: str) -> str:
    low, high = m[f"{name}_f1_ci_low"], m[f"{name}_f1_ci_high"]
    return "–" if low is None else f"{low * 100:.1f}–{high * 100:.1f}"


_PRF_LABELS = {
    "fragment": "fragment exact", "extent": "extent exact", "token": "token overlap", "cue": "cue exact",
    "source": "source exact", "quote": "quotes matched",
}
_ACCURACY_LABELS = {
    "type_accuracy": "type accuracy", "cue_accuracy": "cue accuracy", "source_accuracy": "source accuracy",
    "speaker_accuracy": "speaker entity accuracy",
    "person_speaker_accuracy": "speaker entity (person, org., group)", "attributed_recall": "attributed recall",
}


def _grids(m: dict, by: str | None) -> list[Grid]:
    """The tables of one system's metrics."""
    grids = [
        Grid("content and spans", ["metric", "gold", "pred", "P", "R", "F1", "F1 95% CI"],
             [[_PRF_LABELS[k], *_prf_cells(m, k), _ci(m, k)] for k in PRF_METRICS],
             [3, 4, 5, 6]),
        Grid("on matched quotes", ["measure", "value", "of"],
             [[label, _pct(m[k], m[f"{k}_n"]), str(m[f"{k}_n"])] for k, label in _ACCURACY_LABELS.items()],
             [1]),
    ]
    if by == "type":
        rows = []
        for t in QUOTE_TYPES:
            for level in LEVELS:
                rows.append([f"{t} {level}", *_prf_cells(m, f"{t}_{level}")])
        grids.append(Grid("by type (R by gold type, P by predicted type)",
                          ["type / level", "gold", "pred", "P", "R", "F1"], rows, [3, 4, 5]))
        grids.append(Grid("type confusion on matched quotes", ["gold \\ predicted", *QUOTE_TYPES],
                          [[g, *(str(m[f"confusion_{g}_{p}"]) for p in QUOTE_TYPES)] for g in QUOTE_TYPES],
                          [1, 2, 3]))
    elif by == "source":
        rows = []
        for kind in SPEAKER_KINDS:
            k = f"kind_{kind}"
            rows.append([kind, str(m[f"{k}_quote_gold"]),
                         *(_pct(m[f"{k}_{level}_recall"], m[f"{k}_{level}_gold"]) for level in LEVELS),
                         _pct(m[f"{k}_speaker_accuracy"], m[f"{k}_speaker_accuracy_n"]),
                         _pct(m[f"{k}_attributed_recall"], m[f"{k}_attributed_recall_n"])])
        grids.append(Grid("by gold speaker kind", ["speaker kind", "quotes", "found", "fragment R", "extent R",
                                                   "token R", "speaker acc.", "attributed R"], rows,
                          [2, 3, 4, 5, 6, 7]))
    return grids


def _side_by_side(per_system: dict[str, list[Grid]]) -> list[Grid]:
    """One grid per table with a column per system; each compared cell becomes a row."""
    names = list(per_system)
    first = per_system[names[0]]
    out = []
    for g, grid in enumerate(first):
        rows = []
        for r, row in enumerate(grid.rows):
            for c in grid.compare:
                # A table compared on one column (a value per measure) needs no column name in the label.
                label = row[0] if len(grid.compare) == 1 else f"{row[0]} {grid.headers[c]}"
                rows.append([label, *(per_system[n][g].rows[r][c] for n in names)])
        out.append(Grid(grid.title, [grid.headers[0], *names], rows, []))
    return out


def _summary(name: str | None, m: dict) -> str:
    lead = f"{name}: " if name else ""
    docs = "document" if m["documents"] == 1 else "documents"
    return (f"{lead}{m['documents']} {docs}, {m['gold_quotes']} gold quotes, {m['pred_quotes']} predicted, "
            f"{m['matched_quotes']} matched")


def report_grids(report: dict) -> list[Grid]:
    """The tables of a report: one system's own columns, or several systems side by side."""
    systems: dict[str, dict] = report["systems"]
    per_system = {name: _grids(m, report.get("by")) for name, m in systems.items()}
    return next(iter(per_system.values())) if len(per_system) == 1 else _side_by_side(per_system)


def _error_lines(doc: dict) -> tuple[str, list[str]]:
    head = (f"{doc['id']}: {doc['missed']} missed, {doc['spurious']} spurious, "
            f"{doc['misattributed']} mis-attributed")
    lines = []
    for item in doc["items"]:
        who = ""
        if item["error"] == "misattributed":
            who = f" (gold: {item['gold_speaker']}; predicted: {item['pred_speaker']})"
        elif item["gold_speaker"] or item["pred_speaker"]:
            who = f" (speaker: {item['gold_speaker'] or item['pred_speaker']})"
        lines.append(f"{item['error']} {item['type']}: {item['snippet']}{who}")
    return head, lines


def format_json(report: dict, width: int = 120, color: bool = False) -> str:
    """One system: its flat metrics dict (plus ``errors`` with --errors); several: a dict of those by name."""
    out: dict[str, Any] = {}
    for name, m in report["systems"].items():
        out[name] = dict(m)
        if report.get("errors") is not None:
            out[name]["errors"] = report["errors"][name]
    return json.dumps(next(iter(out.values())) if len(out) == 1 else out, indent=2, ensure_ascii=False) + "\n"


def format_markdown(report: dict, width: int = 120, color: bool = False) -> str:
    """GitHub tables, one per grid, then the worst documents as lists."""
    systems: dict[str, dict] = report["systems"]
    several = len(systems) > 1
    parts = ["  \n".join(_summary(name if several else None, m) for name, m in systems.items()) + "\n"]
    for grid in report_grids(report):
        lines = [f"**{grid.title}**", "", "| " + " | ".join(grid.headers) + " |",
                 "|" + "|".join(["---"] + ["---:"] * (len(grid.headers) - 1)) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in grid.rows]
        parts.append("\n".join(lines) + "\n")
    for name, docs in (report.get("errors") or {}).items():
        lines = [f"**worst documents{f' ({name})' if several else ''}**", ""]
        for doc in docs:
            head, items = _error_lines(doc)
            lines.append(f"- {head}")
            lines += ["  - " + item.replace("|", "\\|") for item in items]
        if not docs:
            lines.append("- none")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def format_table(report: dict, width: int = 120, color: bool = False) -> str:
    """Rich tables (rows = metrics; columns = P/R/F1, or one per system), then the worst documents."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False,
                      soft_wrap=False)
    systems: dict[str, dict] = report["systems"]
    several = len(systems) > 1
    for name, m in systems.items():
        console.print(_summary(name if several else None, m), markup=False)
    for grid in report_grids(report):
        table = Table(title=grid.title, title_justify="left")
        for i, header in enumerate(grid.headers):
            table.add_column(header, justify="left" if i == 0 else "right")
        for row in grid.rows:
            table.add_row(*row)
        console.print(table)
    for name, docs in (report.get("errors") or {}).items():
        console.print(Text(f"worst documents{f' ({name})' if several else ''}", style="bold"))
        for doc in docs:
            head, items = _error_lines(doc)
            console.print(Text(head, style="bold"))
            for item in items:
                console.print(Text("  " + item))
        if not docs:
            console.print("  none")
    return buffer.getvalue()


FORMATTERS: dict[str, Callable[..., str]] = {"table": format_table, "json": format_json,
                                              "markdown": format_markdown}


# -- the command -------------------------------------------------------------------------------------------


def build_report(
    gold_path: Path,
    preds: Sequence[Path],
    *,
    model: Path | None,
    by: str | None,
    errors: int,
    bootstrap: int,
    seed: int,
    console: Console,
    document_names: str | None = None,
) -> dict:
    """Read, predict if needed, score: ``{"systems": {name: metrics}, "by": ..., "errors": {name: [...]}}``.

    The report also keeps the documents scored, for charts: ``"gold"`` and ``"predictions"`` (by system).
    """
    if preds and model is not None:
        raise UsageError("give --pred files or --model, not both",
                         hint="score a model's saved predictions with --pred, or let --model predict")
    if by is not None and by not in BREAKDOWNS:
        raise UsageError(f"--by must be one of {', '.join(BREAKDOWNS)}, got {by!r}")
    gold = read_gold_file(gold_path)
    gold_text = {d.id: d.text for d in gold}
    systems: dict[str, list[Document]] = {}
    if preds:
        for name, path in zip(system_names(preds), preds):
            docs, others = read_predictions(path, gold_text)
            if others:
                console.print(f"note: {len(others)} record(s) of {path} match no gold id and were skipped",
                              markup=False)
            try:
                pair_by_id(gold, docs)
            except UsageError as exc:  # the same check evaluate() makes, but naming the file
                raise UsageError(f"{path}: {exc.message}", hint=exc.hint) from None
            systems[name] = docs
    else:
        name, docs = run_model(model, gold, console, document_names)
        systems[name] = docs
    return {
        "systems": {n: evaluate(gold, docs, bootstrap=bootstrap, seed=seed) for n, docs in systems.items()},
        "by": by,
        "errors": {n: worst_documents(gold, docs, errors) for n, docs in systems.items()} if errors else None,
        "gold": gold,
        "predictions": systems,
    }


def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (wire format).")],
    pred: Annotated[
        list[Path] | None,
        typer.Option("--pred", help="Predictions JSONL (wire format); repeat to compare systems side by side."),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="Model to run without --pred: fast (default), accurate or a directory.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or markdown.")] = "table",
    by: Annotated[str | None, typer.Option(help="Breakdown: type, or source (the gold speaker's kind).")] = None,
    errors: Annotated[int, typer.Option(min=0, help="Show the N worst documents with their errors in context.")] = 0,
    bootstrap: Annotated[int, typer.Option(min=0, help="Bootstrap resamples for the F1 intervals (0 = off).")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap resamples.")] = 0,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    plots: Annotated[
        Path | None,
        typer.Option("--plots", metavar="DIR",
                     help="Also draw PNG charts into DIR (P/R/F1 by span, type confusion, F1 by length)."),
    ] = None,
    document_names: Annotated[
        str | None, typer.Option(help="With --model: name documents that speak by title or issuer (PolNeAR's "
                                      "speaker labels use issuer).")
    ] = None,
) -> None:
    """Score predictions against gold data: exact and overlap P/R/F1, attribution accuracy, breakdowns."""
    from .cli import err, fail
    from .output import open_output

    preds = list(pred or [])
    try:
        if fmt not in FORMATS:
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        report = build_report(gold, preds, model=model, by=by, errors=errors, bootstrap=bootstrap, seed=seed,
                              console=err, document_names=document_names)
        to_terminal = output is None and sys.stdout.isatty()
        text = FORMATTERS[fmt](report, width=err.width if to_terminal else 120, color=to_terminal)
        with open_output(output, inputs=[gold, *preds]) as out:
            out.write(text)
        if plots is not None:
            from .plots import write_plots  # matplotlib is slow to import: only when charts are asked for

            written = write_plots(report, report["gold"], report["predictions"], plots)
            err.print(f"plots: {', '.join(str(p) for p in written)}", markup=False)
    except AttribError as exc:
        raise fail(exc) from None
