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

@test "pay: a pending booking past its timeout cannot be paid, swept or not" {
	setup_hall
	b=$(field id -- book hall 2026-06-10T09:00 --duration 1h --pending)
	before=$(store_dump)
	run --separate-stderr berth --now 2026-06-01T10:31:00Z pay "$b" --status paid
	[ "$status" -eq 6 ] || [ "$status" -eq 4 ]
	[ "$(store_dump)" = "$before" ]
	berth --now 2026-06-01T10:31:00Z -q expire
	run --separate-stderr berth --now 2026-06-01T10:31:00Z pay "$b" --status paid
	[ "$status" -eq 6 ] || [ "$status" -eq 4 ]
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
