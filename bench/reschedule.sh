#!/bin/sh
# reschedule.sh - reschedule per process against book per process (issue
# 11: "reschedule per process within 1.3x of book, side by side"). One
# hyperfine run alternates the two, so a burst of load elsewhere falls on
# both alike; each command runs on a fresh copy of the same store (made
# by --prepare, not timed): a resource with a year of others' bookings,
# and the booking that is moved. Both claim the same new window, checked
# the same way (capacity, hours, notice, horizon, customer limits);
# reschedule also frees the old window, offers it to the waitlist (empty
# here: the cost of looking) and writes the booking's new version.
#
#   sh bench/reschedule.sh           BERTH_BIN=build/berth by default; RUNS=15
#
# Prints the medians and the median of the ratios round by round as a
# RESULTS.md row, and with
# valgrind the two in instructions, which the machine's load does not
# move.
set -eu
BERTH=${BERTH_BIN:-build/berth}
case $BERTH in /*) ;; *) BERTH="$(pwd)/$BERTH" ;; esac
RUNS=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BERTH_NOW=2026-06-01T10:00:00Z TZ=UTC LC_ALL=C
unset BERTH_DB BERTH_FORMAT BERTH_ROLE

"$BERTH" --db "$work/seed" init --tz UTC >/dev/null
"$BERTH" --db "$work/seed" resource add room --capacity 4 >/dev/null
# A year of others' bookings on the resource: 2,000, mornings; then the
# booking to move (the last line: its id is the last one).
python3 - <<'PY' | "$BERTH" --db "$work/seed" book --batch >/dev/null
import datetime
t0 = datetime.datetime(2026, 6, 2, 8)
for i in range(2000):
    t = t0 + datetime.timedelta(days=i % 365, hours=i // 365)
    print('{"resource":"room","start":"%s","duration":"1h","customer":"c%d"}'
          % (t.strftime("%Y-%m-%dT%H:%MZ"), i))
print('{"resource":"room","start":"2026-06-02T15:00Z","duration":"1h","customer":"ann"}')
PY
probe=$("$BERTH" --db "$work/seed" --format jsonl list --customer ann | jq -r .id)

# hyperfine -N runs --prepare without a shell too: a script of its own.
# The copy is synced before the timed command, which then pays for its
# own commit only.
printf 'rm -rf "%s/db" && cp -a "%s/seed" "%s/db" && sync "%s/db/data.mdb"\n' \
	"$work" "$work" "$work" "$work" >"$work/prep.sh"
prep="sh $work/prep.sh"
book="$BERTH --db $work/db -q book room 2026-06-03T15:00 --duration 1h --customer ann"
move="$BERTH --db $work/db -q reschedule $probe 2026-06-03T15:00"
# Each command does what it says on its copy, or the figure is of a
# refusal.
$prep && $move && [ "$("$BERTH" --db "$work/db" --format json show "$probe" | jq -r .start)" = 2026-06-03T15:00:00+00:00 ]
$prep && $book
# RUNS rounds of one run of each, alternating (as bench/run.sh's hf), so
# that a burst of load elsewhere falls on both alike.
r=1
while [ $r -le "$RUNS" ]; do
	hyperfine -N --style none --warmup $((r == 1 ? 2 : 0)) --runs 1 \
		--export-json "$work/hf.$r.json" \
		--prepare "$prep" -n book "$book" \
		--prepare "$prep" -n reschedule "$move" >/dev/null 2>&1
	r=$((r + 1))
done
python3 - "$RUNS" "$work"/hf.*.json <<'PY'
import json, statistics, sys
rounds = [{x["command"]: x["times"][0] for x in json.load(open(f))["results"]}
          for f in sys.argv[2:]]
b = statistics.median(x["book"] for x in rounds) * 1000
m = statistics.median(x["reschedule"] for x in rounds) * 1000
ratio = statistics.median(x["reschedule"] / x["book"] for x in rounds)
print("| reschedule, one process (-q) (bench/reschedule.sh, %s rounds) | %.3f ms | book, one process (-q), same store | %.3f ms | %.2f | <= 1.3 | %s |"
      % (sys.argv[1], m, b, ratio, "met" if ratio <= 1.3 else "**missed**"))
PY
if command -v valgrind >/dev/null; then
	for c in book move; do
		$prep
		eval "cmd=\$$c"
		# shellcheck disable=SC2086 # the command's words
		valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 |
			sed -n 's/.*Collected : *//p' >"$work/ir.$c"
	done
	echo "instructions: book $(cat "$work/ir.book"), reschedule $(cat "$work/ir.move")," \
		"$(awk -v a="$(cat "$work/ir.book")" -v b="$(cat "$work/ir.move")" \
			'BEGIN { printf "%.3fx", b / a }')"
fi
