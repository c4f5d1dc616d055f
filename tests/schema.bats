#!/usr/bin/env bats
# The store's schema version: a store written by a newer berth is refused
# with a clear message, and nothing is written to it.

load helper

# Rewrites meta's schema record to VERSION (a u32, big-endian).
plant_schema() {
	local v
	v=$(printf '%08x' "$1")
	mdb_dump -s meta "$BERTH_DB" |
		awk -v v="$v" 'prev == " 736368656d61" { $0 = " " v } { print; prev = $0 }' \
			>"$BATS_TEST_TMPDIR/meta.dump"
	mdb_load -s meta -f "$BATS_TEST_TMPDIR/meta.dump" "$BERTH_DB"
}

@test "schema: a new store records schema 1" {
	berth init >/dev/null
	run mdb_dump -s meta "$BERTH_DB"
	assert_success
	assert_line " 736368656d61"
	assert_line " 00000001"
}

@test "schema: a store from a newer berth is refused (10), reads and writes alike" {
	seed
	plant_schema 2
	run berth resource list
	assert_failure 10
	assert_output --partial "STORE_CORRUPT"
	assert_output --partial "newer"
	refuses 10 STORE_CORRUPT -- book workshop 2026-06-10T09:00 --duration 1h
	refuses 10 STORE_CORRUPT -- resource add other
	# Back to the version this berth knows: everything is as it was.
	plant_schema 1
	run berth --format json resource list
	assert_success
	[ "$(echo "$output" | jq length)" = 3 ]
}
