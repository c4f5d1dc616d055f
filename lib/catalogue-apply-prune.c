/* catalogue-apply-prune.c - apply --prune: what the store holds and the
 * file does not declare is removed, through the verbs' own calls. A
 * resource still claimed is refused by berth_resource_rm (IN_USE), which
 * fails the whole apply. What depends on a resource (its time off, hours
 * and policies) goes before it, services before the resources they
 * name. Everything is listed first and removed after, so no walk runs
 * over a table that is changing. */
#include <stdio.h>
#include <string.h>

#include "catalogue-apply.h"

typedef struct {
	arena *ar;
	const char **v;
	uint64_t *ids;
	size_t n;
	int failed;
} listing;

static void add(listing *l, const char *name, uint64_t id)
{
	const char **v = arena_alloc(l->ar, (l->n + 1) * sizeof *v);
	uint64_t *ids = arena_alloc(l->ar, (l->n + 1) * sizeof *ids);

	if (!v || !ids || (name && !(name = arena_strdup(l->ar, name)))) {
		l->failed = 1;
		return;
	}
	if (l->n) {
		memcpy(v, l->v, l->n * sizeof *v);
		memcpy(ids, l->ids, l->n * sizeof *ids);
	}
	v[l->n] = name;
	ids[l->n++] = id;
	l->v = v;
	l->ids = ids;
}

static berth_status listed(berth_status st, const listing *l)
{
	if (!st && l->failed)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	return st;
}

static int kept(const uint64_t *ids, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

static int timeoff_cb(const berth_timeoff *o, void *arg)
{
	listing *l = arg;
	add(l, NULL, o->id);
	return 0;
}

static berth_status prune_timeoff(ap *a)
{
	listing l = {.ar = berth_arena(a->t)};
	berth_timeoff *gone;
	berth_status st;
	char id[24];

	if ((st = listed(berth_timeoff_each(a->t, NULL, timeoff_cb, &l), &l)))
		return st;
	for (size_t i = 0; i < l.n; i++) {
		const char *name;
		if (kept(a->timeoff, a->ntimeoff, l.ids[i]))
			continue;
		snprintf(id, sizeof id, "t%llu", (unsigned long long)l.ids[i]);
		if ((st = berth_timeoff_rm(a->t, id, &gone)))
			return st;
		if (!(name = ap_timeoff_name(a, gone->resource, gone->from,
					     gone->to, gone->zone)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if ((st = ap_note(a, "timeoff", name, "removed")))
			return st;
	}
	return BERTH_OK;
}

static int holiday_cb(const berth_holiday *h, void *arg)
{
	char id[24];

	snprintf(id, sizeof id, "d%llu", (unsigned long long)h->id);
	add(arg, h->name ? h->name : id, h->id);
	return 0;
}

static berth_status prune_holidays(ap *a)
{
	listing l = {.ar = berth_arena(a->t)};
	berth_holiday *gone;
	berth_status st;
	char id[24];

	if ((st = listed(berth_holiday_each(a->t, 0, 0, holiday_cb, &l), &l)))
		return st;
	for (size_t i = 0; i < l.n; i++) {
		if (kept(a->holidays, a->nholidays, l.ids[i]))
			continue;
		snprintf(id, sizeof id, "d%llu", (unsigned long long)l.ids[i]);
		if ((st = berth_holiday_rm(a->t, id, &gone)) ||
		    (st = ap_note(a, "holiday", l.v[i], "removed")))
			return st;
	}
	return BERTH_OK;
}

static int service_cb(const berth_service *s, void *arg)
{
	add(arg, s->name, 0);
	return 0;
}

static berth_status prune_services(ap *a)
{
	listing l = {.ar = berth_arena(a->t)};
	berth_service *gone;
	berth_status st;

	if ((st = listed(berth_service_each(a->t, service_cb, &l), &l)))
		return st;
	for (size_t i = 0; i < l.n; i++) {
		int declared = 0;
		for (size_t j = 0; j < a->c->nservices && !declared; j++)
			declared = !strcmp(a->c->services[j].name.text, l.v[i]);
		if (declared)
			continue;
		if ((st = berth_service_rm(a->t, l.v[i], &gone)) ||
		    (st = ap_note(a, "service", l.v[i], "removed")))
			return st;
	}
	return BERTH_OK;
}

typedef struct {
	listing l;
	int store; /* the store's scope: own when not the default */
} own_policies;

static int policy_cb(const berth_policy *p, void *arg)
{
	own_policies *o = arg;

	if (o->store ? !p->is_default : p->scope != NULL)
		add(&o->l, p->key, 0);
	return 0;
}

/* A scope's own values the file does not declare (ps NULL: none). */
static berth_status prune_policies(ap *a, const char *resource,
				   const cat_policies *ps)
{
	own_policies o = {.l = {.ar = berth_arena(a->t)}, .store = !resource};
	berth_policy now;
	berth_status st;
	int removed;

	if ((st = listed(berth_policy_each(a->t, resource, policy_cb, &o),
			 &o.l)))
		return st;
	for (size_t i = 0; i < o.l.n; i++) {
		const char *name;
		int declared = 0;
		for (size_t j = 0; ps && j < ps->n && !declared; j++)
			declared = !strcmp(ps->v[j].key.text, o.l.v[i]);
		if (declared)
			continue;
		if ((st = berth_policy_unset(a->t, o.l.v[i], resource, &now,
					     &removed)))
			return st;
		if (!(name = ap_policy_name(a, resource, o.l.v[i])))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if ((st = ap_note(a, "policy", name, "removed")))
			return st;
	}
	return BERTH_OK;
}

static berth_status prune_hours(ap *a, const char *resource)
{
	stored_hours s;
	berth_status st;

	if ((st = ap_stored_hours(a, resource, &s)))
		return st;
	if (!s.has_week && !s.ndates)
		return BERTH_OK;
	if (s.has_week && (st = berth_hours_clear(a->t, resource, 0)))
		return st;
	for (size_t i = 0; i < s.ndates; i++)
		if ((st = berth_hours_clear(a->t, resource, s.dates[i].date)))
			return st;
	return ap_note(a, "hours", resource, "removed");
}

static int resource_cb(const berth_resource *r, void *arg)
{
	add(arg, r->name, 0);
	return 0;
}

static const cat_resource *declared_resource(const ap *a, const char *name)
{
	for (size_t i = 0; i < a->c->nresources; i++)
		if (!strcmp(a->c->resources[i].name.text, name))
			return &a->c->resources[i];
	return NULL;
}

static const cat_text *naming(const cat_texts *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].text, name))
			return &l->v[i];
	return NULL;
}

static berth_status named_at(const ap *a, const cat_text *at, const char *what,
			     const char *owner, const char *name)
{
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "%s:%u:%u: %s %s names resource '%s', which the "
			  "file does not declare and --prune would remove",
			  a->file, at->at.line, at->at.col, what, owner, name);
}

/* A resource --prune would remove that a service or holiday of the file
 * still names: the file contradicts itself, and is refused where it
 * names it. */
static berth_status still_named(const ap *a, const char *name)
{
	const cat_text *at;

	for (size_t i = 0; i < a->c->nservices; i++)
		if ((at = naming(&a->c->services[i].resources, name)))
			return named_at(a, at, "service",
					a->c->services[i].name.text, name);
	for (size_t i = 0; i < a->c->nholidays; i++)
		if ((at = naming(&a->c->holidays[i].resources, name)))
			return named_at(a, at, "holiday",
					a->c->holidays[i].name.text, name);
	return BERTH_OK;
}

berth_status ap_prune(ap *a)
{
	listing l = {.ar = berth_arena(a->t)};
	berth_resource *gone;
	berth_status st;

	if ((st = prune_timeoff(a)) || (st = prune_holidays(a)) ||
	    (st = prune_services(a)) ||
	    (st = prune_policies(a, NULL, &a->c->policies)) ||
	    (st = listed(berth_resource_each(a->t, resource_cb, &l), &l)))
		return st;
	for (size_t i = 0; i < l.n; i++) {
		const cat_resource *d = declared_resource(a, l.v[i]);
		if ((st = prune_policies(a, l.v[i], d ? &d->policies : NULL)))
			return st;
		if ((!d || (!d->hours.n && !d->nexceptions)) &&
		    (st = prune_hours(a, l.v[i])))
			return st;
		if (d)
			continue;
		if ((st = still_named(a, l.v[i])) ||
		    (st = berth_resource_rm(a->t, l.v[i], &gone)) ||
		    (st = ap_note(a, "resource", l.v[i], "removed")))
			return st;
	}
	return BERTH_OK;
}
