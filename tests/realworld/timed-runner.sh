#!/usr/bin/env bash
# tests/realworld/timed-runner.sh — the cargo runner run.sh installs (for test
# binaries, harness=false tests and doc-tests alike). It runs the program
# natively (RW_MODE=native) or exactly as `scripts/ffisan-run PROGRAM ARGS...`
# would be run as the cargo runner (RW_MODE=preload), and appends one line
# "<nanoseconds> <exit status> <program>" to $RW_TIMES, so run.sh can time
# the test processes apart from cargo's and rustdoc's compiling.
set -u
t0=$(date +%s%N)
if [ "${RW_MODE:-native}" = preload ]; then
  "${RW_FFISAN_RUN:?}" "$@"
else
  "$@"
fi
st=$?
t1=$(date +%s%N)
[ -n "${RW_TIMES:-}" ] && printf '%s %s %s\n' $((t1 - t0)) "$st" "${1##*/}" >>"$RW_TIMES"
exit "$st"
