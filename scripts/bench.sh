#!/usr/bin/env bash
# bench.sh — measure ffisan's overhead (`make bench`; never part of `make test`).
#
#   scripts/bench.sh [--option=value ...]
#
# Builds tests/bench/{alloc_heavy,boundary_heavy} into build/bench/ and runs
# each natively and under scripts/ffisan-run (default options; any
# --option=value arguments are passed on to ffisan-run), best of N wall-clock
# runs, and prints a table: wall time, ratio, ns per operation (allocation for
# alloc_heavy, boundary crossing for boundary_heavy) and peak RSS.
#
# Instrumented mode (a second table): tests/bench/zlib_bench.c compresses and
# decompresses BENCH_ZLIB_MB megabytes of mixed data in memory, linked against
# zlib's libz.a (Debian's source, scripts/fetch-deb-source.sh, cached in
# build/debsrc) built three ways, driver included: native (clang-22 -O2),
# ffisan (scripts/ffisan-cc -O2, run under ffisan-run) and ASan (clang-22
# -fsanitize=address -O2). Wall time, ratio to native, peak RSS.
#
# Environment: BENCH_RUNS (3), BENCH_TIMEOUT seconds per run (600),
# BENCH_ALLOC_ITERS (300000), BENCH_BOUNDARY_ITERS (600000), BENCH_ZLIB_MB
# (64), BENCH_ZLIB=0 skips the zlib workload.
# Exit status: 0 unless a build fails or a run crashes, times out, or prints
# a different result under ffisan (or ASan) than natively. A zlib source that
# cannot be fetched (offline) only skips the zlib table, with a note.
# shellcheck disable=SC2059  # $fmt is this script's own printf format
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
src=$root/tests/bench
out=$root/build/bench
runner=$root/scripts/ffisan-run
lib=${FFISAN_LIB:-$root/build/libffisan.so}
runs=${BENCH_RUNS:-3}
tmo=${BENCH_TIMEOUT:-600}
ah_iters=${BENCH_ALLOC_ITERS:-300000}
bh_iters=${BENCH_BOUNDARY_ITERS:-600000}
zlib_mb=${BENCH_ZLIB_MB:-64}
do_zlib=${BENCH_ZLIB:-1}
ffisan_flags=("$@")

mkdir -p "$out" || exit 1

# ---------------------------------------------------------------- build
echo "building benchmarks into ${out#"$root"/}/ ..."
build() { "$@" || { echo "bench: build failed: $*" >&2; exit 1; }; }
build cc -O2 -g -c "$src/boundary_heavy.c" -o "$out/boundary_heavy.o"
rm -f "$out/libboundary_heavy.a"
build ar crs "$out/libboundary_heavy.a" "$out/boundary_heavy.o"
build rustc -C opt-level=2 -g --edition 2021 "$src/alloc_heavy.rs" -o "$out/alloc_heavy"
build rustc -C opt-level=2 -g --edition 2021 -L "native=$out" -l static=boundary_heavy \
  "$src/boundary_heavy.rs" -o "$out/boundary_heavy"

have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 && have_time=1
have_ffisan=0
[ -f "$lib" ] && have_ffisan=1
have_timeout=0
command -v timeout >/dev/null 2>&1 && have_timeout=1

echo "rustc: $(rustc --version)"
echo "cc:    $(cc --version 2>/dev/null | head -n1)"
echo "cpus:  $(nproc 2>/dev/null || echo '?'); best of $runs runs; ffisan options: ${ffisan_flags[*]:-(defaults)}"
[ "$have_ffisan" = 1 ] || echo "note: ${lib#"$root"/} not built (run 'make'): ffisan columns are n/a"
[ "$have_time" = 1 ] || echo "note: GNU /usr/bin/time not found: peak RSS is n/a"
echo

failed=0

# run_best MODE PROG ARGS... : best wall time (ns) in $best_ns, max peak RSS
# (KiB) in $best_rss, the program's stdout in $run_out. Returns 1 on failure.
run_best() {
  local mode=$1; shift
  local name; name=$(basename "$1")
  local log=$out/$name.$mode
  local i rc t0 t1 ns rss cmd=()
  best_ns=; best_rss=; run_out=
  [ "$have_timeout" = 1 ] && cmd+=(timeout "$tmo")
  [ "$have_time" = 1 ] && cmd+=(/usr/bin/time -f %M -o "$log.rss")
  cmd+=(env -u LD_PRELOAD -u FFISAN_OPTIONS)
  [ "$mode" = ffisan ] && cmd+=("$runner" ${ffisan_flags[@]+"${ffisan_flags[@]}"})
  [ "$mode" = asan ] && cmd+=(env -u ASAN_OPTIONS)
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    "${cmd[@]}" "$@" >"$log.out" 2>"$log.err"
    rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
      if [ "$rc" -eq 124 ] && [ "$have_timeout" = 1 ]; then
        echo "FAIL: $name ($mode) timed out after ${tmo}s" >&2
      else
        echo "FAIL: $name ($mode) exited with status $rc; stderr (last 30 lines):" >&2
      fi
      tail -n 30 "$log.err" | sed 's/^/    /' >&2
      return 1
    fi
    if grep -aq 'ERROR: FFISan' "$log.err"; then
      echo "WARNING: $name ($mode) exited 0 but reported an error on a clean program:" >&2
      grep -a -m 5 'ERROR: FFISan' "$log.err" | sed 's/^/    /' >&2
    elif [ "$i" -eq 0 ] && grep -aq 'FFISan' "$log.err"; then
      echo "note: $name ($mode) printed FFISan diagnostics:" >&2
      grep -a -m 3 'FFISan' "$log.err" | sed 's/^/    /' >&2
    fi
    ns=$((t1 - t0))
    if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; fi
    if [ "$have_time" = 1 ]; then
      rss=$(tail -n 1 "$log.rss")
      case $rss in ''|*[!0-9]*) rss= ;; esac
      if [ -n "$rss" ] && { [ -z "$best_rss" ] || [ "$rss" -gt "$best_rss" ]; }; then best_rss=$rss; fi
    fi
  done
  run_out=$(cat "$log.out")
  return 0
}

secs() { awk -v n="$1" 'BEGIN { printf "%.3f", n / 1e9 }'; }
mib()  { if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; else echo n/a; fi; }
per()  { awk -v n="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.1f", n / c; else printf "n/a" }'; }

rows=()
fmt='%-15s %-21s %9s %9s %8s %13s %13s %11s %11s\n'
# bench NAME OPKIND COUNT-KEY ITERS
bench() {
  local name=$1 opkind=$2 key=$3 iters=$4 prog=$out/$1
  local n_ns n_rss n_out f_ns='' f_rss='' count ratio f_s=n/a f_op=n/a f_rss_s=n/a
  echo "running $name ($iters iterations) ..."
  if ! run_best native "$prog" "$iters"; then failed=1; return; fi
  n_ns=$best_ns n_rss=$best_rss n_out=$run_out
  count=$(printf '%s\n' "$n_out" | sed -n "s/^$key: //p")
  [ -n "$count" ] || count=0
  ratio=n/a
  if [ "$have_ffisan" = 1 ]; then
    if run_best ffisan "$prog" "$iters"; then
      f_ns=$best_ns f_rss=$best_rss
      if [ "$run_out" != "$n_out" ]; then
        echo "FAIL: $name prints a different result under ffisan:" >&2
        printf '%s\n' "$n_out" | sed 's/^/    native: /' >&2
        printf '%s\n' "$run_out" | sed 's/^/    ffisan: /' >&2
        failed=1
      fi
      f_s=$(secs "$f_ns")
      ratio=$(awk -v a="$f_ns" -v b="$n_ns" 'BEGIN { printf "%.2fx", a / b }')
      f_op=$(per "$f_ns" "$count")
      f_rss_s=$(mib "$f_rss")
    else
      failed=1
      f_s=CRASH
    fi
  fi
  rows+=("$(printf "$fmt" "$name" "$count ${opkind}s" "$(secs "$n_ns")" "$f_s" "$ratio" \
    "$(per "$n_ns" "$count")" "$f_op" "$(mib "$n_rss")" "$f_rss_s")")
}

bench alloc_heavy allocation allocations "$ah_iters"
bench boundary_heavy crossing crossings "$bh_iters"

# ---------------------------------------------------------------- zlib, instrumented
# zlib_build MODE CC CFLAGS LDFLAGS: libz.a in $out/zlib-MODE (a fresh copy of
# the source) and the driver $out/zlib_bench-MODE linked against it.
# shellcheck disable=SC2086  # CFLAGS and LDFLAGS are lists of flags
zlib_build() {
  local mode=$1 zcc=$2 zcflags=$3 zldflags=$4 d=$out/zlib-$1
  rm -rf "$d" && cp -a "$zlib_src" "$d" &&
    (cd "$d" && CC=$zcc CFLAGS=$zcflags LDFLAGS=$zldflags ./configure --static &&
      make -j2 libz.a) >"$out/zlib-$mode.build.log" 2>&1 &&
    "$zcc" $zcflags -I"$d" "$src/zlib_bench.c" "$d/libz.a" $zldflags -o "$out/zlib_bench-$mode" \
      >>"$out/zlib-$mode.build.log" 2>&1
}
zrows=()
zfmt='%-15s %-9s %9s %9s %8s %9s %8s %11s %11s %11s\n'
zlib_bench() {
  local have_asan=0 n_ns n_rss n_out f_s=n/a f_r=n/a f_rss=n/a a_s=n/a a_r=n/a a_rss=n/a
  zlib_src=$("$root/scripts/fetch-deb-source.sh" zlib "$root/build/debsrc" 2>"$out/zlib-fetch.log" | tail -n 1)
  if [ -z "$zlib_src" ] || [ ! -f "$zlib_src/zlib.h" ]; then
    echo "note: zlib source not available (scripts/fetch-deb-source.sh zlib failed, offline?): zlib table skipped"
    return
  fi
  command -v clang-22 >/dev/null 2>&1 || { echo "note: clang-22 not found: zlib table skipped"; return; }
  echo "building zlib ($(basename "$zlib_src")) three ways into ${out#"$root"/}/zlib-{native,ffisan,asan} ..."
  if ! zlib_build native clang-22 "-O2 -g" ""; then
    echo "bench: build failed: zlib native (see ${out#"$root"/}/zlib-native.build.log)" >&2; failed=1; return
  fi
  if [ "$have_ffisan" = 1 ] && [ -f "$root/build/libffisan-pass.so" ]; then
    if ! zlib_build ffisan "$root/scripts/ffisan-cc" "-O2" ""; then
      echo "bench: build failed: zlib ffisan (see ${out#"$root"/}/zlib-ffisan.build.log)" >&2; failed=1; return
    fi
  fi
  if echo 'int main(void){return 0;}' | clang-22 -fsanitize=address -x c - -o "$out/asan-probe" >/dev/null 2>&1; then
    if zlib_build asan clang-22 "-O2 -g -fsanitize=address" "-fsanitize=address"; then have_asan=1
    else echo "bench: build failed: zlib asan (see ${out#"$root"/}/zlib-asan.build.log)" >&2; failed=1; fi
  else
    echo "note: clang-22 -fsanitize=address does not link (libclang-rt-22-dev missing?): ASan column n/a"
  fi
  echo "running zlib_bench ($zlib_mb MB) ..."
  if ! run_best native "$out/zlib_bench-native" "$zlib_mb"; then failed=1; return; fi
  n_ns=$best_ns n_rss=$best_rss n_out=$run_out
  # compare MODE LABEL: sets $cmp_s $cmp_r $cmp_rss for one instrumented build
  compare() {
    cmp_s=n/a cmp_r=n/a cmp_rss=n/a
    if run_best "$1" "$out/zlib_bench-$1" "$zlib_mb"; then
      if [ "$run_out" != "$n_out" ]; then
        echo "FAIL: zlib_bench prints a different result under $2:" >&2
        printf '%s\n' "$n_out" | sed 's/^/    native: /' >&2
        printf '%s\n' "$run_out" | sed "s/^/    $1: /" >&2
        failed=1
      fi
      cmp_s=$(secs "$best_ns")
      cmp_r=$(awk -v a="$best_ns" -v b="$n_ns" 'BEGIN { printf "%.2fx", a / b }')
      cmp_rss=$(mib "$best_rss")
    else
      failed=1
      cmp_s=CRASH
    fi
  }
  if [ -x "$out/zlib_bench-ffisan" ] && [ "$have_ffisan" = 1 ]; then
    compare ffisan ffisan
    f_s=$cmp_s f_r=$cmp_r f_rss=$cmp_rss
  fi
  if [ "$have_asan" = 1 ]; then
    compare asan ASan
    a_s=$cmp_s a_r=$cmp_r a_rss=$cmp_rss
  fi
  zrows+=("$(printf "$zfmt" zlib_bench "$zlib_mb MB" "$(secs "$n_ns")" "$f_s" "$f_r" "$a_s" "$a_r" \
    "$(mib "$n_rss")" "$f_rss" "$a_rss")")
}
if [ "$do_zlib" != 0 ]; then
  rm -f "$out"/zlib_bench-*
  zlib_bench
fi

echo
printf "$fmt" program operations 'native s' 'ffisan s' ratio 'native ns/op' 'ffisan ns/op' \
  'native RSS' 'ffisan RSS'
for r in ${rows[@]+"${rows[@]}"}; do printf '%s\n' "$r"; done
echo
if [ ${#zrows[@]} -gt 0 ]; then
  echo "instrumented builds (zlib + driver compiled natively, with ffisan-cc, with ASan; all -O2):"
  printf "$zfmt" program data 'native s' 'ffisan s' ratio 'asan s' ratio 'native RSS' 'ffisan RSS' \
    'asan RSS'
  for r in "${zrows[@]}"; do printf '%s\n' "$r"; done
  echo
fi
if [ "$failed" -ne 0 ]; then
  echo "bench: FAILED (see messages above; logs in ${out#"$root"/}/)"
  exit 1
fi
exit 0
