/* timeoff.c - berth timeoff add|list|rm. */
#include "common.h"
#include "verbs.h"
#include "common-columns.h"
#include "common-outside.h"

enum { O_FROM, O_TO, O_REASON, O_DRY, O_COUNT };
static const struct opt add_opts[] = {
	{"from", OPT_VALUE, "TIME", "when it starts (required)"},
	{"to", OPT_VALUE, "TIME", "when it ends (required)"},
	{"reason", OPT_VALUE, "R", "why (leave, training)"},
	{"dry-run", OPT_FLAG, NULL,
	 "list the claims the change would leave outside, change nothing"},
	{NULL, 0, NULL, NULL},
};
static const struct opt no_opts[] = {
	{NULL, 0, NULL, NULL},
};

enum { ADD, LIST, RM };

struct call {
	int what;
	berth_timeoff_req req;
	berth_timeoff *out;
	const char *id;
	emitter *e;
};

static int describe(const berth_timeoff *o, void *arg)
{
	emitter *e = ((struct call *)arg)->e;
	char id[24];

	snprintf(id, sizeof id, "t%llu", (unsigned long long)o->id);
	emit_record_begin(e);
	emit_str(e, "id", id);
	emit_str(e, "resource", o->resource);
	emit_time(e, "from", o->from, o->zone);
	emit_time(e, "to", o->to, o->zone);
	emit_str(e, "reason", o->reason);
	emit_record_end(e);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case ADD:
		return berth_timeoff_add(t, &c->req, &c->out);
	case RM:
		return berth_timeoff_rm(t, c->id, &c->out);
	default:
		return berth_timeoff_each(t, c->req.resource, describe, c);
	}
}

static berth_status parse_add(struct call *c, const optval *vals)
{
	berth_status st;

	if (!vals[O_FROM].value || !vals[O_TO].value)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "timeoff add needs --from and --to"),
		    vals[O_FROM].value ? "to" : "from", NULL);
	if ((st = parse_time("from", vals[O_FROM].value, &c->req.from)) ||
	    (st = parse_time("to", vals[O_TO].value, &c->req.to)))
		return st;
	return opt_text(&vals[O_REASON], "reason", &c->req.reason);
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
	if ((st = need_args(nargs, what == LIST ? 0 : 1, 1)))
		return fail(st);
	if (what == ADD && (st = parse_add(&c, vals)))
		return fail(st);
	c.req.resource = what == RM || !nargs ? NULL : argv[1];
	c.id = argv[1];
	ch.o.resources = &c.req.resource;
	ch.o.nresources = 1;
	if (what == ADD && vals[O_DRY].set) {
		st = outside_dry_run(&ch);
	} else if (!(st = open_db(0, &db))) {
		c.e = out_open(what == LIST);
		st = what == ADD ? outside_run(db, 0, &ch)
				 : berth_run(db, what != LIST, txn, &c);
		if (!st && what == ADD) {
			committed("time off t%llu was added",
				  (unsigned long long)c.out->id);
			describe(c.out, &c);
			outside_warn(&ch);
		} else if (!st && what == RM) {
			committed("time off %s was removed", c.id);
			describe(c.out, &c);
		}
		st = out_end(c.e, st);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_rm, RM)

OUTSIDE_VIEW_OF(view_of, O_DRY, view_timeoff)

static const struct verb subs[] = {
	{"add", run_add, "close a resource from one time to another",
	 "RESOURCE", add_opts, VERB_WRITES, NULL, &view_timeoff, view_of, 0},
	{"list", run_list, "list time off, of one resource or all",
	 "[RESOURCE]", no_opts, VERB_READS, NULL, &view_timeoff, NULL, 0},
	{"rm", run_rm, "remove time off", "ID", no_opts, VERB_WRITES, NULL,
	 &view_timeoff, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_timeoff = {
	.name = "timeoff",
	.summary = "add, list and remove time off of a resource",
	.operands = "add|list|rm",
	.subs = subs,
};
