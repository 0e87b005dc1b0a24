#!/usr/bin/env bash
# Side by side with Checkov: both tools lint the same 2,000 documents of the finding-dense corpus
# (bench/generate.py dense), and the script prints their wall-clock times and the ratio.
# Checkov is installed from PyPI, pinned, into a virtualenv under /tmp on first use.
#
# usage: bench/checkov.sh [DOCUMENTS]      (default 2000)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
docs=${1:-2000}
version=3.3.30
venv=${TMPDIR:-/tmp}/ndlint-checkov-$version
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/ndlint-bench}
corpus=$dir/dense-$docs

if [ ! -x "$venv/bin/checkov" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "checkov==$version"
fi
# NDLINT=path/to/ndlint skips the build and measures that binary.
bin=${NDLINT:-}
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build --release --quiet)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/ndlint"
fi
[ -d "$corpus" ] || python3 "$repo/bench/generate.py" dense "$corpus" "$docs" >&2
mkdir -p "$dir/out"
cd "$dir" # outside the repository: its .ndlint.yaml does not apply
find "$corpus" -type f -exec cat {} + >/dev/null

seconds() { # COMMAND... -> wall-clock seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true # both exit non-zero when they find something
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

checkov=$(seconds "$venv/bin/checkov" --directory "$corpus" --framework kubernetes --skip-download \
  --quiet --compact --output sarif --output-file-path "$dir/out/checkov")
ndlint=$(seconds "$bin" check "$corpus" -j 2 -f sarif -o "$dir/out/ndlint.sarif")
checkov_results=$(python3 -c 'import json,sys; print(sum(len(r["results"]) for r in json.load(open(sys.argv[1]))["runs"]))' "$dir/out/checkov/results_sarif.sarif" 2>/dev/null || echo "?")
ndlint_results=$(python3 -c 'import json,sys; print(sum(len(r["results"]) for r in json.load(open(sys.argv[1]))["runs"]))' "$dir/out/ndlint.sarif")
echo "$docs documents in $(find "$corpus" -type f | wc -l) files, $(nproc) cores"
echo "checkov $version (kubernetes framework): ${checkov} s, $checkov_results results"
echo "ndlint $("$bin" --version | awk '{print $2}') (-j 2, default configuration): ${ndlint} s, $ndlint_results results"
awk -v c="$checkov" -v n="$ndlint" 'BEGIN { printf "ratio: ndlint is %.0f× faster\n", c / n }'
