/* service.c - services: add, read, change and remove the kinds of
 * appointment. A service names its resources by name; each must be a
 * resource when it is named, and removing a resource later leaves the
 * service as it is (it is then simply not a candidate). Nothing else in
 * the store refers to a service, so removing one leaves every claim as it
 * is (SPEC invariant 6). */
#include <stdio.h>
#include <string.h>

#include "service.h"

void svc_entity(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "service/%s", name);
}

int svc_names(const berth_service *s, const char *resource)
{
	if (!s->nres)
		return 1;
	for (uint32_t i = 0; i < s->nres; i++)
		if (strcmp(s->resources[i], resource) == 0)
			return 1;
	return 0;
}

berth_status svc_by_name(berth_txn *t, const char *name, berth_service **out)
{
	service_entry *e;
	berth_status st;
	int rc;

	if ((st = berth_check_name(name)))
		return st;
	if (!(e = arena_alloc(t->a, sizeof *e)))
		return oom();
	memset(e, 0, sizeof *e);
	e->s.name = name;
	if ((rc = entry_get(t, T_SERVICE, e)) < 0)
		return txn_status(t);
	if (!rc) {
		if (store_failed(t->st))
			return txn_status(t);
		berth_fail(BERTH_NOT_FOUND, "no service '%.80s'", name);
		berth_detail_str("kind", "service");
		berth_detail_str("id", name);
		return BERTH_NOT_FOUND;
	}
	*out = &e->s;
	return BERTH_OK;
}

/* What the record may hold; each resource named must be one now. */
berth_status svc_validate(berth_txn *t, const berth_service *s)
{
	berth_resource *r;
	berth_status st;

	if (s->duration < 1 || s->duration > POLICY_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a service's duration must be more than 0 and "
			       "at most 100 years"),
		    "duration", NULL);
	if (s->buffer < -1 || s->buffer > POLICY_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a buffer must be 0 to 100 years"),
		    "buffer", NULL);
	if (s->price < -1 || s->price > BERTH_PRICE_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT, "price out of range"),
		    "price", NULL);
	if (s->nres > BERTH_SERVICE_RESOURCES)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a service names at most %d resources",
				  BERTH_SERVICE_RESOURCES);
	for (uint32_t i = 0; i < s->nres; i++)
		if ((st = res_by_name(t, s->resources[i], &r)))
			return st;
	return BERTH_OK;
}

static void put(berth_txn *t, const berth_service *s)
{
	entry_put(t, T_SERVICE, &(service_entry){*s});
}

berth_status berth_service_add(berth_txn *t, const berth_service *in,
			       berth_service **out)
{
	char entity[BERTH_NAME_MAX + 16];
	berth_service *s;
	berth_status st;
	keybuf k;
	sval v;

	if ((st = role_may_change(t, ENT_SERVICE, "service.created")))
		return st;
	if ((st = berth_check_name(in->name)))
		return st;
	name_key(&k, in->name);
	if (store_get(t->st, T_SERVICE, k.b, k.len, &v))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "service '%s' already exists", in->name);
	if (!(s = arena_alloc(t->a, sizeof *s)))
		return oom();
	*s = *in;
	if ((st = svc_validate(t, s)))
		return st;
	s->created_at = s->updated_at = t->now;
	put(t, s);
	svc_entity(s->name, entity, sizeof entity);
	audit_append(t, "service.created", entity, ENT_SERVICE, NULL, s, NULL,
		     NULL);
	*out = s;
	return txn_status(t);
}

berth_status berth_service_get(berth_txn *t, const char *name,
			       berth_service **out)
{
	return svc_by_name(t, name, out);
}

berth_status berth_service_set(berth_txn *t, const char *name,
			       const berth_service_change *ch,
			       berth_service **out)
{
	char entity[BERTH_NAME_MAX + 16];
	berth_service *before, *s;
	berth_status st;

	if ((st = role_may_change(t, ENT_SERVICE, "service.changed")))
		return st;
	if ((st = svc_by_name(t, name, &before)))
		return st;
	if (!(s = arena_alloc(t->a, sizeof *s)))
		return oom();
	*s = *before;
	if (ch->duration_set)
		s->duration = ch->v.duration;
	if (ch->buffer_set)
		s->buffer = ch->v.buffer;
	if (ch->price_set)
		s->price = ch->v.price;
	if (ch->resources_set) {
		s->nres = ch->v.nres;
		s->resources = ch->v.resources;
	}
	if ((st = svc_validate(t, s)))
		return st;
	s->updated_at = t->now;
	put(t, s);
	svc_entity(s->name, entity, sizeof entity);
	audit_append(t, "service.changed", entity, ENT_SERVICE, before, s,
		     NULL, NULL);
	*out = s;
	return txn_status(t);
}

berth_status berth_service_rm(berth_txn *t, const char *name,
			      berth_service **out)
{
	char entity[BERTH_NAME_MAX + 16];
	berth_service *s;
	berth_status st;

	if ((st = role_may_change(t, ENT_SERVICE, "service.removed")))
		return st;
	if ((st = svc_by_name(t, name, &s)))
		return st;
	/* Its own policies go first, each audited as unset: a service made
	 * again under the name starts with none (policy.c). */
	policy_drop_service(t, s->name);
	entry_del(t, T_SERVICE, &(service_entry){*s});
	svc_entity(s->name, entity, sizeof entity);
	audit_append(t, "service.removed", entity, ENT_SERVICE, s, NULL, NULL,
		     NULL);
	*out = s;
	return txn_status(t);
}

berth_status berth_service_each(berth_txn *t, berth_service_cb cb, void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_SERVICE);
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		service_entry e;
		if (entry_read(t, T_SERVICE, k, v, &e) || cb(&e.s, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}
