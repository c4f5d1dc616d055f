/* check-service.c - the service table: every entry decodes (walk reports
 * those that do not), each resource it names was a resource once (one
 * removed since is no damage: the service merely cannot use it), and each
 * record is what its last audit record says. And a service's own
 * policies (svcpolicy, format 9): each a value `policy set` can make, of
 * a service that is there (service rm takes them with it), and what its
 * last audit record set. */
#include <stdio.h>

#include "check.h"
#include "service.h"

static int service_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_service *s = &e->service.s;
	char entity[BERTH_NAME_MAX + 16];

	for (uint32_t i = 0; i < s->nres; i++)
		if (!ck->audit_unsound && !created_seq(ck, s->resources[i]))
			problem(ck, T_SERVICE, k, 0,
				"names resource '%s', which never was",
				s->resources[i]);
	svc_entity(s->name, entity, sizeof entity);
	check_audited(ck, T_SERVICE, k, v, entity, ENT_SERVICE);
	return 0;
}

static int svcpolicy_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const svcpolicy_entry *p = &e->svcpolicy;
	char entity[BERTH_NAME_MAX + 96];
	audit_entry a;
	keybuf sk;
	sval sv;

	(void)v;
	if (!policy_known(p->key, p->value))
		problem(ck, T_SVCPOLICY, k, 0,
			"%lld is not a value it can have", (long long)p->value);
	/* Only whether it is there: a damaged record is the service
	 * table's to report. */
	name_key(&sk, p->service);
	if (!store_get(ck->t->st, T_SERVICE, sk.b, sk.len, &sv))
		problem(ck, T_SVCPOLICY, k, 0,
			"its service '%s' is not there", p->service);
	if (ck->audit_unsound)
		return 0;
	policy_service_entity(entity, sizeof entity, p->key, p->service);
	if (!last_audit(ck, entity, ENT_POLICY, &a) || !a.a.after_policy)
		problem(ck, T_SVCPOLICY, k, 0, "has no audit record");
	else if (a.a.after_policy->value != p->value)
		problem(ck, T_SVCPOLICY, k, 0,
			"is %lld, its last audit record (%llu) says %lld",
			(long long)p->value, (unsigned long long)a.seq,
			(long long)a.a.after_policy->value);
	return 0;
}

void check_service(checker *ck)
{
	walk(ck, T_SERVICE, service_fn);
	walk(ck, T_SVCPOLICY, svcpolicy_fn);
}
