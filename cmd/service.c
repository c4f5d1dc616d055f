/* service.c - berth service add|list|show|set|rm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_DURATION, O_BUFFER, O_PRICE, O_RESOURCES, O_COUNT };
static const struct opt fields[] = {
	{"duration", OPT_VALUE, "DUR", "how long it takes (required to add)"},
	{"buffer", OPT_VALUE, "DUR",
	 "gap kept after it (none: the resource's)"},
	{"price", OPT_VALUE, "AMOUNT", "its price, at most two decimals, or none"},
	{"resources", OPT_VALUE, "R,R...", "the resources that can do it"},
	{NULL, 0, NULL, NULL},
};

struct call {
	int what;
	const char *name;
	berth_service_change ch;
	berth_service *out;
	char *resources; /* a copy of --resources, cut into names */
	emitter *e;
};
enum { ADD, LIST, SHOW, SET, RM };

static int each(const berth_service *s, void *arg)
{
	describe_service(((struct call *)arg)->e, s);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case ADD:
		return berth_service_add(t, &c->ch.v, &c->out);
	case SHOW:
		return berth_service_get(t, c->name, &c->out);
	case SET:
		return berth_service_set(t, c->name, &c->ch, &c->out);
	case RM:
		return berth_service_rm(t, c->name, &c->out);
	default:
		return berth_service_each(t, each, c);
	}
}

/* The fields add and set share, parsed before the store opens. A buffer
 * or price not given is -1: none (add), or unchanged (set); given as
 * `none` it is none, so set can take one away. */
static berth_status parse_fields(const optval *v, struct call *c)
{
	berth_service_change *ch = &c->ch;
	berth_status st;

	ch->v.buffer = ch->v.price = -1;
	if (v[O_DURATION].set) {
		if ((st = parse_duration("--duration", v[O_DURATION].value,
					 &ch->v.duration)))
			return st;
		if (ch->v.duration <= 0)
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--duration must be more than 0"),
			    "duration", v[O_DURATION].value);
		ch->duration_set = 1;
	}
	if (v[O_BUFFER].set) {
		if (strcmp(v[O_BUFFER].value, "none") &&
		    clock_parse_duration(v[O_BUFFER].value, &ch->v.buffer))
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT, "--buffer: %s",
				       berth_message()),
			    "buffer", v[O_BUFFER].value);
		ch->buffer_set = 1;
	}
	if (v[O_PRICE].set) {
		if (strcmp(v[O_PRICE].value, "none") &&
		    (st = berth_price_parse(v[O_PRICE].value, &ch->v.price)))
			return berth_detail_option(st, "price",
						   v[O_PRICE].value);
		ch->price_set = 1;
	}
	if (v[O_RESOURCES].set) {
		if (!(c->resources = strdup(v[O_RESOURCES].value)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if ((st = berth_service_resources_parse(
			 c->resources, &ch->v.resources, &ch->v.nres)))
			return berth_detail_option(st, "resources",
						   v[O_RESOURCES].value);
		ch->resources_set = 1;
	}
	return BERTH_OK;
}

static int sub(const struct verb *v, int argc, char **argv, int what)
{
	optval vals[O_COUNT];
	struct call c = {.what = what};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;
	size_t nopts = opt_count(v->opts);

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		goto out;
	if ((st = need_args(nargs, what == LIST ? 0 : 1, what == LIST ? 0 : 1)))
		goto out;
	c.name = argv[1];
	if ((what == ADD || what == SET) && (st = berth_check_name(c.name)))
		goto out;
	if (what == ADD || what == SET) {
		if ((st = parse_fields(vals, &c)))
			goto out;
		if (what == ADD && !c.ch.duration_set) {
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "service add needs --duration"),
			    "duration", NULL);
			goto out;
		}
		if (what == SET && !c.ch.duration_set && !c.ch.buffer_set &&
		    !c.ch.price_set && !c.ch.resources_set) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"nothing to change (see %s --help)",
					G.prog);
			goto out;
		}
		c.ch.v.name = c.name;
	}
	if ((st = open_db(0, &db)))
		goto out;
	c.e = out_open(what == LIST);
	if (what == LIST && emit_template(c.e)) {
		berth_service none = {.name = "", .buffer = -1, .price = -1};
		describe_service(c.e, &none);
	}
	st = berth_run(db, what != LIST && what != SHOW, txn, &c);
	if (!st && what != LIST && what != SHOW)
		committed("service %s was %s", c.name,
			  what == ADD	? "added"
			  : what == SET ? "changed"
					: "removed");
	if (!st && what != LIST)
		describe_service(c.e, c.out);
	st = out_end(c.e, st);
out:
	berth_close(db);
	free(c.ch.v.resources);
	free(c.resources);
	opt_free(vals, nopts);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_show, SHOW)
SUB_VERB(run_set, SET)
SUB_VERB(run_rm, RM)

static const struct opt none[] = {{NULL, 0, NULL, NULL}};

static const struct verb subs[] = {
	{"add", run_add, "add a service", "NAME", fields, VERB_WRITES, NULL,
	 &view_service, NULL, 0},
	{"list", run_list, "list services", NULL, none, VERB_READS, NULL,
	 &view_service, NULL, 0},
	{"show", run_show, "show a service", "NAME", none, VERB_READS, NULL,
	 &view_service, NULL, 0},
	{"set", run_set, "change a service", "NAME", fields, VERB_WRITES,
	 NULL, &view_service, NULL, 0},
	{"rm", run_rm, "remove a service", "NAME", none, VERB_WRITES, NULL,
	 &view_service, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_service = {
	.name = "service",
	.summary = "add, list, show, change and remove services",
	.operands = "add|list|show|set|rm",
	.subs = subs,
};
