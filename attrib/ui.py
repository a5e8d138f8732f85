"""Rich progress displays (stderr), kept out of the library code that reports events."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .errors import AttribError


class TrainProgress:
    """Turns Trainer events into a progress bar with the running loss and the last dev scores."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]epoch {task.fields[epoch]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]:.4f} | dev {task.fields[dev]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self.task = None

    def __enter__(self) -> TrainProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def event(self, kind: str, data: dict) -> None:
        if kind == "start":
            self.task = self.progress.add_task("train", total=data["total_steps"], epoch=1, loss=0.0, dev="–")
            self.console.print(
                f"{data['train_docs']} documents, {data['windows']} windows, {data['steps_per_epoch']} steps "
                f"per epoch, bf16 {'on' if data['bf16'] else 'off'}"
            )
        elif kind == "resumed":
            self.console.print(f"resuming after epoch {data['epoch']}")
        elif kind == "step" and self.task is not None:
            self.progress.update(self.task, completed=data["step"], epoch=data["epoch"], loss=data["loss"])
            if not self.console.is_terminal and data["step"] % 50 == 0:
                # Logs (nohup, CI) get a line now and then instead of a redrawn bar.
                self.console.print(f"step {data['step']} epoch {data['epoch']} loss {data['loss']:.4f}")
        elif kind == "epoch" and self.task is not None:
            dev = data["dev"]
            text = f"frag {dev['fragment']} ext {dev['extent']} cue {dev['cue']} src {dev['source']}"
            self.progress.update(self.task, dev=text)
            mark = " (best so far, saved)" if data["improved"] else ""
            self.console.print(f"epoch {data['epoch']}: {text} tok {dev['token']} type {dev['type_accuracy']}{mark}")
        elif kind == "early_stop":
            self.console.print(f"early stop after epoch {data['epoch']}: no better dev score")


@contextmanager
def window_progress(console: Console, label: str, show: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A transient bar over the model's windows; yields the ``progress(advance, total)`` callback that
    ``extract_many`` calls after each batch (``None`` when ``show`` is false: one short document)."""
    if not show:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("windows"),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(n: int, total: int) -> None:
            progress.update(task, total=total, advance=n)

        yield advance


def print_errors(console: Console, errors: Iterable[AttribError]) -> int:
    """Print coded input errors (the run goes on with the other inputs); returns how many."""
    n = 0
    for error in errors:
        console.print(f"[bold red]error[/] {escape(str(error))}")
        n += 1
    return n
