/* expire.c - berth expire: sweep holds and pending bookings whose time is
 * up. Safe from cron or a timer at any rate, and twice at once. */
#include <stdlib.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_DRY, O_COUNT };
static const struct opt opts[] = {
	{"dry-run", OPT_FLAG, NULL, "list what would expire, change nothing"},
	{NULL, 0, NULL, NULL},
};

/* Collected in the transaction, printed after the commit: the function
 * may run again after the map grows, so it starts from nothing. */
struct sweep {
	int dry_run;
	const berth_claim **got;
	size_t n, cap;
	size_t waitlist; /* entries past their last day */
	int oom;
};

static int entry_gone(const berth_waitlist *w, void *arg)
{
	(void)w;
	((struct sweep *)arg)->waitlist++;
	return 0;
}

static int each(const berth_claim *c, void *arg)
{
	struct sweep *s = arg;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		const berth_claim **g = realloc(s->got, cap * sizeof *g);
		if (!g) {
			s->oom = 1;
			return 1;
		}
		s->got = g;
		s->cap = cap;
	}
	s->got[s->n++] = c;
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct sweep *s = arg;
	berth_status st;

	s->n = 0;
	s->waitlist = 0;
	st = berth_expire(t, s->dry_run, each, s);
	if (!st)
		st = berth_waitlist_expire(t, s->dry_run, entry_gone, s);
	if (!st && s->oom)
		st = berth_fail(BERTH_INTERNAL, "out of memory");
	return st;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	struct sweep s = {0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	default_role(ROLE_SYSTEM);
	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	s.dry_run = vals[O_DRY].set;
	verb_writes(!s.dry_run);
	if (!(st = need_args(nargs, 0, 0)) &&
	    !(st = open_db(0, &db)) &&
	    !(st = berth_run(db, !s.dry_run, txn, &s))) {
		emitter *e;
		/* Entries are named only when there were any: the line a
		 * script may read stays as it was for a store without. */
		if (!s.dry_run && s.waitlist)
			committed("%zu %s and %zu waitlist %s expired", s.n,
				  s.n == 1 ? "hold or booking"
					   : "holds and bookings",
				  s.waitlist, s.waitlist == 1 ? "entry" : "entries");
		else if (!s.dry_run)
			committed("%zu %s expired", s.n,
				  s.n == 1 ? "hold or booking"
					   : "holds and bookings");
		e = out_open(1);
		describe_claim_columns(e, SHAPE_BOTH);
		for (size_t i = 0; i < s.n; i++) {
			emit_record_begin(e);
			describe_claim_as(e, s.got[i], SHAPE_BOTH);
			emit_record_end(e);
		}
		st = out_close(e);
	}
	berth_close(db);
	free(s.got);
	return st ? fail(st) : 0;
}

const struct verb verb_expire = {
	.name = "expire",
	.run = run,
	.summary = "expire holds and pending bookings whose time is up",
	.opts = opts,
	.mode = VERB_BY_OPTION,
	.view = &view_expired,
};
