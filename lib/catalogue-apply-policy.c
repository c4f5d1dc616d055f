/* catalogue-apply-policy.c - apply of policies: each by its key and scope
 * (the store, one resource, or one service), compared with the scope's
 * own value; a value the scope only inherits (the store's, the default)
 * is not its own, so declaring it writes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue-apply.h"

/* How a plan names a service's scope: service:NAME. */
static const char *svc_scope(ap *a, const cat_service *s)
{
	char buf[BERTH_NAME_MAX + 16];

	snprintf(buf, sizeof buf, "service:%s", s->name.text);
	return arena_strdup(berth_arena(a->t), buf);
}

const char *ap_policy_name(ap *a, const char *resource, const char *key)
{
	char buf[BERTH_NAME_MAX + BERTH_TEXT_MAX + 2];

	if (!resource)
		return key;
	snprintf(buf, sizeof buf, "%s/%s", resource, key);
	return arena_strdup(berth_arena(a->t), buf);
}

typedef struct {
	const char *key, *resource;
	berth_policy p;
	int own;
} lookup;

static int find(const berth_policy *p, void *arg)
{
	lookup *l = arg;

	if (strcmp(p->key, l->key))
		return 0;
	l->p = *p;
	l->own = l->resource ? p->scope != NULL : !p->is_default;
	return 1;
}

/* The value as the store keeps it; the text was checked already by
 * berth_policy_check, which reads it the same way. */
static int64_t value_of(const berth_policy *kind, const char *s)
{
	int64_t v = 0;

	if (kind->is_duration)
		clock_parse_duration(s, &v);
	else if (kind->is_bool)
		v = !strcmp(s, "true");
	else
		v = strtoll(s, NULL, 10);
	return v;
}

berth_status ap_policies(ap *a, const char *resource, const cat_policies *ps)
{
	berth_status st;

	for (size_t i = 0; i < ps->n; i++) {
		const cat_policy *d = &ps->v[i];
		lookup l = {.key = d->key.text, .resource = resource};
		berth_policy out;
		const char *name;

		if ((st = berth_policy_check(d->key.text, NULL)))
			return ap_at(a, d->key.at, st);
		if ((st = berth_policy_check(d->key.text, d->value.text)))
			return ap_at(a, d->value.at, st);
		if ((st = berth_policy_each(a->t, resource, find, &l)))
			return st;
		if (!(name = ap_policy_name(a, resource, d->key.text)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if (l.own && l.p.value == value_of(&l.p, d->value.text)) {
			if ((st = ap_note(a, "policy", name, "unchanged")))
				return st;
			continue;
		}
		if ((st = berth_policy_set(a->t, d->key.text, d->value.text,
					   resource, &out)))
			return ap_at(a, d->value.at, st);
		if ((st = ap_note(a, "policy", name,
				  l.own ? "changed" : "created")))
			return st;
	}
	return BERTH_OK;
}

/* --- a service's own policies --- */

typedef struct {
	ap *a;
	const cat_service *s;
	berth_status st;
} svc_prune;

/* One key of the store's list: unset for the service when it sets it and
 * the file does not. */
static int prune_key(const berth_policy *p, void *arg)
{
	svc_prune *x = arg;
	const cat_policies *ps = &x->s->policies;
	berth_policy now;
	int64_t v;
	int removed;
	const char *name;

	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].key.text, p->key))
			return 0;
	if (!berth_policy_own_service(x->a->t, x->s->name.text, p->key, &v))
		return 0;
	if ((x->st = berth_policy_unset_service(x->a->t, p->key,
						x->s->name.text, &now,
						&removed)))
		return 1;
	if (!(name = ap_policy_name(x->a, svc_scope(x->a, x->s), p->key))) {
		x->st = berth_fail(BERTH_INTERNAL, "out of memory");
		return 1;
	}
	x->st = ap_note(x->a, "policy", name, "removed");
	return x->st != BERTH_OK;
}

berth_status ap_service_policies(ap *a, const cat_service *s, int prune)
{
	const char *scope = svc_scope(a, s);
	berth_status st;

	if (!scope)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	for (size_t i = 0; i < s->policies.n; i++) {
		const cat_policy *d = &s->policies.v[i];
		lookup l = {.key = d->key.text};
		berth_policy out;
		const char *name;
		int64_t have;
		int own;

		if ((st = berth_policy_check(d->key.text, NULL)))
			return ap_at(a, d->key.at, st);
		if ((st = berth_policy_check(d->key.text, d->value.text)))
			return ap_at(a, d->value.at, st);
		/* The policy's kind, to read the value as the store keeps it. */
		if ((st = berth_policy_each(a->t, NULL, find, &l)))
			return st;
		own = berth_policy_own_service(a->t, s->name.text, d->key.text,
					       &have);
		if (!(name = ap_policy_name(a, scope, d->key.text)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if (own && have == value_of(&l.p, d->value.text)) {
			if ((st = ap_note(a, "policy", name, "unchanged")))
				return st;
			continue;
		}
		if ((st = berth_policy_set_service(a->t, d->key.text,
						   d->value.text, s->name.text,
						   &out)))
			return ap_at(a, d->value.at, st);
		if ((st = ap_note(a, "policy", name,
				  own ? "changed" : "created")))
			return st;
	}
	if (prune) {
		svc_prune x = {a, s, BERTH_OK};
		if ((st = berth_policy_each(a->t, NULL, prune_key, &x)))
			return st;
		return x.st;
	}
	return BERTH_OK;
}
