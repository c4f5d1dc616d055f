/* waitlist-expire.c - entries still waiting after their last day leave
 * the list (`expire`): walked in the waitdue index up to now, so the
 * sweep costs what it expires; nothing due is one seek. An entry with an
 * offer out is settled by that offer, not here. */
#include "internal.h"

berth_status berth_waitlist_expire(berth_txn *t, int dry_run,
				   berth_waitlist_cb cb, void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_WAITDUE);
	waitdue_entry *list = NULL, de;
	size_t n = 0, cap = 0;
	berth_status st = BERTH_OK;
	sval kv, v;

	/* Collect first: expiring an entry deletes what is walked. */
	for (int ok = store_first(c, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		waitdue_entry *nl;
		if (entry_read(t, T_WAITDUE, kv, v, &de)) {
			st = txn_status(t);
			break;
		}
		if (de.until > t->now)
			break;
		if (!(nl =
			  arena_grow(t->a, list, n, n + 1, &cap, sizeof *nl))) {
			st = oom();
			break;
		}
		list = nl;
		list[n++] = de;
	}
	store_cursor_close(c);
	if (st)
		return st;
	for (size_t i = 0; i < n; i++) {
		berth_waitlist *e, *x;
		if ((st = waitlist_load(t, list[i].id, &e)))
			return st == BERTH_NOT_FOUND
				   ? entry_corrupt(t, T_WAITDUE, &list[i],
						   "its entry is not there")
				   : st;
		if (e->status != WAIT_WAITING || e->until != list[i].until)
			return entry_corrupt(t, T_WAITDUE, &list[i],
					     "its entry is not waiting then");
		if (!(x = waitlist_copy(t, e)))
			return oom();
		x->status = WAIT_EXPIRED;
		if (!dry_run)
			waitlist_write(t, e, x, "waitlist.expired");
		if (cb(x, arg))
			break;
	}
	return txn_status(t);
}
