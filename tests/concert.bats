#!/usr/bin/env bats
# The seed flow: a concert with seats locked, paid, confirmed.

load helper

@test "concert: lock two seats, availability 98, confirm both, booked 2" {
	seed
	h1=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 1 --customer alice)
	h2=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 2 --customer alice)
	[ "$(field available -- availability concert)" = 98 ]
	[ "$(field held -- availability concert)" = 2 ]
	b1=$(field id -- confirm "$h1" --payment paid --payment-ref pay-1)
	b2=$(field id -- confirm "$h2" --payment paid --payment-ref pay-2)
	[ "$(field booked -- availability concert)" = 2 ]
	[ "$(field held -- availability concert)" = 0 ]
	[ "$(field available -- availability concert)" = 98 ]
	run berth --format jsonl list --customer alice
	assert_success
	[ "$(echo "$output" | jq -s 'map(.id) | sort | join(",")' -r)" = "$b1,$b2" ]
	[ "$(echo "$output" | jq -s 'map(.payment_status) | unique | join(",")' -r)" = paid ]
	run berth --format jsonl list --holds
	[ "$(echo "$output" | jq -s 'map(.status) | unique | join(",")' -r)" = used ]
	[ "$(field booking -- show "$h1")" = "$b1" ]
	[ "$(field hold -- show "$b1")" = "$h1" ]
	run berth check
	assert_success
}
