#!/usr/bin/env bash
# Measures ndlint throughput on a generated manifest tree with all rules and SARIF output.
# usage: bench/run.sh [DOCUMENTS [NDLINT-FLAGS...]]   (default 50000), e.g.
#        bench/run.sh 50000 --no-builtin-policies
# prints documents/s per thread count and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-50000}
shift || true
# Outside the repository, so that its .ndlint.yaml (policies, overlays) does not apply.
out=${TMPDIR:-/tmp}/ndlint-bench/corpus-$docs
[ -d "$out" ] || python3 bench/generate.py "$out" "$docs" >/dev/null
cargo build --release --quiet
bin=$(realpath "${CARGO_TARGET_DIR:-target}/release/ndlint")
# Run from the corpus' directory: this repository's .ndlint.yaml (policies, overlays) must not apply.
cd "$(dirname "$out")"
mkdir -p bench/out
for threads in 1 2; do
  # Warm the page cache, then measure.
  "$bin" check "$out" -j "$threads" -f sarif --fail-on never "$@" >/dev/null 2>&1
  /usr/bin/time -v "$bin" check "$out" -j "$threads" -f sarif --fail-on never "$@" \
    >bench/out/report.sarif 2>bench/out/time.txt
  secs=$(grep 'Elapsed (wall clock)' bench/out/time.txt | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' bench/out/time.txt | awk '{print $NF}')
  documents=$(grep -o '[0-9]* documents' bench/out/time.txt | head -1 | awk '{print $1}')
  awk -v d="$documents" -v s="$secs" -v r="$rss" -v t="$threads" \
    'BEGIN { printf "threads=%d documents=%d wall=%.2fs throughput=%.0f docs/s peak_rss=%.0f MB\n", t, d, s, d / s, r / 1024 }'
done
