#!/usr/bin/env bats
# berth init: creating the store, its modes, its zone; and what read
# commands do when there is no store.

bats_require_minimum_version 1.5.0
load helper

mode() { stat -c %a "$1"; }

@test "init: creates the store, directory 0700 and files 0600" {
	lmdb_only "the store directory's modes"
	umask 022
	[ ! -e "$BERTH_DB" ]
	run berth init
	assert_success
	assert_dir_exists "$BERTH_DB"
	assert_file_exists "$BERTH_DB/data.mdb"
	assert_file_exists "$BERTH_DB/lock.mdb"
	[ "$(mode "$BERTH_DB")" = 700 ]
	[ "$(mode "$BERTH_DB/data.mdb")" = 600 ]
	[ "$(mode "$BERTH_DB/lock.mdb")" = 600 ]
}

@test "init: the modes are asked for, not left to a permissive umask" {
	lmdb_only "the store directory's modes"
	umask 000
	run berth init
	assert_success
	[ "$(mode "$BERTH_DB")" = 700 ]
	[ "$(mode "$BERTH_DB/data.mdb")" = 600 ]
	[ "$(mode "$BERTH_DB/lock.mdb")" = 600 ]
}

@test "init: missing parent directories are made 0700 too" {
	umask 000
	export BERTH_DB="$BATS_TEST_TMPDIR/a/b/db"
	run berth init
	assert_success
	[ "$(mode "$BATS_TEST_TMPDIR/a")" = 700 ]
	[ "$(mode "$BATS_TEST_TMPDIR/a/b")" = 700 ]
	[ "$(mode "$BERTH_DB")" = 700 ]
}

@test "init: prints the path and the zone" {
	run berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .path)" = "$(db_shown)" ]
	[ "$(echo "$output" | jq -r .tz)" = UTC ]
}

@test "init: --db names the store" {
	unset BERTH_DB
	d="$BATS_TEST_TMPDIR/other"
	run berth --db "$d" init
	assert_success
	assert_file_exists "$d/data.mdb"
	[ ! -e "$BATS_TEST_TMPDIR/db" ]
}

@test "init: idempotent, a second run writes nothing" {
	berth init >/dev/null
	berth resource add stylist >/dev/null
	before=$(store_dump)
	run berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = UTC ]
	[ "$before" = "$(store_dump)" ]
	run berth --format json resource show stylist
	assert_success
}

@test "init: records the zone from TZ" {
	TZ=Europe/Paris run berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = Europe/Paris ]
	# The zone is the store's, whoever runs it later.
	[ "$(TZ=UTC field tz -- init)" = Europe/Paris ]
	[ "$(TZ=America/New_York field tz -- init)" = Europe/Paris ]
	berth resource add r1 >/dev/null
	[ "$(field tz -- resource show r1)" = Europe/Paris ]
}

@test "init: --tz records the zone and local times resolve in it" {
	[ "$(field tz -- init --tz America/New_York)" = America/New_York ]
	berth resource add r1 >/dev/null
	[ "$(field tz -- resource show r1)" = America/New_York ]
	[ "$(field start -- book r1 2026-06-10T09:00 --duration 1h)" = 2026-06-10T09:00:00-04:00 ]
}

@test "init: --tz wins over TZ" {
	TZ=Europe/Paris run berth --format json init --tz Asia/Tokyo
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = Asia/Tokyo ]
}

@test "init: the same --tz again is fine" {
	berth init --tz Europe/Paris >/dev/null
	before=$(store_dump)
	[ "$(field tz -- init --tz Europe/Paris)" = Europe/Paris ]
	[ "$before" = "$(store_dump)" ]
}

@test "init: a different --tz on an existing store is refused ALREADY_EXISTS" {
	berth init --tz Europe/Paris >/dev/null
	refuses 4 ALREADY_EXISTS -- init --tz UTC
	[ "$(field tz -- init)" = Europe/Paris ]
}

@test "init: a different --tz on a store from TZ is refused too" {
	TZ=Europe/Paris berth init >/dev/null
	refuses 4 ALREADY_EXISTS -- init --tz America/New_York
}

@test "init: an unknown zone is refused and creates nothing" {
	refuses 2 INVALID_ARGUMENT -- init --tz Mars/Olympus_Mons
	[ ! -e "$BERTH_DB" ]
}

@test "init: an unknown --tz on an existing store is refused" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- init --tz Nowhere/Land
}

@test "init: operands are refused" {
	refuses 2 INVALID_ARGUMENT -- init extra
	[ ! -e "$BERTH_DB" ]
}

@test "init: a group-writable directory gives 0660 files (umask 002)" {
	lmdb_only "the store directory's modes"
	umask 002
	mkdir -m 2770 "$BERTH_DB"
	chmod 2770 "$BERTH_DB"
	run berth init
	assert_success
	[ "$(mode "$BERTH_DB/data.mdb")" = 660 ]
	[ "$(mode "$BERTH_DB/lock.mdb")" = 660 ]
	# The directory is left as it was made.
	[ "$(mode "$BERTH_DB")" = 2770 ]
}

@test "init: a group-writable directory gives 0660 files whatever the umask" {
	lmdb_only "the store directory's modes"
	umask 022
	mkdir "$BERTH_DB"
	chmod 0770 "$BERTH_DB"
	run berth init
	assert_success
	[ "$(mode "$BERTH_DB/data.mdb")" = 660 ]
	[ "$(mode "$BERTH_DB/lock.mdb")" = 660 ]
}

@test "init: an existing private directory is used as it is" {
	lmdb_only "the store directory's modes"
	mkdir -m 0700 "$BERTH_DB"
	run berth init
	assert_success
	[ "$(mode "$BERTH_DB/data.mdb")" = 600 ]
}

@test "init: the store path is a file: refused" {
	lmdb_only "the store is a directory"
	echo x >"$BERTH_DB"
	run --separate-stderr berth init
	[ "$status" -ne 0 ]
	[ "$status" -ne 1 ]
	[[ $stderr == "berth: "* ]]
	[ "$(cat "$BERTH_DB")" = x ]
}

@test "read commands on a missing store: NOT_FOUND, nothing created" {
	for cmd in "resource list" "resource show stylist" "policy list" \
		"list" "list --holds" "show b1" "show h1" \
		"availability stylist" "check" "audit" "stats" \
		"expire --dry-run"; do
		# shellcheck disable=SC2086
		refuses 3 NOT_FOUND -- $cmd || {
			echo "command: berth $cmd" >&2
			return 1
		}
		[ ! -e "$BERTH_DB" ] || {
			echo "berth $cmd created $BERTH_DB" >&2
			return 1
		}
	done
}

@test "read commands on a missing store: json error object" {
	run --separate-stderr berth --format json resource list
	[ "$status" -eq 3 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = NOT_FOUND ]
	[ ! -e "$BERTH_DB" ]
}

@test "refused writes with bad input on a missing store create nothing" {
	refuses 2 INVALID_ARGUMENT -- resource add 'a b'
	[ ! -e "$BERTH_DB" ]
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0s
	[ ! -e "$BERTH_DB" ]
	refuses 2 INVALID_ARGUMENT -- policy set no_such_policy 5m
	[ ! -e "$BERTH_DB" ]
}

@test "refused writes with bad options on a missing store create nothing" {
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 0
	[ ! -e "$BERTH_DB" ]
	refuses 2 INVALID_TIME -- book r1 2026-13-01T09:00 --duration 1h
	[ ! -e "$BERTH_DB" ]
	refuses 2 INVALID_ARGUMENT -- lock r1 2026-06-10T09:00 --duration 0s
	[ ! -e "$BERTH_DB" ]
}

@test "writes that need something in the store: NOT_FOUND on a missing store, nothing created" {
	for cmd in "lock stylist 2026-06-10T09:00 --duration 1h" \
		"book stylist 2026-06-10T09:00 --duration 1h" \
		"resource set stylist --capacity 2" "resource rm stylist" \
		"release h1" "confirm h1" "cancel b1" "pay b1 --status paid" \
		"expire"; do
		# shellcheck disable=SC2086
		refuses 3 NOT_FOUND -- $cmd || {
			echo "command: berth $cmd" >&2
			return 1
		}
		[ ! -e "$BERTH_DB" ] || {
			echo "berth $cmd created $BERTH_DB" >&2
			return 1
		}
	done
}

@test "a write command creates the store on first use" {
	lmdb_only "the store directory's modes"
	umask 022
	run berth resource add stylist
	assert_success
	[ "$(mode "$BERTH_DB")" = 700 ]
	[ "$(mode "$BERTH_DB/data.mdb")" = 600 ]
	[ "$(field tz -- init)" = UTC ]
	store_rm
	TZ=Asia/Tokyo run berth policy set hold_ttl 10m
	assert_success
	[ "$(field tz -- init)" = Asia/Tokyo ]
}
