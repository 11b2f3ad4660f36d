#!/usr/bin/env bash
# Compares newsdex with MiniSearch, FlexSearch, lunr and Pagefind on ../shared/data: one table
# per corpus on stdout, everything in bench/out/peers.json. See bench/peers/README.md.
#
#   bench/peers/run.sh                    all three corpora, 200 queries per kind (~20 min)
#   bench/peers/run.sh --corpus bbc       one corpus (comma-separate several)
#   bench/peers/run.sh --quick            50 queries per kind
#   bench/peers/run.sh --engines newsdex,pagefind --count 100 --seed 7
#   bench/peers/run.sh --no-build         use the pkg/ and CLI already built
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -d ../shared/data/bbc ] || { echo "peers: needs ../shared/data (bbc, reuters21578, ag_news_test)" >&2; exit 1; }

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=0; else args+=("$arg"); fi
done
# newsdex itself: the CLI builds the index files, pkg/ searches them (and installs the repo's
# node packages, among them playwright-core for Pagefind's browser).
# build.sh stages pkg/ in pkg.tmp/, so a build of someone else's at the same time can break
# ours: try once more.
[ "$build" = 0 ] || ./build.sh || ./build.sh
[ -x target/release/newsdex ] && [ -f pkg/node.js ] && [ -d node_modules/playwright-core ] \
  || { echo "peers: needs target/release/newsdex, pkg/ and node_modules: run ./build.sh" >&2; exit 1; }
# A snapshot of both, so that a rebuild by someone else during the run cannot mix versions.
snapshot=bench/out/peers/newsdex
rm -rf "$snapshot" && mkdir -p "$snapshot"
cp -r pkg "$snapshot/pkg" && cp target/release/newsdex "$snapshot/newsdex"

# The peers, at the versions in bench/peers/package-lock.json.
if [ ! -f bench/peers/node_modules/.package-lock.json ] \
  || [ bench/peers/package-lock.json -nt bench/peers/node_modules/.package-lock.json ]; then
  (cd bench/peers && npm ci --no-audit --no-fund)
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "peers: installing Debian's chromium for Pagefind" >&2
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi

node bench/peers/run.mjs "${args[@]}"
