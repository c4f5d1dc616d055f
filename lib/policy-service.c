/* policy-service.c - a service's own policies (format 9): `policy set|unset
 * KEY --service S` and `policy list --service S`. A claim made for a
 * service (lock, book --service) is bound by them beside the store's and
 * its resource's (policy_in_force_svc in policy.c): the strictest limit or
 * deadline of the three, and the service's own length when it sets one.
 * They are kept by the service's name in their own table (svcpolicy), as
 * services are; `service rm` takes them with it (policy_drop_service). */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "service.h"

/* The service named, which must be there, and the policy read. */
static berth_status scope_of(berth_txn *t, const char *key,
			     const char *value, const char *service,
			     berth_service **svc, berth_policy *out)
{
	berth_status st;

	if ((st = policy_parse(key, value, out)))
		return st;
	return svc_by_name(t, service, svc);
}

berth_status berth_policy_set_service(berth_txn *t, const char *key,
				      const char *value, const char *service,
				      berth_policy *out)
{
	char entity[BERTH_NAME_MAX + 64];
	berth_policy before;
	berth_service *svc;
	policy_value now;
	berth_status st;

	if ((st = role_may_change(t, ENT_POLICY, "policy.set")) ||
	    (st = scope_of(t, key, value, service, &svc, out)))
		return st;
	out->service = svc->name;
	before = *out;
	before.is_default =
	    !policy_svc_stored(t, svc->name, out->key, &before.value);
	if (before.is_default) {
		/* What bound the service's claims before: the store's. */
		policy_in_force(t, 0, out->key, &now);
		before.value = now.value;
	}
	entry_put(t, T_SVCPOLICY,
		  &(svcpolicy_entry){svc->name, out->key, out->value});
	policy_service_entity(entity, sizeof entity, out->key, svc->name);
	audit_append(t, "policy.set", entity, ENT_POLICY, &before, out, NULL,
		     NULL);
	return txn_status(t);
}

/* As for the store and resources, unsetting what is not set is no
 * failure and writes nothing. */
berth_status berth_policy_unset_service(berth_txn *t, const char *key,
					const char *service, berth_policy *out,
					int *removed)
{
	char entity[BERTH_NAME_MAX + 64];
	berth_policy before;
	berth_service *svc;
	policy_value now;
	berth_status st;

	*removed = 0;
	if ((st = role_may_change(t, ENT_POLICY, "policy.unset")) ||
	    (st = scope_of(t, key, NULL, service, &svc, &before)))
		return st;
	before.service = svc->name;
	if (policy_svc_stored(t, svc->name, before.key, &before.value)) {
		entry_del(t, T_SVCPOLICY,
			  &(svcpolicy_entry){svc->name, before.key, 0});
		policy_service_entity(entity, sizeof entity, before.key,
				      svc->name);
		audit_append(t, "policy.unset", entity, ENT_POLICY, &before,
			     NULL, NULL, NULL);
		*removed = 1;
	}
	*out = before;
	policy_in_force_svc(t, 0, svc->name, before.key, &now);
	out->value = now.value;
	out->is_default = now.is_default;
	out->service = now.service;
	return txn_status(t);
}

berth_status policy_import_service(berth_txn *t, const char *key,
				   const char *value, const char *service,
				   int audited, berth_policy *out)
{
	char entity[BERTH_NAME_MAX + 64];
	berth_service *svc;
	berth_status st;

	if ((st = scope_of(t, key, value, service, &svc, out)))
		return st;
	out->service = svc->name;
	entry_put(t, T_SVCPOLICY,
		  &(svcpolicy_entry){svc->name, out->key, out->value});
	if (!audited) {
		policy_service_entity(entity, sizeof entity, out->key,
				      svc->name);
		audit_append(t, "policy.imported", entity, ENT_POLICY, NULL,
			     out, NULL, NULL);
	}
	return txn_status(t);
}

typedef struct {
	berth_txn *t;
	const char *service;
	const berth_resource *r;
	berth_policy_cb cb;
	void *arg;
	int stop;
} each_ctx;

static int each_key(const berth_policy *p, void *arg)
{
	each_ctx *x = arg;
	policy_value v;
	berth_policy q = *p;

	policy_in_force_svc(x->t, x->r ? x->r->rid : 0, x->service, p->key,
			    &v);
	q.value = v.value;
	q.is_default = v.is_default;
	q.service = v.service;
	q.scope = x->r && v.rid == x->r->rid && !v.service ? x->r->name
							   : NULL;
	return x->stop = x->cb(&q, x->arg);
}

berth_status berth_policy_each_service(berth_txn *t, const char *service,
				       const char *resource,
				       berth_policy_cb cb, void *arg)
{
	each_ctx x = {.t = t, .cb = cb, .arg = arg};
	berth_service *svc;
	berth_resource *r = NULL;
	berth_status st;

	if ((st = svc_by_name(t, service, &svc)) ||
	    (resource && (st = res_by_name(t, resource, &r))))
		return st;
	x.service = svc->name;
	x.r = r;
	/* The keys, in their order, from the store's list; each value is
	 * then taken again with the service's. */
	return berth_policy_each(t, NULL, each_key, &x);
}

/* Each service's own values, by name then key (the table's order). */
berth_status berth_policy_each_own_service(berth_txn *t, berth_policy_cb cb,
					   void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_SVCPOLICY);
	any_entry e;
	sval k, v;
	int stop = 0;

	for (int ok = store_first(c, &k, &v); ok && !stop;
	     ok = store_next(c, &k, &v)) {
		berth_policy p;
		if (entry_read(t, T_SVCPOLICY, k, v, &e))
			break;
		if (policy_parse(e.svcpolicy.key, NULL, &p)) {
			/* A key no berth sets: check reports it. */
			berth_clear();
			continue;
		}
		p.value = e.svcpolicy.value;
		p.service = e.svcpolicy.service;
		stop = cb(&p, arg);
	}
	store_cursor_close(c);
	return txn_status(t);
}

int berth_policy_own_service(berth_txn *t, const char *service,
			     const char *key, int64_t *value)
{
	return policy_svc_stored(t, service, key, value);
}
