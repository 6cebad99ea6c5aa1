#!/usr/bin/env bash
# afl.sh — AFL++ with ffisan. Debian's afl++ (4.04c) builds on clang-14, so
# its compiler plugins cannot share a compile with the LLVM 22 ffisan pass:
# the harness gets AFL's coverage (afl-clang-fast, libAFLDriver via
# -fsanitize=fuzzer, laf-intel to split the 4-byte magic compare) and
# ffisan's checks come from the preloaded runtime (AFL_PRELOAD). Checks
# that AFL++ finds the planted alloc-dealloc-mismatch of label.c, saves the
# input (SIGABRT from abort_on_error=1), and that the input reproduces the
# ffisan report. Prints PASS/FAIL lines and "N passed, N failed".
set -u
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/afl
rm -rf "$out" && mkdir -p "$out/in"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; [ -n "${2:-}" ] && tail -30 "$2" | sed 's/^/  | /'; fail=$((fail + 1)); }
lib=$root/build/libffisan.so

rustc -O -g --crate-type staticlib --edition 2021 "$here/label_rs.rs" -o "$out/liblabel_rs.a" 2>"$out/build.log" &&
  AFL_QUIET=1 AFL_LLVM_LAF_ALL=1 afl-clang-fast -g -O1 -fsanitize=fuzzer "$here/fuzz_label.c" \
    "$here/label.c" "$out/liblabel_rs.a" -lpthread -ldl -lm -o "$out/fuzz_label" >>"$out/build.log" 2>&1
[ -x "$out/fuzz_label" ] && ok "build harness with afl-clang-fast" ||
  { ko "build harness with afl-clang-fast" "$out/build.log"; echo "$pass passed, $fail failed"; exit 1; }

printf 'hello' > "$out/in/seed"
(cd "$out" && AFL_PRELOAD=$lib FFISAN_OPTIONS=abort_on_error=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_BENCH_UNTIL_CRASH=1 \
  timeout 300 afl-fuzz -i in -o findings -V 120 -- ./fuzz_label > afl.log 2>&1)
crash=$(ls "$out"/findings/default/crashes/id:* 2>/dev/null | head -1)
[ -n "$crash" ] && ok "AFL++ saved a crashing input ($(basename "$crash"))" ||
  ko "AFL++ saved a crashing input" "$out/afl.log"
if [ -n "$crash" ]; then
  LD_PRELOAD=$lib FFISAN_OPTIONS=abort_on_error=1 timeout 60 "$out/fuzz_label" "$crash" > "$out/repro.log" 2>&1
  if [ $? -ne 0 ] && grep -q "ERROR: FFISan: alloc-dealloc-mismatch (Rust global allocator vs free)" "$out/repro.log" &&
     grep -q " in label_parse" "$out/repro.log"; then
    # (file:line: clang-14's DWARF 5 is not resolved yet; see the issue note)
    ok "the saved input reproduces the ffisan report in label_parse"
  else
    ko "the saved input reproduces the ffisan report in label_parse" "$out/repro.log"
  fi
fi
LD_PRELOAD=$lib timeout 60 "$out/fuzz_label" "$out/in/seed" > "$out/clean.log" 2>&1
[ $? -eq 0 ] && ! grep -q FFISan "$out/clean.log" && ok "clean input: no report" ||
  ko "clean input: no report" "$out/clean.log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
