#!/usr/bin/env bats
# Every time berth stores can be printed back as RFC 3339, years 0000 to
# 9999 in the zone it is printed in: a time past 9999-12-31 would print as
# null, which means "never expires". Given directly (a start, an end,
# --now) or computed (start + duration or slot, now + ttl), it is refused
# with INVALID_TIME (exit 2) and nothing is written.

load helper
bats_require_minimum_version 1.5.0

setup_far() {
	export BERTH_NOW=9999-12-01T00:00:00Z
	berth init >/dev/null
	berth resource add r --capacity 5 >/dev/null
	berth resource add slotted --slot 2h >/dev/null
	# Nine hours ahead of UTC: its 9999-12-31 ends at 14:59:59Z.
	berth resource add tokyo --tz Asia/Tokyo >/dev/null
}

@test "time range: an end computed from start + duration past 9999 is refused" {
	setup_far
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:00Z --duration 2h
	refuses 2 INVALID_TIME -- lock r 9999-12-31T23:00Z --duration 1h1s
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:00Z --duration 3650d
	run --separate-stderr berth book r 9999-12-31T23:00Z --duration 2h
	[[ $stderr == *"after 9999-12-31T23:59:59"* ]] || { echo "$stderr" >&2; return 1; }
}

@test "time range: an end computed from the slot past 9999 is refused" {
	setup_far
	refuses 2 INVALID_TIME -- book slotted 9999-12-31T23:00Z
	refuses 2 INVALID_TIME -- lock slotted 9999-12-31T22:30
}

@test "time range: an end given past 9999 is refused" {
	setup_far
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:00Z --end 10000-01-01T00:00Z
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:00Z --end 9999-12-31T24:00
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:00Z --end @253402300800
}

@test "time range: a start or end that its zone would print past 9999 is refused" {
	setup_far
	# 9999-12-31T20:00Z is 10000-01-01T05:00 in Tokyo.
	refuses 2 INVALID_TIME -- book tokyo 9999-12-31T20:00Z --duration 1h
	refuses 2 INVALID_TIME -- lock tokyo @253402290000 --duration 1h
	refuses 2 INVALID_TIME -- book tokyo 9999-12-31T10:00Z --end 9999-12-31T15:00Z
	refuses 2 INVALID_TIME -- book tokyo 9999-12-31T14:00Z --duration 1h
	run --separate-stderr berth book tokyo 9999-12-31T14:00Z --duration 1h
	[[ $stderr == *"Asia/Tokyo"* ]] || { echo "$stderr" >&2; return 1; }
}

@test "time range: the last second that prints is accepted, and printed" {
	setup_far
	run --separate-stderr berth --format json book r 9999-12-31T22:59:59Z --end 9999-12-31T23:59:59Z
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 9999-12-31T23:59:59+00:00 ]
	run --separate-stderr berth --format json book r 9999-12-31T23:00Z --duration 59m59s
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 9999-12-31T23:59:59+00:00 ]
	run --separate-stderr berth --format json book tokyo 9999-12-31T13:59:59Z --duration 1h
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 9999-12-31T23:59:59+09:00 ]
	run --separate-stderr berth --format json book slotted 9999-12-31T21:59:59Z
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 9999-12-31T23:59:59+00:00 ]
	run berth check
	assert_success
}

@test "time range: a hold or pending booking expiring past 9999 is refused" {
	setup_far
	export BERTH_NOW=9999-12-31T23:00:00Z
	refuses 2 INVALID_TIME -- lock r 9999-12-31T23:10Z --duration 10m --ttl 1h
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:10Z --duration 10m --pending --ttl 1h
	berth -q policy set pending_timeout 2h
	refuses 2 INVALID_TIME -- book r 9999-12-31T23:10Z --duration 10m --pending
	# Within range, the expiry prints: it is not null ("never").
	[ "$(field expires_at -- lock r 9999-12-31T23:10Z --duration 10m --ttl 30m)" = 9999-12-31T23:30:00+00:00 ]
}

@test "time range: --now that its store's zone would print past 9999 is refused" {
	berth init --tz Asia/Tokyo >/dev/null
	berth resource add r >/dev/null
	refuses 2 INVALID_TIME -- --now 9999-12-31T20:00Z resource add r2
	refuses 2 INVALID_TIME -- --now 9999-12-31T20:00Z list
}

@test "time range: a batch line with an end past 9999 is refused, the others run" {
	setup_far
	printf '%s\n' \
		'{"resource":"r","start":"9999-12-31T23:00Z","duration":"2h"}' \
		'{"resource":"tokyo","start":"9999-12-31T20:00Z","duration":"1h"}' \
		'{"resource":"r","start":"9999-12-31T22:00Z","duration":"1h"}' \
		>"$BATS_TEST_TMPDIR/in"
	run --separate-stderr berth book --batch <"$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 2 ]
	[ "$(echo "$output" | jq -r 'select(.error) | "\(.line) \(.error.code)"' | tr '\n' ,)" = "1 INVALID_TIME,2 INVALID_TIME," ]
	[ "$(berth --format json list | jq -r '.[].end')" = 9999-12-31T23:00:00+00:00 ]
}
