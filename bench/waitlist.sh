#!/bin/sh
# waitlist.sh - what the waitlist adds to a cancel (issue 11): a cancel on
# a resource whose waitlist holds 10,000 entries on other days, against
# the same cancel with an empty waitlist, side by side (hyperfine, runs
# alternating, each on a fresh copy of its store), medians and their
# ratio. The budget is 1.2x: the freed window is offered after one seek
# a day in the waitlist's index by resource and day (waitday), so the
# entries of other days are never read.
#
#   sh bench/waitlist.sh              BERTH_BIN=build/berth by default
#   ENTRIES=2000 RUNS=10 sh bench/waitlist.sh
#   KEEP=/tmp/wl sh bench/waitlist.sh  keeps the two stores there, and
#                                     measures again without making them
#
# The stores: r1 (capacity 1) booked 10:00-11:00 every day from
# 2026-06-11 for 100 days, so that each entry (10:00-11:00 on one of those
# days) waits rather than being offered at once; the probe booking is
# 2026-06-10 10:00-11:00, which the cancel frees. The `full` store adds
# ENTRIES waiting entries, spread over the 100 days; the `empty` store
# has none. Nothing waits on the 10th, so neither cancel makes an offer:
# the figure is the cost of looking.
set -eu
BERTH=${BERTH_BIN:-build/berth}
case $BERTH in /*) ;; *) BERTH="$(pwd)/$BERTH" ;; esac
ENTRIES=${ENTRIES:-10000}
RUNS=${RUNS:-30}
if [ -n "${KEEP:-}" ]; then
	work=$KEEP && mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
export BERTH_NOW=2026-06-01T08:00:00Z TZ=UTC LC_ALL=C
unset BERTH_DB BERTH_FORMAT BERTH_ROLE

b() { "$BERTH" --db "$work/$1" -q "$@"; }
mk() {
	"$BERTH" --db "$work/$1" -q init --tz UTC
	"$BERTH" --db "$work/$1" -q resource add r1
	python3 -c '
import datetime
d0 = datetime.date(2026, 6, 11)
for i in range(100):
    d = d0 + datetime.timedelta(days=i)
    print("{\"resource\":\"r1\",\"start\":\"%sT10:00Z\",\"duration\":\"1h\",\"customer\":\"full%d\"}" % (d, i))
print("{\"resource\":\"r1\",\"start\":\"2026-06-10T10:00Z\",\"duration\":\"1h\",\"customer\":\"probe\"}")
' | "$BERTH" --db "$work/$1" book --batch >/dev/null
}
[ -e "$work/full/done" ] || {
rm -rf "$work/empty" "$work/full"
mk empty
mk full
i=0
while [ "$i" -lt "$ENTRIES" ]; do
	d=$(date -u -d "2026-06-11 + $((i % 100)) days" +%F)
	"$BERTH" --db "$work/full" -q waitlist add r1 --customer "c$i" \
		--duration 1h --times 10:00-11:00 --from "$d" --to "$d" \
		--priority $((i % 7))
	i=$((i + 1))
done
touch "$work/full/done"
}
probe=$("$BERTH" --db "$work/full" --format jsonl list --customer probe | jq -r .id)
waiting=$("$BERTH" --db "$work/full" --format jsonl waitlist list --status waiting | wc -l)
[ "$waiting" -eq "$ENTRIES" ] || { echo "waitlist.sh: $waiting waiting, not $ENTRIES" >&2; exit 1; }

hyperfine -N --style none --warmup 3 --runs "$RUNS" \
	--export-json "$work/out.json" \
	--prepare "sh -c 'rm -rf $work/e && cp -a $work/empty $work/e && sync $work/e/data.mdb'" \
	"$BERTH --db $work/e -q cancel $probe" \
	--prepare "sh -c 'rm -rf $work/f && cp -a $work/full $work/f && sync $work/f/data.mdb'" \
	"$BERTH --db $work/f -q cancel $probe" >/dev/null
# Neither cancel offered anything: the full store's entries still wait.
left=$("$BERTH" --db "$work/f" --format jsonl waitlist list --status waiting | wc -l)
[ "$left" -eq "$ENTRIES" ] || { echo "waitlist.sh: the cancel offered to $((ENTRIES - left))" >&2; exit 1; }
jq -r '
	def med: sort | if length % 2 == 1 then .[length / 2 | floor]
		else (.[length / 2 - 1] + .[length / 2]) / 2 end;
	[.results[] | .times | med] as [$e, $f] |
	"cancel, empty waitlist            \($e * 1e6 | round) us (median of \(.results[0].times | length))",
	"cancel, '"$ENTRIES"' entries on other days  \($f * 1e6 | round) us",
	"ratio                             \($f / $e * 100 | round / 100)x (budget 1.2x)"' "$work/out.json"
# The same two cancels in instructions (callgrind), which the machine's
# load does not move: what the waitlist's lookup itself costs, apart from
# the larger store's page writes.
if command -v valgrind >/dev/null; then
	for s in empty full; do
		rm -rf "$work/x" && cp -a "$work/$s" "$work/x"
		valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			"$BERTH" --db "$work/x" -q cancel "$probe" 2>&1 |
			sed -n 's/.*Collected : *//p' >"$work/ir.$s"
	done
	echo "instructions: $(cat "$work/ir.empty") and $(cat "$work/ir.full")," \
		"$(awk -v a="$(cat "$work/ir.empty")" -v b="$(cat "$work/ir.full")" \
			'BEGIN { printf "%.3fx", b / a }')"
fi
