#!/usr/bin/env bats
# show: one hold or booking by its id, with SPEC's fields, read-only.

load helper
bats_require_minimum_version 1.5.0

@test "show: a hold has SPEC's fields and values" {
	seed
	h=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 4,5 --customer alice)
	run --separate-stderr berth --format json show "$h"
	assert_success
	echo "$output" | jq -e 'type == "object"'
	for k in id resource start end quantity seats customer status expires_at booking created_at; do
		echo "$output" | jq -e --arg k "$k" 'has($k)' >/dev/null || { echo "no $k"; false; }
	done
	[ "$(echo "$output" | jq -r .id)" = "$h" ]
	[ "$(echo "$output" | jq -r .resource)" = concert ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-15T23:00:00+02:00 ]
	[ "$(echo "$output" | jq -r .quantity)" = 2 ]
	[ "$(echo "$output" | jq -c .seats)" = "[4,5]" ]
	[ "$(echo "$output" | jq -r .customer)" = alice ]
	[ "$(echo "$output" | jq -r .status)" = active ]
	[ "$(echo "$output" | jq -r .expires_at)" = 2026-06-01T12:05:00+02:00 ]
	[ "$(echo "$output" | jq -r .booking)" = null ]
	[ "$(echo "$output" | jq -r .created_at)" = 2026-06-01T12:00:00+02:00 ]
}

@test "show: a booking has SPEC's fields and values" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 90m --quantity 2 --customer bob --attr room=blue)
	run --separate-stderr berth --format json show "$b"
	assert_success
	for k in id resource start end quantity seats customer status payment_status \
		payment_ref payment_method hold series version reschedules attrs \
		created_at updated_at; do
		echo "$output" | jq -e --arg k "$k" 'has($k)' >/dev/null || { echo "no $k"; false; }
	done
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-10T09:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T10:30:00+00:00 ]
	[ "$(echo "$output" | jq -r .quantity)" = 2 ]
	[ "$(echo "$output" | jq -c .seats)" = "[]" ]
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .payment_status)" = none ]
	[ "$(echo "$output" | jq -r .hold)" = null ]
	[ "$(echo "$output" | jq -r .version)" = 1 ]
	[ "$(echo "$output" | jq -r .reschedules)" = 0 ]
	[ "$(echo "$output" | jq -r .attrs.room)" = blue ]
}

@test "show: a hold and its booking point at each other" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h")
	[ "$(field booking -- show "$h")" = "$b" ]
	[ "$(field status -- show "$h")" = used ]
	[ "$(field hold -- show "$b")" = "$h" ]
}

@test "show: statuses as time passes: active, expired; pending, expired" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	b=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --pending)
	[ "$(field status -- show "$h")" = active ]
	[ "$(field status -- show "$b")" = pending ]
	[ "$(field status -- --now 2026-06-01T10:05:00Z show "$h")" = expired ]
	[ "$(field status -- --now 2026-06-01T10:05:00Z show "$b")" = pending ]
	[ "$(field status -- --now 2026-06-01T10:30:00Z show "$b")" = expired ]
}

@test "show: the table format is key and value" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer carol)
	run berth show "$b"
	assert_success
	assert_line --regexp "^id +$b\$"
	assert_line --regexp '^customer +carol$'
	assert_line --regexp '^status +confirmed$'
}

@test "show: unknown (3), malformed (2) and missing (2) ids; show writes nothing" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	refuses 3 NOT_FOUND -- show b2
	refuses 3 NOT_FOUND -- show h1
	refuses 2 INVALID_ARGUMENT -- show x1
	refuses 2 INVALID_ARGUMENT -- show b01
	refuses 2 INVALID_ARGUMENT -- show
	before=$(store_dump)
	berth show b1 >/dev/null
	berth --now 2026-07-01T00:00:00Z show b1 >/dev/null
	[ "$(store_dump)" = "$before" ]
}

@test "show: ids are never reused" {
	seed
	h1=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q release "$h1"
	h2=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	[ "$h1" != "$h2" ]
	[ "$(field status -- show "$h1")" = released ]
	[ "$(field status -- show "$h2")" = active ]
}

# A waitlist entry (w1) that waits on stylist, full at 10:00 (b1).
waiting() {
	seed
	berth -q book stylist 2026-06-10T10:00 --duration 1h --customer ann
	berth -q waitlist add stylist --customer bob --duration 1h --from 2026-06-10 --to 2026-06-10 --times 10:00-11:00 --priority 3
}

@test "show: a waitlist entry as waitlist show prints it, in every format" {
	waiting
	for f in json jsonl csv tsv table; do
		[ "$(berth --format $f show w1)" = "$(berth --format $f waitlist show w1)" ] || { echo "$f differs"; false; }
	done
	[ "$(field status -- show w1)" = waiting ]
	[ "$(field priority -- show w1)" = 3 ]
	[ "$(field resource -- show w1)" = stylist ]
	run --separate-stderr berth show w1
	assert_success
	assert_line --regexp '^id +w1$'
	assert_line --regexp '^customer +bob$'
	# its offer once the room frees, as the entry stands now
	berth -q cancel b1
	[ "$(field offer -- show w1)" = h1 ]
	[ "$(field status -- --now 2026-06-01T12:00:00Z show w1)" = lapsed ]
	# columns of an entry; --list-columns names those of all three
	run --separate-stderr berth show w1 -o id,status,offer
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 2 --regexp '^offer +h1$'
	berth show --list-columns | grep -qx offer_expires_at
	berth show --list-columns | grep -qx payment_status
}

@test "show: a waitlist id that is malformed (2) or names nothing (3), a column it has not (2); nothing written" {
	waiting
	refuses 3 NOT_FOUND -- show w2
	[[ $stderr == *"no waitlist entry w2"* ]]
	refuses 2 INVALID_ARGUMENT -- show w01
	refuses 2 INVALID_ARGUMENT -- show wx
	refuses 2 INVALID_ARGUMENT -- show x1
	[[ $stderr == *"expected h123, b123 or w123"* ]]
	# a hold's column is not an entry's, nor an entry's a booking's
	refuses 2 INVALID_ARGUMENT -- show w1 -o hold
	refuses 2 INVALID_ARGUMENT -- show b1 -o offer
	# a customer sees the entry as it is; show writes nothing
	before=$(store_dump)
	berth show w1 >/dev/null
	[ "$(store_dump)" = "$before" ]
}
