#!/usr/bin/env bash
# The main job on a fresh machine: set up, start the local Neo4j, build the
# graph from the sample corpus and print its statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg neo4j start
.venv/bin/kg build
.venv/bin/kg stats
