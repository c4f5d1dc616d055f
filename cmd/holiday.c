/* holiday.c - berth holiday add|list|rm. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"
#include "common-outside.h"

enum { O_TO, O_NAME, O_RECURRING, O_RESOURCE, O_DRY, O_COUNT };
static const struct opt add_opts[] = {
	{"to", OPT_VALUE, "DATE", "the last day of a range (inclusive)"},
	{"name", OPT_VALUE, "NAME", "what the holiday is called"},
	{"recurring", OPT_FLAG, NULL, "every year on the same days"},
	{"resource", OPT_REPEAT, "R",
	 "for this resource only (repeatable); default every resource with "
	 "hours"},
	{"dry-run", OPT_FLAG, NULL,
	 "list the claims the change would leave outside, change nothing"},
	{NULL, 0, NULL, NULL},
};
enum { L_FROM, L_TO, L_COUNT };
static const struct opt list_opts[] = {
	{"from", OPT_VALUE, "DATE", "only holidays on or after this day"},
	{"to", OPT_VALUE, "DATE", "only holidays on or before this day"},
	{NULL, 0, NULL, NULL},
};
static const struct opt rm_opts[] = {
	{NULL, 0, NULL, NULL},
};

enum { ADD, LIST, RM };

struct call {
	int what;
	berth_holiday h;
	berth_holiday *gone;
	const char *id;
	int32_t from, to;
	emitter *e;
};

static int describe(const berth_holiday *h, void *arg)
{
	emitter *e = ((struct call *)arg)->e;
	char id[24], from[16], to[16], *names = NULL;
	size_t len = 0;

	snprintf(id, sizeof id, "d%llu", (unsigned long long)h->id);
	berth_date_format(h->from, from, sizeof from);
	berth_date_format(h->to, to, sizeof to);
	for (uint32_t i = 0; i < h->nres; i++)
		len += strlen(h->resources[i]) + 1;
	if (len && (names = malloc(len))) {
		names[0] = '\0';
		for (uint32_t i = 0; i < h->nres; i++) {
			if (i)
				strcat(names, ",");
			strcat(names, h->resources[i]);
		}
	}
	emit_record_begin(e);
	emit_str(e, "id", id);
	emit_str(e, "from", from);
	emit_str(e, "to", to);
	emit_str(e, "name", h->name);
	emit_key(e, "recurring");
	emit_boolean(e, h->recurring);
	emit_str(e, "resources", names);
	emit_record_end(e);
	free(names);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case ADD:
		return berth_holiday_add(t, &c->h);
	case RM:
		return berth_holiday_rm(t, c->id, &c->gone);
	default:
		return berth_holiday_each(t, c->from, c->to, describe, c);
	}
}

static berth_status parse_add(struct call *c, const optval *vals,
			      const char *date)
{
	berth_status st;

	if ((st = berth_date_parse("date", date, &c->h.from)))
		return st;
	c->h.to = c->h.from;
	if (vals[O_TO].value &&
	    (st = berth_date_parse("to", vals[O_TO].value, &c->h.to)))
		return st;
	if ((st = opt_text(&vals[O_NAME], "name", &c->h.name)))
		return st;
	c->h.recurring = vals[O_RECURRING].set;
	c->h.nres = (uint32_t)vals[O_RESOURCE].n;
	c->h.resources = vals[O_RESOURCE].values;
	return BERTH_OK;
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
		goto out;
	if ((st = need_args(nargs, what == LIST ? 0 : 1, what == LIST ? 0 : 1)))
		goto out;
	if (what == ADD && (st = parse_add(&c, vals, argv[1])))
		goto out;
	if (what == LIST &&
	    ((vals[L_FROM].value &&
	      (st = berth_date_parse("from", vals[L_FROM].value, &c.from))) ||
	     (vals[L_TO].value &&
	      (st = berth_date_parse("to", vals[L_TO].value, &c.to)))))
		goto out;
	c.id = argv[1];
	ch.o.resources = (const char *const *)c.h.resources;
	ch.o.nresources = c.h.nres;
	if (what == ADD && vals[O_DRY].set) {
		st = outside_dry_run(&ch);
	} else if (!(st = open_db(what == ADD && !c.h.nres, &db))) {
		c.e = out_open(what == LIST);
		st = what == ADD ? outside_run(db, 0, &ch)
				 : berth_run(db, what != LIST, txn, &c);
		if (!st && what == ADD) {
			committed("holiday d%llu was added",
				  (unsigned long long)c.h.id);
			describe(&c.h, &c);
			outside_warn(&ch);
		} else if (!st && what == RM) {
			committed("holiday %s was removed", c.id);
			describe(c.gone, &c);
		}
		st = out_end(c.e, st);
	}
	berth_close(db);
out:
	opt_free(vals, O_COUNT);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_rm, RM)

OUTSIDE_VIEW_OF(view_of, O_DRY, view_holiday)

static const struct verb subs[] = {
	{"add", run_add, "add a holiday: a date or a range, once or yearly",
	 "DATE", add_opts, VERB_WRITES, NULL, &view_holiday, view_of, 0},
	{"list", run_list, "list holidays", NULL, list_opts, VERB_READS, NULL,
	 &view_holiday, NULL, 0},
	{"rm", run_rm, "remove a holiday", "ID", rm_opts, VERB_WRITES, NULL,
	 &view_holiday, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_holiday = {
	.name = "holiday",
	.summary = "add, list and remove holidays",
	.operands = "add|list|rm",
	.subs = subs,
};
