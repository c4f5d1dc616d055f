#!/bin/sh
# Runs one bats file for tests/run.sh: OUT FILE. Its TAP goes to
# OUT/NAME.tap; when it is done, one line "FILE: N passed, N failed (T s)"
# and the TAP of each failure are printed in one piece (several files run
# at once, and their reports must not interleave), and "FILE T PASS FAIL
# SKIP" is added to OUT/results. A skipped test ran nothing: it is counted
# apart, never as passed.
set -u
out=$1 f=$2
name=$(basename "$f" .bats)
tap=$out/$name.tap
start=$(date +%s)
bats --tap "$f" >"$tap" 2>&1
rc=$?
secs=$(($(date +%s) - start))
skip=$(grep -c '^ok .* # skip' "$tap")
pass=$(($(grep -c '^ok ' "$tap") - skip))
fail=$(grep -c '^not ok ' "$tap")
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$tap" | head -n 1)
# A file that died before its plan or short of it, or that failed with no
# test failing (a syntax error, a broken helper), fails too.
broken=0
if [ -z "$plan" ] || [ $((pass + skip + fail)) -lt "$plan" ] ||
	{ [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; }; then
	broken=1
	if [ -n "$plan" ] && [ $((pass + skip + fail)) -lt "$plan" ]; then
		fail=$((plan - pass - skip))
	else
		fail=$((fail + 1))
	fi
fi

report=$out/$name.report
{
	note=""
	[ "$skip" -gt 0 ] && note=" ($skip skipped)"
	echo "$f: $pass passed$note, $fail failed ($secs s)"
	# Each failure with its diagnostics, up to the next test's line.
	awk '/^not ok / { show = 1; n = 0 }
		/^ok / { show = 0 }
		show && n++ < 60 { print "    " $0 }' "$tap"
	if [ "$broken" -eq 1 ]; then
		echo "    bats exited $rc${plan:+ after $((pass + skip + fail)) of $plan tests}; its last lines:"
		tail -n 20 "$tap" | sed 's/^/    /'
	fi
} >"$report"
flock "$out/print.lock" sh -c 'cat "$0" && echo "$1" >>"$2"' \
	"$report" "$f $secs $pass $fail $skip" "$out/results"
