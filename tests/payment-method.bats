#!/usr/bin/env bats
# --payment-method (issue 12, the flower-workshop seed's rule): on book,
# lock and confirm. on_arrival may be pending, paid or refunded, never
# failed; online pending, paid, failed or refunded. A move the method does
# not allow is INVALID_STATE (4), a combination wrong on one command line
# INVALID_ARGUMENT (2), and require_payment makes confirm (and a booking
# made confirmed) of an unpaid online claim PAYMENT_REQUIRED (7). Every
# refusal leaves the store as it was.

load helper
bats_require_minimum_version 1.5.0

pm() { berth --format json show "$1" | jq -r '[.payment_method, .payment_status] | join(" ")'; }

@test "payment-method: book --payment-method on_arrival starts pending; paid, then refunded" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --payment-method on_arrival)
	[ "$(pm "$b")" = "on_arrival pending" ]
	berth -q pay "$b" --status paid
	[ "$(pm "$b")" = "on_arrival paid" ]
	berth -q pay "$b" --status refunded
	[ "$(pm "$b")" = "on_arrival refunded" ]
}

@test "payment-method: an on_arrival payment never fails (INVALID_STATE), from pay or confirm" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --payment-method on_arrival)
	refuses 4 INVALID_STATE -- pay "$b" --status failed
	p=$(field id -- book workshop 2026-06-10T10:00 --duration 1h --pending --payment-method on_arrival)
	refuses 4 INVALID_STATE -- confirm "$p" --payment failed
	h=$(field id -- lock workshop 2026-06-10T11:00 --duration 1h --payment-method on_arrival)
	refuses 4 INVALID_STATE -- confirm "$h" --payment failed
}

@test "payment-method: online goes pending, failed, paid, refunded; paid cannot fail" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --payment-method online)
	[ "$(pm "$b")" = "online pending" ]
	berth -q pay "$b" --status failed
	[ "$(pm "$b")" = "online failed" ]
	berth -q pay "$b" --status paid
	refuses 4 INVALID_STATE -- pay "$b" --status failed
	berth -q pay "$b" --status refunded
	[ "$(pm "$b")" = "online refunded" ]
	refuses 4 INVALID_STATE -- pay "$b" --status paid
}

@test "payment-method: lock keeps the method; confirm --payment paid pays the booking" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --payment-method online)
	run --separate-stderr berth --format json confirm "$h" --payment paid
	assert_success
	[ "$(echo "$output" | jq -r '[.payment_method, .payment_status] | join(" ")')" = "online paid" ]
}

@test "payment-method: confirm names the method of a hold that had none, or changes one not paid yet" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h" --payment-method on_arrival)
	[ "$(pm "$b")" = "on_arrival pending" ]
	h2=$(field id -- lock workshop 2026-06-10T10:00 --duration 1h --payment-method on_arrival)
	b2=$(field id -- confirm "$h2" --payment-method online --payment paid)
	[ "$(pm "$b2")" = "online paid" ]
}

@test "payment-method: a method does not change once paid (INVALID_STATE)" {
	seed
	p=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --pending --payment-method online)
	berth -q pay "$p" --status failed
	refuses 4 INVALID_STATE -- confirm "$p" --payment-method on_arrival
}

@test "payment-method: a payment the method named on the same line does not allow is INVALID_ARGUMENT" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment-method on_arrival --payment failed
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment-method none --payment paid
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment-method none --payment pending
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment-method cash
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-10T09:00 --payment-method ONLINE
	refuses 2 INVALID_ARGUMENT -- lock workshop 2026-06-10T09:00 --payment-method ''
}

@test "payment-method: confirm --payment failed of an online hold is PAYMENT_FAILED and the hold stays" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --payment-method online)
	refuses 7 PAYMENT_FAILED -- confirm "$h" --payment failed
	[ "$(berth --format json show "$h" | jq -r .status)" = active ]
}

@test "require_payment: confirm of an unpaid online claim is PAYMENT_REQUIRED until it is paid" {
	seed
	berth -q policy set require_payment true
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --payment-method online)
	refuses 7 PAYMENT_REQUIRED -- confirm "$h"
	refuses 7 PAYMENT_REQUIRED -- confirm "$h" --payment pending
	run --separate-stderr berth --format json confirm "$h" --payment paid
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
}

@test "require_payment: a pending online booking is confirmed by pay, not by confirm" {
	seed
	berth -q policy set require_payment true --resource workshop
	p=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --pending --payment-method online)
	refuses 7 PAYMENT_REQUIRED -- confirm "$p"
	run --separate-stderr berth --format json pay "$p" --status paid
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
}

@test "require_payment: an online booking made confirmed at once is PAYMENT_REQUIRED" {
	seed
	berth -q policy set require_payment true
	refuses 7 PAYMENT_REQUIRED -- book workshop 2026-06-10T09:00 --duration 1h --payment-method online
	run berth book workshop 2026-06-10T09:00 --duration 1h --payment-method on_arrival
	assert_success
}

@test "require_payment: other methods and other resources' claims are not asked" {
	seed
	berth -q policy set require_payment true --resource stylist
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --payment-method online)
	run berth confirm "$h"
	assert_success
	h2=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --payment-method on_arrival)
	run berth confirm "$h2"
	assert_success
	h3=$(field id -- lock stylist 2026-06-10T11:00 --duration 1h)
	run berth confirm "$h3"
	assert_success
}

@test "payment-method: a claim that names none pays as before" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	[ "$(pm "$b")" = "none none" ]
	berth -q pay "$b" --status failed
	berth -q pay "$b" --status paid
	[ "$(pm "$b")" = "none paid" ]
}

@test "payment-method: the key's fingerprint holds the method" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --payment-method online --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h --payment-method on_arrival --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h --idempotency-key k1
	run berth book workshop 2026-06-10T09:00 --duration 1h --payment-method online --idempotency-key k1
	assert_success
	run berth check
	assert_success
}
