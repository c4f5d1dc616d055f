#!/bin/sh
# Runs every test: the C unit tests, then the bats suite. Ends with one
# line "N passed, N failed" counting both.
set -u
BUILD=${BUILD:-build}
pass=0 failn=0
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

for t in "$BUILD"/unit/*_test; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	line=$(printf '%s\n' "$out" | tail -n 1)
	echo "$line"
	p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out" | tail -n 20
		failn=$((failn + 1))
		continue
	fi
	[ "$f" -eq 0 ] || printf '%s\n' "$out" | grep -v ' ok$' | tail -n 40
	pass=$((pass + p)) failn=$((failn + f))
done

# The emitters' output read back by real parsers.
if [ -x "$BUILD/unit/emit_test" ]; then
	d=$(mktemp -d)
	"$BUILD/unit/emit_test" --dump "$d" >/dev/null 2>&1
	line=$(python3 tests/unit/emit_check.py "$d" | tail -n 1)
	echo "$line"
	p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	pass=$((pass + ${p:-0})) failn=$((failn + ${f:-1}))
	rm -rf "$d"
fi

tap=$(mktemp)
BERTH_BIN=${BERTH_BIN:-$BUILD/berth}
case "$BERTH_BIN" in /*) ;; *) BERTH_BIN="$top/$BERTH_BIN" ;; esac
export BERTH_BIN
bats --tap tests/*.bats >"$tap" 2>&1
bp=$(grep -c '^ok ' "$tap")
bf=$(grep -c '^not ok ' "$tap")
grep -q '^1\.\.' "$tap" || bf=$((bf + 1))
grep -A 30 '^not ok ' "$tap" | grep -v '^ok ' | head -n 300
echo "bats: $bp passed, $bf failed"
rm -f "$tap"
pass=$((pass + bp)) failn=$((failn + bf))
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
