#!/usr/bin/env bash
# tests/cargo/run.sh — ffisan as a cargo test runner, on tests/cargo/ffidemo
# (a Rust crate over a C static library built by its build.rs).
#
# Checks:
#   1. the crate builds offline (private target dir under build/cargo);
#   2. natively, `cargo test` passes, with and without FFIDEMO_PLANT_BUG=1
#      (the planted bug is silent without ffisan);
#   3. under ffisan as the cargo runner, the clean suite passes (default
#      multi-threaded harness) and prints nothing from FFISan;
#   4. with FFIDEMO_PLANT_BUG=1 under ffisan, the test binary fails with
#      "ERROR: FFISan: alloc-dealloc-mismatch" and a frame naming the test.
#
# The runner is set through the environment here:
#   CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER=/path/to/ffisan/scripts/ffisan-run
# The same thing in a project's .cargo/config.toml:
#   [target.x86_64-unknown-linux-gnu]
#   runner = "/path/to/ffisan/scripts/ffisan-run"
# (or, for every target:  [target.'cfg(all())']  runner = "...").
# Options go after the path, e.g. runner = ["/path/to/ffisan-run", "--halt_on_error=0"].
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
crate=$root/tests/cargo/ffidemo
runner=$root/scripts/ffisan-run
lib=${FFISAN_LIB:-$root/build/libffisan.so}
logs=$root/build/cargo/logs
export CARGO_TARGET_DIR=$root/build/cargo/target
mkdir -p "$logs" || exit 1

host=$(rustc -vV | sed -n 's/^host: //p')
runner_var=CARGO_TARGET_$(printf '%s' "$host" | tr 'a-z.-' 'A-Z__')_RUNNER

passed=0 failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL: $1"
  failed=$((failed + 1))
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    echo "    --- last 25 lines of ${2#"$root"/} ---"
    tail -n 25 "$2" | sed 's/^/    /'
  fi
}

# cargo_test LOG [VAR=VALUE ...] : run `cargo test --offline` in the crate
# (stdout and stderr, including the test binaries' stderr, go to LOG).
cargo_test() {
  local log=$1; shift
  (cd "$crate" && env -u LD_PRELOAD -u FFISAN_OPTIONS -u FFIDEMO_PLANT_BUG "$@" \
    cargo test --offline --quiet) >"$log" 2>&1
}

# 1. build
if (cd "$crate" && env -u LD_PRELOAD cargo test --offline --no-run) >"$logs/build.log" 2>&1; then
  pass "ffidemo builds offline (C static library from build.rs)"
else
  fail "ffidemo builds offline" "$logs/build.log"
  echo "$passed passed, $failed failed"
  exit 1
fi

# 2. native
if cargo_test "$logs/native.log"; then
  pass "native cargo test"
else
  fail "native cargo test" "$logs/native.log"
fi
if cargo_test "$logs/native-planted.log" FFIDEMO_PLANT_BUG=1; then
  pass "native cargo test with the planted bug passes (the bug is silent natively)"
else
  fail "native cargo test with the planted bug" "$logs/native-planted.log"
fi

# 3 + 4. under ffisan
if [ ! -f "$lib" ]; then
  fail "ffisan runs: ${lib#"$root"/} not built (run 'make')"
  fail "ffisan planted bug: ${lib#"$root"/} not built (run 'make')"
else
  log=$logs/ffisan.log
  if cargo_test "$log" "$runner_var=$runner"; then
    if grep -q 'FFISan' "$log"; then
      fail "ffisan cargo test (clean): FFISan output on a clean suite" "$log"
    else
      pass "ffisan cargo test (clean, multi-threaded harness): exit 0, no reports"
    fi
  else
    fail "ffisan cargo test (clean) exited non-zero" "$log"
  fi

  log=$logs/ffisan-planted.log
  if cargo_test "$log" "$runner_var=$runner" FFIDEMO_PLANT_BUG=1; then
    fail "ffisan cargo test with the planted bug: expected failure, got exit 0" "$log"
  elif ! grep -q 'ERROR: FFISan: alloc-dealloc-mismatch' "$log"; then
    fail "ffisan planted bug: no 'ERROR: FFISan: alloc-dealloc-mismatch' line" "$log"
  elif ! grep -Eq '^ *#[0-9]+ .*planted_free_of_rust_cstring_by_c' "$log"; then
    fail "ffisan planted bug: no frame naming planted_free_of_rust_cstring_by_c" "$log"
  else
    pass "ffisan cargo test with the planted bug: alloc-dealloc-mismatch reported in the test"
    grep -E 'ERROR: FFISan|planted_free_of_rust_cstring_by_c|SUMMARY: FFISan' "$log" |
      head -n 4 | sed 's/^/    /'
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
