#!/usr/bin/env bash
# End-to-end tests for the ffisan preload runtime (build/libffisan.so).
#
#   tests/e2e/run.sh [GLOB...]      run all cases, or those whose name matches
#                                   one of the shell globs (e.g. 'adm_*')
#
# Each case is tests/e2e/cases/<name>/ with sources and a file `case`:
#   build: rust-main | c-main | cxx-main | c-only | rust-only | c-dlopen | c-clang
#          | rust-main-nodebug
#       rust-main  main.rs is the binary; lib.c (and/or lib.cpp) are linked in
#                  as the static library libclib.a
#       c-main     main.c is the binary, lib.rs is linked as a Rust staticlib
#       cxx-main   main.cpp is the binary, lib.rs (optional) as a staticlib
#       c-only     main.c          rust-only  main.rs
#       c-dlopen   main.c loads lib.rs, built as the cdylib ./librs.so, with dlopen at run time
#       c-clang    main.c built by clang-22 (no .debug_aranges: the symbolizer scans CUs)
#       rust-main-nodebug  main.rs linking lib.c as a shared library built WITHOUT -g
#     Instrumented builds (the ffisan pass: scripts/ffisan-cc, scripts/ffisan-rustc;
#     they link libffisan.so themselves where they link, and run under
#     ffisan-run all the same):
#       inst-rust-main        lib.c via ffisan-cc into libclib.a, main.rs via ffisan-rustc
#       inst-rust-main-plain  lib.c via ffisan-cc into libclib.a, main.rs via plain rustc
#                             (as `CC=ffisan-cc cargo build`: no runtime linked, the
#                             runtime comes from ffisan-run's LD_PRELOAD)
#       inst-c-main           main.c via ffisan-cc, lib.rs via ffisan-rustc as a staticlib
#       inst-c-main-plain     main.c via ffisan-cc, lib.rs via plain rustc as a staticlib
#       inst-c-only           main.c via ffisan-cc    inst-rust-only  main.rs via ffisan-rustc
#   opt: 0 [2]            optimisation levels to build and run (default 0)
#   options: a=b:c=d      FFISAN_OPTIONS for the run (default empty)
#   exit: N               expected exit status (default 0; 134 = SIGABRT)
#   check: ERE            must match a line of stderr; checks match in order,
#                         each one on a line after the previous match
#   not: ERE              must match no line of stderr
#   clean                 stderr must not contain any line with "FFISan"
#   check-O2: / not-O2:   like check:/not:, only at that optimisation level
#   post: CMD             a bash command run after the checks, in the build
#                         directory, with E2E_ROOT (checkout), E2E_CASE (case
#                         directory) and E2E_STATUS (the program's exit status)
#                         set; it must exit 0 (e.g. validate log files)
# In options:, {{case}} is replaced by the case directory (for input files
# such as suppressions='{{case}}/supp.txt').
# Regexes are POSIX extended (bash =~), unanchored. Lines starting with '#'
# are comments. In a regex, {{tag}} is replaced by the line number of the one
# source line of the case that carries the comment marker `line:tag`, so
# expectations need no hard-coded line numbers (like lit's [[@LINE]]).
#
# Programs are built with debug info into build/e2e/O<N>/<name>/ and run from
# there as `scripts/ffisan-run ./prog`, 60 s timeout each (a timeout is a
# failure: it usually means a deadlock). Cases run in parallel (E2E_JOBS,
# default 2). E2E_NATIVE=1 runs the programs without ffisan and only prints
# their exit status (to check the test programs themselves). E2E_OUT moves
# the scratch directory; runs sharing one scratch directory are serialised.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cases_dir=$here/cases
out=$(realpath -m "${E2E_OUT:-$root/build/e2e}") # absolute: rpaths point into it
timeout_s=${E2E_TIMEOUT:-60}
rust_native_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl"

# ---------------------------------------------------------------------------
# one case at one optimisation level: build, run, check; writes result file
# ---------------------------------------------------------------------------
run_one() {
  local name=$1 opt=$2
  local src=$cases_dir/$name bdir=$out/O$opt/$name
  local res=$out/results/$name.O$opt
  local recipe= options= exitw=0 clean=0
  local -a checks=() nots=() posts=()
  local line key val
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in ''|'#'*) continue ;; esac
    if [ "$line" = clean ]; then clean=1; continue; fi
    key=${line%%:*}; val=${line#*:}; val=${val# }
    case "$key" in
      build) recipe=$val ;;
      opt) ;;
      options) options=$val ;;
      exit) exitw=$val ;;
      check) checks+=("$val") ;;
      not) nots+=("$val") ;;
      post) posts+=("$val") ;;
      check-O*) [ "${key#check-O}" = "$opt" ] && checks+=("$val") ;;
      not-O*) [ "${key#not-O}" = "$opt" ] && nots+=("$val") ;;
      *) result FAIL "bad line in case file: $line"; return ;;
    esac
  done < "$src/case"

  # {{tag}} -> line number of the source line marked `line:tag`
  local k i tag ln hits
  for k in checks nots; do
    local -n arr=$k
    for i in "${!arr[@]}"; do
      while [[ ${arr[i]} =~ \{\{([A-Za-z0-9_]+)\}\} ]]; do
        tag=${BASH_REMATCH[1]}
        hits=$(cd "$src" && grep -Hn -E "line:$tag([^A-Za-z0-9_]|\$)" main.* lib.* 2>/dev/null)
        if [ -z "$hits" ] || [ "$(printf '%s\n' "$hits" | wc -l)" != 1 ]; then
          result FAIL "marker line:$tag must occur on exactly one source line"; return
        fi
        ln=${hits#*:}; ln=${ln%%:*}
        arr[i]=${arr[i]//"{{$tag}}"/$ln}
      done
    done
    unset -n arr
  done

  options=${options//"{{case}}"/$src}
  rm -rf "$bdir"; mkdir -p "$bdir"
  local log=$bdir/build.log
  local RUSTC="rustc -g -C opt-level=$opt --edition 2021"
  local CC="cc -g -O$opt" CXX="g++ -g -O$opt"
  local FCC="$root/scripts/ffisan-cc -g -O$opt"
  local FRUSTC="$root/scripts/ffisan-rustc -g -C opt-level=$opt --edition 2021"
  if ! (
    set -e; cd "$bdir"
    case "$recipe" in
      rust-main)
        objs=()
        if [ -f "$src/lib.c" ]; then $CC -c "$src/lib.c" -o lib.o; objs+=(lib.o); fi
        if [ -f "$src/lib.cpp" ]; then $CXX -c "$src/lib.cpp" -o libcxx.o; objs+=(libcxx.o); fi
        extra=()
        if [ ${#objs[@]} -gt 0 ]; then ar rcs libclib.a "${objs[@]}"; extra=(-L . -l static=clib); fi
        [ -f "$src/lib.cpp" ] && extra+=(-l dylib=stdc++)
        $RUSTC "${extra[@]}" "$src/main.rs" -o prog ;;
      c-main)
        $RUSTC --crate-type staticlib "$src/lib.rs" -o librs.a
        $CC "$src/main.c" librs.a $rust_native_libs -o prog ;;
      cxx-main)
        rl=()
        if [ -f "$src/lib.rs" ]; then
          $RUSTC --crate-type staticlib "$src/lib.rs" -o librs.a; rl=(librs.a $rust_native_libs)
        fi
        $CXX "$src/main.cpp" "${rl[@]}" -lpthread -o prog ;;
      c-dlopen)
        $RUSTC --crate-type cdylib "$src/lib.rs" -o librs.so
        $CC "$src/main.c" -ldl -lpthread -o prog ;;
      c-only) $CC "$src/main.c" -lpthread -o prog ;;
      c-clang) clang-22 -g -O"$opt" "$src/main.c" -lpthread -o prog ;;
      rust-main-nodebug)
        $CC -g0 -fPIC -shared "$src/lib.c" -o libclib.so
        $RUSTC -L . -l dylib=clib -C link-arg=-Wl,-rpath,"$bdir" "$src/main.rs" -o prog ;;
      rust-only) $RUSTC "$src/main.rs" -o prog ;;
      inst-rust-main|inst-rust-main-plain)
        $FCC -c "$src/lib.c" -o lib.o; ar rcs libclib.a lib.o
        if [ "$recipe" = inst-rust-main ]; then rc_=$FRUSTC; else rc_=$RUSTC; fi
        $rc_ -L . -l static=clib "$src/main.rs" -o prog ;;
      inst-c-main|inst-c-main-plain)
        if [ "$recipe" = inst-c-main ]; then rc_=$FRUSTC; else rc_=$RUSTC; fi
        $rc_ --crate-type staticlib "$src/lib.rs" -o librs.a
        $FCC "$src/main.c" librs.a $rust_native_libs -o prog ;;
      inst-c-only) $FCC "$src/main.c" -lpthread -o prog ;;
      inst-rust-only) $FRUSTC "$src/main.rs" -o prog ;;
      *) echo "unknown build recipe '$recipe'"; exit 1 ;;
    esac
  ) > "$log" 2>&1; then
    result FAIL "build failed" "$log"; return
  fi

  local rc
  if [ "${E2E_NATIVE:-0}" = 1 ]; then
    # outer subshell: swallows bash's "Aborted"/"Segmentation fault" notice
    ( (cd "$bdir" && ulimit -c 0 && exec timeout -k 5 "$timeout_s" ./prog) \
      > "$bdir/stdout" 2> "$bdir/stderr" < /dev/null; exit $? ) 2> /dev/null
    rc=$?
    result NATIVE "exit $rc (expected under ffisan: $exitw)" "$bdir/stderr"; return
  fi
  ( (cd "$bdir" && ulimit -c 0 && FFISAN_OPTIONS="$options" \
     exec timeout -k 5 "$timeout_s" "$root/scripts/ffisan-run" ./prog) \
    > "$bdir/stdout" 2> "$bdir/stderr" < /dev/null; exit $? ) 2> /dev/null
  rc=$?

  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    result FAIL "timeout after ${timeout_s}s (deadlock?), status $rc" "$bdir/stderr"; return
  fi
  local -a lines=()
  mapfile -t lines < "$bdir/stderr"
  local why=() i pos=0 re found
  if [ "$rc" != "$exitw" ]; then why+=("exit status $rc, expected $exitw"); fi
  if [ "$clean" = 1 ]; then
    for line in "${lines[@]}"; do
      if [[ $line == *FFISan* ]]; then why+=("clean run printed: $line"); break; fi
    done
  fi
  for re in "${checks[@]}"; do
    found=0
    for ((i = pos; i < ${#lines[@]}; i++)); do
      if [[ ${lines[i]} =~ $re ]]; then found=1; pos=$((i + 1)); break; fi
    done
    if [ $found = 0 ]; then
      if [ $pos -gt 0 ]; then why+=("no match for check '$re' after stderr line $pos")
      else why+=("no match for check '$re'"); fi
      break
    fi
  done
  for re in "${nots[@]}"; do
    for line in "${lines[@]}"; do
      if [[ $line =~ $re ]]; then why+=("forbidden match for not '$re': $line"); break; fi
    done
  done
  local p show=$bdir/stderr
  for p in "${posts[@]}"; do
    [ ${#why[@]} -eq 0 ] || break
    if ! (cd "$bdir" && E2E_ROOT=$root E2E_CASE=$src E2E_STATUS=$rc bash -c "$p") \
      > "$bdir/post.log" 2>&1 < /dev/null; then
      why+=("post command failed: $p"); show=$bdir/post.log
    fi
  done
  if [ ${#why[@]} -eq 0 ]; then result PASS; else
    local w msg=${why[0]}
    for w in "${why[@]:1}"; do msg+="; $w"; done
    result FAIL "$msg" "$show"
  fi
}

# result STATUS [REASON [FILE-TO-SHOW]] — uses $name, $opt, $res from run_one
result() {
  {
    if [ "$1" = PASS ]; then echo "PASS $name -O$opt"
    else
      echo "$1 $name -O$opt: $2"
      if [ -n "${3:-}" ] && [ -s "$3" ]; then
        local n; n=$(wc -l < "$3")
        echo "  --- ${3#$root/} ($n lines) ---"
        if [ "$n" -le 80 ]; then sed 's/^/  | /' "$3"
        else head -n 60 "$3" | sed 's/^/  | /'; echo "  | ..."; tail -n 15 "$3" | sed 's/^/  | /'; fi
      fi
    fi
  } > "$res"
  flock "$out/.lock" cat "$res"
}

if [ "${1:-}" = --one ]; then run_one "$2" "$3"; exit 0; fi

# ---------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------
globs=("$@"); [ ${#globs[@]} -eq 0 ] && globs=('*')
mkdir -p "$out"
exec 9> "$out/.run.lock"
if ! flock -n 9; then
  echo "another e2e run is using $out; waiting for it" >&2
  flock 9
fi
rm -rf "$out/results"; mkdir -p "$out/results"; : > "$out/.lock"
if [ ! -f "$root/build/libffisan.so" ] && [ "${E2E_NATIVE:-0}" != 1 ]; then
  echo "warning: $root/build/libffisan.so not found (run make); every case will fail" >&2
fi
jobs=()
for d in "$cases_dir"/*/; do
  name=$(basename "$d")
  [ -f "$d/case" ] || continue
  m=0; for g in "${globs[@]}"; do [[ $name == $g ]] && m=1; done
  [ $m = 1 ] || continue
  opts=$(sed -n 's/^opt:[[:space:]]*//p' "$d/case" | head -n1); [ -n "$opts" ] || opts=0
  for o in $opts; do jobs+=("$name $o"); done
done
if [ ${#jobs[@]} -eq 0 ]; then echo "no cases match: ${globs[*]}"; echo "0 passed, 0 failed"; exit 1; fi

# slow cases (threads, fork) first so the two workers finish together
printf '%s\n' "${jobs[@]}" | awk '{ print (($1 ~ /^(thr|fork)/) ? 0 : 1), $0 }' | sort -k1,1n -k2 |
  cut -d' ' -f2- | xargs -P "${E2E_JOBS:-2}" -n 2 "$here/run.sh" --one

pass=0; fail=0
for f in "$out"/results/*; do
  [ -f "$f" ] || continue
  case "$(head -c 5 "$f")" in PASS*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac
done
missing=$(( ${#jobs[@]} - pass - fail ))
if [ $missing -gt 0 ]; then echo "FAIL: $missing case run(s) produced no result"; fail=$((fail + missing)); fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
