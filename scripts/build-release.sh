#!/usr/bin/env bash
# Builds a static ndlint release binary for one target and packages it as the release asset the
# action's installer downloads: OUT_DIR/ndlint-<version>-<target>.tar.gz (.zip on Windows), holding
# `ndlint` (`ndlint.exe`) at its top level.
# Usage: scripts/build-release.sh TARGET [OUT_DIR]   (default OUT_DIR: dist)
#   NDLINT_BIN=path  package this binary instead of building (tests the packaging alone)
# Linux and Windows link the C runtime statically (`+crt-static`); macOS binaries link only the
# system libraries every macOS has.
set -euo pipefail
target=${1:?usage: build-release.sh TARGET [OUT_DIR]}
out=${2:-dist}
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
exe=ndlint
case "$target" in *windows*) exe=ndlint.exe ;; esac

bin=${NDLINT_BIN:-}
if [ -z "$bin" ]; then
  case "$target" in
    *-linux-gnu | *-windows-msvc) export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" ;;
  esac
  # With --target, RUSTFLAGS reach only the target's crates (proc-macros stay dynamic).
  cargo build --manifest-path "$root/Cargo.toml" --release --locked --target "$target"
  bin="$root/target/$target/release/$exe"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bin" "$stage/$exe"
chmod 755 "$stage/$exe"
# The release profile keeps line tables for backtraces; the asset is stripped (96 MB → 21 MB).
case "$target" in
  *windows*) ;;
  *) if command -v strip >/dev/null 2>&1; then strip "$stage/$exe"; fi ;;
esac
name="ndlint-$version-$target"
case "$target" in
  *windows*) (cd "$stage" && python3 -m zipfile -c "$out/$name.zip" "$exe") ;;
  *) tar -C "$stage" -cf - "$exe" | gzip -n -9 > "$out/$name.tar.gz" ;;
esac
ls "$out/$name".*
