#!/usr/bin/env bats
# lock and book admit a claim only into its resource's open time: opening
# hours (breaks, 24:00, exceptions), holidays (a local date in the
# resource's zone, yearly ones) and time off. Refusals are exit 5 with
# OUTSIDE_HOURS, HOLIDAY or TIME_OFF, naming what closed it; nothing is
# written.

bats_require_minimum_version 1.5.0
load helper

salon() {
	berth init --tz Europe/Berlin >/dev/null
	berth resource add stylist >/dev/null
	berth -q hours set stylist 'mon-fri 09:00-12:30,13:30-18:00' 'sat 08:00-16:00' 'sun closed'
}

@test "admit: a claim must lie within one day's ranges; a break closes" {
	salon
	# 2026-06-10 is a Wednesday
	berth -q book stylist '2026-06-10 09:00' --duration 3h30m
	berth -q book stylist '2026-06-10 13:30' --duration 30m
	berth -q lock stylist '2026-06-10 17:00' --duration 1h
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-10 12:00' --duration 1h
	[[ "$stderr" == *"stylist is closed at 2026-06-10T12:30:00+02:00 (wed 2026-06-10: 09:00-12:30,13:30-18:00)"* ]]
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-10 08:30' --duration 1h
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-10 12:45' --duration 30m
	refuses 5 OUTSIDE_HOURS -- lock stylist '2026-06-10 17:30' --duration 1h
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-14 10:00' --duration 1h
	[[ "$stderr" == *"(sun 2026-06-14: closed)"* ]]
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-13 15:30' --duration 1h
	run --separate-stderr berth --format json book stylist '2026-06-10 12:00' --duration 1h
	[ "$status" -eq 5 ]
	[ "$(echo "$stderr" | jq -c '.error.details | [.resource, .date, .hours, .source]')" = \
		'["stylist","2026-06-10","09:00-12:30,13:30-18:00","week"]' ]
}

@test "admit: a claim across midnight is open only where 24:00 meets 00:00" {
	berth init --tz Europe/Berlin >/dev/null
	berth resource add bar >/dev/null
	berth -q hours set bar 'fri 18:00-24:00' 'sat 00:00-02:00,18:00-23:00'
	# 2026-06-12 is a Friday
	berth -q book bar '2026-06-12 23:00' --duration 3h
	refuses 5 OUTSIDE_HOURS -- book bar '2026-06-13 22:00' --duration 2h
	refuses 5 OUTSIDE_HOURS -- book bar '2026-06-12 23:00' --duration 4h
	[[ "$stderr" == *"closed at 2026-06-13T02:00:00+02:00"* ]]
}

@test "admit: a dated exception sets the day's hours, even on a holiday" {
	salon
	berth -q holiday add 2026-12-24 --to 2026-12-26 --name Christmas
	berth -q hours set stylist --date 2026-12-24 '09:00-13:00'
	berth -q book stylist '2026-12-24 10:00' --duration 1h
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-12-24 14:00' --duration 1h
	[[ "$stderr" == *"hours set for the date: 09:00-13:00"* ]]
	refuses 5 HOLIDAY -- book stylist '2026-12-25 10:00' --duration 1h
	[[ "$stderr" == *"stylist is closed on 2026-12-25: holiday d1 (Christmas)"* ]]
	run --separate-stderr berth --format json book stylist '2026-12-26 10:00' --duration 1h
	[ "$status" -eq 5 ]
	[ "$(echo "$stderr" | jq -c '.error | [.code, .details.holiday, .details.name, .details.date]')" = \
		'["HOLIDAY","d1","Christmas","2026-12-26"]' ]
	# a dated exception closes a day the week opens
	berth -q hours set stylist --date 2026-06-10 closed
	refuses 5 OUTSIDE_HOURS -- book stylist '2026-06-10 10:00' --duration 1h
}

@test "admit: a yearly holiday closes the same date every year; a one-off only its own" {
	salon
	berth -q holiday add 2026-12-25 --name Christmas --recurring
	berth -q holiday add 2026-11-02 --name once
	refuses 5 HOLIDAY -- book stylist '2026-12-25 10:00' --duration 1h
	# 2027-12-25 is a Saturday, open by the week
	refuses 5 HOLIDAY -- book stylist '2027-12-25 10:00' --duration 1h
	refuses 5 HOLIDAY -- book stylist '2031-12-25 10:00' --duration 1h
	refuses 5 HOLIDAY -- book stylist '2026-11-02 10:00' --duration 1h
	# 2027-11-02 is a Tuesday, open
	berth -q book stylist '2027-11-02 10:00' --duration 1h
	# removed, it closes nothing
	berth -q holiday rm d1
	berth -q book stylist '2026-12-25 10:00' --duration 1h
}

@test "admit: a holiday is a local date in the resource's zone, never the UTC day" {
	berth init --tz UTC >/dev/null
	berth resource add kiwi --tz Pacific/Auckland >/dev/null
	berth -q hours set kiwi 'mon-sun 00:00-24:00'
	berth -q holiday add 2026-12-25 --name Christmas
	# Christmas in Auckland (+13:00) runs from 2026-12-24T11:00Z to 2026-12-25T11:00Z
	refuses 5 HOLIDAY -- book kiwi 2026-12-24T11:00Z --duration 1h
	refuses 5 HOLIDAY -- book kiwi 2026-12-25T10:00Z --duration 1h
	berth -q book kiwi 2026-12-24T10:00Z --duration 1h
	berth -q book kiwi 2026-12-25T11:00Z --duration 1h
	# the same instants on a UTC resource: its Christmas is the UTC day
	berth resource add utc --tz UTC >/dev/null
	berth -q hours set utc 'mon-sun 00:00-24:00'
	berth -q book utc 2026-12-24T11:00Z --duration 1h
	refuses 5 HOLIDAY -- book utc 2026-12-25T11:00Z --duration 1h
}

@test "admit: time off closes; a claim that ends at its start, or starts at its end, is fine" {
	salon
	berth -q timeoff add stylist --from '2026-06-10 10:00' --to '2026-06-10 11:00' --reason training
	berth -q book stylist '2026-06-10 09:00' --duration 1h
	berth -q book stylist '2026-06-10 11:00' --duration 1h
	refuses 5 TIME_OFF -- book stylist '2026-06-10 09:30' --duration 31m
	[[ "$stderr" == *"stylist has time off t1 (training) from 2026-06-10T10:00:00+02:00 to 2026-06-10T11:00:00+02:00"* ]]
	refuses 5 TIME_OFF -- lock stylist '2026-06-10 10:59' --duration 1m
	refuses 5 TIME_OFF -- book stylist '2026-06-10 09:00' --duration 3h
	run --separate-stderr berth --format json book stylist '2026-06-10 10:00' --duration 30m
	[ "$(echo "$stderr" | jq -c '.error | [.code, .details.timeoff, .details.reason]')" = '["TIME_OFF","t1","training"]' ]
	# time off closes even a date whose hours are set, and goes first
	berth -q hours set stylist --date 2026-06-11 '00:00-24:00'
	berth -q holiday add 2026-06-12
	berth -q timeoff add stylist --from 2026-06-11 --to 2026-06-13
	refuses 5 TIME_OFF -- book stylist '2026-06-11 10:00' --duration 1h
	refuses 5 TIME_OFF -- book stylist '2026-06-12 10:00' --duration 1h
	# other resources are not affected
	berth resource add other >/dev/null
	berth -q book other '2026-06-10 10:00' --duration 1h
}

@test "admit: a resource with no hours is open at all times; a holiday closes it only when naming it" {
	salon
	berth resource add hall >/dev/null
	berth -q holiday add 2026-06-14 --name everyone
	berth -q book hall '2026-06-14 03:00' --duration 20h
	berth -q book hall '2026-06-13 22:00' --duration 4h
	berth -q holiday add 2026-06-21 --resource hall --name works
	refuses 5 HOLIDAY -- book hall '2026-06-21 10:00' --duration 1h
	[[ "$stderr" == *"holiday d2 (works)"* ]]
	refuses 5 HOLIDAY -- book hall '2026-06-20 23:00' --duration 2h
	# the stylist, with hours, is closed by the holiday for all
	berth -q hours set stylist 'mon-sun 00:00-24:00'
	refuses 5 HOLIDAY -- book stylist '2026-06-14 10:00' --duration 1h
	berth -q book stylist '2026-06-21 10:00' --duration 1h
}

@test "admit: a DST day in Europe/Berlin: hours are wall-clock times across the change" {
	berth init --tz Europe/Berlin >/dev/null
	berth resource add night >/dev/null
	berth resource set night --capacity 3 >/dev/null
	berth -q hours set night 'sun 01:00-05:00'
	# 2027-03-28: 02:00 becomes 03:00; 01:00-05:00 local is three hours
	berth -q book night '2027-03-28 01:00' --end '2027-03-28 05:00'
	berth -q book night 2027-03-28T00:00Z --duration 3h
	refuses 5 OUTSIDE_HOURS -- book night 2027-03-28T00:00Z --duration 3h1m
	# 2027-10-31: 03:00 becomes 02:00 again; 01:00-05:00 local is five hours
	berth -q book night 2027-10-30T23:00Z --duration 5h
	refuses 5 OUTSIDE_HOURS -- book night 2027-10-30T23:00Z --duration 5h1m
	refuses 5 OUTSIDE_HOURS -- book night 2027-10-30T22:59Z --duration 1h
}

@test "admit: an hours boundary the clocks skip falls at the change itself" {
	berth init --tz Europe/Berlin >/dev/null
	berth -q resource add late --slot 30m
	berth -q resource add early --slot 30m
	# 2027-03-28: the wall clock goes from 02:00 to 03:00 (01:00Z), so it
	# passes 02:30 at the change: late opens then, early closes then.
	berth -q hours set late 'sun 02:30-04:00'
	berth -q hours set early 'sun 01:00-02:30'
	run berth --format tsv slots late --from 2027-03-28 --to 2027-03-28 --duration 30m -o start
	assert_output "$(printf 'start\n2027-03-28T03:00:00+02:00\n2027-03-28T03:30:00+02:00')"
	berth -q book late 2027-03-28T01:00Z --duration 1h
	refuses 5 OUTSIDE_HOURS -- book late 2027-03-28T00:59Z --duration 1m
	berth -q book early 2027-03-28T00:00Z --duration 1h
	refuses 5 OUTSIDE_HOURS -- book early 2027-03-28T00:30Z --duration 31m
}

@test "admit: confirm of a hold is not refused by a calendar made after it" {
	salon
	h=$(field id -- lock stylist '2026-06-10 10:00' --duration 1h)
	berth -q holiday add 2026-06-10
	berth -q timeoff add stylist --from 2026-06-10 --to 2026-06-11
	run berth --format json confirm "$h"
	assert_success
	run berth check
	assert_success
}

@test "admit: book --batch refuses a line with exit 5 and goes on" {
	salon
	run --separate-stderr berth book --batch <<'JSON'
{"resource":"stylist","start":"2026-06-10T08:00","duration":"1h"}
{"resource":"stylist","start":"2026-06-10T09:00","duration":"1h"}
JSON
	[ "$status" -eq 5 ]
	[ "$(echo "$output" | head -n 1 | jq -r .error.code)" = OUTSIDE_HOURS ]
	[ "$(echo "$output" | sed -n 2p | jq -r .status)" = confirmed ]
}
