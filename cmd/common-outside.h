/* common-outside.h - a calendar change (hours, holiday, timeoff) run with
 * the claims it leaves outside the rules: listed instead of written with
 * --dry-run, warned of on standard error after a real change. */
#ifndef BERTH_COMMON_OUTSIDE_H
#define BERTH_COMMON_OUTSIDE_H

#include "common.h"

typedef struct {
	berth_outside o; /* the resources touched: set before the run */
	berth_fn change;
	void *arg;
} outside_change;

/* Runs the change in one transaction between the two looks at what is
 * outside; with dry, the transaction is thrown away. */
berth_status outside_run(berth_db *db, int dry, outside_change *c);
/* --dry-run: the change in a transaction thrown away, and as the answer
 * the claims it would leave outside, as check --report lists them (its
 * fields, for --columns), with a line on standard error. */
berth_status outside_dry_run(outside_change *c);
/* After a real change: one line on standard error when it left claims
 * outside, naming the first few. */
void outside_warn(const outside_change *c);

/* A calendar verb's view_of: with --dry-run (option index DRY) it answers
 * with the claims left outside (check --report's fields), not with VIEW. */
#define OUTSIDE_VIEW_OF(fn, DRY, VIEW)                                         \
	static const struct view *fn(const optval *vals)                       \
	{                                                                      \
		return vals[DRY].set ? &view_report : &VIEW;                   \
	}

#endif
