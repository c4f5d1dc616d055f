#!/usr/bin/env bats
# The outbox: every change writes its events in its own transaction (a
# refusal none), each with a stable seq, its type, entity and the entity's
# state after the change; `events` prints them (--after, --type, --follow),
# `events retry` and `events prune` act on them; `check` holds each event
# against its audit record.

load helper

# The events as "seq type entity" lines.
events_brief() { berth events "$@" | jq -r '"\(.seq) \(.type) \(.entity)"'; }
event_count() { berth --format json stats | jq -r .events; }

@test "events: a booking made confirmed emits booking.created and booking.confirmed, with its state" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	run events_brief --type 'booking.*'
	assert_output "$(printf '7 booking.created b1\n8 booking.confirmed b1')"
	run berth events --after 6
	assert_success
	[ "$(echo "$output" | head -n 1 | jq -r .state.status)" = confirmed ]
	[ "$(echo "$output" | head -n 1 | jq -r .state.customer)" = ann ]
	[ "$(echo "$output" | head -n 1 | jq -r .action)" = booking.created ]
	# Each event names the audit record of its change.
	seq=$(echo "$output" | head -n 1 | jq -r .audit_seq)
	[ "$(berth --format jsonl audit b1 | jq -r .seq)" = "$seq" ]
}

@test "events: each step of the lifecycle, and the umbrella types" {
	seed
	berth -q lock workshop 2026-06-10T09:00 --duration 1h
	berth -q confirm h1
	berth -q pay b1 --status paid
	berth -q cancel b1 --reason 'no longer'
	berth -q lock workshop 2026-06-11T09:00 --duration 1h --ttl 5m
	BERTH_NOW=2026-06-01T10:10:00Z berth -q expire
	run events_brief --after 6
	assert_output "$(printf '%s\n' '7 hold.created h1' '8 hold.used h1' \
		'9 booking.created b1' '10 booking.confirmed b1' '11 booking.paid b1' \
		'12 payment.updated b1' '13 booking.cancelled b1' '14 hold.created h2' \
		'15 hold.expired h2')"
	run events_brief --type resource.changed
	assert_output "$(printf '2 resource.changed concert\n4 resource.changed workshop\n6 resource.changed stylist')"
	run berth check
	assert_success
}

@test "events: a refused command writes no event" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --quantity 3
	before=$(event_count)
	refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:00 --duration 1h
	refuses 3 NOT_FOUND -- cancel b9
	refuses 2 INVALID_ARGUMENT -- resource add 'bad name!' --capacity 0
	[ "$(event_count)" = "$before" ]
}

@test "events: --after, --type patterns, and the formats" {
	seed
	run events_brief --after 4
	assert_output "$(printf '5 resource.created stylist\n6 resource.changed stylist')"
	run events_brief --type '*.created'
	assert_output "$(printf '1 resource.created concert\n3 resource.created workshop\n5 resource.created stylist')"
	run events_brief --type resource.created --type resource.changed --after 5
	assert_output "6 resource.changed stylist"
	run berth --format csv events --after 5
	assert_success
	[ "$(echo "$output" | head -n 1 | tr -d '\r')" = "seq,type,at,entity,action,audit_seq,actor,state" ]
	run berth --format table events --after 5
	assert_line --index 0 --regexp '^seq +type +at +entity +action$'
	run berth --format json events --after 6
	assert_output "[]"
}

@test "events: bad --after, --type, --name are refused (2)" {
	seed
	refuses 2 INVALID_ARGUMENT -- events --after x
	refuses 2 INVALID_ARGUMENT -- events --after -1
	refuses 2 INVALID_ARGUMENT -- events --type booking
	refuses 2 INVALID_ARGUMENT -- events --type ''
	refuses 2 INVALID_ARGUMENT -- events --name x
	refuses 2 INVALID_ARGUMENT -- events --dead --follow
	refuses 2 INVALID_ARGUMENT -- events extra
	refuses 2 INVALID_ARGUMENT -- events --dead --name "$(printf 'n%.0s' $(seq 1 65))"
	# A failure met once the store is open still reads as text.
	berth -q notify --once --exec true
	damage event flip --entry 0
	run --separate-stderr berth events
	assert_failure 10
	[[ "$stderr" == "berth: STORE_CORRUPT: "* ]]
}

@test "events --follow prints what commits, a line at a time, until interrupted" {
	seed
	# The binary itself, not the berth function: $! must be its pid.
	"$BERTH_BIN" events --follow --after 6 >"$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	sleep 0.5
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	for _ in $(seq 1 50); do
		[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -ge 2 ] && break
		sleep 0.1
	done
	berth -q cancel b1
	for _ in $(seq 1 50); do
		[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -ge 3 ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid"
	run jq -r '"\(.seq) \(.type)"' "$BATS_TEST_TMPDIR/out"
	assert_output "$(printf '7 booking.created\n8 booking.confirmed\n9 booking.cancelled')"
}

hook_fails() {
	cat >"$BATS_TEST_TMPDIR/fail" <<'EOF'
#!/bin/sh
echo "receiver is down" >&2
exit 1
EOF
	chmod +x "$BATS_TEST_TMPDIR/fail"
}

@test "events retry: a dead event is due again; one that is not dead is refused" {
	seed
	hook_fails
	refuses 3 NOT_FOUND -- events retry --dead
	berth -q notify --once --max-attempts 1 --type resource.created --exec "$BATS_TEST_TMPDIR/fail"
	run events_brief --dead
	assert_output "$(printf '1 resource.created concert\n3 resource.created workshop\n5 resource.created stylist')"
	run berth events --dead
	[ "$(echo "$output" | head -n 1 | jq -r '"\(.attempts) \(.last_exit) \(.last_error)"')" = "1 1 receiver is down" ]
	[ "$(berth --format json stats | jq -r .events_dead)" = 3 ]
	refuses 4 INVALID_STATE -- events retry 2
	refuses 3 NOT_FOUND -- events retry 99
	refuses 2 INVALID_ARGUMENT -- events retry
	refuses 2 INVALID_ARGUMENT -- events retry 1 --dead
	run berth --format json events retry 3
	assert_success
	[ "$(echo "$output" | jq -r .retried)" = 1 ]
	run events_brief --dead
	assert_output "$(printf '1 resource.created concert\n5 resource.created stylist')"
	run berth --format json events retry --dead
	[ "$(echo "$output" | jq -r .retried)" = 2 ]
	[ "$(berth --format json stats | jq -r .events_dead)" = 0 ]
	# Due again: the next pass tries all three, afresh.
	run berth notify --once --max-attempts 1 --type resource.created --exec true
	assert_success
	[ "$(echo "$output" | jq -r '"\(.seq):\(.attempt):\(.result)"' | tr '\n' ' ')" = "1:1:delivered 3:1:delivered 5:1:delivered " ]
	run berth check
	assert_success
}

@test "events prune: removes what every notifier delivered before T; dead and undelivered stay" {
	seed
	hook_fails
	# No notifier yet: nothing is delivered, nothing goes.
	run berth --format json events prune --before 2026-07-01
	assert_success
	[ "$(echo "$output" | jq -r .pruned)" = 0 ]
	# Two notifiers, each with its own types (and its own cursor).
	berth -q notify --once --name changes --type 'resource.changed' --exec true
	berth -q notify --once --max-attempts 1 --type 'resource.created' --exec "$BATS_TEST_TMPDIR/fail"
	BERTH_NOW=2026-06-02T10:00:00Z berth -q book workshop 2026-06-10T09:00 --duration 1h
	run berth --format json events prune --delivered --before 2026-06-02
	[ "$(echo "$output" | jq -r .pruned)" = 3 ]
	# Not yet seen by the notifiers (neither has run since): they stay,
	# however old; so do the dead ones (resource.created), for retry.
	run berth --format json events prune --before 2026-07-01
	[ "$(echo "$output" | jq -r .pruned)" = 0 ]
	run events_brief
	assert_output "$(printf '%s\n' '1 resource.created concert' '3 resource.created workshop' \
		'5 resource.created stylist' '7 booking.created b1' '8 booking.confirmed b1')"
	berth -q notify --once --name changes --type 'resource.changed' --exec true
	run berth --format json events prune --before 2026-07-01
	[ "$(echo "$output" | jq -r .pruned)" = 0 ]
	berth -q notify --once --type 'resource.created' --exec true
	run berth --format json events prune --before 2026-07-01
	[ "$(echo "$output" | jq -r .pruned)" = 2 ]
	refuses 2 INVALID_ARGUMENT -- events prune
	refuses 2 INVALID_TIME -- events prune --before never
	run berth check
	assert_success
	# Audit records stay forever.
	[ "$(audit_count)" = 4 ]
}

@test "check: a damaged event, one its change does not imply, and a delivery without its event are damage (10)" {
	seed
	berth -q notify --once --exec true
	damage event flip --entry 0
	run --separate-stderr berth check
	assert_failure 10
	assert_output --partial "event 1"
	damage event reseal --entry 0 2>/dev/null || true
	store_rm
	seed
	berth -q notify --once --exec true
	damage event delete --entry 1
	run berth check
	assert_failure 10
	assert_output --partial "'default' event 2"
	assert_output --partial "its event is not there"
}
