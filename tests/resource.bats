#!/usr/bin/env bats
# berth resource add|list|show|set|rm: every field, every refusal.

bats_require_minimum_version 1.5.0
load helper

# A field of `resource show NAME` as json, compactly for objects.
res() { berth --format json resource show "$1" | jq -c -r ".$2"; }

@test "resource add: defaults" {
	berth init >/dev/null
	run --separate-stderr berth --format json resource add stylist
	assert_success
	[ "$(echo "$output" | jq -c '[.name,.capacity,.seats,.tz,.buffer,.slot,.location,.attrs]')" = '["stylist",1,0,"UTC","0s",null,null,{}]' ]
	[ "$(echo "$output" | jq -r .created_at)" = 2026-06-01T10:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .updated_at)" = 2026-06-01T10:00:00+00:00 ]
	# show prints the same record
	[ "$(berth --format json resource show stylist)" = "$output" ]
}

@test "resource add: every field" {
	berth init >/dev/null
	run berth --format json resource add bay1 --capacity 5 --tz Europe/Paris \
		--buffer 15m --slot 1h30m --location "Garage North" \
		--attr color=red --attr floor=2
	assert_success
	[ "$(res bay1 capacity)" = 5 ]
	[ "$(res bay1 seats)" = 0 ]
	[ "$(res bay1 tz)" = Europe/Paris ]
	[ "$(res bay1 buffer)" = 15m ]
	[ "$(res bay1 slot)" = 1h30m ]
	[ "$(res bay1 location)" = "Garage North" ]
	[ "$(res bay1 attrs)" = '{"color":"red","floor":"2"}' ]
	# times print in the resource's zone
	[ "$(res bay1 created_at)" = 2026-06-01T12:00:00+02:00 ]
}

@test "resource add: --seats sets the capacity" {
	berth init >/dev/null
	berth resource add hall --seats 40 >/dev/null
	[ "$(res hall seats)" = 40 ]
	[ "$(res hall capacity)" = 40 ]
	berth resource add hall2 --seats 10 --capacity 10 >/dev/null
	[ "$(res hall2 capacity)" = 10 ]
	[ "$(res hall2 seats)" = 10 ]
}

@test "resource add: limits are accepted" {
	berth init >/dev/null
	berth resource add big --capacity 1000000 >/dev/null
	[ "$(res big capacity)" = 1000000 ]
	n=$(printf 'a%.0s' $(seq 64))
	berth resource add "$n" >/dev/null
	[ "$(res "$n" name)" = "$n" ]
	berth resource add A.b_c-9 >/dev/null
	[ "$(res A.b_c-9 name)" = A.b_c-9 ]
}

@test "resource add: the zone defaults to the store's" {
	berth init --tz Asia/Tokyo >/dev/null
	berth resource add r1 >/dev/null
	[ "$(res r1 tz)" = Asia/Tokyo ]
}

@test "resource add: creates the store when missing" {
	run berth resource add stylist
	assert_success
	[ "$(res stylist name)" = stylist ]
}

@test "resource list: empty, then every resource in name order" {
	berth init >/dev/null
	run berth --format json resource list
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	seed
	run berth --format json resource list
	assert_success
	[ "$(echo "$output" | jq -r 'map(.name) | join(",")')" = concert,stylist,workshop ]
	[ "$(echo "$output" | jq -r 'map(.capacity) | join(",")')" = 100,1,3 ]
	run berth --format jsonl resource list
	[ "${#lines[@]}" -eq 3 ]
	run berth --format csv resource list
	assert_success
	[ "${lines[0]%%,*}" = name ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "resource set: each field" {
	seed
	berth resource set workshop --capacity 7 >/dev/null
	[ "$(res workshop capacity)" = 7 ]
	berth resource set workshop --tz America/New_York >/dev/null
	[ "$(res workshop tz)" = America/New_York ]
	berth resource set workshop --buffer 10m >/dev/null
	[ "$(res workshop buffer)" = 10m ]
	berth resource set workshop --slot 45m >/dev/null
	[ "$(res workshop slot)" = 45m ]
	berth resource set workshop --location "Room B" >/dev/null
	[ "$(res workshop location)" = "Room B" ]
	berth resource set workshop --attr level=beginner >/dev/null
	[ "$(res workshop attrs)" = '{"level":"beginner"}' ]
	# other fields did not move
	[ "$(res workshop capacity)" = 7 ]
	[ "$(res workshop tz)" = America/New_York ]
	[ "$(res workshop slot)" = 45m ]
}

@test "resource set: several fields at once, printed" {
	seed
	run berth --format json resource set workshop --capacity 4 --slot 2h --buffer 0s
	assert_success
	[ "$(echo "$output" | jq -c '[.capacity,.slot,.buffer]')" = '[4,"2h","0s"]' ]
	[ "$(res workshop capacity)" = 4 ]
}

@test "resource set: --attr merges, k= removes a key" {
	berth init >/dev/null
	berth resource add r1 --attr a=1 --attr b=2 >/dev/null
	berth resource set r1 --attr b=3 --attr c=4 >/dev/null
	[ "$(res r1 attrs)" = '{"a":"1","b":"3","c":"4"}' ]
	berth resource set r1 --attr a= >/dev/null
	[ "$(res r1 attrs)" = '{"b":"3","c":"4"}' ]
	berth resource set r1 --attr b= --attr c= >/dev/null
	[ "$(res r1 attrs)" = '{}' ]
}

@test "resource set: --location '' clears the location" {
	berth init >/dev/null
	berth resource add r1 --location Upstairs >/dev/null
	[ "$(res r1 location)" = Upstairs ]
	berth resource set r1 --location '' >/dev/null
	[ "$(res r1 location)" = null ]
}

@test "resource set: --seats makes a resource seated with that capacity" {
	seed
	berth resource set workshop --seats 12 >/dev/null
	[ "$(res workshop seats)" = 12 ]
	[ "$(res workshop capacity)" = 12 ]
	berth resource set concert --seats 120 >/dev/null
	[ "$(res concert capacity)" = 120 ]
}

@test "resource set: updated_at moves, created_at stays" {
	seed
	berth resource set stylist --capacity 2 --now 2026-06-02T08:00:00Z >/dev/null
	[ "$(res stylist created_at)" = 2026-06-01T10:00:00+00:00 ]
	[ "$(res stylist updated_at)" = 2026-06-02T08:00:00+00:00 ]
}

@test "resource set: changing capacity keeps existing bookings" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --quantity 3)
	berth resource set workshop --capacity 5 >/dev/null
	[ "$(field status -- show "$b")" = confirmed ]
	[ "$(field quantity -- show "$b")" = 3 ]
	run berth book workshop 2026-06-10T09:00 --duration 1h --quantity 2
	assert_success
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:00 --duration 1h
}

@test "resource rm: removes it" {
	seed
	run --separate-stderr berth --format json resource rm stylist
	assert_success
	[ "$(echo "$output" | jq -r .name)" = stylist ]
	refuses 3 NOT_FOUND -- resource show stylist
	[ "$(berth --format json resource list | jq -r 'map(.name) | join(",")')" = concert,workshop ]
}

@test "resource rm: the name can be used again" {
	seed
	berth resource rm stylist >/dev/null
	run berth resource add stylist --capacity 2
	assert_success
	[ "$(res stylist capacity)" = 2 ]
}

@test "resource rm: past bookings do not block" {
	seed
	berth book stylist 2026-06-02T09:00 --duration 1h >/dev/null
	refuses 4 IN_USE -- resource rm stylist --now 2026-06-02T09:59:59Z
	run berth resource rm stylist --now 2026-06-02T10:00:00Z
	assert_success
}

# --- refusals ---

@test "resource add: duplicate name is ALREADY_EXISTS" {
	seed
	refuses 4 ALREADY_EXISTS -- resource add stylist
	refuses 4 ALREADY_EXISTS -- resource add workshop --capacity 9
	[ "$(res workshop capacity)" = 3 ]
}

@test "resource add: bad names" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add 'a b'
	refuses 2 INVALID_ARGUMENT -- resource add ' lead'
	refuses 2 INVALID_ARGUMENT -- resource add -x
	refuses 2 INVALID_ARGUMENT -- resource add -- -x
	refuses 2 INVALID_ARGUMENT -- resource add -- -
	refuses 2 INVALID_ARGUMENT -- resource add _x
	refuses 2 INVALID_ARGUMENT -- resource add .x
	refuses 2 INVALID_ARGUMENT -- resource add ''
	refuses 2 INVALID_ARGUMENT -- resource add "$(printf 'a%.0s' $(seq 65))"
	refuses 2 INVALID_ARGUMENT -- resource add café
	refuses 2 INVALID_ARGUMENT -- resource add 'é'
	refuses 2 INVALID_ARGUMENT -- resource add 'a/b'
	refuses 2 INVALID_ARGUMENT -- resource add "$(printf 'a\tb')"
	[ "$(berth --format json resource list | jq length)" = 0 ]
}

@test "resource add: bad capacity" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 0
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity -1
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 1000001
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity abc
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 1.5
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity ''
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 99999999999999999999
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity
}

@test "resource add: bad seats, and seats that disagree with capacity" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --seats 0
	refuses 2 INVALID_ARGUMENT -- resource add r1 --seats -3
	refuses 2 INVALID_ARGUMENT -- resource add r1 --seats 100001
	refuses 2 INVALID_ARGUMENT -- resource add r1 --seats x
	refuses 2 INVALID_ARGUMENT -- resource add r1 --seats 10 --capacity 5
	refuses 2 INVALID_ARGUMENT -- resource add r1 --capacity 11 --seats 10
}

@test "resource add: unknown time zone" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --tz Mars/Olympus_Mons
	refuses 2 INVALID_ARGUMENT -- resource add r1 --tz ''
	refuses 2 INVALID_ARGUMENT -- resource add r1 --tz ../../etc/passwd
}

@test "resource add: bad durations" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --buffer 5x
	refuses 2 INVALID_ARGUMENT -- resource add r1 --buffer abc
	refuses 2 INVALID_ARGUMENT -- resource add r1 --buffer -5m
	refuses 2 INVALID_ARGUMENT -- resource add r1 --buffer ''
	refuses 2 INVALID_ARGUMENT -- resource add r1 --slot 1h30
	refuses 2 INVALID_ARGUMENT -- resource add r1 --slot -1h
	refuses 2 INVALID_ARGUMENT -- resource add r1 --slot m
}

@test "resource add: a bad duration's message names it once" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --buffer 5x
	[[ $stderr == *"duration '5x'"* ]]
	[[ $stderr != *"--buffer: --buffer"* ]]
}

@test "resource add: bad attributes and location" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr novalue
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr =v
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr k=
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr 'a b=1'
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr a=1 --attr a=2
	refuses 2 INVALID_ARGUMENT -- resource add r1 --attr "k=$(printf 'a\033[31m')"
	refuses 2 INVALID_ARGUMENT -- resource add r1 --location "$(printf 'x%.0s' $(seq 257))"
	refuses 2 INVALID_ARGUMENT -- resource add r1 --location "$(printf 'a\nb')"
}

@test "resource add: unknown option, missing and extra operands" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- resource add r1 --colour red
	refuses 2 INVALID_ARGUMENT -- resource add
	refuses 2 INVALID_ARGUMENT -- resource add r1 r2
	refuses 2 INVALID_ARGUMENT -- resource frobnicate r1
	refuses 2 INVALID_ARGUMENT -- resource
}

@test "resource show/set/rm: unknown resource is NOT_FOUND" {
	seed
	refuses 3 NOT_FOUND -- resource show nope
	refuses 3 NOT_FOUND -- resource set nope --capacity 2
	refuses 3 NOT_FOUND -- resource rm nope
	refuses 3 NOT_FOUND -- resource show Stylist
}

@test "resource set: nothing to change" {
	seed
	refuses 2 INVALID_ARGUMENT -- resource set stylist
	refuses 2 INVALID_ARGUMENT -- resource set nope
}

@test "resource set: bad values are refused and change nothing" {
	seed
	refuses 2 INVALID_ARGUMENT -- resource set workshop --capacity 0
	refuses 2 INVALID_ARGUMENT -- resource set workshop --capacity 1000001
	refuses 2 INVALID_ARGUMENT -- resource set workshop --capacity abc
	refuses 2 INVALID_ARGUMENT -- resource set workshop --tz Nowhere/Land
	refuses 2 INVALID_ARGUMENT -- resource set workshop --buffer 5x
	refuses 2 INVALID_ARGUMENT -- resource set workshop --slot -5m
	refuses 2 INVALID_ARGUMENT -- resource set workshop --attr novalue
	refuses 2 INVALID_ARGUMENT -- resource set workshop --capacity 4 --tz Nowhere/Land
	# a seated resource's capacity is its seats
	refuses 2 INVALID_ARGUMENT -- resource set concert --capacity 50
	refuses 2 INVALID_ARGUMENT -- resource set concert --seats 0
	[ "$(res workshop capacity)" = 3 ]
	[ "$(res concert capacity)" = 100 ]
}

@test "resource show/rm: operands" {
	seed
	refuses 2 INVALID_ARGUMENT -- resource show
	refuses 2 INVALID_ARGUMENT -- resource rm
	refuses 2 INVALID_ARGUMENT -- resource rm stylist workshop
	refuses 2 INVALID_ARGUMENT -- resource rm stylist --capacity 3
}

@test "resource rm: a future booking makes it IN_USE, until cancelled" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	refuses 4 IN_USE -- resource rm workshop
	berth cancel "$b" >/dev/null
	run berth resource rm workshop
	assert_success
	refuses 3 NOT_FOUND -- resource show workshop
}

@test "resource rm: a pending booking makes it IN_USE until it times out" {
	seed
	berth book workshop 2026-06-10T09:00 --duration 1h --pending >/dev/null
	refuses 4 IN_USE -- resource rm workshop
	refuses 4 IN_USE -- resource rm workshop --now 2026-06-01T10:29:59Z
	run berth resource rm workshop --now 2026-06-01T10:30:00Z
	assert_success
}

@test "resource rm: a booking under way makes it IN_USE" {
	seed
	berth book stylist 2026-06-01T11:00 --duration 2h >/dev/null
	refuses 4 IN_USE -- resource rm stylist --now 2026-06-01T12:00:00Z
}

@test "resource rm: a live hold makes it IN_USE until it expires" {
	seed
	berth lock stylist 2026-06-10T09:00 --duration 1h >/dev/null
	refuses 4 IN_USE -- resource rm stylist
	refuses 4 IN_USE -- resource rm stylist --now 2026-06-01T10:04:59Z
	# expired at 10:05, not yet swept by berth expire
	run berth resource rm stylist --now 2026-06-01T10:05:00Z
	assert_success
}

@test "resource rm: a released hold does not block" {
	seed
	h=$(field id -- lock concert 2026-06-10T20:00 --duration 2h --seat 5)
	refuses 4 IN_USE -- resource rm concert
	berth release "$h" >/dev/null
	run berth resource rm concert
	assert_success
}

@test "resource rm: a confirmed hold is a booking, still IN_USE" {
	seed
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h)
	berth confirm "$h" >/dev/null
	# the hold's TTL no longer matters: the booking is confirmed
	refuses 4 IN_USE -- resource rm workshop --now 2026-06-01T11:00:00Z
}
