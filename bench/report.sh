#!/bin/sh
# bench/report.sh [BERTH]: issue 12's figure for `report --by hour` over
# 100 resources x 90 days x 10,000 bookings (goal: under 0.5 s, memory
# flat in the range), on a store that also holds 90,000 older bookings on
# the same resources, so a report that walked a resource's history would
# show it. Prints markdown rows for bench/RESULTS.md; takes well under a
# minute (the store is built by two book --batch runs).
set -eu
BERTH=${1:-build/berth}
BERTH=$(cd "$(dirname "$BERTH")" && pwd)/$(basename "$BERTH")
work=$(mktemp -d "${TMPDIR:-/tmp}/berth-report-bench.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT INT TERM
export BERTH_NOW=2024-12-01T00:00:00Z TZ=UTC LC_ALL=C
unset BERTH_FORMAT BERTH_ROLE

# requests FIRST_DAY N: N one-hour bookings, each in a different
# (resource, day, hour) of 100 resources x 90 days x 12 hours from
# FIRST_DAY (i * 17 is a bijection modulo 108,000, which 17 does not
# divide), two units of capacity each, so none is refused.
requests() {
	awk -v first="$1" -v n="$2" 'BEGIN {
		split(first, d, "-")
		base = mktime(d[1] " " d[2] " " d[3] " 00 00 00")
		for (i = 0; i < n; i++) {
			k = (i * 17) % 108000
			r = k % 100; k = int(k / 100)
			day = k % 90; hour = 8 + int(k / 90)
			t = base + day * 86400 + hour * 3600
			printf "{\"resource\":\"r%03d\",\"start\":\"%s\",\"duration\":\"1h\",\"customer\":\"c%d\"}\n",
				r + 1, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), i % 997
		}
	}'
}

db=$work/db
"$BERTH" --db "$db" init >/dev/null
i=1
while [ $i -le 100 ]; do
	r=$(printf r%03d $i)
	"$BERTH" --db "$db" resource add "$r" --capacity 2 >/dev/null
	"$BERTH" --db "$db" hours set "$r" 'mon-sun 08:00-20:00' >/dev/null
	i=$((i + 1))
done
# The history first (2025), then the 90 days reported on (2026).
requests 2025-01-06 90000 | "$BERTH" --db "$db" book --batch >/dev/null
requests 2026-01-05 10000 | "$BERTH" --db "$db" book --batch >/dev/null
"$BERTH" --db "$db" --format json stats | jq -e '.bookings == 100000' >/dev/null ||
	{ echo "bench/report.sh: the store is not as generated" >&2; exit 1; }

export BERTH_NOW=2026-04-10T00:00:00Z
q90="--by hour --from 2026-01-05 --to 2026-04-04"
q7="--by hour --from 2026-01-05 --to 2026-01-11"
rows=$("$BERTH" --db "$db" --format csv report $q90 | sed 1d | wc -l)
booked=$("$BERTH" --db "$db" --format csv report $q90 |
	awk -F, 'NR > 1 { s += $7 } END { print s / 60 }')
[ "$booked" = 10000 ] || { echo "bench/report.sh: $booked hours booked, not 10000" >&2; exit 1; }

# FORMAT: the median wall time of 10 runs after a warm-up, and the mean
# CPU time (user + system), which a busy machine does not stretch.
timed() {
	hyperfine -N --warmup 1 --runs 10 --export-json "$work/h.json" \
		"$BERTH --db $db --format $1 report $q90" >/dev/null 2>&1
	jq -r '.results[0] | "\(.median) \(.user + .system)"' "$work/h.json"
}
# ARGS: the peak heap in bytes (valgrind massif): RSS would count the
# store's pages the report maps, which are the data read, not memory kept.
heap() {
	valgrind --tool=massif --massif-out-file="$work/ms.out" \
		"$BERTH" --db "$db" --format csv report "$@" >/dev/null 2>&1
	sed -n 's/^mem_heap_B=//p' "$work/ms.out" | sort -n | tail -n 1
}
verdict() { [ "$(echo "$1" | bc -l)" = 1 ] && echo met || echo '**missed**'; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
for fmt in csv jsonl json; do
	set -- $(timed $fmt)
	printf '| report --by hour, 100 resources x 90 days (%s rows), 10,000 bookings (+90,000 older), --format %s | %.3f s wall, %.3f s CPU (load %s) | | | | < 0.5 s | %s |\n' \
		"$rows" "$fmt" "$1" "$2" "$load" "$(verdict "$1 < 0.5")"
done
if command -v valgrind >/dev/null; then
	h7=$(heap $q7)
	h90=$(heap $q90)
	printf '| peak heap, report --by hour, 90 days | %s KB | 7 days | %s KB | %.2f | <= 1.5 (flat) | %s |\n' \
		"$((h90 / 1024))" "$((h7 / 1024))" "$(echo "$h90 / $h7" | bc -l)" "$(verdict "$h90 / $h7 <= 1.5")"
fi
