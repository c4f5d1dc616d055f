#!/usr/bin/env bats
# lock and book --service: the service's length and buffer, only on its
# resources; with no resource named, the first of them by name that admits
# the whole claim, chosen in the same transaction; every refusal with
# nothing written.

bats_require_minimum_version 1.5.0
load helper

T=2026-06-10T09:00

seed() {
	berth init >/dev/null
	berth resource add chair1 --location north --buffer 5m >/dev/null
	berth resource add chair2 --location south >/dev/null
	berth resource add chair3 --location north >/dev/null
	# listed out of order: the choice goes by name
	berth -q service add cut --duration 45m --buffer 10m --price 75.00 --resources chair3,chair2,chair1
	berth -q service add trim --duration 30m --resources chair1,chair3
	berth -q service add walkin --duration 20m
}

@test "book --service: the service's duration and buffer" {
	seed
	run berth --format json book chair1 "$T" --service cut
	assert_success
	[ "$(echo "$output" | jq -r '"\(.resource) \(.end) \(.buffer_end)"')" = \
		"chair1 2026-06-10T09:45:00+00:00 2026-06-10T09:55:00+00:00" ]
	# the buffer is the service's, kept by the claim: 09:50 is taken
	refuses 4 CAPACITY_FULL -- book chair1 2026-06-10T09:50 --duration 10m
	berth -q book chair1 2026-06-10T09:55 --duration 10m
	run berth check
	assert_success
}

@test "book --service: a service without a buffer keeps the resource's" {
	seed
	run berth --format json book chair1 "$T" --service trim
	assert_success
	[ "$(echo "$output" | jq -r '"\(.end) \(.buffer_end)"')" = \
		"2026-06-10T09:30:00+00:00 2026-06-10T09:35:00+00:00" ]
	# a service that names no resources is done on any resource named
	run berth --format json lock chair2 "$T" --service walkin
	assert_success
	[ "$(echo "$output" | jq -r '"\(.id) \(.end)"')" = "h1 2026-06-10T09:20:00+00:00" ]
}

@test "lock --service: a hold of the service's length" {
	seed
	run berth --format json lock chair2 "$T" --service cut --ttl 10m
	assert_success
	[ "$(echo "$output" | jq -r '"\(.id) \(.end) \(.buffer_end)"')" = \
		"h1 2026-06-10T09:45:00+00:00 2026-06-10T09:55:00+00:00" ]
}

@test "book --service: refusals, nothing written" {
	seed
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --service cut --duration 1h
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --service cut --end 2026-06-10T10:00
	refuses 2 INVALID_ARGUMENT -- lock chair2 "$T" --service trim
	refuses 3 NOT_FOUND -- book chair1 "$T" --service nosuch
	refuses 3 NOT_FOUND -- book --service nosuch "$T"
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --service 'bad name'
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --service ''
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --service cut --location north
	refuses 2 INVALID_ARGUMENT -- book chair1 "$T" --location north
	refuses 2 INVALID_ARGUMENT -- book "$T"
	refuses 2 INVALID_ARGUMENT -- lock "$T" --duration 1h
	refuses 2 INVALID_ARGUMENT -- book --service walkin "$T"
	refuses 2 INVALID_ARGUMENT -- book --service cut "$T" --location nowhere
	refuses 2 INVALID_ARGUMENT -- book --service cut "$T" --location $'a\x01b'
	refuses 5 PAST -- book --service cut 2026-05-01T09:00
}

@test "book --service alone: the first resource by name that admits the claim" {
	seed
	run berth --format json book --service cut "$T"
	assert_success
	[ "$(echo "$output" | jq -r '"\(.resource) \(.end) \(.buffer_end)"')" = \
		"chair1 2026-06-10T09:45:00+00:00 2026-06-10T09:55:00+00:00" ]
	[ "$(berth --format json book --service cut "$T" | jq -r .resource)" = chair2 ]
	[ "$(berth --format json lock --service cut "$T" | jq -r .resource)" = chair3 ]
	# all three full now, the hold included
	run --separate-stderr berth book --service cut "$T"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "berth: CAPACITY_FULL: "*"no resource of service 'cut'"*"free"* ]]
	refuses 4 CAPACITY_FULL -- book --service cut "$T"
	# the buffer counts: chair1 is busy to 09:55, the next 09:45 start fits
	# nowhere but a later one on chair1 fits
	[ "$(berth --format json book --service cut 2026-06-10T09:55 | jq -r .resource)" = chair1 ]
	run berth check
	assert_success
}

@test "book --service alone: --location keeps to the resources there" {
	seed
	[ "$(berth --format json book --service cut "$T" --location south | jq -r .resource)" = chair2 ]
	[ "$(berth --format json book --service cut "$T" --location north | jq -r .resource)" = chair1 ]
	[ "$(berth --format json book --service cut "$T" --location north | jq -r .resource)" = chair3 ]
	refuses 4 CAPACITY_FULL -- book --service cut "$T" --location north
	refuses 4 CAPACITY_FULL -- book --service cut "$T" --location south
}

@test "book --service alone: closed hours, holidays and time off pass to the next; the last refusal when none admits" {
	seed
	berth -q hours set chair1 'mon-fri 10:00-18:00'
	berth -q holiday add 2026-06-10 --resource chair2
	# chair1 closed at 09:00, chair2 on holiday: chair3
	[ "$(berth --format json book --service cut "$T" | jq -r .resource)" = chair3 ]
	# now chair3 is full too: the last tried (chair3) says why
	run --separate-stderr berth book --service cut "$T"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "berth: CAPACITY_FULL: no resource of service 'cut' was free (the last tried: chair3"* ]]
	berth -q timeoff add chair3 --from 2026-06-11T00:00 --to 2026-06-12T00:00
	run --separate-stderr berth book --service cut 2026-06-11T09:00 --location north
	[ "$status" -eq 5 ]
	[[ "$stderr" == "berth: TIME_OFF: no resource of service 'cut' at north was free"* ]]
	refuses 5 TIME_OFF -- book --service cut 2026-06-11T09:00 --location north
	# chair1 opens at 10:00
	[ "$(berth --format json book --service cut 2026-06-11T10:00 --location north | jq -r .resource)" = chair1 ]
	run berth check
	assert_success
}

@test "book --service alone: notice and seats are the candidate's own" {
	berth init >/dev/null
	berth resource add hall --seats 3 >/dev/null
	berth resource add room >/dev/null
	berth -q service add talk --duration 1h --resources hall,room
	berth -q policy set min_notice 48h --resource hall
	# hall wants 48h notice: room is taken
	[ "$(berth --format json book --service talk 2026-06-02T10:00 | jq -r .resource)" = room ]
	# a seat: only a seated resource admits it
	[ "$(berth --format json book --service talk 2026-06-10T10:00 --seat 2 | jq -r '"\(.resource) \(.seats)"')" = "hall [2]" ]
	# taken on hall, and room has no seats: the last tried says so
	refuses 2 INVALID_ARGUMENT -- book --service talk 2026-06-10T10:00 --seat 2
	[[ "$stderr" == *"the last tried: room: room has no numbered seats"* ]]
	refuses 4 SEAT_TAKEN -- book hall 2026-06-10T10:00 --service talk --seat 2
}

@test "book --service alone: a resource removed since is passed over" {
	seed
	berth -q resource rm chair1
	[ "$(berth --format json book --service cut "$T" | jq -r .resource)" = chair2 ]
}

@test "book --service: an idempotency key replays, and the service is part of the request" {
	seed
	id=$(berth --format json book --service cut "$T" --idempotency-key k1 | jq -r .id)
	berth -q book chair2 "$T" --duration 1h
	berth -q book chair3 "$T" --duration 1h
	# everything is full now, yet the retry gets its answer
	before=$(store_dump)
	run berth --format json book --service cut "$T" --idempotency-key k1
	assert_success
	[ "$(echo "$output" | jq -r '"\(.id) \(.resource)"')" = "$id chair1" ]
	[ "$(store_dump)" = "$before" ]
	refuses 4 IDEMPOTENCY_MISMATCH -- book --service trim "$T" --idempotency-key k1
	refuses 4 IDEMPOTENCY_MISMATCH -- book chair1 "$T" --duration 45m --idempotency-key k1
	# the same with a resource named
	berth -q book chair1 2026-06-11T09:00 --service trim --idempotency-key k2
	run berth --format json book chair1 2026-06-11T09:00 --service trim --idempotency-key k2
	assert_success
	refuses 4 IDEMPOTENCY_MISMATCH -- book chair1 2026-06-11T09:00 --duration 30m --idempotency-key k2
	# a service removed since: the retry still gets its answer, and a new
	# request naming it is refused
	berth -q service rm cut
	run berth --format json book --service cut "$T" --idempotency-key k1
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$id" ]
	refuses 3 NOT_FOUND -- book --service cut "$T" --idempotency-key k3
}

@test "book --batch: a line may name a service, with or without a resource" {
	seed
	run --separate-stderr berth book --batch < <(
		printf '%s\n' '{"service":"cut","start":"2026-06-10T09:00Z"}'
		printf '%s\n' '{"service":"cut","start":"2026-06-10T09:00Z","location":"south"}'
		printf '%s\n' '{"resource":"chair3","service":"trim","start":"2026-06-10T09:00Z"}'
		printf '%s\n' '{"resource":"chair2","service":"trim","start":"2026-06-10T11:00Z"}'
		printf '%s\n' '{"service":"cut","start":"2026-06-10T09:00Z"}'
		printf '%s\n' '{"start":"2026-06-10T09:00Z","duration":"1h"}'
	)
	[ "$status" -ne 0 ]
	[ "$(echo "${lines[0]}" | jq -r '"\(.resource) \(.end)"')" = "chair1 2026-06-10T09:45:00+00:00" ]
	[ "$(echo "${lines[1]}" | jq -r .resource)" = chair2 ]
	[ "$(echo "${lines[2]}" | jq -r '"\(.resource) \(.end)"')" = "chair3 2026-06-10T09:30:00+00:00" ]
	[ "$(echo "${lines[3]}" | jq -r .error.code)" = INVALID_ARGUMENT ]
	[ "$(echo "${lines[4]}" | jq -r .error.code)" = CAPACITY_FULL ]
	[ "$(echo "${lines[5]}" | jq -r .error.code)" = INVALID_ARGUMENT ]
	[ "$(berth --format jsonl list | wc -l)" -eq 3 ]
}

@test "slots --service: the service's resources, its duration and its buffer" {
	berth init >/dev/null
	berth resource add chair1 --location north --slot 15m >/dev/null
	berth resource add chair2 --location south --slot 15m --buffer 20m >/dev/null
	berth resource add chair3 --location north --slot 15m >/dev/null
	berth -q service add cut --duration 45m --buffer 10m --resources chair1,chair2
	berth -q service add trim --duration 45m --resources chair1,chair2
	berth -q hours set chair1 'mon-fri 09:00-11:00'
	berth -q hours set chair2 'mon-fri 09:00-11:00'
	berth -q book chair1 2026-06-10T10:00 --duration 15m
	berth -q book chair2 2026-06-10T10:00 --duration 15m
	# cut's 10m buffer: on chair1 09:15 would run to 10:10, into the 10:00
	# booking; its length is 45m; chair3 is not the service's
	run berth --format json slots --service cut --from 2026-06-10 --to 2026-06-10
	assert_success
	[ "$(echo "$output" | jq -r 'map("\(.resource)@\(.start[11:16])-\(.end[11:16])") | join(" ")')" = \
		"chair1@09:00-09:45 chair2@09:00-09:45 chair1@10:15-11:00" ]
	# (chair2 keeps its booking's own 20m buffer to 10:35.) trim has none:
	# each resource's (chair1 none; chair2 20m, so 09:00 runs into 10:00)
	run berth --format json slots --service trim --from 2026-06-10 --to 2026-06-10
	[ "$(echo "$output" | jq -r 'map("\(.resource)@\(.start[11:16])") | join(" ")')" = \
		"chair1@09:00 chair1@09:15 chair1@10:15" ]
	# --location, and --duration over the service's
	run berth --format json slots --service cut --location south --from 2026-06-10 --to 2026-06-10 --duration 30m
	[ "$(echo "$output" | jq -r 'map("\(.resource)@\(.start[11:16])-\(.end[11:16])") | join(" ")')" = \
		"chair2@09:00-09:30 chair2@09:15-09:45" ]
	# what slots offers, book --service takes
	[ "$(berth --format json book --service cut 2026-06-10T10:15 | jq -r .resource)" = chair1 ]
}

@test "slots --service: a removed resource is passed over; refusals" {
	berth init >/dev/null
	berth resource add chair1 --location north --slot 15m >/dev/null
	berth resource add chair2 --location south --slot 15m >/dev/null
	berth -q service add cut --duration 45m --resources chair1,chair2
	berth -q service add walkin --duration 20m
	berth -q resource rm chair1
	[ "$(berth --format json slots --service cut --from 2026-06-10T09:00 --to 2026-06-10T10:00 | jq -r 'map(.resource) | unique | join(",")')" = chair2 ]
	refuses 2 INVALID_ARGUMENT -- slots chair2 --service cut
	refuses 2 INVALID_ARGUMENT -- slots --location south
	refuses 2 INVALID_ARGUMENT -- slots chair2 --location south
	refuses 2 INVALID_ARGUMENT -- slots --service cut --location north
	refuses 2 INVALID_ARGUMENT -- slots --service walkin
	refuses 2 INVALID_ARGUMENT -- slots --service 'bad name'
	refuses 2 INVALID_ARGUMENT -- slots --service cut --duration 0
	refuses 2 INVALID_ARGUMENT -- slots
	refuses 3 NOT_FOUND -- slots --service nosuch
}
