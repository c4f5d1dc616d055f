/* expire.c - the sweep: holds and pending bookings whose time is up become
 * expired and leave the indexes for good. They stopped counting the moment
 * their time came (lazy expiry); the sweep only makes it permanent and
 * audited. It walks the due index (expiry time first) up to now, so it
 * costs what it expires, not what is stored: nothing due is one seek.
 * Under LMDB's single writer two sweeps at once simply run one after the
 * other, the second finding nothing. */
#include <string.h>

#include "internal.h"

typedef struct {
	claim_kind kind;
	uint64_t id;
} due;

berth_status berth_expire(berth_txn *t, int dry_run, berth_claim_cb cb,
			  void *arg)
{
	store_cursor *dc = store_cursor_open(t->st, T_DUE);
	due *list = NULL;
	size_t n = 0, cap = 0;
	berth_status st = BERTH_OK;
	sval kv;

	/* Collect first: the sweep deletes the entries it walks. */
	for (int ok = store_first(dc, &kv, NULL); ok;
	     ok = store_next(dc, &kv, NULL)) {
		const uint8_t *p = kv.data;
		if (kv.len != DUE_KEY_LEN || key_read_time(p) > t->now)
			break;
		if (n == cap) {
			due *nl;
			cap = cap ? cap * 2 : 64;
			if (!(nl = arena_alloc(t->a, cap * sizeof *nl))) {
				st = oom();
				break;
			}
			if (n)
				memcpy(nl, list, n * sizeof *nl);
			list = nl;
		}
		list[n].kind = p[12] == CLAIM_BOOKING ? CLAIM_BOOKING
						      : CLAIM_HOLD;
		list[n].id = key_read_u64(p + 13);
		n++;
	}
	store_cursor_close(dc);
	if (st)
		return st;
	for (size_t i = 0; i < n; i++) {
		berth_claim *c, *x;
		if ((st = claim_load(t, list[i].kind, list[i].id, &c)))
			return st;
		if (!claim_dead(c, t->now))
			return berth_fail(BERTH_STORE_CORRUPT,
					  "expiry index names a claim that "
					  "is not due (run berth check)");
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
