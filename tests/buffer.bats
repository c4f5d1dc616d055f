#!/usr/bin/env bats
# Buffers: a resource's buffer is time kept free after each claim, which
# occupies [start, end + buffer) for every capacity, seat and overlap
# decision (DECISIONS: "A 10:00-11:00 booking with a 15m buffer refuses
# 09:00 (09:00-10:00 plus buffer) and 11:00, and offers 11:15"). Each claim
# keeps the buffer in force when it was made.

load helper



@test "buffer: a 10:00-11:00 booking with 15m refuses 09:00 and 11:00, takes 11:15" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 15m
	[ "$(field id -- book stylist 2026-06-10T10:00 --duration 1h)" = b1 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T11:00 --duration 1h
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
	refuses 4 CAPACITY_FULL -- lock stylist 2026-06-10T11:10 --duration 5m
	[ "$(field id -- book stylist 2026-06-10T08:45 --duration 1h)" = b2 ]
	[ "$(field id -- book stylist 2026-06-10T11:15 --duration 1h)" = b3 ]
	berth check >/dev/null
}

@test "buffer: the refusal says when the window and its buffer next fit" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 15m
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	run --separate-stderr berth --format json book stylist 2026-06-10T10:30 --duration 1h
	[ "$status" -eq 4 ]
	[ "$(echo "$stderr" | jq -r .error.details.next_room)" = 2026-06-10T11:15:00+00:00 ]
}

@test "buffer: show, list and json give buffer_end; the default table does not" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 15m --tz Europe/Paris
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	run berth --format json show b1
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T11:00:00+02:00 ]
	[ "$(echo "$output" | jq -r .buffer_end)" = 2026-06-10T11:15:00+02:00 ]
	run berth list
	refute_output --partial buffer_end
	run berth list -o id,end,buffer_end
	assert_output --partial "11:15"
	run berth --format csv list
	assert_line --index 0 --partial ",end,buffer_end,"
}

@test "buffer: a resource without one ends where the claim ends" {
	seed
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	[ "$(berth --format json show b1 | jq -r .buffer_end)" = 2026-06-10T11:00:00+00:00 ]
	[ "$(field id -- book stylist 2026-06-10T11:00 --duration 1h)" = b2 ]
}

@test "buffer: a claim keeps the buffer it was made with; check agrees" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 30m
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	berth -q resource set stylist --buffer 0
	# b1 still occupies until 11:30.
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T11:15 --duration 15m
	[ "$(field id -- book stylist 2026-06-10T11:30 --duration 1h)" = b2 ]
	[ "$(berth --format json show b2 | jq -r .buffer_end)" = 2026-06-10T12:30:00+00:00 ]
	berth -q resource set stylist --buffer 1h
	[ "$(field id -- book stylist 2026-06-10T12:30 --duration 30m)" = b3 ]
	berth check >/dev/null
}

@test "buffer: a confirmed hold keeps its buffer; release and expiry free it" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 15m
	berth -q lock stylist 2026-06-10T10:00 --duration 1h
	berth -q confirm h1
	[ "$(berth --format json show b1 | jq -r .buffer_end)" = 2026-06-10T11:15:00+00:00 ]
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T11:00 --duration 15m
	berth -q cancel b1
	[ "$(field id -- book stylist 2026-06-10T11:00 --duration 15m)" = b2 ]
	berth -q lock stylist 2026-06-10T12:00 --duration 1h --ttl 1m
	refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T13:00 --duration 15m --now 2026-06-01T10:00:30Z
	[ "$(field id -- book stylist 2026-06-10T13:00 --duration 15m --now 2026-06-01T10:02:00Z)" = b3 ]
	berth check --now 2026-06-01T10:02:00Z >/dev/null
}

@test "buffer: a seat stays taken through its buffer" {
	berth init >/dev/null
	berth -q resource add hall --seats 3 --buffer 30m
	berth -q book hall 2026-06-10T20:00 --duration 2h --seat 2
	run --separate-stderr berth --format json book hall 2026-06-10T22:15 --duration 1h --seat 2
	[ "$status" -eq 4 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = SEAT_TAKEN ]
	[ "$(field id -- book hall 2026-06-10T22:30 --duration 1h --seat 2)" = b2 ]
	run berth --format json availability hall --seats --from 2026-06-10T22:00 --to 2026-06-10T22:20
	assert_success
	berth check >/dev/null
}

@test "buffer: a buffer that would end past 9999 is refused" {
	berth init >/dev/null
	berth -q resource add stylist --buffer 2d
	before=$(store_dump)
	refuses 2 INVALID_TIME -- book stylist 9999-12-31T10:00 --duration 1h
	[ "$before" = "$(store_dump)" ]
}
