#!/usr/bin/env bats
# berth policy set|list: defaults, store-wide and per-resource values, and
# the two policies that lock and book read (hold_ttl, pending_timeout).

bats_require_minimum_version 1.5.0
load helper

# key=value,... of `policy list [ARGS]`
policies() {
	berth --format json policy list "$@" |
		jq -r 'map("\(.key)=\(.value)") | join(",")'
}

# the record of one key in `policy list [ARGS]`
policy() {
	local key=$1
	shift
	berth --format json policy list "$@" |
		jq -c --arg k "$key" '.[] | select(.key == $k) | [.value, .scope, .source]'
}

@test "policy list: the defaults" {
	berth init >/dev/null
	[ "$(policies)" = "hold_ttl=5m,pending_timeout=30m,min_notice=2h,horizon=90d,cancel_deadline=1d,reschedule_deadline=2h,max_reschedules=3,max_active_per_customer=0" ]
	run berth --format json policy list
	assert_success
	[ "$(echo "$output" | jq -r 'map(.source) | unique | join(",")')" = default ]
	[ "$(echo "$output" | jq -r 'map(.scope) | unique | join(",")')" = store ]
	# numbers are numbers, durations are strings
	[ "$(echo "$output" | jq -r '.[] | select(.key=="max_reschedules") | .value | type')" = number ]
	[ "$(echo "$output" | jq -r '.[] | select(.key=="hold_ttl") | .value | type')" = string ]
}

@test "policy list: a resource with nothing of its own shows the store's" {
	seed
	[ "$(policies --resource workshop)" = "$(policies)" ]
}

@test "policy set: store-wide" {
	berth init >/dev/null
	run berth --format json policy set hold_ttl 10m
	assert_success
	[ "$(echo "$output" | jq -c '[.key,.value,.scope,.source]')" = '["hold_ttl","10m","store","set"]' ]
	[ "$(policy hold_ttl)" = '["10m","store","set"]' ]
	[ "$(policy pending_timeout)" = '["30m","store","default"]' ]
	berth policy set max_reschedules 0 >/dev/null
	[ "$(policy max_reschedules)" = '[0,"store","set"]' ]
	berth policy set max_active_per_customer 4 >/dev/null
	[ "$(policy max_active_per_customer)" = '[4,"store","set"]' ]
	berth policy set pending_timeout 1h30m >/dev/null
	[ "$(policy pending_timeout)" = '["1h30m","store","set"]' ]
	# set again: the new value replaces the old
	berth policy set hold_ttl 2m >/dev/null
	[ "$(policy hold_ttl)" = '["2m","store","set"]' ]
}

@test "policy set: per resource, and the resource's value wins" {
	seed
	berth policy set hold_ttl 10m >/dev/null
	run berth --format json policy set hold_ttl 2m --resource workshop
	assert_success
	[ "$(echo "$output" | jq -c '[.key,.value,.scope]')" = '["hold_ttl","2m","workshop"]' ]
	[ "$(policy hold_ttl --resource workshop)" = '["2m","workshop","set"]' ]
	# the store's value is unchanged, and other resources follow it
	[ "$(policy hold_ttl)" = '["10m","store","set"]' ]
	[ "$(policy hold_ttl --resource stylist)" = '["10m","store","set"]' ]
	# the store's value changing later does not override the resource's
	berth policy set hold_ttl 20m >/dev/null
	[ "$(policy hold_ttl --resource workshop)" = '["2m","workshop","set"]' ]
	[ "$(policy hold_ttl --resource stylist)" = '["20m","store","set"]' ]
}

@test "hold_ttl: the default drives a new hold's expires_at" {
	seed
	[ "$(field expires_at -- lock stylist 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:05:00+00:00 ]
}

@test "hold_ttl: the store's value drives a new hold's expires_at" {
	seed
	berth policy set hold_ttl 15m >/dev/null
	[ "$(field expires_at -- lock stylist 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:15:00+00:00 ]
	# printed in the resource's zone
	[ "$(field expires_at -- lock concert 2026-06-10T20:00 --duration 1h)" = 2026-06-01T12:15:00+02:00 ]
}

@test "hold_ttl: the resource's value wins over the store's" {
	seed
	berth policy set hold_ttl 15m >/dev/null
	berth policy set hold_ttl 1h --resource workshop >/dev/null
	[ "$(field expires_at -- lock workshop 2026-06-10T09:00 --duration 1h)" = 2026-06-01T11:00:00+00:00 ]
	[ "$(field expires_at -- lock stylist 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:15:00+00:00 ]
}

@test "hold_ttl: --ttl overrides the policy" {
	seed
	berth policy set hold_ttl 1h --resource workshop >/dev/null
	[ "$(field expires_at -- lock workshop 2026-06-10T09:00 --duration 1h --ttl 90s)" = 2026-06-01T10:01:30+00:00 ]
}

@test "hold_ttl: a hold expires by it, whether or not expire ran" {
	seed
	berth policy set hold_ttl 2m --resource stylist >/dev/null
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h --now 2026-06-01T10:01:59Z
	[ "$(field status -- show "$h" --now 2026-06-01T10:02:00Z)" = expired ]
	run berth book stylist 2026-06-10T09:00 --duration 1h --now 2026-06-01T10:02:00Z
	assert_success
}

@test "hold_ttl: changing it leaves existing holds as they were" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth policy set hold_ttl 1h >/dev/null
	berth policy set hold_ttl 1h --resource stylist >/dev/null
	[ "$(field expires_at -- show "$h")" = 2026-06-01T10:05:00+00:00 ]
}

@test "pending_timeout: the default drives a pending booking's expires_at" {
	seed
	run berth --format json book workshop 2026-06-10T09:00 --duration 1h --pending
	assert_success
	[ "$(echo "$output" | jq -r .status)" = pending ]
	[ "$(echo "$output" | jq -r .expires_at)" = 2026-06-01T10:30:00+00:00 ]
}

@test "pending_timeout: store-wide and per resource" {
	seed
	berth policy set pending_timeout 2h >/dev/null
	berth policy set pending_timeout 10m --resource stylist >/dev/null
	[ "$(field expires_at -- book workshop 2026-06-10T09:00 --duration 1h --pending)" = 2026-06-01T12:00:00+00:00 ]
	[ "$(field expires_at -- book stylist 2026-06-10T09:00 --duration 1h --pending)" = 2026-06-01T10:10:00+00:00 ]
	[ "$(field expires_at -- book concert 2026-06-10T20:00 --duration 1h --pending)" = 2026-06-01T14:00:00+02:00 ]
}

@test "pending_timeout: not for holds, and not for confirmed bookings" {
	seed
	berth policy set pending_timeout 2h >/dev/null
	[ "$(field expires_at -- lock workshop 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:05:00+00:00 ]
	[ "$(field expires_at -- book workshop 2026-06-10T09:00 --duration 1h)" = null ]
}

@test "pending_timeout: a pending booking stops counting by it" {
	seed
	berth policy set pending_timeout 10m --resource stylist >/dev/null
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h --now 2026-06-01T10:09:59Z
	[ "$(field status -- show "$b" --now 2026-06-01T10:10:00Z)" = expired ]
	run berth book stylist 2026-06-10T09:00 --duration 1h --now 2026-06-01T10:10:00Z
	assert_success
}

@test "policy set: writes one audit record" {
	berth init >/dev/null
	berth policy set hold_ttl 10m >/dev/null
	run berth --format json audit --action policy.set
	assert_success
	[ "$(echo "$output" | jq length)" = 1 ]
}

# --- refusals ---

@test "policy set: unknown key" {
	seed
	refuses 2 INVALID_ARGUMENT -- policy set hold_tll 5m
	refuses 2 INVALID_ARGUMENT -- policy set HOLD_TTL 5m
	refuses 2 INVALID_ARGUMENT -- policy set '' 5m
	refuses 2 INVALID_ARGUMENT -- policy set no_such 5m --resource workshop
}

@test "policy set: bad values" {
	seed
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl abc
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 5
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 5x
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl -5m
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl ''
	refuses 2 INVALID_ARGUMENT -- policy set pending_timeout 1h30
	refuses 2 INVALID_ARGUMENT -- policy set max_reschedules x
	refuses 2 INVALID_ARGUMENT -- policy set max_reschedules 1.5
	refuses 2 INVALID_ARGUMENT -- policy set max_reschedules -1
	refuses 2 INVALID_ARGUMENT -- policy set max_reschedules 1000001
	refuses 2 INVALID_ARGUMENT -- policy set max_reschedules 3h
	refuses 2 INVALID_ARGUMENT -- policy set max_active_per_customer ''
	[ "$(policies)" = "hold_ttl=5m,pending_timeout=30m,min_notice=2h,horizon=90d,cancel_deadline=1d,reschedule_deadline=2h,max_reschedules=3,max_active_per_customer=0" ]
}

@test "policy set: zero hold_ttl and zero pending_timeout" {
	seed
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0s
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0m
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0s --resource workshop
	refuses 2 INVALID_ARGUMENT -- policy set pending_timeout 0h
	[ "$(policy hold_ttl)" = '["5m","store","default"]' ]
}

@test "policy set: zero where zero means something is allowed" {
	berth init >/dev/null
	run berth policy set min_notice 0s
	assert_success
	[ "$(policy min_notice)" = '["0s","store","set"]' ]
}

@test "policy set: a refused value keeps the one in force" {
	seed
	berth policy set hold_ttl 10m --resource workshop >/dev/null
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0s --resource workshop
	[ "$(policy hold_ttl --resource workshop)" = '["10m","workshop","set"]' ]
	[ "$(field expires_at -- lock workshop 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:10:00+00:00 ]
}

@test "policy set/list: unknown resource" {
	seed
	refuses 3 NOT_FOUND -- policy set hold_ttl 5m --resource nope
	refuses 3 NOT_FOUND -- policy list --resource nope
}

@test "policy: operands and options" {
	seed
	refuses 2 INVALID_ARGUMENT -- policy set
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 5m extra
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 5m --scope workshop
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 5m --resource
	refuses 2 INVALID_ARGUMENT -- policy list extra
	refuses 2 INVALID_ARGUMENT -- policy drop hold_ttl
}
