#!/bin/sh
# import.sh [N]: export --all | import of a store of N bookings (default
# 100000) on 1,000 resources, made by book --batch, with and without the
# audit log. Prints one row each: lines, seconds (wall, and CPU: user +
# system, which a loaded machine does not inflate), lines a second by
# each, and the peak of the process's own memory (RssAnon, sampled every
# 50 ms: the store's mapped pages are the kernel's page cache, not the
# process's), then the same for book --batch of the N requests, which
# import's target is counted against (DECISIONS.md: at least half its
# rate). Needs /usr/bin/time. BERTH_BIN: the berth to time (build/berth).
set -eu
n=${1:-100000}
berth=${BERTH_BIN:-build/berth}
w=$(mktemp -d "${TMPDIR:-/tmp}/berth-import.XXXXXX")
trap 'rm -rf "$w"' EXIT
export BERTH_NOW=2026-01-01T00:00:00Z TZ=UTC LC_ALL=C
unset BERTH_DB BERTH_FORMAT

printf 'resources:\n' >"$w/cat.yaml"
i=1
while [ $i -le 1000 ]; do printf -- '- name: c%04d\n' $i; i=$((i + 1)); done >>"$w/cat.yaml"
awk -v n="$n" 'BEGIN { for (k = 0; k < n; k++)
	printf "{\"resource\":\"c%04d\",\"start\":\"@%d\",\"duration\":\"1h\",\"customer\":\"cust%d\"}\n",
		k % 1000 + 1, 1780000000 + int(k / 1000) * 3600, k % 5000 }' >"$w/req.jsonl"

# Runs "$@" with standard input from $in (a background job's would be
# /dev/null), printing the peak of its RssAnon in KB.
in=/dev/null
measure() {
	"$@" <"$in" >/dev/null 2>"$w/err" &
	pid=$!
	peak=0
	while kill -0 $pid 2>/dev/null; do
		# berth is time's child.
		c=$(pgrep -P $pid | head -1 || true)
		a=$(awk '/^RssAnon:/ { print $2 }' /proc/${c:-$pid}/status 2>/dev/null || true)
		[ -n "$a" ] && [ "$a" -gt "$peak" ] && peak=$a
		sleep 0.05
	done
	wait $pid || { cat "$w/err" >&2; exit 1; }
	echo "$peak"
}

row() { # what lines peak wall cpu
	awk -v what="$1" -v lines="$2" -v peak="$3" -v wall="$4" -v cpu="$5" 'BEGIN {
		printf "%-26s %9d lines %7.2f s wall %7.2f s cpu %9.0f lines/s wall %9.0f lines/s cpu %7d KB peak\n",
			what, lines, wall, cpu, lines / wall, lines / cpu, peak }'
}

timed() { # what lines cmd...
	what=$1 lines=$2
	shift 2
	peak=$(measure /usr/bin/time -f '%e %U %S' -o "$w/t" "$@")
	set -- $(cat "$w/t")
	row "$what" "$lines" "$peak" "$1" "$(echo "$2 $3" | awk '{ print $1 + $2 }')"
}

"$berth" --db "$w/src" init >/dev/null
"$berth" --db "$w/src" -q apply "$w/cat.yaml"
cp -a "$w/src" "$w/batch"
in=$w/req.jsonl
timed "book --batch" "$n" "$berth" --db "$w/batch" book --batch
in=/dev/null
"$berth" --db "$w/batch" export --all >"$w/all.jsonl"
"$berth" --db "$w/batch" export --all --audit >"$w/audit.jsonl"
timed "import" "$(wc -l <"$w/all.jsonl")" "$berth" --db "$w/c1" -q import "$w/all.jsonl"
timed "import (--audit file)" "$(wc -l <"$w/audit.jsonl")" "$berth" --db "$w/c2" -q import "$w/audit.jsonl"
timed "of which: check" "$(wc -l <"$w/audit.jsonl")" "$berth" --db "$w/c2" -q check
