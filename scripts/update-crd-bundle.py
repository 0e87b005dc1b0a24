#!/usr/bin/env python3
"""Regenerate ndlint's embedded CRD schema bundle (src/schema/data/crds.jsonl.gz).

Reads a CRD schema catalog laid out like datreeio/CRDs-catalog (`<group>/<kind>_<version>.json`,
JSON schemas generated from each project's CustomResourceDefinitions), strips the annotation
keywords validation never reads (`description` and friends, the same set as
`scripts/update-schemas.py`, plus CEL `x-kubernetes-validations`, which a JSON Schema validator
ignores) — properties that happen to be named `description` are kept — minifies each schema with
sorted keys and writes one gzipped JSON-lines file: `<group>/<kind>_<version>\\t<schema>` per line,
sorted, plus `crds-manifest.json` recording the source, its licence and the sizes.

Run it from anywhere: `python3 scripts/update-crd-bundle.py [CATALOG_DIR]` (default
`../shared/crds-catalog` next to the repository). A maintenance script, never run by the build:
the output is committed, so a fresh clone builds without the catalog.
"""

import gzip
import hashlib
import importlib.util
import io
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "schema" / "data"

# One definition of "strip annotations": the Kubernetes schema generator's.
_spec = importlib.util.spec_from_file_location("update_schemas", pathlib.Path(__file__).with_name("update-schemas.py"))
update_schemas = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_schemas)
update_schemas.DROP_KEYWORDS.add("x-kubernetes-validations")


def main():
    catalog = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "crds-catalog"
    files = sorted(catalog.glob("*/*.json"))
    if not files:
        sys.exit(f"{catalog}: no <group>/<kind>_<version>.json schemas")
    lines = []
    source_bytes = 0
    groups = set()
    for path in files:
        raw = path.read_bytes()
        source_bytes += len(raw)
        schema = update_schemas.strip(json.loads(raw))
        key = f"{path.parent.name}/{path.stem}"
        if "\t" in key or "\n" in key:
            sys.exit(f"{path}: unusable name")
        groups.add(path.parent.name)
        lines.append(key + "\t" + json.dumps(schema, separators=(",", ":"), sort_keys=True, ensure_ascii=False))
    text = ("\n".join(lines) + "\n").encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "crds.jsonl.gz").write_bytes(buf.getvalue())
    readme = (catalog / "README.md").read_text() if (catalog / "README.md").exists() else ""
    commit = re.search(r"commit\s+([0-9a-f]{40})", readme)
    licence = catalog / "LICENSE"
    manifest = {
        "source": "https://github.com/datreeio/CRDs-catalog",
        "commit": commit.group(1) if commit else None,
        "licence": licence.read_text() if licence.exists() else None,
        "transform": "annotation keywords (description, x-kubernetes-list-*, x-kubernetes-validations, ...) "
        "stripped, minified with sorted keys, one `<group>/<kind>_<version>\\t<schema>` line each, gzip -9",
        "schemas": len(lines),
        "groups": len(groups),
        "source_bytes": source_bytes,
        "minified_bytes": len(text),
        "gzip_bytes": len(buf.getvalue()),
        "sha256": hashlib.sha256(buf.getvalue()).hexdigest(),
    }
    (OUT / "crds-manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{len(lines)} schemas of {len(groups)} groups: {source_bytes} -> {len(text)} -> {len(buf.getvalue())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
