#!/usr/bin/env bash
# run.sh — libFuzzer with ffisan: builds a harness for a small C library
# (label.c, calling Rust code in label_rs.rs) with `ffisan-cc
# -fsanitize=fuzzer`, lets libFuzzer find the planted alloc-dealloc-mismatch
# (bounded time), checks that ffisan's report stopped the run, that
# libFuzzer saved the crashing input, and that re-running on that input
# reproduces the report. Prints PASS/FAIL lines and "N passed, N failed".
set -u
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/fuzz
rm -rf "$out" && mkdir -p "$out/corpus" "$out/artifacts"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2" | tail -40; fail=$((fail + 1)); }

rustc -O -g --crate-type staticlib --edition 2021 "$here/label_rs.rs" -o "$out/liblabel_rs.a" 2>"$out/build.log" &&
  "$root/scripts/ffisan-cc" -g -O1 -fsanitize=fuzzer "$here/fuzz_label.c" "$here/label.c" \
    "$out/liblabel_rs.a" -lpthread -ldl -lm -o "$out/fuzz_label" 2>>"$out/build.log"
[ -x "$out/fuzz_label" ] && ok "build harness with ffisan-cc -fsanitize=fuzzer" ||
  { ko "build harness" "$out/build.log"; echo "$pass passed, $fail failed"; exit 1; }

printf 'FFIZ\003abc' > "$out/clean-input" # starts empty: libFuzzer finds "FFIZ" itself
export FFISAN_OPTIONS=abort_on_error=1
(cd "$out" && timeout 300 ./fuzz_label -seed=1 -max_total_time=120 -artifact_prefix="$out/artifacts/" \
  corpus > "$out/fuzz.log" 2>&1)
status=$?
crash=$(ls "$out"/artifacts/crash-* 2>/dev/null | head -1)
if [ "$status" -ne 0 ] && grep -q "ERROR: FFISan: alloc-dealloc-mismatch (Rust global allocator vs free)" "$out/fuzz.log"; then
  ok "libFuzzer run stopped by the ffisan report (status $status)"
else
  ko "libFuzzer run stopped by the ffisan report (status $status)" "$out/fuzz.log"
fi
grep -q "in label_parse .*label.c:" "$out/fuzz.log" && ok "report names label_parse in label.c" ||
  ko "report names label_parse in label.c" "$out/fuzz.log"
[ -n "$crash" ] && ok "libFuzzer saved the crashing input ($(basename "$crash"))" ||
  ko "libFuzzer saved the crashing input" "$out/fuzz.log"
if [ -n "$crash" ]; then
  (cd "$out" && timeout 60 ./fuzz_label "$crash" > "$out/repro.log" 2>&1)
  if [ $? -ne 0 ] && grep -q "ERROR: FFISan: alloc-dealloc-mismatch" "$out/repro.log"; then
    ok "re-running on the saved input reproduces the report"
  else
    ko "re-running on the saved input reproduces the report" "$out/repro.log"
  fi
fi
(cd "$out" && timeout 60 ./fuzz_label "$out/clean-input" > "$out/clean.log" 2>&1)
[ $? -eq 0 ] && ! grep -q "FFISan" "$out/clean.log" && ok "clean input: no report" ||
  ko "clean input: no report" "$out/clean.log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
