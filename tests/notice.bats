#!/usr/bin/env bats
# Minimum notice and horizon (lib/notice.c): measured on the start, checked
# when a claim is made (lock, book, book --batch), never by confirm; a start
# exactly at now + min_notice or now + horizon is allowed. Both are off
# until a policy sets them. The clock is BERTH_NOW, 2026-06-01T10:00Z.

bats_require_minimum_version 1.5.0
load helper

# The JSON error of a refused command, from its stderr.
error_json() {
	run --separate-stderr berth --format json "$@"
	printf '%s\n' "$stderr"
}

@test "notice: off by default, so any start from now on and years ahead is allowed" {
	seed
	run berth book stylist 2026-06-01T10:00 --duration 1h
	assert_success
	run berth lock workshop 2026-06-01T10:00:01 --duration 1h
	assert_success
	run berth book stylist 2031-06-01T10:00 --duration 1h
	assert_success
}

@test "min_notice: a start exactly at now + notice is allowed, a second earlier is refused" {
	seed
	berth -q policy set min_notice 2h
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T11:59:59 --duration 1h
	refuses 5 MIN_NOTICE -- lock stylist 2026-06-01T11:59:59 --duration 1h
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T10:00 --duration 1h
	refuses 5 MIN_NOTICE -- lock workshop +1h --duration 1h
	run berth book stylist 2026-06-01T12:00 --duration 1h
	assert_success
	run berth lock workshop 2026-06-01T12:00 --duration 1h
	assert_success
}

@test "min_notice: the message and details say the policy and the earliest start" {
	seed
	berth -q policy set min_notice 2h
	run --separate-stderr berth book stylist 2026-06-01T11:00 --duration 1h
	[ "$status" -eq 5 ]
	[ "$stderr" = "berth: MIN_NOTICE: stylist needs 2h notice; the earliest start is 2026-06-01T12:00:00+00:00" ]
	# in the resource's zone, with where the value comes from
	berth -q policy set min_notice 1d --resource concert
	err=$(error_json lock concert 2026-06-02T08:00 --duration 1h --seat 1)
	[ "$(echo "$err" | jq -r .error.code)" = MIN_NOTICE ]
	[ "$(echo "$err" | jq -c '.error.details | [.resource, .policy, .value, .scope, .start, .earliest_start]')" = \
		'["concert","min_notice","1d","concert","2026-06-02T08:00:00+02:00","2026-06-02T12:00:00+02:00"]' ]
}

@test "horizon: a start exactly at now + horizon is allowed, a second later is refused" {
	seed
	berth -q policy set horizon 30d
	refuses 5 BEYOND_HORIZON -- book stylist 2026-07-01T10:00:01 --duration 1h
	refuses 5 BEYOND_HORIZON -- lock stylist 2026-07-01T10:00:01 --duration 1h
	refuses 5 BEYOND_HORIZON -- book workshop 2027-01-01 --duration 1h
	run berth book stylist 2026-07-01T10:00 --duration 1h
	assert_success
	run berth lock workshop 2026-07-01T10:00 --duration 1h
	assert_success
	# the end may lie beyond it: the start is what is measured
	run berth book workshop 2026-07-01T09:00 --duration 1d
	assert_success
}

@test "horizon: the message and details say the policy and the latest start" {
	seed
	berth -q policy set horizon 30d --resource concert
	run --separate-stderr berth book concert 2026-07-02T20:00 --duration 1h --seat 2
	[ "$status" -eq 5 ]
	[ "$stderr" = "berth: BEYOND_HORIZON: concert takes claims up to 30d ahead; the latest start is 2026-07-01T12:00:00+02:00" ]
	err=$(error_json book concert 2026-07-02T20:00 --duration 1h --seat 2)
	[ "$(echo "$err" | jq -c '.error.details | [.resource, .policy, .value, .scope, .start, .latest_start]')" = \
		'["concert","horizon","30d","concert","2026-07-02T20:00:00+02:00","2026-07-01T12:00:00+02:00"]' ]
	# other resources follow the store's (off)
	run berth book stylist 2026-07-02T20:00 --duration 1h
	assert_success
}

@test "notice: the stricter of the store's and the resource's applies" {
	seed
	berth -q policy set min_notice 1h
	berth -q policy set min_notice 3h --resource stylist
	berth -q policy set horizon 30d
	berth -q policy set horizon 60d --resource stylist
	berth -q policy set horizon 7d --resource workshop
	# stylist: the resource's notice (larger), the store's horizon (shorter)
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T12:59 --duration 1h
	run berth book stylist 2026-06-01T13:00 --duration 1h
	assert_success
	refuses 5 BEYOND_HORIZON -- book stylist 2026-07-01T10:01 --duration 1h
	# workshop: the store's notice, its own horizon
	run berth book workshop 2026-06-01T11:00 --duration 1h
	assert_success
	refuses 5 MIN_NOTICE -- book workshop 2026-06-01T10:59 --duration 1h
	refuses 5 BEYOND_HORIZON -- book workshop 2026-06-08T10:00:01 --duration 1h
	run berth book workshop 2026-06-08T10:00 --duration 1h
	assert_success
	# a resource's 0 (off) never lifts the store's
	berth -q policy set min_notice 0s --resource workshop
	berth -q policy set horizon 0s --resource concert
	refuses 5 MIN_NOTICE -- book workshop 2026-06-01T10:59 --duration 1h
	refuses 5 BEYOND_HORIZON -- book concert 2026-07-02T20:00 --duration 1h --seat 1
}

@test "notice: unset lifts the rule" {
	seed
	berth -q policy set min_notice 2h --resource stylist
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T11:00 --duration 1h
	berth -q policy unset min_notice --resource stylist
	run berth book stylist 2026-06-01T11:00 --duration 1h
	assert_success
}

@test "notice: a start in the past is PAST, not MIN_NOTICE" {
	seed
	berth -q policy set min_notice 2h
	refuses 5 PAST -- book stylist 2026-06-01T09:59:59 --duration 1h
}

@test "notice: confirm checks only that the hold is live, not the notice" {
	seed
	h=$(field id -- lock stylist 2026-06-01T13:00 --duration 1h --ttl 2h)
	b=$(field id -- book workshop 2026-06-01T13:00 --duration 1h --pending)
	berth -q policy set min_notice 1d
	berth -q policy set horizon 1h
	run berth --format json confirm "$h" --now 2026-06-01T11:30Z
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	run berth --format json confirm "$b" --now 2026-06-01T10:20Z
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
}

@test "notice: a keyed retry replays its answer though the rule now refuses" {
	seed
	run --separate-stderr berth --format json book stylist 2026-06-01T11:00 --duration 1h --idempotency-key k1
	assert_success
	first=$output
	berth -q policy set min_notice 2h
	before=$(store_dump)
	run --separate-stderr berth --format json book stylist 2026-06-01T11:00 --duration 1h --idempotency-key k1
	assert_success
	[ "$output" = "$first" ]
	[ "$(store_dump)" = "$before" ]
	# a new key is a new claim, and the rule refuses it
	refuses 5 MIN_NOTICE -- book workshop 2026-06-01T11:00 --duration 1h --idempotency-key k2
}

@test "notice: a refused key was not stored, so the same request books once allowed" {
	seed
	berth -q policy set min_notice 2h
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T11:00 --duration 1h --idempotency-key k3
	berth -q policy unset min_notice
	run berth book stylist 2026-06-01T11:00 --duration 1h --idempotency-key k3
	assert_success
}

@test "notice: book --batch refuses each line on its own, with the code" {
	seed
	berth -q policy set min_notice 2h
	berth -q policy set horizon 30d
	before=$(audit_count)
	run --separate-stderr berth book --batch <<-'EOF'
		{"resource":"stylist","start":"2026-06-01T11:00Z","duration":"1h"}
		{"resource":"stylist","start":"2026-06-01T12:00Z","duration":"1h"}
		{"resource":"stylist","start":"2026-08-01T12:00Z","duration":"1h"}
	EOF
	[ "$status" -eq 5 ]
	[ "$(echo "$output" | jq -rs 'map(.error.code // .status) | join(",")')" = MIN_NOTICE,confirmed,BEYOND_HORIZON ]
	[ "$(echo "$output" | jq -rs '.[0].error.details.earliest_start')" = 2026-06-01T12:00:00+00:00 ]
	[ "$(audit_count)" = $((before + 1)) ]
}

@test "notice: --now moves the clock the rules read" {
	seed
	berth -q policy set min_notice 2h
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T15:00 --duration 1h --now 2026-06-01T13:00:01Z
	run berth book stylist 2026-06-01T15:00 --duration 1h --now 2026-06-01T13:00Z
	assert_success
}

@test "notice: the store check finds nothing after refusals" {
	seed
	berth -q policy set min_notice 2h
	berth -q policy set horizon 1d
	run berth book stylist 2026-06-01T11:00 --duration 1h
	run berth lock stylist 2026-06-03T11:00 --duration 1h
	run berth check
	assert_success
}
