"""Writing results: atomically, and never over an input.

``write_atomic`` writes a temporary file beside the destination, fsyncs it and renames it into place, so a
reader sees the old file or the new one and never half of one; if anything fails the temporary file is
removed and the destination is left as it was. ``open_output`` gives a text stream for ``-o``: standard
output, or a buffer that is committed with ``write_atomic`` only when the block finishes without an error.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from .errors import OutputError
from .readers import SUPPORTED


def check_not_input(output: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Raise ``OutputError`` when writing ``output`` would overwrite one of ``inputs``.

    Refused: the output is an input file (also through a symlink or hard link), or it is a file of a
    supported input type inside an input directory, where it is read (now, or on the next run). ``-`` and
    ``None`` mean standard output/input and never clash.
    """
    if output is None or str(output) == "-":
        return
    out = Path(output).resolve()
    for given in inputs:
        if str(given) == "-":
            continue
        source = Path(given).resolve()
        same = out == source
        if not same and out.exists() and source.exists():
            with suppress(OSError):
                same = os.path.samefile(out, source)
        if same:
            raise OutputError(
                f"refusing to write {output}: it is one of the inputs ({given})",
                hint="choose another output file with -o",
            )
        if source.is_dir() and out.is_relative_to(source) and out.suffix.lower() in SUPPORTED:
            raise OutputError(
                f"refusing to write {output}: it is inside the input directory {given} and would be read "
                "as an input",
                hint="write the output outside the input directory, or give it another extension",
            )


def _create_temp(path: Path) -> tuple[int, Path]:
    # O_EXCL with mode 0o666 lets the umask decide the permissions, as for a file the user creates.
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one step, or not at all.

    An existing destination keeps its permission bits. Raises ``OutputError`` naming the path when it
    cannot be written; the destination is then untouched and no temporary file is left behind.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = _create_temp(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        with suppress(FileNotFoundError):
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (and not needed) everywhere.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def open_output(path: str | Path | None = None, *, inputs: Iterable[str | Path] = ()) -> Iterator[TextIO]:
    """A text stream for results: standard output for ``None``/``-``, else ``path`` written atomically.

    The file is written only if the ``with`` block completes; an exception leaves an existing file as it
    was. ``inputs`` are checked first with ``check_not_input``.
    """
    check_not_input(path, inputs)
    if path is None or str(path) == "-":
        stream = sys.stdout
        yield stream
        stream.flush()
        return
    buffer = io.StringIO(newline="")
    yield buffer
    write_atomic(path, buffer.getvalue())
