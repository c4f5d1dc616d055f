#!/usr/bin/env bats
# The LMDB map starts small and doubles when a transaction fills it, up to
# BERTH_MAP_MAX; other processes that have the store open adopt the new
# size. A command past the maximum fails with STORE_FULL and leaves the
# store as it was.

load helper

# N RESOURCE: N batch lines on RESOURCE. In awk: a loop in bash runs bats'
# debug trap at every command, and 20,000 lines took 15 s.
lines() {
	awk -v n="$1" -v r="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"resource\":\"%s\",\"start\":\"2026-07-01T09:00Z\",\"duration\":\"1h\",\"customer\":\"c%d\"}\n", r, i
	}'
}

map_size() { berth --format json stats | jq .map_size; }

@test "map: a store created with a 64K map grows transparently under load" {
	export BERTH_MAP_SIZE=64K
	berth init >/dev/null
	berth resource add r --capacity 100000 >/dev/null
	[ "$(map_size)" -eq 65536 ]
	lines 5000 r >"$BATS_TEST_TMPDIR/in"
	run berth book --batch <"$BATS_TEST_TMPDIR/in"
	assert_success
	[ "$(echo "$output" | wc -l)" -eq 5000 ]
	[ "$(map_size)" -gt 65536 ]
	[ "$(berth --format json stats | jq .bookings)" -eq 5000 ]
	run berth check
	assert_success
}

@test "map: a process that had the store open adopts a size another grew" {
	export BERTH_MAP_SIZE=64K
	berth init >/dev/null
	berth resource add r --capacity 100000 >/dev/null
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	# This batch opens the store and waits for its input with it open.
	berth book --batch <"$BATS_TEST_TMPDIR/fifo" >"$BATS_TEST_TMPDIR/late.out" &
	late=$!
	exec 5>"$BATS_TEST_TMPDIR/fifo"
	before=$(map_size)
	lines 3000 r | berth -q book --batch
	[ "$(map_size)" -gt "$before" ]
	# Now the waiting process writes into the grown map.
	lines 10 r >&5
	exec 5>&-
	wait "$late"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/late.out")" -eq 10 ]
	[ "$(jq -r .status "$BATS_TEST_TMPDIR/late.out" | sort -u)" = confirmed ]
	[ "$(berth --format json stats | jq .bookings)" -eq 3010 ]
	run berth check
	assert_success
}

@test "map: writers growing the map at once all succeed and nothing is overbooked" {
	export BERTH_MAP_SIZE=64K
	berth init >/dev/null
	berth resource add r --capacity 2000 >/dev/null
	lines 600 r >"$BATS_TEST_TMPDIR/in"
	for i in 1 2 3 4; do
		berth book --batch <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out.$i" &
	done
	wait
	# 2,400 asked on capacity 2,000: exactly 2,000 booked, whatever the order.
	cat "$BATS_TEST_TMPDIR"/out.* >"$BATS_TEST_TMPDIR/all"
	[ "$(jq -r 'select(.id) | .id' "$BATS_TEST_TMPDIR/all" | wc -l)" -eq 2000 ]
	[ "$(jq -r 'select(.error) | .error.code' "$BATS_TEST_TMPDIR/all" | sort -u)" = CAPACITY_FULL ]
	[ "$(map_size)" -gt 65536 ]
	run berth check
	assert_success
}

@test "map: past BERTH_MAP_MAX a command fails with STORE_FULL (10) and the store is intact" {
	export BERTH_MAP_SIZE=64K BERTH_MAP_MAX=4M
	berth init >/dev/null
	berth resource add r --capacity 100000 >/dev/null
	# Book one at a time in batches until the map is full.
	lines 20000 r >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr berth book --batch <"$BATS_TEST_TMPDIR/in"
	assert_failure 10
	[[ "$stderr" == "berth: STORE_FULL: "* ]]
	printed=$(echo "$output" | jq -r .id | sort)
	[ -n "$printed" ]
	stored=$(berth --format jsonl list | jq -r .id | sort)
	# Everything printed is stored, and nothing beyond whole groups.
	[ -z "$(comm -23 <(echo "$printed") <(echo "$stored"))" ]
	[ "$(map_size)" -le 4194304 ]
	# The same again: refused whole, the store byte for byte unchanged.
	before=$(store_dump)
	run --separate-stderr berth book --batch <"$BATS_TEST_TMPDIR/in"
	assert_failure 10
	[[ "$stderr" == "berth: STORE_FULL: "* ]]
	[ "$before" = "$(store_dump)" ]
	run berth check
	assert_success
}
