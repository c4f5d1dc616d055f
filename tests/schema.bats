#!/usr/bin/env bats
# The store's format: recorded in every store, a newer one refused with a
# message naming both formats, an older one refused with one naming berth
# upgrade; and nothing written to either.

load helper

# Makes the store say it is in format VERSION as a berth of that format
# would: meta's "schema" four bare bytes (big-endian), so that every berth
# ever released reads it, and from format 2 on the sealed "format" record
# saying the same (format 1 had none).
plant_schema() {
	damage meta set "$(printf '%08x' "$1")" --key "$(printf schema | xxd -p)"
	if [ "$1" -eq 1 ]; then
		damage meta delete --key "$(printf format | xxd -p)" 2>/dev/null || true
	else
		damage meta set "01$(printf '%016x' "$1")00000000" \
			--key "$(printf format | xxd -p)" --reseal
	fi
}

@test "schema: a new store records format 9, as four bare bytes" {
	berth init >/dev/null
	run mdb_dump -s meta "$BERTH_DB"
	assert_success
	assert_line " 736368656d61"
	assert_line " 00000009"
}

@test "schema: a store from a newer berth is refused (10), naming both formats" {
	seed
	plant_schema 10
	run --separate-stderr berth resource list
	assert_failure 10
	[[ "$stderr" == "berth: STORE_FORMAT: "*"format 10"*"newer"*"(9)"* ]]
	refuses 10 STORE_FORMAT -- book workshop 2026-06-10T09:00 --duration 1h
	refuses 10 STORE_FORMAT -- resource add other
	refuses 10 STORE_FORMAT -- check
	# Back to the format this berth knows: everything is as it was.
	plant_schema 9
	run --separate-stderr berth --format json resource list
	assert_success
	[ "$(echo "$output" | jq length)" = 3 ]
	run berth check
	assert_success
}

@test "schema: an older store is refused (10) with a line naming berth upgrade" {
	seed
	plant_schema 1
	run --separate-stderr berth resource list
	assert_failure 10
	[[ "$stderr" == "berth: STORE_FORMAT: "*"format 1"*"older"*"berth upgrade"* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	refuses 10 STORE_FORMAT -- book workshop 2026-06-10T09:00 --duration 1h
	refuses 10 STORE_FORMAT -- list
}

@test "schema: a bare format that its sealed copy contradicts is damage (10)" {
	seed
	damage meta set 00000004 --key "$(printf schema | xxd -p)"
	refuses 10 STORE_CORRUPT -- resource list
	damage meta set 00000001 --key "$(printf schema | xxd -p)"
	refuses 10 STORE_CORRUPT -- resource list
	refuses 10 STORE_CORRUPT -- upgrade
}

@test "schema: a format no berth wrote is damage (10)" {
	seed
	plant_schema 0
	refuses 10 STORE_CORRUPT -- resource list
}
