#!/usr/bin/env bats
# berth slots: the windows a booking could take now. What slots offers,
# book accepts; what book would refuse, slots does not offer.

load helper

# starts RES ARGS...: the offered starts, as RFC 3339, one a line.
starts() {
	berth --format tsv slots "$@" | sed 1d | cut -f2
}

# salon: anna in Paris, open with a lunch break, closed on Sundays.
salon() {
	berth init >/dev/null
	berth -q resource add anna --slot 15m --tz Europe/Paris
	berth -q hours set anna 'mon-fri 09:00-12:30,13:30-18:00' 'sat 08:00-12:00' 'sun closed'
}

@test "slots: a day's grid, with its break, in the resource's zone" {
	salon
	run starts anna --from 2026-06-02 --to 2026-06-02 --duration 1h
	assert_success
	[ "${lines[0]}" = 2026-06-02T09:00:00+02:00 ]
	[ "${lines[10]}" = 2026-06-02T11:30:00+02:00 ]  # ends at the break
	[ "${lines[11]}" = 2026-06-02T13:30:00+02:00 ]
	[ "${lines[-1]}" = 2026-06-02T17:00:00+02:00 ]
	[ "${#lines[@]}" -eq 26 ]
	# Sunday is closed; a table is short local times.
	run berth slots anna --from 2026-06-07 --to 2026-06-07 --duration 1h
	assert_success
	assert_output ""
	run berth slots anna --from 2026-06-06 --to 2026-06-06 --duration 3h
	assert_line --index 1 "anna      2026-06-06 08:00  11:00  1"
}

@test "slots: a buffer after a booking, and the request's own (DECISIONS' example)" {
	berth init >/dev/null
	berth -q resource add stylist --slot 15m --buffer 15m
	berth -q hours set stylist 'mon-sun 08:00-18:00'
	berth -q book stylist 2026-06-10T10:00 --duration 1h
	run starts stylist --from 2026-06-10T08:00 --to 2026-06-10T12:00 --duration 1h
	assert_success
	assert_line 2026-06-10T08:45:00+00:00
	refute_line 2026-06-10T09:00:00+00:00
	refute_line 2026-06-10T09:15:00+00:00
	refute_line 2026-06-10T11:00:00+00:00
	assert_line 2026-06-10T11:15:00+00:00
}

@test "slots: a dated exception, a recurring holiday next year, and time off" {
	salon
	berth -q hours set anna --date 2026-12-24 '09:00-11:00'
	berth -q holiday add 2026-12-25 --recurring --name Christmas
	berth -q timeoff add anna --from 2026-12-22T09:00 --to 2026-12-22T12:30 --reason training
	run starts anna --from 2026-12-24 --to 2026-12-24 --duration 1h
	[ "${#lines[@]}" -eq 5 ] && [ "${lines[-1]}" = 2026-12-24T10:00:00+01:00 ]
	[ -z "$(starts anna --from 2026-12-25 --to 2026-12-25 --duration 1h)" ]
	[ -z "$(starts anna --from 2027-12-25 --to 2027-12-25 --duration 1h)" ]
	run starts anna --from 2026-12-22 --to 2026-12-22 --duration 1h
	[ "${lines[0]}" = 2026-12-22T13:30:00+01:00 ]
}

@test "slots: a holiday far from UTC closes the local day, not the UTC day" {
	berth init >/dev/null
	berth -q resource add kiri --slot 1h --tz Pacific/Kiritimati
	berth -q hours set kiri 'mon-sun 00:00-24:00'
	berth -q holiday add 2026-07-01
	run starts kiri --from 2026-06-30 --to 2026-07-02 --duration 1h
	assert_success
	refute_output --partial 2026-07-01T
	assert_line 2026-06-30T23:00:00+14:00
	assert_line 2026-07-02T00:00:00+14:00
	[ "${#lines[@]}" -eq 48 ]
}

@test "slots: min notice and horizon exactly at their edges" {
	berth init >/dev/null
	berth -q resource add bay --slot 1h
	berth -q policy set min_notice 2h
	berth -q policy set horizon 1d
	run starts bay --from 2026-06-01 --to 2026-06-03 --duration 1h
	[ "${lines[0]}" = 2026-06-01T12:00:00+00:00 ]
	[ "${lines[-1]}" = 2026-06-02T10:00:00+00:00 ]
	berth -q book bay 2026-06-01T12:00 --duration 1h
	berth -q book bay 2026-06-02T10:00 --duration 1h
	refuses 5 MIN_NOTICE -- book bay 2026-06-01T11:00 --duration 1h
	refuses 5 BEYOND_HORIZON -- book bay 2026-06-02T11:00 --duration 1h
}

@test "slots: a capacity of 3 shows 3, 2, 1 left and then no slot; --all shows it full" {
	berth init >/dev/null
	berth -q resource add workshop --capacity 3 --slot 2h
	berth -q hours set workshop 'mon-sun 10:00-12:00'
	for left in 3 2 1; do
		[ "$(berth --format tsv slots workshop --from 2026-06-10 --to 2026-06-10 | sed 1d | cut -f4)" = "$left" ]
		berth -q book workshop 2026-06-10T10:00
	done
	[ -z "$(starts workshop --from 2026-06-10 --to 2026-06-10)" ]
	run berth --format tsv slots workshop --from 2026-06-10 --to 2026-06-10 --all
	assert_line --index 1 "$(printf 'workshop\t2026-06-10T10:00:00+00:00\t2026-06-10T12:00:00+00:00\t0')"
	# Two units: only where two are left.
	berth -q cancel b3
	berth -q cancel b2
	[ "$(starts workshop --from 2026-06-10 --to 2026-06-10 --quantity 2)" = 2026-06-10T10:00:00+00:00 ]
	[ -z "$(starts workshop --from 2026-06-10 --to 2026-06-10 --quantity 3)" ]
}

@test "slots: a live hold takes its slot; an expired one frees it before expire runs" {
	berth init >/dev/null
	berth -q resource add stylist --slot 1h
	berth -q hours set stylist 'mon-sun 09:00-11:00'
	berth -q lock stylist 2026-06-10T09:00 --ttl 5m
	[ "$(starts stylist --from 2026-06-10 --to 2026-06-10)" = 2026-06-10T10:00:00+00:00 ]
	run starts stylist --from 2026-06-10 --to 2026-06-10 --now 2026-06-01T10:05:00Z
	[ "${#lines[@]}" -eq 2 ]
}

@test "slots: several resources, by start then name; a seated resource counts seats" {
	berth init >/dev/null
	berth -q resource add ben --slot 30m
	berth -q resource add anna --slot 30m
	berth -q resource add hall --seats 3 --slot 2h
	berth -q hours set ben 'mon-sun 09:00-10:00'
	berth -q hours set anna 'mon-sun 09:30-10:30'
	run berth --format tsv slots ben anna --from 2026-06-10 --to 2026-06-10
	assert_line --index 1 --partial "ben	2026-06-10T09:00"
	assert_line --index 2 --partial "anna	2026-06-10T09:30"
	assert_line --index 3 --partial "ben	2026-06-10T09:30"
	assert_line --index 4 --partial "anna	2026-06-10T10:00"
	berth -q book hall 2026-06-10T20:00 --seat 2
	run berth --format tsv slots hall --from 2026-06-10T20:00 --to 2026-06-10T20:01
	assert_line --index 1 --partial "	2"
}

@test "slots: a seated window counts the seats free all through it, as book does" {
	berth init >/dev/null
	berth -q resource add hall --seats 2 --slot 1h
	# Seat 1 is taken 10-11, seat 2 11-12: at no instant are both taken,
	# yet no seat is free from 10 to 12.
	berth -q book hall 2026-06-10T10:00 --duration 1h --seat 1
	berth -q book hall 2026-06-10T11:00 --duration 1h --seat 2
	run berth --format tsv slots hall --from 2026-06-10T09:00 --to 2026-06-10T12:00 --duration 2h --all
	assert_success
	assert_line --index 1 --partial "2026-06-10T09:00:00+00:00	2026-06-10T11:00:00+00:00	1"
	assert_line --index 2 --partial "2026-06-10T10:00:00+00:00	2026-06-10T12:00:00+00:00	0"
	assert_line --index 3 --partial "2026-06-10T11:00:00+00:00	2026-06-10T13:00:00+00:00	1"
	run berth --format tsv slots hall --from 2026-06-10T10:00 --to 2026-06-10T10:01 --duration 2h
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run berth book hall 2026-06-10T10:00 --duration 2h
	assert_failure 4
	# The same seat taken twice, with a gap shorter than the window: one
	# seat, counted once.
	berth -q book hall 2026-06-11T10:00 --duration 1h --seat 1
	berth -q book hall 2026-06-11T11:30 --duration 1h --seat 1
	run berth --format tsv slots hall --from 2026-06-11T10:00 --to 2026-06-11T10:01 --duration 2h
	assert_line --index 1 --partial "	1"
	run berth -q book hall 2026-06-11T10:00 --duration 2h
	assert_success
	# A seat hold takes its seat until it expires, and not after, swept
	# or not.
	berth -q lock hall 2026-06-12T10:00 --duration 1h --seat 2 --ttl 5m
	run berth --format tsv slots hall --from 2026-06-12T10:00 --to 2026-06-12T10:01 --duration 1h
	assert_line --index 1 --partial "	1"
	run berth --format tsv slots hall --from 2026-06-12T10:00 --to 2026-06-12T10:01 --duration 1h --now 2026-06-01T10:06:00Z
	assert_line --index 1 --partial "	2"
}

@test "slots: spring forward offers no start in the gap (Berlin, New York)" {
	berth init >/dev/null
	berth -q resource add b --slot 30m --tz Europe/Berlin
	berth -q resource add n --slot 30m --tz America/New_York
	berth -q hours set b 'sun 01:00-04:00'
	berth -q hours set n 'sun 01:00-04:00'
	run starts b --from 2027-03-28 --to 2027-03-28 --duration 30m
	assert_output "$(printf '%s\n' 2027-03-28T01:00:00+01:00 2027-03-28T01:30:00+01:00 2027-03-28T03:00:00+02:00 2027-03-28T03:30:00+02:00)"
	run starts n --from 2027-03-14 --to 2027-03-14 --duration 30m
	assert_output "$(printf '%s\n' 2027-03-14T01:00:00-05:00 2027-03-14T01:30:00-05:00 2027-03-14T03:00:00-04:00 2027-03-14T03:30:00-04:00)"
}

@test "slots: fall back offers each instant of the repeated hour once" {
	berth init >/dev/null
	berth -q resource add b --slot 30m --tz Europe/Berlin
	berth -q hours set b 'sun 01:00-04:00'
	run starts b --from 2026-10-25 --to 2026-10-25 --duration 30m
	assert_output "$(printf '%s\n' 2026-10-25T01:00:00+02:00 2026-10-25T01:30:00+02:00 \
		2026-10-25T02:00:00+02:00 2026-10-25T02:30:00+02:00 2026-10-25T02:00:00+01:00 \
		2026-10-25T02:30:00+01:00 2026-10-25T03:00:00+01:00 2026-10-25T03:30:00+01:00)"
	# Every one of them books.
	for s in $(starts b --from 2026-10-25 --to 2026-10-25 --duration 30m); do
		berth -q book b "$s" --duration 30m
	done
	[ -z "$(starts b --from 2026-10-25 --to 2026-10-25 --duration 30m)" ]
}

@test "slots: a zone 45 minutes off the hour (Kathmandu)" {
	berth init >/dev/null
	berth -q resource add k --slot 1h --tz Asia/Kathmandu
	berth -q hours set k 'mon-sun 09:00-11:00'
	run starts k --from 2026-06-10 --to 2026-06-10
	assert_output "$(printf '%s\n' 2026-06-10T09:00:00+05:45 2026-06-10T10:00:00+05:45)"
}

@test "slots: what slots offers books, and grid starts it leaves out are refused (random calendars)" {
	for seed in 1 2 3 4 5 6; do
		store_rm
		berth init >/dev/null
		RANDOM=$seed
		cap=$((RANDOM % 3 + 1))
		berth -q resource add r --capacity $cap --slot 30m --buffer $((RANDOM % 2 * 15))m
		berth -q hours set r "mon-fri 0$((RANDOM % 3 + 7)):00-12:00,13:00-1$((RANDOM % 4 + 5)):00" 'sat 09:00-13:00'
		berth -q holiday add 2026-06-1$((RANDOM % 5 + 1))
		berth -q timeoff add r --from 2026-06-0$((RANDOM % 5 + 3))T10:00 --to 2026-06-0$((RANDOM % 5 + 3))T15:00
		for i in $(seq 12); do
			berth -q book r "2026-06-0$((RANDOM % 9 + 1))T$((RANDOM % 10 + 8)):$((RANDOM % 2 * 30))" --duration $((RANDOM % 3 + 1))h 2>/dev/null || true
		done
		berth -q lock r 2026-06-05T09:00 --duration 1h 2>/dev/null || true
		offered=$(starts r --from 2026-06-02 --to 2026-06-12 --duration 1h)
		# A sample of offered starts each books (then is cancelled).
		for s in $(echo "$offered" | awk 'NR % 7 == 1'); do
			id=$(berth --format json book r "$s" --duration 1h | jq -r .id) || {
				echo "seed $seed: offered $s, refused"; return 1; }
			berth -q cancel "$id"
		done
		# Every grid start in open days that was not offered is refused.
		for d in 02 03 04 05 08 09 10; do
			for h in 08 09 10 11 13 14 15 16; do
				s=$(TZ=UTC date -d "2026-06-${d}T$h:30:00Z" +%Y-%m-%dT%H:%M:%S+00:00)
				echo "$offered" | grep -qx "$s" && continue
				if berth -q book r "$s" --duration 1h 2>/dev/null; then
					echo "seed $seed: $s was not offered but booked"; return 1
				fi
			done
		done
	done
}

@test "slots: on a seated resource too, what slots offers books and what it leaves out is refused (random seats)" {
	for seed in 1 2 4; do  # 4 staggers seats as only a seat count sees
		store_rm
		berth init >/dev/null
		RANDOM=$seed
		berth -q resource add hall --seats 3 --slot 30m
		for i in $(seq 14); do
			berth -q book hall "2026-06-0$((RANDOM % 3 + 2))T$((RANDOM % 8 + 9)):$((RANDOM % 2 * 30))" \
				--duration $((RANDOM % 2 + 1))h --seat $((RANDOM % 3 + 1)) 2>/dev/null || true
		done
		offered=$(starts hall --from 2026-06-02 --to 2026-06-04 --duration 90m --quantity 2)
		for s in $offered; do
			out=$(berth --format json book hall "$s" --duration 90m --quantity 2) || {
				echo "seed $seed: offered $s, refused"; return 1; }
			berth -q cancel "$(echo "$out" | jq -r .id)"
		done
		for d in 02 03 04; do
			for h in 08 09 10 11 12 13 14 15 16 17; do
				s=$(TZ=UTC date -d "2026-06-${d}T$h:00:00Z" +%Y-%m-%dT%H:%M:%S+00:00)
				echo "$offered" | grep -qx "$s" && continue
				if berth -q book hall "$s" --duration 90m --quantity 2 2>/dev/null; then
					echo "seed $seed: $s was not offered but booked"; return 1
				fi
			done
		done
	done
}

@test "slots: refusals" {
	salon
	before=$(store_dump)
	refuses 2 INVALID_ARGUMENT -- slots
	refuses 3 NOT_FOUND -- slots nobody
	refuses 2 INVALID_ARGUMENT -- slots anna anna
	refuses 2 INVALID_ARGUMENT -- slots anna --duration 0
	refuses 2 INVALID_ARGUMENT -- slots anna --duration soon
	refuses 2 INVALID_ARGUMENT -- slots anna --quantity 0
	refuses 2 INVALID_TIME -- slots anna --from yesterdayish
	[ "$before" = "$(store_dump)" ]
	# A resource with no slot length needs --duration; with no hours it is
	# open at all times, on a 15-minute grid.
	berth -q resource add bay
	refuses 2 INVALID_ARGUMENT -- slots bay
	[ "$(berth --format tsv slots bay --duration 1h --from 2026-06-01T10:00 --to 2026-06-01T11:00 | sed 1d | wc -l)" -eq 4 ]
}

@test "slots: every format; csv and tsv stream the header even when empty" {
	salon
	for f in json jsonl csv tsv table; do
		run berth --format $f slots anna --from 2026-06-07 --to 2026-06-07 --duration 1h
		assert_success
	done
	run berth --format csv slots anna --from 2026-06-07 --to 2026-06-07 --duration 1h
	[ "${#lines[@]}" -eq 1 ]
	assert_line --index 0 --partial "resource,start,end,available"
	[ "$(berth --format json slots anna --from 2026-06-02 --to 2026-06-02 --duration 1h | jq length)" -eq 26 ]
}

@test "slots: each range starts its own grid, whatever --from says (24:00 meets 00:00)" {
	berth init >/dev/null
	berth -q resource add bar --tz America/New_York --slot 45m
	berth -q hours set bar 'mon-sun 00:00-02:00,22:00-24:00'
	a=$(starts bar --from 2026-06-06 --to 2026-06-06T03:00)
	b=$(starts bar --from 2026-06-05T12:00 --to 2026-06-06T03:00 | grep 2026-06-06T0)
	[ "$a" = "$b" ]
	[ "$(echo "$a" | head -n 1)" = 2026-06-06T00:00:00-04:00 ]
	# A window may still run across the two: 23:30 for 1h30m.
	starts bar --from 2026-06-05T22:00 --to 2026-06-05T23:59 --duration 90m | grep -qx 2026-06-05T23:30:00-04:00
}

@test "slots: near the end of time nothing overflows or goes past 9999" {
	berth init >/dev/null
	berth -q resource add open --slot 1h
	run --separate-stderr berth --format tsv slots open --from 9999-12-29T20:00Z --to 9999-12-31
	assert_success
	[ "${#lines[@]}" -eq 4 ] # the header and 20:00, 21:00, 22:00
	run --separate-stderr berth --format tsv slots open --from 9999-12-31T20:00Z
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	BERTH_NOW=9999-12-31T23:59:59Z run --separate-stderr berth slots open
	assert_success
}

@test "slots: a range of weeks offers what its days offer one by one (it is walked a week at a time)" {
	berth init >/dev/null
	berth -q resource add anna --slot 20m --tz Europe/Paris --buffer 10m
	berth -q hours set anna 'mon-sat 09:00-12:30,13:30-18:00'
	berth -q resource add bar --tz America/New_York --slot 45m
	berth -q hours set bar 'mon-sun 00:00-02:00,22:00-24:00'
	# Claims and time off across the first week's end (from + 7 days).
	berth -q book anna 2026-06-09T10:40 --end 2026-06-09T12:00
	berth -q book anna 2026-06-16T13:30 --duration 1h
	berth -q timeoff add anna --from 2026-06-10T16:00 --to 2026-06-11T10:00
	berth -q book bar 2026-06-08T23:15 --duration 2h
	from=2026-06-02T11:10
	for r in anna bar; do
		whole=$(starts $r --from $from --to 2026-06-24 --duration 50m)
		days=$(starts $r --from $from --to 2026-06-02 --duration 50m
			for d in $(seq 3 24); do
				day=2026-06-$(printf %02d "$d")
				starts $r --from "$day" --to "$day" --duration 50m
			done)
		[ -n "$whole" ]
		[ "$whole" = "$days" ]
		berth --format tsv slots $r --from $from --to 2026-06-24 --duration 50m | sed 1d >>"$BATS_TEST_TMPDIR/each"
	done
	# Both at once: the same windows, by start then name.
	berth --format tsv slots anna bar --from $from --to 2026-06-24 --duration 50m | sed 1d >"$BATS_TEST_TMPDIR/both"
	[ "$(sort "$BATS_TEST_TMPDIR/both")" = "$(sort "$BATS_TEST_TMPDIR/each")" ]
	[ "$(cut -f2 "$BATS_TEST_TMPDIR/both" | head -n 1)" = 2026-06-02T11:20:00+02:00 ]
}
