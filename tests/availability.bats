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

# --- a range: --from T --to T, one row per change ---

# range RESOURCE ARGS...: the rows as "start end held booked available", one a line
range() {
	berth --format json availability "$@" |
		jq -r '.[] | "\(.start[11:16]) \(.end[11:16]) \(.held) \(.booked) \(.available)"'
}

@test "availability --from --to: the step function over holds, bookings and an expired hold" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	berth -q lock workshop 2026-06-10T09:30 --duration 1h
	berth -q lock workshop 2026-06-10T09:15 --duration 30m --ttl 1m
	berth -q book workshop 2026-06-10T10:00 --duration 1h --quantity 2 --pending
	# all four live
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00)" = "$(printf '%s\n' \
		'08:00 09:00 0 0 3' \
		'09:00 09:15 0 1 2' \
		'09:15 09:30 1 1 1' \
		'09:30 09:45 2 1 0' \
		'09:45 10:00 1 1 1' \
		'10:00 10:30 1 2 0' \
		'10:30 11:00 0 2 1' \
		'11:00 12:00 0 0 3')" ]
	# the one-minute hold has expired, unswept: its time is free and no
	# row starts or ends for it
	export BERTH_NOW=2026-06-01T10:02:00Z
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00)" = "$(printf '%s\n' \
		'08:00 09:00 0 0 3' \
		'09:00 09:30 0 1 2' \
		'09:30 10:00 1 1 1' \
		'10:00 10:30 1 2 0' \
		'10:30 11:00 0 2 1' \
		'11:00 12:00 0 0 3')" ]
	# swept, the same
	berth -q expire
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00 | wc -l)" -eq 6 ]
	# past the pending timeout and the hold's TTL only the booking is left
	export BERTH_NOW=2026-06-01T11:00:00Z
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00)" = "$(printf '%s\n' \
		'08:00 09:00 0 0 3' \
		'09:00 10:00 0 1 2' \
		'10:00 12:00 0 0 3')" ]
}

@test "availability --from --to: rows are cut to the range; every field is there" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 2h
	[ "$(range workshop --from 2026-06-10T10:00 --to 2026-06-10T10:30)" = "10:00 10:30 0 1 2" ]
	[ "$(range workshop --from 2026-06-10T10:30 --to 2026-06-10T12:00)" = "$(printf '%s\n' \
		'10:30 11:00 0 1 2' '11:00 12:00 0 0 3')" ]
	run --separate-stderr berth --format json availability workshop --from 2026-06-10T10:00 --to 2026-06-10T10:30
	assert_success
	[ "$(echo "$output" | jq -c '.[0]|keys_unsorted')" = '["resource","start","end","total","held","booked","available"]' ]
	[ "$(echo "$output" | jq -r '.[0].resource')" = workshop ]
}

@test "availability --from --to: a range with no claims is one row" {
	seed
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00)" = "08:00 12:00 0 0 3" ]
	# on a resource that has claims, but none in the range
	berth -q book workshop 2026-06-11T09:00 --duration 1h
	[ "$(range workshop --from 2026-06-10T08:00 --to 2026-06-10T12:00)" = "08:00 12:00 0 0 3" ]
	# a date given to --to is inclusive: the whole day
	run --separate-stderr berth --format json availability workshop --from 2026-06-11 --to 2026-06-11
	assert_success
	[ "$(echo "$output" | jq -r '[.[] | "\(.start) \(.end) \(.booked)"] | join(",")')" = \
		"2026-06-11T00:00:00+00:00 2026-06-11T09:00:00+00:00 0,2026-06-11T09:00:00+00:00 2026-06-11T10:00:00+00:00 1,2026-06-11T10:00:00+00:00 2026-06-12T00:00:00+00:00 0" ]
}

@test "availability --to: a day word without a clock time is that whole day, like a date" {
	seed
	berth -q book workshop 2026-06-02T09:00 --duration 1h
	berth -q book workshop 2026-06-03T09:00 --duration 1h
	ends() { berth --format json availability workshop "$@" | jq -r 'map(.end) | last'; }
	# the clock is Monday 2026-06-01T10:00Z
	[ "$(ends --to 2026-06-02)" = 2026-06-03T00:00:00+00:00 ]
	[ "$(ends --to tomorrow)" = 2026-06-03T00:00:00+00:00 ]
	[ "$(ends --to TOMORROW)" = 2026-06-03T00:00:00+00:00 ]
	[ "$(ends --to today)" = 2026-06-02T00:00:00+00:00 ]
	[ "$(ends --to 'next wed')" = 2026-06-04T00:00:00+00:00 ]
	[ "$(ends --from 'next tue' --to 'next tue' | head -1)" = 2026-06-03T00:00:00+00:00 ]
	# with a clock time it is that instant
	[ "$(ends --to 'tomorrow 12:00')" = 2026-06-02T12:00:00+00:00 ]
	[ "$(ends --to 'tomorrow 00:00')" = 2026-06-02T00:00:00+00:00 ]
	# a day that has passed ends before now: refused, naming --to
	refuses 2 INVALID_ARGUMENT -- availability workshop --to yesterday
	run --separate-stderr berth --format json availability workshop --to yesterday
	[ "$(echo "$stderr" | jq -c .error.details)" = '{"option":"--to","value":"yesterday"}' ]
}

@test "availability --to: a day word is the day in the resource's zone" {
	seed
	# 2026-06-01T23:30Z is already 06-02 in Paris: tomorrow there is 06-03
	export BERTH_NOW=2026-06-01T23:30:00Z
	[ "$(berth --format json availability concert --to tomorrow | jq -r 'map(.end) | last')" = 2026-06-04T00:00:00+02:00 ]
}

@test "availability: --from alone runs for good, --to alone runs from now" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	run --separate-stderr berth --format json availability workshop --from 2026-06-10T09:30
	assert_success
	[ "$(echo "$output" | jq -c '[.[] | [.start, .end, .booked]]')" = \
		'[["2026-06-10T09:30:00+00:00","2026-06-10T10:00:00+00:00",1],["2026-06-10T10:00:00+00:00",null,0]]' ]
	run --separate-stderr berth --format json availability workshop --to 2026-06-10T10:00
	assert_success
	[ "$(echo "$output" | jq -c '[.[] | [.start, .end, .booked]]')" = \
		'[["2026-06-01T10:00:00+00:00","2026-06-10T09:00:00+00:00",0],["2026-06-10T09:00:00+00:00","2026-06-10T10:00:00+00:00",1]]' ]
}

@test "availability --from --to: a seated resource counts seats, in its zone" {
	seed
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 1,2
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 3,4,5
	berth -q book concert 2026-06-15T21:00 --duration 1h --quantity 10
	[ "$(range concert --from 2026-06-15T19:00 --to 2026-06-16T00:00)" = "$(printf '%s\n' \
		'19:00 20:00 0 0 100' \
		'20:00 21:00 2 3 95' \
		'21:00 22:00 2 13 85' \
		'22:00 23:00 2 3 95' \
		'23:00 00:00 0 0 100')" ]
	run --separate-stderr berth --format json availability concert --from 2026-06-15T19:00 --to 2026-06-16T00:00
	[ "$(echo "$output" | jq -r '.[0].start')" = 2026-06-15T19:00:00+02:00 ]
}

@test "availability --from --to: csv and table carry the same rows" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	run --separate-stderr berth --format csv availability workshop --from 2026-06-10T08:00 --to 2026-06-10T10:00
	assert_success
	[ "${lines[0]}" = $'resource,start,end,total,held,booked,available\r' ]
	[ "${#lines[@]}" -eq 3 ]
	[[ ${lines[2]} == workshop,2026-06-10T09:00:00+00:00,2026-06-10T10:00:00+00:00,3,0,1,2$'\r' ]]
	run --separate-stderr berth availability workshop --from 2026-06-10T08:00 --to 2026-06-10T10:00
	assert_success
	[ "${#lines[@]}" -eq 3 ]
}

@test "availability --seats: the seats free for the whole window" {
	seed
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 1,2
	berth -q lock concert 2026-06-15T20:00 --duration 1h --seat 3
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 4 --ttl 1m
	berth -q book concert 2026-06-15T22:30 --duration 1h --seat 99
	run --separate-stderr berth --format json availability concert --seats --from 2026-06-15T20:00 --to 2026-06-15T23:00
	assert_success
	[ "$(echo "$output" | jq -c '[.resource,.start,.end,.total,.available]')" = \
		'["concert","2026-06-15T20:00:00+02:00","2026-06-15T23:00:00+02:00",100,95]' ]
	[ "$(echo "$output" | jq -c '.seats[0:3]')" = '[5,6,7]' ]
	[ "$(echo "$output" | jq -c '.seats|length')" = 95 ]
	[ "$(echo "$output" | jq -c '.seats|index(99)')" = null ]
	# after the hold on seat 3 ends, and with the one-minute hold expired
	export BERTH_NOW=2026-06-01T10:02:00Z
	run --separate-stderr berth --format json availability concert --seats --from 2026-06-15T21:00 --to 2026-06-15T22:00
	[ "$(echo "$output" | jq -c '.seats[0:3]')" = '[3,4,5]' ]
	[ "$(echo "$output" | jq -c '.available')" = 98 ]
	# without a window: free from now on
	run --separate-stderr berth --format json availability concert --seats
	[ "$(echo "$output" | jq -c '[.available, .seats[0:2]]')" = '[96,[4,5]]' ]
	# --at: free at that instant
	run --separate-stderr berth --format json availability concert --seats --at 2026-06-15T22:45
	[ "$(echo "$output" | jq -c '[.available, .seats[0:3]]')" = '[97,[3,4,5]]' ]
	# in a table the seats are one cell
	run --separate-stderr berth availability concert --seats --from 2026-06-15T21:00 --to 2026-06-15T22:00
	assert_line --regexp '^seats +3,4,5,6,'
}

@test "availability: range and --seats refusals change nothing" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	refuses 2 INVALID_ARGUMENT -- availability workshop --from 2026-06-10T10:00 --to 2026-06-10T09:00
	refuses 2 INVALID_ARGUMENT -- availability workshop --from 2026-06-10T10:00 --to 2026-06-10T10:00
	refuses 2 INVALID_ARGUMENT -- availability workshop --to 2026-05-31T10:00
	refuses 2 INVALID_ARGUMENT -- availability workshop --at 2026-06-10T10:00 --from 2026-06-10T10:00 --to 2026-06-10T11:00
	refuses 2 INVALID_TIME -- availability workshop --from bogus --to 2026-06-10T10:00
	refuses 2 INVALID_TIME -- availability workshop --from 2026-06-10T10:00 --to bogus
	refuses 2 INVALID_ARGUMENT -- availability workshop --seats
	refuses 2 INVALID_ARGUMENT -- availability workshop --seats --from 2026-06-10T08:00 --to 2026-06-10T09:00
	refuses 3 NOT_FOUND -- availability nope --from 2026-06-10T08:00 --to 2026-06-10T09:00
	refuses 3 NOT_FOUND -- availability nope --seats
	refuses 2 INVALID_ARGUMENT -- availability concert --seats --from 2026-06-15T21:00 --to 2026-06-15T20:00
	# the details say which option
	run --separate-stderr berth --format json availability workshop --from 2026-06-10T10:00 --to 2026-06-10T09:00
	[ "$(echo "$stderr" | jq -c .error.details)" = '{"option":"--to","value":"2026-06-10T09:00"}' ]
	run --separate-stderr berth --format json availability workshop --seats
	[ "$(echo "$stderr" | jq -c .error.details)" = '{"option":"--seats","resource":"workshop"}' ]
}

@test "availability --from --to: among many claims a range answers only its own" {
	seed
	# 200 daily bookings; ranges between and among them
	for d in $(seq 1 200); do
		printf '{"resource":"stylist","start":"@%d","duration":"1h"}\n' $((1780300800 + d * 86400))
	done | berth -q book --batch
	[ "$(range stylist --from 2027-06-01T00:00 --to 2027-06-01T02:00)" = "00:00 02:00 0 0 1" ]
	[ "$(berth --format json availability stylist --from 2026-06-05T00:00 --to 2026-06-08T00:00 | jq length)" -eq 7 ]
}

# The output the man page shows under the command line $1 (its lines up
# to the next command or the end of the example).
man_example() {
	awk -v cmd="\$ $1" '
		$0 == cmd { on = 1; next }
		on && (/^\$ / || /^\.Ed/) { exit }
		on { print }' "$BATS_TEST_DIRNAME/../man/berth-availability.1"
}

@test "availability: the man page's examples print what berth prints" {
	export TZ=Europe/Paris BERTH_NOW=2026-06-12T09:00:00+02:00
	berth init >/dev/null
	berth resource add flowers --capacity 12 >/dev/null
	berth -q lock flowers "2026-06-13 14:00" --duration 2h --quantity 2 --ttl 2d
	berth -q book flowers "2026-06-13 14:00" --duration 2h --quantity 3
	want=$(man_example 'berth availability flowers --at "tomorrow 15:00"')
	[ -n "$want" ]
	[ "$(berth availability flowers --at "tomorrow 15:00")" = "$want" ]
	want=$(man_example 'berth --format csv availability flowers \e' | sed 1d)
	[ -n "$want" ]
	[ "$(berth --format csv availability flowers --from "2026-06-13 12:00" --to "2026-06-13 18:00" | tr -d '\r')" = "$want" ]
}
