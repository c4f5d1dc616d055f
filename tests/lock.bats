#!/usr/bin/env bats
# berth lock: placing holds, the capacity and seat rules they obey, lazy
# expiry, idempotency, and every refusal (exit, code, store unchanged).

bats_require_minimum_version 1.5.0
load helper

T=2026-06-10T09:00

@test "lock: --duration, printed with id, window and expires_at" {
	seed
	run --separate-stderr berth --format json lock stylist $T --duration 1h
	assert_success
	[ "$(echo "$output" | jq -r .id)" = h1 ]
	[ "$(echo "$output" | jq -c '[.resource,.start,.end,.quantity,.seats,.status,.expires_at,.booking,.created_at]')" = \
		'["stylist","2026-06-10T09:00:00+00:00","2026-06-10T10:00:00+00:00",1,[],"active","2026-06-01T10:05:00+00:00",null,"2026-06-01T10:00:00+00:00"]' ]
	[ "$(field status -- show h1)" = active ]
	[ "$(field held -- availability stylist --at 2026-06-10T09:30)" = 1 ]
}

@test "lock: ids are typed and never reused" {
	seed
	[ "$(field id -- lock workshop $T --duration 1h)" = h1 ]
	[ "$(field id -- lock workshop $T --duration 1h)" = h2 ]
	berth release h2 >/dev/null
	[ "$(field id -- lock workshop $T --duration 1h)" = h3 ]
}

@test "lock: --end" {
	seed
	run berth --format json lock workshop $T --end 2026-06-10T11:30
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T11:30:00+00:00 ]
}

@test "lock: RFC 3339 times and local times in the resource's zone" {
	seed
	[ "$(field start -- lock concert 2026-06-15T20:00 --duration 1h --seat 1)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(field start -- lock concert 2026-06-15T18:00:00Z --duration 1h --seat 2)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(field end -- lock concert '2026-06-15 20:00' --end 2026-06-15T23:00:00+02:00 --seat 3)" = 2026-06-15T23:00:00+02:00 ]
	# a date is its midnight
	[ "$(field start -- lock stylist 2026-06-15 --duration 1h)" = 2026-06-15T00:00:00+00:00 ]
}

@test "lock: the slot length is the default duration" {
	seed
	berth resource add bay --slot 45m >/dev/null
	run berth --format json lock bay $T
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T09:45:00+00:00 ]
	# --duration and --end still win
	[ "$(field end -- lock bay 2026-06-10T11:00 --duration 2h)" = 2026-06-10T13:00:00+00:00 ]
	[ "$(field end -- lock bay 2026-06-10T14:00 --end 2026-06-10T14:10)" = 2026-06-10T14:10:00+00:00 ]
}

@test "lock: --quantity" {
	seed
	[ "$(field quantity -- lock workshop $T --duration 1h --quantity 2)" = 2 ]
	[ "$(field held -- availability workshop --at 2026-06-10T09:00)" = 2 ]
	[ "$(field available -- availability workshop --at 2026-06-10T09:00)" = 1 ]
}

@test "lock: --seat N,M" {
	seed
	run berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 12,14
	assert_success
	[ "$(echo "$output" | jq -c '[.quantity, (.seats | sort)]')" = '[2,[12,14]]' ]
}

@test "lock: --seat with a matching --quantity" {
	seed
	run berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 5,6 --quantity 2
	assert_success
	[ "$(echo "$output" | jq -r .quantity)" = 2 ]
}

@test "lock: a seated resource without --seat takes the lowest free seats" {
	seed
	w="2026-06-15T20:00 --duration 3h"
	[ "$(berth --format json lock concert $w --seat 1,3 | jq -c .seats)" = '[1,3]' ]
	[ "$(berth --format json lock concert $w | jq -c .seats)" = '[2]' ]
	[ "$(berth --format json lock concert $w --quantity 3 | jq -c .seats)" = '[4,5,6]' ]
}

@test "lock: lowest seats free for the whole window" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 1h --seat 1 >/dev/null
	# seat 1 is free from 21:00 only: a window from 20:30 cannot have it
	[ "$(berth --format json lock concert 2026-06-15T20:30 --duration 1h | jq -c .seats)" = '[2]' ]
	# a window from 21:00 can
	[ "$(berth --format json lock concert 2026-06-15T21:00 --duration 1h | jq -c .seats)" = '[1]' ]
}

@test "lock: --customer and --attr" {
	seed
	run berth --format json lock workshop $T --duration 1h --customer alice --attr source=web --attr note='two words'
	assert_success
	[ "$(echo "$output" | jq -r .customer)" = alice ]
	[ "$(echo "$output" | jq -c .attrs)" = '{"source":"web","note":"two words"}' ]
	[ "$(berth --format jsonl list --holds --customer alice | jq -r .id)" = h1 ]
}

@test "lock: --ttl sets expires_at" {
	seed
	[ "$(field expires_at -- lock workshop $T --duration 1h --ttl 10m)" = 2026-06-01T10:10:00+00:00 ]
	[ "$(field expires_at -- lock workshop $T --duration 1h --ttl 1h30m)" = 2026-06-01T11:30:00+00:00 ]
	[ "$(field expires_at -- lock concert 2026-06-15T20:00 --duration 1h --ttl 2d)" = 2026-06-03T12:00:00+02:00 ]
}

@test "lock: a start exactly now is not past" {
	seed
	run berth lock stylist 2026-06-01T10:00:00Z --duration 1h
	assert_success
}

@test "lock: writes an audit record and berth check passes" {
	seed
	h=$(field id -- lock workshop $T --duration 1h)
	[ "$(berth --format json audit "$h" | jq -r 'map(.action) | join(",")')" = hold.created ]
	run berth check
	assert_success
}

# --- capacity ---

@test "capacity: holds count like bookings (issue rule on capacity 2)" {
	seed
	berth resource add pair --capacity 2 >/dev/null
	berth lock pair 2026-06-10T09:00 --end 2026-06-10T10:00 >/dev/null
	berth lock pair 2026-06-10T10:00 --end 2026-06-10T11:00 >/dev/null
	# at every instant 09:00-11:00 only one unit is held: room for one more
	run berth lock pair 2026-06-10T09:00 --end 2026-06-10T11:00
	assert_success
	refuses 4 CAPACITY_FULL -- lock pair 2026-06-10T09:30 --end 2026-06-10T10:30
	refuses 4 CAPACITY_FULL -- lock pair 2026-06-10T09:59 --end 2026-06-10T10:01
	refuses 4 CAPACITY_FULL -- lock pair 2026-06-10T08:00 --end 2026-06-10T12:00
	# outside the window there is room
	run berth lock pair 2026-06-10T11:00 --end 2026-06-10T12:00 --quantity 2
	assert_success
	run berth check
	assert_success
}

@test "capacity: workshop slot of capacity 3 refuses the 4th" {
	seed
	for i in 1 2 3; do
		run berth lock workshop $T --duration 1h --customer "c$i"
		assert_success
	done
	refuses 4 CAPACITY_FULL -- lock workshop $T --duration 1h --customer c4
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --customer c4
	[ "$(field available -- availability workshop --at $T)" = 0 ]
}

@test "capacity: --quantity counts each unit" {
	seed
	berth lock workshop $T --duration 1h --quantity 2 >/dev/null
	refuses 4 CAPACITY_FULL -- lock workshop $T --duration 1h --quantity 2
	run berth lock workshop $T --duration 1h --quantity 1
	assert_success
	refuses 4 CAPACITY_FULL -- lock workshop $T --duration 1h
}

@test "capacity: a quantity above capacity is CAPACITY_FULL on an empty resource" {
	seed
	refuses 4 CAPACITY_FULL -- lock workshop $T --duration 1h --quantity 4
	refuses 4 CAPACITY_FULL -- lock concert $T --duration 1h --quantity 101
}

@test "capacity: windows are half-open, back to back is fine" {
	seed
	berth lock stylist 2026-06-10T09:00 --end 2026-06-10T10:00 >/dev/null
	run berth lock stylist 2026-06-10T10:00 --end 2026-06-10T11:00
	assert_success
	run berth lock stylist 2026-06-10T08:00 --end 2026-06-10T09:00
	assert_success
	refuses 4 CAPACITY_FULL -- lock stylist 2026-06-10T08:59 --end 2026-06-10T09:01
}

@test "capacity: holds, pending and confirmed bookings add up" {
	seed
	berth lock workshop $T --duration 1h >/dev/null
	berth book workshop $T --duration 1h --pending >/dev/null
	berth book workshop $T --duration 1h >/dev/null
	refuses 4 CAPACITY_FULL -- lock workshop $T --duration 1h
}

@test "capacity: a released hold frees its units" {
	seed
	h=$(field id -- lock stylist $T --duration 1h)
	refuses 4 CAPACITY_FULL -- lock stylist $T --duration 1h
	berth release "$h" >/dev/null
	run berth lock stylist $T --duration 1h
	assert_success
}

# --- seats ---

@test "seats: a seat taken over an overlapping window is SEAT_TAKEN" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 7 >/dev/null
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T20:00 --duration 3h --seat 7
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T22:59 --duration 1h --seat 7
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T19:00 --duration 1h1m --seat 7
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T21:00 --duration 1m --seat 7
	# not overlapping: fine
	run berth lock concert 2026-06-15T23:00 --duration 1h --seat 7
	assert_success
	run berth lock concert 2026-06-15T19:00 --duration 1h --seat 7
	assert_success
}

@test "seats: --seat 3,4 when 4 is taken books neither" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 4 >/dev/null
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T20:00 --duration 3h --seat 3,4
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T20:00 --duration 3h --seat 4,3
	[ "$(berth --format jsonl list --holds | wc -l)" -eq 1 ]
	# seat 3 is still free
	[ "$(berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 3 | jq -c .seats)" = '[3]' ]
}

@test "seats: a seat on another resource or another night is free" {
	seed
	berth resource add opera --seats 10 >/dev/null
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 7 >/dev/null
	run berth lock opera 2026-06-15T20:00 --duration 3h --seat 7
	assert_success
	run berth lock concert 2026-06-16T20:00 --duration 3h --seat 7
	assert_success
}

# --- lazy expiry ---

@test "lazy expiry: a hold past its TTL no longer blocks capacity" {
	seed
	berth lock stylist $T --duration 1h >/dev/null
	refuses 4 CAPACITY_FULL -- lock stylist $T --duration 1h --now 2026-06-01T10:04:59Z
	# expires_at 10:05: from then on it is free, before `berth expire` runs
	run berth lock stylist $T --duration 1h --now 2026-06-01T10:05:00Z
	assert_success
	refuses 4 CAPACITY_FULL -- lock stylist $T --duration 1h --now 2026-06-01T10:05:00Z
	run berth check --now 2026-06-01T10:05:00Z
	assert_success
}

@test "lazy expiry: only the expired part of a window is freed" {
	seed
	berth resource add pair --capacity 2 >/dev/null
	berth lock pair 2026-06-10T09:00 --end 2026-06-10T10:00 --ttl 1m >/dev/null
	berth lock pair 2026-06-10T09:00 --end 2026-06-10T11:00 --ttl 1h >/dev/null
	berth book pair 2026-06-10T10:00 --end 2026-06-10T11:00 >/dev/null
	# at 10:30 the first hold is dead; 09:00-10:00 has 1 left, 10:00-11:00 none
	run berth lock pair 2026-06-10T09:00 --end 2026-06-10T10:00 --now 2026-06-01T10:30:00Z
	assert_success
	refuses 4 CAPACITY_FULL -- lock pair 2026-06-10T09:30 --end 2026-06-10T10:30 --now 2026-06-01T10:30:00Z
	run berth check --now 2026-06-01T10:30:00Z
	assert_success
}

@test "lazy expiry: a hold past its TTL no longer holds its seat" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 7 >/dev/null
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T20:00 --duration 3h --seat 7 --now 2026-06-01T10:04:59Z
	run berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 7 --now 2026-06-01T10:05:00Z
	assert_success
	[ "$(echo "$output" | jq -c .seats)" = '[7]' ]
}

@test "lazy expiry: the lowest free seat includes one whose hold expired" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h >/dev/null
	[ "$(berth --format json lock concert 2026-06-15T20:00 --duration 3h --now 2026-06-01T10:04:00Z | jq -c .seats)" = '[2]' ]
	[ "$(berth --format json lock concert 2026-06-15T20:00 --duration 3h --now 2026-06-01T10:06:00Z | jq -c .seats)" = '[1]' ]
}

@test "lazy expiry: show and list call it expired before expire runs" {
	seed
	h=$(field id -- lock stylist $T --duration 1h)
	[ "$(field status -- show "$h" --now 2026-06-01T10:04:59Z)" = active ]
	[ "$(field status -- show "$h" --now 2026-06-01T10:05:00Z)" = expired ]
	[ "$(field available -- availability stylist --at $T --now 2026-06-01T10:05:00Z)" = 1 ]
	run berth expire --now 2026-06-01T10:05:00Z
	assert_success
	[ "$(field status -- show "$h" --now 2026-06-01T10:05:00Z)" = expired ]
	run berth lock stylist $T --duration 1h --now 2026-06-01T10:05:00Z
	assert_success
}

# --- idempotency ---

@test "idempotency: same key and request replays, byte for byte, writing nothing" {
	seed
	run --separate-stderr berth --format json lock workshop $T --duration 1h --customer alice --idempotency-key k1
	assert_success
	first=$output
	before=$(store_dump)
	run --separate-stderr berth --format json lock workshop $T --duration 1h --customer alice --idempotency-key k1
	assert_success
	[ "$output" = "$first" ]
	[ -z "$stderr" ]
	[ "$before" = "$(store_dump)" ]
	[ "$(berth --format jsonl list --holds | wc -l)" -eq 1 ]
}

@test "idempotency: the replay is byte-identical in table format too" {
	seed
	a=$(berth lock workshop $T --duration 1h --quantity 2 --idempotency-key k1)
	b=$(berth lock workshop $T --duration 1h --quantity 2 --idempotency-key k1)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	[ "$(field held -- availability workshop --at $T)" = 2 ]
}

@test "idempotency: a replay succeeds even when the resource is full" {
	seed
	berth lock stylist $T --duration 1h --idempotency-key k1 >/dev/null
	refuses 4 CAPACITY_FULL -- lock stylist $T --duration 1h
	run berth lock stylist $T --duration 1h --idempotency-key k1
	assert_success
}

@test "idempotency: the replay keeps the resource's zone" {
	seed
	a=$(berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 9 --idempotency-key k1)
	before=$(store_dump)
	b=$(berth --format json lock concert 2026-06-15T20:00 --duration 3h --seat 9 --idempotency-key k1)
	[ "$a" = "$b" ]
	[ "$before" = "$(store_dump)" ]
}

@test "idempotency: same key, different request is IDEMPOTENCY_MISMATCH" {
	seed
	berth lock workshop $T --duration 1h --idempotency-key k1 >/dev/null
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop $T --duration 2h --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop 2026-06-10T10:00 --duration 1h --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop $T --duration 1h --quantity 2 --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop $T --duration 1h --customer bob --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- lock stylist $T --duration 1h --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop $T --duration 1h --ttl 7m --idempotency-key k1
	# the same request as a book is another request
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 1h --idempotency-key k1
}

@test "idempotency: a refused request does not use up its key" {
	seed
	refuses 5 PAST -- lock stylist 2026-05-01T09:00 --duration 1h --idempotency-key k1
	run berth lock stylist $T --duration 1h --idempotency-key k1
	assert_success
}

@test "idempotency: different keys are different holds" {
	seed
	a=$(field id -- lock workshop $T --duration 1h --idempotency-key k1)
	b=$(field id -- lock workshop $T --duration 1h --idempotency-key k2)
	[ "$a" != "$b" ]
	[ "$(field held -- availability workshop --at $T)" = 2 ]
}

# --- refusals ---

@test "lock refuses: missing and extra operands, unknown option" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock
	refuses 2 INVALID_ARGUMENT -- lock stylist
	refuses 2 INVALID_ARGUMENT -- lock stylist $T extra --duration 1h
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --bogus
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --pending
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration
}

@test "lock refuses: bad start and end" {
	seed
	refuses 2 INVALID_TIME -- lock stylist 'mon 09:00' --duration 1h
	refuses 2 INVALID_TIME -- lock stylist 2026-13-01T09:00 --duration 1h
	refuses 2 INVALID_TIME -- lock stylist 2026-06-31T09:00 --duration 1h
	refuses 2 INVALID_TIME -- lock stylist 2026-06-10T25:00 --duration 1h
	refuses 2 INVALID_TIME -- lock stylist 2026-06-10T09:00+25:00 --duration 1h
	refuses 2 INVALID_TIME -- lock stylist '' --duration 1h
	refuses 2 INVALID_TIME -- lock stylist $T --end 2026-06-10T1x:00
	refuses 2 INVALID_TIME -- lock stylist $T --end ''
}

@test "lock refuses: bad durations" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 0s
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration -1h
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration abc
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 5x
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 90
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration ''
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --end 2026-06-10T10:00
}

@test "lock refuses: no end, no duration, no slot" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock stylist $T
}

@test "lock refuses: end not after start is INVALID_TIME" {
	seed
	refuses 2 INVALID_TIME -- lock stylist $T --end 2026-06-10T08:00
	refuses 2 INVALID_TIME -- lock stylist $T --end $T
	# 20:00 Paris is 18:00Z: an end at 19:00Z is after it, 17:00Z is not
	refuses 2 INVALID_TIME -- lock concert 2026-06-15T20:00 --end 2026-06-15T17:00:00Z --seat 1
}

@test "lock refuses: a start in the past is PAST" {
	seed
	refuses 5 PAST -- lock stylist 2026-06-01T09:59:59Z --duration 1h
	refuses 5 PAST -- lock stylist 2026-05-01 --duration 1h
	# 11:30 in Paris is 09:30Z, before now (10:00Z)
	refuses 5 PAST -- lock concert 2026-06-01T11:30 --duration 1h
	run berth lock stylist 2026-05-01T09:00 --duration 1h --now 2026-04-01T00:00:00Z
	assert_success
}

@test "lock refuses: bad quantity" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity 0
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity -1
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity abc
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity 2.5
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity 1000001
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --quantity ''
}

@test "lock refuses: bad seats" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 0
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat a
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat ''
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 3,,4
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 3,
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat -3
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 3,3
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 3-5
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 100001
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 3 --quantity 2
}

@test "lock refuses: --seat on an unseated resource" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock workshop $T --duration 1h --seat 1
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --seat 1
}

@test "lock refuses: a seat out of range" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 101
	refuses 2 INVALID_ARGUMENT -- lock concert $T --duration 1h --seat 1,101
}

@test "lock refuses: bad ttl" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --ttl 0s
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --ttl abc
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --ttl -5m
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --ttl 5
}

@test "lock refuses: bad customer, attribute and key" {
	seed
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --customer "$(printf 'a\033[2Jb')"
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --customer "$(printf 'x%.0s' $(seq 257))"
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --attr novalue
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --attr 'bad key=v'
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --attr k=
	refuses 2 INVALID_ARGUMENT -- lock stylist $T --duration 1h --idempotency-key "$(printf 'k\001')"
}

@test "lock refuses: unknown resource" {
	seed
	refuses 3 NOT_FOUND -- lock nope $T --duration 1h
	refuses 3 NOT_FOUND -- lock Stylist $T --duration 1h
}

@test "lock refuses: the json error object with --format json" {
	seed
	berth lock stylist $T --duration 1h >/dev/null
	refuses 4 CAPACITY_FULL -- --format json lock stylist $T --duration 1h
	[ "$(echo "$stderr" | jq -r .error.code)" = CAPACITY_FULL ]
	[ "$(echo "$stderr" | jq -r '.error.message | length > 0')" = true ]
}
