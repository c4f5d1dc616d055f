/* role.c - what each role may change (DECISIONS.md). Roles are declared
 * by the caller, not proven: they keep an honest caller (a booking page
 * acting for one customer, a front desk) in its lane, while file modes
 * and database grants stay the security boundary. admin and system may
 * change anything; staff everything but the catalogue that shapes what
 * can be booked (resources, services, hours, policies); a customer only
 * claims that are its own. Reading is not restricted here. */
#include <string.h>

#include "internal.h"

/* The details every refusal carries, so a script sees who was refused. */
static berth_status refused(berth_txn *t, const char *action)
{
	berth_detail_str("role", berth_role_name(t->db->role));
	berth_detail_str("actor", t->db->actor);
	if (action)
		berth_detail_str("action", action);
	return BERTH_FORBIDDEN;
}

berth_status role_may_claim(berth_txn *t, const char *customer,
			    const char *id)
{
	const char *actor = t->db->actor;

	if (t->db->role != ROLE_CUSTOMER ||
	    (customer && actor && strcmp(customer, actor) == 0))
		return BERTH_OK;
	if (!id) {
		berth_fail(BERTH_FORBIDDEN,
			   "a customer claims only for itself: give "
			   "--customer %s",
			   actor ? actor : "(the --as actor)");
		return refused(t, NULL);
	}
	berth_fail(BERTH_FORBIDDEN,
		   "a customer acts only on its own claims, and %s is not "
		   "%s's",
		   id, actor ? actor : "the actor");
	berth_detail_str("id", id);
	return refused(t, NULL);
}

/* What a role may not change, as an entity's kind. */
static int barred(berth_role role, entity_type type)
{
	switch (role) {
	case ROLE_CUSTOMER:
		return type != ENT_CLAIM && type != ENT_WAITLIST;
	case ROLE_STAFF:
		return type == ENT_RESOURCE || type == ENT_SERVICE ||
		       type == ENT_HOURS || type == ENT_POLICY;
	case ROLE_ADMIN:
	case ROLE_SYSTEM:
		break;
	}
	return 0;
}

berth_status role_may_change(berth_txn *t, entity_type type,
			     const char *action)
{
	berth_role role = t->db->role;

	if (!barred(role, type))
		return BERTH_OK;
	if (role == ROLE_STAFF)
		berth_fail(BERTH_FORBIDDEN,
			   "staff may not change resources, services, hours "
			   "or policies (%s): that is for admin",
			   action);
	else
		berth_fail(BERTH_FORBIDDEN,
			   "a customer may change only its own claims, not "
			   "make %s",
			   action);
	return refused(t, action);
}

int role_guard(berth_txn *t, entity_type type, const char *action,
	       const void *before, const void *after)
{
	berth_status st;

	/* The common case, an admin's or the system's change, costs one
	 * comparison on the hot path. */
	if (t->db->role == ROLE_ADMIN || t->db->role == ROLE_SYSTEM)
		return 0;
	st = role_may_change(t, type, action);
	if (!st && type == ENT_CLAIM) {
		const berth_claim *b = before, *a = after;
		char id[24];
		berth_id_format(a ? a->kind : b->kind, a ? a->id : b->id, id,
				sizeof id);
		if (b)
			st = role_may_claim(t, b->customer, id);
		if (!st && a)
			st = role_may_claim(t, a->customer, id);
	} else if (!st && type == ENT_WAITLIST) {
		/* A customer's waitlist entries are its own, like claims. */
		const berth_waitlist *w = after ? after : before;
		char id[24];
		berth_waitlist_id_format(w->id, id, sizeof id);
		st = role_may_claim(t, w->customer, id);
	}
	if (!st)
		return 0;
	txn_fail(t, st);
	return 1;
}

berth_status role_may_run(berth_txn *t, const char *what)
{
	if (t->db->role != ROLE_CUSTOMER)
		return BERTH_OK;
	berth_fail(BERTH_FORBIDDEN, "a customer may not run %s", what);
	return refused(t, what);
}
