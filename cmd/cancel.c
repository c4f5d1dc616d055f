/* cancel.c - berth cancel: end a booking and free what it claimed; with
 * --series, the rest of a series in one transaction. */
#include <stdio.h>

#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_REASON, O_IDEM, O_IF_VERSION, O_FORCE, O_SERIES, O_FROM, O_COUNT };
static const struct opt opts[] = {
	{"reason", OPT_VALUE, "R", "why, for the audit log"},
	{"idempotency-key", OPT_VALUE, "K", "replay instead of repeating"},
	{"if-version", OPT_VALUE, "N", "only if the booking is at version N"},
	{"force", OPT_FLAG, NULL, "past cancel_deadline (admin, with --reason)"},
	{"series", OPT_VALUE, "ID", "the rest of this series instead"},
	{"from", OPT_VALUE, "TIME", "with --series: its bookings from then on"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	int replayed;
	return berth_cancel(t, arg, out, &replayed);
}

struct series_call {
	berth_series_cancel_req req;
	berth_series out;
};

static berth_status series_txn(berth_txn *t, void *arg)
{
	struct series_call *c = arg;

	return berth_series_cancel(t, &c->req, &c->out);
}

/* The claims cancelled, as list prints them. */
static int cancel_series(struct series_call *c)
{
	return series_op_run(series_txn, c, c->req.series, &c->out, "bookings",
			     "cancelled");
}

static berth_status parse_series(int nargs, const optval *vals,
				 berth_series_cancel_req *req)
{
	berth_status st;

	if (nargs)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "give BOOKING or --series ID, not both");
	if (vals[O_IDEM].set || vals[O_IF_VERSION].set)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--%s is for one booking, not --series",
			       vals[O_IDEM].set ? "idempotency-key"
						: "if-version"),
		    vals[O_IDEM].set ? "idempotency-key" : "if-version", NULL);
	if ((st = berth_series_parse(vals[O_SERIES].value, &req->series)) ||
	    (st = opt_text(&vals[O_REASON], "--reason", &req->reason)) ||
	    (st = parse_time_opt("--from", &vals[O_FROM], &req->from,
				 &req->has_from)))
		return st;
	req->force = vals[O_FORCE].set;
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_cancel_req req = {0};
	struct series_call sc = {{0}, {0}};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done && vals[O_SERIES].set) {
		st = parse_series(nargs, vals, &sc.req);
		rc = st ? fail(st) : cancel_series(&sc);
		opt_free(vals, O_COUNT);
		return rc;
	}
	if (!st && !done && vals[O_FROM].set)
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--from goes with --series"),
		    "from", NULL);
	if (!st && !done)
		st = need_args(nargs, 1, 1);
	if (!st && !done &&
	    !(st = opt_text(&vals[O_REASON], "--reason", &req.reason)))
		st = opt_text(&vals[O_IDEM], "--idempotency-key", &req.idem_key);
	if (!st && !done && vals[O_IF_VERSION].set)
		st = parse_int("--if-version", vals[O_IF_VERSION].value, 1,
			       INT64_MAX, &req.if_version);
	req.force = vals[O_FORCE].set;
	req.id = argv[1];
	if (st)
		rc = fail(st);
	else
		rc = done ? 0 : claim_op_run("%s was cancelled", op, &req);
	opt_free(vals, O_COUNT);
	return rc;
}

const struct verb verb_cancel = {
	.name = "cancel",
	.run = run,
	.summary = "cancel a booking and free its capacity",
	.operands = "BOOKING | --series ID",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
