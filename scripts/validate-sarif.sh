#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux, a
# self-contained linux x86-64 binary), with its GitHub (GH) and SARIF rules, and fails on any error
# or warning it reports. The Multitool exits 0 even when it finds errors, so its output SARIF is read.
# Its note that the `$schema` URI cannot be fetched is expected offline and, like every note, ignored.
# Usage: scripts/validate-sarif.sh FILE|DIR...
set -euo pipefail
version=5.7.0
tools=${NDLINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ndlint-ci}
mt="$tools/sarif-multitool-$version/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$mt" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools/sarif-multitool-$version" \
    "@microsoft/sarif-multitool-linux@$version" >/dev/null
fi
files=()
for arg in "$@"; do
  if [ -d "$arg" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$arg" -name '*.sarif' | sort)
  else
    files+=("$arg")
  fi
done
[ "${#files[@]}" -gt 0 ] || { echo "validate-sarif: no SARIF files given" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One Multitool run for all files: each run spends seconds starting up and trying to reach `$schema`.
DOTNET_CLI_TELEMETRY_OPTOUT=1 "$mt" validate "${files[@]}" --rule-kind "Gh;Sarif" --level "Error;Warning;Note" \
  -o "$out/validation.sarif" --log ForceOverwrite >"$out/log.txt" 2>&1 || { cat "$out/log.txt"; exit 1; }
python3 - "$out/validation.sarif" "${#files[@]}" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = []
for run in log["runs"]:
    for r in run.get("results", []):
        level = r.get("level", "warning")
        if level in ("error", "warning"):
            loc = r.get("locations", [{}])[0].get("physicalLocation", {})
            where = loc.get("artifactLocation", {}).get("uri", "?")
            line = loc.get("region", {}).get("startLine", "?")
            bad.append(f"{where}:{line}: {level} {r.get('ruleId')}: {r['message'].get('text', r['message'])}")
    for n in run.get("invocations", [{}])[0].get("toolExecutionNotifications", []):
        if n.get("level") == "error":
            bad.append(f"error: {n['message']['text']}")
notes = sum(1 for run in log["runs"] for r in run.get("results", []) if r.get("level") == "note")
if bad:
    print("\n".join(bad))
    print(f"SARIF Multitool: {len(bad)} errors or warnings in {sys.argv[2]} files")
    sys.exit(1)
print(f"SARIF Multitool: {sys.argv[2]} files valid, no error or warning ({notes} notes)")
PY
