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

suites=0 suites_ok=0 cases_ok=0 cases=0
while IFS= read -r suite; do
  dir=$(dirname "$suite")
  suites=$((suites + 1))
  out="$log/suite-$suites.txt"
  if "$ndlint" test "$dir" >"$out" 2>&1; then
    suites_ok=$((suites_ok + 1))
  else
    echo "suite failed: $dir" >&2
    grep -E '^(FAIL|error)' "$out" | head -5 >&2 || true
  fi
  line=$(grep -E '^[0-9]+ suite cases:' "$out" || true)
  if [[ $line =~ ^([0-9]+)\ suite\ cases:\ ([0-9]+)\ passed ]]; then
    cases=$((cases + BASH_REMATCH[1]))
    cases_ok=$((cases_ok + BASH_REMATCH[2]))
  fi
done < <(find "$lib/library" -name suite.yaml | sort)

tests=0 tests_ok=0 dirs=0 dirs_ok=0
while IFS= read -r dir; do
  dirs=$((dirs + 1))
  out="$log/unit-$dirs.txt"
  if "$ndlint" test "$dir" >"$out" 2>&1; then
    dirs_ok=$((dirs_ok + 1))
  else
    echo "unit tests failed: $dir" >&2
    grep -E '^(FAIL|ERROR|error)' "$out" | head -5 >&2 || true
  fi
  line=$(grep -E '^[0-9]+ tests:' "$out" || true)
  if [[ $line =~ ^([0-9]+)\ tests:\ ([0-9]+)\ passed ]]; then
    tests=$((tests + BASH_REMATCH[1]))
    tests_ok=$((tests_ok + BASH_REMATCH[2]))
  fi
done < <(find "$lib/src" -name '*_test.rego' -exec dirname {} \; | sort -u)

echo "gator suites: $suites_ok of $suites pass (cases: $cases_ok of $cases)"
echo "Rego unit tests: $tests_ok of $tests pass ($dirs_ok of $dirs directories)"
echo "logs: $log"
