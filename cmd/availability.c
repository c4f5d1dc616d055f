/* availability.c - berth availability: total, held, booked, available, at
 * an instant, at the tightest point, or over a range one row per change;
 * and with --seats the seat numbers free over a window. */
#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_AT, O_FROM, O_TO, O_SEATS, O_COUNT };
static const struct opt opts[] = {
	{"at", OPT_VALUE, "TIME", "at this instant (default: the tightest "
				  "point from now on)"},
	{"from", OPT_VALUE, "TIME", "over a range from this time (default: "
				    "now), one row per change"},
	{"to", OPT_VALUE, "TIME", "up to this time (a day: to its end; "
				  "default: for good)"},
	{"seats", OPT_FLAG, NULL, "list the seat numbers free over the "
				  "window (seated resources)"},
	{NULL, 0, NULL, NULL},
};

struct query {
	berth_window_req w;
	int seats;
	berth_avail one, *rows;
	size_t nrows;
	berth_free_seats free;
};

static berth_status txn(berth_txn *t, void *arg)
{
	struct query *q = arg;

	if (q->seats)
		return berth_seats_free(t, &q->w, &q->free);
	if (q->w.has_from || q->w.has_to)
		return berth_availability_range(t, &q->w, &q->rows, &q->nrows);
	return berth_availability(t, q->w.resource, q->w.has_at, &q->w.at,
				  &q->one);
}

static void describe(emitter *e, const berth_avail *a)
{
	emit_record_begin(e);
	emit_str(e, "resource", a->resource);
	emit_time(e, "start", a->start, a->zone);
	emit_time(e, "end", a->end, a->zone);
	emit_int(e, "total", a->total);
	emit_int(e, "held", a->held);
	emit_int(e, "booked", a->booked);
	emit_int(e, "available", a->available);
	emit_record_end(e);
}

static void describe_seats(emitter *e, const berth_free_seats *f)
{
	emit_record_begin(e);
	emit_str(e, "resource", f->resource);
	emit_time(e, "start", f->start, f->zone);
	emit_time(e, "end", f->end, f->zone);
	emit_int(e, "total", f->total);
	emit_int(e, "available", f->available);
	emit_key(e, "seats");
	emit_list_begin(e);
	for (int64_t i = 0; i < f->available; i++)
		emit_integer(e, f->seats[i]);
	emit_end(e);
	emit_record_end(e);
}

/* The window options, checked before the store opens: --at is one
 * window, --from and --to another (from now, for good, by default). */
static berth_status parse_window(const optval *vals, berth_window_req *w)
{
	berth_status st;

	if (vals[O_AT].set && (vals[O_FROM].set || vals[O_TO].set))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "give --at or a range (--from, --to), not "
			       "both"),
		    "--at", vals[O_AT].value);
	if (vals[O_TO].set)
		w->to_text = vals[O_TO].value;
	if ((st = parse_time_opt("--at", &vals[O_AT], &w->at, &w->has_at)) ||
	    (st = parse_time_opt("--from", &vals[O_FROM], &w->from,
				 &w->has_from)))
		return st;
	return parse_time_opt("--to", &vals[O_TO], &w->to, &w->has_to);
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
	if (!(st = need_args(nargs, 1, 1)))
		st = parse_window(vals, &q.w);
	q.w.resource = argv[1];
	q.seats = vals[O_SEATS].set;
	if (!st && !(st = open_db(0, &db)) &&
	    !(st = berth_run(db, 0, txn, &q))) {
		int range = q.w.has_from || q.w.has_to;
		e = out_open(range && !q.seats);
		if (q.seats)
			describe_seats(e, &q.free);
		else if (range)
			for (size_t i = 0; i < q.nrows; i++)
				describe(e, &q.rows[i]);
		else
			describe(e, &q.one);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

/* --seats answers with other fields. */
static const struct view *view_of(const optval *vals)
{
	return vals[O_SEATS].set ? &view_free_seats : &view_availability;
}

const struct verb verb_availability = {
	.name = "availability",
	.run = run,
	.summary = "count what is held, booked and available",
	.operands = "RESOURCE",
	.opts = opts,
	.mode = VERB_READS,
	.view_of = view_of,
};
