/* calendar-outside.c - what a calendar change leaves outside the rules.
 * Changing hours, adding a holiday or time off never moves or cancels a
 * booking (SPEC invariant 6); the person making the change is told which
 * claims it leaves where the calendar is now closed, and --dry-run tells
 * them before anything is written. The claims that were outside already
 * are not the change's doing, so they are left out: check --report lists
 * them all. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	berth_txn *t;
	berth_outside *o;
	int after;
} pass;

static int by_claim(const void *x, const void *y)
{
	const berth_claim_ref *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int was_outside(const berth_outside *o, const berth_claim *c)
{
	berth_claim_ref key = {c->kind, c->id};

	return o->nbefore && bsearch(&key, o->before, o->nbefore,
				     sizeof key, by_claim) != NULL;
}

/* Keeps the row: the claim as decoded (into the arena, strings and all)
 * and the reason, which the next refusal's message would overwrite. */
static int keep_row(pass *p, const berth_report_row *row)
{
	berth_outside *o = p->o;
	arena *a = p->t->a;
	berth_report_row *grown =
	    arena_grow(a, o->rows, o->n, o->n + 1, &o->rows_cap, sizeof *grown);
	berth_claim *c;

	if (!grown)
		return 1;
	o->rows = grown;
	if (!(c = arena_alloc(a, sizeof *c)))
		return 1;
	*c = *row->claim;
	o->rows[o->n++] = (berth_report_row){c, arena_strdup(a, row->code),
					     arena_strdup(a, row->reason)};
	return 0;
}

static int each(const berth_report_row *row, void *arg)
{
	pass *p = arg;
	berth_outside *o = p->o;
	berth_claim_ref *grown;

	if (p->after)
		return was_outside(o, row->claim) ? 0 : keep_row(p, row);
	grown = arena_grow(p->t->a, o->before, o->nbefore, o->nbefore + 1,
			   &o->cap, sizeof *grown);
	if (!grown)
		return 1;
	o->before = grown;
	o->before[o->nbefore++] = (berth_claim_ref){row->claim->kind,
						    row->claim->id};
	return 0;
}

static berth_status walk(berth_txn *t, berth_outside *o, int after)
{
	pass p = {t, o, after};
	berth_status st = BERTH_OK;

	if (!o->nresources)
		st = berth_check_report(t, each, &p);
	for (size_t i = 0; i < o->nresources && !st; i++)
		st = berth_check_report_of(t, o->resources[i], each, &p);
	if (!st && arena_failed(t->a))
		st = oom();
	return st;
}

berth_status berth_outside_before(berth_txn *t, berth_outside *o)
{
	berth_status st;

	/* A transaction may run again from scratch: start empty. */
	o->before = NULL;
	o->nbefore = o->cap = 0;
	o->rows = NULL;
	o->n = o->rows_cap = 0;
	if ((st = walk(t, o, 0)))
		return st;
	/* qsort's array may not be NULL, even for none (UBSan says so when
	 * nothing was outside: the usual case). */
	if (o->nbefore)
		qsort(o->before, o->nbefore, sizeof *o->before, by_claim);
	return BERTH_OK;
}

berth_status berth_outside_after(berth_txn *t, berth_outside *o)
{
	return walk(t, o, 1);
}
