#!/usr/bin/env bash
# Install attrib and everything it needs into .venv (idempotent: a second run only checks).
# torch is installed first as torch==2.13.0, the CPU build; a plain `torch` would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
VPY=.venv/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK=1
if ! "$VPY" -c 'import torch, sys; sys.exit(0 if torch.__version__.startswith("2.13.0") else 1)' 2>/dev/null; then
  "$VPY" -m pip install --quiet "torch==2.13.0"
fi
# Reinstall the package only when its declared dependencies change.
stamp=.venv/.attrib-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! "$VPY" -c 'import attrib' 2>/dev/null; then
  "$VPY" -m pip install --quiet -e ".[test]"
  echo "$want" > "$stamp"
fi
