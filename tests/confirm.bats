#!/usr/bin/env bats
# confirm: a live hold becomes a confirmed booking carrying its window, seats,
# customer and quantity; a pending booking becomes confirmed. Refusals change
# nothing. The clock is BERTH_NOW=2026-06-01T10:00:00Z; holds live 5m and
# pending bookings 30m by default.

load helper
bats_require_minimum_version 1.5.0

@test "confirm: a hold becomes a confirmed booking with the hold's window, seats, customer, quantity" {
	seed
	h=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 7,8 --customer alice)
	run --separate-stderr berth --format json confirm "$h"
	assert_success
	b=$(echo "$output" | jq -r .id)
	[[ $b == b* ]]
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .resource)" = concert ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-15T23:00:00+02:00 ]
	[ "$(echo "$output" | jq -c .seats)" = "[7,8]" ]
	[ "$(echo "$output" | jq -r .quantity)" = 2 ]
	[ "$(echo "$output" | jq -r .customer)" = alice ]
	[ "$(echo "$output" | jq -r .hold)" = "$h" ]
	[ "$(echo "$output" | jq -r .expires_at)" = null ]
	[ "$(echo "$output" | jq -r .payment_status)" = none ]
	# the hold is used and points at the booking; show agrees
	[ "$(field status -- show "$h")" = used ]
	[ "$(field booking -- show "$h")" = "$b" ]
	[ "$(field hold -- show "$b")" = "$h" ]
	[ "$(field status -- show "$b")" = confirmed ]
	# the seats stay claimed: by the booking now, not the hold
	[ "$(field booked -- availability concert --at 2026-06-15T21:00)" = 2 ]
	[ "$(field held -- availability concert --at 2026-06-15T21:00)" = 0 ]
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 8
	run berth check
	assert_success
}

@test "confirm: a capacity hold keeps its quantity" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 2h --quantity 3 --customer bob)
	b=$(field id -- confirm "$h")
	[ "$(field quantity -- show "$b")" = 3 ]
	[ "$(field customer -- show "$b")" = bob ]
	[ "$(field booked -- availability workshop --at 2026-06-10T10:00)" = 3 ]
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T10:00 --duration 1h
}

@test "confirm: the booking outlives the hold's TTL" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h")
	export BERTH_NOW=2026-06-02T10:00:00Z
	[ "$(field status -- show "$b")" = confirmed ]
	run berth --format json expire
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	[ "$(field status -- show "$b")" = confirmed ]
	[ "$(field status -- show "$h")" = used ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:30 --duration 1h
}

@test "confirm: --payment paid and --payment-ref are recorded" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	run berth --format json confirm "$h" --payment paid --payment-ref pay-123
	assert_success
	b=$(echo "$output" | jq -r .id)
	[ "$(field payment_status -- show "$b")" = paid ]
	[ "$(field payment_ref -- show "$b")" = pay-123 ]
}

@test "confirm: --payment pending is recorded" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h" --payment pending)
	[ "$(field payment_status -- show "$b")" = pending ]
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "confirm: a pending booking becomes confirmed and stops expiring" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending --customer carol)
	[ "$(field status -- show "$b")" = pending ]
	[ "$(field expires_at -- show "$b")" = 2026-06-01T10:30:00+00:00 ]
	run berth --format json confirm "$b" --payment paid
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .expires_at)" = null ]
	[ "$(echo "$output" | jq -r .payment_status)" = paid ]
	# past the pending timeout it is still there and still blocks
	export BERTH_NOW=2026-06-01T11:00:00Z
	[ "$(field status -- show "$b")" = confirmed ]
	berth -q expire
	[ "$(field status -- show "$b")" = confirmed ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
}

@test "confirm: one second before the TTL works" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	run berth --now 2026-06-01T10:04:59Z --format json confirm "$h"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
}

@test "confirm: an expired hold is refused (6 HOLD_EXPIRED) before expire ran, at the TTL and after" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	refuses 6 HOLD_EXPIRED -- --now 2026-06-01T10:05:00Z confirm "$h"
	refuses 6 HOLD_EXPIRED -- --now 2026-06-01T12:00:00Z confirm "$h" --payment paid
	[ "$(berth --now 2026-06-01T12:00:00Z --format json list | jq length)" = 0 ]
}

@test "confirm: an expired hold is refused (6 HOLD_EXPIRED) after expire ran" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	export BERTH_NOW=2026-06-01T10:06:00Z
	run berth -q expire
	assert_success
	[ "$(field status -- show "$h")" = expired ]
	refuses 6 HOLD_EXPIRED -- confirm "$h"
	# and at the original clock too: an expired hold never comes back
	refuses 6 HOLD_EXPIRED -- --now 2026-06-01T10:01:00Z confirm "$h"
}

@test "confirm: a used hold is refused (4 HOLD_ALREADY_USED)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q confirm "$h"
	refuses 4 HOLD_ALREADY_USED -- confirm "$h"
	refuses 4 HOLD_ALREADY_USED -- confirm "$h" --payment paid
	[ "$(berth --format json list | jq length)" = 1 ]
}

@test "confirm: a released hold is refused (4 INVALID_STATE)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q release "$h"
	refuses 4 INVALID_STATE -- confirm "$h"
}

@test "confirm: failed payment then a successful one" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --customer dan)
	refuses 7 PAYMENT_FAILED -- confirm "$h" --payment failed --payment-ref card-declined
	# the hold stays live and keeps its capacity
	[ "$(field status -- show "$h")" = active ]
	[ "$(field held -- availability stylist --at 2026-06-10T09:00)" = 1 ]
	refuses 4 CAPACITY_FULL -- lock stylist 2026-06-10T09:00 --duration 1h
	[ "$(berth --format json list | jq length)" = 0 ]
	run berth --format json confirm "$h" --payment paid --payment-ref card-ok
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .payment_status)" = paid ]
	[ "$(echo "$output" | jq -r .payment_ref)" = card-ok ]
	[ "$(echo "$output" | jq -r .customer)" = dan ]
}

@test "confirm: failed payment on a pending booking is refused and it stays pending" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	refuses 7 PAYMENT_FAILED -- confirm "$b" --payment failed
	[ "$(field status -- show "$b")" = pending ]
	[ "$(field payment_status -- show "$b")" = none ]
}

@test "confirm: a bad --payment value is refused (2)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment bogus
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment refunded
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment none
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment ""
	[ "$(field status -- show "$h")" = active ]
}

@test "confirm: an unknown id is refused (3)" {
	seed
	refuses 3 NOT_FOUND -- confirm h99
	refuses 3 NOT_FOUND -- confirm b99
}

@test "confirm: a malformed id is refused (2)" {
	seed
	berth -q lock stylist 2026-06-10T09:00 --duration 1h
	for id in x1 h01 h b h-1 1 h1x H1 "" w1x; do
		refuses 2 INVALID_ARGUMENT -- confirm "$id"
	done
	refuses 2 INVALID_ARGUMENT -- confirm
	refuses 2 INVALID_ARGUMENT -- confirm h1 h1
}

@test "confirm: an already confirmed booking is refused (4 INVALID_STATE)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	refuses 4 INVALID_STATE -- confirm "$b"
	b2=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --pending)
	berth -q confirm "$b2"
	refuses 4 INVALID_STATE -- confirm "$b2"
}

@test "confirm: a cancelled booking is refused (4 INVALID_STATE)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	berth -q cancel "$b"
	refuses 4 INVALID_STATE -- confirm "$b"
}

@test "confirm: a pending booking past its timeout is refused (6 BOOKING_EXPIRED), swept or not" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	refuses 6 BOOKING_EXPIRED -- --now 2026-06-01T10:30:00Z confirm "$b"
	refuses 6 BOOKING_EXPIRED -- --now 2026-06-01T10:45:00Z confirm "$b" --payment paid
	berth --now 2026-06-01T10:45:00Z -q expire
	refuses 6 BOOKING_EXPIRED -- --now 2026-06-01T10:45:00Z confirm "$b"
}

@test "confirm: the pending timeout follows the policy" {
	seed
	berth -q policy set pending_timeout 2h
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	run berth --now 2026-06-01T11:59:00Z --format json confirm "$b"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
}

@test "confirm: idempotent replay is byte-identical, exits 0 and writes nothing" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --customer eve)
	run --separate-stderr berth --format json confirm "$h" --payment paid --payment-ref r1 --idempotency-key k-1
	assert_success
	first=$output
	before=$(store_dump)
	run --separate-stderr berth --format json confirm "$h" --payment paid --payment-ref r1 --idempotency-key k-1
	assert_success
	[ "$output" = "$first" ]
	[ -z "$stderr" ]
	[ "$(store_dump)" = "$before" ]
	# also later, when the hold would have expired
	run --separate-stderr berth --now 2026-06-01T11:00:00Z --format json confirm "$h" --payment paid --payment-ref r1 --idempotency-key k-1
	assert_success
	[ "$output" = "$first" ]
	[ "$(store_dump)" = "$before" ]
	[ "$(berth --format json list | jq length)" = 1 ]
}

@test "confirm: idempotent replay in table format too" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	run berth confirm "$h" --idempotency-key tk
	assert_success
	first=$output
	assert_line --regexp '^status +confirmed$'
	assert_line --regexp "^hold +$h\$"
	run berth confirm "$h" --idempotency-key tk
	assert_success
	[ "$output" = "$first" ]
}

@test "confirm: the same key on a different hold is refused (4 IDEMPOTENCY_MISMATCH)" {
	seed
	h1=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	h2=$(field id -- lock stylist 2026-06-11T09:00 --duration 1h)
	berth -q confirm "$h1" --idempotency-key k-2
	refuses 4 IDEMPOTENCY_MISMATCH -- confirm "$h2" --idempotency-key k-2
	[ "$(field status -- show "$h2")" = active ]
	# the same hold with a different payment is a different request too
	refuses 4 IDEMPOTENCY_MISMATCH -- confirm "$h1" --idempotency-key k-2 --payment paid
}

@test "confirm: a used hold again without the key is HOLD_ALREADY_USED" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q confirm "$h" --idempotency-key k-3
	refuses 4 HOLD_ALREADY_USED -- confirm "$h"
	refuses 4 HOLD_ALREADY_USED -- confirm "$h" --idempotency-key k-other
}

@test "confirm: a refusal writes no audit record" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	n=$(audit_count)
	run berth confirm "$h" --payment failed
	[ "$status" -eq 7 ]
	run berth --now 2026-06-01T10:10:00Z confirm "$h"
	[ "$status" -eq 6 ]
	[ "$(audit_count)" = "$n" ]
	berth -q confirm "$h"
	[ "$(audit_count)" -gt "$n" ]
}
