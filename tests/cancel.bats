#!/usr/bin/env bats
# cancel: a booking ends and its capacity is free again; refusals change
# nothing; --reason is audited; an idempotency key replays.

load helper
bats_require_minimum_version 1.5.0

@test "cancel: a confirmed booking is cancelled and its capacity is free again" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann)
	[ "$(field booked -- availability stylist --at 2026-06-10T09:00)" = 1 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:30 --duration 1h
	run berth --format json cancel "$b"
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	[ "$(echo "$output" | jq -r .status)" = cancelled ]
	[ "$(echo "$output" | jq -r .version)" = 2 ]
	[ "$(field status -- show "$b")" = cancelled ]
	[ "$(field booked -- availability stylist --at 2026-06-10T09:00)" = 0 ]
	[ "$(field available -- availability stylist --at 2026-06-10T09:00)" = 1 ]
	run berth --format json book stylist 2026-06-10T09:30 --duration 1h
	assert_success
	run berth check
	assert_success
}

@test "cancel: a booking made from a hold frees its seats" {
	seed
	h=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 10,11)
	b=$(field id -- confirm "$h")
	berth -q cancel "$b"
	[ "$(field available -- availability concert --at 2026-06-15T21:00)" = 100 ]
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 10,11
	# the hold stays used: cancelling the booking does not revive it
	[ "$(field status -- show "$h")" = used ]
	run berth check
	assert_success
}

@test "cancel: a pending booking is cancelled and frees its capacity" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --pending --quantity 3)
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:00 --duration 1h
	berth -q cancel "$b"
	[ "$(field status -- show "$b")" = cancelled ]
	[ "$(field available -- availability workshop --at 2026-06-10T09:00)" = 3 ]
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 3
}

@test "cancel: a hold id is refused (2)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- cancel "$h"
	[ "$(field status -- show "$h")" = active ]
}

@test "cancel: twice is refused (4 INVALID_STATE)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q cancel "$b"
	refuses 4 INVALID_STATE -- cancel "$b"
	refuses 4 INVALID_STATE -- cancel "$b" --reason again
}

@test "cancel: a pending booking past its timeout is refused (6 BOOKING_EXPIRED), swept or not" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	refuses 6 BOOKING_EXPIRED -- --now 2026-06-01T10:30:00Z cancel "$b"
	berth --now 2026-06-01T10:31:00Z -q expire
	refuses 6 BOOKING_EXPIRED -- --now 2026-06-01T10:31:00Z cancel "$b"
}

@test "cancel: unknown (3) and malformed (2) ids" {
	seed
	refuses 3 NOT_FOUND -- cancel b77
	refuses 2 INVALID_ARGUMENT -- cancel x1
	refuses 2 INVALID_ARGUMENT -- cancel b01
	refuses 2 INVALID_ARGUMENT -- cancel
}

@test "cancel: a bad --reason is refused (2)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --reason "$(printf 'a\033[2Jb')"
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --reason "$(head -c 300 /dev/zero | tr '\0' x)"
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "cancel: --reason is recorded in berth audit" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q cancel "$b" --reason "customer is ill"
	run --separate-stderr berth --format json audit "$b"
	assert_success
	[ "$(echo "$output" | jq -r '.[-1].action')" = booking.cancelled ]
	[ "$(echo "$output" | jq -r '.[-1].reason')" = "customer is ill" ]
	[ "$(echo "$output" | jq -r '.[-1].before.status')" = confirmed ]
	[ "$(echo "$output" | jq -r '.[-1].after.status')" = cancelled ]
}

@test "cancel: one audit record per cancel; a refusal writes none" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	n=$(audit_count)
	berth -q cancel "$b" --reason why
	[ "$(audit_count)" = $((n + 1)) ]
	run berth cancel "$b"
	[ "$status" -eq 4 ]
	[ "$(audit_count)" = $((n + 1)) ]
}

@test "cancel: idempotent replay is byte-identical, exits 0 and writes nothing" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	run --separate-stderr berth --format json cancel "$b" --reason r --idempotency-key c-1
	assert_success
	first=$output
	before=$(store_dump)
	run --separate-stderr berth --format json cancel "$b" --reason r --idempotency-key c-1
	assert_success
	[ "$output" = "$first" ]
	[ "$(store_dump)" = "$before" ]
	# without the key, a second cancel is a conflict
	refuses 4 INVALID_STATE -- cancel "$b" --reason r
}

@test "cancel: the same key with a different request is refused (4 IDEMPOTENCY_MISMATCH)" {
	seed
	b1=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	b2=$(field id -- book stylist 2026-06-11T09:00 --duration 1h)
	berth -q cancel "$b1" --idempotency-key c-2
	refuses 4 IDEMPOTENCY_MISMATCH -- cancel "$b2" --idempotency-key c-2
	refuses 4 IDEMPOTENCY_MISMATCH -- cancel "$b1" --idempotency-key c-2 --reason other
	[ "$(field status -- show "$b2")" = confirmed ]
}
