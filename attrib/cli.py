"""The command-line interface: thin Typer commands over the library; the only place with exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .config import load_config
from .errors import AttribError, UsageError

app = typer.Typer(
    name="attrib",
    help="Who said it, exactly what did they say, and is it quoted or paraphrased?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Convert labelled corpora to the wire format and describe them.", no_args_is_help=True)
app.add_typer(data_app, name="data")
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(exc: AttribError) -> typer.Exit:
    err.print(f"[bold red]error[/] {escape(str(exc))}", markup=True)
    return typer.Exit(exc.exit_code)


@app.command()
def train(
    train_path: Annotated[Path, typer.Option("--train", help="Gold JSONL to train on.")],
    dev_path: Annotated[Path, typer.Option("--dev", help="Gold JSONL for early stopping and the card.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model directory to write.")],
    epochs: Annotated[int, typer.Option(min=1)] = 4,
    lr: Annotated[float, typer.Option(min=0.0)] = 1e-4,
    batch_size: Annotated[int, typer.Option(min=1)] = 16,
    seed: int = 13,
    patience: Annotated[int, typer.Option(min=1)] = 2,
    window: Annotated[int, typer.Option(min=16, max=512)] = 256,
    stride: Annotated[int, typer.Option(min=1)] = 128,
    shape_dim: Annotated[int, typer.Option(min=0, help="Case-shape feature size (0 = off).")] = 16,
    quote_state_dim: Annotated[int, typer.Option(min=0, help="Quotation-state feature size (0 = off).")] = 8,
    encoder: Annotated[str, typer.Option(help="Base encoder: minilm (fast) or mpnet (accurate).")] = "minilm",
    adapter_rank: Annotated[
        int, typer.Option(min=0, help="Freeze the encoder and train LoRA updates of this rank (0 = fine-tune it all).")
    ] = 0,
    max_steps: Annotated[int, typer.Option(min=0, help="Stop after N steps (smoke tests).")] = 0,
    max_docs: Annotated[int, typer.Option(min=0, help="Use the first N training documents.")] = 0,
    resume: Annotated[bool, typer.Option(help="Continue from OUTPUT/checkpoint.")] = False,
    init: Annotated[
        Path | None, typer.Option(metavar="DIR", help="Start from this trained model's weights (a warm start).")
    ] = None,
) -> None:
    """Fine-tune the quote model (checkpoints every epoch; --resume continues an interrupted run)."""
    from .train import TrainConfig, Trainer
    from .ui import TrainProgress

    cfg = TrainConfig(
        train=str(train_path), dev=str(dev_path), output=str(output), epochs=epochs, lr=lr,
        batch_size=batch_size, seed=seed, patience=patience, window=window, stride=stride,
        shape_dim=shape_dim, quote_state_dim=quote_state_dim, max_steps=max_steps, max_docs=max_docs,
        encoder=encoder, adapter_rank=adapter_rank,
        init=str(init) if init is not None else "", command="attrib " + " ".join(sys.argv[1:]),
    )
    if stride > window - 2:
        raise fail(AttribError("--stride must not exceed --window minus 2"))
    try:
        with TrainProgress(err) as progress:
            metrics = Trainer(cfg, on_event=progress.event).train(resume=resume)
    except AttribError as exc:
        raise fail(exc) from None
    err.print(f"best dev fragment F1 {metrics['fragment']['f1'] * 100:.1f}; model written to {output}")


# Shared by extract and check: how a speaker that is a document is named ([tool.attrib] document_names).
DocumentNamesOption = Annotated[
    str | None, typer.Option(help="Name a document that speaks by its title or by its issuer: title or issuer.")
]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .html .docx .jsonl), folders, or - for stdin.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="table, json, jsonl or html (JSONL in → JSONL out).")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    model: Annotated[Path | None, typer.Option(help="fast (the default), accurate, or a model directory.")] = None,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave the document text out of json/jsonl.")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse inputs larger than this (default 10 MB).")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Windows per forward pass.")] = None,
    speakers: Annotated[
        Path | None, typer.Option(help="Newsroom speaker registry (speakers.toml): names, aliases, roles.")
    ] = None,
    document_names: DocumentNamesOption = None,
) -> None:
    """Find the quotes in news text: content, cue, speaker and type (direct, indirect, mixed)."""
    from .extract_cmd import run_extract

    try:
        config = load_config(overrides={"format": fmt, "model": str(model) if model else None,
                                        "max_bytes": max_bytes, "batch_size": batch_size,
                                        "document_names": document_names})
        code = run_extract(paths, config, output=output, format_given=fmt is not None, include_text=not no_text,
                           console=err, speakers=speakers)
    except AttribError as exc:
        raise fail(exc) from None
    raise typer.Exit(code)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Drafts (.txt .md .html .docx .jsonl), folders, or - for stdin.")],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="A source to verify against: article, transcript (SPEAKER: words), "
                                            "folder or JSONL. Repeat for several. Default: [tool.attrib] sources."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="human, json, sarif, github, line or html.")
    ] = None,
    fail_level: Annotated[
        str | None, typer.Option("--fail-level", help="Exit 1 on findings at or above: error, warning or suggestion.")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Rules to run (codes, names, prefixes or all; comma-separated).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rules not to run (same forms as --select).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    model: Annotated[Path | None, typer.Option(help="fast (the default), accurate, or a model directory.")] = None,
    speakers: Annotated[
        Path | None, typer.Option(help="Newsroom speaker registry (speakers.toml): names, aliases, roles.")
    ] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse inputs larger than this (default 10 MB).")] = None,
    document_names: DocumentNamesOption = None,
) -> None:
    """Verify every quote of the drafts against the sources and lint them: exit 0 clean, 1 findings, 2 errors."""
    from .check_cmd import run_check

    try:
        config = load_config(overrides={
            "check_format": fmt, "fail_level": fail_level, "select": select or None, "ignore": ignore or None,
            "sources": source or None, "speakers": str(speakers) if speakers else None,
            "model": str(model) if model else None, "max_bytes": max_bytes, "document_names": document_names,
        })
        code = run_check(paths, config, output=output, console=err)
    except AttribError as exc:
        raise fail(exc) from None
    raise typer.Exit(code)


CORPORA = ("polnear", "litbank", "quoteli3")


@data_app.command("convert")
def data_convert(
    corpus: Annotated[str, typer.Argument(help="polnear, litbank or quoteli3.")],
    src_dir: Annotated[Path, typer.Argument(help="The corpus folder, e.g. ../shared/data/polnear.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Gold JSONL to write.")],
    split: Annotated[str | None, typer.Option(help="train or dev (PolNeAR: required).")] = None,
    speakers: Annotated[
        Path | None, typer.Option(help="PolNeAR canonical speakers (default: found beside SRC_DIR).")
    ] = None,
) -> None:
    """Convert a labelled corpus to gold documents in the wire format."""
    from .data.convert import convert_corpus
    from .output import write_atomic
    from .wire import dumps

    try:
        if corpus not in CORPORA:
            raise UsageError(f"unknown corpus {corpus!r}", hint=f"choose one of {', '.join(CORPORA)}")
        docs = list(convert_corpus(corpus, src_dir, split=split, speakers=speakers))
        write_atomic(output, "".join(dumps(d) + "\n" for d in docs))
    except AttribError as exc:
        raise fail(exc) from None
    n_quotes = sum(len(d.quotes) for d in docs)
    err.print(f"{len(docs)} documents, {n_quotes} quotes written to {output}")


@data_app.command("stats")
def data_stats(
    path: Annotated[Path, typer.Argument(help="A wire-format JSONL file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Documents, quotes by type, with/without cue and speaker, entities."""
    import json

    from rich.table import Table

    from .data.dataset import read_gold
    from .data.stats import stats

    try:
        result = stats(read_gold(path))
    except AttribError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table(title=str(path), title_justify="left")
    table.add_column("measure")
    table.add_column("count", justify="right")
    for key, value in result.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                table.add_row(f"{key.replace('_', ' ')}: {sub}", str(n))
        else:
            table.add_row(key.replace("_", " "), str(value))
    Console(highlight=False).print(table)


from .eval_cmd import eval_command  # noqa: E402

app.command("eval")(eval_command)
def main() -> None:
    app()
