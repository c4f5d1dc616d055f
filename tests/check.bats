#!/usr/bin/env bats
# check: passes on a healthy store after a mixed history; finds problems
# planted behind berth's back (tests/damage, mdb_load), and a resource
# whose capacity was lowered below what is booked.

load helper
bats_require_minimum_version 1.5.0

history() {
	seed
	berth -q resource add hall --capacity 20
	h1=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 1,2 --customer a)
	b1=$(field id -- confirm "$h1" --payment paid)
	h2=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 3)
	berth -q release "$h2"
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 3,4 --ttl 1m
	b2=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --quantity 2)
	berth -q cancel "$b2" --reason test
	b3=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --quantity 3 --pending)
	berth -q confirm "$b3"
	berth -q pay "$b3" --status failed
	berth -q pay "$b3" --status paid
	berth -q book stylist 2026-06-10T09:00 --duration 1h --pending
	berth -q book hall 2026-06-10T09:00 --duration 2h --quantity 20
	berth -q lock hall 2026-06-11T09:00 --duration 2h --quantity 5 --ttl 1h
	berth -q policy set hold_ttl 10m
	berth -q lock stylist 2026-06-12T09:00 --duration 1h
	printf '%s\n' \
		'{"resource":"hall","start":"2026-06-13T09:00","duration":"1h","quantity":4}' \
		'{"resource":"hall","start":"2026-06-13T09:30","duration":"1h","quantity":17}' \
		'{"resource":"concert","start":"2026-06-16T20:00","duration":"1h","seats":[1,2]}' |
		berth -q book --batch || true
}

@test "check: passes on a healthy store after a mixed history" {
	history
	run --separate-stderr berth --format json check
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	[ -z "$stderr" ]
	# and after time passes, before and after the sweep
	run berth --now 2026-06-01T12:00:00Z check
	assert_success
	berth --now 2026-06-01T12:00:00Z -q expire
	run berth --now 2026-06-01T12:00:00Z check
	assert_success
	run berth check
	assert_success
}

@test "check: writes nothing" {
	history
	before=$(store_dump)
	[ "$before" != "(no store)" ]
	run berth check
	assert_success
	[ "$(store_dump)" = "$before" ]
	run berth --now 2026-06-02T00:00:00Z check
	assert_success
	[ "$(store_dump)" = "$before" ]
}

@test "check: a wrong usage profile is reported (10 STORE_CORRUPT)" {
	history
	# The first point made level 63 after a step of 63, under a good seal:
	# only the claims can say it is wrong.
	damage profile set 017e7e00000000 --reseal
	refuses 10 STORE_CORRUPT -- check
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -r '.[0].table')" = profile ]
	[[ "$(echo "$output" | jq -r '.[0].problem')" == "says 63 (a step of 63), the claims make "* ]]
	[ "$(echo "$stderr" | jq -r .error.code)" = STORE_CORRUPT ]
}

@test "check: a missing span entry is reported and names the claim" {
	history
	damage span delete
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "span" and (.problem | test("missing")))) | length == 1'
	# it names a live claim
	id=$(echo "$output" | jq -r 'map(select(.table == "span")) | .[0].key' | grep -o '[hb][0-9][0-9]*' | head -n 1)
	[[ $id == [hb][0-9]* ]]
	[[ "$(field status -- show "$id")" == @(active|confirmed|pending) ]]
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	assert_output --partial "$id"
	[[ $stderr == "berth: STORE_CORRUPT: "* ]]
}

@test "check: a span entry for a claim that does not exist is reported" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	run berth check
	assert_success
	# The booking's own span entry again, sealed, under id 99.
	key=$(damage dump span | head -n 1 | cut -d ' ' -f 1)
	damage span put "${key%????????????????}0000000000000063" --reseal
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "span" and .problem == "names b99, which is not there")) | length == 1'
}

@test "check: a resource's reach shorter than one of its claims, or missing, is reported; repair mends it" {
	lmdb_only "its damage is planted with mdb_dump/mdb_load"
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 2h
	berth -q book workshop 2026-06-11T09:00 --duration 1h
	run berth check
	assert_success
	# The reach of 1h (3600 s), sealed as berth would: list would seek
	# past the 2h booking.
	v=$(damage dump reach | head -n 1 | cut -d ' ' -f 2)
	[[ $v == 01*0000000000001c20* ]]
	damage reach set "${v/0000000000001c20/0000000000000e10}" --reseal
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "reach" and (.problem | startswith("is shorter than b1")))) | length == 1'
	run berth check --repair
	assert_success
	run berth check
	assert_success
	damage reach delete
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "reach" and (.problem | startswith("missing, though b")))) | length == 2'
	run berth check --repair
	assert_success
	run berth check
	assert_success
}

@test "check: damaged id counters hide no other problem" {
	lmdb_only "its damage is planted with mdb_dump/mdb_load"
	seed
	# workshop's capacity made 5 under a good seal: only its audit record
	# still says 3.
	v=$(damage dump resource | grep '^776f726b73686f7000 ' | cut -d ' ' -f 2)
	[[ $v == 0100000002000000087*0000000000000003* ]]
	damage resource set "${v/776f726b73686f700000000000000003/776f726b73686f700000000000000005}" \
		--key 776f726b73686f7000 --reseal
	# The counters, the last entry of the audit table, flipped.
	damage audit flip --entry -1
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "audit" and .key == "the id counters")) | length == 1'
	echo "$output" | jq -e 'map(select(.table == "resource" and (.problem | startswith("is not what its last audit record")))) | length == 1'
}

@test "check: a missing expiry entry is reported" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	damage expiry delete
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -r '.[0].table')" = expiry ]
	[[ "$(echo "$output" | jq -r '.[0].key')" == *"$h "* ]]
	[[ "$(echo "$output" | jq -r '.[0].problem')" == *missing* ]]
}

@test "check: a missing seat entry is reported" {
	seed
	b=$(field id -- book concert 2026-06-15T20:00 --duration 1h --seat 42)
	damage seat delete
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -r '.[0].table')" = seat ]
	[[ "$(echo "$output" | jq -r '.[0].key')" == *"seat 42"*"($b)"* ]]
	[[ "$(echo "$output" | jq -r '.[0].problem')" == *missing* ]]
}

@test "check: a stale usage profile on a resource with no live claims is reported" {
	lmdb_only "its damage is planted with mdb_load"
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	stale=$(mdb_dump -s profile "$BERTH_DB" | sed -n '/^HEADER=END$/,$p')
	berth -q cancel "$b"
	# put the cancelled booking's usage back, as if the cancel had left it
	printf 'VERSION=3\nformat=bytevalue\ndatabase=profile\ntype=btree\n%s\n' "$stale" \
		>"$BATS_TEST_TMPDIR/stale"
	mdb_load -s profile -f "$BATS_TEST_TMPDIR/stale" "$BERTH_DB" 2>/dev/null
	# the stale profile really does block: nothing claims 09:00, yet
	run berth book stylist 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 4 ]
	# so check must say so
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	[ "$(echo "$output" | jq -r '.[0].table')" = profile ]
}

@test "check: a capacity lowered below what is booked is reported; the bookings stay" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 2
	berth -q book workshop 2026-06-10T09:30 --duration 1h
	before=$(berth --format json list | jq -c 'map([.id, .status, .quantity])')
	run berth resource set workshop --capacity 1
	assert_success
	run --separate-stderr berth --format json check
	# Bookings that no longer fit are a conflict (4), not a damaged store.
	[ "$status" -eq 4 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = OVERBOOKED ]
	[ "$(echo "$output" | jq -r '.[0].table')" = resource ]
	[ "$(echo "$output" | jq -r '.[0].key')" = "'workshop'" ]
	[[ "$(echo "$output" | jq -r '.[0].problem')" == *"3 units"*"capacity 1"* ]]
	[ "$(berth --format json list | jq -c 'map([.id, .status, .quantity])')" = "$before" ]
	# raising it back heals the report
	berth -q resource set workshop --capacity 3
	run berth check
	assert_success
}

@test "check: takes no operands (2)" {
	seed
	refuses 2 INVALID_ARGUMENT -- check extra
}

@test "check: a resource named like a claim's id is no problem" {
	berth init >/dev/null
	berth resource add b1 >/dev/null
	berth resource add h1 --capacity 2 >/dev/null
	berth -q book b1 2026-06-10T09:00 --duration 1h
	berth -q lock h1 2026-06-10T09:00 --duration 1h
	berth -q resource set b1 --location here
	run berth check
	assert_success
	run berth check --repair
	assert_success
}

@test "check: policies of a resource removed and made again are no problem" {
	berth init >/dev/null
	berth -q resource add old
	berth -q policy set hold_ttl 10m --resource old
	berth -q resource rm old
	berth -q resource add old
	run berth check
	assert_success
	berth -q policy set hold_ttl 20m --resource old
	run berth check
	assert_success
	berth -q resource rm old
	run berth check
	assert_success
}

@test "check: one damaged value is one problem" {
	lmdb_only "copies of the store directory, damaged with LMDB's calls"
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	for t in profile resid booking audit; do
		rm -rf "$BATS_TEST_TMPDIR/c" && cp -a "$BERTH_DB" "$BATS_TEST_TMPDIR/c"
		BERTH_DB="$BATS_TEST_TMPDIR/c" damage "$t" flip
		BERTH_DB="$BATS_TEST_TMPDIR/c" run --separate-stderr berth --format jsonl check
		[ "$status" -eq 10 ]
		[ "$(printf '%s\n' "$output" | grep -c .)" -eq 1 ] ||
			{ echo "$t: $output"; false; }
	done
}

@test "check: the man page's example table is what berth prints" {
	export TZ=Europe/Paris
	berth init >/dev/null
	berth resource add hall --seats 300 >/dev/null
	berth -q book hall "2026-06-15 20:00" --duration 3h --seat 2
	berth -q book hall "2026-06-15 20:00" --duration 3h --seat 3
	berth -q book hall "2026-06-15 20:00" --duration 3h --seat 1
	# b3's seat 1 is the first seat entry
	damage seat flip --entry 0
	want=$(awk '$0 == "$ berth check" { on = 1; next } on && /^\$ / { exit } on' \
		"$BATS_TEST_DIRNAME/../man/berth-check.1")
	[ -n "$want" ]
	run berth check
	[ "$status" -eq 10 ]
	[ "$output" = "$want" ]
	run --separate-stderr berth check --repair
	assert_success
	assert_line --regexp '^problems +1$'
	grep -qx 'problems  1' "$BATS_TEST_DIRNAME/../man/berth-check.1"
}
