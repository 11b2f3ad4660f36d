#!/usr/bin/env bash
# Runs the fuzz targets (cargo-fuzz on the nightly toolchain), niced, one at a time.
#
#   fuzz/run.sh TARGET SECONDS    fuzz one target for SECONDS or 10 million executions,
#                                 whichever comes first, growing fuzz/corpus/TARGET
#   fuzz/run.sh all SECONDS       every target in turn, SECONDS each
#   fuzz/run.sh cmin TARGET|all   minimise the committed corpora (keep them small)
#   fuzz/run.sh list              the targets
#
# Builds go to $CARGO_TARGET_DIR (default: target/fuzz, apart from the main builds); each
# run's log is kept beside them in logs/TARGET.log and its last line ("Done N runs in S
# second(s)") is the count SECURITY.md reports. Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/../target/fuzz}"

TARGETS=(query index_bytes index_forged index_fst corpus ner_model entities inflate)

# Inputs longer than these add nothing: a query is read up to 4 KB, 100 edits damage the small
# index enough, the tiny model's payload is 14 KB.
max_len() {
  case "$1" in
    query | entities) echo 8192 ;;
    index_forged | index_fst) echo 600 ;;
    corpus) echo 16384 ;;
    inflate) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

ensure_tools() {
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
}

# The code is safe Rust (the crates forbid unsafe), so the targets run without a sanitizer,
# which makes them several times faster, and with overflow checks and debug assertions, which
# turn silent wrap-arounds into findings. index_fst is the exception: it measures what forged
# fst sections do to the library as shipped (no overflow checks), so it keeps going after a
# crash or a hang and collects them all in fuzz/artifacts/index_fst/.
build_flags() {
  case "$1" in
    index_fst) echo "--sanitizer none --release --target-dir $CARGO_TARGET_DIR/as-shipped" ;;
    *) echo "--sanitizer none --debug-assertions" ;;
  esac
}

run_flags() {
  case "$1" in
    index_fst) echo "-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1" ;;
  esac
}

fuzz() {
  local target=$1 seconds=$2 log="$CARGO_TARGET_DIR/logs/$1.log"
  mkdir -p "corpus/$target" "$CARGO_TARGET_DIR/logs"
  echo "==> fuzzing $target for ${seconds}s (log: $log)" >&2
  # shellcheck disable=SC2046 # the flags are words
  nice -n 19 cargo +nightly fuzz run $(build_flags "$target") "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -runs=10000000 -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 $(run_flags "$target") >"$log" 2>&1 || true
  grep -E '^(Done |stat::number_of_executed_units)|panicked at|ERROR: libFuzzer|Test unit written' "$log" >&2 || true
  grep -q '^Done \|^stat::number_of_executed_units' "$log" && ! grep -q 'ERROR: libFuzzer' "$log"
}

cmin() {
  local target=$1
  echo "==> minimising corpus/$target ($(ls "corpus/$target" | wc -l) files)" >&2
  # shellcheck disable=SC2046
  nice -n 19 cargo +nightly fuzz cmin $(build_flags "$target") "$target" "corpus/$target" -- -max_len="$(max_len "$target")" >/dev/null 2>&1
  echo "    $(ls "corpus/$target" | wc -l) files, $(du -sh "corpus/$target" | cut -f1)" >&2
}

each() {
  local action=$1 which=$2; shift 2
  if [ "$which" = all ]; then
    for target in "${TARGETS[@]}"; do "$action" "$target" "$@"; done
  elif [[ " ${TARGETS[*]} " == *" $which "* ]]; then
    "$action" "$which" "$@"
  else
    echo "fuzz/run.sh: no target $which (targets: ${TARGETS[*]})" >&2
    exit 2
  fi
}

case "${1:-}" in
  list) printf '%s\n' "${TARGETS[@]}" ;;
  cmin) ensure_tools; each cmin "${2:?usage: fuzz/run.sh cmin TARGET|all}" ;;
  "" | -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) ensure_tools; each fuzz "$1" "${2:?usage: fuzz/run.sh TARGET SECONDS}" ;;
esac
