#!/usr/bin/env bash
# Copies the SARIF 2.1.0 JSON schema (OASIS SARIF TC, as published by SchemaStore: 2.1.0-rtm.5)
# from ../shared/schemas into tests/data, so that `cargo test` validates SARIF on any clone.
set -euo pipefail
cd "$(dirname "$0")/.."
cp ../shared/schemas/sarif-schema-2.1.0.json tests/data/sarif-schema-2.1.0.json
chmod 644 tests/data/sarif-schema-2.1.0.json
