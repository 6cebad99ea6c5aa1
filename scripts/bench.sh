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
# Environment: BENCH_RUNS (3), BENCH_TIMEOUT seconds per run (600),
# BENCH_ALLOC_ITERS (300000), BENCH_BOUNDARY_ITERS (600000).
# Exit status: 0 unless a build fails or a run crashes, times out, or prints
# a different result under ffisan than natively.
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

echo
printf "$fmt" program operations 'native s' 'ffisan s' ratio 'native ns/op' 'ffisan ns/op' \
  'native RSS' 'ffisan RSS'
for r in ${rows[@]+"${rows[@]}"}; do printf '%s\n' "$r"; done
echo
if [ "$failed" -ne 0 ]; then
  echo "bench: FAILED (see messages above; logs in ${out#"$root"/}/)"
  exit 1
fi
exit 0
