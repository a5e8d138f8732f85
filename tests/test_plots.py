"""`attrib eval --plots`: three PNG charts, written atomically, and matplotlib imported only for them."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.data.dataset import read_gold
from attrib.document import Document
from attrib.errors import OutputError
from attrib.evaluate import evaluate
from attrib.plots import PLOT_FILES, bucket_label, f1_by_length, length_bucket, write_plots
from attrib.wire import to_dict

from .conftest import SEED_GOLD

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def gold() -> list[Document]:
    return list(read_gold(SEED_GOLD))


def empty(docs: list[Document]) -> list[Document]:
    return [replace(d, quotes=(), entities=()) for d in docs]


def assert_pngs(paths: list[Path], directory: Path) -> None:
    assert [p.name for p in paths] == list(PLOT_FILES)
    assert sorted(p.name for p in directory.iterdir()) == sorted(PLOT_FILES)  # no temporary files left
    for path in paths:
        assert path.parent == directory
        assert path.read_bytes()[:8] == PNG
        assert path.stat().st_size > 5_000


@pytest.mark.parametrize("against", ["itself", "empty"])
def test_write_plots(gold: list[Document], tmp_path: Path, against: str) -> None:
    preds = gold if against == "itself" else empty(gold)
    out = tmp_path / "new" / "plots"  # created with its parent
    paths = write_plots(evaluate(gold, preds, bootstrap=0), gold, preds, out)
    assert_pngs(paths, out)


def test_f1_by_length(gold: list[Document]) -> None:
    (bucket, (n, prf)), = f1_by_length(gold, gold).items()
    assert bucket == length_bucket(len(gold[0].text)) and n == 1 and prf.f1 == 1.0
    assert f1_by_length(gold, empty(gold))[bucket][1].f1 == 0.0
    assert [length_bucket(n) for n in (0, 999, 1000, 5000, 10**6)] == [0, 0, 1, 3, 6]
    assert [bucket_label(i) for i in (0, 1, 6)] == ["<1k", "1k–2k", "≥32k"]


def test_plots_dir_must_be_writable(gold: list[Document], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="plot directory"):
        write_plots(evaluate(gold, gold, bootstrap=0), gold, gold, blocker)


def test_eval_cli_plots_with_two_systems(gold: list[Document], tmp_path: Path) -> None:
    preds = tmp_path / "none.jsonl"
    preds.write_text(json.dumps(to_dict(empty(gold)[0]), ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "charts"
    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--pred", str(preds), "--pred", str(SEED_GOLD),
                                      "--bootstrap", "0", "--plots", str(out)])
    assert result.exit_code == 0, result.output
    assert_pngs([out / name for name in PLOT_FILES], out)
    blocked = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--pred", str(preds), "--bootstrap", "0",
                                       "--plots", str(preds)])
    assert blocked.exit_code == 2 and "[E403]" in blocked.output


def test_matplotlib_is_imported_only_for_plots() -> None:
    code = ("import sys, attrib.cli, attrib.formats, attrib.plots, attrib.eval_cmd; "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "False"
