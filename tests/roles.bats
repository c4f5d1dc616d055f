#!/usr/bin/env bats
# Roles, --force and --if-version (issue 11, DECISIONS.md): a customer acts
# only on its own claims, staff changes no catalogue, only an admin forces
# past a policy and says why, the forced change is audited naming the rule;
# cancel_deadline; a stale --if-version is refused. Every refusal leaves
# the store as it was (refuses compares a dump of every table).

load helper
bats_require_minimum_version 1.5.0

# The last audit record of an entity, as json.
last_audit() { berth --format json audit "$1" | jq -c '.[-1]'; }

# --- roles ---

@test "roles: the default role is admin, expire's is system" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	[ "$(last_audit "$b" | jq -r .role)" = admin ]
	h=$(field id -- lock stylist 2026-06-11T09:00 --duration 1h)
	BERTH_NOW=2026-06-01T11:00Z berth -q expire
	[ "$(last_audit "$h" | jq -r .role)" = system ]
}

@test "roles: a customer books, holds, confirms, pays and cancels for itself" {
	seed
	export BERTH_ROLE=customer BERTH_ACTOR=ann
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann --pending)
	b=$(field id -- confirm "$b")
	berth -q pay "$b" --status paid
	berth -q cancel "$b"
	[ "$(field status -- show "$b")" = cancelled ]
	[ "$(last_audit "$b" | jq -r .role)" = customer ]
	[ "$(last_audit "$b" | jq -r .actor)" = ann ]
	h=$(field id -- lock stylist 2026-06-11T09:00 --duration 1h --customer ann)
	berth -q release "$h"
	h=$(field id -- lock stylist 2026-06-11T09:00 --duration 1h --customer ann)
	berth -q confirm "$h"
}

@test "roles: a customer may not claim for someone else, nor for nobody (5 FORBIDDEN)" {
	seed
	refuses 5 FORBIDDEN -- --role customer --as ann book stylist 2026-06-10T09:00 --duration 1h --customer bob
	refuses 5 FORBIDDEN -- --role customer --as ann book stylist 2026-06-10T09:00 --duration 1h
	refuses 5 FORBIDDEN -- --role customer --as ann lock stylist 2026-06-10T09:00 --duration 1h --customer bob
	run --separate-stderr berth --role customer --as ann book stylist 2026-06-10T09:00 --duration 1h
	[ "$stderr" = "berth: FORBIDDEN: a customer claims only for itself: give --customer ann" ]
}

@test "roles: a customer acting on someone else's booking or hold is refused (5 FORBIDDEN)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer bob --pending)
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --customer bob)
	export BERTH_ROLE=customer BERTH_ACTOR=ann
	refuses 5 FORBIDDEN -- cancel "$b"
	refuses 5 FORBIDDEN -- confirm "$b"
	refuses 5 FORBIDDEN -- pay "$b" --status paid
	refuses 5 FORBIDDEN -- release "$h"
	refuses 5 FORBIDDEN -- confirm "$h"
	run --separate-stderr berth --format json cancel "$b"
	[ "$(echo "$stderr" | jq -r .error.details.role)" = customer ]
	[ "$(echo "$stderr" | jq -r .error.details.actor)" = ann ]
	[ "$(echo "$stderr" | jq -r .error.details.id)" = "$b" ]
	# a booking with no customer is nobody's own
	unset BERTH_ROLE BERTH_ACTOR
	n=$(field id -- book stylist 2026-06-12T09:00 --duration 1h)
	refuses 5 FORBIDDEN -- --role customer --as ann cancel "$n"
	[ "$(field status -- show "$b")" = pending ]
}

@test "roles: a customer changes no catalogue, holiday or time off (5 FORBIDDEN)" {
	seed
	export BERTH_ROLE=customer BERTH_ACTOR=ann
	refuses 5 FORBIDDEN -- resource add chair
	refuses 5 FORBIDDEN -- holiday add 2026-12-25
	refuses 5 FORBIDDEN -- timeoff add stylist --from 2026-06-10T00:00 --to 2026-06-11T00:00
	refuses 5 FORBIDDEN -- policy set min_notice 1h
}

@test "roles: staff changes no resource, service, hours or policy (5 FORBIDDEN)" {
	seed
	export BERTH_ROLE=staff
	refuses 5 FORBIDDEN -- resource add chair
	refuses 5 FORBIDDEN -- resource set stylist --capacity 2
	refuses 5 FORBIDDEN -- resource rm workshop
	refuses 5 FORBIDDEN -- service add cut --duration 30m --resources stylist
	refuses 5 FORBIDDEN -- hours set stylist 'mon-fri 09:00-18:00'
	refuses 5 FORBIDDEN -- policy set cancel_deadline 24h
	refuses 5 FORBIDDEN -- policy unset hold_ttl
	run --separate-stderr berth resource add chair
	[ "$stderr" = "berth: FORBIDDEN: staff may not change resources, services, hours or policies (resource.created): that is for admin" ]
}

@test "roles: staff books and cancels for anyone, and records holidays and time off" {
	seed
	export BERTH_ROLE=staff BERTH_ACTOR=desk
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer bob)
	berth -q cancel "$b"
	berth -q holiday add 2026-12-25 --name Christmas
	berth -q timeoff add stylist --from 2026-06-15T00:00 --to 2026-06-16T00:00
	[ "$(last_audit "$b" | jq -r .role)" = staff ]
}

@test "roles: an unknown role is refused (2)" {
	seed
	refuses 2 INVALID_ARGUMENT -- --role root book stylist 2026-06-10T09:00 --duration 1h
}

# --- --force ---

@test "force: --force needs --reason (2), and is for admin only (5 FORBIDDEN)" {
	seed
	berth -q policy set cancel_deadline 24h
	b=$(field id -- book stylist 2026-06-01T20:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --force
	refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-10T09:00 --duration 1h --force
	refuses 5 FORBIDDEN -- --role staff cancel "$b" --force --reason ill
	refuses 5 FORBIDDEN -- --role system cancel "$b" --force --reason ill
	refuses 5 FORBIDDEN -- --role customer --as ann cancel "$b" --force --reason ill
	refuses 5 FORBIDDEN -- --role staff book stylist 2026-06-10T09:00 --duration 1h --force --reason x
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "force: an admin cancels inside the deadline, audited as forced with the rule" {
	seed
	berth -q policy set cancel_deadline 24h
	b=$(field id -- book stylist 2026-06-01T20:00 --duration 1h --customer ann)
	refuses 5 CANCEL_DEADLINE -- cancel "$b"
	berth -q --as maria cancel "$b" --force --reason "customer was ill"
	[ "$(field status -- show "$b")" = cancelled ]
	a=$(last_audit "$b")
	[ "$(echo "$a" | jq -r .action)" = booking.cancelled ]
	[ "$(echo "$a" | jq -r .actor)" = maria ]
	[ "$(echo "$a" | jq -r .role)" = admin ]
	[ "$(echo "$a" | jq -r .reason)" = "forced past CANCEL_DEADLINE: customer was ill" ]
	run berth audit verify
	assert_success
	run berth check
	assert_success
}

@test "force: an admin books past notice, horizon, hours, holidays and time off" {
	seed
	berth -q policy set min_notice 2h
	berth -q policy set horizon 30d
	berth -q hours set stylist 'mon-fri 09:00-18:00'
	berth -q holiday add 2026-06-05 --name Closed
	berth -q timeoff add workshop --from 2026-06-09T00:00 --to 2026-06-10T00:00
	refuses 5 MIN_NOTICE -- book workshop 2026-06-01T11:00 --duration 1h
	b=$(field id -- book workshop 2026-06-01T11:00 --duration 1h --force --reason rush)
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past MIN_NOTICE: rush" ]
	refuses 5 BEYOND_HORIZON -- book workshop 2026-08-01T11:00 --duration 1h
	b=$(field id -- book workshop 2026-08-01T11:00 --duration 1h --force --reason "season ticket")
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past BEYOND_HORIZON: season ticket" ]
	refuses 5 OUTSIDE_HOURS -- book stylist 2026-06-02T19:00 --duration 1h
	b=$(field id -- lock stylist 2026-06-02T19:00 --duration 1h --force --reason VIP)
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past OUTSIDE_HOURS: VIP" ]
	refuses 5 HOLIDAY -- book stylist 2026-06-05T10:00 --duration 1h
	b=$(field id -- book stylist 2026-06-05T10:00 --duration 1h --force --reason inventory)
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past HOLIDAY: inventory" ]
	refuses 5 TIME_OFF -- book workshop 2026-06-09T10:00 --duration 1h
	b=$(field id -- book workshop 2026-06-09T10:00 --duration 1h --force --reason cover)
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past TIME_OFF: cover" ]
	run berth check
	assert_success
}

@test "force: never past PAST, capacity or seats" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 7
	refuses 5 PAST -- book workshop 2026-05-01T09:00 --duration 1h --force --reason x
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h --force --reason x
	refuses 4 SEAT_TAKEN -- book concert 2026-06-15T20:00 --duration 3h --seat 7 --force --reason x
}

@test "force: a forced change that needed no force is audited with its plain reason" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --force --reason "phone order")
	[ "$(last_audit "$b" | jq -r .reason)" = "phone order" ]
	b=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --reason walk-in)
	[ "$(last_audit "$b" | jq -r .reason)" = walk-in ]
}

# --- cancel_deadline ---

@test "cancel_deadline: inside it refused (5), exactly at it allowed, with details" {
	seed
	berth -q policy set cancel_deadline 24h
	b=$(field id -- book stylist 2026-06-02T09:00 --duration 1h)
	refuses 5 CANCEL_DEADLINE -- cancel "$b"
	run --separate-stderr berth --format json cancel "$b"
	[ "$status" -eq 5 ]
	[ "$(echo "$stderr" | jq -r .error.details.policy)" = cancel_deadline ]
	[ "$(echo "$stderr" | jq -r .error.details.value)" = 1d ]
	[ "$(echo "$stderr" | jq -r .error.details.scope)" = store ]
	[ "$(echo "$stderr" | jq -r .error.details.deadline)" = 2026-06-01T09:00:00+00:00 ]
	# a booking that has started is inside any deadline
	s=$(BERTH_NOW=2026-06-01T08:00Z field id -- book workshop 2026-06-01T09:00 --duration 2h)
	refuses 5 CANCEL_DEADLINE -- cancel "$s"
	# start - now = deadline exactly: in time
	e=$(field id -- book stylist 2026-06-02T10:00 --duration 1h)
	berth -q cancel "$e"
	[ "$(field status -- show "$e")" = cancelled ]
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "cancel_deadline: a resource's stricter deadline wins; off by default" {
	seed
	b=$(field id -- book stylist 2026-06-01T11:00 --duration 1h)
	berth -q cancel "$b"
	berth -q policy set cancel_deadline 1h
	berth -q policy set cancel_deadline 2d --resource stylist
	b=$(field id -- book stylist 2026-06-02T11:00 --duration 1h)
	refuses 5 CANCEL_DEADLINE -- cancel "$b"
	run --separate-stderr berth --format json cancel "$b"
	[ "$(echo "$stderr" | jq -r .error.details.scope)" = stylist ]
	w=$(field id -- book workshop 2026-06-02T11:00 --duration 1h)
	berth -q cancel "$w"
}

# --- --if-version ---

@test "if-version: every change of a booking adds one to its version" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	[ "$(field version -- show "$b")" = 1 ]
	berth -q confirm "$b" --if-version 1
	[ "$(field version -- show "$b")" = 2 ]
	berth -q pay "$b" --status paid --if-version 2
	[ "$(field version -- show "$b")" = 3 ]
	berth -q pay "$b" --status refunded --if-version 3
	[ "$(field version -- show "$b")" = 4 ]
	berth -q cancel "$b" --if-version 4
	[ "$(field version -- show "$b")" = 5 ]
	p=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --pending)
	BERTH_NOW=2026-06-01T11:00Z berth -q expire
	[ "$(field version -- show "$p")" = 2 ]
}

@test "if-version: a stale version is refused (4 VERSION_MISMATCH) and changes nothing" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	refuses 4 VERSION_MISMATCH -- confirm "$b" --if-version 2
	berth -q confirm "$b"
	refuses 4 VERSION_MISMATCH -- pay "$b" --status paid --if-version 1
	refuses 4 VERSION_MISMATCH -- cancel "$b" --if-version 1
	run --separate-stderr berth --format json cancel "$b" --if-version 1
	[ "$(echo "$stderr" | jq -r .error.details.version)" = 2 ]
	[ "$(echo "$stderr" | jq -r .error.details.if_version)" = 1 ]
	[ "$(field status -- show "$b")" = confirmed ]
	berth -q cancel "$b" --if-version 2
}

@test "if-version: not a whole number from 1 is refused (2)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --if-version 0
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --if-version abc
	refuses 2 INVALID_ARGUMENT -- pay "$b" --status paid --if-version -1
	refuses 2 INVALID_ARGUMENT -- confirm "$b" --if-version 1x
}

@test "roles: a customer may not run the store's upkeep, nor expire others' claims (5 FORBIDDEN)" {
	seed
	berth -q lock stylist 2026-06-10T09:00 --duration 1h --customer bob
	export BERTH_ROLE=customer BERTH_ACTOR=ann
	refuses 5 FORBIDDEN -- events prune --before 2026-06-02
	refuses 5 FORBIDDEN -- events retry --dead
	# check --repair on a sound store writes nothing, so it is no change
	run berth check --repair
	assert_success
	BERTH_NOW=2026-06-01T11:00Z refuses 5 FORBIDDEN -- expire
	# staff may: the upkeep is no catalogue
	BERTH_ROLE=staff BERTH_NOW=2026-06-01T11:00Z berth -q expire
	BERTH_ROLE=staff berth -q events prune --before 2026-06-02
}
