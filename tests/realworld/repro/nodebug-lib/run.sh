#!/usr/bin/env bash
# Reproducer: ffisan reports about a C library built WITHOUT debug info.
#   1. leak mode: the report says "allocated by Rust (malloc)"; the block was
#      made by C (strdup in name_dup, libname.so) and returned to Rust.
#      Expected: "allocated by C (malloc), last owned by Rust".
#   2. double mode: the same PC in name_free is printed as
#      "name_free (libname.so+0x114a)" in the error stack, but as
#      "(libname.so+0x814a)" -- wrong offset, no name -- in the "freed by" and
#      "previously allocated by" stacks.
# Usage: tests/realworld/repro/nodebug-lib/run.sh   (needs build/libffisan.so)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=$root/build/realworld/repro/nodebug-lib
mkdir -p "$out"
gcc -O0 -fPIC -shared -o "$out/libname.so" "$here/name.c"          # no -g
rustc --edition 2021 -g -o "$out/main" "$here/main.rs" -L "$out" -l name -C "link-arg=-Wl,-rpath,$out"
for mode in leak double; do
  echo "== $mode"
  "$root/scripts/ffisan-run" "$out/main" "$mode" 2>&1 |
    grep -E 'ERROR: FFISan|leak of|by .* here:|libname|SUMMARY' || true
done
