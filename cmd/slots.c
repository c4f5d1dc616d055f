/* slots.c - berth slots: the windows a booking could take now, on one
 * resource or several, or a service's, each as it is found (a long answer
 * streams). */
#include <limits.h>
#include <stdio.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_SERVICE, O_LOCATION, O_FROM, O_TO, O_DURATION, O_QUANTITY, O_ALL,
       O_COUNT };
static const struct opt opts[] = {
	{"service", OPT_VALUE, "S", "a service's resources, in place of names"},
	{"location", OPT_VALUE, "L", "with --service: its resources there"},
	{"from", OPT_VALUE, "TIME", "starts from this time (default: now)"},
	{"to", OPT_VALUE, "TIME", "starts before this time (a day: to its "
				  "end; default: seven days on)"},
	{"duration", OPT_VALUE, "DUR", "the length of a booking (default: "
				       "the service's, or the resource's "
				       "slot length)"},
	{"quantity", OPT_VALUE, "N", "units the booking needs (default 1)"},
	{"all", OPT_FLAG, NULL, "also windows without room for it, with "
				"what is left"},
	{NULL, 0, NULL, NULL},
};

struct query {
	berth_slots_req req;
	emitter *e;
};

static void describe(emitter *e, const berth_slot *s)
{
	emit_record_begin(e);
	emit_str(e, "resource", s->resource);
	emit_time(e, "start", s->start, s->zone);
	emit_time(e, "end", s->end, s->zone);
	emit_int(e, "available", s->available);
	emit_record_end(e);
}

static int each(const berth_slot *s, void *arg)
{
	struct query *q = arg;

	describe(q->e, s);
	return ferror(stdout) != 0; /* out_end says so */
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct query *q = arg;

	calendar_of(t, q->e,
		    q->req.nresources == 1 ? q->req.resources[0] : q->req.service);
	return berth_slots(t, &q->req, each, q);
}

static berth_status parse(const optval *vals, berth_slots_req *req)
{
	berth_status st;

	if ((st = opt_text(&vals[O_SERVICE], "--service", &req->service)) ||
	    (st = opt_text(&vals[O_LOCATION], "--location", &req->location)))
		return st;
	if ((st = parse_time_opt("--from", &vals[O_FROM], &req->from,
				 &req->has_from)) ||
	    (st = parse_time_opt("--to", &vals[O_TO], &req->to, &req->has_to)))
		return st;
	if (vals[O_DURATION].set &&
	    (st = parse_duration("--duration", vals[O_DURATION].value,
				 &req->duration)))
		return st;
	if (vals[O_DURATION].set && req->duration <= 0)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--duration must be longer than 0"),
		    "--duration", vals[O_DURATION].value);
	if (vals[O_QUANTITY].set &&
	    (st = parse_int("--quantity", vals[O_QUANTITY].value, 1,
			    BERTH_CAPACITY_MAX, &req->quantity)))
		return st;
	req->all = vals[O_ALL].set;
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	struct query q = {0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, vals[O_SERVICE].set ? 0 : 1, INT_MAX)))
		st = parse(vals, &q.req);
	q.req.resources = (const char *const *)argv + 1;
	q.req.nresources = (size_t)nargs;
	if (!st && !(st = open_db(0, &db))) {
		/* A read transaction never re-runs: windows stream out as
		 * they are found. */
		q.e = out_open(1);
		if (emit_template(q.e)) {
			berth_slot none = {.resource = "", .zone = "UTC"};
			describe(q.e, &none);
		}
		st = out_end(q.e, berth_run(db, 0, txn, &q));
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_slots = {
	.name = "slots",
	.run = run,
	.summary = "the windows a booking could take now",
	.operands = "[RESOURCE...]",
	.opts = opts,
	.mode = VERB_READS,
	.view = &view_slots,
	.draws = FORMAT_ICS,
};
