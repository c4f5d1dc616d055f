#!/usr/bin/env bats
# Lazy expiry and the sweep: a hold whose expires_at <= now and a pending
# booking past its timeout are free everywhere before `expire` runs; expire
# then marks them expired for good, safely, repeatedly and concurrently.

load helper
bats_require_minimum_version 1.5.0

@test "expire: before the sweep, an expired hold shows expired and its capacity is free" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	[ "$(field status -- show "$h")" = active ]
	[ "$(field available -- availability stylist --at 2026-06-10T09:00)" = 0 ]
	export BERTH_NOW=2026-06-01T10:05:00Z
	[ "$(field status -- show "$h")" = expired ]
	[ "$(field held -- availability stylist --at 2026-06-10T09:00)" = 0 ]
	[ "$(field available -- availability stylist --at 2026-06-10T09:00)" = 1 ]
	[ "$(berth --format json list --holds --status expired | jq -r '.[].id')" = "$h" ]
	[ "$(berth --format json list --holds --status active | jq length)" = 0 ]
	run berth --format json book stylist 2026-06-10T09:00 --duration 1h
	assert_success
	run berth check
	assert_success
}

@test "expire: before the sweep, expired seats are free" {
	seed
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 1,2,3
	export BERTH_NOW=2026-06-01T10:06:00Z
	[ "$(field available -- availability concert --at 2026-06-15T20:00)" = 100 ]
	run berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 2
	assert_success
	run berth check
	assert_success
}

@test "expire: marks the hold expired, prints it, and a second run finds nothing" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	export BERTH_NOW=2026-06-01T10:06:00Z
	run --separate-stderr berth --format json expire
	assert_success
	[ "$(echo "$output" | jq length)" = 1 ]
	[ "$(echo "$output" | jq -r '.[0].id')" = "$h" ]
	[ "$(echo "$output" | jq -r '.[0].status')" = expired ]
	[ "$(field status -- show "$h")" = expired ]
	before=$(store_dump)
	run --separate-stderr berth --format json expire
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	[ "$(store_dump)" = "$before" ]
	run berth expire
	assert_success
	run berth check
	assert_success
}

@test "expire: the table output names what expired" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	run berth --now 2026-06-01T10:06:00Z expire
	assert_success
	assert_output --partial "$h"
	assert_output --partial expired
}

@test "expire: -q prints nothing and still expires" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	export BERTH_NOW=2026-06-01T10:06:00Z
	run --separate-stderr berth expire -q
	assert_success
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(berth --format json list --holds | jq -r '.[0].status')" = expired ]
	run --separate-stderr berth --format json expire
	[ "$(echo "$output" | jq length)" = 0 ]
	run --separate-stderr berth -q expire
	assert_success
	[ -z "$output" ]
}

@test "expire: --dry-run lists what would expire and changes nothing" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --pending)
	export BERTH_NOW=2026-06-01T11:00:00Z
	before=$(store_dump)
	run --separate-stderr berth --format json expire --dry-run
	assert_success
	[ "$(echo "$output" | jq -r 'map(.id) | sort | join(",")')" = "$b,$h" ]
	[ "$(echo "$output" | jq -r 'map(.status) | unique | join(",")')" = expired ]
	[ "$(store_dump)" = "$before" ]
	# it is still due: the real sweep finds both
	run --separate-stderr berth --format json expire
	[ "$(echo "$output" | jq -r 'map(.id) | sort | join(",")')" = "$b,$h" ]
	[ "$(store_dump)" != "$before" ]
}

@test "expire: a pending booking expires after pending_timeout, not before" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	export BERTH_NOW=2026-06-01T10:29:59Z
	[ "$(field status -- show "$b")" = pending ]
	run --separate-stderr berth --format json expire
	[ "$(echo "$output" | jq length)" = 0 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
	export BERTH_NOW=2026-06-01T10:30:00Z
	[ "$(field status -- show "$b")" = expired ]
	[ "$(field available -- availability stylist --at 2026-06-10T09:00)" = 1 ]
	run --separate-stderr berth --format json expire
	assert_success
	[ "$(echo "$output" | jq -r '.[0].id')" = "$b" ]
	[ "$(field status -- show "$b")" = expired ]
	[ "$(berth --format json list --status expired | jq -r '.[].id')" = "$b" ]
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	run berth check
	assert_success
}

@test "expire: the pending timeout and hold TTL follow the policies" {
	seed
	berth -q policy set hold_ttl 1h
	berth -q policy set pending_timeout 2h
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --pending)
	run --separate-stderr berth --now 2026-06-01T10:59:00Z --format json expire
	[ "$(echo "$output" | jq length)" = 0 ]
	run --separate-stderr berth --now 2026-06-01T11:00:00Z --format json expire
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = "$h" ]
	run --separate-stderr berth --now 2026-06-01T12:00:00Z --format json expire
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = "$b" ]
}

@test "expire: leaves live holds, confirmed bookings and used holds alone" {
	seed
	dead=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	live=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --ttl 2h)
	used=$(field id -- lock concert 2026-06-15T20:00 --duration 1h --seat 9)
	b=$(field id -- confirm "$used")
	c=$(field id -- book stylist 2026-06-12T09:00 --duration 1h)
	export BERTH_NOW=2026-06-01T10:30:00Z
	run --separate-stderr berth --format json expire
	assert_success
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = "$dead" ]
	[ "$(field status -- show "$live")" = active ]
	[ "$(field held -- availability workshop --at 2026-06-10T09:00)" = 1 ]
	[ "$(field status -- show "$used")" = used ]
	[ "$(field status -- show "$b")" = confirmed ]
	[ "$(field status -- show "$c")" = confirmed ]
	# the live one expires later
	run --separate-stderr berth --now 2026-06-01T12:00:00Z --format json expire
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = "$live" ]
}

@test "expire: an expired hold stays free for good, even at an earlier clock" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth --now 2026-06-01T10:06:00Z -q expire
	export BERTH_NOW=2026-06-01T10:01:00Z
	[ "$(field status -- show "$h")" = expired ]
	[ "$(field held -- availability stylist --at 2026-06-10T09:00)" = 0 ]
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	run berth check
	assert_success
}

@test "expire: many at once, each once" {
	seed
	for i in 1 2 3 4 5 6 7 8; do
		berth -q lock workshop "2026-06-1${i}T09:00" --duration 1h
		berth -q book concert "2026-06-1${i}T09:00" --duration 1h --pending --seat "$i"
	done
	export BERTH_NOW=2026-06-01T11:00:00Z
	run --separate-stderr berth --format json expire
	assert_success
	[ "$(echo "$output" | jq length)" = 16 ]
	[ "$(echo "$output" | jq -r 'map(.id) | unique | length')" = 16 ]
	[ "$(berth --format json list --holds --status expired | jq length)" = 8 ]
	[ "$(berth --format json list --status expired | jq length)" = 8 ]
	[ "$(field available -- availability concert --at 2026-06-11T09:00)" = 100 ]
	run berth check
	assert_success
}

@test "expire: two sweeps at once both exit 0, expire each claim once, and check passes" {
	seed
	for i in 1 2 3 4 5 6; do
		berth -q lock workshop "2026-06-1${i}T09:00" --duration 1h --quantity 2
		berth -q lock concert "2026-06-1${i}T20:00" --duration 1h --seat "$i,$((i + 10))"
		berth -q book stylist "2026-06-1${i}T09:00" --duration 1h --pending
	done
	export BERTH_NOW=2026-06-01T11:00:00Z
	berth --format jsonl expire >"$BATS_TEST_TMPDIR/a" 2>"$BATS_TEST_TMPDIR/a.err" &
	pa=$!
	berth --format jsonl expire >"$BATS_TEST_TMPDIR/b" 2>"$BATS_TEST_TMPDIR/b.err" &
	pb=$!
	wait "$pa" || { cat "$BATS_TEST_TMPDIR/a.err"; false; }
	wait "$pb" || { cat "$BATS_TEST_TMPDIR/b.err"; false; }
	[ ! -s "$BATS_TEST_TMPDIR/a.err" ]
	[ ! -s "$BATS_TEST_TMPDIR/b.err" ]
	# together they expired all 18, none twice
	[ "$(cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" | jq -s length)" = 18 ]
	[ "$(cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" | jq -rs 'map(.id) | unique | length')" = 18 ]
	run berth check
	assert_success
	run --separate-stderr berth --format json expire
	[ "$(echo "$output" | jq length)" = 0 ]
}

@test "expire: each expiry is one audit record; a second sweep writes none" {
	seed
	berth -q lock stylist 2026-06-10T09:00 --duration 1h
	berth -q book workshop 2026-06-10T09:00 --duration 1h --pending
	n=$(audit_count)
	export BERTH_NOW=2026-06-01T11:00:00Z
	berth -q expire
	[ "$(audit_count)" = $((n + 2)) ]
	berth -q expire
	[ "$(audit_count)" = $((n + 2)) ]
	berth -q expire --dry-run
	[ "$(audit_count)" = $((n + 2)) ]
}

@test "expire: audit shows hold.expired with role system" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth --now 2026-06-01T10:06:00Z -q expire
	run --separate-stderr berth --format json audit "$h"
	assert_success
	[ "$(echo "$output" | jq -r '.[-1].action')" = hold.expired ]
	[ "$(echo "$output" | jq -r '.[-1].role')" = system ]
	[ "$(echo "$output" | jq -r '.[-1].at')" = 2026-06-01T10:06:00+00:00 ]
	[ "$(echo "$output" | jq -r '.[-1].after.status')" = expired ]
	[ "$(echo "$output" | jq -r '.[0].role')" = admin ]
	run --separate-stderr berth --format json audit --action hold.expired
	assert_success
	[ "$(echo "$output" | jq -r '.[].entity')" = "$h" ]
}

@test "expire: a missing store is NOT_FOUND (3), with or without --dry-run, and is not made" {
	export BERTH_DB=$BATS_TEST_TMPDIR/typo
	refuses 3 NOT_FOUND -- expire
	refuses 3 NOT_FOUND -- expire --dry-run
	[ ! -e "$BERTH_DB" ]
}

@test "expire: csv and tsv rows have every field of a hold and of a booking; nothing due is the header alone" {
	seed
	berth -q lock workshop 2026-06-10T09:00 --duration 1h
	berth -q book workshop 2026-06-10T09:00 --duration 1h --pending
	want=id,resource,start,end,buffer_end,quantity,seats,customer,status,payment_status,payment_ref,payment_method,hold,booking,series,version,reschedules,expires_at,attrs,created_at,updated_at,service,price,amount_paid
	berth --format csv expire --now 2026-06-01T11:00:00Z >"$BATS_TEST_TMPDIR/out.csv"
	run python3 - "$BATS_TEST_TMPDIR/out.csv" <<-'PY'
		import csv, sys
		rows = list(csv.DictReader(open(sys.argv[1], newline="")))
		print(",".join(rows[0].keys()))
		for r in rows:
		    print(r["id"], r["status"], repr(r["payment_status"]), repr(r["booking"]), repr(r["version"]))
	PY
	assert_success
	assert_line --index 0 "$want"
	assert_line --index 1 "h1 expired '' '' ''"
	assert_line --index 2 "b1 expired 'none' '' '2'"
	run berth --format csv expire --now 2026-06-01T11:00:00Z
	assert_success
	assert_output "$want"$'\r'
	run berth --format tsv expire --now 2026-06-01T11:00:00Z
	assert_output "$(echo "$want" | tr , '\t')"
	run berth --format jsonl expire --now 2026-06-01T11:00:00Z
	assert_output ""
	run berth --format json expire --now 2026-06-01T11:00:00Z
	assert_output "[]"
}
