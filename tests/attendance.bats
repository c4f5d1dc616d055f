#!/usr/bin/env bats
# checkin and noshow (issue 12): a confirmed booking that has started is
# marked attended or no_show, once, with --if-version; the mark is undone
# (--undo) only on the day it was made. Marked bookings keep their window,
# are listed by --status, and are audited with their events. Every refusal
# leaves the store as it was (`refuses` compares a dump of every table).

load helper
bats_require_minimum_version 1.5.0

# A confirmed 09:00-11:00 booking made at 08:00; the clock is 10:00.
started() {
	seed
	B=$(BERTH_NOW=2026-06-01T08:00:00Z field id -- book stylist 2026-06-01T09:00 --duration 2h --customer ann)
}

@test "checkin: a started booking becomes attended, version + 1, one audit record and its event" {
	started
	n=$(audit_count)
	run --separate-stderr berth --format json checkin "$B"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = attended ]
	[ "$(echo "$output" | jq -r .version)" = 2 ]
	[ "$(audit_count)" = $((n + 1)) ]
	[ "$(berth --format json audit "$B" | jq -r '.[-1].action')" = booking.checked_in ]
	[ "$(berth events | tail -n 1 | jq -r .type)" = booking.checked_in ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "noshow: a started booking becomes no_show; its event is booking.marked_no_show" {
	started
	run --separate-stderr berth --format json noshow "$B" --reason "did not come"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = no_show ]
	[ "$(berth events | tail -n 1 | jq -r .type)" = booking.marked_no_show ]
	[ "$(berth --format json audit "$B" | jq -r '.[-1].reason')" = "did not come" ]
}

@test "checkin/noshow: the marked booking keeps its window (capacity stays taken)" {
	started
	berth -q noshow "$B"
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-01T10:30 --duration 10m
	[ "$(berth --format json availability stylist --at 2026-06-01T10:30 | jq -r .booked)" = 1 ]
	run berth check
	assert_success
}

@test "list --status attended|no_show finds the marked bookings" {
	started
	c=$(BERTH_NOW=2026-06-01T08:00:00Z field id -- book workshop 2026-06-01T09:00 --duration 1h)
	berth -q checkin "$B"
	berth -q noshow "$c"
	[ "$(berth --format json list --status attended | jq -r '.[].id')" = "$B" ]
	[ "$(berth --format json list --status no_show | jq -r '.[].id')" = "$c" ]
	[ "$(berth --format json list --status confirmed | jq -r length)" = 0 ]
}

@test "checkin --if-version: the current version marks, a stale one is VERSION_MISMATCH" {
	started
	refuses 4 VERSION_MISMATCH -- checkin "$B" --if-version 2
	refuses 4 VERSION_MISMATCH -- noshow "$B" --if-version 2
	run --separate-stderr berth --format json checkin "$B" --if-version 1
	assert_success
	[ "$(echo "$output" | jq -r .version)" = 2 ]
}

@test "checkin --undo the same day: confirmed again; then noshow may mark it" {
	started
	berth -q checkin "$B"
	run --separate-stderr berth --format json checkin "$B" --undo
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .version)" = 3 ]
	[ "$(berth events | tail -n 1 | jq -r .type)" = booking.checkin_undone ]
	run --separate-stderr berth --format json noshow "$B"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = no_show ]
	run --separate-stderr berth --format json noshow "$B" --undo
	assert_success
	[ "$(berth events | tail -n 1 | jq -r .type)" = booking.noshow_undone ]
}

@test "checkin: refused before the booking starts (INVALID_STATE)" {
	seed
	b=$(field id -- book stylist 2026-06-02T09:00 --duration 1h)
	refuses 4 INVALID_STATE -- checkin "$b"
	refuses 4 INVALID_STATE -- noshow "$b"
}

@test "checkin: refused for a booking marked already, either way (INVALID_STATE)" {
	started
	berth -q checkin "$B"
	refuses 4 INVALID_STATE -- checkin "$B"
	refuses 4 INVALID_STATE -- noshow "$B"
}

@test "checkin --undo: refused with no such mark, and the day after the mark (INVALID_STATE)" {
	started
	refuses 4 INVALID_STATE -- checkin "$B" --undo
	berth -q noshow "$B"
	refuses 4 INVALID_STATE -- checkin "$B" --undo
	BERTH_NOW=2026-06-02T00:00:00Z refuses 4 INVALID_STATE -- noshow "$B" --undo
}

@test "checkin: refused for a pending, a cancelled and an expired booking" {
	seed
	p=$(BERTH_NOW=2026-06-01T09:50:00Z field id -- book stylist 2026-06-01T09:55 --duration 1h --pending)
	refuses 4 INVALID_STATE -- checkin "$p"
	c=$(BERTH_NOW=2026-06-01T08:00:00Z field id -- book workshop 2026-06-01T09:00 --duration 1h)
	BERTH_NOW=2026-06-01T08:00:00Z berth -q cancel "$c"
	refuses 4 INVALID_STATE -- noshow "$c"
	BERTH_NOW=2026-06-01T11:00:00Z refuses 6 BOOKING_EXPIRED -- checkin "$p"
}

@test "checkin: a hold is INVALID_ARGUMENT, an unknown booking NOT_FOUND, no operand INVALID_ARGUMENT" {
	seed
	h=$(field id -- lock stylist 2026-06-02T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- checkin "$h"
	refuses 3 NOT_FOUND -- checkin b99
	refuses 2 INVALID_ARGUMENT -- noshow
	refuses 2 INVALID_ARGUMENT -- checkin b1 --if-version 0
}

@test "checkin: the customer role may not mark attendance (FORBIDDEN)" {
	started
	refuses 5 FORBIDDEN -- --role customer --as ann checkin "$B"
	run berth --role staff checkin "$B"
	assert_success
}

@test "a marked booking can no longer be cancelled, rescheduled or confirmed, but can be paid" {
	started
	berth -q checkin "$B"
	refuses 4 INVALID_STATE -- cancel "$B"
	refuses 4 INVALID_STATE -- reschedule "$B" 2026-06-03T09:00
	refuses 4 INVALID_STATE -- confirm "$B"
	run --separate-stderr berth --format json pay "$B" --status paid
	assert_success
	[ "$(echo "$output" | jq -r .status)" = attended ]
	[ "$(echo "$output" | jq -r .payment_status)" = paid ]
}

@test "checkin: the marked status survives backup, check and the audit chain" {
	started
	berth -q checkin "$B"
	berth -q backup "$BATS_TEST_TMPDIR/b.mdb"
	run berth check
	assert_success
	[ "$(berth --format json show "$B" | jq -r .status)" = attended ]
}
