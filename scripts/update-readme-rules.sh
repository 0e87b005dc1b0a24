#!/usr/bin/env bash
# Regenerates the README rule table from the registry (`ndlint rules --format markdown`).
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(cargo run --quiet -- rules --format markdown)
python3 - "$table" <<'PY'
import sys
start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
text = open("README.md").read()
a, b = text.index(start) + len(start), text.index(end)
open("README.md", "w").write(text[:a] + sys.argv[1] + "\n" + text[b:])
PY
