#!/bin/sh
# Runs the libFuzzer harnesses built by `make fuzz` (in $FUZZ, build-fuzz).
# For each NAME given:
#   1. every file in tests/fuzz/regress/NAME (inputs that once crashed) runs
#      once through the harness;
#   2. unless FUZZ_SECONDS is 0, the harness fuzzes for FUZZ_SECONDS on
#      $FUZZ/corpus/NAME, a copy of tests/fuzz/corpus/NAME that keeps what
#      earlier runs found, with the regressions as a second, read-only
#      corpus. New inputs stay in build-fuzz; to keep some, merge them in:
#        build-fuzz/NAME -merge=1 tests/fuzz/corpus/NAME build-fuzz/corpus/NAME
# A harness passes when nothing crashed, leaked, hung or broke an invariant;
# a crashing input is saved as $FUZZ/artifacts/NAME/crash-*.
# Ends with one line: N passed, N failed (one test per harness).
set -u
FUZZ=${FUZZ:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pass=0 failn=0

for name in "$@"; do
	bin=$FUZZ/$name
	corpus=$FUZZ/corpus/$name
	regress=tests/fuzz/regress/$name
	artifacts=$FUZZ/artifacts/$name
	log=$FUZZ/$name.log
	ok=1 note=""
	rm -rf "$artifacts"
	mkdir -p "$corpus" "$artifacts"
	: >"$log"
	if [ ! -x "$bin" ]; then
		echo "fuzz $name: FAILED (no harness $bin)"
		failn=$((failn + 1))
		continue
	fi
	set -- "-artifact_prefix=$artifacts/" -timeout=10
	[ -f "tests/fuzz/$name.dict" ] && set -- "$@" "-dict=tests/fuzz/$name.dict"

	# Regressions: each file once.
	nreg=0
	if [ -d "$regress" ]; then
		nreg=$(find "$regress" -type f | wc -l)
		if [ "$nreg" -gt 0 ]; then
			find "$regress" -type f -print0 |
				xargs -0 "$bin" "$@" >>"$log" 2>&1 || ok=0
		fi
	fi
	[ "$ok" -eq 1 ] || note="a regression input crashes"

	if [ "$ok" -eq 1 ] && [ "$FUZZ_SECONDS" -gt 0 ]; then
		cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
		dirs="$corpus"
		[ -d "$regress" ] && dirs="$dirs $regress"
		# shellcheck disable=SC2086
		"$bin" "$@" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
			$dirs >>"$log" 2>&1 || { ok=0; note="crashed"; }
	fi

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	units=$(find "$corpus" -type f | wc -l)
	if [ "$ok" -eq 1 ]; then
		if [ "$FUZZ_SECONDS" -gt 0 ]; then
			echo "fuzz $name: ok, ${execs:-?} execs in ${FUZZ_SECONDS}s," \
				"corpus $units, $nreg regressions"
		else
			echo "fuzz $name: ok, $nreg regressions"
		fi
		pass=$((pass + 1))
	else
		echo "fuzz $name: FAILED ($note); log $log"
		grep -v '^#[0-9]' "$log" | tail -n 60
		ls "$artifacts" 2>/dev/null | sed "s|^|  artifact: $artifacts/|"
		failn=$((failn + 1))
	fi
done
echo "fuzz: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
