#!/usr/bin/env bash
# install-sarif-validator.sh — what the SARIF checks of the e2e suite need,
# installed once (idempotent, like scripts/install-deps.sh):
#  - the SARIF 2.1.0 JSON schema (draft-04), taken from the npm package
#    @microsoft/sarif-matcher-utils (MIT licence), which ships it as
#    lib/schemas/sarif-2.1.0-rtm.5.json; pinned by version and sha256;
#  - a Python 3 with the jsonschema module: the machine's python3 if it has
#    it, else Debian's python3-jsonschema for /usr/bin/python3.
# Writes build/tools/sarif/schema.json and build/tools/sarif/python (the
# interpreter to use). Quiet on success. Safe to run concurrently.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$root/build/tools/sarif
pkg=@microsoft/sarif-matcher-utils@1.0.0-beta.0
member=package/lib/schemas/sarif-2.1.0-rtm.5.json
sha=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
mkdir -p "$dir"
exec 8> "$dir/.lock"
flock 8

if ! echo "$sha  $dir/schema.json" | sha256sum -c --quiet --status 2>/dev/null; then
  command -v npm > /dev/null || { echo "install-sarif-validator: npm not found" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg" > /dev/null)
  tar xzf "$tmp"/*.tgz -C "$tmp" "$member"
  if ! echo "$sha  $tmp/$member" | sha256sum -c --quiet --status; then
    echo "install-sarif-validator: $pkg: schema checksum mismatch" >&2; exit 1
  fi
  cp "$tmp/$member" "$dir/schema.json"
fi

py=$(cat "$dir/python" 2>/dev/null || true)
if [ -z "$py" ] || ! "$py" -c 'import jsonschema' 2>/dev/null; then
  py=
  for c in python3 /usr/bin/python3; do
    if command -v "$c" > /dev/null && "$c" -c 'import jsonschema' 2>/dev/null; then
      py=$(command -v "$c"); break
    fi
  done
  if [ -z "$py" ]; then
    echo "install-sarif-validator: installing python3-jsonschema" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3-jsonschema > /dev/null
    py=/usr/bin/python3
  fi
  echo "$py" > "$dir/python"
fi
