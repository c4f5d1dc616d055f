#!/usr/bin/env bats
# release: a live hold is given back and its capacity is free again at once.

load helper
bats_require_minimum_version 1.5.0

@test "release: a hold is released and its capacity is free again" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --customer ann)
	[ "$(field available -- availability stylist --at 2026-06-10T09:30)" = 0 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
	run berth --format json release "$h"
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$h" ]
	[ "$(echo "$output" | jq -r .status)" = released ]
	[ "$(field status -- show "$h")" = released ]
	[ "$(field available -- availability stylist --at 2026-06-10T09:30)" = 1 ]
	[ "$(field held -- availability stylist --at 2026-06-10T09:30)" = 0 ]
	run berth --format json book stylist 2026-06-10T09:00 --duration 1h
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	run berth check
	assert_success
}

@test "release: released seats can be claimed again" {
	seed
	h=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 5,6)
	refuses 4 SEAT_TAKEN -- lock concert 2026-06-15T20:00 --duration 3h --seat 6
	berth -q release "$h"
	[ "$(field available -- availability concert --at 2026-06-15T20:00)" = 100 ]
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 6
	assert_success
	[ "$(echo "$output" | jq -c .seats)" = "[6]" ]
	run berth check
	assert_success
}

@test "release: only the released hold's units come back" {
	seed
	berth -q lock workshop 2026-06-10T09:00 --duration 1h --quantity 2
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h)
	[ "$(field available -- availability workshop --at 2026-06-10T09:00)" = 0 ]
	berth -q release "$h"
	[ "$(field held -- availability workshop --at 2026-06-10T09:00)" = 2 ]
	[ "$(field available -- availability workshop --at 2026-06-10T09:00)" = 1 ]
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:00 --duration 1h --quantity 2
	berth -q book workshop 2026-06-10T09:00 --duration 1h
}

@test "release: a booking id is refused (2)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- release "$b"
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "release: a used hold is refused (4 HOLD_ALREADY_USED)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h")
	refuses 4 HOLD_ALREADY_USED -- release "$h"
	[ "$(field status -- show "$b")" = confirmed ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
}

@test "release: a released hold is refused (4 INVALID_STATE)" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q release "$h"
	refuses 4 INVALID_STATE -- release "$h"
}

@test "release: an expired hold is refused (6 HOLD_EXPIRED), swept or not" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	refuses 6 HOLD_EXPIRED -- --now 2026-06-01T10:05:00Z release "$h"
	berth --now 2026-06-01T10:06:00Z -q expire
	refuses 6 HOLD_EXPIRED -- --now 2026-06-01T10:06:00Z release "$h"
	[ "$(field status -- show "$h")" = expired ]
}

@test "release: unknown (3) and malformed (2) ids" {
	seed
	refuses 3 NOT_FOUND -- release h42
	refuses 2 INVALID_ARGUMENT -- release x1
	refuses 2 INVALID_ARGUMENT -- release h01
	refuses 2 INVALID_ARGUMENT -- release
}

@test "release: writes one audit record; a refusal writes none" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	n=$(audit_count)
	berth -q release "$h"
	[ "$(audit_count)" = $((n + 1)) ]
	run berth release "$h"
	[ "$status" -eq 4 ]
	[ "$(audit_count)" = $((n + 1)) ]
}
