/* force.c - an admin's --force past a policy refusal (DECISIONS.md). Only
 * the rules a business sets for itself can be forced: notice, horizon,
 * deadlines, limits, hours, holidays and time off. What would make the
 * store lie can not: PAST, capacity, seats, payment, a claim's state. A
 * forced change must say why, and its audit record says which rules it
 * went past, in the reason ("forced past CANCEL_DEADLINE: ..."), so the
 * record keeps its format and the chain hashes it like any reason. */
#include <string.h>

#include "internal.h"

_Static_assert(BERTH_STATUS_COUNT <= 64, "t->forced has a bit a status");

berth_status force_begin(berth_txn *t, int force, const char *reason)
{
	t->reason = reason;
	t->force = 0;
	t->forced = 0;
	if (!force)
		return BERTH_OK;
	if (!reason || !*reason)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--force needs --reason: a forced change says "
			       "why"),
		    "force", NULL);
	if (t->db->role != ROLE_ADMIN) {
		berth_fail(BERTH_FORBIDDEN,
			   "only admin may --force past a policy (the role "
			   "is %s)",
			   berth_role_name(t->db->role));
		berth_detail_str("role", berth_role_name(t->db->role));
		berth_detail_str("actor", t->db->actor);
		return BERTH_FORBIDDEN;
	}
	t->force = 1;
	return BERTH_OK;
}

static int forceable(berth_status st)
{
	switch (st) {
	case BERTH_MIN_NOTICE:
	case BERTH_BEYOND_HORIZON:
	case BERTH_CANCEL_DEADLINE:
	case BERTH_RESCHEDULE_DEADLINE:
	case BERTH_MAX_RESCHEDULES:
	case BERTH_CUSTOMER_LIMIT:
	case BERTH_OUTSIDE_HOURS:
	case BERTH_HOLIDAY:
	case BERTH_TIME_OFF:
		return 1;
	default:
		return 0;
	}
}

berth_status force_past(berth_txn *t, berth_status st)
{
	/* Damage is never a refusal to go past. */
	if (!st || !t->force || !forceable(st) || t->failed)
		return st;
	t->forced |= UINT64_C(1) << st;
	berth_clear();
	return BERTH_OK;
}

const char *force_reason(berth_txn *t, const char *reason)
{
	size_t len = sizeof "forced past : ";
	char *s, *p;

	if (!reason)
		reason = t->reason;
	if (!t->forced)
		return reason;
	for (int i = 0; i < BERTH_STATUS_COUNT; i++)
		if (t->forced & UINT64_C(1) << i)
			len += strlen(berth_status_name(i)) + 2;
	if (reason)
		len += strlen(reason);
	if (!(s = arena_alloc(t->a, len))) {
		arena_set_failed(t->a);
		return reason;
	}
	p = stpcpy(s, "forced past ");
	for (int i = 0, n = 0; i < BERTH_STATUS_COUNT; i++)
		if (t->forced & UINT64_C(1) << i) {
			if (n++)
				p = stpcpy(p, ", ");
			p = stpcpy(p, berth_status_name(i));
		}
	if (reason) {
		p = stpcpy(p, ": ");
		stpcpy(p, reason);
	}
	return s;
}
