#!/usr/bin/env bash
# tests/realworld/install.sh — the Debian packages the real-code suites need
# (tests/realworld/run.sh). Idempotent: installs only what is missing and runs
# `apt-get update` first only then. Offline for cargo: every crate comes from
# Debian's librust-*-dev packages (sources under /usr/share/cargo/registry).
#
#   librust-rusqlite-dev   rusqlite 0.28.0. Debian packages it with every
#                          feature's dependencies (chrono, csv, serde_json,
#                          time, url, uuid, hashlink, libsqlite3-sys 0.25 with
#                          buildtime_bindgen -> bindgen 0.60 + libclang-14-dev),
#                          so `--features modern-full` is satisfiable as is.
#   librust-flate2-dev     flate2 1.0.25 (features rust_backend, zlib, miniz-sys)
#   librust-libz-sys-dev   libz-sys 1.1.8, flate2's `zlib` feature
#   dev-dependencies       rusqlite: bencher doc-comment lazy_static regex
#                          tempfile unicase uuid(+v4); flate2: quickcheck rand
#   C libraries            libsqlite3-dev zlib1g-dev pkg-config
#   libclang-14-dev        bindgen 0.60 (modern_sqlite) needs a libclang older
#                          than 16; run.sh points LIBCLANG_PATH at llvm-14
# Checked: none of this removes or replaces ffisan's own packages (libunwind-dev
# stays; libunwind-14-dev, which conflicts with it, is not pulled in).
set -eu
PKGS="librust-rusqlite-dev librust-flate2-dev librust-libz-sys-dev
  librust-bencher-dev librust-doc-comment-dev librust-lazy-static-dev
  librust-regex-dev librust-tempfile-dev librust-unicase-dev librust-uuid-dev
  librust-quickcheck-dev librust-rand-dev
  libsqlite3-dev zlib1g-dev pkg-config libclang-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "realworld: installing:$missing" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
