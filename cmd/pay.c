/* pay.c - berth pay: record a payment, its failure, or its refund. */
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_STATUS, O_REF, O_IDEM, O_IF_VERSION, O_AMOUNT, O_COUNT };
static const struct opt opts[] = {
	{"status", OPT_VALUE, "STATUS",
	 "paid, failed or refunded (required, but paid with --amount)"},
	{"ref", OPT_VALUE, "REF", "the payment's reference"},
	{"idempotency-key", OPT_VALUE, "K", "replay instead of repeating"},
	{"if-version", OPT_VALUE, "N", "only if the booking is at version N"},
	{"amount", OPT_VALUE, "AMOUNT", "what was paid, like 35.00"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	int replayed;
	return berth_pay(t, arg, out, &replayed);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_pay_req req = {0};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done)
		st = need_args(nargs, 1, 1);
	/* --amount alone says it was paid: a payment of that much. */
	if (!st && !done && vals[O_AMOUNT].set) {
		if ((st = berth_money_parse("--amount", vals[O_AMOUNT].value,
					     &req.amount)))
			st = berth_detail_option(st, "amount",
						 vals[O_AMOUNT].value);
		req.has_amount = 1;
		if (!vals[O_STATUS].set)
			req.status = PAY_PAID;
	}
	if (!st && !done && (vals[O_STATUS].set || !req.has_amount) &&
	    (!vals[O_STATUS].set ||
	     berth_payment_parse(vals[O_STATUS].value, &req.status) ||
	     (req.status != PAY_PAID && req.status != PAY_FAILED &&
	      req.status != PAY_REFUNDED)))
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"--status takes paid, failed or refunded");
	if (!st && !done && !(st = opt_text(&vals[O_REF], "--ref", &req.ref)))
		st = opt_text(&vals[O_IDEM], "--idempotency-key", &req.idem_key);
	if (!st && !done && vals[O_IF_VERSION].set)
		st = parse_int("--if-version", vals[O_IF_VERSION].value, 1,
			       INT64_MAX, &req.if_version);
	req.id = argv[1];
	if (st)
		rc = fail(st);
	else if (done)
		rc = 0;
	else
		rc = claim_op_run("the payment of %s was recorded", op, &req);
	opt_free(vals, O_COUNT);
	return rc;
}

const struct verb verb_pay = {
	.name = "pay",
	.run = run,
	.summary = "record a booking's payment, failure or refund",
	.operands = "BOOKING",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
