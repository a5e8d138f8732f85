"""Rich progress displays (stderr), kept out of the library code that reports events."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


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
