#!/usr/bin/env bats
# berth service add|list|show|set|rm: services kept in the store with an
# exact price, audited, held by check, and every bad input refused with
# nothing written.

bats_require_minimum_version 1.5.0
load helper

svc_seed() {
	berth init >/dev/null
	berth resource add chair1 --location north >/dev/null
	berth resource add chair2 --location south >/dev/null
	berth resource add chair3 --location north --buffer 5m >/dev/null
}

@test "service add: duration, buffer, exact price and resources, shown in every format" {
	svc_seed
	run berth --format json service add cut --duration 45m --buffer 10m --price 75 --resources chair1,chair2
	assert_success
	[ "$(echo "$output" | jq -r '"\(.name) \(.duration) \(.buffer) \(.price) \(.resources | join(","))"')" = \
		"cut 45m 10m 75.00 chair1,chair2" ]
	berth -q service add dye --duration 2h --price 0.1
	[ "$(berth --format json service show dye | jq -r '"\(.buffer) \(.price) \(.resources | length)"')" = "null 0.10 0" ]
	berth -q service add trim --duration 15m --price 19.99
	[ "$(berth --format json service show trim | jq -r .price)" = 19.99 ]
	[ "$(berth --format jsonl service list | jq -r .name | paste -sd,)" = cut,dye,trim ]
	[ "$(berth --format csv service list | head -1 | tr -d "\r")" = "name,duration,buffer,price,resources,created_at,updated_at" ]
	[ "$(berth --format json audit service/cut | jq -r '.[0].action + " " + .[0].after.price')" = "service.created 75.00" ]
	run berth check
	assert_success
}

@test "service set: changes only what is given; --price none or --buffer none takes it away; audited" {
	svc_seed
	berth -q service add cut --duration 45m --buffer 10m --price 75.00 --resources chair1
	berth -q --now 2026-06-02T10:00:00Z service set cut --duration 1h --resources chair2,chair3
	run berth --format json service show cut
	[ "$(echo "$output" | jq -r '"\(.duration) \(.buffer) \(.price) \(.resources | join(","))"')" = "1h 10m 75.00 chair2,chair3" ]
	[ "$(echo "$output" | jq -r .updated_at)" = 2026-06-02T10:00:00+00:00 ]
	berth -q service set cut --price none --buffer none
	[ "$(berth --format json service show cut | jq -r '"\(.buffer) \(.price)"')" = "null null" ]
	[ "$(berth --format json audit service/cut | jq -r 'map(.action) | join(",")')" = service.created,service.changed,service.changed ]
	[ "$(berth audit service/cut | tail -1)" != "" ]
	[ "$(berth --format json audit service/cut | jq -r '.[1].changes')" = "duration 45m->1h, resources" ]
	run berth check
	assert_success
}

@test "service rm: removed and audited; a service and a resource may share a name" {
	svc_seed
	berth -q service add chair1 --duration 30m
	berth -q service rm chair1
	[ "$(berth --format jsonl service list | wc -l)" -eq 0 ]
	[ "$(berth --format json audit service/chair1 | jq -r 'map(.action) | join(",")')" = service.created,service.removed ]
	berth -q resource show chair1
	run berth check
	assert_success
}

@test "service: a resource removed later leaves the service as it is, and check is clean" {
	svc_seed
	berth -q service add cut --duration 45m --resources chair1,chair2
	berth -q resource rm chair2
	[ "$(berth --format json service show cut | jq -r '.resources | join(",")')" = chair1,chair2 ]
	run berth check
	assert_success
}

@test "service add: refusals" {
	svc_seed
	berth -q service add cut --duration 45m
	refuses 2 INVALID_ARGUMENT -- service add x
	refuses 2 INVALID_ARGUMENT -- service add x --duration 0
	refuses 2 INVALID_ARGUMENT -- service add x --duration soon
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --buffer -5m
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price 1.234
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price -1
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price 1,5
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price 1.
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price 99999999999999
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --resources chair1,chair1
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --resources 'chair1,bad name'
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --resources chair1,
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --resources ,
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --resources ''
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --price ''
	refuses 2 INVALID_ARGUMENT -- service add x --duration 1h --buffer ''
	refuses 2 INVALID_ARGUMENT -- service add 'bad name' --duration 1h
	refuses 2 INVALID_ARGUMENT -- service add
	refuses 3 NOT_FOUND -- service add x --duration 1h --resources chair1,nope
	refuses 4 ALREADY_EXISTS -- service add cut --duration 1h
	[ "$(berth --format jsonl service list | wc -l)" -eq 1 ]
}

@test "service show, set, rm: refusals" {
	svc_seed
	berth -q service add cut --duration 45m --resources chair1
	refuses 3 NOT_FOUND -- service show nope
	refuses 3 NOT_FOUND -- service set nope --duration 1h
	refuses 3 NOT_FOUND -- service rm nope
	refuses 2 INVALID_ARGUMENT -- service show 'bad name'
	refuses 2 INVALID_ARGUMENT -- service set cut
	refuses 2 INVALID_ARGUMENT -- service set cut --price 3.001
	refuses 2 INVALID_ARGUMENT -- service set cut --duration 0
	refuses 2 INVALID_ARGUMENT -- service set cut --duration none
	refuses 3 NOT_FOUND -- service set cut --resources chair1,ghost
	refuses 2 INVALID_ARGUMENT -- service rm
	[ "$(berth --format json service show cut | jq -r '"\(.duration) \(.resources | join(","))"')" = "45m chair1" ]
}

@test "service: check finds a record that is not what its last audit record says, and one gone" {
	svc_seed
	berth -q service add cut --duration 45m --resources chair1
	berth -q service add dye --duration 2h
	damage service delete
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	[[ "$output$stderr" == *"last audit record"* ]]
}

@test "service: check holds a record against its last audit record and its resources against those there were" {
	svc_seed
	berth -q service add cut --duration 45m --price 75.00 --resources chair1
	# the price's last byte changed, sealed again: it reads, but is not
	# what service.created wrote
	damage service flip 31 --reseal
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	[[ "$output$stderr" == *"is not what its last audit record"* ]]
	# a resource that never was, in a record sealed as berth would
	store_rm
	svc_seed
	berth -q service add cut --duration 45m --resources chair1
	v=$(damage dump service | cut -d' ' -f2)
	damage service set "${v//636861697231/636861697239}" --reseal
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	[[ "$output$stderr" == *"names resource 'chair9', which never was"* ]]
}
