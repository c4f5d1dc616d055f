#!/usr/bin/env bats
# berth book: direct claims, confirmed or pending; the capacity and seat
# rules, lazy expiry, idempotency, and every refusal (exit, code, store
# unchanged).

bats_require_minimum_version 1.5.0
load helper

T=2026-06-10T09:00

@test "book: --duration, a confirmed booking with every field" {
	seed
	run --separate-stderr berth --format json book stylist $T --duration 1h
	assert_success
	[ "$(echo "$output" | jq -r .id)" = b1 ]
	[ "$(echo "$output" | jq -c '[.resource,.start,.end,.quantity,.seats,.customer,.status,.payment_status,.payment_ref,.hold,.version,.reschedules,.expires_at,.attrs]')" = \
		'["stylist","2026-06-10T09:00:00+00:00","2026-06-10T10:00:00+00:00",1,[],null,"confirmed","none",null,null,1,0,null,{}]' ]
	[ "$(echo "$output" | jq -r .created_at)" = 2026-06-01T10:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .updated_at)" = 2026-06-01T10:00:00+00:00 ]
	[ "$(field status -- show b1)" = confirmed ]
	[ "$(field booked -- availability stylist --at 2026-06-10T09:30)" = 1 ]
}

@test "book: --end" {
	seed
	[ "$(field end -- book workshop $T --end 2026-06-10T12:15)" = 2026-06-10T12:15:00+00:00 ]
}

@test "book: local times resolve in the resource's zone" {
	seed
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 1
	assert_success
	[ "$(echo "$output" | jq -r .start)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-15T23:00:00+02:00 ]
	# in winter Paris is +01:00
	[ "$(field start -- book concert 2026-12-15T20:00 --duration 3h --seat 1)" = 2026-12-15T20:00:00+01:00 ]
	# an explicit offset is kept as the instant, printed in the resource's zone
	[ "$(field start -- book concert 2026-06-16T18:00:00Z --duration 3h --seat 1)" = 2026-06-16T20:00:00+02:00 ]
}

@test "book: the slot length is the default duration" {
	seed
	berth resource add bay --capacity 2 --slot 1h30m >/dev/null
	[ "$(field end -- book bay $T)" = 2026-06-10T10:30:00+00:00 ]
	berth resource set workshop --slot 20m >/dev/null
	[ "$(field end -- book workshop $T)" = 2026-06-10T09:20:00+00:00 ]
}

@test "book: --quantity" {
	seed
	[ "$(field quantity -- book workshop $T --duration 1h --quantity 3)" = 3 ]
	[ "$(field booked -- availability workshop --at $T)" = 3 ]
}

@test "book: --seat N,M" {
	seed
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 21,22,23
	assert_success
	[ "$(echo "$output" | jq -c '[.quantity, (.seats | sort)]')" = '[3,[21,22,23]]' ]
}

@test "book: --seat repeated asks for every seat named" {
	seed
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 21,22 --seat 30
	assert_success
	[ "$(echo "$output" | jq -c '[.quantity, (.seats | sort)]')" = '[3,[21,22,30]]' ]
	refuses 2 INVALID_ARGUMENT -- book concert 2026-06-15T20:00 --duration 3h --seat 40 --seat 41,40
}

@test "book: a bad --seat among several is named as it was typed" {
	seed
	seat_error() {
		refuses 2 INVALID_ARGUMENT -- --format json book concert 2026-06-15T20:00 --duration 3h "$@"
		echo "$stderr" | jq -r '[.error.message, .error.details.value] | join(" | ")'
	}
	[ "$(seat_error --seat 3,4 --seat x7)" = "a seat must be a whole number from 1 to 100000, not 'x7' | x7" ]
	[ "$(seat_error --seat 3,4 --seat 7,,8)" = "--seat takes numbers such as 3 or 3,4,7, not '7,,8' | 7,,8" ]
	[ "$(seat_error --seat 3,4 --seat 0)" = "a seat must be a whole number from 1 to 100000, not '0' | 0" ]
	[ "$(seat_error --seat 40 --seat 41,40)" = "seat 40 named twice | 41,40" ]
	[ "$(seat_error --seat 5,6 --seat 7 --seat 8,5)" = "seat 5 named twice | 8,5" ]
	# one value: the same as before
	[ "$(seat_error --seat 3,x)" = "a seat must be a whole number from 1 to 100000, not 'x' | 3,x" ]
	[ "$(berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 1 --seat 2,3 --seat 4 | jq -c .seats)" = '[1,2,3,4]' ]
}

@test "book: a seated resource without --seat takes the lowest free seats" {
	seed
	w="2026-06-15T20:00 --duration 3h"
	berth book concert $w --seat 1,2,4 >/dev/null
	[ "$(berth --format json book concert $w | jq -c .seats)" = '[3]' ]
	[ "$(berth --format json book concert $w --quantity 2 | jq -c .seats)" = '[5,6]' ]
	berth lock concert $w --seat 7 >/dev/null
	[ "$(berth --format json book concert $w | jq -c .seats)" = '[8]' ]
}

@test "book: the last seats, then CAPACITY_FULL" {
	seed
	berth resource add booth --seats 3 >/dev/null
	berth book booth $T --duration 1h --seat 2 >/dev/null
	[ "$(berth --format json book booth $T --duration 1h --quantity 2 | jq -c .seats)" = '[1,3]' ]
	refuses 4 CAPACITY_FULL -- book booth $T --duration 1h
}

@test "book: --customer and --attr" {
	seed
	run berth --format json book workshop $T --duration 1h --customer alice --attr phone=555 --attr lang=fr
	assert_success
	[ "$(echo "$output" | jq -r .customer)" = alice ]
	[ "$(echo "$output" | jq -c .attrs)" = '{"phone":"555","lang":"fr"}' ]
	[ "$(berth --format jsonl list --customer alice | jq -r .id)" = b1 ]
	[ "$(berth --format jsonl list --customer bob | wc -l)" -eq 0 ]
}

@test "book: --pending has an expiry from pending_timeout" {
	seed
	run berth --format json book workshop $T --duration 1h --pending
	assert_success
	[ "$(echo "$output" | jq -r .status)" = pending ]
	[ "$(echo "$output" | jq -r .expires_at)" = 2026-06-01T10:30:00+00:00 ]
	[ "$(field status -- show b1 --now 2026-06-01T10:29:59Z)" = pending ]
	[ "$(field status -- show b1 --now 2026-06-01T10:30:00Z)" = expired ]
}

@test "book: a pending booking counts against capacity until it times out" {
	seed
	berth book stylist $T --duration 1h --pending >/dev/null
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h --now 2026-06-01T10:29:59Z
	run berth book stylist $T --duration 1h --now 2026-06-01T10:30:00Z
	assert_success
	run berth check --now 2026-06-01T10:30:00Z
	assert_success
}

@test "book: a confirmed pending booking keeps its place" {
	seed
	b=$(field id -- book stylist $T --duration 1h --pending)
	berth confirm "$b" >/dev/null
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h --now 2026-06-02T00:00:00Z
}

@test "book: --ttl changes nothing on a confirmed booking" {
	seed
	run berth --format json book workshop $T --duration 1h --ttl 10m
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .expires_at)" = null ]
}

@test "book: --pending --ttl sets this booking's timeout instead of pending_timeout" {
	seed
	run berth --format json book workshop $T --duration 1h --pending --ttl 10m
	assert_success
	[ "$(echo "$output" | jq -r .expires_at)" = "2026-06-01T10:10:00+00:00" ]
	run berth --format json book workshop $T --duration 1h --pending
	[ "$(echo "$output" | jq -r .expires_at)" = "2026-06-01T10:30:00+00:00" ]
	# In a batch line too.
	run berth book --batch <<<'{"resource":"workshop","start":"'$T'","duration":"1h","pending":true,"ttl":"2m"}'
	assert_success
	[ "$(echo "$output" | jq -r .expires_at)" = "2026-06-01T10:02:00+00:00" ]
}

@test "book: a start exactly now is not past" {
	seed
	run berth book stylist 2026-06-01T10:00:00Z --duration 30m
	assert_success
}

@test "book: writes one audit record, and berth check passes" {
	seed
	n=$(audit_count)
	berth book workshop $T --duration 1h >/dev/null
	[ "$(audit_count)" -eq $((n + 1)) ]
	run berth check
	assert_success
}

@test "book: -q prints nothing and still books" {
	seed
	run --separate-stderr berth -q book stylist $T --duration 1h
	assert_success
	[ -z "$output" ]
	[ "$(field status -- show b1)" = confirmed ]
}

# --- capacity ---

@test "capacity: on capacity 2, 9-10 and 10-11 leave room for 9-11, not for 9:30-10:30" {
	seed
	berth resource add pair --capacity 2 >/dev/null
	berth book pair 2026-06-10T09:00 --end 2026-06-10T10:00 >/dev/null
	berth book pair 2026-06-10T10:00 --end 2026-06-10T11:00 >/dev/null
	run berth book pair 2026-06-10T09:00 --end 2026-06-10T11:00
	assert_success
	refuses 4 CAPACITY_FULL -- book pair 2026-06-10T09:30 --end 2026-06-10T10:30
	refuses 4 CAPACITY_FULL -- lock pair 2026-06-10T09:30 --end 2026-06-10T10:30
	[ "$(berth --format jsonl list --resource pair | wc -l)" -eq 3 ]
	run berth check
	assert_success
}

@test "capacity: the maximum over the window decides, not the sum" {
	seed
	berth resource add trio --capacity 3 >/dev/null
	berth book trio 2026-06-10T09:00 --end 2026-06-10T10:00 --quantity 2 >/dev/null
	berth book trio 2026-06-10T11:00 --end 2026-06-10T12:00 --quantity 2 >/dev/null
	# 1 left everywhere, 2 only between 10:00 and 11:00
	run berth book trio 2026-06-10T09:00 --end 2026-06-10T12:00
	assert_success
	refuses 4 CAPACITY_FULL -- book trio 2026-06-10T08:00 --end 2026-06-10T13:00
	run berth book trio 2026-06-10T10:00 --end 2026-06-10T11:00 --quantity 2
	assert_success
	refuses 4 CAPACITY_FULL -- book trio 2026-06-10T10:30 --end 2026-06-10T10:31
}

@test "capacity: workshop slot of capacity 3 refuses the 4th" {
	seed
	for c in ann bea cid; do
		run berth book workshop $T --duration 2h --customer $c
		assert_success
	done
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 2h --customer dan
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T10:59 --duration 2h --customer dan
	run berth book workshop 2026-06-10T11:00 --duration 2h --customer dan
	assert_success
}

@test "capacity: a quantity that does not fit is refused whole" {
	seed
	berth book workshop $T --duration 1h --quantity 2 >/dev/null
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --quantity 2
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --quantity 4
	[ "$(field booked -- availability workshop --at $T)" = 2 ]
}

@test "capacity: a cancelled booking frees its units" {
	seed
	b=$(field id -- book stylist $T --duration 1h)
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h
	berth cancel "$b" >/dev/null
	run berth book stylist $T --duration 1h
	assert_success
}

# --- seats ---

@test "seats: a taken seat is SEAT_TAKEN, over any overlap" {
	seed
	berth book concert 2026-06-15T20:00 --duration 3h --seat 7 >/dev/null
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 7
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T22:00 --duration 3h --seat 7
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T18:00 --duration 2h1m --seat 7
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T21:00 --duration 1m --seat 7
	run berth book concert 2026-06-15T23:00 --duration 1h --seat 7
	assert_success
}

@test "seats: --seat 3,4 when 4 is taken books neither" {
	seed
	berth book concert 2026-06-15T20:00 --duration 3h --seat 4 >/dev/null
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4,5
	[ "$(berth --format jsonl list --resource concert | wc -l)" -eq 1 ]
	[ "$(field booked -- availability concert --at 2026-06-15T20:00)" = 1 ]
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 3,5
	assert_success
	[ "$(echo "$output" | jq -c '.seats | sort')" = '[3,5]' ]
}

@test "seats: a seat held by a live hold is SEAT_TAKEN" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 9 >/dev/null
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 9
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 9 --pending
}

# --- lazy expiry ---

@test "lazy expiry: an expired hold no longer blocks capacity, before expire" {
	seed
	for i in 1 2 3; do berth lock workshop $T --duration 1h >/dev/null; done
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --now 2026-06-01T10:04:59Z
	run berth book workshop $T --duration 1h --quantity 3 --now 2026-06-01T10:05:00Z
	assert_success
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --now 2026-06-01T10:05:00Z
	run berth check --now 2026-06-01T10:05:00Z
	assert_success
	# sweeping changes nothing about what is free
	berth expire --now 2026-06-01T10:06:00Z >/dev/null
	refuses 4 CAPACITY_FULL -- book workshop $T --duration 1h --now 2026-06-01T10:06:00Z
	run berth check --now 2026-06-01T10:06:00Z
	assert_success
}

@test "lazy expiry: an expired hold no longer holds its seat" {
	seed
	berth lock concert 2026-06-15T20:00 --duration 3h --seat 7 --ttl 1m >/dev/null
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 7 --now 2026-06-01T10:00:59Z
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 7 --now 2026-06-01T10:01:00Z
	assert_success
	[ "$(echo "$output" | jq -c .seats)" = '[7]' ]
	run berth check --now 2026-06-01T10:01:00Z
	assert_success
}

@test "lazy expiry: an expired pending booking no longer holds its seat" {
	seed
	berth book concert 2026-06-15T20:00 --duration 3h --seat 1 --pending >/dev/null
	[ "$(berth --format json book concert 2026-06-15T20:00 --duration 3h --now 2026-06-01T10:29:00Z | jq -c .seats)" = '[2]' ]
	[ "$(berth --format json book concert 2026-06-15T20:00 --duration 3h --now 2026-06-01T10:30:00Z | jq -c .seats)" = '[1]' ]
}

@test "lazy expiry: the expired hold cannot be confirmed once its place is taken" {
	seed
	h=$(field id -- lock stylist $T --duration 1h)
	berth book stylist $T --duration 1h --now 2026-06-01T10:05:00Z >/dev/null
	refuses 6 HOLD_EXPIRED -- confirm "$h" --now 2026-06-01T10:05:00Z
}

# --- idempotency ---

@test "idempotency: same key and request replays, byte for byte, writing nothing" {
	seed
	run --separate-stderr berth --format json book workshop $T --duration 1h --customer alice --attr a=1 --idempotency-key order-1
	assert_success
	first=$output
	before=$(store_dump)
	audit_before=$(audit_count)
	run --separate-stderr berth --format json book workshop $T --duration 1h --customer alice --attr a=1 --idempotency-key order-1
	assert_success
	[ "$output" = "$first" ]
	[ -z "$stderr" ]
	[ "$before" = "$(store_dump)" ]
	[ "$(audit_count)" = "$audit_before" ]
	[ "$(field booked -- availability workshop --at $T)" = 1 ]
}

@test "idempotency: table output replays byte for byte too" {
	seed
	a=$(berth book stylist $T --duration 1h --pending --idempotency-key k)
	before=$(store_dump)
	b=$(berth book stylist $T --duration 1h --pending --idempotency-key k)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	[ "$before" = "$(store_dump)" ]
}

@test "idempotency: a replay is not refused when the resource is full" {
	seed
	berth book stylist $T --duration 1h --idempotency-key k >/dev/null
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h
	before=$(store_dump)
	run berth book stylist $T --duration 1h --idempotency-key k
	assert_success
	[ "$before" = "$(store_dump)" ]
}

@test "idempotency: a replay on a resource in another zone is byte-identical" {
	seed
	a=$(berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 9 --idempotency-key k)
	before=$(store_dump)
	b=$(berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 9 --idempotency-key k)
	[ "$a" = "$b" ]
	[ "$before" = "$(store_dump)" ]
}

@test "idempotency: same key, different request is IDEMPOTENCY_MISMATCH" {
	seed
	berth book workshop $T --duration 1h --idempotency-key k >/dev/null
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 90m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --end 2026-06-10T10:30 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-11T09:00 --duration 1h --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 1h --quantity 2 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 1h --pending --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 1h --customer eve --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop $T --duration 1h --attr x=y --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist $T --duration 1h --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- lock workshop $T --duration 1h --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- --format json book workshop $T --duration 2h --idempotency-key k
}

@test "idempotency: a refused book does not use up its key" {
	seed
	berth book stylist $T --duration 1h >/dev/null
	refuses 4 CAPACITY_FULL -- book stylist $T --duration 1h --idempotency-key k
	run berth --format json book stylist 2026-06-10T10:00 --duration 1h --idempotency-key k
	assert_success
	[ "$(echo "$output" | jq -r .start)" = 2026-06-10T10:00:00+00:00 ]
}

# --- refusals ---

@test "book refuses: missing and extra operands, unknown option" {
	seed
	refuses 2 INVALID_ARGUMENT -- book
	refuses 2 INVALID_ARGUMENT -- book stylist
	refuses 2 INVALID_ARGUMENT -- book stylist $T 2026-06-10T10:00 --duration 1h
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --confirm
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h -x
	refuses 2 INVALID_ARGUMENT -- book stylist $T --quantity
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --pending=yes
}

@test "book refuses: bad start and end" {
	seed
	refuses 2 INVALID_TIME -- book stylist 'now 09:00' --duration 1h
	refuses 2 INVALID_TIME -- book stylist 2026-06-10T9:00 --duration 1h
	refuses 2 INVALID_TIME -- book stylist 2026-02-29T09:00 --duration 1h
	refuses 2 INVALID_TIME -- book stylist 2026-06-10T09:60 --duration 1h
	refuses 2 INVALID_TIME -- book stylist 10/06/2026 --duration 1h
	refuses 2 INVALID_TIME -- book stylist $T --end 'next 10:00'
	refuses 2 INVALID_TIME -- book stylist $T --end 2026-06-10T10:00Q
}

@test "book refuses: bad durations" {
	seed
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 0m
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration -30m
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1y
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration h
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 30
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --end 2026-06-10T10:00
}

@test "book refuses: a bad duration's message names it once" {
	seed
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 5x
	[[ $stderr == *"duration '5x'"* ]]
	[[ $stderr != *"--duration: --duration"* ]]
	refuses 2 INVALID_TIME -- book stylist 2026-06-31T09:00 --duration 1h
	[[ $stderr != *"start: start"* ]]
}

@test "book refuses: no end, no duration, no slot" {
	seed
	refuses 2 INVALID_ARGUMENT -- book workshop $T
	refuses 2 INVALID_ARGUMENT -- book workshop $T --quantity 2
}

@test "book refuses: end before or at start is INVALID_TIME" {
	seed
	refuses 2 INVALID_TIME -- book stylist $T --end 2026-06-10T08:59
	refuses 2 INVALID_TIME -- book stylist $T --end $T
	refuses 2 INVALID_TIME -- book stylist $T --end 2026-06-09
}

@test "book refuses: a start in the past is PAST" {
	seed
	refuses 5 PAST -- book stylist 2026-06-01T09:00 --duration 2h
	refuses 5 PAST -- book stylist 2026-06-01T09:59:59Z --duration 1h
	refuses 5 PAST -- book stylist 2025-06-10 --duration 1h
	refuses 5 PAST -- book stylist $T --duration 1h --now 2026-06-10T09:00:01Z
	refuses 5 PAST -- book stylist $T --duration 1h --pending --now 2026-07-01T00:00:00Z
}

@test "book refuses: bad quantity" {
	seed
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity 0
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity -1
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity abc
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity 1000001
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity 0x10
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --quantity ' 2'
}

@test "book refuses: bad seats" {
	seed
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat 0
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat x
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat ,3
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat '3, 4'
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat 5,5
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat 1,2 --quantity 3
}

@test "book refuses: --seat on an unseated resource" {
	seed
	refuses 2 INVALID_ARGUMENT -- book workshop $T --duration 1h --seat 2
}

@test "book refuses: a seat out of range" {
	seed
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat 101
	refuses 2 INVALID_ARGUMENT -- book concert $T --duration 1h --seat 100,101
	run berth book concert $T --duration 1h --seat 100
	assert_success
}

@test "book refuses: bad ttl" {
	seed
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --ttl 0s
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --ttl soon
}

@test "book refuses: bad customer and attributes" {
	seed
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --customer "$(printf 'bad\tname')"
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --customer "$(printf '\xff\xfe')"
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --attr x
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --attr -x=1
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --attr a=1 --attr a=1
	refuses 2 INVALID_ARGUMENT -- book stylist $T --duration 1h --attr "a=$(printf 'v%.0s' $(seq 257))"
}

@test "book refuses: unknown resource" {
	seed
	refuses 3 NOT_FOUND -- book nope $T --duration 1h
	refuses 3 NOT_FOUND -- book nope $T --duration 1h --pending
	refuses 3 NOT_FOUND -- --format json book nope $T --duration 1h
	[ "$(echo "$stderr" | jq -r .error.code)" = NOT_FOUND ]
}

@test "book refuses: capacity full, with a message saying where" {
	seed
	berth book stylist $T --duration 1h >/dev/null
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:30 --duration 1h
	[[ $stderr == *stylist* ]]
}
