#!/usr/bin/env bash
# newsdex: build, serve and test.
#
#   ./build.sh          build the CLI (target/release/newsdex), the npm package (pkg/) and
#                       the single-file page (dist/newsdex.html)
#   ./build.sh serve    build, then serve the page on http://127.0.0.1:8080
#   ./build.sh test     build, then run the style checks and every test (cargo, node, headless
#                       Chromium)
#   ./build.sh bench    build, then run the benchmark (needs ../shared/data)
#
# Each step installs what it needs (the wasm32 target, wasm-bindgen-cli at the version in
# Cargo.lock, node packages, Debian's chromium and nginx) and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "newsdex: need root to run: $*" >&2; return 1
  fi
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (takes a few minutes once)"
    # --locked fails on registries that lack one of the CLI's pinned dependencies; retry without.
    cargo install wasm-bindgen-cli --version "$want" --locked || cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node packages"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium for the browser tests"
    as_root apt-get update
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends chromium
  fi
}

# The browser tests serve a sharded index through nginx too, as a site would; each test starts
# its own (a private config, port and folder). Debian 12's nginx-light is only a name for
# nginx plus a module, so nginx itself.
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ]; then
    say "installing Debian's nginx for the browser tests"
    as_root apt-get update
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends nginx
  fi
}

build() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_modules
  say "building the CLI"
  cargo build --release -p newsdex-cli
  # Staged in a folder of its own, so that two builds at once never mix their files.
  local staging
  staging=$(mktemp -d pkg.staging.XXXXXX)
  wasm_module newsdex search "$staging"
  wasm_module newsdex_lite lite "$staging"
  wasm_module newsdex_recogniser recogniser "$staging"
  wasm_module newsdex_segments segments "$staging"
  cp -R npm/. "$staging/"
  # The seeds index is a file beside the search module, which sites opening their own index
  # never fetch.
  target/release/newsdex build seeds -o "$staging/seeds.ndx"
  chmod 755 "$staging"
  rm -rf pkg && mv "$staging" pkg
  say "built target/release/newsdex and pkg/ (first module $(wc -c < pkg/newsdex_lite_bg.wasm) bytes, search module $(wc -c < pkg/newsdex_bg.wasm) bytes, recogniser module $(wc -c < pkg/newsdex_recogniser_bg.wasm) bytes, segments module $(wc -c < pkg/newsdex_segments_bg.wasm) bytes)"
  single_file
}

# How each module is built: the search and first modules for size, in the wasm profile with
# `wasm-opt -Oz`, for every browser that runs WebAssembly; the recogniser module for speed, in
# the wasm-recogniser profile (opt-level 3) with wasm SIMD (simd128: Chrome 91, Firefox 89,
# Safari 16.4, node 16.4), which the tagger's sums over 17 labels use four lanes an instruction
# (crates/ner/src/lanes.rs), and `wasm-opt -O3`. The search module's code is shrunk twice more
# after `-Oz`, each time flattened and its control flow rebuilt (`--rereloop`) before `-Oz`
# again: 0.8 KB brotli, warm queries within the noise; on the first module it adds 40 bytes.
# Before that, GUFA (whole-program inference of the values each location can hold) turns
# constants it proves into code -Oz removes: 0.25 KB brotli more. Common subexpressions within a
# block kept in locals (`--local-cse`, before GUFA and after the rebuilt control flow exposes
# more) and constants propagated through locals (`--precompute-propagate`), each followed by
# -Oz: 0.4 KB brotli. The first module takes the same passes: 0.8 KB brotli off it, where the
# rebuilt control flow alone had added 40 bytes.
# The modules keep their panics' locations (no unstable `-Zlocation-detail`): most of their
# indexing and slicing goes through crates/format/src/at.rs, whose panics share one location.
# Sets profile, rustflags and shrink.
module_settings() {
  local again=(--flatten --rereloop -Oz --converge)
  case $1 in
    recogniser) profile=wasm-recogniser rustflags="-C target-feature=+simd128" shrink=(-O3) ;;
    search | lite) profile=wasm rustflags="" shrink=(-Oz --converge --local-cse --gufa-optimizing "${again[@]}" "${again[@]}" --local-cse -Oz --precompute-propagate -Oz) ;;
    *) profile=wasm rustflags="" shrink=(-Oz --converge) ;;
  esac
}

# One wasm module of crates/wasm, built with one feature into a target folder of its own (the
# builds of the same crate would otherwise overwrite each other's output), then bound and shrunk.
wasm_module() {
  local name=$1 feature=$2 out=$3 target=target/wasm-$2 profile rustflags shrink
  module_settings "$feature"
  say "building the $feature module ($name.js, ${name}_bg.wasm)"
  RUSTFLAGS="$rustflags" cargo build --profile "$profile" --target wasm32-unknown-unknown \
    -p newsdex-wasm --target-dir "$target" --no-default-features --features "$feature,console_error_panic_hook"
  # The recogniser module keeps no index, so after a trap npm/index.js starts it afresh with
  # wasm-bindgen's reset (a new instance of the compiled module: new memory, set-up run again).
  local reset=()
  [ "$feature" = recogniser ] && reset=(--experimental-reset-state-function)
  wasm-bindgen "$target/wasm32-unknown-unknown/$profile/newsdex_wasm.wasm" --target web --no-typescript \
    --out-name "$name" --out-dir "$out" "${reset[@]}"
  # Imports and exports renamed to one or two letters, in the wasm and in its glue: wasm-bindgen
  # names each import after its Rust item and a hash, which do not compress.
  node scripts/minify-names.mjs "$out/${name}_bg.wasm" "$out/$name.js"
  # --converge repeats -Oz until it stops shrinking the module: about 1 KB brotli off the
  # search module. --low-memory-unused lets it fold constant offsets into loads and stores (0.8 KB
  # brotli): Rust lays the stack out first, growing down from 1 MB, so the low 1 KB is only ever
  # reached by a stack about to overflow. The producers and target-features sections are read
  # by no browser (0.2 KB).
  npx --no-install wasm-opt "${shrink[@]}" --low-memory-unused --strip-producers --strip-target-features \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  # The glue minified: 4.5 -> 2.8 KB brotli for the search module's, which every reader fetches
  # (object keys stay). Bundled, so that the snippet wasm-bindgen copies beside it (the tape
  # reader, crates/wasm/src/tape.js) comes in the same file and not in a fetch of its own.
  npx --no-install esbuild "$out/$name.js" --bundle --minify --format=esm --log-level=warning \
    --allow-overwrite --outfile="$out/$name.js"
  rm -rf "$out/snippets"
}

# dist/newsdex.html: the search page, its modules (bundled by esbuild), styles and the wasm in one file.
single_file() {
  say "writing dist/newsdex.html"
  node scripts/single-file.mjs --out dist/newsdex.html
}

serve() {
  build
  say "serving www/ on http://127.0.0.1:8080 (Ctrl-C stops)"
  node scripts/serve.mjs --port 8080
}

# The checks that keep the code's style: formatting, clippy natively and on both wasm modules,
# the JavaScript's types against the package's .d.ts files, and no code pasted twice.
run_checks() {
  say "cargo fmt --check"
  cargo fmt --all -- --check
  say "cargo clippy"
  cargo clippy --workspace --all-targets -- -D warnings
  local feature profile rustflags shrink
  for feature in search lite recogniser segments; do
    module_settings "$feature"
    RUSTFLAGS="$rustflags" cargo clippy --profile "$profile" --target wasm32-unknown-unknown \
      -p newsdex-wasm --target-dir "target/wasm-$feature" \
      --no-default-features --features "$feature,console_error_panic_hook" -- -D warnings
  done
  say "tsc --checkJs (npm/, www/)"
  npx --no-install tsc -p tsconfig.json
  say "duplicates (no run of 6 identical lines in two places)"
  node --test tests/tidy/
  node tests/tidy/duplicates.mjs
}

run_tests() {
  build
  ensure_chromium
  ensure_nginx
  run_checks
  say "cargo test"
  # The wasm edge is tested where it runs (node, Chromium); natively it would only be linked.
  cargo test --workspace --exclude newsdex-wasm --release
  say "node tests (the packed npm package, its bin and its types)"
  node --test tests/node/
  say "the packed package in a Vite app (headless Chromium)"
  node --test tests/vite/
  say "the packed package in Next.js (Turbopack, webpack) and Astro apps (headless Chromium)"
  node --test --test-concurrency=1 tests/frameworks/
  say "browser tests (headless Chromium)"
  node --test --test-concurrency=1 tests/browser/
  say "all tests passed"
}

case "${1:-build}" in
  build) build ;;
  serve) serve ;;
  test) run_tests ;;
  bench) build; bash bench/run.sh ;;
  *) echo "usage: ./build.sh [build|serve|test|bench]" >&2; exit 2 ;;
esac
