#!/bin/sh
# rows.sh - what printing a row costs (issue 16): callgrind instructions a
# row of `list` in every format, of `slots` over a week and of
# `availability --from --to` over a year, for berth and,
# with BEFORE=path/to/an/earlier/berth, for that one too, whose output must
# be the same bytes. The store: 10,000 one-off bookings over a year on
# resources in Europe/Berlin (the store's zone), Asia/Kathmandu (+05:45),
# America/New_York and UTC, so rows cross DST changes in both directions.
#
#   sh bench/rows.sh                      BERTH_BIN=build/berth by default
#   BEFORE=/tmp/berth.main sh bench/rows.sh
#
# A row's figure is (instructions of the run - those of the same command
# answering nothing) / rows: reading, sorting and printing a row, not
# starting the process.
set -eu
BERTH=${BERTH_BIN:-build/berth}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BERTH_NOW=2026-12-01T00:00Z

TZ=Europe/Berlin "$BERTH" --db "$work/s" init --tz Europe/Berlin >/dev/null
for r in "ra" "rb" "rk --tz Asia/Kathmandu" "rn --tz America/New_York" \
	"ru --tz UTC"; do
	# shellcheck disable=SC2086 # the resource's name and its options
	"$BERTH" --db "$work/s" resource add $r --capacity 100 >/dev/null
done
python3 - <<'EOF' | "$BERTH" --db "$work/s" book --batch >/dev/null
import datetime, random
rng = random.Random(1)
t0 = datetime.datetime(2027, 1, 1)
for i in range(10000):
    t = t0 + datetime.timedelta(minutes=30 * rng.randrange(365 * 48))
    print('{"resource":"%s","start":"%s","duration":"%s","customer":"c%05d"}'
          % (rng.choice(["ra", "rb", "rk", "rn", "ru"]),
             t.strftime("%Y-%m-%dT%H:%MZ"), rng.choice(["30m", "1h", "2h"]), i))
EOF

ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
		>/dev/null | sed -n 's/.*refs: *//p' | tr -d ,
}

row() { # BIN
	none=$(ir "$1" --db "$work/s" list --from 2031-01-01 --to 2031-01-02)
	for f in jsonl json csv tsv table; do
		all=$(ir "$1" --db "$work/s" --format "$f" list)
		echo "list $f: $(((all - none) / 10000)) a row"
	done
	week="ra --from 2027-03-22 --to 2027-03-29 --duration 15m"
	# shellcheck disable=SC2086
	n=$("$1" --db "$work/s" --format jsonl slots $week | wc -l)
	none=$(ir "$1" --db "$work/s" slots ra --from 2027-03-22 \
		--to 2027-03-22T00:15 --duration 15m)
	for f in jsonl csv table; do
		# shellcheck disable=SC2086
		all=$(ir "$1" --db "$work/s" --format "$f" slots $week)
		echo "slots $f (a week, $n slots): $(((all - none) / (n - 1))) a row"
	done
	span="ra --from 2027-01-01 --to 2027-12-31"
	# shellcheck disable=SC2086
	n=$("$1" --db "$work/s" --format jsonl availability $span | wc -l)
	none=$(ir "$1" --db "$work/s" availability ra --from 2031-01-01 \
		--to 2031-01-01T00:01)
	for f in jsonl table; do
		# shellcheck disable=SC2086
		all=$(ir "$1" --db "$work/s" --format "$f" availability $span)
		echo "availability $f (a year, $n rows): $(((all - none) / (n - 1))) a row"
	done
}

same() { # FORMAT ARGS...: the two binaries write the same bytes
	f=$1
	shift
	"$BERTH" --db "$work/s" --format "$f" "$@" >"$work/a"
	"$BEFORE" --db "$work/s" --format "$f" "$@" >"$work/b"
	cmp -s "$work/a" "$work/b" || {
		echo "rows.sh: $f $* differs from BEFORE's" >&2
		exit 1
	}
}

echo "$BERTH:"
row "$BERTH"
if [ -n "${BEFORE:-}" ]; then
	for f in jsonl json csv tsv table; do
		same "$f" list
		same "$f" slots ra --from 2027-03-22 --to 2027-03-29 --duration 15m
		same "$f" slots rk --from 2027-10-25 --to 2027-11-08 --duration 30m
		same "$f" availability rn --from 2027-01-01 --to 2027-12-31
	done
	echo "$BEFORE (the same bytes):"
	row "$BEFORE"
fi
