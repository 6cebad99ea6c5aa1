#!/usr/bin/env bash
# tests/realworld/run.sh [--quick] — third-party Rust+C test suites, natively
# and under ffisan (preload mode, ffisan-run as the cargo runner).
#
# Suites (sources from Debian's librust-*-dev packages, offline, no crates.io):
#   rusqlite 0.28.0  --features modern-full, the SYSTEM libsqlite3 (no
#                    `bundled`); skips busy::test::test_default_busy (sleeps 5 s)
#   flate2 1.0.25    --no-default-features --features zlib (the system zlib),
#                    RUSTFLAGS=--cap-lints=warn
# Each suite runs `cargo test --no-fail-fast` twice: natively and with the
# runner running every test program (unit tests, integration tests, doc-tests)
# under scripts/ffisan-run with FFISAN_OPTIONS=halt_on_error=0:log_path=...,
# so every report of every process is collected (one file per process) under
# build/realworld/logs/<suite>-<mode>/. A suite-mode passes when cargo test
# passes AND ffisan wrote no report.
# Canaries (tests/realworld/canary/*.rs, built as an example of each copied
# crate): one planted boundary bug per mode, through the same C library. Each
# must be silent natively and reported under ffisan with the expected kind; the
# bug-free mode must be clean. They prove the zero in the table means "looked
# and found nothing", not "did not look".
#
#   --quick   rusqlite only, preload only (plus its canaries): the variant for
#             `make test`
# Environment: FFISAN_LIB (runtime to test), RW_FFISAN_OPTIONS (appended to
# FFISAN_OPTIONS in preload mode, e.g. detect_leaks=all).
#
# Layout (all under build/realworld): cargo-home/ (scratch CARGO_HOME whose
# config.toml replaces crates-io with /usr/share/cargo/registry; ~/.cargo is
# never used), src/<crate>/ (writable copy of the Debian source), target/<crate>/
# (private CARGO_TARGET_DIR), logs/<suite>-<mode>/ (cargo.log, times, ffisan.*).
set -u

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
here=$root/tests/realworld
out=$root/build/realworld
registry=/usr/share/cargo/registry
quick=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$a' (--quick)" >&2; exit 2 ;;
  esac
done

lib=${FFISAN_LIB:-$root/build/libffisan.so}
if [ ! -f "$lib" ]; then
  echo "realworld: ${lib#"$root"/} not built (run 'make')" >&2
  echo "0 passed, 1 failed"; exit 1
fi
export FFISAN_LIB=$lib

"$here/install.sh" || { echo "realworld: installing Debian packages failed" >&2; echo "0 passed, 1 failed"; exit 1; }
command -v cargo >/dev/null || { echo "realworld: cargo not found" >&2; echo "0 passed, 1 failed"; exit 1; }

# ---- scratch CARGO_HOME: crates-io replaced by Debian's registry, offline ----
export CARGO_HOME=$out/cargo-home
mkdir -p "$CARGO_HOME" "$out/src" "$out/target" "$out/logs" || exit 1
cat >"$CARGO_HOME/config.toml" <<EOF
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "$registry"

[net]
offline = true
EOF
export CARGO_NET_OFFLINE=true
# Whatever the caller had must not leak into the builds or the native runs.
unset LD_PRELOAD FFISAN_OPTIONS RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC_WRAPPER \
  RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTFLAGS CARGO_TARGET_DIR CARGO_BUILD_TARGET

host=$(rustc -vV | sed -n 's/^host: //p')
runner_var=CARGO_TARGET_$(printf '%s' "$host" | tr 'a-z.-' 'A-Z__')_RUNNER
now() { date +%s%N; }
secs() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e9 }'; }

# prepare CRATE : writable copy of the newest Debian source of CRATE in
# $out/src/CRATE (re-copied only when the source changes: a stable copy keeps
# cargo's fingerprints), plus the canary example. Prints the version.
prepare() {
  local crate=$1 src dst=$out/src/$1
  src=$(printf '%s\n' "$registry/$crate"-[0-9]* | sort -V | tail -n 1)
  [ -d "$src" ] || src=
  [ -n "$src" ] || { echo "realworld: no $crate source in $registry" >&2; return 1; }
  if [ "$(cat "$dst/.rw-origin" 2>/dev/null)" != "$src" ]; then
    rm -rf "$dst" && cp -r "$src" "$dst" && chmod -R u+w "$dst" || return 1
    # The copy is a root package now: the registry's checksum file (which
    # Debian leaves empty) does not apply, and it is its own workspace.
    rm -f "$dst/.cargo-checksum.json" "$dst/Cargo.lock"
    printf '\n[workspace]\n' >>"$dst/Cargo.toml"
    printf '%s\n' "$src" >"$dst/.rw-origin"
  fi
  mkdir -p "$dst/examples"
  cmp -s "$here/canary/${crate}_canary.rs" "$dst/examples/ffisan_canary.rs" ||
    cp "$here/canary/${crate}_canary.rs" "$dst/examples/ffisan_canary.rs" || return 1
  basename "$src" | sed "s/^$crate-//"
}

# Per-suite cargo arguments and environment.
suite_env() {
  case "$1" in
    rusqlite)
      cargo_args=(--features modern-full)
      test_args=(--skip busy::test::test_default_busy)
      suite_vars=()
      # bindgen 0.60 (modern_sqlite) misnames nested structs with libclang >= 16;
      # clang-sys would pick the newest libclang installed (clang-22 here).
      [ -d /usr/lib/llvm-14/lib ] && suite_vars+=(LIBCLANG_PATH=/usr/lib/llvm-14/lib) ;;
    flate2)
      cargo_args=(--no-default-features --features zlib)
      test_args=()
      suite_vars=(RUSTFLAGS=--cap-lints=warn) ;;
  esac
}

in_crate() { (cd "$out/src/$suite" && env "${suite_vars[@]}" CARGO_TARGET_DIR="$out/target/$suite" "$@"); }

# ---- results ----
rows=()
passed=0 failed=0
declare -A native_wall=() native_run=()
details=()

# run_mode SUITE MODE : one `cargo test` of SUITE in MODE; adds a table row.
run_mode() {
  local suite=$1 mode=$2 dir=$out/logs/$1-$2 t0 t1 st
  rm -rf "$dir"; mkdir -p "$dir"
  local extra=()
  if [ "$mode" = preload ]; then
    local o="halt_on_error=0:log_path=$dir/ffisan"
    [ -n "${RW_FFISAN_OPTIONS:-}" ] && o="$o:$RW_FFISAN_OPTIONS"
    extra=(FFISAN_OPTIONS="$o" RW_FFISAN_RUN="$root/scripts/ffisan-run")
  fi
  : >"$dir/times"
  t0=$(now)
  in_crate env "${extra[@]}" RW_MODE="$mode" RW_TIMES="$dir/times" \
    "$runner_var=$here/timed-runner.sh" \
    cargo test --offline --no-fail-fast "${cargo_args[@]}" -- "${test_args[@]}" >"$dir/cargo.log" 2>&1
  st=$?
  t1=$(now)
  local wall=$((t1 - t0)) run procs bad
  run=$(awk '{ s += $1 } END { print s + 0 }' "$dir/times")
  procs=$(wc -l <"$dir/times")
  bad=$(awk '$2 != 0' "$dir/times" | wc -l)
  local tp tf ti
  read -r tp tf ti < <(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p' "$dir/cargo.log" |
    awk '{ p += $1; f += $2; i += $3 } END { print p + 0, f + 0, i + 0 }')
  local reports=0 r
  if [ "$mode" = preload ]; then
    r=$(cat "$dir"/ffisan.* 2>/dev/null | grep -c 'ERROR: FFISan')
    reports=$((r + $(grep -c 'ERROR: FFISan' "$dir/cargo.log")))
  fi
  local ratio_w=- ratio_r=- verdict=ok
  if [ "$mode" = native ]; then
    native_wall[$suite]=$wall; native_run[$suite]=$run
  elif [ -n "${native_wall[$suite]:-}" ]; then
    ratio_w=$(awk -v a="$wall" -v b="${native_wall[$suite]}" 'BEGIN { printf "%.2fx", a / b }')
    ratio_r=$(awk -v a="$run" -v b="${native_run[$suite]}" 'BEGIN { printf "%.2fx", a / b }')
  fi
  if [ "$st" -ne 0 ] || [ "$tf" -ne 0 ] || [ "$reports" -ne 0 ] || [ "$tp" -eq 0 ]; then
    verdict=FAIL; failed=$((failed + 1))
    details+=("$suite $mode: cargo test exit $st, $tf failed test(s), $bad process(es) exited non-zero, $reports report(s); see ${dir#"$root"/}/")
    if [ "$reports" -ne 0 ]; then
      details+=("    kinds: $(cat "$dir"/ffisan.* "$dir/cargo.log" 2>/dev/null | grep -oE 'ERROR: FFISan: [a-z-]+' | sed 's/.*: //' | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')")
      details+=("    sites: $(cat "$dir"/ffisan.* "$dir/cargo.log" 2>/dev/null | grep -E '^SUMMARY: FFISan' | sed 's/^SUMMARY: FFISan: //' | sort | uniq -c | sort -rn | head -n 5 | awk '{ $1 = $1 "x"; print }' | paste -sd ';' -)")
    fi
    if [ "$st" -ne 0 ] && [ "$tf" -eq 0 ] && [ "$reports" -eq 0 ]; then
      details+=("    $(grep -E '^error|panicked' "$dir/cargo.log" | head -n 3 | paste -sd '|' -)")
    fi
  else
    passed=$((passed + 1))
  fi
  rows+=("$(printf '%-9s %-8s %6s %6s %7s %5s %7s %7s %7s %7s %7s  %s' "$suite" "$mode" "$tp" "$tf" "$ti" "$procs" \
    "$([ "$mode" = preload ] && echo "$reports" || echo -)" "$(secs "$wall")" "$ratio_w" "$(secs "$run")" "$ratio_r" "$verdict")")
}

# canary SUITE ARG EXPECTED_KIND|clean : the planted bug ARG is silent natively
# and reported (exactly that kind, at the canary's source line) under ffisan.
canary() {
  local suite=$1 arg=$2 want=$3 bin=$out/target/$1/debug/examples/ffisan_canary
  local dir=$out/logs/$suite-canary-${arg:-clean} st nst kinds why=
  rm -rf "$dir"; mkdir -p "$dir"
  "$bin" ${arg:+"$arg"} >"$dir/native.log" 2>&1; nst=$?
  FFISAN_OPTIONS="halt_on_error=0:log_path=$dir/ffisan${RW_FFISAN_OPTIONS:+:$RW_FFISAN_OPTIONS}" \
    "$root/scripts/ffisan-run" "$bin" ${arg:+"$arg"} >"$dir/preload.log" 2>&1; st=$?
  kinds=$(cat "$dir"/ffisan.* 2>/dev/null | grep -oE 'ERROR: FFISan: [a-z-]+' | sed 's/.*: //' | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
  [ "$nst" -eq 0 ] || why="native run exited $nst"
  if [ "$want" = clean ]; then
    [ -z "$kinds" ] && [ "$st" -eq 0 ] || why="${why:+$why; }ffisan: exit $st, reports: ${kinds:-none}"
  else
    if [ "$kinds" != "$want x1" ]; then why="${why:+$why; }ffisan reported: ${kinds:-nothing} (want $want x1)"
    elif [ "$st" -eq 0 ]; then why="${why:+$why; }ffisan exit status 0"
    elif ! cat "$dir"/ffisan.* | grep -Eq '^ *#[0-9]+ .* in ffisan_canary::main examples/ffisan_canary\.rs:[0-9]+'; then
      why="${why:+$why; }no frame names ffisan_canary::main"
    fi
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1))
    rows+=("$(printf '%-9s %-8s %-9s native: exit 0, silent; preload: %s  %s' "$suite" canary "${arg:-clean}" "${kinds:-no report}" ok)")
  else
    failed=$((failed + 1))
    rows+=("$(printf '%-9s %-8s %-9s native: exit %s; preload: %s  %s' "$suite" canary "${arg:-clean}" "$nst" "${kinds:-no report}" FAIL)")
    details+=("$suite canary ${arg:-clean}: $why; see ${dir#"$root"/}/")
  fi
}

if [ $quick = 1 ]; then suites=(rusqlite); modes=(preload)
else suites=(rusqlite flate2); modes=(native preload); fi
declare -A canaries=([rusqlite]="mismatch:alloc-dealloc-mismatch uaf:heap-use-after-free leak:boundary-leak :clean"
                     [flate2]="overflow:heap-buffer-overflow uaf:heap-use-after-free :clean")
builds=()
t_start=$(now)
for suite in "${suites[@]}"; do
  version=$(prepare "$suite") || { failed=$((failed + 1)); details+=("$suite: could not prepare the source"); continue; }
  suite_env "$suite"
  log=$out/logs/$suite-build.log
  t0=$(now)
  if ! in_crate cargo test --offline --no-run "${cargo_args[@]}" >"$log" 2>&1 ||
     ! in_crate cargo build --offline --example ffisan_canary "${cargo_args[@]}" >>"$log" 2>&1; then
    failed=$((failed + 1))
    details+=("$suite $version: build failed, see ${log#"$root"/}:")
    while IFS= read -r l; do details+=("    $l"); done < <(grep -E '^error' -A 4 "$log" | head -n 15)
    continue
  fi
  builds+=("$suite $version ${cargo_args[*]}: build $(secs $(($(now) - t0))) s")
  for mode in "${modes[@]}"; do run_mode "$suite" "$mode"; done
  for c in ${canaries[$suite]}; do canary "$suite" "${c%%:*}" "${c#*:}"; done
done

echo "realworld: third-party Rust+C test suites under ffisan ($(basename "$lib"), $(rustc --version | cut -d' ' -f1-2))"
printf '  %s\n' "${builds[@]}"
printf '%-9s %-8s %6s %6s %7s %5s %7s %7s %7s %7s %7s  %s\n' suite mode passed failed ignored procs reports wall_s ratio run_s ratio result
printf '%s\n' "${rows[@]}"
echo "(wall_s: the whole 'cargo test', doc-test compiling included; run_s: the test processes alone, summed; ratio: preload / native)"
[ ${#details[@]} -gt 0 ] && printf '%s\n' "${details[@]}"
echo "realworld total $(secs $(($(now) - t_start))) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
