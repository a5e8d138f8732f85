#!/usr/bin/env bash
# Install attrib with its test tools, then run the linters and the whole test suite (the README's second
# command; .ci/run calls it). Tests that need ../shared/data or the shipped model run when those are present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --accurate  # the tests load both shipped models
.venv/bin/ruff check attrib tests scripts
# The browser test of the HTML report needs Debian's chromium; without it that test is skipped.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
            || echo "note: could not install chromium; the browser test will be skipped" >&2
    else
        echo "note: /usr/bin/chromium is missing (as root: apt-get install chromium); the browser test will be skipped" >&2
    fi
fi
.venv/bin/python -m pytest -q "$@"
