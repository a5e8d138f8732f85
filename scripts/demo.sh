#!/usr/bin/env bash
# Install attrib, then run it on the sample article (the README's first command).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/attrib extract seeds/ap-2018-09-26-us-japan-trade-talks.txt "$@"
