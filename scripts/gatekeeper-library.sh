#!/usr/bin/env bash
# Runs ndlint on a local checkout of the public gatekeeper-library
# (https://github.com/open-policy-agent/gatekeeper-library; never committed here):
#   - `ndlint test` on each directory holding a `suite.yaml` under library/ (the gator suites:
#     templates, constraints, object and AdmissionReview cases);
#   - `ndlint test` on each template directory under src/ (the Rego unit tests, *_test.rego).
# Prints the pass counts recorded in docs/gatekeeper-library.md.
#
#   scripts/gatekeeper-library.sh PATH/TO/gatekeeper-library [NDLINT]
set -euo pipefail
lib=${1:?usage: $0 PATH/TO/gatekeeper-library [NDLINT]}
ndlint=${2:-target/release/ndlint}
log=$(mktemp -d)

# run DIR SUMMARY_REGEX LABEL: runs `ndlint test DIR`, counts it in dirs/dirs_ok and adds the
# "N <thing>: M passed" summary line's figures to total/ok.
dirs=0 dirs_ok=0 total=0 ok=0
run() {
  local out="$log/$((dirs + 1)).txt"
  dirs=$((dirs + 1))
  if "$ndlint" test "$1" >"$out" 2>&1; then
    dirs_ok=$((dirs_ok + 1))
  else
    echo "$3 failed: $1" >&2
    grep -E '^(FAIL|ERROR|error)' "$out" | head -5 >&2 || true
  fi
  local line
  line=$(grep -E "$2" "$out" || true)
  if [[ $line =~ ^([0-9]+)\ [a-z\ ]+:\ ([0-9]+)\ passed ]]; then
    total=$((total + BASH_REMATCH[1]))
    ok=$((ok + BASH_REMATCH[2]))
  fi
}

while IFS= read -r suite; do
  run "$(dirname "$suite")" '^[0-9]+ suite cases:' suite
done < <(find "$lib/library" -name suite.yaml | sort)
suites=$dirs suites_ok=$dirs_ok cases=$total cases_ok=$ok
dirs=0 dirs_ok=0 total=0 ok=0
while IFS= read -r dir; do
  run "$dir" '^[0-9]+ tests:' "unit tests"
done < <(find "$lib/src" -name '*_test.rego' -exec dirname {} \; | sort -u)
tests=$total tests_ok=$ok

echo "gator suites: $suites_ok of $suites pass (cases: $cases_ok of $cases)"
echo "Rego unit tests: $tests_ok of $tests pass ($dirs_ok of $dirs directories)"
echo "logs: $log"
