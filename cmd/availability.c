/* availability.c - berth availability: total, held, booked, available. */
#include "common.h"
#include "verbs.h"
#include "columns.h"

enum { O_AT, O_COUNT };
static const struct opt opts[] = {
	{"at", OPT_VALUE, "TIME", "at this instant (default: the tightest "
				  "point from now on)"},
	{NULL, 0, NULL, NULL},
};

struct query {
	const char *resource;
	int has_at;
	civil_time at;
	berth_avail out;
};

static berth_status txn(berth_txn *t, void *arg)
{
	struct query *q = arg;

	return berth_availability(t, q->resource, q->has_at, &q->at, &q->out);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	struct query q = {0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;
	emitter *e;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 1, 1)) && vals[O_AT].set &&
	    !(st = parse_time("--at", vals[O_AT].value, &q.at)))
		q.has_at = 1;
	q.resource = argv[1];
	if (!st && !(st = open_db(0, &db)) &&
	    !(st = berth_run(db, 0, txn, &q))) {
		e = out_open(0);
		emit_record_begin(e);
		emit_str(e, "resource", q.out.resource);
		emit_time(e, "start", q.out.start, q.out.zone);
		emit_time(e, "end", q.out.end, q.out.zone);
		emit_int(e, "total", q.out.total);
		emit_int(e, "held", q.out.held);
		emit_int(e, "booked", q.out.booked);
		emit_int(e, "available", q.out.available);
		emit_record_end(e);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_availability = {
	.name = "availability",
	.run = run,
	.summary = "count what is held, booked and available",
	.operands = "RESOURCE",
	.opts = opts,
	.mode = VERB_READS,
	.view = &view_availability,
};
