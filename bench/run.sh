#!/bin/sh
# make bench: each figure is the median of several hyperfine runs after a
# warm-up, and each ratio compares two commands measured side by side in
# the same run. Writes bench/RESULTS.md. QUICK=1 for a short run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BERTH="$top/${BERTH_BIN:-build/berth}"
FLOOR="$top/build/bench/floor"
export BERTH FLOOR
if [ "${QUICK:-}" = 1 ]; then N=50 RUNS=3; else N=200 RUNS=10; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/berth-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$work/out" && mkdir -p "$out"
export BERTH_NOW=2026-06-01T10:00:00Z TZ=UTC USER="${USER:-bench}"
unset BERTH_FORMAT BERTH_MAP_SIZE BERTH_MAP_MAX

setup_store() { # DIR CAPACITY SEATS
	BERTH_DB=$1 "$BERTH" -q init --tz UTC
	BERTH_DB=$1 "$BERTH" -q resource add r1 --capacity "$2"
	BERTH_DB=$1 "$BERTH" -q resource add ev --seats "$3"
}

# hyperfine NAME CMD_A CMD_B: runs both, side by side, and keeps the JSON.
hf() {
	name=$1
	shift
	hyperfine -N --style none --warmup 1 --runs "$RUNS" \
		--export-json "$out/$name.json" "$@" 2>&1 >/dev/null |
		grep -v -e "Statistical outliers" -e "^ *$" >&2 || true
}

echo "berth bench: $N processes a run, $RUNS runs after a warm-up"

# 1. One process per booking: berth against the LMDB floor and sqlite3.
setup_store "$work/pp" 1000000 10
mkdir -p "$work/pp-floor"
sqlite3 "$work/pp-floor/peer.db" "PRAGMA journal_mode=WAL;
CREATE TABLE resource(name TEXT PRIMARY KEY, capacity INT);
CREATE TABLE booking(id INTEGER PRIMARY KEY, resource TEXT, start INT,
  end_ INT, quantity INT, customer TEXT);
CREATE INDEX booking_window ON booking(resource, start);
INSERT INTO resource VALUES ('r1', 1000000000);" >/dev/null
BERTH_DB="$work/pp" hf per-process \
	"sh bench/loop.sh berth $N $work/pp" \
	"sh bench/loop.sh floor $N $work/pp-floor" \
	"sh bench/loop.sh sqlite $N $work/pp-floor" \
	"sh bench/loop.sh quiet-off $N $work/pp"

# 2. The last place costs what the first did: a window with 49,999 units
#    (and an event with 49,999 seats) claimed, against empty ones.
setup_store "$work/full" 100000 100000
setup_store "$work/empty" 100000 100000
python3 - "$work/full.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(49999):
        f.write(json.dumps({"resource": "r1", "start": "2030-01-01T09:00Z",
                            "duration": "1h", "customer": "c%d" % i}) + "\n")
        f.write(json.dumps({"resource": "ev", "start": "2030-01-01T20:00Z",
                            "duration": "3h", "seats": [i + 1]}) + "\n")
PY
BERTH_DB="$work/full" "$BERTH" book --batch <"$work/full.jsonl" >/dev/null
echo 50000 >"$work/full/next-seat"
echo 50000 >"$work/empty/next-seat"
hf full-window \
	"env BERTH_DB=$work/full sh bench/loop.sh berth $N $work/full" \
	"env BERTH_DB=$work/empty sh bench/loop.sh berth $N $work/empty"
hf full-seats \
	"env BERTH_DB=$work/full sh bench/loop.sh seat $N $work/full" \
	"env BERTH_DB=$work/empty sh bench/loop.sh seat $N $work/empty"

python3 bench/report.py "$out" "$N" >bench/RESULTS.md
cat bench/RESULTS.md
