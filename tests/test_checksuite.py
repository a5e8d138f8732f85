"""The verdict suites, end to end with the shipped model: attrib's own 62 cases (committed, sources we may
ship) and the 66-case development suite in ../shared/data. Target (issue 5): verdict accuracy ≥ 95 % on each,
and no verbatim quote ever reported as altered. `python scripts/score_checksuite.py SUITE -v` shows the details.
"""

from __future__ import annotations

import sys

import pytest

from .conftest import DATA, ROOT, requires_data

sys.path.insert(0, str(ROOT / "scripts"))
import score_checksuite  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model():
    from attrib.api import load_model

    return load_model()


def _score(suite, model):
    cases, checked = score_checksuite.run_suite(suite, model)
    return score_checksuite.score(cases, checked)


def test_own_suite(model):
    report = _score(ROOT / "tests" / "checksuite", model)
    assert report["cases"] >= 40
    assert report["verbatim_as_altered"] == 0
    assert report["accuracy"] >= 0.95, report["failures"]


@requires_data("checksuite-dev", "cases.jsonl")
def test_development_suite(model):
    report = _score(DATA / "checksuite-dev", model)
    assert report["cases"] == 66
    assert report["verbatim_as_altered"] == 0
    assert report["accuracy"] >= 0.95, report["failures"]


def test_suite_cases_are_consistent():
    """Every own case's offsets and source spans hold (the suite's own validator)."""
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "tests" / "checksuite" / "check_suite.py")], capture_output=True,
                         text=True, cwd=ROOT / "tests" / "checksuite")
    assert out.returncode == 0, out.stdout + out.stderr
