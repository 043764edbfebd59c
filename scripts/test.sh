#!/usr/bin/env bash
# The tests on a fresh machine: set up (with test extras and Chromium), then
# run pytest; the test set-up starts its own Neo4j on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
