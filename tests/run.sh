#!/bin/sh
# Runs every test: the C unit tests, then the bats files, several at once,
# a line for each as it finishes (with the TAP of its failures). Ends with
# one line "N passed, N failed" counting both (.ci/run reads it). The
# bats files run once on LMDB and once on PostgreSQL (BERTH_TEST_STORES).
#
#   sh tests/run.sh [FILE.bats...]   only those bats files
#   BERTH_TEST_STORES="lmdb pg"   the passes, in order (the default)
#   BERTH_TEST_JOBS=N     bats files at once (default: the CPUs, plus one
#                         for the files that wait on locks and timeouts)
#   BERTH_TEST_TMPDIR=D   where the tests' stores live (default: /dev/shm
#                         when it is a tmpfs of 1 GB or more, else TMPDIR):
#                         every committed write is fsynced, and on a disk
#                         the fsyncs were a tenth of the suite's time.
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

BERTH_BIN=${BERTH_BIN:-$BUILD/berth}
case "$BERTH_BIN" in /*) ;; *) BERTH_BIN="$top/$BERTH_BIN" ;; esac
export BERTH_BIN

# These run alone, after the others: what they prove depends on timing
# that a loaded machine changes. durability-lmdb.bats gives a process
# 0.2 s to reach the point where it is killed; stress.bats does what it
# can in a fixed 8 s with 4 writers, a killer and a sweeper of its own
# (and it loads both CPUs, slowing whatever runs beside it);
# pg-restart.bats restarts the PostgreSQL cluster the pass shares.
alone="tests/durability-lmdb.bats tests/stress.bats tests/pg-restart.bats"

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(ls tests/*.bats)
fi
times=$BUILD/bats-times
jobs=${BERTH_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}
base=${BERTH_TEST_TMPDIR:-}
if [ -z "$base" ] && [ -w /dev/shm ] &&
	awk '$2 == "/dev/shm" && $3 == "tmpfs" && $4 !~ /(^|,)noexec(,|$)/ { ok = 1 }
		END { exit !ok }' /proc/mounts 2>/dev/null &&
	[ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 1048576 ]; then
	base=/dev/shm
fi
# Reports and TAP in out, the tests' own files (bats' and the stores) in
# stores.
out=$(mktemp -d "${TMPDIR:-/tmp}/berth-check.XXXXXX")
stores=$(mktemp -d "${base:-${TMPDIR:-/tmp}}/berth-tests.XXXXXX")
cluster=""
cleanup() {
	[ -n "$cluster" ] && sh tests/pg-cluster.sh stop "$cluster"
	rm -rf "$out" "$stores"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export TMPDIR=$stores

# BERTH_TEST_STORES: the stores the bats files run against, one pass
# each (default both: LMDB, then PostgreSQL on a throwaway cluster that
# lives as long as the pass).
for store in ${BERTH_TEST_STORES:-lmdb pg}; do
	export BERTH_TEST_STORE=$store
	mkdir -p "$out/$store"
	: >"$out/$store/results"
	label="bats"
	stimes=$times
	if [ "$store" = pg ]; then
		label="bats on PostgreSQL"
		stimes=$times-pg
		cluster=$stores/pg
		if ! BERTH_TEST_PG_SOCK=$(sh tests/pg-cluster.sh start "$cluster"); then
			echo "$label: cannot start a PostgreSQL cluster (sh share/deps.sh installs postgresql)"
			cluster=""
			failn=$((failn + 1))
			continue
		fi
		export BERTH_TEST_PG_SOCK
		BERTH_TEST_PSQL=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
		export BERTH_TEST_PSQL=${BERTH_TEST_PSQL:-psql}
	fi
	# Longest first, by the times of the last run (a file not timed yet
	# counts as long), so that no long file starts last and runs on alone.
	sorted=$(for f in $files; do
		t=$(awk -v f="$f" '$1 == f { t = $2 } END { print t }' "$stimes" 2>/dev/null)
		echo "${t:-9999} $f"
	done | sort -k1,1nr -k2 | cut -d' ' -f2)
	pool="" serial=""
	for f in $sorted; do
		case " $alone " in
		*" $f "*) serial="$serial $f" ;;
		*) pool="$pool $f" ;;
		esac
	done
	n_pool=$(echo $pool | wc -w) n_serial=$(echo $serial | wc -w)
	echo "$label: $n_pool files, $jobs at once, then $n_serial alone; stores under $TMPDIR"
	started=$(date +%s)
	[ -n "$pool" ] && printf '%s\n' $pool | xargs -P "$jobs" -n 1 sh tests/bats-file.sh "$out/$store"
	for f in $serial; do
		sh tests/bats-file.sh "$out/$store" "$f"
	done
	bp=$(awk '{ p += $3 } END { print p + 0 }' "$out/$store/results")
	bf=$(awk '{ f += $4 } END { print f + 0 }' "$out/$store/results")
	bs=$(awk '{ s += $5 } END { print s + 0 }' "$out/$store/results")
	# A file that left no result at all (its runner was killed) failed.
	for f in $pool $serial; do
		grep -q "^$f " "$out/$store/results" || { echo "$f: no result"; bf=$((bf + 1)); }
	done
	# This run's times replace those of the same files.
	if [ -d "$BUILD" ]; then
		{
			[ -f "$stimes" ] && awk 'NR == FNR { ran[$1] = 1; next }
				!($1 in ran)' "$out/$store/results" "$stimes"
			awk '{ print $1, $2 }' "$out/$store/results"
		} >"$stimes.new" && mv "$stimes.new" "$stimes"
	fi
	# Skipped tests ran nothing: named here, counted in no total.
	skipped=""
	[ "$bs" -gt 0 ] && skipped=" ($bs skipped)"
	echo "$label: $bp passed$skipped, $bf failed ($(($(date +%s) - started)) s)"
	pass=$((pass + bp)) failn=$((failn + bf))
	if [ -n "$cluster" ]; then
		sh tests/pg-cluster.sh stop "$cluster"
		cluster=""
	fi
done
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ] && exit 0
exit 1
