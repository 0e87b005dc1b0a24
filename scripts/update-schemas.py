#!/usr/bin/env python3
"""Regenerate ndlint's embedded Kubernetes schemas (src/schema/data/).

Downloads the PyPI wheel `kubernetes-validate` (Apache-2.0) with `pip download --no-deps`, takes
`_definitions.json` from the `vX.Y.0-local-strict` folder of each minor version listed below, strips
the `description` annotations (and other annotations validation never reads), minifies it with sorted
keys, gzips it reproducibly, and writes `src/schema/data/v1.NN.json.gz` plus `manifest.json`
recording the wheel's version and sha256.

Run it from anywhere: `python3 scripts/update-schemas.py [--wheel PATH] [--version 1.37.0]`.
This is a maintenance script, never run by the build: the output is committed.
"""

import argparse
import gzip
import hashlib
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

# Minor versions to embed; keep the newest few. Update together with the wheel.
MINORS = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]

# Annotation keywords that no validator reads; dropped wherever they are schema keywords.
DROP_KEYWORDS = {
    "description",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type",
    "x-kubernetes-map-type",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-unions",
}

# Keywords whose value maps names to schemas (the names are data, not keywords).
SCHEMA_MAPS = {"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"}
# Keywords whose value is data, never a schema.
DATA_KEYWORDS = {"enum", "const", "default", "examples", "x-kubernetes-group-version-kind", "required"}

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "schema" / "data"


def strip(schema):
    """Returns a copy of a schema without annotation keywords; property names are kept."""
    if isinstance(schema, list):
        return [strip(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in DROP_KEYWORDS and not isinstance(value, dict):
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: strip(sub) for name, sub in value.items()}
        elif key in DATA_KEYWORDS:
            out[key] = value
        else:
            out[key] = strip(value)
    return out


def download(version):
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="ndlint-schemas-"))
    spec = "kubernetes-validate" + (f"=={version}" if version else "")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(tmp), spec],
        check=True,
    )
    wheels = sorted(tmp.glob("kubernetes_validate-*.whl"))
    if not wheels:
        sys.exit("pip download produced no wheel")
    return wheels[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="use this wheel instead of downloading one")
    parser.add_argument("--version", help="kubernetes-validate version to download (default: latest)")
    args = parser.parse_args()

    wheel = pathlib.Path(args.wheel) if args.wheel else download(args.version)
    data = wheel.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    wheel_version = wheel.name.split("-")[1]

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("v*.json.gz"):
        old.unlink()
    manifest = {
        "source": "https://pypi.org/project/kubernetes-validate/",
        "wheel": wheel.name,
        "wheel_version": wheel_version,
        "wheel_sha256": sha256,
        "licence": "Apache-2.0",
        "transform": "local-strict/_definitions.json, annotations stripped, minified with sorted keys, gzip -9",
        "versions": [],
    }
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for minor in MINORS:
            member = f"kubernetes_validate/kubernetes-json-schema/v{minor}.0-local-strict/_definitions.json"
            try:
                raw = z.read(member)
            except KeyError:
                sys.exit(f"{wheel.name} has no {member}; edit MINORS")
            defs = strip(json.loads(raw))
            text = json.dumps(defs, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
                gz.write(text)
            name = f"v{minor}.json.gz"
            (OUT / name).write_bytes(buf.getvalue())
            manifest["versions"].append(
                {
                    "version": minor,
                    "file": name,
                    "definitions": len(defs.get("$defs", {})),
                    "source_bytes": len(raw),
                    "minified_bytes": len(text),
                    "gzip_bytes": len(buf.getvalue()),
                    "sha256": hashlib.sha256(buf.getvalue()).hexdigest(),
                }
            )
            print(f"v{minor}: {len(raw)} -> {len(text)} -> {len(buf.getvalue())} bytes", file=sys.stderr)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
