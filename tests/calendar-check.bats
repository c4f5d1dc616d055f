#!/usr/bin/env bats
# The calendar's tables under damage: a claim that reads a damaged entry
# fails (10) and writes nothing; check names what only it can see.

bats_require_minimum_version 1.5.0
load helper

cal() {
	berth init --tz Europe/Berlin >/dev/null
	berth resource add desk >/dev/null
	berth -q hours set desk 'mon-fri 09:00-18:00'
	berth -q holiday add 2026-12-25 --name Christmas
	berth -q timeoff add desk --from 2026-07-01 --to 2026-07-02
}

@test "calendar damage: a claim that reads damaged hours fails, writing nothing" {
	cal
	damage hours flip
	refuses 10 STORE_CORRUPT -- book desk '2026-06-10 10:00' --duration 1h
	[[ "$stderr" == *"opening hours"* ]]
	run berth check
	[ "$status" -eq 10 ]
	[[ "$output" == *hours* ]]
}

@test "calendar damage: a time-off entry whose record is gone fails the claim it meets" {
	cal
	damage timeoff delete
	refuses 10 STORE_CORRUPT -- book desk '2026-07-01 10:00' --duration 1h
	[[ "$stderr" == *"its time off is not there"* ]]
	run berth check
	[ "$status" -eq 10 ]
	[[ "$output" == *"names t1, which is not there"* ]]
	[[ "$output" == *"last audit record"* ]]
}

@test "calendar damage: check finds deleted hours and a holiday's missing day" {
	cal
	damage hours delete
	run berth check
	[ "$status" -eq 10 ]
	[[ "$output" == *"is not there, though its last audit record"*"sets it"* ]]
	store_rm
	cal
	damage holiday_day delete
	run berth check
	[ "$status" -eq 10 ]
	[[ "$output" == *"missing, though d1 implies it"* ]]
	run berth check --repair
	assert_success
	refuses 5 HOLIDAY -- book desk '2026-12-25 10:00' --duration 1h
}
