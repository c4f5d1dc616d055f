#!/usr/bin/env bats
# Recurring series (issue 12): book and lock --repeat make every occurrence
# as a single claim would be made, in one transaction -- all or none, or
# with --skip-conflicts the free ones and a report of the rest. Wall-clock
# times repeat in the resource's zone across DST; a monthly series on the
# 31st takes the last day of shorter months. list --series, cancel --series
# [--from]. Every refusal leaves the store as it was (`refuses` compares a
# dump of every table).

load helper
bats_require_minimum_version 1.5.0

# paris: a resource in Europe/Paris, whose clocks go forward on
# 2026-03-29 at 02:00. The clock is 2026-03-01.
paris() {
	export BERTH_NOW=2026-03-01T10:00:00Z
	berth init >/dev/null
	berth resource add paris --tz Europe/Paris >/dev/null
}

starts() { jq -r '.occurrences[].start'; }

# --- the good path ---

@test "series: weekly over a DST change keeps its wall-clock time" {
	paris
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --customer ann
	assert_success
	[ "$(echo "$output" | jq -r .series)" = s1 ]
	[ "$(echo "$output" | starts | tr '\n' ' ')" = "2026-03-20T09:00:00+01:00 2026-03-27T09:00:00+01:00 2026-04-03T09:00:00+02:00 " ]
	[ "$(echo "$output" | jq -r '[.occurrences[].series] | unique | .[]')" = s1 ]
	[ "$(echo "$output" | jq -r '.skipped | length')" = 0 ]
	[ "$(berth --format json list --series s1 | jq -r '[.[].id] | join(" ")')" = "b1 b2 b3" ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "series: each occurrence is a booking with its own audit record and events" {
	paris
	n=$(audit_count)
	berth -q book paris 2026-03-20T09:00 --duration 1h --repeat daily --count 4
	[ "$(audit_count)" = $((n + 4)) ]
	[ "$(berth events | jq -r 'select(.type == "booking.created") | .entity' | tr '\n' ' ')" = "b1 b2 b3 b4 " ]
	[ "$(berth --format json show b3 | jq -r .series)" = s1 ]
}

@test "series: --every 2 --until DATE, the date included" {
	paris
	run --separate-stderr berth --format json book paris 2026-03-02T09:00 --duration 1h --repeat daily --every 2 --until 2026-03-08
	assert_success
	[ "$(echo "$output" | starts | cut -c1-10 | tr '\n' ' ')" = "2026-03-02 2026-03-04 2026-03-06 2026-03-08 " ]
}

@test "series: monthly from the 31st takes the last day of shorter months" {
	paris
	run --separate-stderr berth --format json book paris 2026-01-31T10:00 --duration 1h --repeat monthly --count 5 --now 2026-01-01T00:00Z
	assert_success
	[ "$(echo "$output" | starts | cut -c1-10 | tr '\n' ' ')" = "2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31 " ]
}

@test "series: --end sets every occurrence's length from the first" {
	paris
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --end 2026-03-20T10:30 --repeat weekly --count 2
	assert_success
	[ "$(echo "$output" | jq -r '.occurrences[1].end')" = 2026-03-27T10:30:00+01:00 ]
}

@test "series: lock --repeat places a hold an occurrence, and confirming one keeps its series" {
	paris
	run --separate-stderr berth --format json lock paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 2 --ttl 1h
	assert_success
	[ "$(echo "$output" | jq -r '[.occurrences[].id] | join(" ")')" = "h1 h2" ]
	[ "$(berth --format json list --holds --series s1 | jq -r length)" = 2 ]
	b=$(field id -- confirm h2)
	[ "$(berth --format json show "$b" | jq -r .series)" = s1 ]
	[ "$(berth --format json list --series s1 | jq -r '.[].id')" = "$b" ]
}

@test "series: table and csv print the occurrences as rows; jsonl one a line" {
	paris
	run --separate-stderr berth --format csv book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 2
	assert_success
	[ "${#lines[@]}" = 3 ]
	[[ ${lines[0]} == id,resource,start,* ]]
	run --separate-stderr berth --format jsonl book paris 2026-04-20T09:00 --duration 1h --repeat weekly --count 2
	assert_success
	[ "$(echo "$output" | jq -r .series | tr '\n' ' ')" = "s2 s2 " ]
}

# --- conflicts ---

@test "series: one occurrence conflicting refuses them all (the store unchanged)" {
	paris
	berth -q book paris 2026-03-27T09:30 --duration 1h
	refuses 4 CAPACITY_FULL -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3
	[ "$(echo "$stderr" | jq -r .error.details.occurrence)" = 2 ]
	[ "$(echo "$stderr" | jq -r .error.details.occurrences)" = 3 ]
	[ "$(berth --format json list | jq -r length)" = 1 ]
}

@test "series: --skip-conflicts makes the free ones and reports the rest with their codes" {
	paris
	berth -q book paris 2026-03-27T09:30 --duration 1h
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --skip-conflicts
	assert_success
	[ "$(echo "$output" | starts | tr '\n' ' ')" = "2026-03-20T09:00:00+01:00 2026-04-03T09:00:00+02:00 " ]
	[ "$(echo "$output" | jq -r '.skipped[0].occurrence')" = 2 ]
	[ "$(echo "$output" | jq -r '.skipped[0].start')" = 2026-03-27T09:00:00+01:00 ]
	[ "$(echo "$output" | jq -r '.skipped[0].error.code')" = CAPACITY_FULL ]
	[ "$(berth --format json list --series s1 | jq -r length)" = 2 ]
	run berth check
	assert_success
}

@test "series: --skip-conflicts reports on stderr for table, as lines for jsonl" {
	paris
	berth -q book paris 2026-03-27T09:30 --duration 1h
	run --separate-stderr berth book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --skip-conflicts
	assert_success
	[ "$stderr" = "berth: skipped s1 occurrence 2 (2026-03-27T09:00:00+01:00): CAPACITY_FULL: paris has 0 of 1 left at 2026-03-27T09:30:00+01:00, 1 asked; next room at 2026-03-27T10:30:00+01:00" ]
	# 03-06, 03-13 free; 03-20 taken by s1's first
	run --separate-stderr berth --format jsonl book paris 2026-03-06T09:00 --duration 1h --repeat weekly --count 3 --skip-conflicts
	assert_success
	[ "$(echo "$output" | jq -r 'select(.error) | .error.code')" = CAPACITY_FULL ]
	[ "$(echo "$output" | jq -r 'select(.error) | .occurrence')" = 3 ]
	[ "$(echo "$output" | jq -r 'select(.id) | .id' | tr '\n' ' ')" = "b4 b5 " ]
}

@test "series: nothing free at all is refused even with --skip-conflicts" {
	paris
	berth -q book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 2
	refuses 4 CAPACITY_FULL -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 2 --skip-conflicts
}

@test "series: an occurrence in the spring DST gap is INVALID_TIME, or skipped" {
	paris
	refuses 2 INVALID_TIME -- book paris 2026-03-28T02:30 --duration 30m --repeat daily --count 3
	run --separate-stderr berth --format json book paris 2026-03-28T02:30 --duration 30m --repeat daily --count 3 --skip-conflicts
	assert_success
	[ "$(echo "$output" | starts | tr '\n' ' ')" = "2026-03-28T02:30:00+01:00 2026-03-30T02:30:00+02:00 " ]
	[ "$(echo "$output" | jq -r '.skipped[0].error.code')" = INVALID_TIME ]
	[ "$(echo "$output" | jq -r '.skipped[0].start')" = 2026-03-29T02:30:00 ]
}

@test "series: every occurrence meets the calendar: a holiday refuses, or is skipped" {
	paris
	berth -q hours set paris 'mon-sun 08:00-18:00'
	berth -q holiday add 2026-03-27
	refuses 5 HOLIDAY -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --skip-conflicts
	assert_success
	[ "$(echo "$output" | jq -r '.skipped[0].error.code')" = HOLIDAY ]
	refuses 5 OUTSIDE_HOURS -- book paris 2026-03-20T17:30 --duration 1h --repeat daily --count 2
}

@test "series: notice and horizon are checked on every occurrence" {
	paris
	berth -q policy set horizon 14d
	refuses 5 BEYOND_HORIZON -- book paris 2026-03-02T09:00 --duration 1h --repeat weekly --count 3
	run --separate-stderr berth --format json book paris 2026-03-02T09:00 --duration 1h --repeat weekly --count 3 --skip-conflicts
	assert_success
	[ "$(echo "$output" | jq -r '.skipped[0].error.code')" = BEYOND_HORIZON ]
	[ "$(echo "$output" | jq -r '.occurrences | length')" = 2 ]
}

@test "series: customer limits count the occurrences made before" {
	paris
	berth -q policy set max_active_per_customer 2
	refuses 5 CUSTOMER_LIMIT -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --customer ann
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --customer ann --skip-conflicts
	assert_success
	[ "$(echo "$output" | jq -r '.occurrences | length')" = 2 ]
	[ "$(echo "$output" | jq -r '.skipped[0].error.code')" = CUSTOMER_LIMIT ]
}

@test "series: seats are checked on every occurrence" {
	paris
	berth -q resource add hall --seats 10 --tz Europe/Paris
	berth -q book hall 2026-03-27T20:00 --duration 2h --seat 3
	refuses 4 SEAT_TAKEN -- book hall 2026-03-20T20:00 --duration 2h --seat 3 --repeat weekly --count 2
}

# --- idempotency ---

@test "series: --idempotency-key replays the whole series and changes nothing" {
	paris
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --idempotency-key k1
	assert_success
	first=$(echo "$output" | jq -c '[.series, [.occurrences[].id]]')
	before=$(store_dump)
	run --separate-stderr berth --format json book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 3 --idempotency-key k1
	assert_success
	[ "$(echo "$output" | jq -c '[.series, [.occurrences[].id]]')" = "$first" ]
	[ "$(store_dump)" = "$before" ]
	refuses 4 IDEMPOTENCY_MISMATCH -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 4 --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- book paris 2026-03-20T09:00 --duration 1h --idempotency-key k1
}

# --- list --series and cancel --series ---

@test "list --series: filters as list does, and an unknown series lists nothing" {
	paris
	berth -q book paris 2026-03-20T09:00 --duration 1h --repeat daily --count 3
	berth -q book paris 2026-03-20T12:00 --duration 1h
	berth -q cancel b2
	[ "$(berth --format json list --series s1 --status confirmed | jq -r '[.[].id] | join(" ")')" = "b1 b3" ]
	[ "$(berth --format json list --series s1 --sort=-start | jq -r '[.[].id] | join(" ")')" = "b3 b2 b1" ]
	[ "$(berth --format json list --series s9 | jq -r length)" = 0 ]
	refuses 2 INVALID_ARGUMENT -- list --series b1
}

@test "cancel --series ends the rest of a series in one transaction" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 5 --now 2026-03-01T00:00Z
	n=$(audit_count)
	# now is 2026-03-03 10:00: b1 (03-02) and b2 (03-03 09:00) have started
	run --separate-stderr berth --format json cancel --series s1 --reason "moved away" --now 2026-03-03T10:00Z
	assert_success
	[ "$(echo "$output" | jq -r '[.[].id] | join(" ")')" = "b3 b4 b5" ]
	[ "$(audit_count)" = $((n + 3)) ]
	[ "$(berth --format json list --series s1 --status cancelled | jq -r '[.[].id] | join(" ")')" = "b3 b4 b5" ]
	[ "$(berth --format json list --series s1 --status confirmed | jq -r '[.[].id] | join(" ")')" = "b1 b2" ]
	[ "$(berth --format json audit b5 | jq -r '.[-1].reason')" = "moved away" ]
	run berth check
	assert_success
}

@test "cancel --series --from: only the occurrences from then on; the capacity is free again" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 5
	run --separate-stderr berth --format json cancel --series s1 --from 2026-03-05
	assert_success
	[ "$(echo "$output" | jq -r '[.[].id] | join(" ")')" = "b4 b5" ]
	run berth book paris 2026-03-05T09:00 --duration 1h
	assert_success
}

@test "cancel --series: nothing left is INVALID_STATE, an unknown series NOT_FOUND" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 2
	berth -q cancel --series s1
	refuses 4 INVALID_STATE -- cancel --series s1
	refuses 3 NOT_FOUND -- cancel --series s7
}

@test "cancel --series honours the cancel deadline per occurrence: all or none, --force with --reason" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 3
	berth -q policy set cancel_deadline 24h
	refuses 5 CANCEL_DEADLINE -- cancel --series s1
	run --separate-stderr berth --format json cancel --series s1
	[ "$(echo "$stderr" | jq -r .error.details.occurrence)" = b1 ]
	run --separate-stderr berth --format json cancel --series s1 --from 2026-03-03
	assert_success
	[ "$(echo "$output" | jq -r '[.[].id] | join(" ")')" = "b2 b3" ]
	refuses 2 INVALID_ARGUMENT -- cancel --series s1 --force
	refuses 5 FORBIDDEN -- --role staff cancel --series s1 --force --reason ill
	run --separate-stderr berth --format json cancel --series s1 --force --reason ill
	assert_success
	[ "$(berth --format json audit b1 | jq -r '.[-1].reason')" = "forced past CANCEL_DEADLINE: ill" ]
}

@test "cancel --series: a customer may not end someone else's series" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 2 --customer ann
	refuses 5 FORBIDDEN -- --role customer --as bob cancel --series s1
	run berth --role customer --as ann cancel --series s1
	assert_success
}

@test "confirm --series confirms every hold and pending booking of a series in one transaction" {
	paris
	berth -q lock paris 2026-03-02T09:00 --duration 1h --repeat daily --count 3 --ttl 1h
	b=$(field id -- confirm h2)
	n=$(audit_count)
	run --separate-stderr berth --format json confirm --series s1 --payment-ref r7
	assert_success
	[ "$stderr" = "" ]
	[ "$(echo "$output" | jq -r '[.[] | .id + " " + .hold + " " + .series + " " + .status + " " + .payment_ref] | join(",")')" = "b2 h1 s1 confirmed r7,b3 h3 s1 confirmed r7" ]
	# two records an occurrence: the hold used, the booking made
	[ "$(audit_count)" = $((n + 4)) ]
	[ "$(berth --format json list --series s1 | jq -r '[.[] | .id + " " + .status] | join(",")')" = "b2 confirmed,$b confirmed,b3 confirmed" ]
	[ "$(berth --format json list --holds --series s1 | jq -r '[.[].status] | unique | join(" ")')" = used ]
	# pending bookings of a series, with a payment method
	berth -q book paris 2026-03-10T09:00 --duration 1h --repeat weekly --count 2 --pending
	run --separate-stderr berth confirm --series s2 --payment paid --payment-method online
	assert_success
	[ "$stderr" = "berth: 2 occurrences of series s2 were confirmed" ] || [ -z "$stderr" ]
	[ "$(berth --format json list --series s2 | jq -r '[.[] | .id + " " + .status + " " + .payment_status + " " + .payment_method + " " + (.version|tostring)] | join(",")')" = "b4 confirmed paid online 2,b5 confirmed paid online 2" ]
	run berth check
	assert_success
}

@test "confirm --series: all or none, the occurrence that refuses named; every refusal leaves the store as it was" {
	paris
	# s1 on a service: b2 on a (pending 2h), b3 on b (pending 30m), for
	# a is taken on the second day (b1)
	berth -q resource add a
	berth -q resource add b
	berth -q service add cut --duration 1h --resources a,b
	berth -q policy set pending_timeout 2h
	berth -q policy set pending_timeout 30m --resource b
	berth -q book a 2026-03-03T09:00 --duration 1h
	berth -q book --service cut 2026-03-02T09:00 --repeat daily --count 2 --pending
	# at 10:45 b3 has run out and b2 has not: neither is confirmed
	refuses 6 BOOKING_EXPIRED -- --now 2026-03-01T10:45Z confirm --series s1
	run --separate-stderr berth --format json --now 2026-03-01T10:45Z confirm --series s1
	[ "$(echo "$stderr" | jq -r .error.details.occurrence)" = b3 ]
	[[ $(echo "$stderr" | jq -r .error.message) == "occurrence b3: b3 expired at "* ]]
	[ "$(berth --format json --now 2026-03-01T10:45Z show b2 | jq -r .status)" = pending ]
	# holds: a failed payment refuses, the holds stay live
	berth -q lock paris 2026-03-10T09:00 --duration 1h --repeat daily --count 2 --ttl 1h --customer ann
	refuses 7 PAYMENT_FAILED -- confirm --series s2 --payment failed --payment-method online
	[ "$(berth --format json list --holds --series s2 | jq -r '[.[].status] | unique | join(" ")')" = active ]
	# require_payment: an online claim not paid
	berth -q policy set require_payment true
	refuses 7 PAYMENT_REQUIRED -- confirm --series s2 --payment-method online
	berth -q policy unset require_payment
	# a customer confirms its own series only
	refuses 5 FORBIDDEN -- --role customer --as bob confirm --series s2
	run berth -q --role customer --as ann confirm --series s2
	assert_success
	# nothing left to confirm, no such series
	refuses 4 INVALID_STATE -- confirm --series s2
	refuses 3 NOT_FOUND -- confirm --series s9
	# usage
	refuses 2 INVALID_ARGUMENT -- confirm --series s1 b2
	refuses 2 INVALID_ARGUMENT -- confirm --series s1 --idempotency-key k
	refuses 2 INVALID_ARGUMENT -- confirm --series s1 --if-version 1
	refuses 2 INVALID_ARGUMENT -- confirm --series 1
	refuses 2 INVALID_ARGUMENT -- confirm --series s1 --payment refunded
	refuses 2 INVALID_ARGUMENT -- confirm --series s1 --payment-method card
	refuses 2 INVALID_ARGUMENT -- confirm
}

@test "series: a rescheduled occurrence stays in its series, at its new start" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 3
	berth -q reschedule b1 2026-03-05T09:00
	[ "$(berth --format json list --series s1 | jq -r '[.[].id] | join(" ")')" = "b2 b3 b1" ]
	run berth check
	assert_success
}

# --- bad input ---

@test "series: options without --repeat, both or neither of --count and --until, and bounds are INVALID_ARGUMENT" {
	paris
	for o in "--every 2" "--count 2" "--until 2026-03-30" "--skip-conflicts"; do
		# shellcheck disable=SC2086
		refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h $o
	done
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 2 --until 2026-04-01
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat hourly --count 2
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 1001
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat weekly --count 0
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat daily --until 2029-12-31
	refuses 2 INVALID_ARGUMENT -- book paris 2026-03-20T09:00 --duration 1h --repeat daily --until 2026-03-19
	refuses 2 INVALID_ARGUMENT -- lock paris 2026-03-20T09:00 --duration 1h --repeat daily --every 0 --count 2
	refuses 2 INVALID_ARGUMENT -- book --batch --repeat daily
}

@test "cancel --series: --from alone, a booking too, a key or --if-version are INVALID_ARGUMENT" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 2
	refuses 2 INVALID_ARGUMENT -- cancel b1 --from 2026-03-02
	refuses 2 INVALID_ARGUMENT -- cancel b1 --series s1
	refuses 2 INVALID_ARGUMENT -- cancel --series s1 --idempotency-key k
	refuses 2 INVALID_ARGUMENT -- cancel --series s1 --if-version 1
	refuses 2 INVALID_ARGUMENT -- cancel --series x1
}

@test "series: check finds a missing series index entry and --repair rebuilds it" {
	paris
	berth -q book paris 2026-03-02T09:00 --duration 1h --repeat daily --count 2
	damage series delete
	run --separate-stderr berth --format json check
	[ "$status" -ne 0 ]
	echo "$output" | jq -e 'map(select(.table == "series")) | length == 1'
	run berth check --repair
	assert_success
	run berth check
	assert_success
	[ "$(berth --format json list --series s1 | jq -r length)" = 2 ]
}
