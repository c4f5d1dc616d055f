/* avail-seats.c - which seats a window would find taken: for `slots` on a
 * seated resource. The level of the profile says how many seats are taken
 * at each instant; a window is free of a seat only when no claim holds it
 * at any instant of the window, which can be more seats than the highest
 * level (seat 1 taken 10-11, seat 2 11-12: the level never passes 1, yet a
 * 10-12 window has no seat). So slots counts, as book decides, seat by
 * seat, from the seat index.
 *
 * A window [t, t + length) meets a stretch [a, b) when a - length < t < b.
 * Each stretch gives a point where windows start meeting it (a - length +
 * 1) and one where they stop (b); a seat's claims less than `length` apart
 * are joined into one stretch first, since a window that meets two of
 * them takes the seat once, and one meeting the gap meets a claim too. */
#include <stdlib.h>
#include <string.h>

#include "avail.h"

typedef struct {
	berth_txn *t;
	avail_seat_busy *out;
	size_t cap_on, cap_off;
} busy_list;

static int add(busy_list *b, btime a, btime z, int64_t length)
{
	avail_seat_busy *o = b->out;
	btime *on = arena_grow(b->t->a, o->on, o->n, o->n + 1, &b->cap_on,
			       sizeof *on);
	btime *off = on ? arena_grow(b->t->a, o->off, o->n, o->n + 1,
				     &b->cap_off, sizeof *off)
			: NULL;

	if (!off)
		return -1;
	o->on = on;
	o->off = off;
	on[o->n] = a - length + 1;
	off[o->n++] = z;
	return 0;
}

static int by_time(const void *x, const void *y)
{
	btime a = *(const btime *)x, b = *(const btime *)y;

	return (a > b) - (a < b);
}

/* One seat's live claims that windows starting in [s, e) can meet, latest
 * first, joined into stretches. -1 on damage or memory. */
static int seat(busy_list *b, store_cursor *c, uint32_t rid, uint32_t n,
		btime s, btime e, int64_t length)
{
	berth_txn *t = b->t;
	btime a = 0, z = 0;
	int open = 0;
	seat_entry se;
	keybuf k;
	sval kv, v;

	seat_key(&k, rid, n, e + length - 1, (claim_kind)0xff, UINT64_MAX);
	for (int ok = store_seek_le(c, k.b, k.len, &kv, &v); ok;
	     ok = store_prev(c, &kv, &v)) {
		if (kv.len >= 8 && memcmp(kv.data, k.b, 8))
			break; /* another seat's entries */
		if (entry_read(t, T_SEAT, kv, v, &se))
			return -1;
		if (se.expires_at <= t->now) {
			/* Expired, not swept: frees the seat, when the
			 * claim's record bears the entry out. */
			if (!avail_seat_for_real(t, kv, &se))
				return -1;
			continue;
		}
		if (se.end <= s)
			break; /* live claims on a seat never overlap */
		if (open && a - se.end < length) {
			if (se.start < a)
				a = se.start;
			continue;
		}
		if (open && add(b, a, z, length))
			return -1;
		a = se.start, z = se.end, open = 1;
	}
	if (store_failed(t->st))
		return -1;
	return open ? add(b, a, z, length) : 0;
}

berth_status avail_seats_busy(berth_txn *t, const berth_resource *r, btime s,
			      btime e, int64_t length, avail_seat_busy *out)
{
	busy_list b = {t, out, 0, 0};
	store_cursor *c;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (e <= s || !r->seats)
		return txn_status(t);
	c = store_cursor_open(t->st, T_SEAT);
	for (uint32_t n = 1; n <= r->seats && !rc; n++)
		rc = seat(&b, c, r->rid, n, s, e, length);
	store_cursor_close(c);
	if (rc)
		return txn_status(t) ? txn_status(t) : oom();
	if (out->n) { /* no seat taken: no arrays at all */
		qsort(out->on, out->n, sizeof *out->on, by_time);
		qsort(out->off, out->n, sizeof *out->off, by_time);
	}
	return txn_status(t);
}
