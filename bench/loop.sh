#!/bin/sh
# loop.sh WHAT N DIR [ARG]: N bookings, one process each, for the
# per-process benchmarks. WHAT is berth, quiet-off, floor, sqlite, psql (DIR
# is then the server's socket directory), seat (a named seat each), try
# (like berth, but a refusal for want of capacity is fine: the overbooking
# check), or admit (on resource ARG of store DIR, at the starts listed in
# DIR/starts, one a line). Or N questions on store DIR: slots (service
# S5's 45-minute windows on day ARG) or availability (of resource ARG).
what=$1 n=$2 dir=$3 arg=${4:-}
i=0
case $what in
berth)
	while [ $i -lt "$n" ]; do
		"$BERTH" -q book r1 2030-01-01T09:00Z --duration 1h || exit 1
		i=$((i + 1))
	done ;;
quiet-off)
	while [ $i -lt "$n" ]; do
		"$BERTH" book r1 2030-01-01T09:00Z --duration 1h >/dev/null || exit 1
		i=$((i + 1))
	done ;;
try)
	while [ $i -lt "$n" ]; do
		"$BERTH" -q book r1 2030-01-01T09:00Z --duration 1h 2>/dev/null
		rc=$?
		[ $rc -eq 0 ] || [ $rc -eq 4 ] || exit 1
		i=$((i + 1))
	done ;;
seat)
	# Each run books the next N seats after those already taken.
	base=$(cat "$dir/next-seat")
	while [ $i -lt "$n" ]; do
		"$BERTH" -q book ev 2030-01-01T20:00Z --duration 3h \
			--seat $((base + i)) || exit 1
		i=$((i + 1))
	done
	echo $((base + n)) >"$dir/next-seat" ;;
admit)
	# The same starts each run: the capacity is high enough that they
	# never fill, and both resources book the same ones.
	head -n "$n" "$dir/starts" | while read -r start; do
		"$BERTH" -q --db "$dir" book "$arg" "$start" --duration 1h || exit 1
	done || exit 1 ;;
slots)
	while [ $i -lt "$n" ]; do
		"$BERTH" --db "$dir" --format tsv slots --service S5 \
			--from "$arg" --to "$arg" --duration 45m >/dev/null || exit 1
		i=$((i + 1))
	done ;;
availability)
	while [ $i -lt "$n" ]; do
		"$BERTH" --db "$dir" --format tsv availability "$arg" >/dev/null || exit 1
		i=$((i + 1))
	done ;;
floor)
	while [ $i -lt "$n" ]; do
		"$FLOOR" "$dir/floor" 1000000000 >/dev/null || exit 1
		i=$((i + 1))
	done ;;
sqlite)
	while [ $i -lt "$n" ]; do
		sqlite3 "$dir/peer.db" "PRAGMA synchronous=FULL; BEGIN IMMEDIATE;
INSERT INTO booking(resource, start, end_, quantity, customer)
SELECT 'r1', 1893488400, 1893492000, 1, 'c'
WHERE (SELECT coalesce(sum(quantity), 0) FROM booking WHERE resource = 'r1'
       AND start < 1893492000 AND end_ > 1893488400) + 1
      <= (SELECT capacity FROM resource WHERE name = 'r1');
COMMIT;" >/dev/null || exit 1
		i=$((i + 1))
	done ;;
psql)
	# The seeds' create_booking_safe: lock the resource row, then check the
	# overlapping bookings against its capacity and insert, in one
	# transaction committed durably (fsync, synchronous_commit on).
	while [ $i -lt "$n" ]; do
		psql -X -q -h "$dir" -U bench -d bench -v ON_ERROR_STOP=1 -c "BEGIN;
SELECT capacity FROM resource WHERE name = 'r1' FOR UPDATE;
INSERT INTO booking(resource, start_, end_, quantity, customer)
SELECT 'r1', 1893488400, 1893492000, 1, 'c'
WHERE (SELECT coalesce(sum(quantity), 0) FROM booking WHERE resource = 'r1'
       AND start_ < 1893492000 AND end_ > 1893488400) + 1
      <= (SELECT capacity FROM resource WHERE name = 'r1');
COMMIT;" >/dev/null || exit 1
		i=$((i + 1))
	done ;;
esac
