/* policy.c - berth policy set|list. */
#include "common.h"
#include "verbs.h"
#include "columns.h"

enum { O_RESOURCE, O_COUNT };
static const struct opt opts[] = {
	{"resource", OPT_VALUE, "R", "for this resource only"},
	{NULL, 0, NULL, NULL},
};

struct call {
	int set;
	const char *key, *value, *resource;
	berth_policy out;
	emitter *e;
};

static void describe(emitter *e, const berth_policy *p)
{
	char buf[32];

	emit_record_begin(e);
	emit_str(e, "key", p->key);
	if (p->is_duration) {
		clock_format_duration(p->value, buf, sizeof buf);
		emit_str(e, "value", buf);
	} else {
		emit_int(e, "value", p->value);
	}
	emit_str(e, "scope", p->scope ? p->scope : "store");
	emit_str(e, "source", p->is_default ? "default" : "set");
	emit_record_end(e);
}

static int each(const berth_policy *p, void *arg)
{
	describe(((struct call *)arg)->e, p);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	if (c->set)
		return berth_policy_set(t, c->key, c->value, c->resource,
					&c->out);
	return berth_policy_each(t, c->resource, each, c);
}

static int sub(const struct verb *v, int argc, char **argv, int set)
{
	optval vals[O_COUNT];
	struct call c = {.set = set};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, set ? 2 : 0, set ? 2 : 0)))
		return fail(st);
	c.key = argv[1];
	c.value = argv[2];
	c.resource = vals[O_RESOURCE].value;
	if (set && (st = berth_policy_check(c.key, c.value)))
		return fail(st);
	/* A store-wide setting may be the first thing a store holds; one for
	 * a resource needs the resource, so never a new store. */
	if (!(st = open_db(set && !c.resource, &db))) {
		c.e = out_open(!set);
		st = berth_run(db, set, txn, &c);
		if (!st && set) {
			committed("policy %s was set%s%s", c.key,
				  c.resource ? " for " : "",
				  c.resource ? c.resource : "");
			describe(c.e, &c.out);
		}
		st = out_end(c.e, st);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

static int run_set(const struct verb *v, int argc, char **argv)
{
	return sub(v, argc, argv, 1);
}

static int run_list(const struct verb *v, int argc, char **argv)
{
	return sub(v, argc, argv, 0);
}

static const struct verb subs[] = {
	{"set", run_set, "set a policy", "KEY VALUE", opts, VERB_WRITES, NULL,
	 &view_policy, NULL},
	{"list", run_list, "list policies in force", NULL, opts, VERB_READS,
	 NULL, &view_policy, NULL},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL},
};

const struct verb verb_policy = {
	.name = "policy",
	.summary = "set and list policies: hold_ttl, pending_timeout, ...",
	.operands = "set|list",
	.subs = subs,
};
