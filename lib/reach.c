/* reach.c - the longest claim each resource ever had. No claim is ever
 * deleted, and a claim's window changes only when it is rescheduled,
 * which notes it again, so noting each new and each moved one keeps the
 * reach table at least as long as any claim (check holds it to that);
 * list reads it to seek to the first claim that can overlap its --from,
 * in place of walking from the resource's first claim. */
#include "internal.h"

void reach_note(berth_txn *t, const berth_claim *c)
{
	reach_entry e = {.rid = c->rid};
	int64_t len = c->end - c->start;
	int rc = entry_get(t, T_REACH, &e);

	if (rc < 0 || (rc == 1 && e.longest >= len))
		return; /* damage (the transaction failed), or long enough */
	e.rid = c->rid;
	e.longest = len;
	entry_put(t, T_REACH, &e);
}

berth_status reach_of(berth_txn *t, uint32_t rid, int64_t *out)
{
	reach_entry e = {.rid = rid};
	int rc = entry_get(t, T_REACH, &e);

	/* None: the resource never had a claim (check holds every claim
	 * against its entry). */
	*out = rc == 1 ? e.longest : 0;
	return rc < 0 ? txn_status(t) : BERTH_OK;
}
