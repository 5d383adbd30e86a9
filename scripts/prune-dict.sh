#!/usr/bin/env bash
# Regenerates dict/jieba-pruned.txt from jieba-rs' bundled dictionary (MIT, github.com/messense/jieba-rs).
# Keeps words with frequency >= MIN (default 20): ~80k words, 0.9 MB, loads in ~16 ms natively, and no
# zstd/include-flate dependency (which would need clang for wasm builds).
set -euo pipefail
MIN=${MIN:-20}
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/jieba-rs-0.11.0/src/data/dict.txt | head -n1)
cd "$(dirname "$0")/.."
awk -v t="$MIN" '$2>=t {print $1" "$2}' "$src" > dict/jieba-pruned.txt
wc -l dict/jieba-pruned.txt
