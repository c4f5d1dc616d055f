/* check.c - berth check: verify the invariants over the whole store. */
#include <string.h>

#include "common.h"
#include "verbs.h"

struct report {
	emitter *e;
	int damaged;
};

/* Damage to records or indexes is the store's (10); claims that no longer
 * fit, after a capacity was lowered say, are a conflict with what the
 * store holds (4): the bookings are all there, and reported. */
static int damage(const berth_problem *p)
{
	return strcmp(p->check, "capacity") && strcmp(p->check, "seat");
}

static int each(const berth_problem *p, void *arg)
{
	struct report *r = arg;

	r->damaged |= damage(p);
	emit_record_begin(r->e);
	emit_str(r->e, "check", p->check);
	emit_str(r->e, "entity", p->entity);
	emit_str(r->e, "message", p->message);
	emit_record_end(r->e);
	return 0;
}

struct run {
	struct report r;
	uint64_t problems;
};


static berth_status txn(berth_txn *t, void *arg)
{
	struct run *c = arg;

	return berth_check(t, each, &c->r, &c->problems);
}

static int run(const struct verb *v, int argc, char **argv)
{
	struct run c = {{NULL, 0}, 0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 0, 0)) && !(st = open_db(0, &db))) {
		c.r.e = out_open(1);
		if (emit_template(c.r.e)) {
			berth_problem none = {"", "", ""};
			each(&none, &c.r);
			c.r.damaged = 0;
		}
		st = out_end(c.r.e, berth_run(db, 0, txn, &c));
	}
	berth_close(db);
	if (!st && c.problems)
		st = berth_fail(c.r.damaged ? BERTH_STORE_CORRUPT
					    : BERTH_OVERBOOKED,
				"%llu problem%s found",
				(unsigned long long)c.problems,
				c.problems == 1 ? "" : "s");
	return st ? fail(st) : 0;
}

const struct verb verb_check = {
	.name = "check",
	.run = run,
	.summary = "verify every invariant and index over the whole store",
	.mode = VERB_READS,
};
