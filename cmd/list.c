/* list.c - berth list: bookings, or holds with --holds, filtered. */
#include <unistd.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_RESOURCE, O_CUSTOMER, O_STATUS, O_FROM, O_TO, O_HOLDS, O_SORT,
       O_SERIES, O_COUNT };
static const struct opt opts[] = {
	{"resource", OPT_VALUE, "R", "only this resource's"},
	{"customer", OPT_VALUE, "C", "only this customer's"},
	{"status", OPT_VALUE, "S", "only those with this status"},
	{"from", OPT_VALUE, "TIME", "only those ending after"},
	{"to", OPT_VALUE, "TIME", "only those starting before (a date: "
				  "before its end)"},
	{"holds", OPT_FLAG, NULL, "list holds instead of bookings"},
	{"sort", OPT_VALUE, "FIELDS", "order by these (-start,id; default start)"},
	{"series", OPT_VALUE, "ID", "only this series' (book --repeat)"},
	{NULL, 0, NULL, NULL},
};

struct listing {
	const berth_list_req *req;
	emitter *e;
};

static int each(const berth_claim *c, void *arg)
{
	struct listing *l = arg;

	describe_claim(l->e, c);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct listing *l = arg;

	calendar_of(t, l->e, l->req->resource);
	return berth_list(t, l->req, each, l);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_list_req req = {.status = -1};
	struct listing l = {&req, NULL};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	req.holds = vals[O_HOLDS].set;
	if (vals[O_SORT].set &&
	    (st = berth_sort_parse(vals[O_SORT].value, req.holds, &req.sort)))
		return fail(st);
	req.resource = vals[O_RESOURCE].value;
	req.customer = vals[O_CUSTOMER].value;
	if (req.customer && (st = parse_text("--customer", req.customer)))
		return fail(st);
	if (!(st = need_args(nargs, 0, 0)) && vals[O_STATUS].set &&
	    berth_status_parse(req.holds, vals[O_STATUS].value, &req.status))
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "unknown %s status '%.40s' (choose from %s)",
			       req.holds ? "hold" : "booking",
			       vals[O_STATUS].value,
			       berth_status_choices(req.holds)),
		    "--status", vals[O_STATUS].value);
	if (!st)
		st = parse_time_opt("--from", &vals[O_FROM], &req.from,
				    &req.has_from);
	if (!st)
		st = parse_time_opt("--to", &vals[O_TO], &req.to, &req.has_to);
	if (!st && vals[O_SERIES].set)
		st = berth_series_parse(vals[O_SERIES].value, &req.series);
	if (!st && !(st = open_db(0, &db))) {
		/* A read transaction never re-runs, so records can stream
		 * straight out as they are read. */
		/* A listing is written whole, not followed: in large
		 * blocks, not a write a line. */
		if (!isatty(STDOUT_FILENO))
			setvbuf(stdout, NULL, _IOFBF, 1 << 16);
		l.e = out_open(1);
		emit_hold(l.e, 1);
		describe_claim_columns(l.e, req.holds ? SHAPE_HOLD : SHAPE_BOOKING);
		st = out_end(l.e, berth_run(db, 0, txn, &l));
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

static const struct view *view_of(const optval *vals)
{
	return vals[O_HOLDS].set ? &view_hold : &view_booking;
}

const struct verb verb_list = {
	.name = "list",
	.run = run,
	.summary = "list bookings, or holds with --holds",
	.opts = opts,
	.mode = VERB_READS,
	.view_of = view_of,
	.draws = FORMAT_ICS,
};
