#!/usr/bin/env bats
# availability: total, held, booked and available at an instant (--at) or at
# the tightest point from now on.

load helper
bats_require_minimum_version 1.5.0

# avail RESOURCE [--at T]: "total held booked available"
avail() {
	berth --format json availability "$@" | jq -r '"\(.total) \(.held) \(.booked) \(.available)"'
}

@test "availability: an empty resource is all available" {
	seed
	[ "$(avail workshop)" = "3 0 0 3" ]
	[ "$(avail stylist)" = "1 0 0 1" ]
	[ "$(avail concert)" = "100 0 0 100" ]
	run --separate-stderr berth --format json availability workshop
	assert_success
	for k in resource start end total held booked available; do
		echo "$output" | jq -e --arg k "$k" 'has($k)' >/dev/null || { echo "no $k"; false; }
	done
	[ "$(echo "$output" | jq -r .resource)" = workshop ]
}

@test "availability: --at counts holds and bookings at that instant" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	berth -q lock workshop 2026-06-10T09:30 --duration 1h
	[ "$(avail workshop --at 2026-06-10T08:59)" = "3 0 0 3" ]
	[ "$(avail workshop --at 2026-06-10T09:00)" = "3 0 1 2" ]
	[ "$(avail workshop --at 2026-06-10T09:45)" = "3 1 1 1" ]
	# half-open windows: the booking ends at 10:00
	[ "$(avail workshop --at 2026-06-10T10:00)" = "3 1 0 2" ]
	[ "$(avail workshop --at 2026-06-10T10:30)" = "3 0 0 3" ]
	run --separate-stderr berth --format json availability workshop --at 2026-06-10T09:45
	[ "$(echo "$output" | jq -r .start)" = 2026-06-10T09:30:00+00:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T10:00:00+00:00 ]
}

@test "availability: without --at, the tightest point from now on" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	berth -q lock workshop 2026-06-11T09:00 --duration 1h --quantity 2
	berth -q book workshop 2026-06-11T09:30 --duration 1h
	berth -q book workshop 2026-06-12T09:00 --duration 1h --quantity 2
	run --separate-stderr berth --format json availability workshop
	assert_success
	[ "$(echo "$output" | jq -r '"\(.total) \(.held) \(.booked) \(.available)"')" = "3 2 1 0" ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-11T09:30:00+00:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-11T10:00:00+00:00 ]
	# once the hold has expired the tightest point is the 12th
	export BERTH_NOW=2026-06-01T10:05:00Z
	run --separate-stderr berth --format json availability workshop
	[ "$(echo "$output" | jq -r '"\(.held) \(.booked) \(.available)"')" = "0 2 1" ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-12T09:00:00+00:00 ]
}

@test "availability: without --at, claims already over do not count" {
	seed
	berth -q book workshop 2026-06-01T12:00 --duration 1h --quantity 3
	berth -q book workshop 2026-06-05T12:00 --duration 1h
	[ "$(avail workshop)" = "3 0 3 0" ]
	export BERTH_NOW=2026-06-02T00:00:00Z
	[ "$(avail workshop)" = "3 0 1 2" ]
}

@test "availability: pending bookings count as booked until their timeout" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --pending --quantity 2
	[ "$(avail workshop --at 2026-06-10T09:00)" = "3 0 2 1" ]
	[ "$(avail workshop --at 2026-06-10T09:00 --now 2026-06-01T10:30:00Z)" = "3 0 0 3" ]
}

@test "availability: cancelled, released and expired claims do not count" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h)
	berth -q lock workshop 2026-06-10T09:00 --duration 1h --ttl 1m
	[ "$(avail workshop --at 2026-06-10T09:00)" = "3 2 1 0" ]
	berth -q cancel "$b"
	berth -q release "$h"
	[ "$(avail workshop --at 2026-06-10T09:00)" = "3 1 0 2" ]
	[ "$(avail workshop --at 2026-06-10T09:00 --now 2026-06-01T10:01:00Z)" = "3 0 0 3" ]
}

@test "availability: a seated resource counts seats" {
	seed
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 1,2
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 3,4,5
	berth -q book concert 2026-06-15T20:00 --duration 3h --quantity 10
	[ "$(avail concert --at 2026-06-15T21:00)" = "100 2 13 85" ]
	[ "$(avail concert)" = "100 2 13 85" ]
	# --at is local to the resource's zone (Europe/Paris)
	[ "$(avail concert --at 2026-06-15T18:30:00Z)" = "100 2 13 85" ]
	[ "$(avail concert --at 2026-06-15T20:00:00Z)" = "100 2 13 85" ]
	[ "$(avail concert --at 2026-06-15T21:00:00Z)" = "100 0 0 100" ]
	run --separate-stderr berth --format json availability concert --at 2026-06-15T21:00
	[ "$(echo "$output" | jq -r .start)" = 2026-06-15T20:00:00+02:00 ]
}

@test "availability: a full resource shows 0, never less" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	[ "$(avail stylist)" = "1 0 1 0" ]
	berth -q resource set workshop --capacity 3
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 3
	berth -q resource set workshop --capacity 1
	run --separate-stderr berth --format json availability workshop --at 2026-06-10T09:00
	[ "$(echo "$output" | jq -r '"\(.total) \(.booked) \(.available)"')" = "1 3 0" ]
}

@test "availability: unknown resource (3), bad --at (2), missing operand (2)" {
	seed
	refuses 3 NOT_FOUND -- availability nope
	refuses 2 INVALID_TIME -- availability workshop --at bogus
	refuses 2 INVALID_ARGUMENT -- availability
	refuses 2 INVALID_ARGUMENT -- availability workshop stylist
}

@test "availability: the other formats carry the same fields" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	run --separate-stderr berth --format csv availability workshop --at 2026-06-10T09:00
	assert_success
	# RFC 4180: CRLF line ends
	[ "${lines[0]}" = $'resource,start,end,total,held,booked,available\r' ]
	[[ ${lines[1]} == workshop,*,3,0,1,2$'\r' ]]
	run --separate-stderr berth availability workshop --at 2026-06-10T09:00
	assert_line --regexp '^available +2$'
}
