/* payment-method.c - how a claim is paid (none, on_arrival, online) and
 * the payment statuses each allows (DECISIONS.md, the seeds' consistency
 * rule):
 *
 *   on_arrival  pending -> paid -> refunded         never failed
 *   online      pending -> paid | failed, failed -> paid, paid -> refunded
 *
 * A claim that names a method starts its payment pending. `none` is what
 * a claim that named no method has always had: its payments follow the
 * general rule of payment.c (pay_allowed), as they did before methods
 * were asked for, so that stores and scripts of before keep working; a
 * command line that names `none` and a payment at once is refused.
 * require_payment (policy.c: the resource's or the store's, the
 * strictest) refuses a confirmed online claim that is not paid with
 * PAYMENT_REQUIRED: confirm it with --payment paid, or book it --pending
 * and let pay confirm it. */
#include <string.h>

#include "internal.h"

int berth_method_parse(const char *s, int *out)
{
	static const char *const names[] = {"none", "on_arrival", "online"};

	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
	return -1;
}

/* The statuses a method named on a command line goes with. */
static int method_allows(int method, int status)
{
	switch (method) {
	case METHOD_NONE:
		return status == PAY_NONE;
	case METHOD_ON_ARRIVAL:
		return status == PAY_PENDING || status == PAY_PAID ||
		       status == PAY_REFUNDED;
	default:
		return status != PAY_NONE;
	}
}

int payment_move_ok(int method, int from, int to)
{
	switch (method) {
	case METHOD_ON_ARRIVAL:
		return (from == PAY_PENDING && to == PAY_PAID) ||
		       (from == PAY_PAID && to == PAY_REFUNDED);
	case METHOD_ONLINE:
		return (from == PAY_PENDING &&
			(to == PAY_PAID || to == PAY_FAILED)) ||
		       (from == PAY_FAILED && to == PAY_PAID) ||
		       (from == PAY_PAID && to == PAY_REFUNDED);
	default:
		return pay_allowed(from, to);
	}
}

static berth_status required(berth_txn *t, const berth_claim *c, int status,
			     const char *id)
{
	policy_value v;

	if (c->payment_method != METHOD_ONLINE || status == PAY_PAID)
		return BERTH_OK;
	policy_in_force_svc(t, c->rid, c->service, "require_payment", &v);
	if (!v.value)
		return txn_status(t);
	berth_fail(BERTH_PAYMENT_REQUIRED,
		   "%s is paid online and require_payment is set: it is "
		   "confirmed once paid (its payment is %s)",
		   id, berth_payment_name(status));
	berth_detail_str("id", id);
	berth_detail_str("policy", "require_payment");
	policy_detail_scope(&v, c->resource);
	berth_detail_str("payment_status", berth_payment_name(status));
	return BERTH_PAYMENT_REQUIRED;
}

berth_status payment_claim_admit(berth_txn *t, const berth_claim_req *req,
				 berth_claim *c)
{
	if (!req->has_payment_method)
		return BERTH_OK;
	c->payment_method = req->payment_method;
	c->payment_status =
	    req->payment_method == METHOD_NONE ? PAY_NONE : PAY_PENDING;
	/* A booking made confirmed at once is confirmed unpaid: what the
	 * policy forbids. A pending one waits for its payment. */
	if (c->kind != CLAIM_BOOKING || c->status != BOOKING_CONFIRMED)
		return BERTH_OK;
	return required(t, c, c->payment_status, "the booking");
}

berth_status payment_confirm_admit(berth_txn *t, const berth_confirm_req *req,
				   const berth_claim *c, payment_after *out)
{
	int method =
	    req->has_payment_method ? req->payment_method : c->payment_method;
	int from = c->payment_status;
	berth_claim named = *c;
	char id[24];

	berth_id_format(c->kind, c->id, id, sizeof id);
	if (req->has_payment_method && req->payment >= 0 &&
	    !method_allows(method, req->payment))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--payment %s does not go with --payment-method "
			       "%s",
			       berth_payment_name(req->payment),
			       berth_method_name(method)),
		    "payment", berth_payment_name(req->payment));
	if (method != c->payment_method) {
		/* A method may be named or changed while nothing is paid. */
		if (from != PAY_NONE && from != PAY_PENDING)
			return berth_fail(BERTH_INVALID_STATE,
					  "payment of %s is %s %s: its method "
					  "cannot change to %s",
					  id, berth_payment_name(from),
					  berth_method_name(c->payment_method),
					  berth_method_name(method));
		from = method == METHOD_NONE ? PAY_NONE : PAY_PENDING;
	}
	if (req->payment == PAY_FAILED && method != METHOD_ON_ARRIVAL)
		return berth_fail(BERTH_PAYMENT_FAILED,
				  "payment failed; %s stays as it is", id);
	/* A pending booking may carry a payment already: confirm moves it
	 * only the ways `pay` would (a claim of no method may also be
	 * marked pending). */
	if (req->payment >= 0 && req->payment != from &&
	    !payment_move_ok(method, from, req->payment) &&
	    !(method == METHOD_NONE && from == PAY_NONE &&
	      req->payment == PAY_PENDING))
		return berth_fail(
		    BERTH_INVALID_STATE,
		    "payment of %s (%s) is %s and cannot become %s", id,
		    berth_method_name(method), berth_payment_name(from),
		    berth_payment_name(req->payment));
	out->method = method;
	out->status = req->payment >= 0 ? req->payment : from;
	named.payment_method = method;
	return required(t, &named, out->status, id);
}

/* pay --amount: what was paid, recorded with a payment (paid), never with
 * a failure or a refund, which take nothing in. Not held against the
 * price: a deposit, a tip or a discount are the business's to decide. */
berth_status payment_amount_admit(const berth_pay_req *req)
{
	if (req->status != PAY_PAID)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--amount goes with --status paid"),
		    "amount", NULL);
	if (req->amount < 0 || req->amount > BERTH_PRICE_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT, "amount out of range"),
		    "amount", NULL);
	return BERTH_OK;
}
