#!/usr/bin/env bats
# The damage matrix (SPEC invariant 9): every table of a store with some
# history, damaged four ways in its first entry -- a value cut short, a
# value lengthened, a byte flipped, the entry deleted -- by a tool that
# knows nothing of berth's layouts (tests/damage.c, LMDB's own calls).
# After each:
#  - a booking past capacity and a seat sold twice never exit 0 (a deleted
#    seat entry excepted: no write can see an entry that is not there;
#    check sees it, and --repair puts it back);
#  - check exits non-zero;
#  - check --repair rebuilds a damaged index, after which check passes,
#    list shows every booking and hold as before, and the capacity and the
#    seat are refused again; damage to a record is refused (10), naming
#    berth restore, and the store is left as it was.

load helper

DERIVED=" span profile seat expiry due byres reach bycust series custhist resid audit_by holiday_day timeoff_by waitday waitdue "


# One store for the whole file: room (rid 1, capacity 2) is full at
# 2026-06-10 09:00; seat 1 of hall (rid 2) is sold for 2026-06-15 20:00;
# around them holds, pending and cancelled bookings, a removed resource,
# policies and idempotency keys, so that no table is empty.
setup_file() {
	export BERTH_DB="$BATS_FILE_TMPDIR/seed" BERTH_NOW=2026-06-01T10:00:00Z
	export TZ=UTC LC_ALL=C
	local b="$BERTH_BIN"
	"$b" -q init
	"$b" -q resource add room --capacity 2
	"$b" -q resource add hall --seats 20 --tz Europe/Paris
	"$b" -q resource add desk
	"$b" -q resource add old
	"$b" -q resource rm old
	"$b" -q policy set hold_ttl 20m
	"$b" -q policy set pending_timeout 1h --resource desk
	"$b" -q book room 2026-06-10T09:00 --duration 1h --customer a --idempotency-key k-a
	"$b" -q book room 2026-06-10T09:00 --duration 1h --customer b --pending
	"$b" -q book hall 2026-06-15T20:00 --duration 2h --seat 1 --customer c
	"$b" -q lock hall 2026-06-15T20:00 --duration 2h --seat 2,3 --customer d --idempotency-key k-d
	"$b" -q lock desk 2026-06-11T09:00 --duration 1h --customer e
	"$b" -q book desk 2026-06-11T10:00 --duration 1h --customer f --pending
	"$b" -q book desk 2026-06-12T10:00 --duration 1h --customer g
	"$b" -q cancel b5 --reason test
	h=$("$b" --format json lock desk 2026-06-13T10:00 --duration 1h | jq -r .id)
	"$b" -q confirm "$h" --payment paid --idempotency-key k-h
	# a series, for the series index
	"$b" -q book desk 2026-06-16T10:00 --duration 1h --repeat daily --count 2 --customer h
	# the calendar: hours, a dated exception, holidays and time off
	"$b" -q hours set desk 'mon-fri 09:00-18:00'
	"$b" -q hours set desk --date 2026-12-24 '09:00-12:00'
	"$b" -q holiday add 2026-12-25 --to 2026-12-26 --recurring --name Christmas
	"$b" -q holiday add 2026-08-01 --resource desk
	"$b" -q timeoff add desk --from 2026-07-01 --to 2026-07-02 --reason leave
	"$b" -q timeoff add desk --from 2026-07-10 --to 2026-07-11
	# services: one naming its resources, one naming none
	"$b" -q service add cut --duration 45m --buffer 10m --price 75.00 --resources desk,room
	"$b" -q service add talk --duration 1h
	# customers: records, one of a customer with claims, one without
	"$b" -q customer add a --name 'A. Person' --email a@example.org --attr vehicle=golf
	"$b" -q customer add z --phone '+1 555 0100'
	"$b" -q customer set z --name Zed
	# the waitlist: two entries waiting for the full room
	"$b" -q waitlist add room --customer w --duration 1h --times 09:00-10:00 --from 2026-06-10 --to 2026-06-10 --priority 2
	"$b" -q waitlist add room --customer x --duration 30m --times 09:00-10:00 --from 2026-06-10 --to 2026-06-10
	[ "$("$b" --format jsonl waitlist list --status waiting | wc -l)" -eq 2 ]
	# a service's own policy, and a booking made for the service (its
	# record names the service and its price: claim record version 4)
	"$b" -q policy set cancel_deadline 1h --service cut
	"$b" -q book --service cut 2026-06-18T10:00 --customer s
	# the outbox: two notifiers, deliveries delivered and dead
	"$b" -q notify --once --type 'booking.*' --exec true
	"$b" -q notify --once --name hooks --max-attempts 1 --type 'hold.*' --exec false
	"$b" check
}

setup() {
	export BERTH_DB="$BATS_TEST_TMPDIR/db" BERTH_NOW=2026-06-01T10:00:00Z
	export TZ=UTC LC_ALL=C
	unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
}

# break_it TABLE OP: the damage, to the first entry (ENTRY, when set,
# picks another).
break_it() {
	local at=(--entry "${ENTRY:-0}")
	case $2 in
	delete) damage "$1" delete "${at[@]}" ;;
	cut) damage "$1" cut "${at[@]}" ;;
	lengthen) damage "$1" lengthen 3 "${at[@]}" ;;
	flip) damage "$1" flip "${at[@]}" ;;
	flipkey) damage "$1" flipkey "${at[@]}" ;;
	esac
}

# attack TABLE OP: a fresh copy of the seed, damaged, then everything the
# header promises.
attack() {
	local table=$1 op=$2 want_list want_holds before rc
	rm -rf "$BERTH_DB"
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	want_list=$(berth --format jsonl list)
	want_holds=$(berth --format jsonl list --holds)
	break_it "$table" "$op" || { echo "$table $op: the damage tool failed"; return 1; }

	# No write acts on it: past capacity, or a seat sold twice.
	run berth book room 2026-06-10T09:00 --duration 1h
	[ "$status" -ne 0 ] || { echo "$table $op: a third place in room was booked"; return 1; }
	run berth book hall 2026-06-15T20:00 --duration 2h --seat 1
	if [ "$status" -eq 0 ] && ! [[ "$table $op" == "seat delete" || "$table $op" == "seat flipkey" ]]; then
		echo "$table $op: seat 1 was sold twice"
		return 1
	fi
	rm -rf "$BERTH_DB" && cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	break_it "$table" "$op"

	run --separate-stderr berth check
	[ "$status" -eq 10 ] || { echo "$table $op: check exit $status: $output"; return 1; }

	before=$(store_dump)
	run --separate-stderr berth check --repair
	rc=$status
	if [[ "$DERIVED" == *" $table "* ]]; then
		[ "$rc" -eq 0 ] || { echo "$table $op: repair exit $rc: $stderr"; return 1; }
		run berth check
		[ "$status" -eq 0 ] || { echo "$table $op: check after repair: $output"; return 1; }
		[ "$(berth --format jsonl list)" = "$want_list" ] ||
			{ echo "$table $op: bookings differ after repair"; return 1; }
		[ "$(berth --format jsonl list --holds)" = "$want_holds" ] ||
			{ echo "$table $op: holds differ after repair"; return 1; }
		run berth book room 2026-06-10T09:00 --duration 1h
		[ "$status" -eq 4 ] || { echo "$table $op: after repair, room: $status"; return 1; }
		run berth book hall 2026-06-15T20:00 --duration 2h --seat 1
		[ "$status" -eq 4 ] || { echo "$table $op: after repair, seat: $status"; return 1; }
	else
		[ "$rc" -eq 10 ] || { echo "$table $op: repair of a record exit $rc"; return 1; }
		[[ "$stderr" == *STORE_CORRUPT*"berth restore"* ]] ||
			{ echo "$table $op: repair said: $stderr"; return 1; }
		[ "$(store_dump)" = "$before" ] ||
			{ echo "$table $op: a refused repair changed the store"; return 1; }
	fi
}

matrix() {
	local ops="cut lengthen flip delete"
	# An event, or a notifier's record of one, may be gone by design
	# (events prune removes what every notifier settled): a deleted one
	# is not damage check can tell from a pruned one. What it can tell, a
	# delivery whose event is gone, events.bats tests.
	[[ " event delivery " == *" $1 "* ]] && ops="cut lengthen flip"
	for op in $ops; do
		attack "$1" "$op" || return 1
	done
	# An index's last entry too, and a key flipped: what follows from
	# the damage must not be taken for damage to a record.
	if [[ "$DERIVED" == *" $1 "* ]]; then
		ENTRY=-1 attack "$1" flip || return 1
		ENTRY=-1 attack "$1" delete || return 1
		attack "$1" flipkey || return 1
	fi
}

@test "damage: meta" { matrix meta; }
@test "damage: resource" { matrix resource; }
@test "damage: resid" { matrix resid; }
@test "damage: hold" { matrix hold; }
@test "damage: booking" { matrix booking; }
@test "damage: span" { matrix span; }
@test "damage: profile" { matrix profile; }
@test "damage: seat" { matrix seat; }
@test "damage: expiry" { matrix expiry; }
@test "damage: policy" { matrix policy; }
@test "damage: svcpolicy" { matrix svcpolicy; }
@test "damage: idem" { matrix idem; }
@test "damage: audit" { matrix audit; }
@test "damage: audit_by" { matrix audit_by; }
@test "damage: due" { matrix due; }
@test "damage: byres" { matrix byres; }
@test "damage: reach" { matrix reach; }
@test "damage: bycust" { matrix bycust; }
@test "damage: series" { matrix series; }
@test "damage: customer" { matrix customer; }
@test "damage: custhist" { matrix custhist; }
@test "damage: waitlist" { matrix waitlist; }
@test "damage: waitday" { matrix waitday; }
@test "damage: waitdue" { matrix waitdue; }
@test "damage: hours" { matrix hours; }
@test "damage: holiday" { matrix holiday; }
@test "damage: holiday_day" { matrix holiday_day; }
@test "damage: timeoff" { matrix timeoff; }
@test "damage: timeoff_by" { matrix timeoff_by; }
@test "damage: service" { matrix service; }
@test "damage: event" { matrix event; }
@test "damage: notifier" { matrix notifier; }
@test "damage: delivery" { matrix delivery; }

@test "damage: every table of the store is in the matrix" {
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	for t in $(damage list | cut -d' ' -f1); do
		grep -q "^@test \"damage: $t\"" "$BATS_TEST_FILENAME" ||
			{ echo "table $t is not attacked"; false; }
	done
}

@test "damage: repair writes a backup beside the store first, and prints its path" {
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	before=$(store_dump)
	damage profile delete
	run --separate-stderr berth --format json check --repair
	assert_success
	backup=$(echo "$output" | jq -r .backup)
	[[ "$backup" == "$BERTH_DB/repair-"*.bak ]]
	[ "$(echo "$output" | jq -r .problems)" -ge 1 ]
	# The backup is the damaged store as it was.
	damaged=$(mdb_dump -a -n "$backup")
	[ "$damaged" != "$before" ]
	[ -n "$damaged" ]
	# A sound store is left alone: nothing to repair, no backup.
	run berth --format json check --repair
	assert_success
	[ "$(echo "$output" | jq -r .backup)" = null ]
	[ "$(ls "$BERTH_DB"/*.bak | wc -l)" -eq 1 ]
}

@test "damage: repair of a store damaged and overbooked mends the damage, then exits 4" {
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	# room (capacity 2) is full at 09:00; at 1 it holds one too many.
	berth -q resource set room --capacity 1
	damage span delete --entry -1 # desk's last, not room's
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	found=$(echo "$output" | jq length)
	overbooked=$(echo "$output" | jq 'map(select(.table == "resource")) | length')
	[ "$overbooked" -ge 1 ]
	run --separate-stderr berth --format json check --repair
	[ "$status" -eq 4 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = OVERBOOKED ]
	[ "$(echo "$output" | jq -r .problems)" -eq "$found" ]
	[ "$(echo "$output" | jq -r .repaired)" -eq $((found - overbooked)) ]
	[[ "$(echo "$output" | jq -r .backup)" == "$BERTH_DB/repair-"*.bak ]]
	# What is left is the overbooking, and only that.
	run --separate-stderr berth --format json check
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq length)" -eq "$overbooked" ]
}

@test "damage: no room for the backup, no repair" {
	mount_small_fs 2m
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	damage span delete
	fill_fs
	before=$(store_dump)
	refuses 10 STORE_FULL -- check --repair
	[ "$(store_dump)" = "$before" ]
	rm -f "$FS/filler"
	run berth check --repair
	assert_success
}

@test "damage: repair takes the write lock like any write; writers wait, then go on" {
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	berth -q resource add busy --capacity 100000
	damage byres delete
	# Writers keep booking while the repair runs; every booking they are
	# told about is there afterwards, and the store checks clean.
	(
		for i in $(seq 1 40); do
			berth --format json book busy 2026-07-01T09:00 --duration 1h |
				jq -r .id >>"$BATS_TEST_TMPDIR/acked"
		done
	) &
	writer=$!
	run berth check --repair
	assert_success
	wait "$writer"
	run berth check
	assert_success
	[ "$(wc -l <"$BATS_TEST_TMPDIR/acked")" -eq 40 ]
	listed=$(berth --format jsonl list --resource busy | jq -r .id | sort)
	[ "$(sort "$BATS_TEST_TMPDIR/acked")" = "$listed" ]
}

@test "damage: check prints one line a problem, in every format" {
	cp -a "$BATS_FILE_TMPDIR/seed" "$BERTH_DB"
	damage seat delete
	damage due flip
	for f in table json jsonl csv tsv; do
		run --separate-stderr berth --format "$f" check
		[ "$status" -eq 10 ] || { echo "$f: $status"; false; }
		case $f in
		table | tsv) [ "$(printf '%s\n' "$output" | wc -l)" -eq 3 ] ;;
		csv) [ "$(printf '%s\n' "$output" | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')" -eq 3 ] ;;
		jsonl) [ "$(printf '%s\n' "$output" | jq -s length)" -eq 2 ] ;;
		json) [ "$(printf '%s\n' "$output" | jq length)" -eq 2 ] ;;
		esac || { echo "$f: $output"; false; }
	done
	run --separate-stderr berth --format jsonl check
	printf '%s\n' "$output" | jq -e -s 'map(select(.table == "seat" and (.key | test("hall seat 1 at")))) | length == 1'
	printf '%s\n' "$output" | jq -e -s 'map(select(.table == "due" and (.problem | test("checksum")))) | length == 1'
}
