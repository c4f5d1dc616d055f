/* check-service.c - the service table: every entry decodes (walk reports
 * those that do not), each resource it names was a resource once (one
 * removed since is no damage: the service merely cannot use it), and each
 * record is what its last audit record says. */
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

void check_service(checker *ck)
{
	walk(ck, T_SERVICE, service_fn);
}
