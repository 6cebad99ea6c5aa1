#!/usr/bin/env bash
# tests/demo/run.sh — `make demo`: ffisan on a small Rust program + C library
# (tests/demo/settings.rs, tests/demo/settings.c) where Rust hands C a
# CString::into_raw name and C later releases it with free().
# Exits 0 when ffisan reports the expected alloc-dealloc-mismatch.
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
out=$root/build/demo
bin=$out/settings
mkdir -p "$out" || exit 1

# Built from the repo root with relative source paths, so reports name
# tests/demo/settings.{c,rs}.
(cd "$root" &&
  cc -O0 -g -c tests/demo/settings.c -o "$out/settings.o" &&
  rm -f "$out/libsettings.a" && ar crs "$out/libsettings.a" "$out/settings.o" &&
  rustc -C opt-level=0 -g --edition 2021 -L "native=$out" -l static=settings \
    tests/demo/settings.rs -o "$bin") ||
  { echo "demo: build failed" >&2; exit 1; }

cat <<'EOF'
== ffisan demo: a Rust string released by C's free() ==

tests/demo/settings.rs hands a name made with CString::into_raw (Rust's
allocator) to the C library (settings_set_name); C keeps it and later
releases it with free() in settings_free. Natively it runs "fine", because
Rust's default allocator happens to be malloc:

EOF
echo "  \$ build/demo/settings"
env -u LD_PRELOAD "$bin" 2>&1 | sed 's/^/  /'

echo
echo "Now under ffisan:"
echo
echo "  \$ scripts/ffisan-run build/demo/settings"
env -u FFISAN_OPTIONS "$root/scripts/ffisan-run" "$bin" >"$out/settings.stdout" 2>"$out/settings.stderr"
rc=$?
sed 's/^/  /' "$out/settings.stdout" "$out/settings.stderr"
echo "  (exit status $rc)"
echo

if grep -q 'ERROR: FFISan: alloc-dealloc-mismatch' "$out/settings.stderr"; then
  cat <<'EOF'
ffisan stopped the program at the free() and showed where the block was
allocated (Rust) and where it was released (C). Fix: give C memory from C's
allocator (e.g. strdup the name), or let C hand the pointer back to Rust
(CString::from_raw) to release it.

demo: OK (alloc-dealloc-mismatch reported as expected)
EOF
  exit 0
fi
echo "demo: FAILED — expected an 'ERROR: FFISan: alloc-dealloc-mismatch' report (exit status $rc)" >&2
exit 1
