"""Charts of an evaluation (``attrib eval --plots DIR``): PNG files drawn with matplotlib's Agg renderer.

- ``prf_by_span.png``: precision, recall and F1 per span type (grouped bars, one panel per system);
- ``type_confusion.png``: gold × predicted quote type on matched quotes (a 3×3 heatmap with the counts);
- ``f1_by_length.png``: fragment exact F1 of the documents bucketed by their length in characters.

matplotlib is imported here only, and only when a chart is drawn, so other commands never pay for it.
Figures are made without pyplot (no global state, no display) and each file is written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import QUOTE_TYPES, Document
from .errors import OutputError
from .evaluate import PRF, PRF_METRICS, pair_by_id, score_document
from .output import write_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_FILES: tuple[str, ...] = ("prf_by_span.png", "type_confusion.png", "f1_by_length.png")
#: Upper bounds (characters, exclusive) of the document length buckets; the last bucket is open.
LENGTH_EDGES: tuple[int, ...] = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000)

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
_PRF_COLOURS = {"precision": "#0072B2", "recall": "#E69F00", "f1": "#009E73"}
_SYSTEM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_SPAN_LABELS = {"fragment": "fragment\nexact", "extent": "extent\nexact", "token": "token\noverlap",
                "cue": "cue\nexact", "source": "source\nexact", "quote": "quotes\nmatched"}
_DPI = 120


def _systems(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The metrics per system of an ``attrib eval`` report, or of one flat ``evaluate()`` dict."""
    if "systems" in report:
        return dict(report["systems"])
    return {"": report}


def _predictions(preds: Sequence[Document] | Mapping[str, Sequence[Document]],
                 names: Sequence[str]) -> dict[str, Sequence[Document]]:
    if isinstance(preds, Mapping):
        return dict(preds)
    if len(names) != 1:
        raise ValueError("several systems in the report: give the predictions as a dict by system name")
    return {names[0]: preds}


def length_bucket(length: int) -> int:
    """Index of the length bucket of a document of ``length`` characters (see ``LENGTH_EDGES``)."""
    for i, edge in enumerate(LENGTH_EDGES):
        if length < edge:
            return i
    return len(LENGTH_EDGES)


def bucket_label(index: int) -> str:
    """``<1k``, ``1k–2k``, … ``≥32k`` characters."""

    def k(n: int) -> str:
        return f"{n // 1000}k" if n % 1000 == 0 else str(n)

    if index == 0:
        return f"<{k(LENGTH_EDGES[0])}"
    if index >= len(LENGTH_EDGES):
        return f"≥{k(LENGTH_EDGES[-1])}"
    return f"{k(LENGTH_EDGES[index - 1])}–{k(LENGTH_EDGES[index])}"


def f1_by_length(gold: Sequence[Document], preds: Sequence[Document]) -> dict[int, tuple[int, PRF]]:
    """Per length bucket (index): the number of documents and their summed fragment exact counts.

    Documents are paired by id (``attrib.evaluate.pair_by_id``); only buckets with documents appear.
    """
    out: dict[int, tuple[int, PRF]] = {}
    for g, p in zip(gold, pair_by_id(gold, preds)):
        bucket = length_bucket(len(g.text))
        n, total = out.get(bucket, (0, PRF()))
        total.add(score_document(g, p).fragment)
        out[bucket] = (n + 1, total)
    return dict(sorted(out.items()))


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _save(fig: Figure, path: Path) -> Path:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    write_atomic(path, buffer.getvalue())
    return path


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_axisbelow(True)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)


def _prf_figure(systems: Mapping[str, Mapping[str, Any]]) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.6 * len(systems) + 0.4), layout="constrained")
    axes = fig.subplots(len(systems), 1, squeeze=False)[:, 0]
    width = 0.26
    for ax, (name, m) in zip(axes, systems.items()):
        for k, (measure, colour) in enumerate(_PRF_COLOURS.items()):
            values = [float(m.get(f"{span}_{measure}", 0.0)) * 100 for span in PRF_METRICS]
            xs = [i + (k - 1) * width for i in range(len(PRF_METRICS))]
            bars = ax.bar(xs, values, width, label=measure.upper() if measure == "f1" else measure.capitalize(),
                          color=colour)
            ax.bar_label(bars, labels=[f"{v:.0f}" for v in values], fontsize=7, padding=1)
        ax.set_xticks(range(len(PRF_METRICS)), [_SPAN_LABELS.get(s, s) for s in PRF_METRICS])
        ax.set_ylim(0, 108)
        ax.set_ylabel("%")
        ax.set_title(f"{_short(name, 60)}: precision, recall and F1 by span type" if name else
                     "Precision, recall and F1 by span type", loc="left", fontsize=11)
        _style(ax)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def _confusion_figure(systems: Mapping[str, Mapping[str, Any]]) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = len(systems)
    fig = Figure(figsize=(4.6 * n + 0.6, 4.4), layout="constrained")
    fig.suptitle("Quote type on matched quotes: gold (rows) × predicted (columns)", x=0.02, ha="left",
                 fontsize=11)
    axes = fig.subplots(1, n, squeeze=False)[0]
    for ax, (name, m) in zip(axes, systems.items()):
        counts = [[int(m.get(f"confusion_{g}_{p}", 0)) for p in QUOTE_TYPES] for g in QUOTE_TYPES]
        top = max(max(row) for row in counts)
        image = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(top, 1))
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                dark = value > 0.55 * max(top, 1)
                ax.text(j, i, str(value), ha="center", va="center", fontsize=12,
                        color="white" if dark else "#1a1a1a", fontweight="bold" if i == j else "normal")
        ax.set_xticks(range(len(QUOTE_TYPES)), QUOTE_TYPES)
        ax.set_yticks(range(len(QUOTE_TYPES)), QUOTE_TYPES)
        ax.set_xlabel("predicted type")
        ax.set_ylabel("gold type")
        matched = sum(map(sum, counts))
        title = f"{_short(name)}\n" if name else ""
        ax.set_title(f"{title}{matched} matched quote{'s' if matched != 1 else ''}", loc="left", fontsize=10)
        bar = fig.colorbar(image, ax=ax, shrink=0.8, label="quotes")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    return fig


def _length_figure(gold: Sequence[Document], predictions: Mapping[str, Sequence[Document]]) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 4), layout="constrained")
    ax = fig.add_subplot()
    per_system = {name: f1_by_length(gold, docs) for name, docs in predictions.items()}
    buckets = sorted({b for scores in per_system.values() for b in scores})
    docs_in = {b: n for scores in per_system.values() for b, (n, _) in scores.items()}
    width = min(0.8, 0.3 * len(per_system)) / max(len(per_system), 1)
    for k, (name, scores) in enumerate(per_system.items()):
        values = [scores[b][1].f1 * 100 if b in scores else 0.0 for b in buckets]
        xs = [i + (k - (len(per_system) - 1) / 2) * width for i in range(len(buckets))]
        bars = ax.bar(xs, values, width * 0.95, color=_SYSTEM_COLOURS[k % len(_SYSTEM_COLOURS)],
                      label=_short(name) or None)
        ax.bar_label(bars, labels=[f"{v:.0f}" for v in values], fontsize=8, padding=1)
    ax.set_xticks(range(len(buckets)), [f"{bucket_label(b)}\n{docs_in[b]} doc{'s' if docs_in[b] != 1 else ''}"
                                        for b in buckets])
    ax.set_xlabel("document length (characters)")
    ax.set_ylabel("fragment exact F1 (%)")
    ax.set_ylim(0, 108)
    ax.set_xlim(-0.6, max(len(buckets), 1) - 0.4)
    ax.set_title("Fragment exact F1 by document length", loc="left", fontsize=11)
    _style(ax)
    if len(per_system) > 1 or next(iter(per_system), ""):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if not buckets:
        ax.text(0.5, 0.5, "no documents", ha="center", va="center", transform=ax.transAxes)
    return fig


def write_plots(report: Mapping[str, Any], gold: Sequence[Document],
                preds: Sequence[Document] | Mapping[str, Sequence[Document]], out_dir: str | Path) -> list[Path]:
    """Draw the charts of an evaluation into ``out_dir`` (created if missing); return the files written.

    ``report`` is an ``attrib eval`` report (``{"systems": {name: metrics}, ...}``) or one flat dict of
    ``attrib.evaluate.evaluate``; ``preds`` are the predictions of its one system, or a dict of them by
    system name. Raises ``OutputError`` when the directory or a file cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the plot directory {out}: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise OutputError(f"cannot write plots into {out}: not a directory")
    systems = _systems(report)
    predictions = _predictions(preds, list(systems))
    figures = (_prf_figure(systems), _confusion_figure(systems), _length_figure(gold, predictions))
    return [_save(fig, out / name) for fig, name in zip(figures, PLOT_FILES)]
