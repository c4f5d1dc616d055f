/* cancel.c - berth cancel: end a booking and free what it claimed. */
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_REASON, O_IDEM, O_IF_VERSION, O_FORCE, O_COUNT };
static const struct opt opts[] = {
	{"reason", OPT_VALUE, "R", "why, for the audit log"},
	{"idempotency-key", OPT_VALUE, "K", "replay instead of repeating"},
	{"if-version", OPT_VALUE, "N", "only if the booking is at version N"},
	{"force", OPT_FLAG, NULL, "past cancel_deadline (admin, with --reason)"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	int replayed;
	return berth_cancel(t, arg, out, &replayed);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_cancel_req req = {0};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
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
	.operands = "BOOKING",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
