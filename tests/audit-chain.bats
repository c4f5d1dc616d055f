#!/usr/bin/env bats
# The audit chain: every record's hash follows from the one before and its
# content; audit verify finds the first record edited, removed, inserted
# or reordered (TAMPERED, exit 10, its seq), audit head prints what to keep
# elsewhere, and verify --anchor catches a history rewritten whole or cut
# short below it. The tampering is done on the bytes (tests/damage),
# resealed as berth would seal them: only the chain can tell.

load helper

# A store with records of every kind: resources, a policy, hours, a
# holiday, time off, a service, holds and bookings with customers.
busy() {
	seed
	berth -q policy set hold_ttl 20m
	berth -q hours set stylist 'mon-sun 08:00-20:00'
	berth -q holiday add 2026-12-25 --recurring --name Christmas
	berth -q timeoff add stylist --from 2026-07-01 --to 2026-07-02
	berth -q service add cut --duration 45m --resources stylist
	berth -q book stylist 2026-06-10T09:00 --duration 1h --customer 'Zoë'
	h=$(field id -- lock concert 2026-06-15T20:00 --duration 3h --seat 4 --customer ann)
	berth -q confirm "$h" --payment paid
	berth -q cancel b1 --reason 'changed plans'
	berth -q resource set workshop --capacity 5
}

# The value of audit record SEQ, in hex, as stored.
record_hex() {
	damage dump audit | awk -v k="$(printf '%016x' "$1")" '$1 == k { print $2 }'
}

verify_breaks_at() {
	run --separate-stderr berth --format json audit verify "${@:2}"
	[ "$status" -eq 10 ] || { echo "exit $status: $output $stderr"; return 1; }
	[[ $stderr == *'"code":"TAMPERED"'* || $stderr == "berth: TAMPERED: the audit chain breaks at record $1:"* ]] ||
		{ echo "$stderr"; return 1; }
	run --separate-stderr berth --format json audit verify "${@:2}"
	echo "$stderr" | grep -q "breaks at record $1:" || { echo "$stderr"; return 1; }
}

@test "audit chain: every record has its hash; verify walks all of it; head is the last" {
	busy
	n=$(audit_count)
	run berth --format jsonl audit
	[ "$(echo "$output" | jq -r .hash | grep -c '^[0-9a-f]\{64\}$')" -eq "$n" ]
	run berth --format json audit verify
	assert_success
	[ "$(echo "$output" | jq -r .checked)" = "$n" ]
	[ "$(echo "$output" | jq -r .seq)" = "$n" ]
	last=$(berth --format jsonl audit | tail -n 1 | jq -r .hash)
	[ "$(echo "$output" | jq -r .hash)" = "$last" ]
	run berth --format json audit head
	assert_success
	[ "$(echo "$output" | jq -r .seq)" = "$n" ]
	[ "$(echo "$output" | jq -r .anchor)" = "$n:$last" ]
	run berth --format json audit verify --from 5
	assert_success
	[ "$(echo "$output" | jq -r .checked)" = $((n - 4)) ]
	run berth check
	assert_success
}

@test "audit chain: an empty log verifies; its head is 0 and zeros" {
	berth init >/dev/null
	run berth --format json audit head
	assert_success
	[ "$(echo "$output" | jq -r .anchor)" = "0:$(printf '0%.0s' $(seq 64))" ]
	run berth --format json audit verify
	assert_success
	[ "$(echo "$output" | jq -r .checked)" = 0 ]
}

@test "audit chain: a record edited (and resealed) breaks at it; check sees it too" {
	lmdb_only "the record is edited with mdb_dump/mdb_load"
	busy
	hex=$(record_hex 3)
	actor=$(berth --format jsonl audit | sed -n 3p | jq -r .actor)
	# The actor's first letter, after version (1 byte), at (8) and the
	# actor's length (4), becomes an X.
	[ "${hex:18:8}" = "$(printf '%08x' ${#actor})" ]
	edited="${hex:0:26}$(printf %x "'X")${hex:28}"
	damage audit set "$edited" --key "$(printf '%016x' 3)" --reseal
	run berth --format jsonl audit 3
	assert_success
	verify_breaks_at 3
	run berth audit verify --from 4
	assert_success
	run --separate-stderr berth --format jsonl check
	[ "$status" -eq 10 ]
	[[ $output == *'"key":"record 3"'*"does not follow"* ]]
}

@test "audit chain: a record removed breaks where it was" {
	busy
	damage audit delete --key "$(printf '%016x' 4)"
	verify_breaks_at 4
	run --separate-stderr berth audit verify
	[[ $stderr == *"record 4: it is not there (the log goes on at 5)"* ]]
}

@test "audit chain: two records swapped break at the first" {
	busy
	a=$(record_hex 5) b=$(record_hex 6)
	damage audit set "$b" --key "$(printf '%016x' 5)" --reseal
	damage audit set "$a" --key "$(printf '%016x' 6)" --reseal
	verify_breaks_at 5
}

@test "audit chain: a record inserted after the last breaks at it" {
	busy
	n=$(audit_count)
	damage audit put "$(printf '%016x' $((n + 1)))" --key "$(printf '%016x' 2)"
	damage audit reseal --key "$(printf '%016x' $((n + 1)))"
	verify_breaks_at $((n + 1))
}

@test "audit chain: a tail cut short of the head breaks where it ends" {
	busy
	n=$(audit_count)
	damage audit delete --key "$(printf '%016x' "$n")"
	verify_breaks_at "$n"
	run --separate-stderr berth audit verify
	[[ $stderr == *"cut short"* ]]
}

@test "audit chain: an anchor kept elsewhere catches a history rewritten whole, or cut short of it" {
	busy
	anchor=$(berth --format json audit head | jq -r .anchor)
	run berth audit verify --anchor "$anchor"
	assert_success
	berth -q book workshop 2026-06-12T10:00 --duration 1h
	run berth audit verify --anchor "$anchor"
	assert_success
	# The same history told otherwise, from the start: a chain that is
	# whole in itself, but not the one the anchor was taken of.
	store_rm
	busy
	berth -q resource add extra
	berth -q book workshop 2026-06-12T10:00 --duration 1h
	run berth audit verify
	assert_success
	seq=${anchor%%:*}
	berth -q --now 2026-06-01T10:00:01Z book workshop 2026-06-12T11:00 --duration 1h
	verify_breaks_at "$seq" --anchor "$anchor"
	# A shorter history, whole in itself, ends before the anchor.
	store_rm
	seed
	verify_breaks_at 4 --anchor "$anchor"
	run --separate-stderr berth audit verify --anchor "$anchor"
	[[ $stderr == *"the log was cut short"* ]]
}

@test "audit chain: personal values enter as HMACs under the store's own key" {
	lmdb_only "it moves the store directory"
	busy
	# Two stores, the same history, the same clock: the hashes differ,
	# for each store has its own key.
	h1=$(berth --format json audit head | jq -r .hash)
	mv "$BERTH_DB" "$BATS_TEST_TMPDIR/first"
	busy
	h2=$(berth --format json audit head | jq -r .hash)
	[ "$h1" != "$h2" ]
	# Nothing of a customer's name is in the record's hash input; the key
	# is in meta, 64 hex digits.
	run mdb_dump -s meta -p "$BERTH_DB"
	assert_output --partial "audit_key"
}

@test "audit verify and head: refusals" {
	busy
	before=$(store_dump)
	refuses 2 INVALID_ARGUMENT -- audit verify --anchor 3
	refuses 2 INVALID_ARGUMENT -- audit verify --anchor 3:abc
	refuses 2 INVALID_ARGUMENT -- audit verify --anchor x:"$(printf 'a%.0s' $(seq 64))"
	refuses 2 INVALID_ARGUMENT -- audit verify --from 0
	refuses 2 INVALID_ARGUMENT -- audit verify --from 9999
	refuses 2 INVALID_ARGUMENT -- audit verify extra
	refuses 2 INVALID_ARGUMENT -- audit head extra
	[ "$(store_dump)" = "$before" ]
	store_rm
	refuses 3 NOT_FOUND -- audit verify
	refuses 3 NOT_FOUND -- audit head
}

@test "audit: source_detail names the user, host, pid, the SSH client and BERTH_SOURCE" {
	seed
	BERTH_SOURCE='203.0.113.9 (web)' SSH_CONNECTION='198.51.100.7 52344 10.0.0.1 22' \
		berth -q book stylist 2026-06-10T09:00 --duration 1h --customer ann
	run berth --format jsonl audit b1
	assert_success
	d=$(echo "$output" | jq -c .source_detail)
	[ "$(echo "$d" | jq -r .client)" = '203.0.113.9 (web)' ]
	[ "$(echo "$d" | jq -r .ssh_addr)" = 198.51.100.7 ]
	[ "$(echo "$d" | jq -r .ssh_port)" = 52344 ]
	[ "$(echo "$d" | jq -r .host)" = "$(hostname)" ]
	[ -n "$(echo "$d" | jq -r .user)" ]
	[[ "$(echo "$d" | jq -r .pid)" =~ ^[0-9]+$ ]]
	# Without them, only what there is; a value that is not clean text
	# is left out.
	BERTH_SOURCE=$'bad\x01' berth -q book stylist 2026-06-10T11:00 --duration 1h
	run berth --format jsonl audit b2
	[ "$(echo "$output" | jq -c '.source_detail | keys')" = '["host","pid","user"]' ]
	run berth audit verify
	assert_success
}

@test "audit: --until (a date runs to its end) and --entity-type" {
	seed
	berth -q --now 2026-06-02T09:00:00Z book stylist 2026-06-10T09:00 --duration 1h
	berth -q --now 2026-06-03T09:00:00Z policy set hold_ttl 20m
	berth -q --now 2026-06-04T09:00:00Z book stylist 2026-06-11T09:00 --duration 1h
	run berth --format jsonl audit --until 2026-06-03
	[ "$(echo "$output" | jq -r .action | tr '\n' ' ')" = "resource.created resource.created resource.created booking.created policy.set " ]
	run berth --format jsonl audit --since 2026-06-02 --until 2026-06-03T09:00:00Z
	[ "$(echo "$output" | jq -r .entity)" = b1 ]
	run berth --format jsonl audit --entity-type booking
	[ "$(echo "$output" | jq -r .entity | tr '\n' ' ')" = "b1 b2 " ]
	run berth --format jsonl audit --entity-type policy
	[ "$(echo "$output" | jq -r .action)" = policy.set ]
	run berth --format jsonl audit --entity-type hold
	assert_output ""
	refuses 2 INVALID_ARGUMENT -- audit --entity-type bookings
	refuses 2 INVALID_TIME -- audit --until someday
}
