#!/usr/bin/env bats
# berth upgrade: a store written by the last berth of format 1
# (tests/fixtures/v1, made by its make.sh) becomes a store of format 2
# that holds every resource, hold, booking, policy, idempotency key and
# audit record it held, answers as it answered, and checks clean.

load helper

# fixture [N]: the store of tests/fixtures/vN (default 1) as the test's.
fixture() {
	mkdir -p "$BERTH_DB"
	cp "$BATS_TEST_DIRNAME/fixtures/v${1:-1}/store.mdb" "$BERTH_DB/data.mdb"
	chmod 0600 "$BERTH_DB/data.mdb"
	export BERTH_NOW=2026-06-01T10:20:00Z
}

# A store of format 2 (tests/fixtures/v2, made by its make.sh with the
# last berth of format 2: a real store of that berth, not one made here).
fixture2() { fixture 2; }

# What format 1 answered (the fixture's *.jsonl) against what this berth
# answers now, every comparison counted. Since then claims gained
# buffer_end (the claims made then had no buffer: it equals end), audit
# records a `changes` summary, and lists are sorted by start: these are
# set aside before comparing; every other field of every row is compared.
same_as_v1() { same_answers "$BATS_TEST_DIRNAME/fixtures/v1"; }
same_answers() {
	local f=$1 drop
	drop='del(.buffer_end, .service, .price, .amount_paid)
		| if (.before | type) == "object" then .before |= del(.buffer_end, .service, .price, .amount_paid) else . end
		| if (.after | type) == "object" then .after |= del(.buffer_end, .service, .price, .amount_paid) else . end'
	berth --format jsonl list | jq -c '
		if .buffer_end != .end then error("buffer_end \(.buffer_end) is not end") else . end' \
		>/dev/null || return 1
	diff <(berth --format jsonl resource list) "$f/resources.jsonl" || return 1
	diff <(berth --format jsonl list | jq -c "$drop" | sort) \
		<(jq -c "$drop" "$f/bookings.jsonl" | sort) || return 1
	diff <(berth --format jsonl list --holds | jq -c "$drop" | sort) \
		<(jq -c "$drop" "$f/holds.jsonl" | sort) || return 1
	diff <(berth --format jsonl audit | jq -c "$drop | del(.changes, .hash, .source_detail)") \
		<(jq -c "$drop | del(.changes, .hash, .source_detail)" "$f/audit.jsonl") || return 1
	[ ! -e "$f/availability.jsonl" ] ||
		diff <(berth --format jsonl availability workshop --at 2026-06-11T10:30Z) \
			"$f/availability.jsonl"
}

# A claim's service, price and amount paid (format 9) set aside: no
# fixture's berth printed them.
no_money() { jq -c 'del(.service, .price, .amount_paid)'; }

# The policies format 1 listed, as they are now: what was set is the same;
# the defaults of the limits are 0 (off) since DECISIONS.md said so, and
# require_payment, max_per_customer_per_day and offer_ttl are new.
same_policies_as_v1() {
	local f="$BATS_TEST_DIRNAME/fixtures/v1"
	diff <(for r in "" stylist workshop hall; do
		berth --format jsonl policy list ${r:+--resource "$r"}
	done | grep -v -e '"key":"require_payment"' -e '"key":"max_per_customer_per_day"' \
		-e '"key":"offer_ttl"') <(jq -c '
		if .source == "default" and .key != "hold_ttl" and .key != "pending_timeout"
		then .value = (if (.value | type) == "string" then "0s" else 0 end)
		else . end' "$f/policies.jsonl")
}

@test "upgrade: a format-1 store is refused by every other command, with one line naming berth upgrade" {
	fixture
	for args in "list" "resource list" "check" "book stylist 2026-06-10T18:00 --duration 1h" "expire"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 1"*"berth upgrade"* ]]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	done
	refuses 10 STORE_FORMAT -- book stylist 2026-06-10T18:00 --duration 1h
}

@test "upgrade: the fixture upgrades, keeps everything, and checks clean" {
	fixture
	before=$(store_dump)
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 1 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	backup=$(echo "$output" | jq -r .backup)
	[[ "$backup" == "$BERTH_DB/upgrade-"*.bak ]]
	[ -s "$backup" ]
	run berth check
	assert_success
	run same_as_v1
	assert_success
	run same_policies_as_v1
	assert_success
	# The backup is the store as it was.
	[ "$(mdb_dump -a -n "$backup")" = "$before" ]
	# A format-1 store takes services once upgraded.
	run berth --format jsonl service list
	assert_success
	[ -z "$output" ]
}

@test "upgrade: idempotency keys still replay their answers, and mismatches are still refused" {
	fixture
	berth -q upgrade
	run berth --format json book stylist 2026-06-10T11:00 --duration 30m --customer ann --idempotency-key key-1
	assert_success
	[ "$(echo "$output" | jq -r .id)" = b2 ]
	run berth --format json lock hall 2026-07-01T20:00 --duration 2h --seat 3,4 --customer dee --idempotency-key key-2
	assert_success
	[ "$(echo "$output" | jq -r .id)" = h1 ]
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T12:00 --duration 30m --idempotency-key key-1
}

@test "upgrade: keys stored before fingerprints replay for an equivalent spelling too" {
	fixture
	berth -q upgrade
	before=$(store_dump)
	# key-1 was 11:00 Paris for 30m (the stylist's slot); key-2 20:00 New
	# York, seats 3,4, under the store's 15m hold_ttl.
	[ "$(field id -- book stylist 2026-06-10T09:00Z --customer ann --idempotency-key key-1)" = b2 ]
	[ "$(field id -- lock hall 2026-07-02T00:00:00Z --end 2026-07-02T02:00Z --seat 4,3 --ttl 15m --customer dee --idempotency-key key-2)" = h1 ]
	[ "$(field id -- confirm h2 --payment paid --payment-ref pay-77 --idempotency-key key-3)" = b5 ]
	[ "$(field id -- cancel b5 --reason 'changed plans' --idempotency-key key-4)" = b5 ]
	[ "$before" = "$(store_dump)" ]
	refuses 4 IDEMPOTENCY_MISMATCH -- lock hall 2026-07-02T00:00:00Z --duration 2h --seat 4,5 --ttl 15m --customer dee --idempotency-key key-2
	refuses 4 IDEMPOTENCY_MISMATCH -- cancel b5 --idempotency-key key-4
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00Z --idempotency-key key-1
	run berth check
	assert_success
}

@test "upgrade: ids go on from the largest in use; capacity and seats hold as before" {
	fixture
	berth -q upgrade
	[ "$(field id -- book workshop 2026-06-20T10:00 --duration 1h)" = b9 ]
	[ "$(field id -- lock workshop 2026-06-20T10:00 --duration 1h)" = h6 ]
	[ "$(berth --format json resource add extra | jq -r .name)" = extra ]
	# seat 10 of the hall is sold (b6); the workshop holds 2 of 3 at 10:00 (b3)
	refuses 4 SEAT_TAKEN -- book hall 2026-07-01T20:00 --duration 2h --seat 10
	berth -q book workshop 2026-06-11T10:00 --duration 1h
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-11T10:00 --duration 1h
	run berth check
	assert_success
}

@test "upgrade: a store of the current format is left alone, with no backup" {
	seed
	before=$(store_dump)
	run berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 9 ]
	[ "$(echo "$output" | jq -r .backup)" = null ]
	[ "$(store_dump)" = "$before" ]
	[ -z "$(ls "$BERTH_DB" | grep '\.bak$')" ]
}

@test "upgrade: a newer store is refused, naming both formats" {
	seed
	d="$(dirname "$BERTH_BIN")/tests/damage"
	"$d" "$BERTH_DB" meta set 0000000a --key "$(printf schema | xxd -p)"
	"$d" "$BERTH_DB" meta set 01000000000000000a00000000 --reseal \
		--key "$(printf format | xxd -p)"
	refuses 10 STORE_FORMAT -- upgrade
	run --separate-stderr berth upgrade
	[[ "$stderr" == *"format 10"*"(9)"* ]]
}

@test "upgrade: a damaged format-1 record stops it; the store stays as it was" {
	fixture
	"$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" booking cut
	refuses 10 STORE_CORRUPT -- upgrade
	run --separate-stderr berth upgrade
	[[ "$stderr" == *"booking"*"b1"* ]]
	# The backup written before the attempt is gone with it; the store
	# is format 1 still.
	[ -z "$(find "$BERTH_DB" -name 'upgrade-*.bak')" ]
	run --separate-stderr berth list
	[[ "$stderr" == *"berth upgrade"* ]]
}

@test "upgrade: restore of a format-1 backup upgrades the copy it restores" {
	# A copy: mdb_dump leaves a lock file beside what it reads, and the
	# source tree is not ours to write.
	backup="$BATS_TEST_TMPDIR/v1.mdb"
	cp "$BATS_TEST_DIRNAME/fixtures/v1/store.mdb" "$backup"
	before=$(mdb_dump -a -n "$backup")
	export BERTH_NOW=2026-06-01T10:20:00Z
	run --separate-stderr berth restore "$backup"
	assert_success
	# check refuses a store of format 1: passing, it is one of format 2.
	run berth check
	assert_success
	run same_as_v1
	assert_success
	run same_policies_as_v1
	assert_success
	# The backup itself is as it was.
	[ "$(mdb_dump -a -n "$backup")" = "$before" ]
}

@test "upgrade: restore of a damaged format-1 backup is refused; nothing is made" {
	mkdir "$BATS_TEST_TMPDIR/v1"
	cp "$BATS_TEST_DIRNAME/fixtures/v1/store.mdb" "$BATS_TEST_TMPDIR/v1/data.mdb"
	BERTH_DB="$BATS_TEST_TMPDIR/v1" damage booking cut
	refuses 10 STORE_CORRUPT -- restore "$BATS_TEST_TMPDIR/v1/data.mdb"
	[ ! -e "$BERTH_DB" ]
}

@test "upgrade: no room for the backup, no upgrade" {
	mount_small_fs 1m
	fixture
	# The store opened once, so that its lock file exists before the
	# disk is full.
	run berth list
	fill_fs
	refuses 10 STORE_FULL -- upgrade
	run --separate-stderr berth upgrade
	[[ "$stderr" == *"backup"*"nothing was changed"* ]]
	rm -f "$FS/filler"
	run berth upgrade
	assert_success
}

@test "upgrade: takes no operands (2)" {
	fixture
	refuses 2 INVALID_ARGUMENT -- upgrade now
}

@test "upgrade: a format-2 store is refused by every other command, even one that only reads" {
	fixture2
	for args in "list" "hours show stylist" "holiday list" "book stylist 2026-06-10T18:00 --duration 1h"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 2"*"berth upgrade"* ]]
	done
	refuses 10 STORE_FORMAT -- holiday add 2026-12-25
	refuses 10 STORE_FORMAT -- service add cut --duration 45m
}

@test "upgrade: a format-2 store becomes format 9, keeps everything, and takes a calendar" {
	fixture2
	local f="$BATS_TEST_DIRNAME/fixtures/v2"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 2 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	# ids go on from the counters of format 2, and the new kinds start at 1
	[ "$(berth --format json holiday add 2026-12-25 | jq -r .id)" = d1 ]
	[ "$(berth --format json timeoff add stylist --from 2026-07-01 --to 2026-07-02 | jq -r .id)" = t1 ]
	[ "$(berth --format json book workshop 2026-06-20T10:00 --duration 1h | jq -r .id)" = b9 ]
	# and services, in a table the upgrade made empty
	[ "$(berth --format jsonl service list | wc -l)" -eq 0 ]
	berth -q service add cut --duration 45m --resources stylist
	[ "$(berth --format json service show cut | jq -r .duration)" = 45m ]
	run berth check
	assert_success
}

# A store of format 3 (tests/fixtures/v3, made by its make.sh with the
# last berth of format 3): a calendar, services, and an audit log without
# a chain.
fixture3() { fixture 3; }

@test "upgrade: a format-3 store is refused by every other command until it is upgraded" {
	fixture3
	for args in "list" "audit" "audit verify" "book workshop 2026-06-20T10:00 --duration 1h"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 3"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-3 store becomes format 9 with its audit log chained, and keeps everything" {
	fixture3
	local f="$BATS_TEST_DIRNAME/fixtures/v3"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 3 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl hours show stylist) "$f/hours.jsonl"
	diff <(berth --format jsonl holiday list) "$f/holidays.jsonl"
	diff <(berth --format jsonl timeoff list) "$f/timeoff.jsonl"
	diff <(berth --format jsonl service list) "$f/services.jsonl"
	diff <(berth --format jsonl check --report) "$f/report.jsonl"
	# Every record has its link; the chain verifies, and goes on.
	[ "$(berth --format jsonl audit | jq -r .hash | grep -c '^[0-9a-f]\{64\}$')" -eq 21 ]
	run berth --format json audit verify
	assert_success
	[ "$(echo "$output" | jq -r .checked)" = 21 ]
	anchor=$(echo "$output" | jq -r .anchor)
	[ "$(berth --format json book workshop 2026-06-20T10:00 --duration 1h | jq -r .id)" = b5 ]
	run berth --format json audit verify --anchor "$anchor"
	assert_success
	[ "$(echo "$output" | jq -r .seq)" = 22 ]
	run berth check
	assert_success
}

# A store of format 4 (tests/fixtures/v4, made by its make.sh with the
# last berth of format 4): the audit log chained, and no outbox.
fixture4() { fixture 4; }

@test "upgrade: a format-4 store is refused by every other command until it is upgraded" {
	fixture4
	for args in "list" "events" "audit head" "book workshop 2026-06-20T10:00 --duration 1h"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 4"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-4 store becomes format 9 with its chain as it was and an empty outbox" {
	fixture4
	local f="$BATS_TEST_DIRNAME/fixtures/v4"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 4 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl hours show stylist) "$f/hours.jsonl"
	diff <(berth --format jsonl service list) "$f/services.jsonl"
	diff <(berth --format jsonl check --report) "$f/report.jsonl"
	# The chain is not rewritten: the same head, every hash the same,
	# and the anchor format 4 printed still holds.
	diff <(berth --format jsonl audit head) "$f/head.jsonl"
	diff <(berth --format jsonl audit | jq -r .hash) <(jq -r .hash "$f/audit.jsonl")
	run berth audit verify --anchor "$(jq -r .anchor "$f/head.jsonl")"
	assert_success
	# No events are made up for the past; the next change has the first.
	[ -z "$(berth events)" ]
	[ "$(berth --format json book workshop 2026-06-20T10:00 --duration 1h | jq -r .id)" = b5 ]
	[ "$(berth events | jq -r '"\(.seq) \(.type) \(.entity)"' | tr '\n' ,)" = "1 booking.created b5,2 booking.confirmed b5," ]
	run berth check
	assert_success
}

# A store of format 5 (tests/fixtures/v5, made by its make.sh with the
# last berth of format 5).
fixture5() { fixture 5; }

@test "upgrade: a format-5 store is refused by every other command until it is upgraded" {
	fixture5
	for args in "list" "events" "book workshop 2026-06-20T10:00 --duration 1h"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 5"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-5 store becomes format 9 with each resource's reach, and lists as it did" {
	fixture5
	local f="$BATS_TEST_DIRNAME/fixtures/v5"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 5 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl events | jq -c 'if (.state | type) == "object" and (.state | has("buffer_end")) then .state |= del(.service, .price, .amount_paid) else . end') "$f/events.jsonl"
	diff <(berth --format jsonl audit head) "$f/head.jsonl"
	# A list from inside a cancelled booking that began before --from.
	diff <(berth --format jsonl list --resource stylist \
		--from 2026-06-10T09:30Z --to 2026-06-10 | no_money) "$f/list-from.jsonl"
	[ "$(damage list | awk '$1 == "reach" { print $2 }')" -ge 2 ]
	run berth check
	assert_success
}

# A store of format 6 (tests/fixtures/v6, made by its make.sh with the
# last berth of format 6).
fixture6() { fixture 6; }

@test "upgrade: a format-6 store is refused by every other command until it is upgraded" {
	fixture6
	for args in "list" "check" "book workshop 2026-06-20T10:00 --duration 1h --customer ann"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 6"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-6 store becomes format 9 with every counting claim indexed by customer, and answers as it did" {
	fixture6
	local f="$BATS_TEST_DIRNAME/fixtures/v6"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 6 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl events | jq -c 'if (.state | type) == "object" and (.state | has("buffer_end")) then .state |= del(.service, .price, .amount_paid) else . end') "$f/events.jsonl"
	diff <(berth --format jsonl audit head) "$f/head.jsonl"
	diff <(berth --format jsonl list --resource stylist \
		--from 2026-06-10T09:30Z --to 2026-06-10 | no_money) "$f/list-from.jsonl"
	# The claims that count and name a customer: b1 (Zoë), b3 (bob,
	# pending), b4 (dee), b5 (ann), h3 (fay) and h5 (ann, expired but not
	# swept); not the cancelled, released, used or swept ones.
	[ "$(damage list | awk '$1 == "bycust" { print $2 }')" = 6 ]
	# Format 8: every claim that names a customer, whatever became of it,
	# is in the lasting history (custhist), so customer show finds ann's
	# cancelled booking b2 made before the upgrade.
	n=$(berth --format json list --holds | jq '[.[] | select(.customer)] | length')
	m=$(berth --format json list | jq '[.[] | select(.customer)] | length')
	[ "$(damage list | awk '$1 == "custhist" { print $2 }')" = $((n + m)) ]
	run berth --format json customer show ann
	assert_success
	[ "$(echo "$output" | jq -c '[.bookings[].id]')" = '["b5","b2"]' ]
	[ "$(echo "$output" | jq -c '[.holds[].id]')" = '["h5"]' ]
	# The limits count the claims made before the upgrade: ann's hold
	# h5 has expired, so she has one active claim (b5), fay one (h3).
	berth -q policy set max_active_per_customer 1
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-20T10:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- lock workshop 2026-06-20T10:00 --duration 1h --customer fay
	berth -q policy set max_active_per_customer 2
	run berth -q book workshop 2026-06-20T10:00 --duration 1h --customer ann
	assert_success
	run berth check
	assert_success
}

fixture7() { fixture 7; }

@test "upgrade: a format-7 store is refused by every other command until it is upgraded" {
	fixture7
	for args in "list" "check" "waitlist list" "cancel b3"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 7"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-7 store becomes format 9 with an empty waitlist, its chain and answers as they were" {
	fixture7
	local f="$BATS_TEST_DIRNAME/fixtures/v7"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 7 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl events | jq -c 'if (.state | type) == "object" and (.state | has("buffer_end")) then .state |= del(.service, .price, .amount_paid) else . end') "$f/events.jsonl"
	diff <(berth --format jsonl audit head) "$f/head.jsonl"
	diff <(berth --format jsonl list --resource stylist \
		--from 2026-06-10T09:30Z --to 2026-06-10 | no_money) "$f/list-from.jsonl"
	# Nothing waits, and nothing freed before was offered to anyone.
	[ "$(damage list | awk '$1 ~ /^wait/ { n += $2 } END { print n + 0 }')" = 0 ]
	[ "$(berth --format jsonl waitlist list | wc -l)" -eq 0 ]
	# The counter starts at w1; a cancel now offers to the entry.
	[ "$(berth --format json waitlist add workshop --customer gus --duration 1h \
		--from 2026-06-11 --to 2026-06-11 | jq -r .id)" = w1 ]
	berth -q book workshop 2026-06-11T12:00 --duration 1h --quantity 2 --customer hal
	berth -q cancel b3
	[ "$(berth --format json waitlist show w1 | jq -r .status)" = offered ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

fixture8() { fixture 8; }

@test "upgrade: a format-8 store is refused by every other command until it is upgraded" {
	fixture8
	for args in "list" "check" "show b1" "pay b3 --amount 10.00"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: $status"; false; }
		[[ "$stderr" == "berth: STORE_FORMAT: "*"format 8"*"berth upgrade"* ]]
	done
}

@test "upgrade: a format-8 store becomes format 9 with every record and hash as it was, and claims of before name no service" {
	fixture8
	local f="$BATS_TEST_DIRNAME/fixtures/v8"
	run --separate-stderr berth --format json upgrade
	assert_success
	[ "$(echo "$output" | jq -r .from)" = 8 ]
	[ "$(echo "$output" | jq -r .to)" = 9 ]
	run berth check
	assert_success
	run same_answers "$f"
	assert_success
	diff <(berth --format jsonl events | jq -c 'if (.state | type) == "object" and (.state | has("buffer_end")) then .state |= del(.service, .price, .amount_paid) else . end') "$f/events.jsonl"
	diff <(berth --format jsonl audit head) "$f/head.jsonl"
	diff <(berth --format jsonl customer list) "$f/customers.jsonl"
	diff <(berth --format jsonl waitlist list) "$f/waitlist.jsonl"
	diff <(berth --format jsonl report --from 2026-06-08 --to 2026-06-21 |
		jq -c 'del(.revenue, .paid)') "$f/report-usage.jsonl"
	diff <(berth --format jsonl list --resource stylist \
		--from 2026-06-10T09:30Z --to 2026-06-10 | no_money) "$f/list-from.jsonl"
	# No claim of before says what it was booked for: format 8 kept none.
	[ "$(berth --format json list | jq '[.[] | select(.service or .price or .amount_paid)] | length')" = 0 ]
	# A claim made now keeps its service and price; a payment its amount.
	berth -q book --service cut 2026-06-12T15:00 --customer kim
	run berth --format json show b12
	[ "$(echo "$output" | jq -c '[.service, .price, .amount_paid]')" = '["cut","35.00",null]' ]
	berth -q pay b10 --amount 35.00
	[ "$(berth --format json show b10 | jq -c '[.payment_status, .status, .amount_paid]')" = '["paid","confirmed","35.00"]' ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}
