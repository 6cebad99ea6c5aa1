#!/usr/bin/env bash
# tests/instrument/run.sh — the ffisan pass (build/libffisan-pass.so) and
# its wrappers (scripts/ffisan-cc, ffisan-c++, ffisan-rustc). One PASS/FAIL
# line per check, then "N passed, N failed"; exit status 1 on any failure.
#
#   plugin     no libLLVM in NEEDED, llvmGetPassPluginInfo exported
#   ir-*       opt-22 -passes='ffisan,verify' on clang -O0/-O2 IR of
#              accesses.c: per function, the expected inline checks, range
#              checks, hooks and fake-stack calls (table below); globals,
#              constructor, debug locations
#   idem-*     a second run (ffisan,ffisan, or opt on the output) changes nothing
#   clang-*    clang-22/clang++-22 -fpass-plugin at -O0..-O3 with
#              -fverify-intermediate-code -g
#   rustc-*    rustc -Z llvm-plugins -Z verify-llvm-ir, lib + bin, at
#              opt-level=0 and opt-level=2 with 4 codegen units, then run
#   run-*      instrumented programs: clean ones print nothing from ffisan,
#              planted bugs are reported with their kind
#   wrap-*     wrapper pass-through (queries, preprocessing) and linking
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
here=$root/tests/instrument
plugin=$root/build/libffisan-pass.so
cc=$root/scripts/ffisan-cc
cxx=$root/scripts/ffisan-c++
frustc=$root/scripts/ffisan-rustc
out=$root/build/instrument-test
rm -rf "$out" && mkdir -p "$out" || exit 1
export RUSTC_BOOTSTRAP=1
unset FFISAN_OPTIONS

passed=0 failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL: $1${2:+ ($2)}"
  failed=$((failed + 1))
  if [ -s "$out/log" ]; then
    echo "    --- last 15 lines of output ---"
    tail -n 15 "$out/log" | sed 's/^/    /'
  fi
}
# check NAME COMMAND...: PASS when COMMAND succeeds (output in $out/log).
check() {
  local name=$1
  shift
  if "$@" >"$out/log" 2>&1; then pass "$name"; else fail "$name"; fi
}

opt_ffisan() { opt-22 -load-pass-plugin="$plugin" -passes="$1" -S "$2" -o "$3"; }

# ---------------------------------------------------------------- plugin
plugin_standalone() {
  ! readelf -d "$plugin" | grep NEEDED | grep -qi llvm &&
    nm -D --defined-only "$plugin" | grep -q ' llvmGetPassPluginInfo$'
}
check plugin-no-libLLVM plugin_standalone

# ---------------------------------------------------------------- IR checks
# The body of function $2 in IR file $1.
fn_body() {
  awk -v f="@$2(" 'index($0, "define ") == 1 && index($0, f) { p = 1 }
                   p { print } p && /^}/ { exit }' "$1"
}
n_of() { grep -c -- "$1" <<<"$2"; }

# function  shadow-checks  range-checks  func_enter  call_enter  stack_alloc  report
expectations="
ld1          1 0 1 0 0 report_load1
st2          1 0 1 0 0 report_store2
ld4          1 0 1 0 0 report_load4
st8          1 0 1 0 0 report_store8
ld16         1 0 1 0 0 report_load16
odd          0 2 1 0 0 -
copy         0 2 1 0 0 -
zero         0 1 1 0 0 -
atomic_inc   1 0 1 0 0 report_store8
cas          1 0 1 0 0 report_store4
local_const  0 0 1 0 0 -
escaping     2 0 1 1 1 report_store4
global_const 0 0 1 0 0 -
global_var   1 0 1 0 0 report_load4
indirect     0 0 1 1 0 -
internal_fn  1 0 0 0 0 report_load4
use_internal 0 0 1 0 0 -
no_instr     0 0 0 0 0 -"

# Compares one function's instrumentation with its expectation line.
ir_function_ok() {
  local ir=$1 fn=$2 shadow=$3 range=$4 enter=$5 callenter=$6 salloc=$7 report=$8
  local b
  b=$(fn_body "$ir" "$fn")
  [ -n "$b" ] || { echo "no function $fn"; return 1; }
  local got="$(n_of ', 2147450880' "$b") $(n_of 'call void @__ffisan_check_range' "$b")"
  got="$got $(n_of '@__ffisan_func_enter(' "$b") $(n_of '@__ffisan_call_enter(' "$b")"
  got="$got $(n_of '@__ffisan_stack_alloc(' "$b")"
  if [ "$got" != "$shadow $range $enter $callenter $salloc" ]; then
    echo "$fn: got $got, want $shadow $range $enter $callenter $salloc"
    return 1
  fi
  [ "$report" = - ] || grep -q "@__ffisan_$report(" <<<"$b" || {
    echo "$fn: no call to __ffisan_$report"
    return 1
  }
}

ir_table_ok() {
  local ok=0
  while read -r fn rest; do
    [ -n "$fn" ] || continue
    ir_function_ok "$1" "$fn" $rest || ok=1
  done <<<"$expectations"
  return $ok
}

ir_module_ok() {
  grep -q '^@llvm.global_ctors = appending global .*@__ffisan_module_ctor' "$1" &&
    grep -q '^@garr = .*{ \[10 x i32\], \[[0-9]* x i8\] }.*!ffisan.redzone' "$1" &&
    grep -q '^@__ffisan_globals = internal global' "$1" &&
    grep -q '@__ffisan_stack_free(' <<<"$(fn_body "$1" escaping)" &&
    grep -q 'call_enter(ptr @ext, ptr %ffisan.args, i64 2)' <<<"$(fn_body "$1" escaping)" &&
    grep -q 'call_enter(ptr %' <<<"$(fn_body "$1" indirect)"
}

# Every call the pass inserted into a function with debug info has !dbg.
ir_debug_locs_ok() {
  awk '/^define / { fn = $0; dbg = index($0, "!dbg") > 0 }
       dbg && /call .*@(__ffisan_|llvm\.returnaddress)/ && !/!dbg/ { print fn; print; bad = 1 }
       END { exit bad }' "$1"
}

for O in 0 2; do
  src_ir=$out/accesses.O$O.ll
  ir=$out/accesses.O$O.ffisan.ll
  if ! clang-22 -O$O -g -S -emit-llvm "$here/accesses.c" -o "$src_ir" >"$out/log" 2>&1 ||
    ! opt_ffisan 'ffisan,verify' "$src_ir" "$ir" >"$out/log" 2>&1; then
    fail "ir-O$O-verifies"
    continue
  fi
  pass "ir-O$O-verifies"
  check "ir-O$O-checks-per-function" ir_table_ok "$ir"
  check "ir-O$O-globals-ctor-hooks" ir_module_ok "$ir"
  check "ir-O$O-debug-locations" ir_debug_locs_ok "$ir"
  strip_ir() { grep -v -e '^; ModuleID' -e '; preds = ' "$1"; }
  idem_twice() {
    opt_ffisan 'ffisan,ffisan,verify' "$src_ir" "$out/twice.ll" &&
      diff <(strip_ir "$ir") <(strip_ir "$out/twice.ll")
  }
  idem_rerun() {
    opt_ffisan 'ffisan,verify' "$ir" "$out/rerun.ll" &&
      diff <(strip_ir "$ir") <(strip_ir "$out/rerun.ll")
  }
  check "idem-O$O-ffisan,ffisan" idem_twice
  check "idem-O$O-rerun-on-output" idem_rerun
done

# ---------------------------------------------------------------- clang
for O in 0 1 2 3; do
  check "clang-O$O-verify" clang-22 -O$O -g -fverify-intermediate-code \
    -fpass-plugin="$plugin" -c "$here/accesses.c" -o "$out/accesses.O$O.o"
  check "clang++-O$O-verify" clang++-22 -O$O -g -fverify-intermediate-code \
    -fpass-plugin="$plugin" -c "$here/eh.cpp" -o "$out/eh.O$O.o"
done

# ---------------------------------------------------------------- runs
# run_clean NAME PROGRAM ARGS...: exit 0, nothing from ffisan on stderr.
run_clean() {
  "$@" >"$out/run.out" 2>"$out/run.err"
  local rc=$?
  cat "$out/run.out" "$out/run.err"
  [ $rc = 0 ] && ! grep -q FFISan "$out/run.err"
}
# run_bug KIND PROGRAM ARGS...: non-zero exit, "ERROR: FFISan: KIND".
run_bug() {
  local kind=$1
  shift
  "$@" >"$out/run.out" 2>"$out/run.err"
  local rc=$?
  cat "$out/run.err"
  [ $rc != 0 ] && grep -q "ERROR: FFISan: $kind" "$out/run.err"
}

for O in 0 2; do
  if check "run-O$O-build-c" "$cc" -O$O "$here/clean.c" -o "$out/clean.O$O"; then
    check "run-O$O-clean-c" run_clean "$out/clean.O$O"
  fi
  if check "run-O$O-build-c++" "$cxx" -O$O "$here/eh.cpp" -o "$out/eh.O$O"; then
    check "run-O$O-clean-c++-exceptions" run_clean "$out/eh.O$O"
  fi
  if check "run-O$O-build-bugs" "$cc" -O$O "$here/bugs.c" -o "$out/bugs.O$O"; then
    check "run-O$O-no-bug" run_clean "$out/bugs.O$O"
    check "run-O$O-heap-buffer-overflow" run_bug heap-buffer-overflow "$out/bugs.O$O" heap
    check "run-O$O-global-buffer-overflow" run_bug global-buffer-overflow "$out/bugs.O$O" global
    check "run-O$O-stack-buffer-overflow" run_bug stack-buffer-overflow "$out/bugs.O$O" stack
    check "run-O$O-stack-address-escape" run_bug stack-address-escape "$out/bugs.O$O" escape
    check "run-O$O-heap-use-after-free" run_bug heap-use-after-free "$out/bugs.O$O" uaf
  fi
done

# Instrumented code linked without the runtime: a clear message and abort,
# unless ffisan-run preloads the runtime.
no_runtime() {
  clang-22 -g -fpass-plugin="$plugin" "$here/clean.c" -o "$out/clean.nort" || return 1
  "$out/clean.nort" 2>"$out/run.err"
  local rc=$?
  cat "$out/run.err"
  [ $rc != 0 ] && grep -q 'libffisan.so (ABI version 1) is not loaded' "$out/run.err"
}
check run-without-runtime-explains no_runtime
check run-without-runtime-under-ffisan-run run_clean "$root/scripts/ffisan-run" "$out/clean.nort"

# ---------------------------------------------------------------- rustc
rs=$here/rust
rustc_builds() {
  local d=$1
  shift
  rm -rf "$d" && mkdir -p "$d" &&
    rustc "$@" -g -Z llvm-plugins="$plugin" -Z verify-llvm-ir --edition 2021 \
      --crate-type rlib --crate-name ffisan_pass_test "$rs/lib.rs" --out-dir "$d" &&
    "$frustc" "$@" -g -Z verify-llvm-ir --edition 2021 --crate-name main \
      "$rs/main.rs" --extern ffisan_pass_test="$d/libffisan_pass_test.rlib" \
      -L "$d" --out-dir "$d" &&
    nm "$d/main" | grep -q '__ffisan_module_ctor'
}
rust_mixed_builds() {
  local d=$1
  shift
  rustc_builds "$d" "$@" &&
    "$cc" -O1 -c "$rs/cside.c" -o "$d/cside.o" && ar crs "$d/libcside.a" "$d/cside.o" &&
    "$frustc" "$@" -g --edition 2021 --cfg cside --crate-name mixed "$rs/main.rs" \
      --extern ffisan_pass_test="$d/libffisan_pass_test.rlib" -L "$d" \
      -l static=cside --out-dir "$d"
}
for cfg in "opt-level=0" "opt-level=2 codegen-units=4"; do
  flags=()
  for c in $cfg; do flags+=(-C "$c"); done
  tag=${cfg// /,}
  d=$out/rust-$tag
  if check "rustc-$tag-lib+bin-verify" rustc_builds "$d" "${flags[@]}"; then
    check "rustc-$tag-run-clean" run_clean "$d/main"
  fi
  if check "rustc-$tag-rust+c-build" rust_mixed_builds "$d.mixed" "${flags[@]}"; then
    check "rustc-$tag-rust+c-clean" run_clean "$d.mixed/mixed"
    check "rustc-$tag-rust+c-heap-buffer-overflow" \
      run_bug heap-buffer-overflow "$d.mixed/mixed" plant
  fi
done

# ---------------------------------------------------------------- wrappers
same_output() {
  local a b
  a=$("$1" "${@:3}" 2>&1)
  b=$("$2" "${@:3}" 2>&1)
  echo "$a"
  [ "$a" = "$b" ]
}
check wrap-cc-version same_output "$cc" clang-22 --version
check wrap-cc-print-file-name same_output "$cc" clang-22 -print-file-name=libc.so
check wrap-cc-preprocess same_output "$cc" clang-22 -E -dM -x c /dev/null
check wrap-c++-version same_output "$cxx" clang++-22 --version
check wrap-rustc-vV same_output "$frustc" rustc -vV
check wrap-rustc-print-cfg same_output "$frustc" rustc --print cfg
check wrap-rustc-as-wrapper same_output "$frustc" rustc "$(command -v rustc)" -vV
wrap_links() {
  "$cc" -c "$here/clean.c" -o "$out/clean.o" && "$cc" "$out/clean.o" -o "$out/clean.linked" &&
    readelf -d "$out/clean.linked" | grep -q 'NEEDED.*\[libffisan.so\]' &&
    readelf -d "$out/clean.linked" | grep -q "R.*PATH.*$root/build" &&
    (cd / && "$cc" -x c - -o "$out/stdin.prog" <<<'int main(void){return 0;}') &&
    "$out/stdin.prog"
}
check wrap-cc-links-runtime wrap_links

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
