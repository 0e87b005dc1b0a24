#!/usr/bin/env bash
# Installs the released ndlint binary of this checkout's version into BIN_DIR, verified against the
# SHA-256 digests committed in this repository (release/v<version>.sha256), so that a SHA-pinned
# action pins the binary too. Used by action.yml; tested by tests/it/install.rs.
# Usage: scripts/install-release.sh BIN_DIR
#   NDLINT_RELEASE_URL  where releases live (default https://github.com/normaldance/ndlint/releases/download);
#                       assets are fetched from $NDLINT_RELEASE_URL/v<version>/<asset> (file:// works)
#   NDLINT_TARGET       the target triple (default: this machine's)
# Exit codes: 0 installed; 3 no release matches this version (no committed digests, or no such
# asset): the caller builds from source instead; 1 anything else, a digest mismatch above all.
set -euo pipefail
dest=${1:?usage: install-release.sh BIN_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
base=${NDLINT_RELEASE_URL:-https://github.com/normaldance/ndlint/releases/download}
digests="$root/release/v$version.sha256"

if [ -z "${NDLINT_TARGET:-}" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) NDLINT_TARGET=x86_64-unknown-linux-gnu ;;
    Linux-aarch64 | Linux-arm64) NDLINT_TARGET=aarch64-unknown-linux-gnu ;;
    Darwin-arm64) NDLINT_TARGET=aarch64-apple-darwin ;;
    Darwin-x86_64) NDLINT_TARGET=x86_64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) NDLINT_TARGET=x86_64-pc-windows-msvc ;;
    *) echo "ndlint: no release binary for $(uname -s) $(uname -m)" >&2; exit 3 ;;
  esac
fi
case "$NDLINT_TARGET" in
  *windows*) asset="ndlint-$version-$NDLINT_TARGET.zip"; exe=ndlint.exe ;;
  *) asset="ndlint-$version-$NDLINT_TARGET.tar.gz"; exe=ndlint ;;
esac

if [ ! -f "$digests" ]; then
  echo "ndlint: no release digests for v$version in this checkout (release/v$version.sha256)" >&2
  exit 3
fi
want=$(awk -v a="$asset" '$2 == a || $2 == "*"a { print $1 }' "$digests")
if [ -z "$want" ]; then
  echo "ndlint: release/v$version.sha256 lists no $asset" >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url="$base/v$version/$asset"
if ! curl --fail --silent --show-error --location --retry 3 --output "$work/$asset" "$url"; then
  echo "ndlint: cannot download $url" >&2
  exit 3
fi
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$work/$asset" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$work/$asset" | awk '{ print $1 }')
fi
if [ "$got" != "$want" ]; then
  echo "ndlint: checksum mismatch for $asset: expected sha256 $want (release/v$version.sha256), got $got; not installing it" >&2
  exit 1
fi
mkdir -p "$work/x" "$dest"
case "$asset" in
  *.zip) python3 -m zipfile -e "$work/$asset" "$work/x" ;;
  *) tar -xzf "$work/$asset" -C "$work/x" ;;
esac
install -m 755 "$work/x/$exe" "$dest/$exe"
echo "ndlint: installed $asset (sha256 $got) into $dest" >&2
