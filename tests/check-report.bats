#!/usr/bin/env bats
# check --report: changing hours, holidays or time off never moves a
# booking (SPEC invariant 6); the claims that no longer fit are listed,
# and check still exits 0 for them: they are not damage.

load helper

calendar_changed() {
	berth init >/dev/null
	berth -q resource add anna --slot 1h --tz Europe/Paris
	berth -q resource add ben --slot 1h
	berth -q book anna 2026-06-02T09:00 --customer zoe
	berth -q book anna 2026-06-03T09:00
	berth -q lock anna 2026-06-04T09:00 --ttl 1h
	berth -q book anna 2026-06-05T12:00
	berth -q book ben 2026-06-02T09:00
	berth -q book ben 2026-06-08T09:00
	berth -q cancel b4
	# Since then: hours from ten, a holiday, time off; ben's booking was
	# cancelled and one of anna's is in the past by the time we ask.
	berth -q hours set anna 'mon-fri 10:00-18:00'
	berth -q holiday add 2026-06-03
	berth -q timeoff add ben --from 2026-06-08T08:00 --to 2026-06-08T18:00
}

@test "check --report: the claims the calendar no longer fits, each with its refusal; exit 0" {
	calendar_changed
	before=$(store_dump)
	run --separate-stderr berth --format json check --report
	assert_success
	[ "$(echo "$output" | jq -r 'map(.id + ":" + .code) | join(",")')" = \
		b1:OUTSIDE_HOURS,b2:HOLIDAY,h1:OUTSIDE_HOURS,b5:TIME_OFF ]
	[ "$(echo "$output" | jq -r '.[0].customer')" = zoe ]
	[ "$(echo "$output" | jq -r '.[0].start')" = 2026-06-02T09:00:00+02:00 ]
	[[ "$(echo "$output" | jq -r '.[1].reason')" == *"holiday d1"* ]]
	# Nothing moved, nothing written; the plain check is clean.
	[ "$before" = "$(store_dump)" ]
	run berth check
	assert_success
	# Once its window has ended a claim is no longer reported; an expired
	# hold neither.
	run berth --format json check --report --now 2026-06-04T12:00:00Z
	[ "$(echo "$output" | jq -r 'map(.id) | join(",")')" = b5 ]
}

@test "check --report: a calendar that fits reports nothing; every format" {
	calendar_changed
	berth -q hours clear anna
	berth -q holiday rm d1
	berth -q timeoff rm t1
	run berth --format json check --report
	assert_success
	assert_output "[]"
	run berth --format csv check --report
	assert_success
	assert_line --index 0 --partial "id,resource,start,end,customer,status,code,reason"
	for f in table jsonl tsv; do
		run berth --format $f check --report
		assert_success
	done
}

@test "check --report: refusals, nothing written" {
	calendar_changed
	before=$(store_dump)
	refuses 2 INVALID_ARGUMENT -- check --report --repair
	refuses 2 INVALID_ARGUMENT -- check --report extra
	refuses 2 INVALID_ARGUMENT -- check --report -o id,nosuch
	[ "$before" = "$(store_dump)" ]
	BERTH_DB=$BATS_TEST_TMPDIR/none refuses 3 NOT_FOUND -- check --report
}

@test "check --report: damage still fails the check (10), with the report" {
	calendar_changed
	damage span flip >/dev/null 2>&1 || skip "damage tool cannot flip a span here"
	run --separate-stderr berth check --report
	[ "$status" -eq 10 ]
}
