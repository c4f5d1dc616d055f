/* catalogue-apply-calendar.c - apply of holidays (by name) and time off
 * (by resource, from and to). Neither has a `set`: a changed one is
 * removed and added again, under a new id, as a person would do it with
 * the verbs. */
#include <stdio.h>
#include <string.h>

#include "catalogue-apply.h"

static berth_status oom(void)
{
	return berth_fail(BERTH_INTERNAL, "out of memory");
}

/* Ids are kept in the arena: the list --prune spares. */
static berth_status keep_id(ap *a, uint64_t **ids, size_t *n, uint64_t id)
{
	uint64_t *v = arena_alloc(berth_arena(a->t), (*n + 1) * sizeof *v);

	if (!v)
		return oom();
	if (*n)
		memcpy(v, *ids, *n * sizeof *v);
	v[(*n)++] = id;
	*ids = v;
	return BERTH_OK;
}

/* --- holidays --- */

typedef struct {
	arena *ar;
	const char *name;
	berth_holiday h;
	int found;
} by_name;

/* The holiday of that name; or one without a name that export wrote
 * under its id (d3), so that applying an export changes nothing. */
static int holiday_named(const berth_holiday *h, void *arg)
{
	by_name *b = arg;
	char id[24];

	snprintf(id, sizeof id, "d%llu", (unsigned long long)h->id);
	if (h->name ? strcmp(h->name, b->name) : strcmp(id, b->name))
		return 0;
	b->h = *h;
	b->found = 1;
	return 1;
}

static int same_holiday(const berth_holiday *x, const berth_holiday *y)
{
	if (x->from != y->from || x->to != y->to ||
	    !x->recurring != !y->recurring || x->nres != y->nres)
		return 0;
	for (uint32_t i = 0; i < x->nres; i++)
		if (strcmp(x->resources[i], y->resources[i]))
			return 0;
	return 1;
}

static berth_status holiday_declared(ap *a, const cat_holiday *d,
				     berth_holiday *h)
{
	berth_status st;

	memset(h, 0, sizeof *h);
	h->name = d->name.text;
	if ((st = berth_check_text("name", h->name)))
		return ap_at(a, d->name.at, st);
	if ((st = berth_date_parse("date", d->date.text, &h->from)))
		return ap_at(a, d->date.at, st);
	h->to = h->from;
	if (d->to.text && (st = berth_date_parse("to", d->to.text, &h->to)))
		return ap_at(a, d->to.at, st);
	if (h->to < h->from)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s:%u:%u: the holiday ends before it starts",
				  a->file, d->to.at.line, d->to.at.col);
	h->recurring = d->recurring;
	h->nres = (uint32_t)d->resources.n;
	if (!(h->resources = arena_alloc(berth_arena(a->t),
					 (h->nres + 1) * sizeof *h->resources)))
		return oom();
	for (size_t i = 0; i < d->resources.n; i++) {
		berth_resource *r;
		if ((st = ap_resource_named(a, &d->resources.v[i], "holiday",
					    h->name, &r)))
			return st;
		h->resources[i] = r->name;
	}
	return BERTH_OK;
}

static berth_status holiday(ap *a, const cat_holiday *d)
{
	by_name b = {.name = d->name.text};
	berth_holiday want, *gone;
	berth_status st;
	char id[24];

	if ((st = holiday_declared(a, d, &want)) ||
	    (st = berth_holiday_each(a->t, 0, 0, holiday_named, &b)))
		return st;
	if (b.found && same_holiday(&want, &b.h)) {
		if ((st = keep_id(a, &a->holidays, &a->nholidays, b.h.id)))
			return st;
		return ap_note(a, "holiday", want.name, "unchanged");
	}
	if (b.found) {
		snprintf(id, sizeof id, "d%llu", (unsigned long long)b.h.id);
		if ((st = berth_holiday_rm(a->t, id, &gone)))
			return st;
	}
	if ((st = berth_holiday_add(a->t, &want)))
		return ap_at(a, d->at, st);
	if ((st = keep_id(a, &a->holidays, &a->nholidays, want.id)))
		return st;
	return ap_note(a, "holiday", want.name,
		       b.found ? "changed" : "created");
}

berth_status ap_holidays(ap *a)
{
	berth_status st;

	for (size_t i = 0; i < a->c->nholidays; i++)
		if ((st = holiday(a, &a->c->holidays[i])))
			return st;
	return BERTH_OK;
}

/* --- time off --- */

typedef struct {
	btime from, to;
	berth_timeoff o;
	int found;
} by_window;

static int timeoff_at(const berth_timeoff *o, void *arg)
{
	by_window *b = arg;

	if (o->from != b->from || o->to != b->to)
		return 0;
	b->o = *o;
	b->found = 1;
	return 1;
}

const char *ap_timeoff_name(ap *a, const char *resource, btime from, btime to,
			    const char *zone)
{
	char f[CLOCK_TIME_MAX], u[CLOCK_TIME_MAX];
	char buf[BERTH_NAME_MAX + 2 * CLOCK_TIME_MAX + 4];

	clock_format(from, zone, f, sizeof f);
	clock_format(to, zone, u, sizeof u);
	snprintf(buf, sizeof buf, "%s %s/%s", resource, f, u);
	return arena_strdup(berth_arena(a->t), buf);
}

static berth_status timeoff(ap *a, const cat_timeoff *d)
{
	berth_timeoff_req req = {.resource = d->resource.text,
				 .reason = d->reason.text};
	by_window b = {0};
	berth_timeoff *out, *gone;
	berth_resource *r;
	berth_status st;
	const char *name;
	char id[24];

	if ((st = berth_resource_get(a->t, req.resource, &r)))
		return ap_at(a, d->resource.at, st);
	if ((st = clock_parse(d->from.text, &req.from)) ||
	    (st = clock_resolve_at(&req.from, r->tz, berth_now(a->t), &b.from)))
		return ap_at(a, d->from.at, st);
	if ((st = clock_parse(d->to.text, &req.to)) ||
	    (st = clock_resolve_until(&req.to, r->tz, berth_now(a->t), &b.to)))
		return ap_at(a, d->to.at, st);
	if (b.to <= b.from)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s:%u:%u: time off must end after it starts",
				  a->file, d->to.at.line, d->to.at.col);
	if (req.reason && (st = berth_check_text("reason", req.reason)))
		return ap_at(a, d->reason.at, st);
	if (!(name = ap_timeoff_name(a, r->name, b.from, b.to, r->tz)))
		return oom();
	if ((st = berth_timeoff_each(a->t, r->name, timeoff_at, &b)))
		return st;
	if (b.found && ap_same_text(b.o.reason, req.reason)) {
		if ((st = keep_id(a, &a->timeoff, &a->ntimeoff, b.o.id)))
			return st;
		return ap_note(a, "timeoff", name, "unchanged");
	}
	if (b.found) {
		snprintf(id, sizeof id, "t%llu", (unsigned long long)b.o.id);
		if ((st = berth_timeoff_rm(a->t, id, &gone)))
			return st;
	}
	if ((st = berth_timeoff_add(a->t, &req, &out)))
		return ap_at(a, d->at, st);
	if ((st = keep_id(a, &a->timeoff, &a->ntimeoff, out->id)))
		return st;
	return ap_note(a, "timeoff", name, b.found ? "changed" : "created");
}

berth_status ap_timeoff(ap *a)
{
	berth_status st;

	for (size_t i = 0; i < a->c->ntimeoff; i++)
		if ((st = timeoff(a, &a->c->timeoff[i])))
			return st;
	return BERTH_OK;
}
