#!/usr/bin/env bats
# berth policy set|unset|list: defaults, store-wide and per-resource values,
# which of them is in force, and the two policies that lock and book read
# for a claim's length of life (hold_ttl, pending_timeout). Minimum notice
# and horizon are enforced in notice.bats.

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
	[ "$(policies)" = "hold_ttl=5m,pending_timeout=30m,offer_ttl=2h,min_notice=0s,horizon=0s,cancel_deadline=0s,reschedule_deadline=0s,max_reschedules=0,max_active_per_customer=0,max_per_customer_per_day=0,require_payment=false" ]
	run berth --format json policy list
	assert_success
	[ "$(echo "$output" | jq -r 'map(.source) | unique | join(",")')" = default ]
	[ "$(echo "$output" | jq -r 'map(.scope) | unique | join(",")')" = store ]
	# numbers are numbers, durations are strings
	[ "$(echo "$output" | jq -r '.[] | select(.key=="max_reschedules") | .value | type')" = number ]
	[ "$(echo "$output" | jq -r '.[] | select(.key=="hold_ttl") | .value | type')" = string ]
	[ "$(echo "$output" | jq -r '.[] | select(.key=="require_payment") | .value | type')" = boolean ]
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

# --- which value is in force: a length, the resource's; a limit, the
# strictest of the store's and the resource's ---

@test "policy list: a limit in force is the strictest, and says where it comes from" {
	seed
	# min_notice and the deadlines: the largest
	berth -q policy set min_notice 2h
	berth -q policy set min_notice 1h --resource workshop
	berth -q policy set min_notice 3h --resource stylist
	[ "$(policy min_notice --resource workshop)" = '["2h","store","set"]' ]
	[ "$(policy min_notice --resource stylist)" = '["3h","stylist","set"]' ]
	[ "$(policy min_notice --resource concert)" = '["2h","store","set"]' ]
	[ "$(policy min_notice)" = '["2h","store","set"]' ]
	berth -q policy set cancel_deadline 1d --resource stylist
	berth -q policy set cancel_deadline 2d
	[ "$(policy cancel_deadline --resource stylist)" = '["2d","store","set"]' ]
	berth -q policy set reschedule_deadline 3h --resource stylist
	berth -q policy set reschedule_deadline 2h
	[ "$(policy reschedule_deadline --resource stylist)" = '["3h","stylist","set"]' ]
	# horizon: the shortest that is not 0 (off)
	berth -q policy set horizon 90d
	berth -q policy set horizon 30d --resource stylist
	berth -q policy set horizon 120d --resource workshop
	berth -q policy set horizon 0s --resource concert
	[ "$(policy horizon --resource stylist)" = '["30d","stylist","set"]' ]
	[ "$(policy horizon --resource workshop)" = '["90d","store","set"]' ]
	[ "$(policy horizon --resource concert)" = '["90d","store","set"]' ]
	berth -q policy unset horizon
	[ "$(policy horizon --resource workshop)" = '["120d","workshop","set"]' ]
	[ "$(policy horizon --resource concert)" = '["0s","concert","set"]' ]
	# the max_ limits: the smallest that is not 0 (no limit)
	berth -q policy set max_reschedules 3
	berth -q policy set max_reschedules 5 --resource stylist
	berth -q policy set max_reschedules 1 --resource workshop
	berth -q policy set max_reschedules 0 --resource concert
	[ "$(policy max_reschedules --resource stylist)" = '[3,"store","set"]' ]
	[ "$(policy max_reschedules --resource workshop)" = '[1,"workshop","set"]' ]
	[ "$(policy max_reschedules --resource concert)" = '[3,"store","set"]' ]
	berth -q policy set max_active_per_customer 2 --resource stylist
	[ "$(policy max_active_per_customer --resource stylist)" = '[2,"stylist","set"]' ]
	[ "$(policy max_active_per_customer)" = '[0,"store","default"]' ]
	# the same value on both: the resource's own
	berth -q policy set max_active_per_customer 2
	[ "$(policy max_active_per_customer --resource stylist)" = '[2,"stylist","set"]' ]
}

@test "policy list: hold_ttl and pending_timeout are the resource's own, longer or shorter" {
	seed
	berth -q policy set hold_ttl 10m
	berth -q policy set hold_ttl 1h --resource stylist
	berth -q policy set pending_timeout 1h
	berth -q policy set pending_timeout 5m --resource stylist
	[ "$(policy hold_ttl --resource stylist)" = '["1h","stylist","set"]' ]
	[ "$(policy pending_timeout --resource stylist)" = '["5m","stylist","set"]' ]
	[ "$(policy hold_ttl --resource workshop)" = '["10m","store","set"]' ]
}

# --- unset ---

@test "policy unset: the store's value goes back to the default" {
	berth init >/dev/null
	berth -q policy set hold_ttl 10m
	berth -q policy set min_notice 2h
	run --separate-stderr berth --format json policy unset hold_ttl
	assert_success
	# it prints the value now in force
	[ "$(echo "$output" | jq -c '[.key,.value,.scope,.source]')" = '["hold_ttl","5m","store","default"]' ]
	[ "$(policy hold_ttl)" = '["5m","store","default"]' ]
	[ "$(policy min_notice)" = '["2h","store","set"]' ]
	berth -q policy unset min_notice
	[ "$(policies)" = "hold_ttl=5m,pending_timeout=30m,offer_ttl=2h,min_notice=0s,horizon=0s,cancel_deadline=0s,reschedule_deadline=0s,max_reschedules=0,max_active_per_customer=0,max_per_customer_per_day=0,require_payment=false" ]
}

@test "policy unset --resource: the resource follows the store's again" {
	seed
	berth -q policy set hold_ttl 10m
	berth -q policy set hold_ttl 1h --resource workshop
	berth -q policy set min_notice 3h --resource workshop
	run --separate-stderr berth --format json policy unset hold_ttl --resource workshop
	assert_success
	[ "$(echo "$output" | jq -c '[.key,.value,.scope,.source]')" = '["hold_ttl","10m","store","set"]' ]
	[ "$(policy hold_ttl --resource workshop)" = '["10m","store","set"]' ]
	[ "$(field expires_at -- lock workshop 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:10:00+00:00 ]
	# the store's own value is untouched
	[ "$(policy hold_ttl)" = '["10m","store","set"]' ]
	[ "$(policy min_notice --resource workshop)" = '["3h","workshop","set"]' ]
	berth -q policy unset min_notice --resource workshop
	[ "$(policy min_notice --resource workshop)" = '["0s","store","default"]' ]
	# and it can be set again
	berth -q policy set hold_ttl 2m --resource workshop
	[ "$(policy hold_ttl --resource workshop)" = '["2m","workshop","set"]' ]
	run berth check
	assert_success
}

@test "policy unset: one audit record, before the value and after none" {
	seed
	berth -q policy set min_notice 2h --resource stylist
	before=$(audit_count)
	berth -q policy unset min_notice --resource stylist
	[ "$(audit_count)" = $((before + 1)) ]
	run berth --format json audit --action policy.unset
	assert_success
	[ "$(echo "$output" | jq length)" = 1 ]
	[ "$(echo "$output" | jq -c '.[0] | [.entity, .before.key, .before.scope, .before.value, .after]')" = \
		'["policy/min_notice/stylist","min_notice","stylist",7200,null]' ]
	run berth audit verify
	assert_success
	run berth check
	assert_success
}

@test "policy unset: a key not set is a no-op that writes nothing" {
	seed
	berth -q policy set hold_ttl 10m
	before=$(store_dump)
	run --separate-stderr berth --format json policy unset hold_ttl --resource stylist
	assert_success
	[ "$(echo "$output" | jq -c '[.key,.value,.scope,.source]')" = '["hold_ttl","10m","store","set"]' ]
	run --separate-stderr berth policy unset min_notice
	assert_success
	[ "$(store_dump)" = "$before" ]
}

@test "policy unset: refusals" {
	seed
	berth -q policy set min_notice 1h --resource stylist
	refuses 2 INVALID_ARGUMENT -- policy unset
	refuses 2 INVALID_ARGUMENT -- policy unset no_such
	refuses 2 INVALID_ARGUMENT -- policy unset MIN_NOTICE --resource stylist
	refuses 2 INVALID_ARGUMENT -- policy unset min_notice 1h --resource stylist
	refuses 2 INVALID_ARGUMENT -- policy unset min_notice --resource
	refuses 3 NOT_FOUND -- policy unset min_notice --resource nope
	[ "$(policy min_notice --resource stylist)" = '["1h","stylist","set"]' ]
}

@test "policy unset: no store is NOT_FOUND, and none is made" {
	refuses 3 NOT_FOUND -- policy unset hold_ttl
	[ ! -e "$BERTH_DB" ]
}

# --- require_payment ---

@test "require_payment: true or false, stored, the strictest in force" {
	seed
	run --separate-stderr berth --format json policy set require_payment true
	assert_success
	[ "$(echo "$output" | jq -c '[.key,.value,.scope,.source]')" = '["require_payment",true,"store","set"]' ]
	berth -q policy set require_payment false --resource stylist
	[ "$(policy require_payment --resource stylist)" = '[true,"store","set"]' ]
	berth -q policy set require_payment false
	[ "$(policy require_payment)" = '[false,"store","set"]' ]
	berth -q policy set require_payment true --resource workshop
	[ "$(policy require_payment --resource workshop)" = '[true,"workshop","set"]' ]
	[ "$(policy require_payment --resource stylist)" = '[false,"stylist","set"]' ]
	run berth --format tsv policy list --resource workshop
	assert_line $'require_payment\ttrue\tworkshop\tset'
	run berth check
	assert_success
}

@test "require_payment: anything but true or false is refused" {
	seed
	for v in 1 0 yes no TRUE False '' 5m; do
		refuses 2 INVALID_ARGUMENT -- policy set require_payment "$v"
	done
	[ "$(policy require_payment)" = '[false,"store","default"]' ]
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
	[ "$(policies)" = "hold_ttl=5m,pending_timeout=30m,offer_ttl=2h,min_notice=0s,horizon=0s,cancel_deadline=0s,reschedule_deadline=0s,max_reschedules=0,max_active_per_customer=0,max_per_customer_per_day=0,require_payment=false" ]
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
