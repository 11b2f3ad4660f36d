#!/usr/bin/env bash
# Writes the starting inputs of the fuzz corpora from the repository's own data, with the
# release CLI (run ./build.sh first). Run once; the corpora are committed after `run.sh cmin`.
set -euo pipefail
cd "$(dirname "$0")"
cli=../target/release/newsdex
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for target in query index_bytes index_forged index_fst corpus ner_model entities; do mkdir -p "corpus/$target"; done

# Queries: every query of the shared cases, and the syntax at its edges.
node -e '
  const cases = require("../tests/cases/search.json");
  const fs = require("fs");
  const queries = new Set((cases.cases ?? cases).map((c) => c.query).filter(Boolean));
  for (const q of ["\"a \"b\" c", "title:\"x", "-", "OR OR a", "a* b** -c*", "person:\"John Kerry\" -org:IS", "entity:per/john-kerry", "é\u0301 🙂 東京"]) queries.add(q);
  [...queries].forEach((q, i) => fs.writeFileSync(`corpus/query/case-${i}`, q));
'

# Index files: the seeds index and the browser fixture's index.
"$cli" build ../seeds -o "$tmp/seeds.ndx" 2>/dev/null
"$cli" build ../tests/browser/fixtures/mini.jsonl -o "$tmp/mini.ndx" 2>/dev/null
cp "$tmp/seeds.ndx" corpus/index_bytes/seeds
cp "$tmp/mini.ndx" corpus/index_bytes/mini

# Corpus files: the seeds, the fixtures (good and bad) and the browser fixture.
for file in ../seeds/*.txt ../tests/fixtures/corpus/*.jsonl ../tests/fixtures/corpus/good/* ../tests/browser/fixtures/mini.jsonl; do
  cp "$file" "corpus/corpus/$(basename "$file")"
done

# Text for the recogniser: the seed articles.
for file in ../seeds/*.txt; do cp "$file" "corpus/entities/$(basename "$file")"; done

# A model trained on the tiny hand-written CoNLL fixture: the whole file, and its payload
# (what the target wraps in a fresh header and checksum).
"$cli" train-ner --train ../crates/ner/tests/fixtures/tiny.conll --dev ../crates/ner/tests/fixtures/tiny.conll -o "$tmp/tiny.model" >/dev/null 2>&1
cp "$tmp/tiny.model" corpus/ner_model/tiny-model
size=$(wc -c < "$tmp/tiny.model")
tail -c +23 "$tmp/tiny.model" | head -c $((size - 22 - 8)) > corpus/ner_model/tiny-payload
