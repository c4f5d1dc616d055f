#!/usr/bin/env bats
# berth notify: each event to the user's command, at least once: the JSON
# on stdin and BERTH_EVENT_* in its environment; failures retried with
# backoff (time driven by BERTH_NOW), dead after --max-attempts; one
# entity's events in order; two notifiers at once deliver each event once;
# a notifier killed mid-delivery leaves the event to the next after its
# lease; SIGTERM lets the attempt in flight finish; and the webhook example
# through notify to a local receiver.

load helper

T0=2026-06-01T10:00:00Z

# A hook that records each call (seq type attempt) and fails as long as
# the file "fail" in the test's directory holds a positive count.
make_hook() {
	HOOK=$BATS_TEST_TMPDIR/hook
	CALLS=$BATS_TEST_TMPDIR/calls
	cat >"$HOOK" <<EOF
#!/bin/sh
cat >"$BATS_TEST_TMPDIR/stdin.\$BERTH_EVENT_ID"
echo "\$BERTH_EVENT_ID \$BERTH_EVENT_TYPE \$BERTH_EVENT_ATTEMPT" >>"$CALLS"
n=\$(cat "$BATS_TEST_TMPDIR/fail" 2>/dev/null || echo 0)
if [ "\$n" -gt 0 ]; then
	echo \$((n - 1)) >"$BATS_TEST_TMPDIR/fail"
	echo "down for now (\$n)" >&2
	exit 3
fi
EOF
	chmod +x "$HOOK"
	: >"$CALLS"
}

# One resource, one booking: events 1 resource.created, 2
# resource.changed, 3 booking.created, 4 booking.confirmed.
one_booking() {
	berth init >/dev/null
	berth -q resource add room
	berth -q book room 2026-06-10T09:00 --duration 1h --customer ann
}

@test "notify: the event on stdin, its id, type and attempt in the environment" {
	one_booking
	make_hook
	run berth notify --once --exec "$HOOK"
	assert_success
	run cat "$CALLS"
	assert_output "$(printf '1 resource.created 1\n3 booking.created 1\n2 resource.changed 1\n4 booking.confirmed 1')"
	# What the command read is the event as `events` prints it.
	diff "$BATS_TEST_TMPDIR/stdin.3" <(berth events --after 2 | head -n 1)
	# Delivered: a second pass has nothing to do.
	run berth notify --once --exec "$HOOK"
	assert_success
	assert_output ""
	[ "$(wc -l <"$CALLS")" -eq 4 ]
}

@test "notify: fails twice then succeeds: delivered once, three attempts, backoff honoured" {
	one_booking
	make_hook
	echo 2 >"$BATS_TEST_TMPDIR/fail"
	run berth notify --once --type booking.created --exec "$HOOK"
	assert_output --partial '"attempt":1,"result":"failed","exit":3,"error":"down for now (2)","next_at":"2026-06-01T10:00:01+00:00"'
	# Not due before its time: nothing is tried.
	run berth notify --once --type booking.created --exec "$HOOK"
	assert_output ""
	BERTH_NOW=2026-06-01T10:00:01Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output --partial '"attempt":2,"result":"failed"'
	assert_output --partial '"next_at":"2026-06-01T10:00:03+00:00"'
	BERTH_NOW=2026-06-01T10:00:02Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output ""
	BERTH_NOW=2026-06-01T10:00:03Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output --partial '"seq":3,"type":"booking.created","entity":"b1","attempt":3,"result":"delivered"'
	BERTH_NOW=2026-06-01T11:00:00Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output ""
	run cat "$CALLS"
	assert_output "$(printf '3 booking.created 1\n3 booking.created 2\n3 booking.created 3')"
	run berth check
	assert_success
}

@test "notify: an entity's events in order: a later one waits while an earlier one fails" {
	one_booking
	make_hook
	echo 1 >"$BATS_TEST_TMPDIR/fail"
	berth -q notify --once --type 'booking.*' --exec "$HOOK"
	# b1's created failed; its confirmed waited.
	run cat "$CALLS"
	assert_output "3 booking.created 1"
	BERTH_NOW=2026-06-01T10:00:05Z berth -q notify --once --type 'booking.*' --exec "$HOOK"
	run cat "$CALLS"
	assert_output "$(printf '3 booking.created 1\n3 booking.created 2\n4 booking.confirmed 1')"
}

@test "notify: always failing: dead after --max-attempts, in events --dead and stats, then events retry" {
	one_booking
	make_hook
	echo 100 >"$BATS_TEST_TMPDIR/fail"
	for now in 10:00:00 10:00:10 10:00:30; do
		BERTH_NOW=2026-06-01T${now}Z berth -q notify --once --max-attempts 3 --type booking.created --exec "$HOOK"
	done
	run berth events --dead
	[ "$(echo "$output" | jq -r '"\(.seq) \(.attempts) \(.last_exit) \(.last_error)"')" = "3 3 3 down for now (98)" ]
	[ "$(berth --format json stats | jq -r .events_dead)" = 1 ]
	BERTH_NOW=2026-06-02T00:00:00Z run berth notify --once --max-attempts 3 --type booking.created --exec "$HOOK"
	assert_output ""
	echo 0 >"$BATS_TEST_TMPDIR/fail"
	berth -q events retry 3
	run berth notify --once --max-attempts 3 --type booking.created --exec "$HOOK"
	assert_output --partial '"seq":3,"type":"booking.created","entity":"b1","attempt":1,"result":"delivered"'
	[ "$(berth --format json stats | jq -r .events_dead)" = 0 ]
}

@test "notify: a command that runs too long is stopped, and the attempt fails" {
	one_booking
	printf '#!/bin/sh\nsleep 30\n' >"$BATS_TEST_TMPDIR/slow"
	chmod +x "$BATS_TEST_TMPDIR/slow"
	run berth notify --once --timeout 1s --type booking.created --exec "$BATS_TEST_TMPDIR/slow"
	assert_success
	assert_output --partial '"result":"failed","exit":-1,"error":"timed out after 1s"'
}

@test "notify: refusals (2) write nothing" {
	one_booking
	refuses 2 INVALID_ARGUMENT -- notify --once
	refuses 2 INVALID_ARGUMENT -- notify --once --exec
	refuses 2 INVALID_ARGUMENT -- notify --once --exec /nonexistent/hook
	refuses 2 INVALID_ARGUMENT -- notify --once --exec no-such-program-anywhere
	refuses 2 INVALID_ARGUMENT -- notify --once --max-attempts 0 --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --max-attempts x --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --timeout soon --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --type booking --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --name '' --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --name "$(printf 'n%.0s' $(seq 1 65))" --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --timeout 0s --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --timeout 2d --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --max-attempts 1001 --exec true
	refuses 2 INVALID_ARGUMENT -- notify --once --exec "$BATS_TEST_TMPDIR"
	# jsonl is notify's output, not its errors': a refusal reads as text.
	run --separate-stderr berth notify --once --exec /nonexistent/hook
	[[ "$stderr" == "berth: INVALID_ARGUMENT: --exec: cannot run"* ]]
	refuses 2 INVALID_ARGUMENT -- notify stray --exec true
	# Everything after --exec is the command's, options included.
	run berth notify --once --type booking.created --exec echo --max-attempts x
	assert_success
}

@test "notify: two notifiers at once over 1,000 events deliver each exactly once" {
	berth init >/dev/null
	berth -q resource add hall --capacity 1000
	for i in $(seq 1 500); do
		echo '{"resource":"hall","start":"2026-06-10T09:00Z","duration":"1h"}'
	done | berth -q book --batch
	[ "$(berth --format json stats | jq -r .events)" = 1002 ]
	printf '#!/bin/sh\necho "$BERTH_EVENT_ID" >>"%s"\n' "$BATS_TEST_TMPDIR/seen" >"$BATS_TEST_TMPDIR/log"
	chmod +x "$BATS_TEST_TMPDIR/log"
	"$BERTH_BIN" -q notify --once --exec "$BATS_TEST_TMPDIR/log" 3>&- &
	a=$!
	"$BERTH_BIN" -q notify --once --exec "$BATS_TEST_TMPDIR/log" 3>&- &
	b=$!
	wait "$a"
	wait "$b"
	[ "$(sort -n "$BATS_TEST_TMPDIR/seen" | uniq -d | wc -l)" -eq 0 ]
	[ "$(sort -n "$BATS_TEST_TMPDIR/seen" | uniq | wc -l)" -eq 1002 ]
	run berth notify --once --exec "$BATS_TEST_TMPDIR/log"
	assert_output ""
}

@test "notify: killed mid-delivery, the event is delivered by the next run once its lease is over" {
	one_booking
	cat >"$BATS_TEST_TMPDIR/stuck" <<EOF
#!/bin/sh
touch "$BATS_TEST_TMPDIR/started"
sleep 30
EOF
	chmod +x "$BATS_TEST_TMPDIR/stuck"
	"$BERTH_BIN" -q notify --once --timeout 10s --type booking.created --exec "$BATS_TEST_TMPDIR/stuck" 3>&- &
	pid=$!
	for _ in $(seq 1 100); do
		[ -e "$BATS_TEST_TMPDIR/started" ] && break
		sleep 0.1
	done
	kill -KILL "$pid"
	wait "$pid" || true
	pkill -f "$BATS_TEST_TMPDIR/stuck" || true
	make_hook
	# Leased (2 × 10 s + 30 s): not again yet.
	BERTH_NOW=2026-06-01T10:00:30Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output ""
	BERTH_NOW=2026-06-01T10:01:00Z run berth notify --once --type booking.created --exec "$HOOK"
	assert_output --partial '"seq":3,"type":"booking.created","entity":"b1","attempt":1,"result":"delivered"'
}

@test "notify: runs on, wakes when a change commits, and on SIGTERM finishes the attempt in flight" {
	one_booking
	cat >"$BATS_TEST_TMPDIR/slowok" <<EOF
#!/bin/sh
echo "\$BERTH_EVENT_ID" >>"$BATS_TEST_TMPDIR/seen"
[ "\$BERTH_EVENT_TYPE" = booking.cancelled ] && { touch "$BATS_TEST_TMPDIR/started"; sleep 2; }
exit 0
EOF
	chmod +x "$BATS_TEST_TMPDIR/slowok"
	"$BERTH_BIN" notify --exec "$BATS_TEST_TMPDIR/slowok" >"$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	for _ in $(seq 1 100); do
		[ "$(wc -l <"$BATS_TEST_TMPDIR/seen" 2>/dev/null || echo 0)" -ge 4 ] && break
		sleep 0.1
	done
	berth -q cancel b1
	for _ in $(seq 1 100); do
		[ -e "$BATS_TEST_TMPDIR/started" ] && break
		sleep 0.1
	done
	[ -e "$BATS_TEST_TMPDIR/started" ]
	kill -TERM "$pid"
	wait "$pid"
	# The cancel's event was delivered, and recorded so.
	run jq -r '"\(.seq) \(.result)"' "$BATS_TEST_TMPDIR/out"
	assert_line "5 delivered"
	run berth notify --once --exec true
	assert_output ""
}

@test "notify: the webhook example, through notify, to a receiver that fails twice" {
	for t in curl python3 openssl; do
		command -v "$t" >/dev/null || skip "$t is not installed"
	done
	one_booking
	log=$BATS_TEST_TMPDIR/requests.jsonl
	python3 "$BATS_TEST_DIRNAME/helpers/hookserver.py" "$BATS_TEST_TMPDIR/port" "$log" 2 3>&- &
	server=$!
	for _ in $(seq 1 100); do
		[ -s "$BATS_TEST_TMPDIR/port" ] && break
		sleep 0.1
	done
	export BERTH_WEBHOOK_SECRET=s3cret
	url="http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")/hook"
	hook=$BATS_TEST_DIRNAME/../share/examples/webhook
	for now in 10:00:00 10:00:10 10:00:30; do
		BERTH_NOW=2026-06-01T${now}Z berth -q notify --once --type booking.created --exec "$hook" "$url"
	done
	kill "$server"
	wait "$server" || true
	[ "$(wc -l <"$log")" -eq 3 ]
	[ "$(tail -n 1 "$log" | jq -r .attempt)" = 3 ]
	body=$(tail -n 1 "$log" | jq -r .body)
	[ "$body" = "$(berth events --after 2 | head -n 1)" ]
	want=$(printf '%s\n' "$body" | openssl dgst -sha256 -hmac s3cret | sed 's/.*= //')
	[ "$(tail -n 1 "$log" | jq -r .signature)" = "sha256=$want" ]
	run berth notify --once --type booking.created --exec true
	assert_output ""
}
