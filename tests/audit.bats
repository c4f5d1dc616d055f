#!/usr/bin/env bats
# audit: every write appends one record per entity it changes, with who,
# from where, what, before and after; refusals append nothing.

load helper
bats_require_minimum_version 1.5.0

# The audit log as a json array: audit_json [ARGS...]
audit_json() {
	berth --format json audit "$@"
}

@test "audit: every write appends its records" {
	seed
	n=$(audit_count)
	berth -q resource add hall --capacity 10
	[ "$(audit_count)" = $((n + 1)) ]
	h=$(field id -- lock hall 2026-06-10T09:00 --duration 1h)
	[ "$(audit_count)" = $((n + 2)) ]
	# confirm of a hold changes two entities: the hold and the new booking
	b=$(field id -- confirm "$h")
	[ "$(audit_count)" = $((n + 4)) ]
	berth -q pay "$b" --status paid
	[ "$(audit_count)" = $((n + 5)) ]
	berth -q cancel "$b"
	[ "$(audit_count)" = $((n + 6)) ]
	berth -q policy set hold_ttl 10m
	[ "$(audit_count)" = $((n + 7)) ]
	p=$(field id -- book hall 2026-06-11T09:00 --duration 1h --pending)
	berth -q confirm "$p"
	[ "$(audit_count)" = $((n + 9)) ]
	h2=$(field id -- lock hall 2026-06-12T09:00 --duration 1h)
	berth -q release "$h2"
	[ "$(audit_count)" = $((n + 11)) ]
	berth -q resource set hall --capacity 12
	[ "$(audit_count)" = $((n + 12)) ]
	# reads append nothing
	berth list >/dev/null
	berth show "$b" >/dev/null
	berth availability hall >/dev/null
	berth check >/dev/null
	berth audit >/dev/null
	[ "$(audit_count)" = $((n + 12)) ]
	# and the log lists them all, seq strictly increasing
	run --separate-stderr audit_json
	assert_success
	[ "$(echo "$output" | jq length)" = $((n + 12)) ]
	echo "$output" | jq -e '[.[].seq] as $s | $s == ($s | sort | unique)'
}

@test "audit: each write is named by its action and entity" {
	seed
	berth -q resource add hall --capacity 10
	h=$(field id -- lock hall 2026-06-10T09:00 --duration 1h)
	b=$(field id -- confirm "$h")
	berth -q pay "$b" --status paid
	berth -q cancel "$b"
	berth -q policy set hold_ttl 10m
	run --separate-stderr audit_json
	assert_success
	got=$(echo "$output" | jq -r '.[-7:] | map("\(.action) \(.entity)") | join(",")')
	[ "$got" = "resource.created hall,hold.created $h,hold.used $h,booking.confirmed $b,booking.paid $b,booking.cancelled $b,policy.set policy/hold_ttl" ]
}

@test "audit: a record has seq, at, actor, role, source, action, entity, before, after, reason" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer zoe)
	berth --now 2026-06-01T11:00:00Z -q cancel "$b" --reason "asked by phone"
	run --separate-stderr audit_json "$b"
	assert_success
	r=$(echo "$output" | jq -c '.[-1]')
	for k in seq at actor role source action entity before after reason; do
		echo "$r" | jq -e --arg k "$k" 'has($k)' >/dev/null || { echo "no $k"; false; }
	done
	[ "$(echo "$r" | jq -r .seq | tr -d 0-9)" = "" ]
	[ "$(echo "$r" | jq -r .at)" = 2026-06-01T11:00:00+00:00 ]
	[ "$(echo "$r" | jq -r .actor)" = "$(id -un)" ]
	[ "$(echo "$r" | jq -r .role)" = admin ]
	[[ "$(echo "$r" | jq -r .source)" == *"$(id -un)@$(hostname)"* ]]
	[[ "$(echo "$r" | jq -r .source)" =~ pid\ [0-9]+ ]]
	[ "$(echo "$r" | jq -r .action)" = booking.cancelled ]
	[ "$(echo "$r" | jq -r .entity)" = "$b" ]
	[ "$(echo "$r" | jq -r .before.status)" = confirmed ]
	[ "$(echo "$r" | jq -r .after.status)" = cancelled ]
	[ "$(echo "$r" | jq -r .after.customer)" = zoe ]
	[ "$(echo "$r" | jq -r .reason)" = "asked by phone" ]
	# a creation has no before
	[ "$(echo "$output" | jq -r '.[0].before')" = null ]
	[ "$(echo "$output" | jq -r '.[0].after.status')" = confirmed ]
}

@test "audit: the source names the writing process" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	berth -q book stylist 2026-06-11T09:00 --duration 1h
	run --separate-stderr audit_json --action booking.created
	assert_success
	[ "$(echo "$output" | jq length)" = 2 ]
	[ "$(echo "$output" | jq -r '.[0].source')" != "$(echo "$output" | jq -r '.[1].source')" ]
}

@test "audit: the actor is --as, else BERTH_ACTOR, else the Unix user; the role is --role" {
	seed
	berth -q --as alice policy set hold_ttl 6m
	BERTH_ACTOR=bob berth -q policy set hold_ttl 7m
	BERTH_ACTOR=bob berth -q --as carol policy set hold_ttl 8m
	berth -q policy set hold_ttl 11m --as dora --role system
	me=$(id -un)
	# staff and customers may not set policies (roles.bats): they book
	berth -q --role staff book stylist 2026-06-10T09:00 --duration 1h
	BERTH_ROLE=customer berth -q book stylist 2026-06-11T09:00 --duration 1h --customer "$me"
	run --separate-stderr audit_json --action policy.set
	assert_success
	got=$(echo "$output" | jq -r 'map("\(.actor)/\(.role)") | join(",")')
	[ "$got" = "alice/admin,bob/admin,carol/admin,dora/system" ]
	[ "$(echo "$output" | jq -r '.[0].before.value')" = 300 ]
	[ "$(echo "$output" | jq -r '.[0].after.value')" = 360 ]
	run --separate-stderr audit_json --action booking.created
	got=$(echo "$output" | jq -r 'map("\(.actor)/\(.role)") | join(",")')
	[ "$got" = "$me/staff,$me/customer" ]
}

@test "audit: a bad --role or empty --as is refused (2) and writes nothing" {
	seed
	refuses 2 INVALID_ARGUMENT -- --role boss policy set hold_ttl 6m
	refuses 2 INVALID_ARGUMENT -- --as "" policy set hold_ttl 6m
}

@test "audit: berth audit ID lists that entity's history, oldest first" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	berth -q lock workshop 2026-06-10T09:00 --duration 1h
	b=$(field id -- confirm "$h" --payment pending)
	berth -q pay "$b" --status paid
	berth -q pay "$b" --status refunded
	berth -q cancel "$b"
	run --separate-stderr audit_json "$h"
	assert_success
	[ "$(echo "$output" | jq -r 'map(.action) | join(",")')" = hold.created,hold.used ]
	[ "$(echo "$output" | jq -r '.[1].after.booking')" = "$b" ]
	run --separate-stderr audit_json "$b"
	assert_success
	[ "$(echo "$output" | jq -r 'map(.action) | join(",")')" = booking.confirmed,booking.paid,booking.refunded,booking.cancelled ]
	[ "$(echo "$output" | jq -r 'map(.after.payment_status) | join(",")')" = pending,paid,refunded,refunded ]
	run --separate-stderr audit_json stylist
	[ "$(echo "$output" | jq -r 'map(.action) | join(",")')" = resource.created ]
	run --separate-stderr audit_json h999
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
}

@test "audit: --actor, --action and --since filter" {
	seed
	berth -q --as ann book stylist 2026-06-10T09:00 --duration 1h
	berth -q --as ben --now 2026-06-02T10:00:00Z book stylist 2026-06-11T09:00 --duration 1h
	berth -q --as ann --now 2026-06-03T10:00:00Z lock stylist 2026-06-12T09:00 --duration 1h
	[ "$(audit_json --actor ann | jq -r 'map(.action) | join(",")')" = booking.created,hold.created ]
	[ "$(audit_json --actor ben | jq -r 'map(.entity) | join(",")')" = b2 ]
	[ "$(audit_json --actor nobody | jq length)" = 0 ]
	[ "$(audit_json --action booking.created | jq -r 'map(.entity) | join(",")')" = b1,b2 ]
	[ "$(audit_json --since 2026-06-02T10:00:00Z | jq -r 'map(.entity) | join(",")')" = b2,h1 ]
	[ "$(audit_json --since 2026-06-02T10:00:01Z | jq -r 'map(.entity) | join(",")')" = h1 ]
	[ "$(audit_json --since 2026-06-03 | jq -r 'map(.entity) | join(",")')" = h1 ]
	[ "$(audit_json --since 2026-06-02 --actor ann | jq -r 'map(.entity) | join(",")')" = h1 ]
	[ "$(audit_json b1 --actor ben | jq length)" = 0 ]
	refuses 2 INVALID_TIME -- audit --since bogus
	refuses 2 INVALID_ARGUMENT -- audit b1 b2
}

@test "audit: a refused command adds no audit record" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	before=$(audit_json)
	n=$(audit_count)
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
	refuses 4 INVALID_STATE -- pay "$b" --status refunded
	refuses 3 NOT_FOUND -- cancel b9
	refuses 2 INVALID_ARGUMENT -- policy set no_such_policy 5
	refuses 5 PAST -- book stylist 2026-05-01T09:00 --duration 1h
	[ "$(audit_count)" = "$n" ]
	[ "$(audit_json)" = "$before" ]
}

@test "audit: the log is the same in jsonl, one record a line" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	run --separate-stderr berth --format jsonl audit
	assert_success
	[ "${#lines[@]}" = "$(audit_count)" ]
	for l in "${lines[@]}"; do echo "$l" | jq -e 'type == "object" and has("seq")' >/dev/null; done
	[ "$(printf '%s\n' "${lines[@]}" | jq -s -c .)" = "$(audit_json | jq -c .)" ]
}
