#!/usr/bin/env bash
# Set up everything on a fresh machine: a virtualenv with the package, the
# Neo4j 5.26 jars from Maven Central and, with --test, Debian's Chromium for
# the browser tests.  Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "==> installing Python dependencies"
.venv/bin/python -m pip install -q --upgrade pip
if [ $with_tests = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi

echo "==> fetching Neo4j 5.26 jars with Maven (cached after the first run)"
.venv/bin/kg neo4j install

# Browser tests and screenshots: Debian's Chromium and a CJK font for the labels.
if [ $with_tests = 1 ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; }; then
  echo "==> installing Debian's chromium and a CJK font for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
