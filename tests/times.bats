#!/usr/bin/env bats
# The TIME grammar of berth(1) beyond RFC 3339: relative times (now, today,
# tomorrow, yesterday, +DURATION, -DURATION, next WEEKDAY, each with an
# optional clock time) read in the resource's zone against berth's clock
# (BERTH_NOW here), and RFC 3339 with fractional seconds, truncated.

load helper
bats_require_minimum_version 1.5.0

# Resources in three zones; the store's zone is UTC (TZ=UTC at init).
zones_seed() {
	berth init >/dev/null
	berth resource add paris --capacity 1000 --tz Europe/Paris >/dev/null
	berth resource add york --capacity 1000 --tz America/New_York >/dev/null
	berth resource add here --capacity 1000 >/dev/null
}

# start_of RESOURCE TIME: the start of a one-hour hold placed at TIME.
start_of() {
	berth --format json lock "$1" "$2" --duration 1h | jq -r .start
}

# 2026-06-01T10:00:00Z, helper.bash's clock, is a Monday: 12:00 in Paris,
# 06:00 in New York.

@test "times: now and +DURATION count from berth's clock" {
	zones_seed
	[ "$(start_of paris now)" = 2026-06-01T12:00:00+02:00 ]
	[ "$(start_of paris +2h)" = 2026-06-01T14:00:00+02:00 ]
	[ "$(start_of paris +90m)" = 2026-06-01T13:30:00+02:00 ]
	[ "$(start_of paris +1h30m)" = 2026-06-01T13:30:00+02:00 ]
	[ "$(start_of york +1d)" = 2026-06-02T06:00:00-04:00 ]
	[ "$(start_of here +1w)" = 2026-06-08T10:00:00+00:00 ]
	[ "$(start_of here NOW)" = 2026-06-01T10:00:00+00:00 ]
}

@test "times: today, tomorrow and yesterday are days of the resource's zone" {
	zones_seed
	[ "$(start_of paris 'tomorrow 20:00')" = 2026-06-02T20:00:00+02:00 ]
	[ "$(start_of paris tomorrow)" = 2026-06-02T00:00:00+02:00 ]
	[ "$(start_of paris 'today 18:00')" = 2026-06-01T18:00:00+02:00 ]
	[ "$(start_of paris 'today 24:00')" = 2026-06-02T00:00:00+02:00 ]
	[ "$(start_of york 'tomorrow 09:15:30')" = 2026-06-02T09:15:30-04:00 ]
	[ "$(start_of here 'Tomorrow  10:00')" = 2026-06-02T10:00:00+00:00 ]
	# 23:30 UTC is already the 2nd in Paris and still the 1st in New York.
	export BERTH_NOW=2026-06-01T23:30:00Z
	[ "$(start_of paris 'today 23:45')" = 2026-06-02T23:45:00+02:00 ]
	[ "$(start_of paris 'tomorrow 20:00')" = 2026-06-03T20:00:00+02:00 ]
	[ "$(start_of york 'tomorrow 20:00')" = 2026-06-02T20:00:00-04:00 ]
	[ "$(start_of here 'tomorrow 10:00')" = 2026-06-02T10:00:00+00:00 ]
	[ "$(berth --format json availability here --at 'yesterday 10:00' | jq -r .start)" = 2026-05-31T10:00:00+00:00 ]
}

@test "times: next WEEKDAY is the first such day after today" {
	zones_seed
	# Today is a Monday: next mon is a week on, next tue tomorrow.
	[ "$(start_of paris 'next mon 10:00')" = 2026-06-08T10:00:00+02:00 ]
	[ "$(start_of paris 'next monday 10:00')" = 2026-06-08T10:00:00+02:00 ]
	[ "$(start_of paris 'next tue 10:00')" = 2026-06-02T10:00:00+02:00 ]
	[ "$(start_of paris 'next sun')" = 2026-06-07T00:00:00+02:00 ]
	[ "$(start_of york 'next Sat 09:30')" = 2026-06-06T09:30:00-04:00 ]
	# Sunday 23:30 in New York is Monday in Paris.
	export BERTH_NOW=2026-06-08T03:30:00Z
	[ "$(start_of york 'next mon 10:00')" = 2026-06-08T10:00:00-04:00 ]
	[ "$(start_of paris 'next mon 10:00')" = 2026-06-15T10:00:00+02:00 ]
}

@test "times: across a change to summer time, days keep the wall clock, durations elapse" {
	zones_seed
	# Saturday 2026-03-28 13:00 in Paris; its clocks skip 02:00-03:00 on
	# Sunday.
	export BERTH_NOW=2026-03-28T12:00:00Z
	[ "$(start_of paris 'tomorrow 13:00')" = 2026-03-29T13:00:00+02:00 ]
	[ "$(start_of paris +1d)" = 2026-03-29T14:00:00+02:00 ]
	[ "$(start_of paris 'tomorrow 03:00')" = 2026-03-29T03:00:00+02:00 ]
	[ "$(start_of paris 'tomorrow 01:59')" = 2026-03-29T01:59:00+01:00 ]
	# A day's midnight is its start.
	[ "$(start_of paris tomorrow)" = 2026-03-29T00:00:00+01:00 ]
	refuses 2 INVALID_TIME -- lock paris 'tomorrow 02:30'
	[[ $stderr == *"Europe/Paris"*"02:00 to 03:00"* ]]
	refuses 2 INVALID_TIME -- book paris 'next sun 02:00'
	refuses 2 INVALID_TIME -- lock paris 2026-03-29T02:30
	[[ $stderr == *"02:00 to 03:00 on 2026-03-29"* ]]
	# The same wall clock in New York is no gap today.
	[ "$(start_of york 'tomorrow 02:30')" = 2026-03-29T02:30:00-04:00 ]
}

@test "times: a repeated hour in autumn is its first occurrence" {
	zones_seed
	export BERTH_NOW=2026-10-24T12:00:00Z
	[ "$(start_of paris 'tomorrow 02:30')" = 2026-10-25T02:30:00+02:00 ]
	[ "$(start_of paris 'tomorrow 12:00')" = 2026-10-25T12:00:00+01:00 ]
	[ "$(start_of paris +1d)" = 2026-10-25T13:00:00+01:00 ]
}

@test "times: relative times everywhere a time is read" {
	zones_seed
	berth -q book paris 'tomorrow 20:00' --end 'tomorrow 23:00' --customer ann
	run --separate-stderr berth --format json show b1
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 2026-06-02T23:00:00+02:00 ]
	# list --from/--to: the store's zone; audit --since.
	[ "$(berth --format json list --from today --to 'tomorrow 23:59' | jq length)" = 1 ]
	[ "$(berth --format json list --from 'next wed' | jq length)" = 0 ]
	[ "$(berth --format json audit --since -1h | jq length)" -ge 1 ]
	[ "$(berth --format json audit --since +1h | jq length)" = 0 ]
	[ "$(berth --format json availability paris --at 'tomorrow 21:00' | jq -r .booked)" = 1 ]
	# book --batch
	run --separate-stderr berth book --batch <<<'{"resource":"york","start":"next fri 09:00","end":"+5d"}'
	assert_success
	[ "$(echo "$output" | jq -r .start)" = 2026-06-05T09:00:00-04:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-06T06:00:00-04:00 ]
	# --now itself may be relative: to the real clock.
	run --separate-stderr berth --now +1d --format json availability here --at now
	assert_success
	local got want
	got=$(date -ud "$(echo "$output" | jq -r .start)" +%s)
	want=$(($(date +%s) + 86400))
	[ $((got - want)) -ge -5 ] && [ $((got - want)) -le 5 ]
}

@test "times: a relative time in the past is PAST, not a bad time" {
	zones_seed
	refuses 5 PAST -- lock paris 'yesterday 10:00' --duration 1h
	refuses 5 PAST -- book paris --duration 1h -- -1h
	refuses 5 PAST -- book paris 'today 11:00' --duration 1h
}

@test "times: malformed and ambiguous relative times are INVALID_TIME" {
	zones_seed
	for t in 'mon 10:00' monday 'next' 'next 10:00' 'next week' 'next mon tue' \
		'tomorrow 10' 'tomorrow 25:00' 'tomorrow 10:60' 'tomorrow 24:30' \
		'tomorrow at 10:00' 'tomorrow 10:00 extra' 'now 10:00' 'nowish' \
		'+' '+2' '+2x' '+ 2h' '+1m2h' '++2h' 'today+2h' 'tomorrow 9:00' \
		'next thurs' 'this mon' ' ' 'noon'; do
		refuses 2 INVALID_TIME -- lock paris "$t"
		[[ $stderr == "berth: INVALID_TIME: start: invalid time '"* ]] || {
			echo "for '$t': $stderr" >&2
			false
		}
	done
	refuses 2 INVALID_TIME -- lock paris 'mon 10:00'
	[[ $stderr == *"next mon"* ]]
	refuses 2 INVALID_TIME -- lock paris 'tomorrow 10'
	[[ $stderr == *"HH:MM"* ]]
	refuses 2 INVALID_TIME -- lock paris '+2x'
	[[ $stderr == *"units"* ]]
	refuses 2 INVALID_TIME -- lock paris +3651d
	refuses 2 INVALID_TIME -- availability paris --at 'next 10:00'
	refuses 2 INVALID_TIME -- list --from 'mon'
	refuses 2 INVALID_TIME -- audit --since 'tomorrow 10'
	refuses 2 INVALID_TIME -- --now 'mon 10:00' list
	run --separate-stderr berth book --batch <<<'{"resource":"york","start":"mon 09:00"}'
	[ "$status" -eq 2 ]
	[ "$(echo "$output" | jq -r .error.code)" = INVALID_TIME ]
}

@test "times: a relative time past 9999 is INVALID_TIME" {
	zones_seed
	export BERTH_NOW=9999-12-30T12:00:00Z
	refuses 2 INVALID_TIME -- lock here +2d
	refuses 2 INVALID_TIME -- lock here 'next mon'
}

@test "times: fractional seconds are truncated to the second" {
	zones_seed
	[ "$(start_of paris 2026-06-15T18:00:00.000Z)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(start_of paris 2026-06-15T18:00:00.999999999Z)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(start_of paris 2026-06-15T20:00:59.5+02:00)" = 2026-06-15T20:00:59+02:00 ]
	[ "$(start_of paris '2026-06-15 20:00:01.25')" = 2026-06-15T20:00:01+02:00 ]
	# What is stored is truncated too: show and list read it back.
	berth -q book york 2026-06-15T18:00:00.750Z --end 2026-06-15T19:00:00.1Z
	[ "$(berth --format json show b1 | jq -r '.start + " " + .end')" = \
		"2026-06-15T14:00:00-04:00 2026-06-15T15:00:00-04:00" ]
	[ "$(berth --format json list --from 2026-06-15T17:59:59.9Z | jq -r '.[0].start')" = \
		2026-06-15T14:00:00-04:00 ]
	# The same request spelled with a fraction is the same request.
	berth -q book here 2026-06-20T10:00:00Z --duration 1h --idempotency-key k1
	run --separate-stderr berth --format json book here 2026-06-20T10:00:00.000Z --duration 1h --idempotency-key k1
	assert_success
	[ "$(echo "$output" | jq -r .id)" = b2 ]
}

@test "times: a fraction with no digits, garbage, or no seconds is INVALID_TIME" {
	zones_seed
	for t in 2026-06-15T18:00:00.Z 2026-06-15T18:00:00. 2026-06-15T18:00:00.abcZ \
		2026-06-15T18:00:00.5x 2026-06-15T18:00.5Z 2026-06-15T18:00:00,5Z \
		2026-06-15T18:00:00..5Z 2026-06-15T18:00:00.-5Z @1781546400.5; do
		refuses 2 INVALID_TIME -- lock paris "$t"
	done
	refuses 2 INVALID_TIME -- lock paris 2026-06-15T18:00:00.Z
	[[ $stderr == *"digit"* ]]
}
