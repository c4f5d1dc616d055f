#!/bin/sh
# make bench: each figure is the median of several hyperfine runs after a
# warm-up, and each ratio compares two commands measured side by side in
# the same run. Writes bench/RESULTS.md and the figures quoted in
# README.md. QUICK=1 for a short run (smaller stores, fewer runs). The psql
# peer runs when PostgreSQL is installed, unless BENCH_PG=0. ONLY=batch
# runs section 4 alone (and what it needs: the base store, the cluster)
# and prints its table, leaving bench/RESULTS.md as it was; ONLY=reschedule
# likewise section 13. ONLY=pg runs
# berth on PostgreSQL against its psql peers alone: section 1b (a booking
# a process) and section 4 with berth on LMDB, berth on PostgreSQL and
# the psql peers, on a batch of 20,000 requests; and prints their tables.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BERTH=${BERTH_BIN:-build/berth}
case $BERTH in /*) ;; *) BERTH="$top/$BERTH" ;; esac
FLOOR="$top/build/bench/floor"
export BERTH FLOOR
ONLY=${ONLY:-}
t_start=$(date +%s)
if [ "${QUICK:-}" = 1 ]; then
	N=50 RUNS=3 PG_RUNS=3 BIG=100000 QUICK=1
	CAL_DAYS=30 CAL_TO=2026-07-01 CAL_RECORDS=3333
else
	N=200 RUNS=10 PG_RUNS=5 BIG=1000000 QUICK=0
	CAL_DAYS=90 CAL_TO=2026-08-30 CAL_RECORDS=10000
fi
# The calendar (issue 8): 100 resources open 08:00-20:00 every day, so
# 45 one-hour starts a day on the 15-minute grid, from CAL_FROM to CAL_TO
# (CAL_DAYS days, both ends included), with CAL_RECORDS bookings; the
# memory row compares 9 days (to CAL_SHORT) with CAL_DAYS.
CAL_RES=100 CAL_FROM=2026-06-02 CAL_SHORT=2026-06-10
CONC=$((N * 2 / 8 * 8)) # bookings a concurrency run, split over the loops
BATCH=100000
[ "$ONLY" != pg ] || BATCH=20000
work=$(mktemp -d "${TMPDIR:-/tmp}/berth-bench.XXXXXX")
pg=""
cleanup() {
	if [ -n "$pg" ] && [ -f "$pg/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$pg/data" -m immediate -s stop || true
	fi
	[ -z "$pg" ] || rm -rf "$pg"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
out="$work/out" && mkdir -p "$out"
export BERTH_NOW=2026-06-01T10:00:00Z TZ=UTC LC_ALL=C USER="${USER:-bench}"
unset BERTH_DB BERTH_FORMAT BERTH_MAP_SIZE BERTH_MAP_MAX BERTH_ROLE
# The stores are made at BERTH_NOW; their pending bookings expire 10 or 20
# minutes later, so expire at T5 finds none due, at T15 the first 1,000,
# at T25 all of them.
T5=2026-06-01T10:05:00Z T15=2026-06-01T10:15:00Z T25=2026-06-01T10:25:00Z

note() { printf '%s\n' "$*" >&2; }
elapsed() { echo $(($(date +%s) - t_start)); }

# ONLY=reschedule: reschedule per process beside book per process
# (bench/reschedule.sh, section 13) alone, its row printed, RESULTS.md
# left as it was.
if [ "$ONLY" = reschedule ]; then
	BERTH_BIN=$BERTH RUNS=$((RUNS < 15 ? 15 : RUNS)) sh bench/reschedule.sh
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi

# hf NAME RUNS ARGS...: hyperfine over ARGS (commands, and a --prepare
# each), in RUNS rounds of one run of every command after a warm-up in the
# first, so the commands compared alternate every few seconds and a burst
# of load elsewhere on the machine falls on all of them alike. The runs'
# times are gathered in one JSON file for report.py.
hf() {
	name=$1 runs=$2
	shift 2
	note "[$(elapsed)s] $name"
	r=1
	while [ $r -le "$runs" ]; do
		hyperfine -N --style none --warmup $((r == 1)) --runs 1 \
			--export-json "$out/$name.$r.json" "$@" >/dev/null 2>"$out/$name.err" ||
			{ cat "$out/$name.err" >&2; note "bench: $name failed"; exit 1; }
		r=$((r + 1))
	done
	jq -s '{results: [range(0; .[0].results | length) as $i |
		{command: .[0].results[$i].command,
		 times: [.[].results[$i].times[]]}]}' \
		"$out/$name".[0-9]*.json >"$out/$name.json"
	rm -f "$out/$name".[0-9]*.json "$out/$name.err"
}

setup_store() { # DIR CAPACITY SEATS [BERTH]
	b=${4:-$BERTH}
	BERTH_DB=$1 "$b" -q init --tz UTC
	BERTH_DB=$1 "$b" -q resource add r1 --capacity "$2"
	BERTH_DB=$1 "$b" -q resource add ev --seats "$3"
}

# copy SRC DST: a fresh copy, on disk before the timed command runs, so no
# command pays for writing back the copy when it syncs.
copy() { rm -rf "$2" && cp -a "$1" "$2" && sync "$2/data.mdb"; }

# gen_store DIR RECORDS: a copy of the base store (1,000 resources and the
# probe) loaded with RECORDS bookings by book --batch: RECORDS/10 of them
# pending, 1,000 due at T15 and the rest at T25, 100 on the probe.
gen_store() {
	late=$(($2 / 10 - 1000))
	copy "$work/base" "$1"
	python3 bench/gen.py bookings --seed 1 --records "$2" --expiring 1000 \
		--expiring-later "$late" --probe 100 |
		"$BERTH" --db "$1" book --batch >/dev/null
	"$BERTH" --db "$1" --format json stats |
		jq -e ".bookings == $2 and .pending == $(($2 / 10))" >/dev/null ||
		{ note "bench: the $2-record store is not as generated"; exit 1; }
}

echo "berth bench: $N processes a loop, $RUNS runs after a warm-up" \
	"$([ $QUICK = 1 ] && echo "(QUICK: stores of $BIG records)")"
printf '{"n": %d, "runs": %d, "pg_runs": %d, "big": %d, "conc": %d, "batch": %d, "quick": %d, "cal_resources": %d, "cal_days": %d, "cal_records": %d, "cal_from": "%s", "cal_to": "%s", "load": "%s"}\n' \
	"$N" "$RUNS" "$PG_RUNS" "$BIG" "$CONC" "$BATCH" "$QUICK" \
	"$CAL_RES" "$CAL_DAYS" "$CAL_RECORDS" "$CAL_FROM" "$CAL_TO" \
	"$(cut -d' ' -f1-3 /proc/loadavg)" >"$out/params.json"

# 1. One process per booking: berth against the LMDB floor and sqlite3.
setup_store "$work/pp" 1000000 10
if [ -z "$ONLY" ]; then # (not indented, to keep the diff small)
mkdir -p "$work/pp-floor"
sqlite3 "$work/pp-floor/peer.db" "PRAGMA journal_mode=WAL;
CREATE TABLE resource(name TEXT PRIMARY KEY, capacity INT);
CREATE TABLE booking(id INTEGER PRIMARY KEY, resource TEXT, start INT,
  end_ INT, quantity INT, customer TEXT);
CREATE INDEX booking_window ON booking(resource, start);
INSERT INTO resource VALUES ('r1', 1000000000);" >/dev/null
BERTH_DB="$work/pp" hf per-process "$RUNS" \
	"sh bench/loop.sh berth $N $work/pp" \
	"sh bench/loop.sh floor $N $work/pp-floor" \
	"sh bench/loop.sh sqlite $N $work/pp-floor" \
	"sh bench/loop.sh quiet-off $N $work/pp"
fi # ONLY

# 1b. ... and psql against a throwaway PostgreSQL cluster on a Unix socket
#     in a temporary directory, when PostgreSQL is installed.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v initdb || command -v pg_ctl || echo /x/none)")
as_pg() { if [ -n "${pg_user:-}" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
pg_skip=""
if [ "${BENCH_PG:-}" = 0 ]; then
	pg_skip="BENCH_PG=0"
elif [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ] || ! command -v psql >/dev/null; then
	pg_skip="PostgreSQL is not installed (make bench BENCH_PG=1, or apt-get install postgresql)"
elif [ "$(id -u)" -eq 0 ]; then
	# initdb refuses to run as root: the cluster belongs to postgres.
	if id postgres >/dev/null 2>&1 && command -v runuser >/dev/null; then
		pg_user=postgres
	else
		pg_skip="running as root and there is no postgres user for initdb"
	fi
fi
# pg_start: the cluster and its database "bench", started once for every
# psql peer (the per-process one and the calendar's) and stopped by
# pg_stop once they have all run; sets pg_skip when it does not start.
pg_start() {
	pg=$(mktemp -d "${TMPDIR:-/tmp}/berth-bench-pg.XXXXXX")
	[ -z "${pg_user:-}" ] || chown "$pg_user" "$pg"
	if as_pg "$PGBIN/initdb" -D "$pg/data" -U bench --auth=trust -E UTF8 \
		--no-locale >"$pg/initdb.log" 2>&1 &&
		as_pg "$PGBIN/pg_ctl" -D "$pg/data" -l "$pg/log" -w -s -o \
			"-c listen_addresses='' -c unix_socket_directories='$pg' -c fsync=on -c synchronous_commit=on" \
			start; then
		psql -X -q -h "$pg" -U bench -d postgres -v ON_ERROR_STOP=1 \
			-c "CREATE DATABASE bench" >/dev/null
		"$PGBIN/postgres" --version >"$out/pg-version" 2>/dev/null || true
	else
		pg_skip="the throwaway cluster did not start (see initdb/pg_ctl)"
		cat "$pg/initdb.log" "$pg/log" 2>/dev/null | tail -n 5 >&2 || true
	fi
}
pg_stop() {
	[ -z "$pg" ] || [ ! -f "$pg/data/postmaster.pid" ] ||
		as_pg "$PGBIN/pg_ctl" -D "$pg/data" -m fast -s stop
}
[ -n "$pg_skip" ] || pg_start
if [ -z "$pg_skip" ] && [ "$ONLY" != batch ]; then
	psql -X -q -h "$pg" -U bench -d bench -v ON_ERROR_STOP=1 -c "
CREATE TABLE resource(name text PRIMARY KEY, capacity int NOT NULL);
CREATE TABLE booking(id bigserial PRIMARY KEY,
  resource text NOT NULL REFERENCES resource, start_ bigint NOT NULL,
  end_ bigint NOT NULL, quantity int NOT NULL, customer text);
CREATE INDEX booking_window ON booking(resource, start_);
INSERT INTO resource VALUES ('r1', 1000000000);
CREATE SCHEMA berth;" >/dev/null
	# berth itself on the same server, over the same socket: a store in
	# the schema berth, as the LMDB one (pp) was set up. Last, so that
	# the first two columns stay what they were.
	pgurl="postgresql:///bench?host=$pg&user=bench&options=-csearch_path%3Dberth"
	setup_store "$pgurl" 1000000 10
	BERTH_DB="$work/pp" hf per-process-pg "$PG_RUNS" \
		"sh bench/loop.sh berth $N $work/pp" \
		"sh bench/loop.sh psql $N $pg" \
		"env BERTH_DB=$pgurl sh bench/loop.sh berth $N $work/pp"
fi
[ -z "$pg_skip" ] || { note "bench: psql peer skipped: $pg_skip"; echo "$pg_skip" >"$out/pg-skip"; }

# 1c. Against an earlier berth (BEFORE=path to its binary), side by side,
#     each on a store it made: what a change cost a booking.
if [ -z "$ONLY" ]; then # 1c to 3 (not indented, to keep the diff small)
if [ -n "${BEFORE:-}" ]; then
	case $BEFORE in /*) ;; *) BEFORE="$top/$BEFORE" ;; esac
	echo "$(basename "$BEFORE"), $("$BEFORE" --version)" >"$out/before-version"
	# Both on fresh stores of their own, so that neither books into
	# the other's history.
	setup_store "$work/pp-now" 1000000 10
	setup_store "$work/pp-before" 1000000 10 "$BEFORE"
	hf per-process-before "$RUNS" \
		"env BERTH_DB=$work/pp-now sh bench/loop.sh berth $N $work/pp-now" \
		"env BERTH=$BEFORE BERTH_DB=$work/pp-before sh bench/loop.sh berth $N $work/pp-before"
fi

# 1d. What the seals cost a booking: the share of one `book`'s
#     instructions spent computing and checking them (valgrind's
#     callgrind counts instructions, whatever else the machine does).
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
	BERTH_DB="$work/pp" valgrind --tool=callgrind -q \
		--callgrind-out-file="$work/seal.cg" "$BERTH" -q book r1 \
		2030-01-02T09:00Z --duration 1h
	callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$work/seal.cg" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
		     /:seal_of / { gsub(",", "", $1); seal = $1 }
		     END { if (total) printf "{\"total\": %d, \"seal\": %d}\n", total, seal }' \
		>"$out/seal.json"
fi

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
hf full-window "$RUNS" \
	"env BERTH_DB=$work/full sh bench/loop.sh berth $N $work/full" \
	"env BERTH_DB=$work/empty sh bench/loop.sh berth $N $work/empty"
hf full-seats "$RUNS" \
	"env BERTH_DB=$work/full sh bench/loop.sh seat $N $work/full" \
	"env BERTH_DB=$work/empty sh bench/loop.sh seat $N $work/empty"

# 3. Concurrency: 1, 2, 4 and 8 loops booking the same resource at once,
#    CONC bookings a run between them; then no slot may be overbooked.
setup_store "$work/conc" 1000000 10
BERTH_DB="$work/conc" hf concurrency "$RUNS" \
	"sh bench/conc.sh 1 $CONC" "sh bench/conc.sh 2 $CONC" \
	"sh bench/conc.sh 4 $CONC" "sh bench/conc.sh 8 $CONC"
BERTH_DB="$work/conc" "$BERTH" -q check ||
	{ note "bench: check failed after the concurrency runs"; exit 1; }
want=$(((RUNS + 1) * 4 * CONC))
got=$("$BERTH" --db "$work/conc" --format json stats | jq .confirmed)
[ "$got" -eq "$want" ] || { note "bench: $got bookings, not $want"; exit 1; }
# ... and 8 loops racing for the last 100 places: exactly 100 win.
setup_store "$work/tight" 100 10
BERTH_DB="$work/tight" sh bench/conc.sh 8 400 try
tight=$("$BERTH" --db "$work/tight" --format json stats | jq .confirmed)
if BERTH_DB="$work/tight" "$BERTH" -q check; then tight_check=ok; else tight_check=failed; fi
printf '{"booked": %d, "attempts": 400, "loops": 8, "capacity": 100, "check": "%s", "conc_check": "ok", "conc_bookings": %d}\n' \
	"$tight" "$tight_check" "$got" >"$out/overbook.json"
[ "$tight" -eq 100 ] && [ "$tight_check" = ok ] ||
	{ note "bench: OVERBOOKED: $tight booked of 100, check $tight_check"; exit 1; }
fi # ONLY

# The stores for batch, expiry and memory: 1,000 resources and a probe
# (gen.py), the store's pending_timeout 20m and that of the first ten
# resources 10m, then 10,000, 100,000 and (full run) 1,000,000 bookings.
note "[$(elapsed)s] building the stores"
base_store() { # DIR BERTH
	BERTH_DB="$1" "$2" -q init --tz UTC
	BERTH_DB="$1" "$2" -q policy set pending_timeout 20m
	python3 bench/gen.py resources --resources 1000 --early 10 |
		while read -r name cap timeout; do
			BERTH_DB="$1" "$2" -q resource add "$name" --capacity "$cap"
			[ "$timeout" = - ] || BERTH_DB="$1" "$2" -q policy set \
				pending_timeout "$timeout" --resource "$name"
		done
}
base_store "$work/base" "$BERTH"
[ -z "${BEFORE:-}" ] || base_store "$work/base-before" "$BEFORE"
sizes="10000 100000"
[ $QUICK = 1 ] || sizes="$sizes 1000000"
[ -z "$ONLY" ] || sizes=""
for m in $sizes; do
	t0=$(date +%s)
	gen_store "$work/s$m" "$m"
	echo "$m $(($(date +%s) - t0))" >>"$out/build-times"
done

# 4. Batch: 100,000 requests on the 1,000 resources, into a fresh copy of
#    the base store each run, side by side with its peers (the LMDB floor,
#    sqlite3 and PostgreSQL, set-based and a statement a request: see
#    bench/batch-peers.sh), which must book as many.
python3 bench/gen.py bookings --seed 2 --records $BATCH >"$work/batch.jsonl"
. bench/batch-peers.sh
if [ -n "${BEFORE:-}" ]; then
	hf batch-before "$RUNS" \
		--prepare "sh -c 'rm -rf $work/bx && cp -a $work/base $work/bx && sync $work/bx/data.mdb'" \
		--prepare "sh -c 'rm -rf $work/by && cp -a $work/base-before $work/by && sync $work/by/data.mdb'" \
		"sh -c '$BERTH --db $work/bx book --batch <$work/batch.jsonl >/dev/null'" \
		"sh -c '$BEFORE --db $work/by book --batch <$work/batch.jsonl >/dev/null'"
	rm -rf "$work/by"
fi
"$BERTH" --db "$work/bp/berth" --format json stats | jq -e ".bookings == $BATCH" >/dev/null ||
	{ note "bench: the batch did not book every request"; exit 1; }
if [ -n "$ONLY" ]; then
	pg_stop
	python3 bench/report.py --only "$ONLY" "$out"
	exit 0
fi

# 5. Expiry: nothing due in the big store against the empty base store
#    (neither changes, so no copies and more runs), then 1,000 due in
#    10,000 records and in the big store, and BIG/10 due in the big store,
#    each on a fresh copy.
hf expiry-0 $((RUNS * 3)) \
	"$BERTH -q --db $work/s$BIG --now $T5 expire" \
	"$BERTH -q --db $work/base --now $T5 expire"
prep() { echo "sh -c 'rm -rf $work/x && cp -a $work/s$1 $work/x && sync $work/x/data.mdb'"; }
exp() { echo "$BERTH -q --db $work/x --now $1 expire"; }
if [ $QUICK = 1 ]; then
	hf expiry-n "$RUNS" --prepare "$(prep 10000)" --prepare "$(prep $BIG)" \
		--prepare "$(prep $BIG)" "$(exp $T15)" "$(exp $T15)" "$(exp $T25)"
else # and 1,000 due in 100,000 records, between the two
	hf expiry-n "$RUNS" --prepare "$(prep 10000)" --prepare "$(prep $BIG)" \
		--prepare "$(prep $BIG)" --prepare "$(prep 100000)" \
		"$(exp $T15)" "$(exp $T15)" "$(exp $T25)" "$(exp $T15)"
fi
rm -rf "$work/x"

# 6. Memory: peak RSS (/usr/bin/time) of book, list --resource and expire
#    (1,000 due) as the store grows; the probe holds 100 bookings in each.
note "[$(elapsed)s] memory"
rss() { # NAME SIZE CMD...: appends "NAME SIZE KB"
	name=$1 size=$2
	shift 2
	/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null
	echo "$name $size $(tail -n 1 "$work/rss")" >>"$out/memory"
}
for m in $sizes; do
	copy "$work/s$m" "$work/x"
	rss expire "$m" "$BERTH" -q --db "$work/x" --now "$T15" expire
	rss book "$m" "$BERTH" -q --db "$work/x" book probe 2031-01-01T10:00Z --duration 1h
	rss list "$m" "$BERTH" --db "$work/x" list --resource probe
	rm -rf "$work/x"
done

# 7. The calendar (issue 8). The store: CAL_RES resources of capacity 1,
#    open 08:00-20:00 every day, a service S over all of them and S5 over
#    the first five, and the gen.py calendar bookings (none overlapping,
#    so every one is admitted).
note "[$(elapsed)s] calendar"
cal="$work/cal"
BERTH_DB=$cal "$BERTH" -q init --tz UTC
i=1 all=""
while [ $i -le $CAL_RES ]; do
	r=$(printf c%03d $i)
	BERTH_DB=$cal "$BERTH" -q resource add "$r" --capacity 1 --slot 15m
	BERTH_DB=$cal "$BERTH" -q hours set "$r" 'mon-sun 08:00-20:00'
	all="$all${all:+,}$r" i=$((i + 1))
done
BERTH_DB=$cal "$BERTH" -q service add S --duration 1h --resources "$all"
BERTH_DB=$cal "$BERTH" -q service add S5 --duration 45m \
	--resources c001,c002,c003,c004,c005
python3 bench/gen.py calendar --seed 1 --resources $CAL_RES \
	--records $CAL_RECORDS --start $CAL_FROM --days $CAL_DAYS >"$work/cal.jsonl"
"$BERTH" --db "$cal" book --batch <"$work/cal.jsonl" >/dev/null
"$BERTH" --db "$cal" --format json stats | jq -e ".confirmed == $CAL_RECORDS" >/dev/null ||
	{ note "bench: the calendar store is not as generated"; exit 1; }
slots() { # TO: the whole calendar's free one-hour windows up to TO
	echo "$BERTH --db $cal --format tsv slots --service S --from $CAL_FROM --to $1 --duration 1h"
}

# 7a. The whole calendar through slots: candidates a second, and against
#     the same question put to PostgreSQL as a booking app puts it (the
#     grid from generate_series, a NOT EXISTS overlap check on the
#     bookings indexed by (resource, start)), once both answers are shown
#     to be the same rows.
hf calendar "$RUNS" "$(slots $CAL_TO)"
if [ -z "$pg_skip" ]; then
	jq -r '[.resource, .start, .duration] | @tsv' "$work/cal.jsonl" >"$work/cal.tsv"
	chmod a+r "$work/cal.tsv"
	PGTZ=UTC psql -X -q -h "$pg" -U bench -d bench -v ON_ERROR_STOP=1 <<EOF >/dev/null
CREATE SCHEMA cal;
SET search_path = cal;
CREATE TABLE resource(name text PRIMARY KEY, capacity int NOT NULL);
CREATE TABLE hours(resource text NOT NULL REFERENCES resource,
  isodow int NOT NULL, opens time NOT NULL, closes time NOT NULL);
CREATE TABLE service(name text PRIMARY KEY, duration interval NOT NULL);
CREATE TABLE service_resource(service text REFERENCES service,
  resource text REFERENCES resource, PRIMARY KEY (service, resource));
CREATE TABLE booking(id bigserial PRIMARY KEY,
  resource text NOT NULL REFERENCES resource,
  start_ timestamptz NOT NULL, end_ timestamptz NOT NULL);
CREATE INDEX booking_window ON booking(resource, start_);
INSERT INTO resource SELECT format('c%s', lpad(i::text, 3, '0')), 1
  FROM generate_series(1, $CAL_RES) i;
INSERT INTO hours SELECT name, d, '08:00', '20:00'
  FROM resource, generate_series(1, 7) d;
INSERT INTO service VALUES ('S', '1 hour');
INSERT INTO service_resource SELECT 'S', name FROM resource;
CREATE TEMP TABLE load(resource text, start_ timestamptz, duration interval);
\copy load FROM '$work/cal.tsv'
INSERT INTO booking(resource, start_, end_)
  SELECT resource, start_, start_ + duration FROM load;
ANALYZE;
EOF
	# Every start on the 15-minute grid of each day's hours that leaves
	# the whole hour inside them, kept when no booking overlaps it; the
	# times printed as slots prints them (the session's zone is UTC).
	cat >"$work/cal.sql" <<EOF
SET TIME ZONE 'UTC';
COPY (
SELECT r.name,
  to_char(g.s, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'),
  to_char(g.s + sv.duration, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'),
  r.capacity
FROM cal.service sv
JOIN cal.service_resource sr ON sr.service = sv.name
JOIN cal.resource r ON r.name = sr.resource
CROSS JOIN generate_series(date '$CAL_FROM', date '$CAL_TO', interval '1 day') d(day)
JOIN cal.hours h ON h.resource = r.name AND h.isodow = extract(isodow FROM d.day)
CROSS JOIN LATERAL generate_series(d.day + h.opens,
  d.day + h.closes - sv.duration, interval '15 minutes') g(s)
WHERE sv.name = 'S'
  AND NOT EXISTS (SELECT 1 FROM cal.booking b
    WHERE b.resource = r.name AND b.start_ < g.s + sv.duration
      AND b.end_ > g.s)
) TO STDOUT;
EOF
	pg_cal="psql -X -q -h $pg -U bench -d bench -v ON_ERROR_STOP=1 -f $work/cal.sql"
	$(slots $CAL_TO) | tail -n +2 | sort >"$work/cal-berth.out"
	$pg_cal | sort >"$work/cal-pg.out"
	cmp -s "$work/cal-berth.out" "$work/cal-pg.out" || {
		note "bench: slots and PostgreSQL differ on the calendar:"
		diff "$work/cal-berth.out" "$work/cal-pg.out" | head -n 10 >&2
		exit 1
	}
	wc -l <"$work/cal-berth.out" >"$out/cal-rows"
	hf calendar-pg "$PG_RUNS" "$(slots $CAL_TO)" "$pg_cal"
fi
pg_stop

# 7b. Peak memory of the same question over 9 days and over CAL_DAYS:
#     RSS (/usr/bin/time), which counts the store's pages touched too, and
#     the heap alone (valgrind massif's peak: heap and its overhead).
for to in $CAL_SHORT $CAL_TO; do
	/usr/bin/time -f %M -o "$work/rss" $(slots $to) >/dev/null
	echo "rss $to $(tail -n 1 "$work/rss")" >>"$out/cal-memory"
	if command -v valgrind >/dev/null; then
		valgrind -q --tool=massif --massif-out-file="$work/massif" \
			$(slots $to) >/dev/null
		awk -v to=$to '/^mem_heap_B=/ { split($0, a, "="); h = a[2] }
			/^mem_heap_extra_B=/ { split($0, a, "="); if (h + a[2] > m) m = h + a[2] }
			END { printf "heap %s %d\n", to, m / 1024 }' \
			"$work/massif" >>"$out/cal-memory"
	fi
done

# 7c. One customer's question, a whole process each: a service's
#     45-minute windows on one day across its 5 resources, against
#     availability of one of them, on the same store.
hf customer "$RUNS" \
	"sh bench/loop.sh slots $N $cal 2026-06-03" \
	"sh bench/loop.sh availability $N $cal c001"

# 7d. Admission: book, one process each, on a resource whose hours, 50
#     holidays, 20 time off ranges and buffer are all in force, against
#     one with none of them, in one store; every booking is admitted (the
#     starts avoid the closures, the capacity never fills).
adm="$work/adm"
BERTH_DB=$adm "$BERTH" -q init --tz UTC
BERTH_DB=$adm "$BERTH" -q resource add cal --capacity 1000000 --buffer 15m
BERTH_DB=$adm "$BERTH" -q hours set cal 'mon-fri 09:00-18:00'
BERTH_DB=$adm "$BERTH" -q resource add plain --capacity 1000000
python3 bench/gen.py admission --seed 1 --count $N --holidays 50 --timeoff 20 \
	--year 2030 >"$work/adm.txt"
while read -r what a b; do
	case $what in
	holiday) BERTH_DB=$adm "$BERTH" -q holiday add "$a" --resource cal ;;
	timeoff) BERTH_DB=$adm "$BERTH" -q timeoff add cal --from "$a" --to "$b" ;;
	start) echo "$a" >>"$adm/starts" ;;
	esac
done <"$work/adm.txt"
hf admission "$RUNS" \
	"sh bench/loop.sh admit $N $adm cal" \
	"sh bench/loop.sh admit $N $adm plain"
want=$(((RUNS + 1) * N * 2))
got=$("$BERTH" --db "$adm" --format json stats | jq .confirmed)
[ "$got" -eq "$want" ] || { note "bench: admission booked $got, not $want"; exit 1; }

# 8. The audit chain and the outbox.
. "$top/bench/events.sh"
# 9. Queries cost what they answer (issue 16): bench/queries.sh.
. "$top/bench/queries.sh"
# 10. The whole store (issue 16): check, backup, list and bytes a booking.
. "$top/bench/wholestore.sh"

# 11. export --all | import beside book --batch (issue 12): bench/import.sh.
note "[$(elapsed)s] import"
BERTH_BIN=$BERTH TMPDIR=$work sh "$top/bench/import.sh" "$([ -n "${QUICK:-}" ] && echo 20000 || echo 100000)" >"$out/import.txt"

# 12. The waitlist (issue 11): a cancel with 10,000 entries waiting on
# other days against one with none, side by side (bench/waitlist.sh).
note "[$(elapsed)s] waitlist"
BERTH_BIN=$BERTH RUNS=$RUNS ENTRIES=$([ "$QUICK" = 1 ] && echo 2000 || echo 10000) \
	sh bench/waitlist.sh >"$out/waitlist.txt"

# 13. reschedule per process beside book per process (issue 11: within
# 1.3x), side by side (bench/reschedule.sh).
note "[$(elapsed)s] reschedule"
BERTH_BIN=$BERTH RUNS=$((RUNS < 15 ? 15 : RUNS)) sh bench/reschedule.sh >"$out/reschedule.txt"

elapsed >"$out/wall"
python3 bench/report.py "$out" README.md >bench/RESULTS.md
# import's rows as bench/import.sh prints them (CPU beside wall: import is
# CPU-bound, and a loaded machine inflates only the wall clock), and the
# waitlist's as bench/waitlist.sh does.
{
	printf '\n## export --all | import (bench/import.sh)\n\n'
	sed 's/^/    /' "$out/import.txt"
	echo
	echo "## The waitlist: a cancel beside 10,000 entries on other days (bench/waitlist.sh)"
	echo
	sed 's/^/    /' "$out/waitlist.txt"
	echo
	echo "## reschedule beside book, one process each (bench/reschedule.sh)"
	echo
	echo "| figure | berth | peer | peer's | ratio | budget | verdict |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	grep '^|' "$out/reschedule.txt"
	echo
	grep -v '^|' "$out/reschedule.txt" || true
} >>bench/RESULTS.md
cat bench/RESULTS.md
