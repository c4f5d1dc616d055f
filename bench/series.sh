#!/bin/sh
# series.sh - a 52-week series against a single booking (issue 12: "a
# 52-week weekly series books in one process within 3x of a single book",
# one transaction, not 52). Side by side in one hyperfine run, so a burst
# of load elsewhere falls on both alike; each command books into a fresh
# copy of the same store (made by --prepare, not timed): a resource with a
# year of other bookings, so the series meets a store with history.
#
#   sh bench/series.sh           BERTH_BIN=build/berth by default; RUNS=15
#
# Prints the medians and their ratio as a RESULTS.md row.
set -eu
BERTH=${BERTH_BIN:-build/berth}
case $BERTH in /*) ;; *) BERTH="$(pwd)/$BERTH" ;; esac
RUNS=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BERTH_NOW=2026-06-01T10:00:00Z TZ=UTC LC_ALL=C
unset BERTH_DB BERTH_FORMAT

"$BERTH" --db "$work/seed" init >/dev/null
"$BERTH" --db "$work/seed" resource add room --capacity 4 >/dev/null
# A year of others' bookings on the resource: 2,000, mornings.
python3 - <<'PY' | "$BERTH" --db "$work/seed" book --batch >/dev/null
import datetime
t0 = datetime.datetime(2026, 6, 2, 8)
for i in range(2000):
    t = t0 + datetime.timedelta(days=i % 365, hours=i // 365)
    print('{"resource":"room","start":"%s","duration":"1h","customer":"c%d"}'
          % (t.strftime("%Y-%m-%dT%H:%MZ"), i))
PY

# hyperfine -N runs --prepare without a shell too: a script of its own.
printf 'rm -rf "%s/db" && cp -a "%s/seed" "%s/db"\n' "$work" "$work" "$work" >"$work/prep.sh"
prep="sh $work/prep.sh"
hyperfine -N --style none --warmup 2 --runs "$RUNS" \
	--export-json "$work/hf.json" \
	--prepare "$prep" -n book \
	"$BERTH --db $work/db -q book room 2026-06-02T15:00 --duration 1h --customer ann" \
	--prepare "$prep" -n series \
	"$BERTH --db $work/db -q book room 2026-06-02T15:00 --duration 1h --customer ann --repeat weekly --count 52" \
	>/dev/null
python3 - "$work/hf.json" <<'PY'
import json, statistics, sys
r = {x["command"]: statistics.median(x["times"]) for x in json.load(open(sys.argv[1]))["results"]}
b, s = r["book"] * 1000, r["series"] * 1000
print("| book --repeat weekly --count 52, one process (-q) | %.3f ms | book, one process (-q), same store | %.3f ms | %.2f | <= 3 | %s |"
      % (s, b, s / b, "met" if s / b <= 3 else "**missed**"))
PY
