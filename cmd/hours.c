/* hours.c - berth hours set|show|clear: a resource's opening hours, for
 * the week or for one date. */
#include "common.h"
#include "verbs.h"
#include "common-columns.h"
#include "common-outside.h"

enum { O_DATE, O_DRY, O_COUNT };
static const struct opt opts[] = {
	{"date", OPT_VALUE, "DATE", "hours for this date only (an exception)"},
	{"dry-run", OPT_FLAG, NULL,
	 "list the claims the change would leave outside, change nothing"},
	{NULL, 0, NULL, NULL},
};
static const struct opt show_opts[] = {
	{NULL, 0, NULL, NULL},
};

enum { SET, CLEAR, SHOW };

struct call {
	int what;
	const char *resource;
	int32_t date;
	berth_hours h;
	emitter *e;
};

/* One record a day of the week, one a date: the same fields either way. */
static int describe(const berth_hours *h, void *arg)
{
	emitter *e = ((struct call *)arg)->e;
	char hours[160], date[16];

	for (int i = 0; i < h->ndays; i++) {
		emit_record_begin(e);
		emit_str(e, "resource", h->resource);
		emit_str(e, "day",
			 berth_weekday_name(h->date ? berth_weekday_of(h->date)
						    : i));
		if (h->date) {
			berth_date_format(h->date, date, sizeof date);
			emit_str(e, "date", date);
		} else {
			emit_str(e, "date", NULL);
		}
		berth_day_format(&h->day[i], hours, sizeof hours);
		emit_str(e, "hours", hours);
		emit_record_end(e);
	}
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case SET:
		return berth_hours_set(t, &c->h);
	case CLEAR:
		return berth_hours_clear(t, c->resource, c->date);
	default:
		return berth_hours_each(t, c->resource, describe, c);
	}
}

static int sub(const struct verb *v, int argc, char **argv, int what)
{
	optval vals[O_COUNT] = {0};
	struct call c = {.what = what};
	outside_change ch = {.change = txn, .arg = &c};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, what == SET ? 2 : 1,
			    what == SET ? 64 : 1)))
		return fail(st);
	c.resource = argv[1];
	ch.o.resources = (const char *const *)&c.resource;
	ch.o.nresources = 1;
	if (what != SHOW && vals[O_DATE].value &&
	    (st = berth_date_parse("date", vals[O_DATE].value, &c.date)))
		return fail(st);
	if (what == SET) {
		if ((st = berth_hours_parse(argv + 2, nargs - 1, c.date != 0,
					    &c.h)))
			return fail(st);
		c.h.resource = c.resource;
		c.h.date = c.date;
	}
	if (what == SHOW) {
		if (!(st = open_db(0, &db))) {
			c.e = out_open(1);
			st = out_end(c.e, berth_run(db, 0, txn, &c));
		}
	} else if (vals[O_DRY].set) {
		st = outside_dry_run(&ch);
	} else if (!(st = open_db(0, &db)) && !(st = outside_run(db, 0, &ch))) {
		committed("hours of %s were %s", c.resource,
			  what == SET ? "set" : "cleared");
		c.e = out_open(what == SET);
		if (what == SET)
			describe(&c.h, &c);
		outside_warn(&ch);
		st = out_end(c.e, BERTH_OK);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

SUB_VERB(run_set, SET)
SUB_VERB(run_clear, CLEAR)
SUB_VERB(run_show, SHOW)

OUTSIDE_VIEW_OF(view_of, O_DRY, view_hours)

static const struct verb subs[] = {
	{"set", run_set, "set the week's hours, or one date's",
	 "RESOURCE HOURS...", opts, VERB_WRITES, NULL, &view_hours, view_of, 0},
	{"clear", run_clear, "remove the week's hours, or one date's",
	 "RESOURCE", opts, VERB_WRITES, NULL, &view_hours, view_of, 0},
	{"show", run_show, "show the week and the dates set", "RESOURCE",
	 show_opts, VERB_READS, NULL, &view_hours, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_hours = {
	.name = "hours",
	.summary = "set, show and clear a resource's opening hours",
	.operands = "set|show|clear",
	.subs = subs,
};
