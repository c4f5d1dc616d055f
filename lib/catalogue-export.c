/* catalogue-export.c - the store's catalogue as a file would declare it:
 * the inverse of apply, so that applying an export changes nothing. Each
 * value is written the way apply compares it back (a resource's zone
 * always, a field at its default left out, only a scope's own policies). */
#include <stdio.h>
#include <string.h>

#include "catalogue.h"
#include "internal.h"

typedef struct {
	berth_txn *t;
	arena *a;
	catalogue *c;
	int failed;
} ex;

static const char *dup(ex *x, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = arena_strdup(x->a, s)))
		x->failed = 1;
	return d;
}

/* Grows a list by one zeroed item; NULL when out of memory. */
static void *more(ex *x, void **v, size_t *n, size_t size)
{
	char *nv = arena_alloc(x->a, (*n + 1) * size);

	if (!nv) {
		x->failed = 1;
		return NULL;
	}
	if (*n)
		memcpy(nv, *v, *n * size);
	memset(nv + *n * size, 0, size);
	*v = nv;
	return nv + (*n)++ * size;
}

static cat_text text(ex *x, const char *s)
{
	return (cat_text){dup(x, s), {0, 0}};
}

static int add_text(ex *x, cat_texts *l, const char *s)
{
	void *v = l->v;
	cat_text *t = more(x, &v, &l->n, sizeof *t);

	l->v = v;
	if (t)
		*t = text(x, s);
	return t == NULL;
}

/* --- resources --- */

static int same_day(const berth_day *x, const berth_day *y)
{
	if (x->n != y->n)
		return 0;
	for (int i = 0; i < x->n; i++)
		if (x->r[i].start != y->r[i].start ||
		    x->r[i].end != y->r[i].end)
			return 0;
	return 1;
}

/* The week as `hours set` lines, days alike in a row joined: mon-fri. */
static void week_lines(ex *x, const berth_hours *h, cat_resource *r)
{
	char line[256], ranges[160];

	for (int i = 0; i < 7;) {
		int j = i;
		while (j + 1 < 7 && same_day(&h->day[j + 1], &h->day[i]))
			j++;
		berth_day_format(&h->day[i], ranges, sizeof ranges);
		if (j > i)
			snprintf(line, sizeof line, "%s-%s %s",
				 berth_weekday_name(i), berth_weekday_name(j),
				 ranges);
		else
			snprintf(line, sizeof line, "%s %s",
				 berth_weekday_name(i), ranges);
		add_text(x, &r->hours, line);
		i = j + 1;
	}
}

typedef struct {
	ex *x;
	cat_resource *r;
} res_ctx;

static int hours_cb(const berth_hours *h, void *arg)
{
	res_ctx *rc = arg;
	cat_resource *r = rc->r;
	char date[16], ranges[160];
	cat_exception *e;
	void *v;

	if (!h->date) {
		week_lines(rc->x, h, r);
		return 0;
	}
	v = r->exceptions;
	e = more(rc->x, &v, &r->nexceptions, sizeof *e);
	r->exceptions = v;
	if (!e)
		return 1;
	berth_date_format(h->date, date, sizeof date);
	berth_day_format(&h->day[0], ranges, sizeof ranges);
	e->date = text(rc->x, date);
	e->hours = text(rc->x, ranges);
	return 0;
}

typedef struct {
	ex *x;
	cat_policies *ps;
	int store;
} pol_ctx;

static int policy_cb(const berth_policy *p, void *arg)
{
	pol_ctx *pc = arg;
	cat_policy *cp;
	char value[32];
	void *v;

	if (pc->store ? p->is_default : p->scope == NULL)
		return 0;
	policy_value_text(p, value, sizeof value);
	v = pc->ps->v;
	cp = more(pc->x, &v, &pc->ps->n, sizeof *cp);
	pc->ps->v = v;
	if (!cp)
		return 1;
	cp->key = text(pc->x, p->key);
	cp->value = text(pc->x, value);
	return 0;
}

static int resource_cb(const berth_resource *in, void *arg)
{
	ex *x = arg;
	void *v = x->c->resources;
	cat_resource *r = more(x, &v, &x->c->nresources, sizeof *r);

	x->c->resources = v;
	if (!r)
		return 1;
	r->name = text(x, in->name);
	r->has_seats = in->seats != 0;
	r->seats = in->seats;
	r->has_capacity = !in->seats && in->capacity != 1;
	r->capacity = in->capacity;
	r->tz = text(x, in->tz);
	r->location = text(x, in->location);
	r->has_buffer = in->buffer != 0;
	r->buffer = in->buffer;
	r->has_slot = in->slot != 0;
	r->slot = in->slot;
	if (in->attrs.n &&
	    !(r->attrs.v = arena_alloc(x->a, in->attrs.n * sizeof *r->attrs.v)))
		x->failed = 1;
	for (size_t i = 0; r->attrs.v && i < in->attrs.n; i++)
		r->attrs.v[r->attrs.n++] = (berth_attr){
		    dup(x, in->attrs.v[i].key), dup(x, in->attrs.v[i].value)};
	return x->failed;
}

/* Hours and policies are read after the walk over resources, not inside
 * it: each opens a walk of its own. */
static berth_status resource_parts(ex *x, cat_resource *r)
{
	res_ctx rc = {x, r};
	pol_ctx pc = {x, &r->policies, 0};
	berth_status st;

	if ((st = berth_hours_each(x->t, r->name.text, hours_cb, &rc)))
		return st;
	return berth_policy_each(x->t, r->name.text, policy_cb, &pc);
}

/* --- services, holidays, time off --- */

static int service_cb(const berth_service *in, void *arg)
{
	ex *x = arg;
	void *v = x->c->services;
	cat_service *s = more(x, &v, &x->c->nservices, sizeof *s);
	char price[32];

	x->c->services = v;
	if (!s)
		return 1;
	s->name = text(x, in->name);
	s->duration = in->duration;
	s->has_buffer = in->buffer >= 0;
	s->buffer = in->buffer;
	if (in->price >= 0) {
		berth_price_format(in->price, price, sizeof price);
		s->price = text(x, price);
	}
	for (uint32_t i = 0; i < in->nres; i++)
		add_text(x, &s->resources, in->resources[i]);
	return x->failed;
}

/* A service's own policy, into its service (read after the walk over
 * services, each service's in the table's order of keys). */
static int svc_policy_cb(const berth_policy *p, void *arg)
{
	ex *x = arg;

	for (size_t i = 0; i < x->c->nservices; i++) {
		cat_service *s = &x->c->services[i];
		pol_ctx pc = {x, &s->policies, 0};
		berth_policy own = *p;
		if (strcmp(s->name.text, p->service))
			continue;
		/* Its own value: as a resource's, a scope that is set. */
		own.scope = p->service;
		return policy_cb(&own, &pc);
	}
	return 0;
}

/* A holiday without a name cannot be declared by one; it is exported
 * under its id, which a file may then keep as its name. */
static int holiday_cb(const berth_holiday *in, void *arg)
{
	ex *x = arg;
	void *v = x->c->holidays;
	cat_holiday *h = more(x, &v, &x->c->nholidays, sizeof *h);
	char buf[24];

	x->c->holidays = v;
	if (!h)
		return 1;
	snprintf(buf, sizeof buf, "d%llu", (unsigned long long)in->id);
	h->name = text(x, in->name ? in->name : buf);
	berth_date_format(in->from, buf, sizeof buf);
	h->date = text(x, buf);
	if (in->to != in->from) {
		berth_date_format(in->to, buf, sizeof buf);
		h->to = text(x, buf);
	}
	h->recurring = in->recurring;
	for (uint32_t i = 0; i < in->nres; i++)
		add_text(x, &h->resources, in->resources[i]);
	return x->failed;
}

static int timeoff_cb(const berth_timeoff *in, void *arg)
{
	ex *x = arg;
	void *v = x->c->timeoff;
	cat_timeoff *o = more(x, &v, &x->c->ntimeoff, sizeof *o);
	char buf[CLOCK_TIME_MAX];

	x->c->timeoff = v;
	if (!o)
		return 1;
	o->resource = text(x, in->resource);
	clock_format(in->from, in->zone, buf, sizeof buf);
	o->from = text(x, buf);
	clock_format(in->to, in->zone, buf, sizeof buf);
	o->to = text(x, buf);
	o->reason = text(x, in->reason);
	return x->failed;
}

static berth_status done(const ex *x, berth_status st)
{
	if (!st && x->failed)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	return st;
}

berth_status catalogue_export(berth_txn *t, catalogue *out)
{
	ex x = {.t = t, .a = berth_arena(t), .c = out};
	pol_ctx store_scope = {&x, &out->policies, 1};
	berth_status st;

	memset(out, 0, sizeof *out);
	if ((st = done(&x, berth_resource_each(t, resource_cb, &x))))
		return st;
	for (size_t i = 0; i < out->nresources; i++)
		if ((st = done(&x, resource_parts(&x, &out->resources[i]))))
			return st;
	if ((st = done(&x, berth_service_each(t, service_cb, &x))) ||
	    (st = done(&x, berth_policy_each_own_service(t, svc_policy_cb,
							 &x))) ||
	    (st = done(&x, berth_holiday_each(t, 0, 0, holiday_cb, &x))) ||
	    (st = done(&x, berth_timeoff_each(t, NULL, timeoff_cb, &x))))
		return st;
	return done(&x, berth_policy_each(t, NULL, policy_cb, &store_scope));
}
