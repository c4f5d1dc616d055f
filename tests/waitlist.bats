#!/usr/bin/env bats
# waitlist (issue 11): entries wait for room on a resource or a service;
# capacity freed by a cancel, a release, an expiry, a reschedule, more
# capacity or time off removed is offered, in the same transaction, to
# the best entry that fits (priority, then age) as a hold (offer_ttl,
# default 2h) with a waitlist.offered event; an offer that lapses goes to
# the next; confirming it fulfils the entry; entries past their last day
# expire. Every refusal leaves the store as it was (`refuses` compares a
# dump of every table).

load helper
bats_require_minimum_version 1.5.0

# stylist (capacity 1) is full on Wednesday 2026-06-10 10:00-11:00 (b1).
full() {
	seed
	berth -q book stylist 2026-06-10T10:00 --duration 1h --customer ann
}

wl() { berth --format json waitlist "$@"; }
status_of() { berth --format json waitlist show "$1" | jq -r .status; }
offer_of() { berth --format json waitlist show "$1" | jq -r .offer; }
events_of() { berth --format jsonl events --type 'waitlist.*' | jq -r '"\(.type) \(.entity)"'; }

# --- adding, showing, listing ---

@test "waitlist add: an entry waits, with its defaults, audited and evented" {
	full
	run --separate-stderr wl add stylist --customer bob --duration 45m --times 10:00-11:00 --days wed,sat --from 2026-06-10 --to 2026-06-12
	assert_success
	[ "$(echo "$output" | jq -r .id)" = w1 ]
	[ "$(echo "$output" | jq -r .status)" = waiting ]
	[ "$(echo "$output" | jq -r .from)" = 2026-06-10 ]
	[ "$(echo "$output" | jq -r .to)" = 2026-06-12 ]
	[ "$(echo "$output" | jq -r .days)" = wed,sat ]
	[ "$(echo "$output" | jq -r .times)" = 10:00-11:00 ]
	[ "$(echo "$output" | jq -r .duration)" = 45m ]
	[ "$(echo "$output" | jq -r .quantity)" = 1 ]
	[ "$(echo "$output" | jq -r .priority)" = 0 ]
	[ "$(echo "$output" | jq -r .offer)" = null ]
	[ "$(berth --format json audit w1 | jq -r '.[0].action')" = waitlist.created ]
	[ "$(events_of)" = "waitlist.created w1" ]
	# one waitday entry: its only Wednesday (no Saturday in its dates)
	[ "$(damage list | awk '$1 == "waitday" { print $2 }')" = 1 ]
	run berth check
	assert_success
}

@test "waitlist add: room there is already is offered at once" {
	seed
	berth -q service add cut --duration 30m --resources stylist,workshop
	berth -q book stylist 2026-06-01T10:00 --duration 1h
	run --separate-stderr wl add stylist --customer bob --duration 45m
	assert_success
	[ "$(echo "$output" | jq -r .status)" = offered ]
	[ "$(echo "$output" | jq -r .from)" = 2026-06-01 ]
	[ "$(echo "$output" | jq -r .to)" = 2026-06-30 ]
	[ "$(echo "$output" | jq -r .days)" = mon,tue,wed,thu,fri,sat,sun ]
	[ "$(echo "$output" | jq -r .times)" = 00:00-24:00 ]
	# the earliest room from now: after b1
	[ "$(berth --format json show "$(echo "$output" | jq -r .offer)" | jq -r '.start + " " + .end')" = "2026-06-01T11:00:00+00:00 2026-06-01T11:45:00+00:00" ]
	[ "$(wl add --service cut --customer cy --days mon-fri --times 09:00-12:00 --priority 7 | jq -c '[.id,.service,.duration,.days,.times,.priority,.status]')" = '["w2","cut","30m","mon,tue,wed,thu,fri","09:00-12:00",7,"offered"]' ]
	# the earliest room of all the service's resources: the stylist's
	# first within 09:00-12:00 is the next morning, the workshop's now
	[ "$(berth --format json show h2 | jq -r '.resource + " " + .start')" = "workshop 2026-06-01T10:00:00+00:00" ]
	[ "$(berth --format jsonl waitlist list | jq -r .id | tr '\n' ' ')" = "w1 w2 " ]
	[ "$(berth --format jsonl waitlist list --service cut | jq -r .id)" = w2 ]
	[ "$(berth --format jsonl waitlist list --customer bob | jq -r .id)" = w1 ]
	[ "$(berth --format jsonl waitlist list --status waiting | wc -l)" -eq 0 ]
	run events_of
	assert_line "waitlist.offered w1"
	run berth check
	assert_success
}

# --- the offer ---

@test "waitlist: a cancel offers the full slot to the higher priority, with a hold and an event" {
	full
	berth -q waitlist add stylist --customer low --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 1
	berth -q waitlist add stylist --customer high --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 5
	berth -q cancel b1
	[ "$(status_of w2)" = offered ]
	[ "$(status_of w1)" = waiting ]
	h=$(offer_of w2)
	[ "$h" = h1 ]
	run berth --format json show "$h"
	[ "$(echo "$output" | jq -r .customer)" = high ]
	[ "$(echo "$output" | jq -r .start)" = 2026-06-10T10:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T11:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .status)" = active ]
	# offer_ttl: 2h from the cancel
	[ "$(echo "$output" | jq -r .expires_at)" = 2026-06-01T12:00:00+00:00 ]
	[ "$(echo "$output" | jq -r .attrs.waitlist)" = w2 ]
	[ "$(berth --format json waitlist show w2 | jq -r .offer_expires_at)" = 2026-06-01T12:00:00+00:00 ]
	run events_of
	assert_line "waitlist.offered w2"
	refute_line "waitlist.offered w1"
	# the event carries the entry with its customer and offer
	[ "$(berth --format jsonl events --type waitlist.offered | jq -r '.state.customer + " " + .state.offer')" = "high h1" ]
	# The offer is a hold: the slot shows no room, and nobody else books it.
	[ "$(berth --format json availability stylist --at 2026-06-10T10:30 | jq -r .available)" = 0 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T10:00 --duration 1h --customer zed
	# slots offers none of it to anyone else, and --all shows it full
	run berth --format jsonl slots stylist --from 2026-06-10 --to 2026-06-10 --duration 1h
	assert_success
	refute_line --partial '"start":"2026-06-10T10:00:00+00:00"'
	assert_line --partial '"start":"2026-06-10T11:00:00+00:00"'
	run berth --format jsonl slots stylist --from 2026-06-10 --to 2026-06-10 --duration 1h --all
	assert_line --regexp '"start":"2026-06-10T10:00:00\+00:00".*"available":0'
	# Audited as the system's doing.
	[ "$(berth --format json audit w2 | jq -r '.[-1].role')" = system ]
	run berth check
	assert_success
}

@test "waitlist: an offer that expires lapses at once, and goes to the next when expire sweeps it" {
	full
	berth -q waitlist add stylist --customer low --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 1
	berth -q waitlist add stylist --customer high --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 5
	berth -q cancel b1
	[ "$(offer_of w2)" = h1 ]
	# Before expire runs: the offer has lapsed and the room is free, but
	# no write has seen it, so the next entry waits still.
	export BERTH_NOW=2026-06-01T12:00:00Z
	[ "$(status_of w2)" = lapsed ]
	[ "$(status_of w1)" = waiting ]
	[ "$(berth --format json availability stylist --at 2026-06-10T10:30 | jq -r .available)" = 1 ]
	# expire sweeps the hold, lapses w2 and offers the room to w1.
	berth -q expire
	[ "$(status_of w2)" = lapsed ]
	[ "$(status_of w1)" = offered ]
	[ "$(offer_of w1)" = h2 ]
	[ "$(berth --format json show h2 | jq -r .customer)" = low ]
	[ "$(berth --format json show h2 | jq -r .expires_at)" = 2026-06-01T14:00:00+00:00 ]
	run events_of
	assert_line "waitlist.lapsed w2"
	assert_line "waitlist.offered w1"
	# Nothing else waits: when h2 lapses too, nobody is offered it.
	export BERTH_NOW=2026-06-01T14:00:00Z
	berth -q expire
	[ "$(status_of w1)" = lapsed ]
	[ "$(berth --format jsonl list --holds --status active | wc -l)" -eq 0 ]
	run berth check
	assert_success
}

@test "waitlist: a released offer goes to the next in the same step" {
	full
	berth -q waitlist add stylist --customer low --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q waitlist add stylist --customer high --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 3
	berth -q cancel b1
	[ "$(offer_of w2)" = h1 ]
	berth -q release h1
	[ "$(status_of w2)" = lapsed ]
	[ "$(status_of w1)" = offered ]
	[ "$(offer_of w1)" = h2 ]
}

@test "waitlist: equal priorities go to the oldest entry" {
	full
	berth -q waitlist add stylist --customer first --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 2
	berth -q waitlist add stylist --customer second --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 2
	berth -q cancel b1
	[ "$(status_of w1)" = offered ]
	[ "$(status_of w2)" = waiting ]
}

@test "waitlist: entries whose days, times, length or quantity do not fit are passed over" {
	full
	berth -q book stylist 2026-06-10T11:00 --duration 1h
	# Wednesday 10:00-11:00 frees up. Each of these asks for more, or
	# other, than that, and each has a higher priority than the one that
	# fits.
	berth -q waitlist add stylist --customer fits --duration 30m --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 1
	berth -q waitlist add stylist --customer tuesday --duration 30m --days tue,thu --from 2026-06-10 --to 2026-06-10 --priority 9
	berth -q waitlist add stylist --customer long --duration 2h --times 10:00-12:00 --from 2026-06-10 --to 2026-06-10 --priority 9
	berth -q waitlist add stylist --customer late --duration 30m --times 10:45-12:00 --from 2026-06-10 --to 2026-06-10 --priority 9
	berth -q waitlist add stylist --customer over --duration 1h --times 10:30-12:00 --from 2026-06-10 --to 2026-06-10 --priority 9
	for w in w1 w2 w3 w4 w5; do
		[ "$(status_of $w)" = waiting ] || { echo "$w: $(status_of $w)"; false; }
	done
	berth -q cancel b1
	[ "$(status_of w1)" = offered ]
	for w in w2 w3 w4 w5; do
		[ "$(status_of $w)" = waiting ] || { echo "$w: $(status_of $w)"; false; }
	done
	[ "$(berth --format json show "$(offer_of w1)" | jq -r '.start + " " + .end')" = "2026-06-10T10:00:00+00:00 2026-06-10T10:30:00+00:00" ]
	run berth check
	assert_success
}

@test "waitlist: an entry wanting more units than were freed is passed over" {
	seed
	berth -q book workshop 2026-06-10T10:00 --duration 1h --quantity 2
	berth -q book workshop 2026-06-10T10:00 --duration 1h
	berth -q waitlist add workshop --customer two --quantity 2 --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 9
	berth -q waitlist add workshop --customer one --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q cancel b2
	[ "$(status_of w1)" = waiting ]
	[ "$(status_of w2)" = offered ]
	[ "$(berth --format json show "$(offer_of w2)" | jq -r .quantity)" = 1 ]
}

@test "waitlist: the offer starts when the entry's times allow within the freed window" {
	full
	berth -q book stylist 2026-06-10T11:00 --duration 1h
	berth -q waitlist add stylist --customer bob --duration 30m --times 10:30-12:00 --from 2026-06-10 --to 2026-06-10
	[ "$(status_of w1)" = waiting ]
	berth -q cancel b1
	[ "$(berth --format json show "$(offer_of w1)" | jq -r .start)" = 2026-06-10T10:30:00+00:00 ]
}

@test "waitlist: confirming the offer fulfils the entry" {
	full
	berth -q waitlist add stylist --customer bob --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q cancel b1
	h=$(offer_of w1)
	b=$(field id -- --role customer --as bob confirm "$h")
	[ "$(status_of w1)" = fulfilled ]
	[ "$(berth --format json waitlist show w1 | jq -r .booking)" = "$b" ]
	run events_of
	assert_line "waitlist.fulfilled w1"
	[ "$(berth --format json audit w1 | jq -r '.[-1].changes')" = "status offered->fulfilled, booking $b" ]
	run berth check
	assert_success
}

@test "waitlist: a reschedule away, more capacity and time off removed each offer the room" {
	full
	berth -q waitlist add stylist --customer bob --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q reschedule b1 2026-06-10T14:00
	[ "$(status_of w1)" = offered ]
	[ "$(berth --format json show "$(offer_of w1)" | jq -r .start)" = 2026-06-10T10:00:00+00:00 ]

	berth -q book workshop 2026-06-12T10:00 --duration 1h --quantity 3
	berth -q waitlist add workshop --customer cy --duration 1h --times 10:00-11:00 --from 2026-06-12 --to 2026-06-12
	berth -q resource set workshop --capacity 4
	[ "$(status_of w2)" = offered ]

	berth -q timeoff add stylist --from 2026-06-15T09:00 --to 2026-06-15T17:00
	berth -q waitlist add stylist --customer dee --duration 1h --times 09:00-10:00 --from 2026-06-15 --to 2026-06-15
	[ "$(status_of w3)" = waiting ]
	berth -q timeoff rm t1
	[ "$(status_of w3)" = offered ]
	[ "$(berth --format json show "$(offer_of w3)" | jq -r .start)" = 2026-06-15T09:00:00+00:00 ]
	run berth check
	assert_success
}

@test "waitlist: apply raising capacity or seats offers the room in its transaction; a dry run or a refused file offers nothing" {
	seed
	berth -q book workshop 2026-06-12T10:00 --duration 1h --quantity 3
	berth -q resource add hall --seats 2
	berth -q book hall 2026-06-12T10:00 --duration 1h --seat 1,2
	berth -q waitlist add workshop --customer cy --duration 1h --times 10:00-11:00 --from 2026-06-12 --to 2026-06-12
	berth -q waitlist add hall --customer dee --duration 1h --times 10:00-11:00 --from 2026-06-12 --to 2026-06-12
	printf 'resources:\n  - name: workshop\n    capacity: 4\n  - name: hall\n    seats: 3\n' >"$BATS_TEST_TMPDIR/more.yaml"
	# --dry-run: the plan, and no offer
	before=$(store_dump)
	berth -q apply --dry-run "$BATS_TEST_TMPDIR/more.yaml"
	[ "$(store_dump)" = "$before" ]
	# a file refused after the raise: nothing, the offers neither
	printf 'resources:\n  - name: workshop\n    capacity: 4\n  - name: hall\n    seats: 0\n' >"$BATS_TEST_TMPDIR/bad.yaml"
	refuses 2 INVALID_ARGUMENT -- apply "$BATS_TEST_TMPDIR/bad.yaml"
	[ "$(status_of w1)" = waiting ]
	berth -q apply "$BATS_TEST_TMPDIR/more.yaml"
	[ "$(status_of w1)" = offered ]
	[ "$(status_of w2)" = offered ]
	[ "$(berth --format json show "$(offer_of w1)" | jq -r '.resource + " " + .start + " " + .customer')" = "workshop 2026-06-12T10:00:00+00:00 cy" ]
	# the new seat, the only one free
	[ "$(berth --format json show "$(offer_of w2)" | jq -c '[.resource, .seats, .customer]')" = '["hall",[3],"dee"]' ]
	# one transaction: the offers' audit records follow the resources'
	[ "$(berth --format jsonl audit | jq -r .action | tail -6 | paste -sd' ')" = "resource.updated resource.updated hold.created waitlist.offered hold.created waitlist.offered" ]
	[ "$(events_of | tail -2 | paste -sd' ')" = "waitlist.offered w1 waitlist.offered w2" ]
	run berth check
	assert_success
}

@test "waitlist: a service's entry is offered room on any of its resources" {
	seed
	berth -q service add cut --duration 30m --resources stylist
	berth -q book stylist 2026-06-10T10:00 --duration 30m
	berth -q waitlist add --service cut --customer bob --from 2026-06-10 --to 2026-06-10 --times 10:00-10:30
	berth -q cancel b1
	[ "$(status_of w1)" = offered ]
	[ "$(berth --format json show "$(offer_of w1)" | jq -r '.resource + " " + .end')" = "stylist 2026-06-10T10:30:00+00:00" ]
}

@test "waitlist: a service's entry is offered the earliest room of all its resources, not the first resource's" {
	seed
	berth -q resource add ana
	berth -q service add cut --duration 1h --resources stylist,ana
	# On adding: stylist is free from 12:00, ana from 10:00.
	berth -q book stylist 2026-06-10T09:00 --duration 3h
	berth -q book ana 2026-06-10T09:00 --duration 1h
	berth -q waitlist add --service cut --customer bob --from 2026-06-10 --to 2026-06-10 --times 09:00-13:00
	[ "$(status_of w1)" = offered ]
	[ "$(berth --format json show "$(offer_of w1)" | jq -r '.resource + " " + .start')" = "ana 2026-06-10T10:00:00+00:00" ]
	# Freed in one step: expire sweeps stylist's pending 11:00 (made
	# first) and ana's pending 09:00; the entry gets ana's, the earlier.
	berth -q book stylist 2026-06-11T09:00 --duration 2h
	berth -q book stylist 2026-06-11T11:00 --duration 1h --pending
	berth -q book stylist 2026-06-11T12:00 --duration 1h
	berth -q book ana 2026-06-11T09:00 --duration 1h --pending
	berth -q book ana 2026-06-11T10:00 --duration 3h
	berth -q waitlist add --service cut --customer cy --from 2026-06-11 --to 2026-06-11 --times 09:00-13:00
	[ "$(status_of w2)" = waiting ]
	berth -q expire --now 2026-06-01T10:31Z
	[ "$(status_of w2)" = offered ]
	[ "$(berth --format json show "$(offer_of w2)" | jq -r '.resource + " " + .start + " " + .customer')" = "ana 2026-06-11T09:00:00+00:00 cy" ]
	run berth check
	assert_success
}

@test "waitlist: a freed unit goes to one entry; two freed units to two" {
	seed
	berth -q book workshop 2026-06-10T10:00 --duration 1h --quantity 3
	for c in a b c; do
		berth -q waitlist add workshop --customer $c --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	done
	berth -q resource set workshop --capacity 5
	[ "$(status_of w1)" = offered ]
	[ "$(status_of w2)" = offered ]
	[ "$(status_of w3)" = waiting ]
	[ "$(berth --format json availability workshop --at 2026-06-10T10:30 | jq -r .available)" = 0 ]
	run berth check
	assert_success
}

# --- expire and rm ---

@test "waitlist: expire ends the entries past their last day" {
	seed
	# No Sunday in their dates: they wait, and are offered nothing.
	berth -q waitlist add stylist --customer bob --duration 1h --to 2026-06-02 --days sun
	berth -q waitlist add stylist --customer cy --duration 1h --to 2026-06-05 --days sun
	export BERTH_NOW=2026-06-02T23:59:00Z
	run berth expire
	assert_success
	[ "$(status_of w1)" = waiting ]
	export BERTH_NOW=2026-06-03T00:00:00Z
	run berth expire --dry-run
	[ "$(status_of w1)" = waiting ]
	run berth expire
	assert_success
	[ "$(status_of w1)" = expired ]
	[ "$(status_of w2)" = waiting ]
	run events_of
	assert_line "waitlist.expired w1"
	run berth check
	assert_success
}

@test "waitlist rm: a waiting entry is removed; an offered one gives its hold back to the next" {
	full
	berth -q waitlist add stylist --customer a --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 5
	berth -q waitlist add stylist --customer b --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q waitlist add stylist --customer c --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	run --separate-stderr wl rm w3
	assert_success
	[ "$(echo "$output" | jq -r .status)" = removed ]
	berth -q cancel b1
	[ "$(offer_of w1)" = h1 ]
	berth -q waitlist rm w1
	[ "$(status_of w1)" = removed ]
	[ "$(berth --format json show h1 | jq -r .status)" = released ]
	[ "$(status_of w2)" = offered ]
	refuses 4 INVALID_STATE -- waitlist rm w1
	run berth check
	assert_success
}

@test "waitlist: a customer adds and removes its own entries only" {
	seed
	run berth --role customer --as bob -q waitlist add stylist --customer bob --duration 1h
	assert_success
	refuses 5 FORBIDDEN -- --role customer --as bob waitlist add stylist --customer ann --duration 1h
	berth -q waitlist add stylist --customer ann --duration 1h
	refuses 5 FORBIDDEN -- --role customer --as bob waitlist rm w2
	run berth --role customer --as bob -q waitlist rm w1
	assert_success
}

@test "waitlist: a customer's own cancel offers the room to another customer" {
	full
	berth -q waitlist add stylist --customer bob --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	run berth --role customer --as ann -q cancel b1
	assert_success
	[ "$(status_of w1)" = offered ]
	[ "$(berth --format json show "$(offer_of w1)" | jq -r .customer)" = bob ]
}

# --- refusals: each with its exit and code, and nothing written ---

@test "waitlist add: every refusal, with the store unchanged" {
	seed
	berth -q service add cut --duration 30m --resources stylist
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --duration 1h
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --service cut --customer a --duration 1h
	refuses 2 INVALID_ARGUMENT -- waitlist add --customer a --duration 1h --location x
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --location x
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --quantity 2
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --quantity 0
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 3h --times 10:00-12:00
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --from 2026-06-10 --to 2026-06-09
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --from 2026-06-10 --to 2027-06-11
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --days mon,xyz
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --times 12:00-10:00
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --times 10:00
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --priority 1001
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1h --priority -1
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer "$(printf 'a\tb')" --duration 1h
	refuses 2 INVALID_ARGUMENT -- waitlist add stylist --customer a --duration 1x
	refuses 2 INVALID_TIME -- waitlist add stylist --customer a --duration 1h --from 2026-13-01
	refuses 5 PAST -- waitlist add stylist --customer a --duration 1h --from 2026-05-01 --to 2026-05-31
	refuses 3 NOT_FOUND -- waitlist add nosuch --customer a --duration 1h
	refuses 3 NOT_FOUND -- waitlist add --service nosuch --customer a
	refuses 3 NOT_FOUND -- waitlist add --service cut --location Mitte --customer a
}

@test "waitlist show, rm and list: every refusal, with the store unchanged" {
	seed
	berth -q waitlist add stylist --customer a --duration 1h
	refuses 3 NOT_FOUND -- waitlist show w9
	refuses 3 NOT_FOUND -- waitlist rm w9
	refuses 2 INVALID_ARGUMENT -- waitlist rm b1
	refuses 2 INVALID_ARGUMENT -- waitlist rm w0
	refuses 2 INVALID_ARGUMENT -- waitlist rm
	refuses 2 INVALID_ARGUMENT -- waitlist list --status nosuch
	refuses 2 INVALID_ARGUMENT -- waitlist list extra
	berth -q waitlist rm w1
	refuses 4 INVALID_STATE -- waitlist rm w1
}

# --- the store ---

@test "waitlist: check finds a missing or extra index entry, and --repair rebuilds them" {
	seed
	for d in 10 11 12; do
		berth -q book stylist 2026-06-${d}T10:00 --duration 1h
	done
	berth -q waitlist add stylist --customer a --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-12
	[ "$(damage list | awk '$1 == "waitday" { print $2 }')" = 3 ]
	[ "$(damage list | awk '$1 == "waitdue" { print $2 }')" = 1 ]
	damage waitday delete --entry 1
	run berth check
	assert_failure 10
	assert_output --partial "waitday"
	run berth check --repair
	assert_success
	run berth check
	assert_success
	[ "$(damage list | awk '$1 == "waitday" { print $2 }')" = 3 ]
	# An entry no longer waiting has no index entries: offered, it leaves.
	berth -q cancel b2
	[ "$(status_of w1)" = offered ]
	[ "$(damage list | awk '$1 ~ /^wait(day|due)$/ { n += $2 } END { print n + 0 }')" = 0 ]
	run berth check
	assert_success
}
