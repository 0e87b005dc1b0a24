#!/usr/bin/env bash
# Benchmarks ndlint on generated trees (bench/generate.py) with a release build: for each scenario,
# documents per second with -j 1 and -j 2 and the peak RSS (/usr/bin/time -v), SARIF output unless
# the scenario says otherwise. Prints one Markdown table row per scenario.
#
# usage: bench/run.sh [SCENARIO...]        (default: all of them, in this order)
#   dense        finding-dense corpus, 20,000 documents: built-in rules + schemas (--no-builtin-policies)
#   dense-pack   the same with the embedded NORMAL DANCE pack on (`policies.builtin: true`)
#   human        dense, human format to /dev/null (default configuration)
#   hardened     hardened corpus of 20,000 documents, almost no findings (default configuration)
#   kustomize    8 bases, 6 components, 32 overlays rendered by kustomize (default configuration)
#   gatekeeper   this repository's policies/ (Rego + Gatekeeper templates and constraints) over dense
#   bigfile      a single multi-document file of at least 50 MB (default configuration)
#   bigfile-parse  the same file, parse only (--select parse-error --no-builtin-policies)
#   memory       50,000 documents of dense's shape (default configuration)
# DOCS=N scales the dense, hardened and gatekeeper corpora (e.g. DOCS=2000 for a quick try);
# BENCH_DIR (default ${TMPDIR:-/tmp}/ndlint-bench) holds the corpora, generated once.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
docs=${DOCS:-20000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/ndlint-bench}
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dense dense-pack human hardened kustomize gatekeeper bigfile bigfile-parse memory)

# NDLINT=path/to/ndlint skips the build and measures that binary.
bin=${NDLINT:-}
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build --release --quiet)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/ndlint"
fi
mkdir -p "$dir/out"
# Corpora live outside the repository and runs start in $dir: no .ndlint.yaml of this repository
# (its policies, charts and overlays) applies unless a scenario asks for it.
cd "$dir"

corpus() { # KIND DOCUMENTS -> path of the generated tree
  local path="$dir/$1-$2"
  [ -d "$path" ] || python3 "$repo/bench/generate.py" "$1" "$path" "$2" >&2
  find "$path" -type f -exec cat {} + >/dev/null # warm the page cache
  echo "$path"
}

# measure THREADS FORMAT ARGS... -> "seconds rss_kb documents findings"
measure() {
  local threads=$1 format=$2
  shift 2
  /usr/bin/time -v "$bin" check -j "$threads" -f "$format" --fail-on never "$@" \
    >"$dir/out/report.$format" 2>"$dir/out/time.txt" || {
    cat "$dir/out/time.txt" >&2
    return 1
  }
  local t=$dir/out/time.txt
  awk '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /Maximum resident set size/ { rss = $NF }
    / documents?$/ || / documents?,/ { for (i = 1; i <= NF; i++) { if ($(i + 1) ~ /^documents?/) d = $i; if ($(i + 1) ~ /^findings?/) f = $i } }
    /^✔|no findings/ { if (f == "") f = 0 }
    END { printf "%s %s %s %s\n", s, rss, d, f }' "$t"
}

# row LABEL FORMAT ARGS... : runs -j 1 and -j 2 and prints a table row
row() {
  local label=$1 format=$2
  shift 2
  read -r s1 r1 d f < <(measure 1 "$format" "$@")
  read -r s2 r2 _ _ < <(measure 2 "$format" "$@")
  awk -v l="$label" -v d="$d" -v f="$f" -v s1="$s1" -v s2="$s2" -v r1="$r1" -v r2="$r2" 'BEGIN {
    printf "| %s | %d | %d (%.1f/doc) | %.2f s — %.0f docs/s | %.2f s — %.0f docs/s (%.2f×) | %.0f / %.0f MB |\n",
      l, d, f, (d ? f / d : 0), s1, d / s1, s2, d / s2, s1 / s2, r1 / 1024, r2 / 1024 }'
}

echo "ndlint $("$bin" --version | awk '{print $2}'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| run | documents | findings | -j 1 | -j 2 | peak RSS (-j 1 / -j 2) |"
echo "|---|---|---|---|---|---|"
for s in "${scenarios[@]}"; do
  case $s in
    dense) row "(a) dense, built-in rules + schemas" sarif "$(corpus dense "$docs")" --no-builtin-policies ;;
    dense-pack)
      printf 'policies:\n  builtin: true\n' >"$dir/pack.ndlint.yaml"
      row "(a) dense, + NORMAL DANCE pack (policies.builtin: true)" sarif "$(corpus dense "$docs")" -c "$dir/pack.ndlint.yaml" ;;
    human) row "(a) dense, human format to /dev/null" human "$(corpus dense "$docs")" -o /dev/null ;;
    hardened) row "(b) hardened" sarif "$(corpus hardened "$docs")" ;;
    kustomize)
      k=$(corpus kustomize 0)
      (cd "$k" && row "(c) kustomize: 32 overlays, 6 components" sarif .)
      ;;
    gatekeeper) row "(d) dense + this repository's policies/" sarif "$(corpus dense "$docs")" -p "$repo/policies" ;;
    bigfile) row "(e) one 50 MB file" sarif "$(corpus bigfile 0)/all.yaml" ;;
    bigfile-parse) row "(e) the same, parse only" sarif "$(corpus bigfile 0)/all.yaml" --select parse-error --no-builtin-policies ;;
    memory) row "(f) dense, 50,000 documents" sarif "$(corpus dense 50000)" ;;
    *) echo "unknown scenario $s (see the head of $0)" >&2; exit 2 ;;
  esac
done
