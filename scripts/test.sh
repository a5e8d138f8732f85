#!/usr/bin/env bash
# Install attrib with its test tools, then run the linters and the whole test suite (the README's second
# command; .ci/run calls it). Tests that need ../shared/data or the shipped model run when those are present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check attrib tests scripts
.venv/bin/python -m pytest -q "$@"
