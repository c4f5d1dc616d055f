#!/usr/bin/env bats
# reschedule (issue 11): a booking moved to a new window in one step,
# checked as a new booking there would be but without its own claim in the
# way; it keeps its id and, where free, its seats, gets version + 1 and
# reschedules + 1, and frees its old window. reschedule_deadline and
# max_reschedules refuse (5) unless an admin forces with a reason; a stale
# --if-version is VERSION_MISMATCH (4); every refusal a booking can get.
# Each refusal leaves the store as it was: `refuses` compares a dump of
# every table, and `same_as_before` the list and the audit count besides.

load helper
bats_require_minimum_version 1.5.0

last_audit() { berth --format json audit "$1" | jq -c '.[-1]'; }

# What a refusal must leave as it was, as a script sees it: every booking
# and the number of audit records.
snapshot() {
	berth --format jsonl list
	audit_count
}
remember() { BEFORE=$(snapshot); }
same_as_before() {
	local now
	now=$(snapshot)
	if [ "$now" != "$BEFORE" ]; then
		diff <(echo "$BEFORE") <(echo "$now") >&2
		return 1
	fi
}

# --- the good path ---

@test "reschedule: a 15-minute move inside its own full slot is accepted" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann)
	run --separate-stderr berth --format json reschedule "$b" 2026-06-10T09:15
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-10T09:15:00+00:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T10:15:00+00:00 ]
	[ "$(echo "$output" | jq -r .version)" = 2 ]
	[ "$(echo "$output" | jq -r .reschedules)" = 1 ]
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .customer)" = ann ]
	# the slot is still full, by the booking alone
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T10:00 --duration 10m
	run berth check
	assert_success
}

@test "reschedule: one audit record (booking.rescheduled, before and after) and its event" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	n=$(audit_count)
	e=$(berth --format json stats | jq -r .events)
	berth -q reschedule "$b" 2026-06-10T11:00 --reason "asked by phone"
	[ "$(audit_count)" = $((n + 1)) ]
	[ "$(berth --format json stats | jq -r .events)" = $((e + 1)) ]
	a=$(last_audit "$b")
	[ "$(echo "$a" | jq -r .action)" = booking.rescheduled ]
	[ "$(echo "$a" | jq -r .before.start)" = 2026-06-10T09:00:00+00:00 ]
	[ "$(echo "$a" | jq -r .after.start)" = 2026-06-10T11:00:00+00:00 ]
	[ "$(echo "$a" | jq -r .after.version)" = 2 ]
	[ "$(echo "$a" | jq -r .reason)" = "asked by phone" ]
	[ "$(berth events | tail -n 1 | jq -r .type)" = booking.rescheduled ]
	[ "$(berth events | tail -n 1 | jq -r .state.start)" = 2026-06-10T11:00:00+00:00 ]
	run berth audit verify
	assert_success
	run berth check
	assert_success
}

@test "reschedule: the old window is bookable right after, and list finds it where it went" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q reschedule "$b" 2026-06-12T14:00
	o=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	[ "$o" != "$b" ]
	[ "$(berth --format json availability stylist --at 2026-06-12T14:30 | jq -r .booked)" = 1 ]
	run berth --format jsonl list --resource stylist --from 2026-06-12 --to 2026-06-12
	assert_success
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	run berth --format jsonl list --resource stylist --from 2026-06-10 --to 2026-06-10
	[ "$(echo "$output" | jq -r .id)" = "$o" ]
	run berth check
	assert_success
}

@test "reschedule: --duration sets a new length, else it keeps its own; --resource moves it" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 90m --quantity 2)
	run berth --format json reschedule "$b" 2026-06-10T13:00
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T14:30:00+00:00 ]
	[ "$(echo "$output" | jq -r .quantity)" = 2 ]
	run berth --format json reschedule "$b" 2026-06-10T13:00 --duration 3h
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T16:00:00+00:00 ]
	berth -q resource add workshop2 --capacity 2
	run berth --format json reschedule "$b" 2026-06-11T09:00 --resource workshop2
	assert_success
	[ "$(echo "$output" | jq -r .resource)" = workshop2 ]
	[ "$(echo "$output" | jq -r .reschedules)" = 3 ]
	[ "$(berth --format json availability workshop --at 2026-06-10T13:00 | jq -r .booked)" = 0 ]
	[ "$(berth --format json availability workshop2 --at 2026-06-11T09:00 | jq -r .booked)" = 2 ]
	run berth --format jsonl list --resource workshop2
	[ "$(echo "$output" | jq -r .id)" = "$b" ]
	run berth check
	assert_success
}

@test "reschedule: a pending booking stays pending with its expiry" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending)
	x=$(field expires_at -- show "$b")
	run berth --format json reschedule "$b" 2026-06-10T10:00
	assert_success
	[ "$(echo "$output" | jq -r .status)" = pending ]
	[ "$(echo "$output" | jq -r .expires_at)" = "$x" ]
	# it still expires, and frees its new window when it does
	BERTH_NOW=2026-06-01T11:00Z berth -q expire
	[ "$(field status -- show "$b")" = expired ]
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	run berth check
	assert_success
}

@test "reschedule: prints the booking like book, in every format" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	run --separate-stderr berth --format jsonl reschedule "$b" 2026-06-10T10:00
	assert_success
	[ "$(echo "$output" | wc -l)" = 1 ]
	[ "$(echo "$output" | jq -r .reschedules)" = 1 ]
	run --separate-stderr berth --format csv reschedule "$b" 2026-06-10T11:00
	assert_success
	[ "$(echo "$output" | head -n 1 | cut -d, -f1)" = id ]
	echo "$output" | grep -q "^$b,stylist,2026-06-10T11:00:00+00:00,"
	run --separate-stderr berth --format tsv reschedule "$b" 2026-06-10T12:00
	assert_success
	echo "$output" | grep -q "^$b	stylist	2026-06-10T12:00:00+00:00	"
	run --separate-stderr berth reschedule "$b" 2026-06-10T13:00
	assert_success
	echo "$output" | grep -q '^reschedules  *4$'
	# the same fields as book's answer
	k=$(berth --format json book workshop 2026-06-10T09:00 --duration 1h | jq -c 'keys')
	r=$(berth --format json reschedule "$b" 2026-06-10T14:00 | jq -c 'keys')
	[ "$k" = "$r" ]
}

# --- refusals ---

@test "reschedule: into a full slot refused (4), the booking untouched" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann)
	berth -q book stylist 2026-06-10T11:00 --duration 1h --customer bob
	shown=$(berth --format json show "$b")
	remember
	refuses 4 CAPACITY_FULL -- reschedule "$b" 2026-06-10T11:30
	refuses 4 CAPACITY_FULL -- reschedule "$b" 2026-06-10T10:30
	same_as_before
	[ "$(berth --format json show "$b")" = "$shown" ]
	# its own window is still its own
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
}

@test "reschedule: three times, then MAX_RESCHEDULES (5); an admin may force it" {
	seed
	berth -q policy set max_reschedules 3
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q reschedule "$b" 2026-06-10T10:00
	berth -q reschedule "$b" 2026-06-10T11:00
	berth -q reschedule "$b" 2026-06-10T12:00
	[ "$(field reschedules -- show "$b")" = 3 ]
	[ "$(field version -- show "$b")" = 4 ]
	remember
	refuses 5 MAX_RESCHEDULES -- reschedule "$b" 2026-06-10T13:00
	same_as_before
	run --separate-stderr berth --format json reschedule "$b" 2026-06-10T13:00
	[ "$status" -eq 5 ]
	[ "$(echo "$stderr" | jq -r .error.details.policy)" = max_reschedules ]
	[ "$(echo "$stderr" | jq -r .error.details.value)" = 3 ]
	[ "$(echo "$stderr" | jq -r .error.details.reschedules)" = 3 ]
	refuses 5 FORBIDDEN -- --role staff reschedule "$b" 2026-06-10T13:00 --force --reason x
	berth -q --as maria reschedule "$b" 2026-06-10T13:00 --force --reason "storm"
	a=$(last_audit "$b")
	[ "$(echo "$a" | jq -r .reason)" = "forced past MAX_RESCHEDULES: storm" ]
	[ "$(echo "$a" | jq -r .actor)" = maria ]
	[ "$(field reschedules -- show "$b")" = 4 ]
}

@test "reschedule: max_reschedules, the strictest scope wins; 0 is off" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	for h in 10 11 12 13; do berth -q reschedule "$b" "2026-06-10T$h:00"; done
	berth -q policy set max_reschedules 5
	berth -q policy set max_reschedules 4 --resource stylist
	refuses 5 MAX_RESCHEDULES -- reschedule "$b" 2026-06-10T14:00
	run --separate-stderr berth --format json reschedule "$b" 2026-06-10T14:00
	[ "$(echo "$stderr" | jq -r .error.details.scope)" = stylist ]
	w=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	for h in 10 11 12 13; do berth -q reschedule "$w" "2026-06-10T$h:00"; done
	berth -q reschedule "$w" 2026-06-10T14:00
	refuses 5 MAX_RESCHEDULES -- reschedule "$w" 2026-06-10T15:00
}

@test "reschedule: a stale --if-version is refused (4), the current one accepted" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q reschedule "$b" 2026-06-10T10:00 --if-version 1
	remember
	refuses 4 VERSION_MISMATCH -- reschedule "$b" 2026-06-10T11:00 --if-version 1
	same_as_before
	run --separate-stderr berth --format json reschedule "$b" 2026-06-10T11:00 --if-version 1
	[ "$(echo "$stderr" | jq -r .error.details.version)" = 2 ]
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-10T11:00 --if-version 0
	berth -q reschedule "$b" 2026-06-10T11:00 --if-version 2
	[ "$(field version -- show "$b")" = 3 ]
}

@test "reschedule: inside reschedule_deadline refused (5); forced by an admin, audited with the rule" {
	seed
	berth -q policy set reschedule_deadline 2h
	b=$(field id -- book stylist 2026-06-01T11:00 --duration 1h --customer ann)
	remember
	refuses 5 RESCHEDULE_DEADLINE -- reschedule "$b" 2026-06-02T11:00
	run --separate-stderr berth --format json reschedule "$b" 2026-06-02T11:00
	[ "$(echo "$stderr" | jq -r .error.details.policy)" = reschedule_deadline ]
	[ "$(echo "$stderr" | jq -r .error.details.value)" = 2h ]
	[ "$(echo "$stderr" | jq -r .error.details.deadline)" = 2026-06-01T09:00:00+00:00 ]
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-02T11:00 --force
	refuses 5 FORBIDDEN -- --role staff reschedule "$b" 2026-06-02T11:00 --force --reason ill
	refuses 5 FORBIDDEN -- --role customer --as ann reschedule "$b" 2026-06-02T11:00 --force --reason ill
	same_as_before
	berth -q --as maria reschedule "$b" 2026-06-02T11:00 --force --reason "customer was ill"
	a=$(last_audit "$b")
	[ "$(echo "$a" | jq -r .action)" = booking.rescheduled ]
	[ "$(echo "$a" | jq -r .actor)" = maria ]
	[ "$(echo "$a" | jq -r .role)" = admin ]
	[ "$(echo "$a" | jq -r .reason)" = "forced past RESCHEDULE_DEADLINE: customer was ill" ]
	# exactly at the deadline is in time
	d=$(field id -- book stylist 2026-06-01T12:00 --duration 1h)
	berth -q reschedule "$d" 2026-06-03T12:00
	run berth audit verify
	assert_success
	run berth check
	assert_success
}

@test "reschedule: a customer moves its own booking, never someone else's (FORBIDDEN)" {
	seed
	a=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann)
	b=$(field id -- book stylist 2026-06-10T11:00 --duration 1h --customer bob)
	remember
	refuses 5 FORBIDDEN -- --role customer --as ann reschedule "$b" 2026-06-10T13:00
	same_as_before
	berth -q --role customer --as ann reschedule "$a" 2026-06-10T13:00
	[ "$(last_audit "$a" | jq -r .role)" = customer ]
	berth -q --role staff reschedule "$b" 2026-06-10T14:00
}

@test "reschedule: every refusal a new booking gets, and force only past policies" {
	seed
	berth -q policy set min_notice 2h
	berth -q policy set horizon 30d
	berth -q hours set stylist 'mon-fri 09:00-18:00'
	berth -q holiday add 2026-06-05 --name Closed
	berth -q timeoff add stylist --from 2026-06-09T00:00 --to 2026-06-10T00:00
	b=$(field id -- book stylist 2026-06-03T10:00 --duration 1h)
	remember
	refuses 5 PAST -- reschedule "$b" 2026-05-01T10:00
	refuses 5 PAST -- reschedule "$b" 2026-05-01T10:00 --force --reason x
	refuses 5 MIN_NOTICE -- reschedule "$b" 2026-06-01T11:00
	refuses 5 BEYOND_HORIZON -- reschedule "$b" 2026-08-03T10:00
	refuses 5 OUTSIDE_HOURS -- reschedule "$b" 2026-06-03T17:30
	refuses 5 HOLIDAY -- reschedule "$b" 2026-06-05T10:00
	refuses 5 TIME_OFF -- reschedule "$b" 2026-06-09T10:00
	refuses 3 NOT_FOUND -- reschedule "$b" 2026-06-04T10:00 --resource nosuch
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-04T10:00 --duration 0
	same_as_before
	berth -q reschedule "$b" 2026-06-09T10:00 --force --reason cover
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past TIME_OFF: cover" ]
	berth -q reschedule "$b" 2026-06-01T11:00 --force --reason rush
	[ "$(last_audit "$b" | jq -r .reason)" = "forced past MIN_NOTICE: rush" ]
	run berth check
	assert_success
}

@test "reschedule: capacity and seats are never forced" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q book stylist 2026-06-10T11:00 --duration 1h
	c=$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 7)
	berth -q book concert 2026-06-16T20:00 --duration 3h --seat 8
	refuses 4 CAPACITY_FULL -- reschedule "$b" 2026-06-10T11:00 --force --reason x
	refuses 4 SEAT_TAKEN -- reschedule "$c" 2026-06-16T20:00 --seat 8 --force --reason x
}

@test "reschedule: only a pending or confirmed booking still to come" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q cancel "$b"
	p=$(field id -- book stylist 2026-06-11T09:00 --duration 1h --pending)
	s=$(BERTH_NOW=2026-06-01T08:00Z field id -- book workshop 2026-06-01T09:00 --duration 2h)
	h=$(field id -- lock stylist 2026-06-12T09:00 --duration 1h)
	remember
	refuses 4 INVALID_STATE -- reschedule "$b" 2026-06-10T11:00
	refuses 4 INVALID_STATE -- reschedule "$s" 2026-06-02T09:00
	refuses 4 INVALID_STATE -- reschedule "$s" 2026-06-02T09:00 --force --reason x
	refuses 6 BOOKING_EXPIRED -- reschedule "$p" 2026-06-11T11:00 --now 2026-06-01T11:00Z
	refuses 2 INVALID_ARGUMENT -- reschedule "$h" 2026-06-12T11:00
	refuses 3 NOT_FOUND -- reschedule b999 2026-06-12T11:00
	refuses 2 INVALID_ARGUMENT -- reschedule "$p"
	same_as_before
}

# --- seats ---

@test "reschedule: seats kept where free, else the lowest free ones" {
	seed
	b=$(field id -- book concert 2026-06-15T20:00 --duration 2h --seat 4,5)
	run berth --format json reschedule "$b" 2026-06-16T20:00
	[ "$(echo "$output" | jq -c .seats)" = "[4,5]" ]
	# seat 4 is taken where it goes next: it keeps 5 and takes 1
	berth -q book concert 2026-06-17T20:00 --duration 2h --seat 4
	run berth --format json reschedule "$b" 2026-06-17T20:00
	assert_success
	[ "$(echo "$output" | jq -c '.seats | sort')" = "[1,5]" ]
	# moving by an hour inside its own window keeps both
	run berth --format json reschedule "$b" 2026-06-17T21:00
	[ "$(echo "$output" | jq -c '.seats | sort')" = "[1,5]" ]
	# its old seats are free in the window it left
	berth -q book concert 2026-06-16T20:00 --duration 2h --seat 4,5
	run berth check
	assert_success
}

@test "reschedule: --seat chooses the seats, as many as it has" {
	seed
	b=$(field id -- book concert 2026-06-15T20:00 --duration 2h --seat 4,5)
	o=$(field id -- book concert 2026-06-15T20:00 --duration 2h --seat 9)
	run berth --format json reschedule "$b" 2026-06-15T20:00 --seat 7 --seat 8
	assert_success
	[ "$(echo "$output" | jq -c .seats)" = "[7,8]" ]
	berth -q book concert 2026-06-15T20:00 --duration 2h --seat 4,5
	w=$(field id -- book workshop 2026-06-15T20:00 --duration 1h)
	remember
	refuses 4 SEAT_TAKEN -- reschedule "$b" 2026-06-15T20:00 --seat 7,9
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-15T20:00 --seat 7
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-15T20:00 --seat 7,7
	refuses 2 INVALID_ARGUMENT -- reschedule "$b" 2026-06-15T20:00 --seat 101,102
	refuses 2 INVALID_ARGUMENT -- reschedule "$w" 2026-06-15T21:00 --seat 1
	same_as_before
	[ "$o" != "$b" ]
}

@test "reschedule: a buffer is kept around the moved booking" {
	seed
	berth -q resource set stylist --buffer 15m
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	berth -q book stylist 2026-06-10T12:00 --duration 1h
	refuses 4 CAPACITY_FULL -- reschedule "$b" 2026-06-10T11:00
	berth -q reschedule "$b" 2026-06-10T10:45
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T11:50 --duration 10m
	berth -q reschedule "$b" 2026-06-10T13:15
	run berth check
	assert_success
}
