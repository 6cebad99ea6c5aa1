#!/usr/bin/env bash
# tests/instrument/zlib.sh — a real C library from Debian's sources, built
# with the ffisan pass, passes its own test suite under ffisan with no
# reports. One PASS/FAIL line per check, then "N passed, N failed"; exit
# status 1 on any failure. About 10 s on 2 cores once the source is cached.
#
#   tests/instrument/zlib.sh
#
#   fetch        scripts/fetch-deb-source.sh zlib build/debsrc (cached there;
#                needs the network once). ZLIB_SRC=DIR uses an unpacked
#                source tree instead.
#   configure    a fresh copy in build/zlib-ffisan/src (Debian's patches from
#                debian/patches/series applied), CC=scripts/ffisan-cc
#                ./configure --static
#   make         make -j2 (libz.a, example, minigzip, example64, minigzip64)
#   instrumented every object of libz.a carries the pass's hooks and module
#                constructor, and inline shadow checks are in the library
#   make-test    zlib's own `make test` (the test binaries link libffisan.so
#                themselves: any report fails it)
#   run-*        example, example64 and a minigzip -9 / -d round trip of ~3 MB
#                of mixed data (text, random bytes, numbers) under
#                scripts/ffisan-run with halt_on_error=0 and a log_path: exit
#                status 0 and no report file written
#   control-*    tests/instrument/zlib_overflow.c linked against this libz.a:
#                silent when used correctly; with `plant`, inflate writes past
#                the caller's output buffer and ffisan reports the
#                heap-buffer-overflow inside zlib (inflate.c), proving the
#                checks are live in the library
# shellcheck disable=SC2317  # the check functions are called through check()
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
here=$root/tests/instrument
out=$root/build/zlib-ffisan
src=$out/src
logs=$out/logs
run=$root/scripts/ffisan-run
cc=$root/scripts/ffisan-cc
unset FFISAN_OPTIONS

passed=0 failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL: $1${2:+ ($2)}"
  failed=$((failed + 1))
  if [ -s "$out/log" ]; then
    echo "    --- last 20 lines of output ---"
    tail -n 20 "$out/log" | sed 's/^/    /'
  fi
}
# check NAME COMMAND...: PASS when COMMAND succeeds (output in $out/log).
check() {
  local name=$1
  shift
  if "$@" >"$out/log" 2>&1; then pass "$name"; else fail "$name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}

rm -rf "$out" && mkdir -p "$out" "$logs" || exit 1

# ---------------------------------------------------------------- source
fetch() {
  if [ -n "${ZLIB_SRC:-}" ]; then
    [ -f "$ZLIB_SRC/zlib.h" ] || { echo "ZLIB_SRC=$ZLIB_SRC has no zlib.h"; return 1; }
    echo "$ZLIB_SRC" >"$out/srcdir"
  else
    "$root/scripts/fetch-deb-source.sh" zlib "$root/build/debsrc" >"$out/srcdir" || return 1
  fi
  cat "$out/srcdir"
}
check fetch fetch
[ "$failed" = 0 ] || finish

prepare() {
  local orig p
  orig=$(tail -n 1 "$out/srcdir")
  cp -a "$orig" "$src" || return 1
  if [ -f "$src/debian/patches/series" ]; then
    while read -r p _; do
      case $p in '' | '#'*) continue ;; esac
      echo "applying debian/patches/$p"
      (cd "$src" && patch -p1 -s <"debian/patches/$p") || return 1
    done <"$src/debian/patches/series"
  fi
  cd "$src" && CC=$cc ./configure --static
}
check configure prepare
[ "$failed" = 0 ] || finish

check make make -C "$src" -j2
[ "$failed" = 0 ] || finish

# Every object of libz.a references the hooks and has a module constructor;
# the library has inline shadow checks (the shadow offset 0x7fff8000).
instrumented() {
  local n_obj n_hooked n_ctor
  n_obj=$(ar t "$src/libz.a" | grep -c '\.o$')
  n_hooked=$(nm -A "$src/libz.a" | grep -c ' U __ffisan_func_enter$\| w __ffisan_func_enter$')
  n_ctor=$(nm -A "$src/libz.a" | grep -c ' t __ffisan_module_ctor$')
  echo "libz.a: $n_obj objects, $n_hooked with func_enter hooks, $n_ctor with a module constructor"
  [ "$n_obj" -gt 0 ] && [ "$n_hooked" = "$n_obj" ] && [ "$n_ctor" = "$n_obj" ] &&
    objdump -d "$src/libz.a" | grep -q '0x7fff8000(' &&
    readelf -d "$src/example" | grep -q 'NEEDED.*\[libffisan.so\]'
}
check instrumented instrumented

make_test() {
  make -C "$src" test >"$out/make-test.log" 2>&1
  local rc=$?
  cat "$out/make-test.log"
  [ "$rc" = 0 ] && grep -q '\*\*\* zlib test OK \*\*\*' "$out/make-test.log" &&
    grep -q '\*\*\* zlib 64-bit test OK \*\*\*' "$out/make-test.log" &&
    ! grep -q FFISan "$out/make-test.log"
}
check make-test make_test

# under NAME CMD...: run CMD under ffisan-run with halt_on_error=0 and a log
# path of its own; succeed when CMD exits 0 and no report file appears.
under() {
  local name=$1
  shift
  "$run" --halt_on_error=0 --log_path="$logs/$name" "$@"
  local rc=$?
  local f found=0
  for f in "$logs/$name".*; do
    [ -e "$f" ] || continue
    echo "report file $f:"
    cat "$f"
    found=1
  done
  [ "$found" = 0 ] || return 1
  [ "$rc" = 0 ] || { echo "exit status $rc"; return 1; }
}
run_example() { (cd "$src" && under "$1" "./$1" "$out/$1.gz.tmp"); }
check run-example run_example example
check run-example64 run_example example64

# ~3 MB of mixed data: zlib's sources, random bytes, a long number column.
make_input() {
  {
    for _ in 1 2 3; do cat "$src"/*.c "$src"/*.h; done
    head -c 1000000 /dev/urandom
    seq 1 150000
  } >"$out/input.dat"
}
roundtrip() {
  make_input &&
    under minigzip-c "$src/minigzip" -9 <"$out/input.dat" >"$out/input.gz" &&
    under minigzip-d "$src/minigzip" -d <"$out/input.gz" >"$out/output.dat" &&
    cmp "$out/input.dat" "$out/output.dat" &&
    echo "$(wc -c <"$out/input.dat") bytes -> $(wc -c <"$out/input.gz") bytes -> same"
}
check run-minigzip-roundtrip roundtrip

# ---------------------------------------------------------------- control
build_control() {
  "$cc" -O2 -I"$src" "$here/zlib_overflow.c" "$src/libz.a" -o "$out/zlib_overflow"
}
control_clean() {
  "$out/zlib_overflow" >"$out/ctl.out" 2>"$out/ctl.err"
  local rc=$?
  cat "$out/ctl.out" "$out/ctl.err"
  [ "$rc" = 0 ] && grep -q 'same' "$out/ctl.out" && ! grep -q FFISan "$out/ctl.err"
}
control_planted() {
  "$run" "$out/zlib_overflow" plant >"$out/ctl.out" 2>"$out/ctl.err"
  local rc=$?
  cat "$out/ctl.err"
  [ "$rc" = 1 ] &&
    grep -Eq '^==[0-9]+==ERROR: FFISan: heap-buffer-overflow on address' "$out/ctl.err" &&
    grep -Eq '^WRITE of size [0-9]+ at 0x[0-9a-f]+ thread T0 \(C code\)$' "$out/ctl.err" &&
    grep -Eq '^    #0 0x[0-9a-f]+ in (inflate|inflate_fast) .*/(inflate|inffast)\.c:[0-9]+$' "$out/ctl.err" &&
    grep -Eq '^    #[0-9]+ 0x[0-9a-f]+ in main .*zlib_overflow\.c:[0-9]+$' "$out/ctl.err" &&
    grep -Eq '^0x[0-9a-f]+ is located 0 bytes after 4000-byte region' "$out/ctl.err" &&
    grep -Eq '^SUMMARY: FFISan: heap-buffer-overflow .*(inflate|inffast)\.c:[0-9]+ in (inflate|inflate_fast)$' "$out/ctl.err"
}
if check control-build build_control; then
  check control-clean control_clean
  check control-planted-overflow-in-zlib control_planted
fi

finish
