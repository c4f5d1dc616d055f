#!/usr/bin/env bats
# pay: payment_status moves none|pending -> paid|failed, failed -> paid,
# paid -> refunded; every other move is refused with 4 INVALID_STATE and
# changes nothing.

load helper
bats_require_minimum_version 1.5.0

# A booking on the hall (capacity 50) whose payment_status is $1; prints its
# id.
booking_in() {
	local when=2026-06-10 b h
	case $1 in
	none) field id -- book hall "${when}T09:00" --duration 1h ;;
	pending)
		h=$(field id -- lock hall "${when}T09:00" --duration 1h)
		field id -- confirm "$h" --payment pending
		;;
	paid | failed)
		b=$(field id -- book hall "${when}T09:00" --duration 1h)
		berth -q pay "$b" --status "$1"
		echo "$b"
		;;
	refunded)
		b=$(field id -- book hall "${when}T09:00" --duration 1h)
		berth -q pay "$b" --status paid
		berth -q pay "$b" --status refunded
		echo "$b"
		;;
	esac
}

setup_hall() {
	seed
	berth -q resource add hall --capacity 50
}

@test "pay: the helper makes bookings in every payment state" {
	setup_hall
	for s in none pending paid failed refunded; do
		b=$(booking_in $s)
		[ "$(field payment_status -- show "$b")" = "$s" ]
	done
}

@test "pay: allowed transitions none|pending -> paid|failed, failed -> paid, paid -> refunded" {
	setup_hall
	for move in none:paid none:failed pending:paid pending:failed failed:paid paid:refunded; do
		from=${move%:*} to=${move#*:}
		b=$(booking_in "$from")
		v=$(field version -- show "$b")
		run --separate-stderr berth --format json pay "$b" --status "$to"
		[ "$status" -eq 0 ] || { echo "$from -> $to: $stderr"; false; }
		[ "$(echo "$output" | jq -r .payment_status)" = "$to" ]
		[ "$(field payment_status -- show "$b")" = "$to" ]
		[ "$(field version -- show "$b")" = $((v + 1)) ]
		# payment never changes the booking's status
		[ "$(field status -- show "$b")" = confirmed ]
	done
}

@test "pay: every other transition is refused (4 INVALID_STATE)" {
	setup_hall
	for move in none:refunded pending:refunded paid:paid paid:failed \
		failed:failed failed:refunded refunded:paid refunded:failed \
		refunded:refunded; do
		from=${move%:*} to=${move#*:}
		b=$(booking_in "$from")
		refuses 4 INVALID_STATE -- pay "$b" --status "$to" ||
			{ echo "$from -> $to was not refused"; false; }
		[ "$(field payment_status -- show "$b")" = "$from" ]
	done
}

@test "pay: failed payment then a successful one, then a refund" {
	setup_hall
	b=$(field id -- book hall 2026-06-10T09:00 --duration 1h)
	berth -q pay "$b" --status failed --ref try-1
	[ "$(field payment_ref -- show "$b")" = try-1 ]
	berth -q pay "$b" --status paid --ref try-2
	[ "$(field payment_status -- show "$b")" = paid ]
	[ "$(field payment_ref -- show "$b")" = try-2 ]
	berth -q pay "$b" --status refunded
	[ "$(field payment_status -- show "$b")" = refunded ]
	# --ref not given keeps the reference
	[ "$(field payment_ref -- show "$b")" = try-2 ]
}

@test "pay: --status missing or bad is refused (2)" {
	setup_hall
	b=$(booking_in none)
	refuses 2 INVALID_ARGUMENT -- pay "$b"
	for s in bogus pending none PAID ""; do
		refuses 2 INVALID_ARGUMENT -- pay "$b" --status "$s"
	done
	refuses 2 INVALID_ARGUMENT -- pay --status paid
	refuses 2 INVALID_ARGUMENT -- pay "$b" --status paid --ref "$(printf 'x\ty')"
	[ "$(field payment_status -- show "$b")" = none ]
}

@test "pay: a hold id (2), unknown (3) and malformed (2) ids are refused" {
	setup_hall
	h=$(field id -- lock hall 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- pay "$h" --status paid
	refuses 3 NOT_FOUND -- pay b404 --status paid
	refuses 2 INVALID_ARGUMENT -- pay x1 --status paid
}

@test "pay: a cancelled booking cannot be paid but a paid one can be refunded" {
	setup_hall
	b1=$(booking_in none)
	berth -q cancel "$b1"
	refuses 4 INVALID_STATE -- pay "$b1" --status paid
	refuses 4 INVALID_STATE -- pay "$b1" --status failed
	b2=$(booking_in paid)
	berth -q cancel "$b2"
	run berth --format json pay "$b2" --status refunded
	assert_success
	[ "$(echo "$output" | jq -r .payment_status)" = refunded ]
	[ "$(echo "$output" | jq -r .status)" = cancelled ]
}

@test "pay: a pending booking past its timeout cannot be paid, swept or not (6 BOOKING_EXPIRED)" {
	setup_hall
	# pending_timeout 30m: it expires at 10:30
	b=$(field id -- book hall 2026-06-10T09:00 --duration 1h --pending)
	n=$(audit_count)
	for s in paid failed; do
		BERTH_NOW=2026-06-01T10:31:00Z refuses 6 BOOKING_EXPIRED -- pay "$b" --status "$s"
		# the moment it expires counts as expired
		BERTH_NOW=2026-06-01T10:30:00Z refuses 6 BOOKING_EXPIRED -- pay "$b" --status "$s"
	done
	[[ $stderr == *"$b expired at 2026-06-01T10:30:00+00:00"* ]]
	berth --now 2026-06-01T10:31:00Z -q expire
	m=$(audit_count)
	for s in paid failed; do
		BERTH_NOW=2026-06-01T10:31:00Z refuses 6 BOOKING_EXPIRED -- pay "$b" --status "$s"
	done
	[ "$(audit_count)" = "$m" ]
	[ "$m" = $((n + 1)) ] # the sweep's record only
	[ "$(field status -- --now 2026-06-01T10:31:00Z show "$b")" = expired ]
	[ "$(field payment_status -- show "$b")" = none ]
}

# A pending booking on the stylist (capacity 1) at 2026-06-10 09:00, made
# at 10:00 with the default pending_timeout (30m): it expires at 10:30.
pending_stylist() {
	seed
	field id -- book stylist 2026-06-10T09:00 --duration 1h --pending
}

@test "pay: paying a pending booking in full confirms it in the same change" {
	b=$(pending_stylist)
	[ "$(field expires_at -- show "$b")" = 2026-06-01T10:30:00+00:00 ]
	v=$(field version -- show "$b")
	n=$(audit_count)
	run --separate-stderr berth --format json --now 2026-06-01T10:10:00Z pay "$b" --status paid --ref pi_1
	assert_success
	[ -z "$stderr" ]
	# the answer shows the confirmed booking
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .payment_status)" = paid ]
	[ "$(echo "$output" | jq -r .payment_ref)" = pi_1 ]
	[ "$(echo "$output" | jq -r .expires_at)" = null ]
	[ "$(echo "$output" | jq -r .version)" = $((v + 1)) ]
	[ "$(echo "$output" | jq -r .updated_at)" = 2026-06-01T10:10:00+00:00 ]
	# one change, one audit record: booking.paid, from pending to confirmed
	[ "$(audit_count)" = $((n + 1)) ]
	run berth --format json audit "$b"
	[ "$(echo "$output" | jq -r '.[-1].action')" = booking.paid ]
	[ "$(echo "$output" | jq -r '.[-1].before.status')" = pending ]
	[ "$(echo "$output" | jq -r '.[-1].after.status')" = confirmed ]
	[ "$(echo "$output" | jq -r '.[-1].after.payment_status')" = paid ]
	[ "$(echo "$output" | jq -r '.[-1].after.expires_at')" = null ]
	# past the old expiry it is still confirmed, expire leaves it, and its
	# place is not sold again
	late=2026-06-01T11:00:00Z
	[ "$(field status -- --now $late show "$b")" = confirmed ]
	run --separate-stderr berth --format json --now $late expire
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
	[ "$(field status -- --now $late show "$b")" = confirmed ]
	BERTH_NOW=$late refuses 4 CAPACITY_FULL -- book stylist 2026-06-10T09:00 --duration 1h
	run berth --now $late check
	assert_success
	# it is confirmed: confirming it again is refused, nothing changes
	refuses 4 INVALID_STATE -- confirm "$b"
}

@test "pay: a failed payment does not confirm; a later successful one does" {
	b=$(pending_stylist)
	run --separate-stderr berth --format json --now 2026-06-01T10:05:00Z pay "$b" --status failed
	assert_success
	[ "$(echo "$output" | jq -r .status)" = pending ]
	[ "$(echo "$output" | jq -r .payment_status)" = failed ]
	[ "$(echo "$output" | jq -r .expires_at)" = 2026-06-01T10:30:00+00:00 ]
	run --separate-stderr berth --format json --now 2026-06-01T10:20:00Z pay "$b" --status paid
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	[ "$(echo "$output" | jq -r .expires_at)" = null ]
	[ "$(field status -- --now 2026-06-01T12:00:00Z show "$b")" = confirmed ]
}

@test "pay: a pending booking whose payment failed still expires and frees its place" {
	b=$(pending_stylist)
	berth -q pay "$b" --status failed
	late=2026-06-01T10:31:00Z
	[ "$(field status -- --now $late show "$b")" = expired ]
	run --separate-stderr berth --format json --now $late book stylist 2026-06-10T09:00 --duration 1h
	assert_success
	[ "$(echo "$output" | jq -r .status)" = confirmed ]
	# and it can no longer be paid; that it is expired comes first, before
	# what its payment status could become (failed -> failed)
	BERTH_NOW=$late refuses 6 BOOKING_EXPIRED -- pay "$b" --status paid
	BERTH_NOW=$late refuses 6 BOOKING_EXPIRED -- pay "$b" --status failed
}

@test "pay: a replayed payment that confirmed returns the same answer and writes nothing" {
	b=$(pending_stylist)
	run --separate-stderr berth --format json pay "$b" --status paid --idempotency-key pay-1
	assert_success
	first=$output
	[ "$(echo "$first" | jq -r .status)" = confirmed ]
	before=$(store_dump)
	run --separate-stderr berth --format json --now 2026-06-01T10:40:00Z pay "$b" --status paid --idempotency-key pay-1
	assert_success
	[ "$output" = "$first" ]
	[ "$(store_dump)" = "$before" ]
}

@test "pay: a booking paid in full from the batch's pending state confirms" {
	seed
	b=$(echo '{"resource":"workshop","start":"2026-06-10T09:00","duration":"1h","quantity":3,"pending":true}' |
		berth --format jsonl book --batch | jq -r .id)
	[ "$(field status -- show "$b")" = pending ]
	berth -q pay "$b" --status paid
	[ "$(field status -- --now 2026-06-02T00:00:00Z show "$b")" = confirmed ]
	BERTH_NOW=2026-06-02T00:00:00Z refuses 4 CAPACITY_FULL -- book workshop 2026-06-10T09:30 --duration 1h
}

@test "pay: idempotent replay is byte-identical, exits 0 and writes nothing" {
	setup_hall
	b=$(booking_in none)
	run --separate-stderr berth --format json pay "$b" --status paid --ref p-1 --idempotency-key pk
	assert_success
	first=$output
	before=$(store_dump)
	# paid -> paid would be refused; the key replays instead
	run --separate-stderr berth --format json pay "$b" --status paid --ref p-1 --idempotency-key pk
	assert_success
	[ "$output" = "$first" ]
	[ "$(store_dump)" = "$before" ]
	refuses 4 INVALID_STATE -- pay "$b" --status paid --ref p-1
}

@test "pay: the same key with a different request is refused (4 IDEMPOTENCY_MISMATCH)" {
	setup_hall
	b1=$(booking_in none)
	b2=$(booking_in none)
	berth -q pay "$b1" --status paid --idempotency-key pk2
	refuses 4 IDEMPOTENCY_MISMATCH -- pay "$b2" --status paid --idempotency-key pk2
	refuses 4 IDEMPOTENCY_MISMATCH -- pay "$b1" --status refunded --idempotency-key pk2
	refuses 4 IDEMPOTENCY_MISMATCH -- pay "$b1" --status paid --ref other --idempotency-key pk2
	[ "$(field payment_status -- show "$b2")" = none ]
}

@test "pay: one audit record per payment change; a refusal writes none" {
	setup_hall
	b=$(booking_in none)
	n=$(audit_count)
	berth -q pay "$b" --status paid
	[ "$(audit_count)" = $((n + 1)) ]
	run berth pay "$b" --status failed
	[ "$status" -eq 4 ]
	[ "$(audit_count)" = $((n + 1)) ]
}
