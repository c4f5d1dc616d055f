#!/usr/bin/env bats
# details: the JSON error object's "details" carries what a script needs to
# act on a refusal, per code (berth(1), ERRORS); table, csv and tsv keep the
# one line `berth: CODE: message`.

load helper
bats_require_minimum_version 1.5.0

# details ARGS...: runs berth --format json ARGS, which must fail, and puts
# the error's details (compact JSON) in $details.
details() {
	run --separate-stderr berth --format json "$@"
	[ "$status" -ne 0 ] || { echo "expected a refusal: $output" >&2; return 1; }
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || { echo "not one line: $stderr" >&2; return 1; }
	details=$(printf '%s\n' "$stderr" | jq -c .error.details)
}

# --- SEAT_TAKEN ---

@test "details: SEAT_TAKEN names every taken seat and the claim holding it" {
	seed
	b=$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4)
	h=$(field id -- lock concert 2026-06-15T21:00 --duration 1h --seat 7)
	refuses 4 SEAT_TAKEN -- --format json book concert 2026-06-15T20:00 --duration 3h --seat 2,3,7,9
	details="$(printf '%s\n' "$stderr" | jq -c .error.details)"
	[ "$(echo "$details" | jq -c .seats)" = '[3,7]' ]
	[ "$(echo "$details" | jq -c .claims)" = "[{\"seat\":3,\"id\":\"$b\"},{\"seat\":7,\"id\":\"$h\"}]" ]
	[ "$(echo "$details" | jq -r '[.resource,.start,.end]|join(" ")')" = \
		"concert 2026-06-15T20:00:00+02:00 2026-06-15T23:00:00+02:00" ]
	# the person's line names them too, on one line
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 2,3,7,9
	[[ $stderr == *"seats 3, 7 of concert are taken"* ]]
}

@test "details: an expired hold's seat is free, so it is not named" {
	seed
	berth -q lock concert 2026-06-15T20:00 --duration 3h --seat 5 --ttl 1m
	b=$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 6)
	export BERTH_NOW=2026-06-01T10:02:00Z
	details lock concert 2026-06-15T20:00 --duration 3h --seat 5,6
	[ "$(echo "$details" | jq -c '[.seats,.claims]')" = "[[6],[{\"seat\":6,\"id\":\"$b\"}]]" ]
}

# --- CAPACITY_FULL ---

@test "details: CAPACITY_FULL gives the window, capacity, level and the next room" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 2
	berth -q lock workshop 2026-06-10T09:30 --duration 1h
	refuses 4 CAPACITY_FULL -- --format json book workshop 2026-06-10T09:15 --duration 30m --quantity 2
	details=$(printf '%s\n' "$stderr" | jq -c .error.details)
	[ "$(echo "$details" | jq -r '[.resource,.start,.end,.quantity,.capacity,.level,.available,.at,.next_room]|map(tostring)|join(" ")')" = \
		"workshop 2026-06-10T09:15:00+00:00 2026-06-10T09:45:00+00:00 2 3 3 0 2026-06-10T09:30:00+00:00 2026-06-10T10:00:00+00:00" ]
	# two units fit from 10:00 (the hold's unit is then the only one
	# taken), all three only once the hold's window is over
	details book workshop 2026-06-10T09:15 --duration 30m --quantity 3
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T10:30:00+00:00 ]
	details book workshop 2026-06-10T09:45 --duration 30m --quantity 1
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T10:00:00+00:00 ]
	# the table line says it too
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:45 --duration 30m
	[[ $stderr == *"next room at 2026-06-10T10:00:00+00:00"* ]]
}

@test "details: the next room skips a gap too short for the request" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	berth -q book stylist 2026-06-10T10:30 --duration 1h
	details book stylist 2026-06-10T09:30 --duration 1h
	# 10:00-10:30 is free but too short for an hour
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T11:30:00+00:00 ]
	details book stylist 2026-06-10T09:30 --duration 30m
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T10:00:00+00:00 ]
}

@test "details: an expired hold does not push the next room back" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	berth -q lock stylist 2026-06-10T10:00 --duration 1h --ttl 1m
	details book stylist 2026-06-10T09:30 --duration 30m
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T11:00:00+00:00 ]
	export BERTH_NOW=2026-06-01T10:02:00Z
	details book stylist 2026-06-10T09:30 --duration 30m
	[ "$(echo "$details" | jq -r .next_room)" = 2026-06-10T10:00:00+00:00 ]
}

@test "details: next_room is null when no room comes within 366 days, or never can" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 400d
	refuses 4 CAPACITY_FULL -- --format json book stylist 2026-06-11T09:00 --duration 1h
	[ "$(printf '%s\n' "$stderr" | jq -c '.error.details.next_room')" = null ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-11T09:00 --duration 1h
	[[ $stderr == *"no room within 366 days"* ]]
	# 367 days after the start asked for is past the search
	berth -q book workshop 2026-06-10T09:00 --duration 367d --quantity 3
	details book workshop 2026-06-10T09:00 --duration 1h
	[ "$(echo "$details" | jq -c .next_room)" = null ]
	# more than the capacity never fits
	details book workshop 2026-08-10T09:00 --duration 1h --quantity 4
	[ "$(echo "$details" | jq -c '[.capacity,.quantity,.next_room]')" = '[3,4,null]' ]
}

@test "details: a seated resource's next room counts seats" {
	seed
	berth resource add booth --seats 2 >/dev/null
	berth -q book booth 2026-06-10T09:00 --duration 1h --seat 1
	berth -q book booth 2026-06-10T09:30 --duration 1h --seat 2
	details book booth 2026-06-10T09:30 --duration 30m
	[ "$(echo "$details" | jq -c '[.capacity,.level,.next_room]')" = '[2,2,"2026-06-10T10:00:00+00:00"]' ]
}

# --- NOT_FOUND ---

@test "details: NOT_FOUND names the kind and the id" {
	seed
	details availability nope
	[ "$details" = '{"kind":"resource","id":"nope"}' ]
	details show b99
	[ "$details" = '{"kind":"booking","id":"b99"}' ]
	details release h7
	[ "$details" = '{"kind":"hold","id":"h7"}' ]
	details list --db "$BATS_TEST_TMPDIR/none"
	[ "$details" = "{\"kind\":\"store\",\"id\":\"$BATS_TEST_TMPDIR/none\"}" ]
}

# --- INVALID_* ---

@test "details: INVALID_TIME and INVALID_ARGUMENT name the option and the value" {
	seed
	details availability workshop --at bogus
	[ "$details" = '{"option":"--at","value":"bogus"}' ]
	details book workshop 2026-06-10T09:00 --quantity x
	[ "$details" = '{"option":"--quantity","value":"x"}' ]
	details book workshop 2026-06-10T09:00 --duration 0
	[ "$details" = '{"option":"--duration","value":"0"}' ]
	details book concert 2026-06-10T09:00 --seat 3,x
	[ "$details" = '{"option":"--seat","value":"3,x"}' ]
	details book workshop tomorrowish
	[ "$details" = '{"option":"start","value":"tomorrowish"}' ]
	details book workshop 2026-06-10T09:00 --attr novalue
	[ "$details" = '{"option":"--attr","value":"novalue"}' ]
	details list --format nope
	[ "$details" = '{"option":"--format","value":"nope"}' ]
	details list --frobnicate
	[ "$details" = '{"option":"--frobnicate"}' ]
	details list --from
	[ "$details" = '{"option":"--from"}' ]
	details --now yesterday-ish list
	[ "$details" = '{"option":"--now","value":"yesterday-ish"}' ]
	BERTH_FORMAT=json BERTH_NOW=bad details list
	[ "$details" = '{"option":"--now","variable":"BERTH_NOW","value":"bad"}' ]
	# a seat past the resource's is refused by the engine, which names it
	details book concert 2026-06-15T20:00 --duration 3h --seat 101
	[ "$details" = '{"option":"--seat","value":"101","resource":"concert","seats":100}' ]
}

@test "details: table, csv and tsv keep one line without details" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	for f in table csv tsv; do
		run --separate-stderr berth --format "$f" book stylist 2026-06-10T09:00 --duration 1h
		[ "$status" -eq 4 ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ $stderr == "berth: CAPACITY_FULL: stylist has 0 of 1 left at 2026-06-10T09:00:00+00:00, 1 asked; next room at 2026-06-10T10:00:00+00:00" ]]
	done
}

@test "details: other codes keep an empty object" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q release "$h"
	details release "$h"
	[ "$(printf '%s\n' "$stderr" | jq -r .error.code)" = INVALID_STATE ]
	[ "$details" = '{}' ]
}

# --- book --batch ---

@test "details: book --batch answers carry the same details" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	run --separate-stderr berth book --batch <<-'EOF'
	{"resource":"stylist","start":"2026-06-10T09:30Z","duration":"1h"}
	{"resource":"stylist","start":"soon","duration":"1h"}
	{"resource":"nope","start":"2026-06-10T09:30Z"}
	{"resource":"concert","start":"2026-06-15T20:00","duration":"1h","seats":[1]}
	{"resource":"concert","start":"2026-06-15T20:30","duration":"1h","seats":[1,2]}
	EOF
	[ "$status" -eq 4 ]
	[ "$(echo "${lines[0]}" | jq -c '[.line,.error.code,.error.details.next_room,.error.details.level]')" = '[1,"CAPACITY_FULL","2026-06-10T10:00:00+00:00",1]' ]
	[ "$(echo "${lines[1]}" | jq -c '.error.details')" = '{"option":"start","value":"soon"}' ]
	[ "$(echo "${lines[2]}" | jq -c '.error.details')" = '{"kind":"resource","id":"nope"}' ]
	b=$(echo "${lines[3]}" | jq -r .id)
	[ "$(echo "${lines[4]}" | jq -c '.error.details|[.seats,.claims]')" = "[[1],[{\"seat\":1,\"id\":\"$b\"}]]" ]
	# the details of one line do not leak into the next
	[ "$(echo "${lines[2]}" | jq -c '.error.details|has("next_room")')" = false ]
}
