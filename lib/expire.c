/* expire.c - the sweep: holds and pending bookings whose time is up become
 * expired and leave the indexes for good. They stopped counting the moment
 * their time came (lazy expiry); the sweep only makes it permanent and
 * audited. It walks the due index (expiry time first) up to now, so it
 * costs what it expires, not what is stored: nothing due is one seek.
 * Under LMDB's single writer two sweeps at once simply run one after the
 * other, the second finding nothing. */
#include <string.h>

#include "internal.h"


berth_status berth_expire(berth_txn *t, int dry_run, berth_claim_cb cb,
			  void *arg)
{
	store_cursor *dc = store_cursor_open(t->st, T_DUE);
	due_entry *list = NULL;
	size_t n = 0, cap = 0;
	berth_status st = BERTH_OK;
	due_entry de;
	sval kv, v;

	/* Collect first: the sweep deletes the entries it walks. */
	for (int ok = store_first(dc, &kv, &v); ok;
	     ok = store_next(dc, &kv, &v)) {
		if (entry_read(t, T_DUE, kv, v, &de)) {
			st = txn_status(t);
			break;
		}
		if (de.expires_at > t->now)
			break;
		due_entry *nl =
		    arena_grow(t->a, list, n, n + 1, &cap, sizeof *nl);
		if (!nl) {
			st = oom();
			break;
		}
		list = nl;
		list[n++] = de;
	}
	store_cursor_close(dc);
	if (st)
		return st;
	for (size_t i = 0; i < n; i++) {
		berth_claim *c, *x;
		if ((st = claim_load(t, list[i].kind, list[i].id, &c)))
			return st == BERTH_NOT_FOUND
				       ? entry_corrupt(t, T_DUE, &list[i],
						       "its claim is not there")
				       : st;
		if (!claim_dead(c, t->now))
			return entry_corrupt(t, T_DUE, &list[i],
					     "its claim is not due");
		if (!(x = claim_copy(t, c)))
			return oom();
		x->status = c->kind == CLAIM_HOLD ? HOLD_EXPIRED
						  : BOOKING_EXPIRED;
		if (c->kind == CLAIM_BOOKING)
			x->version++;
		if (!dry_run) {
			avail_remove(t, c);
			claim_write(t, c, x,
				    c->kind == CLAIM_HOLD ? "hold.expired"
							  : "booking.expired",
				    NULL);
		}
		if (cb(x, arg))
			break;
	}
	return txn_status(t);
}
