#!/usr/bin/env bats
# A damaged store is never acted on (SPEC invariant 9): the cases found by
# attacking a store from outside, each with the damage that showed it.

load helper

@test "integrity: a seat entry cut short is damage, never a free seat" {
	berth init >/dev/null
	berth resource add hall --seats 10 --tz Europe/Paris >/dev/null
	berth book hall 2026-06-15T20:00 --duration 2h --seat 1 >/dev/null
	damage seat cut 8
	refuses 10 STORE_CORRUPT -- book hall 2026-06-15T20:00 --duration 2h --seat 1
	run --separate-stderr berth book hall 2026-06-15T20:00 --duration 2h --seat 1
	[[ "$stderr" == *"seat index"*"hall seat 1"* ]]
	# Seats chosen by berth read the same entry.
	refuses 10 STORE_CORRUPT -- book hall 2026-06-15T20:00 --duration 2h
	run berth check
	assert_failure 10
}

@test "integrity: a usage profile missing its first point is damage, never room" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	damage profile delete
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T09:00 --duration 1h
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T09:30 --duration 1h
	run berth check
	assert_failure 10
}

@test "integrity: a profile level out of range is damage, never arithmetic" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	# The first point's level made INT64_MAX under a good seal, as a
	# buggy writer would leave it: version 1, the level and the step in
	# zigzag LEB128, and a seal the tool makes right.
	damage profile set 01feffffffffffffffff010200000000 --reseal
	run --separate-stderr berth book room 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 10 ]
	[[ "$stderr" == *"usage profile"*"room at"*"out of range"* ]]
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T08:00 --duration 3h
	run berth check
	assert_failure 10
	# Level 2 after a step of 2, each in range and sealed: the point after
	# (a step of -1 to 0) no longer adds up.
	damage profile set 01040400000000 --reseal
	run --separate-stderr berth book room 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 10 ]
	[[ "$stderr" == *"usage profile"*"does not follow"* ]]
	run berth check
	assert_failure 10
}

@test "integrity: the damage tool seals as berth does" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	for t in meta resource resid booking span profile byres audit audit_by; do
		before=$(damage dump "$t" | tail -n 1)
		damage "$t" reseal --entry -1
		[ "$(damage dump "$t" | tail -n 1)" = "$before" ] || { echo "$t"; false; }
	done
}

@test "integrity: a forged expiry entry does not free a live claim's capacity" {
	berth init >/dev/null
	berth resource add room >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h --pending >/dev/null
	# Move the pending booking's expiry entry into the past, sealed as
	# berth would seal it: the record still says it expires at 10:30, so
	# it still counts.
	k=$(damage dump expiry | cut -d' ' -f1)
	past=$(printf '%s%016x%s' "${k:0:8}" $((0x8000000000000000 + 1000)) "${k:24}")
	damage expiry put "$past" --reseal
	damage expiry delete --key "$k"
	run --separate-stderr berth book room 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 10 ]
	[[ "$stderr" == *"expiry index"*"b1"*"record says otherwise"* ]]
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T09:00 --duration 1h
	run berth check
	assert_failure 10
}

@test "integrity: check finds damage in every primary table and index" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth policy set hold_ttl 10m >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h --pending --idempotency-key k1 >/dev/null
	cp -a "$BERTH_DB" "$BATS_TEST_TMPDIR/clean"
	for t in resource resid idem policy due byres audit audit_by; do
		rm -rf "$BERTH_DB" && cp -a "$BATS_TEST_TMPDIR/clean" "$BERTH_DB"
		damage "$t" flip
		run berth check
		[ "$status" -eq 10 ] || { echo "flip $t: check exit $status: $output"; false; }
	done
	# A shortened audit log: its newest record removed (the last entry
	# of the table is the id counters).
	rm -rf "$BERTH_DB" && cp -a "$BATS_TEST_TMPDIR/clean" "$BERTH_DB"
	damage audit delete --entry -2
	run berth check
	[ "$status" -eq 10 ] || { echo "cut audit: check exit $status: $output"; false; }
	[[ "$output" == *"the id counters"*"missing"* ]]
	# And the counters themselves gone.
	rm -rf "$BERTH_DB" && cp -a "$BATS_TEST_TMPDIR/clean" "$BERTH_DB"
	damage audit delete --entry -1
	run berth check
	[ "$status" -eq 10 ]
	refuses 10 STORE_CORRUPT -- book room 2026-06-11T09:00 --duration 1h
}

@test "integrity: a store whose format record is gone is damage, never a new store" {
	berth init >/dev/null
	berth resource add room >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h --customer a >/dev/null
	damage meta delete --key "$(printf schema | xxd -p)"
	refuses 10 STORE_CORRUPT -- book room 2026-06-11T09:00 --duration 1h
	refuses 10 STORE_CORRUPT -- init
	refuses 10 STORE_CORRUPT -- list
}

@test "integrity: a format record that disagrees with its sealed copy is damage" {
	berth init >/dev/null
	berth resource add room >/dev/null
	for v in 00000001 00000002 00000000; do
		rm -rf "$BATS_TEST_TMPDIR/c" && cp -a "$BERTH_DB" "$BATS_TEST_TMPDIR/c"
		BERTH_DB="$BATS_TEST_TMPDIR/c" damage meta set "$v" --key "$(printf schema | xxd -p)"
		BERTH_DB="$BATS_TEST_TMPDIR/c" run --separate-stderr berth list
		[ "$status" -eq 10 ] || { echo "$v: $status"; false; }
		[[ "$stderr" == "berth: STORE_CORRUPT: "* ]] || { echo "$v: $stderr"; false; }
	done
}

@test "integrity: a counter forged behind its records never overwrites one" {
	berth init >/dev/null
	berth resource add room --capacity 5 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h --customer first >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h --customer second >/dev/null
	# The id counters end the audit table: version, the last hold,
	# booking, resource and audit record given, seal. The bookings' made
	# to say 1 under a good seal: the next id would be b2.
	v=$(damage dump audit | tail -n 1 | cut -d' ' -f2)
	damage audit set "${v:0:18}0000000000000001${v:34}" --entry -1 --reseal
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T09:00 --duration 1h --customer third
	[ "$(berth --format json show b2 2>/dev/null | jq -r .customer)" = second ] ||
		[ "$(BERTH_DB=$BERTH_DB berth check >/dev/null 2>&1; echo $?)" -eq 10 ]
}

@test "integrity: a forged seat entry does not free a live claim's seat" {
	berth init >/dev/null
	berth resource add hall --seats 10 >/dev/null
	berth book hall 2026-06-15T20:00 --duration 2h --seat 1 >/dev/null
	# The confirmed booking's seat entry made to say, under a good seal,
	# that it expired in 1970: version, end, expiry, seal.
	v=$(damage dump seat | head -n 1 | cut -d' ' -f2)
	damage seat set "${v:0:18}00000000000003e8${v:34}" --reseal
	run --separate-stderr berth book hall 2026-06-15T20:00 --duration 2h --seat 1
	[ "$status" -eq 10 ]
	[[ "$stderr" == *"seat index"*"hall seat 1"*"record says otherwise"* ]]
	refuses 10 STORE_CORRUPT -- book hall 2026-06-15T20:00 --duration 2h
}

@test "integrity: a due entry whose claim is gone is damage, not NOT_FOUND" {
	berth init >/dev/null
	berth resource add room >/dev/null
	berth lock room 2026-06-10T09:00 --duration 1h >/dev/null
	damage hold delete
	BERTH_NOW=2026-06-01T11:00:00Z refuses 10 STORE_CORRUPT -- expire
}

@test "integrity: meta without its zone, or with its bare format cut, is damage that check names" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	cp -a "$BERTH_DB" "$BATS_TEST_TMPDIR/sound"
	damage meta delete --key "$(printf tz | xxd -p)"
	refuses 10 STORE_CORRUPT -- book room 2026-06-10T10:00 --duration 1h
	[[ $stderr == *"'tz'"*"the store has no zone"* ]]
	# check reads on and names it, rather than refusing as the rest do.
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -c 'map([.table, .key, .problem])')" = '[["meta","'"'tz'"'","missing"]]' ]
	rm -rf "$BERTH_DB" && cp -a "$BATS_TEST_TMPDIR/sound" "$BERTH_DB"
	damage meta cut 2 --key "$(printf schema | xxd -p)"
	refuses 10 STORE_CORRUPT -- list
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -r '.[0].key')" = "'schema'" ]
	[[ $stderr != *"see berth check"* ]]
}

@test "integrity: a record of a newer version is damage to this berth, named" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth book room 2026-06-10T09:00 --duration 1h >/dev/null
	v=$(damage dump booking | head -n 1 | cut -d ' ' -f 2)
	damage booking set "09${v:2}" --reseal
	refuses 10 STORE_CORRUPT -- show b1
	[[ $stderr == *"b1"*"record version 9 is unknown to this berth (newer?)"* ]]
	refuses 10 STORE_CORRUPT -- cancel b1
}

# The counters entry: version 1, then the last id of holds, bookings,
# resources and audit records, each a u64 (big-endian), then the seal.
counters() { printf '01%016x%016x%016x%016x00000000' "$@"; }

@test "integrity: ids that run out are STORE_FULL; a counter out of range is damage" {
	berth init >/dev/null
	berth resource add room --capacity 2 >/dev/null
	# Resource numbers are u32: the last one given.
	damage audit set "$(counters 0 0 4294967295 2)" --entry -1 --reseal
	refuses 10 STORE_FULL -- resource add other
	[[ $stderr == *"no ids are left for resources"* ]]
	damage audit set "$(counters 0 0 4294967296 2)" --entry -1 --reseal
	refuses 10 STORE_CORRUPT -- resource add other
	[[ $stderr == *"the counter of resources is out of range"* ]]
	run berth check
	assert_failure 10
}
