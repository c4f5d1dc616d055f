/* common-outside.c - see common-outside.h. */
#include <stdio.h>

#include "common-columns.h"
#include "common-outside.h"

static berth_status txn(berth_txn *t, void *arg)
{
	outside_change *c = arg;
	berth_status st;

	if ((st = berth_outside_before(t, &c->o)) ||
	    (st = c->change(t, c->arg)))
		return st;
	return berth_outside_after(t, &c->o);
}

berth_status outside_run(berth_db *db, int dry, outside_change *c)
{
	return dry ? berth_run_dry(db, txn, c) : berth_run(db, 1, txn, c);
}

berth_status outside_dry_run(outside_change *c)
{
	berth_report_row none = {&(berth_claim){.resource = "", .zone = "UTC"},
				 "", ""};
	berth_db *db = NULL;
	berth_status st;
	emitter *e;

	/* A write transaction, thrown away: the store must be writable, as
	 * for the change itself. */
	if ((st = view_use(&view_report)) || (st = open_db(0, &db)) ||
	    (st = outside_run(db, 1, c))) {
		berth_close(db);
		return st;
	}
	e = out_open(1);

	if (emit_template(e))
		describe_report(e, &none);
	for (size_t i = 0; i < c->o.n; i++)
		describe_report(e, &c->o.rows[i]);
	fprintf(stderr,
			"berth: dry run, nothing was written; the change would "
			"leave %zu claim%s outside the calendar\n",
			c->o.n, c->o.n == 1 ? "" : "s");
	st = out_end(e, BERTH_OK);
	berth_close(db);
	return st;
}

/* Ids named in the warning; the rest are counted. */
#define WARN_IDS 5

void outside_warn(const outside_change *c)
{
	char id[24];

	if (!c->o.n)
		return;
	fprintf(stderr,
		"berth: warning: %zu claim%s now outside the calendar (",
		c->o.n, c->o.n == 1 ? " is" : "s are");
	for (size_t i = 0; i < c->o.n && i < WARN_IDS; i++) {
		const berth_claim *cl = c->o.rows[i].claim;
		berth_id_format(cl->kind, cl->id, id, sizeof id);
		fprintf(stderr, "%s%s", i ? ", " : "", id);
	}
	if (c->o.n > WARN_IDS)
		fprintf(stderr, " and %zu more", c->o.n - WARN_IDS);
	fprintf(stderr, "); they stand: see berth check --report\n");
}
