#!/usr/bin/env bash
# Builds the sharded index that bench/shards/run.mjs searches, as a site would: the default
# build, entities included, within the default memory budget, on every core. Prints the
# build's summary, its wall and CPU time, peak resident memory, its speed in MB/s of headline,
# standfirst and body text, and the load average before and after (the machine is shared).
#
#   bench/shards/build.sh [CORPUS] [SITE_CORE] [-- more newsdex build flags]
#   (defaults: bench/out/shards/archive.jsonl, bench/out/shards/site/archive.ndx)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-$repo/bench/out/shards/archive.jsonl}"
core="${2:-$repo/bench/out/shards/site/archive.ndx}"
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
[ -f "$corpus" ] || { echo "bench/shards/build.sh: no corpus at $corpus (node bench/shards/generate.mjs makes one)" >&2; exit 1; }
cargo build --quiet --release -p newsdex-cli --manifest-path "$repo/Cargo.toml"
mkdir -p "$(dirname "$core")"
rm -f "$(dirname "$core")"/*.chunk "$core"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$repo/target/release/newsdex" build "$corpus" -o "$core" --shards "$@" 2> "$log" || { cat "$log" >&2; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^newsdex: indexed' "$log"
wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")"
seconds="$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$wall")"
user="$(sed -n 's/.*User time (seconds): //p' "$log")"
system="$(sed -n 's/.*System time (seconds): //p' "$log")"
peak="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
text="$(node -e '
  const { createReadStream } = require("node:fs");
  const { createInterface } = require("node:readline");
  let bytes = 0;
  const lines = createInterface({ input: createReadStream(process.argv[1]) });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const a = JSON.parse(line);
    for (const field of ["title", "description", "body"]) bytes += Buffer.byteLength(a[field] ?? "");
  });
  lines.on("close", () => console.log(bytes));
' "$corpus")"
awk -v s="$seconds" -v u="$user" -v y="$system" -v p="$peak" -v t="$text" 'BEGIN {
  printf "wall %.1f s, CPU %.1f s (%.2f cores), peak resident %.0f MB, text %.1f MB at %.2f MB/s\n", s, u + y, (u + y) / s, p / 1024, t / 1e6, t / 1e6 / s
}'
