/* confirm.c - berth confirm: a live hold becomes a confirmed booking, or a
 * pending booking is confirmed; with --series, every one of a series that
 * waits, in one transaction. */
#include <string.h>

#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_REF, O_PAYMENT, O_IDEM, O_IF_VERSION, O_METHOD, O_SERIES, O_COUNT };
static const struct opt opts[] = {
	{"payment-ref", OPT_VALUE, "REF", "the payment's reference"},
	{"payment", OPT_VALUE, "STATUS", "paid, pending or failed"},
	{"idempotency-key", OPT_VALUE, "K", "replay instead of repeating"},
	{"if-version", OPT_VALUE, "N", "only if the claim is at version N"},
	{"payment-method", OPT_VALUE, "METHOD", "none, on_arrival or online"},
	{"series", OPT_VALUE, "ID",
	 "every hold and pending booking of this series instead"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	int replayed;
	return berth_confirm(t, arg, out, &replayed);
}

struct series_call {
	berth_series_confirm_req req;
	berth_series out;
};

static berth_status series_txn(berth_txn *t, void *arg)
{
	struct series_call *c = arg;

	return berth_series_confirm(t, &c->req, &c->out);
}

/* The claims confirmed, as list prints them. */
static int confirm_series(struct series_call *c)
{
	return series_op_run(series_txn, c, c->req.series, &c->out, "occurrences",
			     "confirmed");
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_confirm_req req = {.payment = -1};
	struct series_call sc;
	berth_status st;
	int nargs, done, rc, series;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	series = !st && !done && vals[O_SERIES].set;
	if (series && nargs)
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"give HOLD|BOOKING or --series ID, not both");
	else if (series && (vals[O_IDEM].set || vals[O_IF_VERSION].set))
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--%s is for one claim, not --series",
			       vals[O_IDEM].set ? "idempotency-key"
						: "if-version"),
		    vals[O_IDEM].set ? "idempotency-key" : "if-version", NULL);
	else if (!st && !done && !series)
		st = need_args(nargs, 1, 1);
	if (!st && !done && vals[O_PAYMENT].set &&
	    (berth_payment_parse(vals[O_PAYMENT].value, &req.payment) ||
	     (req.payment != PAY_PAID && req.payment != PAY_PENDING &&
	      req.payment != PAY_FAILED)))
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"--payment takes paid, pending or failed");
	if (!st && !done &&
	    !(st = opt_text(&vals[O_REF], "--payment-ref", &req.payment_ref)))
		st = opt_text(&vals[O_IDEM], "--idempotency-key", &req.idem_key);
	if (!st && !done)
		st = parse_payment_method(&vals[O_METHOD],
					  &req.has_payment_method,
					  &req.payment_method);
	if (!st && !done && vals[O_IF_VERSION].set)
		st = parse_int("--if-version", vals[O_IF_VERSION].value, 1,
			       INT64_MAX, &req.if_version);
	if (!st && series) {
		memset(&sc, 0, sizeof sc);
		sc.req.payment = req.payment;
		sc.req.payment_ref = req.payment_ref;
		sc.req.has_payment_method = req.has_payment_method;
		sc.req.payment_method = req.payment_method;
		st = berth_series_parse(vals[O_SERIES].value, &sc.req.series);
	}
	req.id = argv[1];
	if (st)
		rc = fail(st);
	else if (done)
		rc = 0;
	else if (series)
		rc = confirm_series(&sc);
	else
		rc = claim_op_run("%s was confirmed", op, &req);
	opt_free(vals, O_COUNT);
	return rc;
}

const struct verb verb_confirm = {
	.name = "confirm",
	.run = run,
	.summary = "turn a live hold into a booking, or confirm a pending one",
	.operands = "HOLD|BOOKING | --series ID",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
