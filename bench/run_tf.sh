#!/usr/bin/env bash
# Measures ndlint's HCL mode (Terraform sources, no plan) on one core: 1,000 generated `.tf`
# files, and a `for_each` over 10,000 keys; prints wall time and peak RSS of each.
# usage: bench/run_tf.sh [FILES [KEYS]]   (default 1000 10000); NDLINT=path/to/ndlint to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-1000}
keys=${2:-10000}
out=${TMPDIR:-/tmp}/ndlint-bench/tf-$files-$keys
[ -d "$out" ] || python3 bench/generate_tf.py "$out" "$files" "$keys"
if [ -z "${NDLINT:-}" ]; then
  cargo build --release --quiet
  NDLINT=$(realpath "${CARGO_TARGET_DIR:-target}/release/ndlint")
fi
cd "$out"
git init -q . 2>/dev/null || true
for dir in roots for_each; do
  "$NDLINT" check "$dir" -j 1 --fail-on never -f json >/dev/null 2>&1   # warm the page cache
  /usr/bin/time -v "$NDLINT" check "$dir" -j 1 --fail-on never -f json >report.json 2>time.txt
  secs=$(grep 'Elapsed (wall clock)' time.txt | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' time.txt | awk '{print $NF}')
  n=$(python3 -c 'import json; print(len(json.load(open("report.json"))["findings"]))')
  awk -v d="$dir" -v s="$secs" -v r="$rss" -v n="$n" \
    'BEGIN { printf "%s: wall=%.2fs peak_rss=%.0f MB findings=%d (1 thread)\n", d, s, r / 1024, n }'
done
