#!/usr/bin/env bats
# A calendar change never moves a booking (SPEC invariant 6): --dry-run on
# hours set|clear, holiday add and timeoff add lists the claims the change
# would leave outside the calendar and writes nothing; the change itself
# says so on standard error, and check --report lists them after.

load helper

# anna open 09:00-18:00 with two bookings, b1 late on Wednesday, b2 on
# Thursday morning; ben with one on Wednesday.
salon() {
	berth init >/dev/null
	berth -q resource add anna
	berth -q resource add ben
	berth -q hours set anna 'mon-sun 09:00-18:00'
	berth -q book anna 2026-06-03T16:00 --duration 1h --customer ada
	berth -q book anna 2026-06-04T10:00 --duration 1h --customer bo
	berth -q book ben 2026-06-03T10:00 --duration 1h --customer cy
}

@test "hours set --dry-run: the bookings shorter hours would leave out, nothing written" {
	salon
	before=$(store_dump)
	run --separate-stderr berth --format tsv hours set anna 'mon-sun 09:00-15:00' --dry-run
	assert_success
	[ "$(store_dump)" = "$before" ]
	assert_line --index 0 "$(printf 'id\tresource\tstart\tend\tcustomer\tstatus\tcode\treason')"
	assert_line --index 1 --partial "$(printf 'b1\tanna\t2026-06-03T16:00:00+00:00\t2026-06-03T17:00:00+00:00\tada\tconfirmed\tOUTSIDE_HOURS')"
	[ "${#lines[@]}" -eq 2 ]
	[[ $stderr == *"dry run, nothing was written; the change would leave 1 claim outside"* ]]
	run berth --format json hours show anna
	[[ $output == *'"09:00-18:00"'* ]]
	# --columns picks among the report's fields.
	run --separate-stderr berth --format tsv hours set anna "mon-sun 09:00-15:00" --dry-run -o id,code
	assert_output "$(printf 'id\tcode\nb1\tOUTSIDE_HOURS')"
}

@test "hours set: the change stands, the booking too; a warning names it, check --report lists it" {
	salon
	run --separate-stderr berth hours set anna 'mon-sun 09:00-15:00'
	assert_success
	[[ $stderr == *"warning: 1 claim is now outside the calendar (b1); they stand: see berth check --report"* ]]
	run berth --format tsv show b1
	assert_success
	run berth check
	assert_success
	run berth --format tsv check --report
	assert_line --index 1 --partial "b1	anna"
	# What was outside before is not this change's doing: not listed again.
	run --separate-stderr berth --format tsv hours set anna 'mon-sun 09:00-14:00' --dry-run
	[ "${#lines[@]}" -eq 1 ]
	run --separate-stderr berth hours set anna 'mon-sun 09:00-10:00' --dry-run
	assert_success
	[[ $stderr == *"leave 1 claim outside"* ]]
	[[ $output == *b2* ]]
	[[ $output != *b1* ]]
}

@test "hours set --date --dry-run and hours clear --dry-run" {
	salon
	run --separate-stderr berth --format tsv hours set anna --date 2026-06-04 closed --dry-run
	assert_success
	assert_line --index 1 --partial "b2	anna"
	[ "${#lines[@]}" -eq 2 ]
	# Clearing hours opens the resource at all times: nothing left out.
	run --separate-stderr berth --format tsv hours clear anna --dry-run
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run berth --format tsv hours show anna
	[ "${#lines[@]}" -eq 8 ]
}

@test "holiday add --dry-run: the bookings on the day, of every resource with hours or of those named" {
	salon
	berth -q hours set ben 'mon-sun 09:00-18:00'
	before=$(store_dump)
	run --separate-stderr berth --format tsv holiday add 2026-06-03 --dry-run
	assert_success
	[ "$(store_dump)" = "$before" ]
	assert_line --index 1 --partial "b1	anna"
	assert_line --index 2 --partial "b3	ben"
	assert_line --index 2 --partial "HOLIDAY"
	[ "${#lines[@]}" -eq 3 ]
	run --separate-stderr berth --format tsv holiday add 2026-06-03 --resource ben --dry-run
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --partial "b3	ben"
	run berth --format json holiday list
	assert_output "[]"
	run --separate-stderr berth holiday add 2026-06-03 --resource ben
	assert_success
	[[ $stderr == *"1 claim is now outside the calendar (b3)"* ]]
}

@test "timeoff add --dry-run: the bookings in the time off" {
	salon
	before=$(store_dump)
	run --separate-stderr berth --format tsv timeoff add anna --from 2026-06-04T08:00 --to 2026-06-04T12:00 --dry-run
	assert_success
	[ "$(store_dump)" = "$before" ]
	assert_line --index 1 --partial "b2	anna"
	assert_line --index 1 --partial "TIME_OFF"
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr berth timeoff add anna --from 2026-06-04T08:00 --to 2026-06-04T12:00
	assert_success
	[[ $stderr == *"(b2)"* ]]
	run berth --format tsv timeoff list
	[ "${#lines[@]}" -eq 2 ]
}

@test "--dry-run refusals: bad input and unknown names, nothing written" {
	salon
	refuses 2 INVALID_ARGUMENT -- hours set anna 'mon 18:00-09:00' --dry-run
	refuses 3 NOT_FOUND -- hours set nobody 'mon 09:00-10:00' --dry-run
	refuses 3 NOT_FOUND -- holiday add 2026-06-03 --resource nobody --dry-run
	refuses 2 INVALID_TIME -- holiday add 2026-13-03 --dry-run
	refuses 3 NOT_FOUND -- timeoff add nobody --from 2026-06-04T08:00 --to 2026-06-04T12:00 --dry-run
	refuses 2 INVALID_ARGUMENT -- timeoff add anna --from 2026-06-04T12:00 --to 2026-06-04T08:00 --dry-run
}
