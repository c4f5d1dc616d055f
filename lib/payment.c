/* payment.c - a booking's payment: which changes of its status are
 * allowed, and `pay`. A payment in full of a pending booking confirms it
 * in the same change (the seeds' rule: payment success confirms), so a
 * paid booking never expires and its place is never sold again. */
#include "internal.h"

/* none|pending -> paid|failed, failed -> paid, paid -> refunded. */
int pay_allowed(int from, int to)
{
	switch (to) {
	case PAY_PAID:
		return from == PAY_NONE || from == PAY_PENDING ||
		       from == PAY_FAILED;
	case PAY_FAILED:
		return from == PAY_NONE || from == PAY_PENDING;
	case PAY_REFUNDED:
		return from == PAY_PAID;
	default:
		return 0;
	}
}

berth_status berth_pay(berth_txn *t, const berth_pay_req *req,
		       berth_claim **out, int *replayed)
{
	static const char *const actions[] = {
		[PAY_PAID] = "booking.paid",
		[PAY_FAILED] = "booking.payment_failed",
		[PAY_REFUNDED] = "booking.refunded",
	};
	idem_req ir = {.key = req->idem_key};
	berth_claim *c, *b;
	berth_status st;

	*replayed = 0;
	if (req->status != PAY_PAID && req->status != PAY_FAILED &&
	    req->status != PAY_REFUNDED)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--status takes paid, failed or refunded");
	if (req->ref && (st = berth_check_text("payment reference", req->ref)))
		return st;
	if (req->has_amount && (st = payment_amount_admit(req)))
		return st;
	if (ir.key) {
		idem_request n;
		if ((st = claim_target_normal("pay", req->id, &n)))
			return st;
		n.payment = req->status;
		n.ref = req->ref;
		n.has_amount = req->has_amount;
		n.amount = req->amount;
		idem_fingerprint(&ir.request, &n);
	}
	if (claim_answered(t, &ir, out, replayed, &st))
		goto out;
	if ((st = claim_load_booking(t, req->id,
			       "payments are on bookings (berth confirm "
			       "--payment)",
			       &c)) ||
	    (st = claim_change_admit(t, c, req->if_version)))
		goto out;
	/* An expired booking is refused as expired whatever its payment
	 * says: a payment that comes too late is told so (6), not that the
	 * status cannot move (4). Only a refund reaches the dead. Whoever
	 * came (or did not) may still pay: on arrival is when many do. */
	if (req->status != PAY_REFUNDED && !claim_marked(c) &&
	    (st = claim_not_live(t, c)))
		goto out;
	/* The moves the claim's payment method allows (payment-method.c):
	 * an on_arrival payment never fails. */
	if (!payment_move_ok(c->payment_method, c->payment_status,
			     req->status)) {
		st = berth_fail(BERTH_INVALID_STATE,
				"payment of %s (%s) is %s and cannot become %s",
				req->id, berth_method_name(c->payment_method),
				berth_payment_name(c->payment_status),
				berth_payment_name(req->status));
		goto out;
	}
	if (!(b = claim_copy(t, c))) {
		st = oom();
		goto out;
	}
	b->payment_status = req->status;
	if (req->ref)
		b->payment_ref = req->ref;
	if (req->has_amount) {
		b->has_paid = 1;
		b->amount_paid = req->amount;
	}
	b->version++;
	/* Paid is paid in full (--amount records how much that was, and
	 * decides nothing): the pending
	 * booking becomes confirmed and stops expiring. Its footprint moves
	 * as confirm moves it, so the expiry indexes forget it. One change,
	 * one audit record, named for what the caller did. */
	if (req->status == PAY_PAID && c->status == BOOKING_PENDING) {
		b->status = BOOKING_CONFIRMED;
		b->expires_at = BTIME_NEVER;
		avail_remove(t, c);
		avail_add(t, b);
	}
	claim_write(t, c, b, actions[req->status], NULL);
	idem_store(t, &ir, b);
	*out = b;
	st = txn_status(t);
out:
	wb_free(&ir.request);
	return st;
}
