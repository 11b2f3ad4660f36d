#!/usr/bin/env bash
# Runs newsdex's engine benchmark (needs ../shared/data and a built pkg/ and CLI: ./build.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/data/bbc ] || { echo "newsdex: the benchmark needs ../shared/data (bbc, reuters21578)" >&2; exit 1; }
node bench/engine.mjs "$@"
