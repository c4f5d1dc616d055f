#!/usr/bin/env bats
# list: bookings (holds with --holds), filtered by resource, customer,
# status and time.

load helper
bats_require_minimum_version 1.5.0

# ids of `berth list ARGS` in json, comma-joined, sorted
ids() {
	berth --format json list "$@" | jq -r 'map(.id) | sort | join(",")'
}

mixed() {
	seed
	b1=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer alice)
	b2=$(field id -- book workshop 2026-06-11T09:00 --duration 1h --customer bob)
	b3=$(field id -- book workshop 2026-06-12T09:00 --duration 1h --customer alice --pending)
	b4=$(field id -- book concert 2026-06-15T20:00 --duration 3h --customer carol --seat 1)
	berth -q cancel "$b4"
	h1=$(field id -- lock stylist 2026-06-20T09:00 --duration 1h --customer alice)
	h2=$(field id -- lock workshop 2026-06-21T09:00 --duration 1h --customer bob)
	b5=$(field id -- confirm "$h2")
	h3=$(field id -- lock concert 2026-06-22T20:00 --duration 1h --customer dan)
	berth -q release "$h3"
	for id in "$b1" "$b2" "$b3" "$b4" "$b5"; do [[ $id == b[0-9]* ]]; done
	for id in "$h1" "$h2" "$h3"; do [[ $id == h[0-9]* ]]; done
}

@test "list: all bookings, as an array, in start order" {
	mixed
	run --separate-stderr berth --format json list
	assert_success
	[ "$(echo "$output" | jq -r 'type')" = array ]
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = "$b1,$b2,$b3,$b4,$b5" ]
}

@test "list: an empty store lists nothing" {
	seed
	run --separate-stderr berth --format json list
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	run --separate-stderr berth --format json list --holds
	[ "$(echo "$output" | jq length)" = 0 ]
}

@test "list: --holds lists holds instead" {
	mixed
	[ "$(ids --holds)" = "$h1,$h2,$h3" ]
	[ "$(berth --format json list --holds | jq -r 'map(has("payment_status")) | any')" = false ]
}

@test "list: --resource" {
	mixed
	[ "$(ids --resource workshop)" = "$b2,$b3,$b5" ]
	[ "$(ids --resource stylist)" = "$b1" ]
	[ "$(ids --holds --resource stylist)" = "$h1" ]
}

@test "list: --customer" {
	mixed
	[ "$(ids --customer alice)" = "$b1,$b3" ]
	[ "$(ids --customer bob)" = "$b2,$b5" ]
	[ "$(ids --customer nobody)" = "" ]
	[ "$(ids --holds --customer alice)" = "$h1" ]
}

@test "list: --status" {
	mixed
	[ "$(ids --status confirmed)" = "$b1,$b2,$b5" ]
	[ "$(ids --status pending)" = "$b3" ]
	[ "$(ids --status cancelled)" = "$b4" ]
	[ "$(ids --status expired)" = "" ]
	[ "$(ids --holds --status active)" = "$h1" ]
	[ "$(ids --holds --status used)" = "$h2" ]
	[ "$(ids --holds --status released)" = "$h3" ]
}

@test "list: --status sees lazy expiry before the sweep" {
	mixed
	export BERTH_NOW=2026-06-01T11:00:00Z
	[ "$(ids --status expired)" = "$b3" ]
	[ "$(ids --status pending)" = "" ]
	[ "$(ids --holds --status expired)" = "$h1" ]
	[ "$(ids --holds --status active)" = "" ]
}

@test "list: filters combine" {
	mixed
	[ "$(ids --resource workshop --customer alice)" = "$b3" ]
	[ "$(ids --resource workshop --customer bob --status confirmed)" = "$b2,$b5" ]
	[ "$(ids --resource stylist --customer bob)" = "" ]
}

@test "list: --from and --to keep what overlaps the range" {
	mixed
	[ "$(ids --from 2026-06-11T00:00 --to 2026-06-13T00:00)" = "$b2,$b3" ]
	# ending exactly at --from or starting exactly at --to: outside
	[ "$(ids --from 2026-06-10T10:00 --to 2026-06-11T09:00)" = "" ]
	[ "$(ids --from 2026-06-10T09:59 --to 2026-06-11T09:01)" = "$b1,$b2" ]
	[ "$(ids --from 2026-06-14)" = "$b4,$b5" ]
	[ "$(ids --to 2026-06-10)" = "$b1" ]
	[ "$(ids --to 2026-06-11T00:00)" = "$b1" ]
	[ "$(ids --holds --from 2026-06-21 --to 2026-06-21)" = "$h2" ]
	[ "$(ids --holds --from 2026-06-21 --to 2026-06-22)" = "$h2,$h3" ]
	[ "$(ids --from 2026-06-15T20:00:00+02:00 --to 2026-06-15T21:00:00+02:00)" = "$b4" ]
}

@test "list: --resource --from finds claims that began long before it, whatever became of them, past many short ones" {
	seed
	long=$(field id -- book workshop 2026-06-01T12:00 --duration 10d --customer long)
	gone=$(field id -- book workshop 2026-06-02T12:00 --duration 5d --customer gone)
	berth -q cancel "$gone"
	h=$(field id -- lock workshop 2026-06-03T00:00 --duration 3d)
	berth -q release "$h"
	for d in 03 04 05 06 07 08 09 10; do
		berth -q book workshop 2026-06-${d}T09:00 --duration 1h
	done
	[ "$(ids --resource workshop --from 2026-06-09T10:00 --to 2026-06-09T11:00)" = "$long" ]
	[ "$(ids --resource workshop --from 2026-06-06T10:00 --to 2026-06-06T10:30)" = "$long,$gone" ]
	[ "$(ids --resource workshop --holds --from 2026-06-05T00:00 --to 2026-06-05T01:00)" = "$h" ]
	# The longest claim ending exactly at --from: outside, as always.
	[ "$(ids --resource workshop --from 2026-06-11T12:00)" = "" ]
	[ "$(ids --resource workshop --from 2026-06-11T11:59)" = "$long" ]
	# The same answers as a list of every resource, filtered.
	[ "$(ids --from 2026-06-06T10:00 --to 2026-06-06T10:30)" = "$long,$gone" ]
	run berth check
	assert_success
}

@test "list: a date given to --to is inclusive, as is a day word without a clock time" {
	mixed
	# b2 starts 2026-06-11T09:00: inside the day 2026-06-11
	[ "$(ids --to 2026-06-11)" = "$b1,$b2" ]
	[ "$(ids --from 2026-06-11 --to 2026-06-11)" = "$b2" ]
	[ "$(ids --from 2026-06-12 --to 2026-06-12)" = "$b3" ]
	# the clock on Wednesday 2026-06-10: today is b1's day, tomorrow b2's
	export BERTH_NOW=2026-06-10T08:00:00Z
	[ "$(ids --to today)" = "$b1" ]
	[ "$(ids --to tomorrow)" = "$b1,$b2" ]
	[ "$(ids --to 'tomorrow 09:00')" = "$b1" ]
	[ "$(ids --from tomorrow --to tomorrow)" = "$b2" ]
	[ "$(ids --from yesterday --to yesterday)" = "" ]
	# 2026-06-10 is a Wednesday: next fri is 06-12, the whole day
	[ "$(ids --from 'next fri' --to 'next fri')" = "$b3" ]
	[ "$(ids --from tomorrow --to 'next fri 09:00')" = "$b2" ]
}

@test "list: a bad status is refused (2)" {
	mixed
	refuses 2 INVALID_ARGUMENT -- list --status bogus
	refuses 2 INVALID_ARGUMENT -- list --status active
	refuses 2 INVALID_ARGUMENT -- list --holds --status confirmed
	refuses 2 INVALID_ARGUMENT -- list --status
}

@test "list: an unknown resource is refused (3)" {
	mixed
	refuses 3 NOT_FOUND -- list --resource nope
	refuses 3 NOT_FOUND -- list --holds --resource nope
}

@test "list: bad times (2) and stray operands (2)" {
	mixed
	refuses 2 INVALID_TIME -- list --from bogus
	refuses 2 INVALID_TIME -- list --to 2026-13-01
	refuses 2 INVALID_ARGUMENT -- list extra
}

# Bookings made out of time order, on two resources.
unordered() {
	seed
	b1=$(field id -- book workshop 2026-06-12T09:00 --duration 1h --customer carol)
	b2=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer alice)
	b3=$(field id -- book workshop 2026-06-11T09:00 --duration 1h --customer bob)
	b4=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --customer alice)
}

order() {
	berth --format json list "$@" | jq -r 'map(.id) | join(",")'
}

@test "list: sorted by start by default, with or without --resource, ties by id" {
	unordered
	[ "$(order)" = "$b2,$b3,$b4,$b1" ]
	[ "$(order --resource workshop)" = "$b3,$b1" ]
	[ "$(order --resource stylist)" = "$b2,$b4" ]
	# the table too
	run --separate-stderr berth -o id list
	assert_success
	[ "$(echo "$output" | sed 1d | paste -sd,)" = "$b2,$b3,$b4,$b1" ]
}

@test "list: --sort FIELD[,FIELD] with - for descending" {
	unordered
	[ "$(order --sort -start)" = "$b1,$b3,$b4,$b2" ]
	[ "$(order --sort customer,-start)" = "$b4,$b2,$b3,$b1" ]
	[ "$(order --sort resource,start)" = "$b2,$b4,$b3,$b1" ]
	[ "$(order --sort -id)" = "$b4,$b3,$b2,$b1" ]
	[ "$(order --resource stylist --sort -start)" = "$b4,$b2" ]
	[ "$(order --sort start --customer alice)" = "$b2,$b4" ]
	h1=$(field id -- lock stylist 2026-06-20T09:00 --duration 1h)
	h2=$(field id -- lock stylist 2026-06-19T09:00 --duration 1h)
	[ "$(order --holds)" = "$h2,$h1" ]
	[ "$(order --holds --sort -expires_at,-id)" = "$h2,$h1" ]
}

@test "list: an unknown --sort field is refused (2) naming the valid ones" {
	unordered
	refuses 2 INVALID_ARGUMENT -- list --sort when
	[[ $stderr == *"choose from id, resource, start, end, quantity, customer, status, payment_status"* ]]
	refuses 2 INVALID_ARGUMENT -- list --sort start,
	refuses 2 INVALID_ARGUMENT -- list --sort ''
	refuses 2 INVALID_ARGUMENT -- list --sort --start
	# holds have no payment
	refuses 2 INVALID_ARGUMENT -- list --holds --sort payment_status
	[[ $stderr == *"cannot sort holds by 'payment_status'"* ]]
}
