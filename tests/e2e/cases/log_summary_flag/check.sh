#!/usr/bin/env bash
# Runs in the case's build directory (see case): ffisan-run --summary.
set -u
run=$E2E_ROOT/scripts/ffisan-run
export TMPDIR=$PWD/tmp FFISAN_OPTIONS=
rm -rf tmp; mkdir tmp
fail() { echo "FAIL: $*"; exit 1; }

# a report: replayed, then the summary; status 1 (the program's)
"$run" --summary ./prog 2> err; st=$?
[ $st = 1 ] || fail "status $st, expected 1"
grep -q '^==[0-9]*==ERROR: FFISan: double-free on ' err || fail "no report on stderr"
grep -q '^ffisan-run: 1 report(s) from 1 process(es):$' err || fail "no summary"
grep -Eq '^  pid [0-9]+ \(\./prog\): double-free x1$' err || fail "no summary line"
[ "$(grep -n 'ERROR: FFISan' err | cut -d: -f1)" -lt "$(grep -n '^ffisan-run:' err | cut -d: -f1)" ] || fail "summary before report"
[ -z "$(ls tmp)" ] || fail "temporary files left: $(ls tmp)"

# no report: a line saying so, the program's status kept
"$run" --summary /bin/sh -c 'exit 7' 2> err; st=$?
[ $st = 7 ] || fail "status $st, expected 7"
grep -q '^ffisan-run: no reports$' err || fail "no 'no reports' line"

# a report in a process that exits 0 anyway: exitcode (here 9)
"$run" --summary --exitcode=9 --halt_on_error=0 /bin/sh -c './prog; exit 0' 2> err; st=$?
[ $st = 9 ] || fail "status $st, expected 9 (exitcode)"

# death by signal is passed on: 143 = SIGTERM, 134 = SIGABRT (abort_on_error)
"$run" --summary /bin/sh -c 'kill -TERM $$' 2> err; st=$?
[ $st = 143 ] || fail "status $st, expected 143"
"$run" --summary --abort_on_error=1 ./prog 2> err; st=$?
[ $st = 134 ] || fail "status $st, expected 134"
grep -q 'Aborted' err && fail "shell notice on stderr: $(grep Aborted err)"

# SIGTERM sent to ffisan-run reaches the program
"$run" --summary sleep 30 2> err & pid=$!
for i in $(seq 50); do prog=$(pgrep -P $pid -x sleep) && break; sleep 0.1; done
[ -n "$prog" ] || fail "the program did not start"
kill -TERM $pid; wait $pid; st=$?
[ $st = 143 ] || fail "forwarded TERM: status $st, expected 143"
kill -0 "$prog" 2> /dev/null && { kill "$prog"; fail "the program did not get SIGTERM"; }

# stdin reaches the program
[ "$(echo hello | "$run" --summary cat 2> /dev/null)" = hello ] || fail "stdin not passed"

# --no-summary with a log_path: exec, no summary line
"$run" --no-summary --log_path=$PWD/tmp/l ./prog 2> err; st=$?
[ $st = 1 ] || fail "--no-summary: status $st"
grep -q '^ffisan-run:' err && fail "--no-summary printed a summary"
[ -f "$(ls tmp/l.* 2>/dev/null | head -n 1)" ] || fail "--no-summary: no log file"
echo ok
