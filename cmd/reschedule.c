/* reschedule.c - berth reschedule: move a booking to a new window in one
 * step, checked as a new booking there would be. */
#include <stdlib.h>

#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_DURATION, O_RESOURCE, O_SEAT, O_IF_VERSION, O_REASON, O_FORCE,
       O_COUNT };
static const struct opt opts[] = {
	{"duration", OPT_VALUE, "DUR", "a new length (default: its own)"},
	{"resource", OPT_VALUE, "R", "move it to another resource"},
	{"seat", OPT_REPEAT, "N[,N...]", "the seats to take instead"},
	{"if-version", OPT_VALUE, "N", "only if the booking is at version N"},
	{"reason", OPT_VALUE, "R", "why, for the audit log"},
	{"force", OPT_FLAG, NULL,
	 "past deadlines, limits, notice and the calendar (admin, with "
	 "--reason)"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_reschedule(t, arg, out);
}

static berth_status parse(char **argv, const optval *v,
			  berth_reschedule_req *req)
{
	berth_status st;

	req->id = argv[1];
	if ((st = parse_time("start", argv[2], &req->start)))
		return st;
	if (v[O_DURATION].set &&
	    (st = parse_duration("--duration", v[O_DURATION].value,
				 &req->duration)))
		return st;
	if ((st = opt_text(&v[O_RESOURCE], "--resource", &req->resource)) ||
	    (st = opt_text(&v[O_REASON], "--reason", &req->reason)))
		return st;
	for (size_t i = 0; i < v[O_SEAT].n; i++)
		if ((st = parse_seats(v[O_SEAT].values[i], &req->seats,
				      &req->nseats)))
			return st;
	if (v[O_IF_VERSION].set &&
	    (st = parse_int("--if-version", v[O_IF_VERSION].value, 1,
			    INT64_MAX, &req->if_version)))
		return st;
	req->force = v[O_FORCE].set;
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_reschedule_req req = {0};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done)
		st = need_args(nargs, 2, 2);
	if (!st && !done)
		st = parse(argv, vals, &req);
	if (st)
		rc = fail(st);
	else
		rc = done ? 0 : claim_op_run("%s was rescheduled", op, &req);
	opt_free(vals, O_COUNT);
	free(req.seats);
	return rc;
}

const struct verb verb_reschedule = {
	.name = "reschedule",
	.run = run,
	.summary = "move a booking to a new start, in one step",
	.operands = "BOOKING NEW_START",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
