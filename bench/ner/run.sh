#!/usr/bin/env bash
# Benchmarks the committed NER model: conlleval-style P/R/F1 per type and overall on the CoNLL-2003
# development split, model size raw and gzipped, and tagging throughput natively and in wasm
# under node (median of runs).
# Usage: bench/ner/run.sh [CONLL_DEV_FILE] [RUNS]   (set CARGO_TARGET_DIR to share a build dir)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dev="${1:-$repo/../shared/data/conll2003/eng.testa}"
[ -f "$dev" ] || dev=/work/shared/data/conll2003/eng.testa
runs="${2:-7}"
model="$repo/crates/ner/model/newsdex-ner.model"
target="${CARGO_TARGET_DIR:-$repo/target}"

cargo build --quiet --release -p newsdex-ner --example eval --manifest-path "$repo/Cargo.toml"
echo "== model: crates/ner/model/newsdex-ner.model"
echo "size: $(wc -c < "$model") bytes raw, $(gzip -9 -c "$model" | wc -c) bytes gzip -9"
echo "== dev: $dev"
"$target/release/examples/eval" "$dev" --runs "$runs"
echo "== wasm: dex.entities(text) of the built package (./build.sh first)"
if [ -f "$repo/pkg/node.js" ]; then node "$repo/bench/ner/wasm.mjs" "$dev" "$runs"; else echo "no pkg/: run ./build.sh"; fi
