#!/usr/bin/env bats
# A resource made smaller than what is booked on it: `resource set` keeps
# the change and every booking, says on stderr which claims no longer fit
# and lists them in its answer (misfits); `check` reports them (4
# OVERBOOKED), and `check --repair` says it cannot mend them.

load helper
bats_require_minimum_version 1.5.0

# A hall of 5 numbered seats with b1 on seat 4, b2 on seat 1 and b3 on
# seats 2 and 5, all on 2026-06-10 20:00-22:00.
seated_hall() {
	berth init >/dev/null
	berth resource add hall --seats 5 >/dev/null
	berth -q book hall 2026-06-10T20:00 --duration 2h --seat 4
	berth -q book hall 2026-06-10T20:00 --duration 2h --seat 1
	berth -q book hall 2026-06-10T20:00 --duration 2h --seat 2,5
}

# Claims as list shows them, to see that none moved.
claims() { berth --format json list | jq -c 'map([.id, .status, .quantity, .seats])'; }

@test "resource set: fewer seats than are booked warns, lists them, and keeps the change (0)" {
	seated_hall
	before=$(claims)
	run --separate-stderr berth --format json resource set hall --seats 3
	assert_success
	[ "$stderr" = "berth: warning: 2 bookings no longer fit hall (3 seats): b1, b3" ]
	[ "$(echo "$output" | jq -c .misfits)" = '["b1","b3"]' ]
	[ "$(echo "$output" | jq -r .seats)" = 3 ]
	[ "$(echo "$output" | jq -r .capacity)" = 3 ]
	# the change stands and no booking moved
	[ "$(berth --format json resource show hall | jq -r .seats)" = 3 ]
	[ "$(claims)" = "$before" ]
	# a seat beyond the new range cannot be booked any more
	refuses 2 INVALID_ARGUMENT -- book hall 2026-06-11T20:00 --duration 2h --seat 4
}

@test "resource set: a capacity below what is booked at once names the claims that no longer fit" {
	berth init >/dev/null
	berth resource add workshop --capacity 3 >/dev/null
	for i in 1 2 3; do
		berth -q book workshop 2026-06-10T09:00 --duration 1h
	done
	# b4 overlaps only b3's hour: with room for one, b1 (booked first)
	# keeps its place and b2, b3 do not fit; b4 does (b1 ends at 10:00)
	berth -q book workshop 2026-06-10T10:00 --duration 1h --quantity 2
	before=$(claims)
	run --separate-stderr berth --format json resource set workshop --capacity 2
	assert_success
	[ "$stderr" = "berth: warning: 1 booking no longer fits workshop (capacity 2): b3" ]
	[ "$(echo "$output" | jq -c .misfits)" = '["b3"]' ]
	run --separate-stderr berth --format json resource set workshop --capacity 1
	assert_success
	[ "$stderr" = "berth: warning: 3 bookings no longer fit workshop (capacity 1): b2, b3, b4" ]
	[ "$(echo "$output" | jq -c .misfits)" = '["b2","b3","b4"]' ]
	[ "$(echo "$output" | jq -r .capacity)" = 1 ]
	[ "$(claims)" = "$before" ]
}

@test "resource set: confirmed bookings keep their place before pending ones, and those before holds" {
	berth init >/dev/null
	berth resource add workshop --capacity 3 >/dev/null
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --ttl 1h)
	p=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --pending)
	c=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	[ "$h $p $c" = "h1 b1 b2" ]
	run --separate-stderr berth --format json resource set workshop --capacity 2
	assert_success
	[ "$stderr" = "berth: warning: 1 hold no longer fits workshop (capacity 2): h1" ]
	[ "$(echo "$output" | jq -c .misfits)" = '["h1"]' ]
	run --separate-stderr berth --format json resource set workshop --capacity 1
	[ "$stderr" = "berth: warning: 1 booking and 1 hold no longer fit workshop (capacity 1): b1, h1" ]
	[ "$(echo "$output" | jq -c .misfits)" = '["b1","h1"]' ]
}

@test "resource set: a shrink that fits says nothing and lists no misfits" {
	seated_hall
	run --separate-stderr berth --format json resource set hall --seats 5
	assert_success
	[ -z "$stderr" ]
	[ "$(echo "$output" | jq -c .misfits)" = '[]' ]
	berth resource add workshop --capacity 3 >/dev/null
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 2
	berth -q book workshop 2026-06-10T10:00 --duration 1h --quantity 2
	run --separate-stderr berth --format json resource set workshop --capacity 2
	assert_success
	[ -z "$stderr" ]
	[ "$(echo "$output" | jq -c .misfits)" = '[]' ]
	# a change of anything else on a resource that fits says nothing
	run --separate-stderr berth resource set workshop --location Upstairs
	assert_success
	[ -z "$stderr" ]
}

@test "resource set: what no longer counts does not stand in the way" {
	berth init >/dev/null
	berth resource add workshop --capacity 3 >/dev/null
	# cancelled, released, a hold past its time (10:01), a pending
	# booking past its time (10:32) and a booking that has ended (12:00)
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h --quantity 3)
	berth -q cancel "$b"
	h=$(field id -- lock workshop 2026-06-10T09:00 --duration 1h --quantity 3)
	berth -q release "$h"
	berth -q lock workshop 2026-06-10T09:00 --duration 1h --quantity 3 --ttl 1m
	berth -q --now 2026-06-01T10:02:00Z book workshop 2026-06-10T09:00 --duration 1h --quantity 3 --pending
	berth -q --now 2026-06-01T10:02:00Z book workshop 2026-06-01T11:00 --duration 1h --quantity 3
	# while the pending booking and the one under way count, they do
	# not fit a workshop for one (neither would alone)
	run --separate-stderr berth --format json --now 2026-06-01T10:20:00Z resource set workshop --capacity 1
	assert_success
	[ "$(echo "$output" | jq -c .misfits)" = '["b2","b3"]' ]
	[ "$stderr" = "berth: warning: 2 bookings no longer fit workshop (capacity 1): b2, b3" ]
	berth -q --now 2026-06-01T10:20:00Z resource set workshop --capacity 3
	later=2026-06-01T12:00:00Z
	run --separate-stderr berth --format json --now $later resource set workshop --capacity 1
	assert_success
	[ -z "$stderr" ]
	[ "$(echo "$output" | jq -c .misfits)" = '[]' ]
	run berth --now $later check
	assert_success
}

@test "resource set: misfits in table, csv, tsv and jsonl; -q keeps the warning" {
	seated_hall
	run --separate-stderr berth resource set hall --seats 3
	assert_success
	assert_line --regexp '^misfits +b1,b3$'
	run --separate-stderr berth --format csv resource set hall --seats 3
	[ "$(echo "$output" | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); print(r[0]["misfits"])')" = b1,b3 ]
	run --separate-stderr berth --format tsv resource set hall --seats 3
	[[ ${lines[0]} == *misfits* ]]
	run --separate-stderr berth --format jsonl resource set hall --seats 3
	[ "$(echo "$output" | jq -c .misfits)" = '["b1","b3"]' ]
	# a quiet run prints no answer, but still warns
	run --separate-stderr berth -q resource set hall --seats 3
	assert_success
	[ -z "$output" ]
	[ "$stderr" = "berth: warning: 2 bookings no longer fit hall (3 seats): b1, b3" ]
	# a refused set warns about nothing
	refuses 2 INVALID_ARGUMENT -- resource set hall --seats 2 --tz Nowhere/Land
	[ "$(berth --format json resource show hall | jq -r .seats)" = 3 ]
}

@test "resource set: a long list is cut short in the warning, never in the answer" {
	berth init >/dev/null
	berth resource add pickup --capacity 20 >/dev/null
	for i in $(seq 1 14); do echo '{"resource":"pickup","start":"2026-06-10T09:00","duration":"1h"}'; done |
		berth -q book --batch
	run --separate-stderr berth --format json resource set pickup --capacity 2
	assert_success
	[ "$stderr" = "berth: warning: 12 bookings no longer fit pickup (capacity 2): b3, b4, b5, b6, b7, b8, b9, b10, b11, b12 and 2 more" ]
	[ "$(echo "$output" | jq -c '.misfits | length')" = 12 ]
	[ "$(echo "$output" | jq -r '.misfits[-1]')" = b14 ]
}

@test "check: a seat beyond the resource's seats is reported (4 OVERBOOKED); raising them heals it" {
	seated_hall
	berth -q resource set hall --seats 3 2>/dev/null
	before=$(store_dump)
	run --separate-stderr berth --format json check
	[ "$status" -eq 4 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = OVERBOOKED ]
	# the 4 seats booked at once are over the 3 there are, and two of
	# them are seats the hall no longer has
	[ "$(echo "$output" | jq length)" = 3 ]
	[ "$(echo "$output" | jq -r '.[0].table')" = resource ]
	[ "$(echo "$output" | jq -r '.[0].problem')" = "4 units claimed at 2026-06-10T20:00:00+00:00, capacity 3; no longer fit: b1, b3" ]
	[ "$(echo "$output" | jq -r '.[1].table')" = seat ]
	[ "$(echo "$output" | jq -r '.[1].problem')" = "b1 has seat 4, beyond the 3 seats of hall" ]
	[ "$(echo "$output" | jq -r '.[2].problem')" = "b3 has seat 5, beyond the 3 seats of hall" ]
	[ "$(store_dump)" = "$before" ]
	berth -q resource set hall --seats 5
	run berth check
	assert_success
}

@test "check: a seat beyond the seats is reported even where the count fits" {
	berth init >/dev/null
	berth resource add hall --seats 10 >/dev/null
	berth -q book hall 2026-06-10T20:00 --duration 2h --seat 9
	berth -q resource set hall --seats 5 2>/dev/null
	run --separate-stderr berth --format json check
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq -c 'map(.table)')" = '["seat"]' ]
	[ "$(echo "$output" | jq -r '.[0].problem')" = "b1 has seat 9, beyond the 5 seats of hall" ]
	# a hold too
	berth -q resource set hall --seats 10
	berth -q lock hall 2026-06-11T20:00 --duration 2h --seat 7
	berth -q resource set hall --seats 5 2>/dev/null
	run --separate-stderr berth --format json check
	[ "$status" -eq 4 ]
	# by seat: 7, then 9
	[ "$(echo "$output" | jq -r 'map(.problem) | join("|")')" = "h1 has seat 7, beyond the 5 seats of hall|b1 has seat 9, beyond the 5 seats of hall" ]
	# once the hold's time is up, only the booking is left
	run --separate-stderr berth --format json --now 2026-06-01T10:06:00Z check
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq -r 'map(.problem) | join("|")')" = "b1 has seat 9, beyond the 5 seats of hall" ]
}

@test "check: a capacity problem names the claims that no longer fit" {
	berth init >/dev/null
	berth resource add workshop --capacity 3 >/dev/null
	for i in 1 2 3; do
		berth -q book workshop 2026-06-10T09:00 --duration 1h
	done
	berth -q resource set workshop --capacity 1 2>/dev/null
	run --separate-stderr berth --format json check
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq length)" = 1 ]
	[ "$(echo "$output" | jq -r '.[0].problem')" = "3 units claimed at 2026-06-10T09:00:00+00:00, capacity 1; no longer fit: b2, b3" ]
}

@test "check: claims whose time has ended are not held to a smaller resource" {
	seated_hall
	berth resource add workshop --capacity 3 >/dev/null
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 3
	berth -q resource set workshop --capacity 1 2>/dev/null
	berth -q resource set hall --seats 3 2>/dev/null
	run berth check
	[ "$status" -eq 4 ]
	# once the evening is over, the history is no problem
	run berth --now 2026-06-10T22:00:00Z check
	assert_success
	# but one under way is
	run berth --now 2026-06-10T21:59:00Z check
	[ "$status" -eq 4 ]
}

@test "check --repair: claims that no longer fit are left alone, and it says so (4)" {
	seated_hall
	berth -q resource set hall --seats 3 2>/dev/null
	before=$(store_dump)
	run --separate-stderr berth check --repair
	[ "$status" -eq 4 ]
	[ "$stderr" = "berth: OVERBOOKED: 3 problems found: claims that do not fit their resource; --repair cannot mend that (cancel or move them, or make the resource larger)" ]
	[ "$(echo "$output" | awk '$1 == "repaired" {print $2}')" = 0 ]
	[ "$(store_dump)" = "$before" ]
	[ -z "$(find "$BERTH_DB" -name '*repair*')" ]
	run --separate-stderr berth check
	[ "$status" -eq 4 ]
	[[ $stderr == "berth: OVERBOOKED: 3 problems found: claims that do not fit their resource; --repair cannot mend that"* ]]
}
