#!/usr/bin/env bats
# berth hours|holiday|timeoff: opening hours, holidays and time off kept in
# the store, listed in every format, audited, and every bad input refused
# with nothing written.

bats_require_minimum_version 1.5.0
load helper

cal_seed() {
	berth init --tz Europe/Berlin >/dev/null
	berth resource add stylist >/dev/null
	berth resource add bay >/dev/null
}

@test "hours set: replaces the week, one record a day, closed where not named" {
	cal_seed
	run berth --format json hours set stylist 'mon-fri 09:00-12:30,13:30-18:00' 'sat 08:00-16:00' 'sun closed'
	assert_success
	[ "$(echo "$output" | jq -r 'map("\(.day)=\(.hours)") | join(" ")')" = \
		"mon=09:00-12:30,13:30-18:00 tue=09:00-12:30,13:30-18:00 wed=09:00-12:30,13:30-18:00 thu=09:00-12:30,13:30-18:00 fri=09:00-12:30,13:30-18:00 sat=08:00-16:00 sun=closed" ]
	berth -q hours set stylist 'tue,thu 10:00-24:00'
	[ "$(berth --format json hours show stylist | jq -r 'map("\(.day)=\(.hours)") | join(" ")')" = \
		"mon=closed tue=10:00-24:00 wed=closed thu=10:00-24:00 fri=closed sat=closed sun=closed" ]
	# the two changes, audited on the resource's hours
	[ "$(berth --format json audit hours/stylist | jq -r 'map(.action) | join(",")')" = hours.set,hours.set ]
	[ "$(berth --format json audit hours/stylist | jq -r '.[1].before.mon + " " + .[1].after.tue')" = "09:00-12:30,13:30-18:00 10:00-24:00" ]
	# ranges without days are every day's
	berth -q hours set stylist '08:00-09:00'
	[ "$(berth --format json hours show stylist | jq -r 'map(.hours) | unique | join(" ")')" = 08:00-09:00 ]
	run berth check
	assert_success
}

@test "hours set --date: an exception, shown after the week; hours clear removes it" {
	cal_seed
	berth -q hours set stylist 'mon-sat 09:00-18:00'
	berth -q hours set stylist --date 2026-12-24 '09:00-13:00'
	berth -q hours set stylist --date 2026-12-31 closed
	run berth --format jsonl hours show stylist
	assert_success
	[ "$(echo "$output" | tail -n 2 | jq -r '"\(.date) \(.day) \(.hours)"' | paste -sd,)" = \
		"2026-12-24 thu 09:00-13:00,2026-12-31 thu closed" ]
	# every format carries the same fields
	[ "$(berth --format csv hours show stylist | head -n 1 | tr -d "\r")" = "resource,day,date,hours" ]
	[ "$(berth --format tsv hours show stylist | sed -n 9p)" = "$(printf 'stylist\tthu\t2026-12-24\t09:00-13:00')" ]
	berth -q hours clear stylist --date 2026-12-31
	[ "$(berth --format json hours show stylist | jq length)" = 8 ]
	[ "$(berth --format json audit --action hours.cleared | jq -r '.[0].entity')" = hours/stylist/2026-12-31 ]
	berth -q hours clear stylist
	[ "$(berth --format json hours show stylist | jq -r 'map(.date) | join(",")')" = 2026-12-24 ]
	run berth check
	assert_success
}

@test "hours set: refuses bad hours with INVALID_ARGUMENT (2), writing nothing" {
	cal_seed
	berth -q hours set stylist 'mon-fri 09:00-18:00'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 09:00-12:00,11:00-13:00'
	[[ "$stderr" == *"09:00-12:00 overlaps 11:00-13:00"* ]]
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 12:00-09:00'
	[[ "$stderr" == *"ends before it starts"* ]]
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 09:00-09:00'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mun 09:00-12:00'
	[[ "$stderr" == *"'mun' is not a day"* ]]
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'fri-mon 09:00-12:00'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 09:00-24:30'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 9-12'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon 09:00-12:00,'
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon-fri 09:00-12:00' 'fri 13:00-14:00'
	[[ "$stderr" == *"fri is given twice"* ]]
	refuses 2 INVALID_ARGUMENT -- hours set stylist '09:00-12:00' 'sun closed'
	[[ "$stderr" == *"sun is given twice"* ]]
	refuses 2 INVALID_ARGUMENT -- hours set stylist 'mon'
	refuses 2 INVALID_ARGUMENT -- hours set stylist ''
	refuses 2 INVALID_ARGUMENT -- hours set stylist --date 2026-12-24 ''
	refuses 2 INVALID_ARGUMENT -- hours set stylist
	refuses 2 INVALID_ARGUMENT -- hours set stylist --date 2026-12-24 'mon 09:00-12:00'
	refuses 2 INVALID_ARGUMENT -- hours set stylist --date 2026-12-24 '09:00-12:00' '13:00-14:00'
	refuses 2 INVALID_TIME -- hours set stylist --date 2026-02-30 '09:00-12:00'
	refuses 2 INVALID_TIME -- hours clear stylist --date tomorrow
	refuses 3 NOT_FOUND -- hours set nobody 'mon 09:00-12:00'
	refuses 3 NOT_FOUND -- hours show nobody
	refuses 3 NOT_FOUND -- hours clear stylist --date 2026-12-24
	refuses 3 NOT_FOUND -- hours clear bay
	# json errors carry details
	run --separate-stderr berth --format json hours set stylist 'mon 12:00-09:00'
	[ "$(echo "$stderr" | jq -r .error.details.option)" = hours ]
}

@test "holiday add|list|rm: dates, ranges, yearly ones, named resources; ids never given back" {
	cal_seed
	run berth --format json holiday add 2026-12-25 --to 2026-12-26 --name Christmas --recurring
	assert_success
	[ "$(echo "$output" | jq -c '[.id, .from, .to, .name, .recurring, .resources]')" = \
		'["d1","2026-12-25","2026-12-26","Christmas",true,null]' ]
	[ "$(field id -- holiday add 2026-08-01 --to 2026-08-15 --resource stylist --resource bay)" = d2 ]
	[ "$(field id -- holiday add 2026-05-01)" = d3 ]
	[ "$(berth --format json holiday list | jq -r 'map(.id) | join(",")')" = d1,d2,d3 ]
	[ "$(berth --format json holiday list | jq -r '.[1].resources')" = stylist,bay ]
	# a window of dates: a yearly one falls in any year
	[ "$(berth --format json holiday list --from 2030-12-01 --to 2030-12-31 | jq -r 'map(.id) | join(",")')" = d1 ]
	[ "$(berth --format json holiday list --from 2026-08-15 --to 2026-08-20 | jq -r 'map(.id) | join(",")')" = d2 ]
	[ "$(berth --format json holiday list --from 2026-04-01 --to 2026-07-31 | jq -r 'map(.id) | join(",")')" = d3 ]
	[ "$(berth --format csv holiday list | head -n 1 | tr -d "\r")" = "id,from,to,name,recurring,resources" ]
	run berth --format json holiday rm d3
	assert_success
	[ "$(echo "$output" | jq -r .id)" = d3 ]
	[ "$(field id -- holiday add 2027-05-01)" = d4 ]
	[ "$(berth --format json audit d3 | jq -r 'map(.action) | join(",")')" = holiday.created,holiday.removed ]
	run berth check
	assert_success
}

@test "holiday: refusals (2, 3), nothing written" {
	cal_seed
	berth -q holiday add 2026-12-25
	refuses 2 INVALID_ARGUMENT -- holiday add 2026-12-25 --to 2026-12-24
	refuses 2 INVALID_ARGUMENT -- holiday add 2026-01-01 --to 2027-01-05
	refuses 2 INVALID_ARGUMENT -- holiday add 2026-12-25 --resource bay --resource bay
	refuses 2 INVALID_ARGUMENT -- holiday add 2026-12-25 --name "$(printf 'a\tb')"
	refuses 2 INVALID_TIME -- holiday add 2026-13-01
	refuses 2 INVALID_TIME -- holiday add '2026-12-25 10:00'
	refuses 2 INVALID_TIME -- holiday list --from nope
	refuses 2 INVALID_ARGUMENT -- holiday rm 1
	refuses 2 INVALID_ARGUMENT -- holiday rm t1
	refuses 2 INVALID_ARGUMENT -- holiday add
	refuses 3 NOT_FOUND -- holiday add 2026-12-25 --resource nobody
	refuses 3 NOT_FOUND -- holiday rm d9
	berth -q holiday rm d1
	refuses 3 NOT_FOUND -- holiday rm d1
}

@test "timeoff add|list|rm: local times in the resource's zone, audited" {
	cal_seed
	berth resource add far --tz Pacific/Auckland >/dev/null
	run berth --format json timeoff add stylist --from '2026-07-01 09:00' --to 2026-07-15 --reason leave
	assert_success
	[ "$(echo "$output" | jq -c '[.id, .resource, .from, .to, .reason]')" = \
		'["t1","stylist","2026-07-01T09:00:00+02:00","2026-07-16T00:00:00+02:00","leave"]' ]
	[ "$(field from -- timeoff add far --from 2026-07-01T09:00 --to 2026-07-01T10:00)" = 2026-07-01T09:00:00+12:00 ]
	[ "$(berth --format json timeoff list | jq -r 'map(.id) | join(",")')" = t1,t2 ]
	[ "$(berth --format json timeoff list far | jq -r 'map(.id) | join(",")')" = t2 ]
	# options after the verb are not taken for the resource
	[ "$(berth timeoff list --format json | jq -r 'map(.id) | join(",")')" = t1,t2 ]
	[ "$(berth --format csv timeoff list | head -n 1 | tr -d "\r")" = "id,resource,from,to,reason" ]
	[ "$(field id -- timeoff rm t1)" = t1 ]
	[ "$(berth --format json timeoff list | jq -r 'map(.id) | join(",")')" = t2 ]
	[ "$(berth --format json audit t1 | jq -r 'map(.action) | join(",")')" = timeoff.created,timeoff.removed ]
	run berth check
	assert_success
}

@test "timeoff: refusals (2, 3), nothing written" {
	cal_seed
	refuses 2 INVALID_ARGUMENT -- timeoff add stylist --from 2026-07-01
	refuses 2 INVALID_ARGUMENT -- timeoff add stylist --to 2026-07-01
	refuses 2 INVALID_ARGUMENT -- timeoff add stylist --from 2026-07-02 --to 2026-07-01
	refuses 2 INVALID_ARGUMENT -- timeoff add stylist --from '2026-07-01 10:00' --to '2026-07-01 10:00'
	refuses 2 INVALID_ARGUMENT -- timeoff add stylist --from 2026-07-01 --to 2026-07-02 --reason "$(printf 'x\033[31m')"
	refuses 2 INVALID_TIME -- timeoff add stylist --from soon --to 2026-07-02
	# 02:30 does not exist in Berlin on 29 March 2026
	refuses 2 INVALID_TIME -- timeoff add stylist --from '2026-03-29 02:30' --to 2026-03-30
	refuses 2 INVALID_ARGUMENT -- timeoff rm d1
	refuses 2 INVALID_ARGUMENT -- timeoff add
	refuses 3 NOT_FOUND -- timeoff add nobody --from 2026-07-01 --to 2026-07-02
	refuses 3 NOT_FOUND -- timeoff list nobody
	refuses 3 NOT_FOUND -- timeoff rm t1
}

@test "calendar: changing hours, holidays and time off leaves every booking as it is" {
	cal_seed
	id=$(field id -- book stylist '2026-07-01 10:00' --duration 1h)
	before=$(berth --format json show "$id")
	berth -q hours set stylist 'sun 09:00-10:00'
	berth -q holiday add 2026-07-01 --resource stylist
	berth -q timeoff add stylist --from 2026-07-01 --to 2026-07-02
	[ "$(berth --format json show "$id")" = "$before" ]
	run berth check
	assert_success
}
