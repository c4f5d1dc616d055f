/* policy.c - berth policy set|unset|list. */
#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_RESOURCE, O_SERVICE, O_COUNT };
static const struct opt opts[] = {
	{"resource", OPT_VALUE, "R", "for this resource only"},
	{"service", OPT_VALUE, "S", "for the claims of this service"},
	{NULL, 0, NULL, NULL},
};

enum sub { SET, UNSET, LIST };

struct call {
	enum sub sub;
	const char *key, *value, *resource, *service;
	berth_policy out;
	int removed; /* unset: there was a value to remove */
	emitter *e;
};

static void describe(emitter *e, const berth_policy *p)
{
	char buf[BERTH_NAME_MAX + 16];

	emit_record_begin(e);
	emit_str(e, "key", p->key);
	if (p->is_duration) {
		clock_format_duration(p->value, buf, sizeof buf);
		emit_str(e, "value", buf);
	} else if (p->is_bool) {
		emit_key(e, "value");
		emit_boolean(e, p->value != 0);
	} else {
		emit_int(e, "value", p->value);
	}
	/* Where the value comes from: the store, a resource (its name), or
	 * a service (service:NAME, which no resource name can be). */
	if (p->service)
		snprintf(buf, sizeof buf, "service:%.*s", BERTH_NAME_MAX,
			 p->service);
	emit_str(e, "scope", p->service ? buf
			     : p->scope ? p->scope
					: "store");
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

	switch (c->sub) {
	case SET:
		if (c->service)
			return berth_policy_set_service(t, c->key, c->value,
							c->service, &c->out);
		return berth_policy_set(t, c->key, c->value, c->resource,
					&c->out);
	case UNSET:
		if (c->service)
			return berth_policy_unset_service(
			    t, c->key, c->service, &c->out, &c->removed);
		return berth_policy_unset(t, c->key, c->resource, &c->out,
					  &c->removed);
	case LIST:
		break;
	}
	if (c->service)
		return berth_policy_each_service(t, c->service, c->resource,
						 each, c);
	return berth_policy_each(t, c->resource, each, c);
}

static int sub(const struct verb *v, int argc, char **argv, enum sub which)
{
	static const int operands[] = {[SET] = 2, [UNSET] = 1, [LIST] = 0};
	optval vals[O_COUNT];
	struct call c = {.sub = which};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, writes = which != LIST;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, operands[which], operands[which])))
		return fail(st);
	c.key = argv[1];
	c.value = which == SET ? argv[2] : NULL;
	c.resource = vals[O_RESOURCE].value;
	c.service = vals[O_SERVICE].value;
	/* A value is set for one scope; a list may ask for a service's
	 * claims on one resource, where all three scopes count. */
	if (writes && c.resource && c.service)
		return fail(berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a value is set for a resource or a service: "
			       "give --resource or --service, not both"),
		    "service", c.service));
	if (c.service && (st = berth_check_name(c.service)))
		return fail(berth_detail_option(st, "service", c.service));
	if (writes && (st = berth_policy_check(c.key, c.value)))
		return fail(st);
	/* A store-wide setting may be the first thing a store holds; one for
	 * a resource needs the resource, and unset something set, so never a
	 * new store. */
	if (!(st = open_db(which == SET && !c.resource && !c.service, &db))) {
		c.e = out_open(!writes);
		st = berth_run(db, writes, txn, &c);
		if (!st && writes) {
			if (which == SET || c.removed)
				committed("policy %s was %s%s%s%s", c.key,
					  which == SET ? "set" : "unset",
					  c.resource || c.service ? " for "
								  : "",
					  c.service ? "service " : "",
					  c.service    ? c.service
					  : c.resource ? c.resource
						       : "");
			describe(c.e, &c.out);
		}
		st = out_end(c.e, st);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

static int run_set(const struct verb *v, int argc, char **argv)
{
	return sub(v, argc, argv, SET);
}

static int run_unset(const struct verb *v, int argc, char **argv)
{
	return sub(v, argc, argv, UNSET);
}

static int run_list(const struct verb *v, int argc, char **argv)
{
	return sub(v, argc, argv, LIST);
}

static const struct verb subs[] = {
	{"set", run_set, "set a policy", "KEY VALUE", opts, VERB_WRITES, NULL,
	 &view_policy, NULL, 0},
	{"unset", run_unset, "remove a policy's value", "KEY", opts,
	 VERB_WRITES, NULL, &view_policy, NULL, 0},
	{"list", run_list, "list policies in force", NULL, opts, VERB_READS,
	 NULL, &view_policy, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_policy = {
	.name = "policy",
	.summary = "set, unset and list policies: hold_ttl, min_notice, ...",
	.operands = "set|unset|list",
	.subs = subs,
};
