#!/usr/bin/env bash
# Installs the Debian packages ffisan needs to build and test. Idempotent:
# installs only what is missing, runs `apt-get update` first when it must.
set -eu
PKGS="libunwind-dev uthash-dev libcriterion-dev libdw-dev libelf-dev libiberty-dev pkg-config clang-22 llvm-22-dev libclang-rt-22-dev afl++"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "ffisan: installing:$missing" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
