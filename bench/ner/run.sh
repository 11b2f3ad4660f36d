#!/usr/bin/env bash
# Benchmarks the recogniser: conlleval-style P/R/F1 per type and overall on
#  - the held-out last 10% of CoNLL-2003 eng.train, for a model trained here on the other 90% with
#    the committed model's settings (the figure model selection looks at),
#  - the hand-annotated modern news gold (bench/ner/gold/modern.jsonl, text read from
#    ../shared/data), for the committed model, alone and with all of ag_news_test and bbc as
#    the corpus whose names vote on their types (as an index build of them does); its first 44
#    articles (the first annotation) and the 50 after them (the second) are also scored apart,
#  - the CoNLL-2003 dev split eng.testa, for the committed model (reported, never tuned on),
# then model size raw, gzipped and brotli, and tagging throughput natively and in wasm under node.
# Usage: bench/ner/run.sh [DATA_DIR] [RUNS]   (set CARGO_TARGET_DIR to share a build dir)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$repo/../shared/data}"
[ -d "$data/conll2003" ] || data=/work/shared/data
runs="${2:-7}"
model="$repo/crates/ner/model/newsdex-ner.model"
target="${CARGO_TARGET_DIR:-$repo/target}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo build --quiet --release -p newsdex-ner --examples --manifest-path "$repo/Cargo.toml"
echo "== held-out: last 10% of eng.train documents, model trained on the first 90%"
"$target/release/examples/train" --train "$data/conll2003/eng.train" --held-out 10 \
    -o "$scratch/held-out.model" 2>/dev/null | tail -n +2
echo "== modern news gold: bench/ner/gold/modern.jsonl (committed model)"
"$target/release/examples/eval_gold" --split 44 "$repo/bench/ner/gold/modern.jsonl" \
    "$data/ag_news_test/articles.jsonl" "$data/bbc/articles.jsonl"
echo "== modern news gold, with ag_news_test and bbc as the corpus (--corpus-votes)"
"$target/release/examples/eval_gold" --corpus-votes --split 44 "$repo/bench/ner/gold/modern.jsonl" \
    "$data/ag_news_test/articles.jsonl" "$data/bbc/articles.jsonl"
echo "== dev: eng.testa (committed model)"
"$target/release/examples/eval" "$data/conll2003/eng.testa"
echo "== speed natively: eng.testa's documents as text, and 2,000 BBC articles (labels hashed, to compare builds)"
"$target/release/examples/speed" --conll "$data/conll2003/eng.testa" --jsonl "$data/bbc/articles.jsonl" --runs "$runs"
echo "== size: model, word clusters and gazetteers (the recogniser module embeds all three)"
node -e '
  const { readFileSync } = require("node:fs");
  const { brotliCompressSync, gzipSync, constants } = require("node:zlib");
  for (const file of process.argv.slice(1)) {
    const bytes = readFileSync(file);
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    console.log(`${file.split("/").slice(-2).join("/")}: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} gzip -9, ${brotli.length} brotli 11`);
  }' "$model" "$repo/crates/ner/model/clusters.bin" "$repo/crates/ner/gazetteers/names.fst"
echo "== wasm: dex.entities(text) of the built package (./build.sh first)"
if [ -f "$repo/pkg/node.js" ]; then node "$repo/bench/ner/wasm.mjs" "$data/conll2003/eng.testa" "$runs"; else echo "no pkg/: run ./build.sh"; fi
