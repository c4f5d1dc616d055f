#!/usr/bin/env bats
# Many processes at once against one store: capacity and seats are never
# overbooked, each loser is told why, and the store stays consistent.

bats_require_minimum_version 1.5.0
load helper

N=24

# A start gate without sleeping: gate_close holds an exclusive flock that
# every process waits on (gate_wait) before it runs; gate_open lets them all
# go together.
gate_close() {
	exec {GATE}>"$1/gate"
	flock -x "$GATE"
}
gate_wait() {
	exec {GATE}>&-
	flock -s "$1/gate" true
}
gate_open() {
	flock -u "$GATE"
	exec {GATE}>&-
}

# race DIR ARGS...: starts N `berth ARGS` at once (ARGS may use {i} for the
# process number), waits for all, and leaves DIR/rc.i, DIR/out.i, DIR/err.i.
race() {
	local dir=$1 i
	shift
	mkdir -p "$dir"
	gate_close "$dir"
	for i in $(seq 1 $N); do
		(
			gate_wait "$dir"
			rc=0
			berth "${@//\{i\}/$i}" >"$dir/out.$i" 2>"$dir/err.$i" || rc=$?
			echo $rc >"$dir/rc.$i"
		) &
	done
	gate_open
	wait
	for i in $(seq 1 $N); do
		[ -s "$dir/rc.$i" ] || {
			echo "process $i left no exit status" >&2
			return 1
		}
	done
}

# how many processes exited with CODE
exits() { grep -lx "$2" "$1"/rc.* 2>/dev/null | wc -l; }

@test "race: $N processes book a window of capacity 3: exactly 3 win" {
	seed
	race "$BATS_TEST_TMPDIR/r" --format json book workshop 2026-06-10T09:00 --duration 1h --customer c{i}
	[ "$(exits "$BATS_TEST_TMPDIR/r" 0)" -eq 3 ]
	[ "$(exits "$BATS_TEST_TMPDIR/r" 4)" -eq $((N - 3)) ]
	for i in $(seq 1 $N); do
		if [ "$(cat "$BATS_TEST_TMPDIR/r/rc.$i")" = 0 ]; then
			[ "$(jq -r .status "$BATS_TEST_TMPDIR/r/out.$i")" = confirmed ]
			[ ! -s "$BATS_TEST_TMPDIR/r/err.$i" ]
		else
			[ "$(jq -r .error.code "$BATS_TEST_TMPDIR/r/err.$i")" = CAPACITY_FULL ]
			[ "$(wc -l <"$BATS_TEST_TMPDIR/r/err.$i")" -eq 1 ]
			[ ! -s "$BATS_TEST_TMPDIR/r/out.$i" ]
		fi
	done
	[ "$(berth --format jsonl list --resource workshop | wc -l)" -eq 3 ]
	[ "$(field booked -- availability workshop --at 2026-06-10T09:00)" = 3 ]
	# the winners' ids are distinct and are the bookings in the store
	[ "$(cat "$BATS_TEST_TMPDIR"/r/out.* | jq -r .id | sort | paste -sd,)" = \
		"$(berth --format jsonl list --resource workshop | jq -r .id | sort | paste -sd,)" ]
	run berth check
	assert_success
}

@test "race: $N processes book seat 7: exactly 1 wins, the rest SEAT_TAKEN" {
	seed
	race "$BATS_TEST_TMPDIR/r" book concert 2026-06-15T20:00 --duration 3h --seat 7 --customer c{i}
	[ "$(exits "$BATS_TEST_TMPDIR/r" 0)" -eq 1 ]
	[ "$(exits "$BATS_TEST_TMPDIR/r" 4)" -eq $((N - 1)) ]
	[ "$(cat "$BATS_TEST_TMPDIR"/r/err.* | cut -d: -f2 | sort | uniq -c | awk '{print $1, $2}')" = "$((N - 1)) SEAT_TAKEN" ]
	[ "$(berth --format jsonl list --resource concert | jq -c .seats | paste -sd,)" = '[7]' ]
	[ "$(field booked -- availability concert --at 2026-06-15T20:00)" = 1 ]
	run berth check
	assert_success
}

@test "race: $N processes mixing locks and books on capacity 3" {
	seed
	dir=$BATS_TEST_TMPDIR/r
	mkdir -p "$dir"
	gate_close "$dir"
	for i in $(seq 1 $N); do
		verb=book
		[ $((i % 2)) -eq 0 ] && verb=lock
		(
			gate_wait "$dir"
			rc=0
			berth $verb workshop 2026-06-10T09:00 --duration 1h >"$dir/out.$i" 2>"$dir/err.$i" || rc=$?
			echo $rc >"$dir/rc.$i"
		) &
	done
	gate_open
	wait
	[ "$(exits "$dir" 0)" -eq 3 ]
	[ "$(exits "$dir" 4)" -eq $((N - 3)) ]
	held=$(field held -- availability workshop --at 2026-06-10T09:00)
	booked=$(field booked -- availability workshop --at 2026-06-10T09:00)
	[ $((held + booked)) -eq 3 ]
	run berth check
	assert_success
}

@test "race: $N processes with --quantity 2 on capacity 5: exactly 2 win" {
	seed
	berth resource add room --capacity 5 >/dev/null
	race "$BATS_TEST_TMPDIR/r" book room 2026-06-10T09:00 --duration 1h --quantity 2
	[ "$(exits "$BATS_TEST_TMPDIR/r" 0)" -eq 2 ]
	[ "$(exits "$BATS_TEST_TMPDIR/r" 4)" -eq $((N - 2)) ]
	[ "$(field available -- availability room --at 2026-06-10T09:00)" = 1 ]
	run berth check
	assert_success
}

@test "race: $N processes with one idempotency key: one booking, same answer" {
	seed
	race "$BATS_TEST_TMPDIR/r" --format json book workshop 2026-06-10T09:00 --duration 1h --idempotency-key same
	[ "$(exits "$BATS_TEST_TMPDIR/r" 0)" -eq $N ]
	[ "$(cat "$BATS_TEST_TMPDIR"/r/out.* | sort -u | wc -l)" -eq 1 ]
	[ "$(berth --format jsonl list --resource workshop | wc -l)" -eq 1 ]
	run berth check
	assert_success
}

@test "race: $N batches of 3 lines on capacity 3: exactly 3 lines win" {
	seed
	dir=$BATS_TEST_TMPDIR/r
	mkdir -p "$dir"
	line='{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"1h"}'
	gate_close "$dir"
	for i in $(seq 1 $N); do
		(
			gate_wait "$dir"
			rc=0
			printf '%s\n%s\n%s\n' "$line" "$line" "$line" |
				berth book --batch >"$dir/out.$i" 2>"$dir/err.$i" || rc=$?
			echo $rc >"$dir/rc.$i"
		) &
	done
	gate_open
	wait
	[ "$(cat "$dir"/out.* | jq -r 'select(.id) | .id' | wc -l)" -eq 3 ]
	[ "$(cat "$dir"/out.* | jq -r 'select(.error) | .error.code' | sort -u)" = CAPACITY_FULL ]
	[ "$(cat "$dir"/out.* | wc -l)" -eq $((3 * N)) ]
	[ "$(berth --format jsonl list --resource workshop | wc -l)" -eq 3 ]
	run berth check
	assert_success
}
