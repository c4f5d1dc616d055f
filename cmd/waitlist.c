/* waitlist.c - berth waitlist add|list|show|rm. */
#include "common-columns.h"
#include "common.h"
#include "verbs.h"

enum {
	O_SERVICE,
	O_LOCATION,
	O_CUSTOMER,
	O_FROM,
	O_TO,
	O_DAYS,
	O_TIMES,
	O_DURATION,
	O_QUANTITY,
	O_PRIORITY,
	O_COUNT
};
static const struct opt add_opts[] = {
    {"service", OPT_VALUE, "S", "wait for any resource of this service"},
    {"location", OPT_VALUE, "L", "with --service: its resources at L"},
    {"customer", OPT_VALUE, "C", "who waits (required)"},
    {"from", OPT_VALUE, "DATE", "the first day to wait for (today)"},
    {"to", OPT_VALUE, "DATE", "the last day to wait for (30 days on)"},
    {"days", OPT_VALUE, "DAYS", "only these weekdays: mon,tue or mon-fri"},
    {"times", OPT_VALUE, "HH:MM-HH:MM", "only within these times of day"},
    {"duration", OPT_VALUE, "D",
     "the length wanted (the service's; needed for a resource)"},
    {"quantity", OPT_VALUE, "N", "units wanted (1)"},
    {"priority", OPT_VALUE, "N", "0 to 1000, higher is offered first (0)"},
    {NULL, 0, NULL, NULL},
};
enum { L_RESOURCE, L_SERVICE, L_CUSTOMER, L_STATUS, L_COUNT };
static const struct opt list_opts[] = {
    {"resource", OPT_VALUE, "R", "only entries waiting on R"},
    {"service", OPT_VALUE, "S", "only entries waiting for service S"},
    {"customer", OPT_VALUE, "C", "only C's entries"},
    {"status", OPT_VALUE, "S",
     "waiting, offered, fulfilled, lapsed, expired or removed"},
    {NULL, 0, NULL, NULL},
};
static const struct opt no_opts[] = {
    {NULL, 0, NULL, NULL},
};

enum { ADD, LIST, SHOW, RM };

struct call {
	int what;
	berth_waitlist_req req;
	berth_waitlist_filter filter;
	berth_waitlist *out;
	const char *id;
	emitter *e;
	btime now;
};

static int describe(const berth_waitlist *w, void *arg)
{
	struct call *c = arg;

	emit_record_begin(c->e);
	describe_waitlist_fields(c->e, w, c->now);
	emit_record_end(c->e);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	c->now = berth_now(t);
	switch (c->what) {
	case ADD:
		return berth_waitlist_add(t, &c->req, &c->out);
	case SHOW:
		return berth_waitlist_get(t, c->id, &c->out);
	case RM:
		return berth_waitlist_rm(t, c->id, &c->out);
	default:
		return berth_waitlist_each(t, &c->filter, describe, c);
	}
}

static berth_status parse_add(struct call *c, const optval *vals)
{
	berth_waitlist_req *r = &c->req;
	berth_status st;

	if ((st = opt_text(&vals[O_SERVICE], "service", &r->service)) ||
	    (st = opt_text(&vals[O_LOCATION], "location", &r->location)) ||
	    (st = opt_text(&vals[O_CUSTOMER], "customer", &r->customer)))
		return st;
	if (!r->customer)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "waitlist add needs --customer"),
		    "customer", NULL);
	if (vals[O_FROM].value) {
		if ((st = berth_date_parse("from", vals[O_FROM].value,
					   &r->from)))
			return st;
		r->has_from = 1;
	}
	if (vals[O_TO].value) {
		if ((st = berth_date_parse("to", vals[O_TO].value, &r->to)))
			return st;
		r->has_to = 1;
	}
	if (vals[O_DAYS].value &&
	    (st = berth_weekdays_parse(vals[O_DAYS].value, &r->days)))
		return st;
	if (vals[O_TIMES].value) {
		if ((st = berth_times_parse(vals[O_TIMES].value,
					    &r->times_start, &r->times_end)))
			return st;
		r->has_times = 1;
	}
	if (vals[O_DURATION].value &&
	    (st = parse_duration("duration", vals[O_DURATION].value,
				 &r->duration)))
		return st;
	if (vals[O_QUANTITY].value &&
	    (st = parse_int("quantity", vals[O_QUANTITY].value, 1,
			    BERTH_CAPACITY_MAX, &r->quantity)))
		return st;
	if (vals[O_PRIORITY].value &&
	    (st = parse_int("priority", vals[O_PRIORITY].value, 0,
			    BERTH_PRIORITY_MAX, &r->priority)))
		return st;
	return BERTH_OK;
}

static berth_status parse_list(struct call *c, const optval *vals)
{
	berth_waitlist_filter *f = &c->filter;
	berth_status st;

	f->status = -1;
	if ((st = opt_text(&vals[L_RESOURCE], "resource", &f->resource)) ||
	    (st = opt_text(&vals[L_SERVICE], "service", &f->service)) ||
	    (st = opt_text(&vals[L_CUSTOMER], "customer", &f->customer)))
		return st;
	if (vals[L_STATUS].value &&
	    berth_waitlist_status_parse(vals[L_STATUS].value, &f->status))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--status '%.40s' is not one of waiting, "
			       "offered, fulfilled, lapsed, expired, removed",
			       vals[L_STATUS].value),
		    "status", vals[L_STATUS].value);
	return BERTH_OK;
}

static int sub(const struct verb *v, int argc, char **argv, int what)
{
	optval vals[O_COUNT] = {0};
	struct call c = {.what = what};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (what == ADD) {
		/* A resource operand, or --service instead of it. */
		if (!(st = need_args(nargs, vals[O_SERVICE].value ? 0 : 1, 1)))
			st = parse_add(&c, vals);
		c.req.resource = nargs ? argv[1] : NULL;
	} else if (what == LIST) {
		if (!(st = need_args(nargs, 0, 0)))
			st = parse_list(&c, vals);
	} else {
		st = need_args(nargs, 1, 1);
		c.id = argv[1];
	}
	if (!st && !(st = open_db(0, &db))) {
		c.e = out_open(what == LIST);
		st = berth_run(db, what == ADD || what == RM, txn, &c);
		if (!st && what != LIST) {
			char id[24];
			berth_waitlist_id_format(c.out->id, id, sizeof id);
			if (what == ADD)
				committed("%s is waiting", id);
			else if (what == RM)
				committed("%s was taken off the waitlist", id);
			describe(c.out, &c);
		}
		st = out_end(c.e, st);
	}
	opt_free(vals, O_COUNT);
	berth_close(db);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_show, SHOW)
SUB_VERB(run_rm, RM)

static const struct verb subs[] = {
    {"add", run_add, "wait for room on a resource or a service", "[RESOURCE]",
     add_opts, VERB_WRITES, NULL, &view_waitlist, NULL, 0},
    {"list", run_list, "list waitlist entries", "", list_opts, VERB_READS, NULL,
     &view_waitlist, NULL, 0},
    {"show", run_show, "show one waitlist entry", "ID", no_opts, VERB_READS,
     NULL, &view_waitlist, NULL, 0},
    {"rm", run_rm, "take an entry off the waitlist (its offer goes back)", "ID",
     no_opts, VERB_WRITES, NULL, &view_waitlist, NULL, 0},
    {NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_waitlist = {
    .name = "waitlist",
    .summary = "wait for room: add, list, show and remove entries",
    .operands = "add|list|show|rm",
    .subs = subs,
};
