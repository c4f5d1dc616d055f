#!/bin/sh
# loop.sh WHAT N DIR: N bookings, one process each, for the per-process
# benchmarks. WHAT is berth, floor, sqlite or seat (a named seat each).
what=$1 n=$2 dir=$3
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
seat)
	# Each run books the next N seats after those already taken.
	base=$(cat "$dir/next-seat")
	while [ $i -lt "$n" ]; do
		"$BERTH" -q book ev 2030-01-01T20:00Z --duration 3h \
			--seat $((base + i)) || exit 1
		i=$((i + 1))
	done
	echo $((base + n)) >"$dir/next-seat" ;;
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
esac
