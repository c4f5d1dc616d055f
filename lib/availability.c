/* availability.c - counts for one resource: total, held, booked and
 * available, at an instant or at the tightest point from now on. A query,
 * so it reads the span index (every counted claim with its expiry) rather
 * than the profile, and tells holds from bookings. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	btime at;
	int64_t held, booked; /* change at this instant */
} step;

static int cmp_step(const void *a, const void *b)
{
	btime x = ((const step *)a)->at, y = ((const step *)b)->at;
	return (x > y) - (x < y);
}

berth_status berth_availability(berth_txn *t, const char *resource,
				int has_at, const civil_time *at,
				berth_avail *out)
{
	store_cursor *c;
	berth_resource *r;
	berth_status st;
	step *steps = NULL;
	size_t n = 0, cap = 0;
	btime from = t->now;
	int64_t held = 0, booked = 0, best = -1;
	keybuf k;
	sval kv, v;

	memset(out, 0, sizeof *out);
	if ((st = res_by_name(t, resource, &r)))
		return st;
	if (has_at && (st = clock_resolve(at, r->tz, &from)))
		return st;
	out->resource = r->name;
	out->zone = r->tz;
	out->total = r->capacity;
	out->start = out->end = from;

	c = store_cursor_open(t->st, T_SPAN);
	rid_prefix(&k, r->rid);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, r->rid); ok = store_next(c, &kv, &v)) {
		span_entry e;
		int hold;
		if (entry_read(t, T_SPAN, kv, v, &e))
			break;
		if (e.end <= from || e.expires_at <= t->now)
			continue; /* over, or expired and not yet swept */
		hold = e.kind == CLAIM_HOLD;
		if (n + 2 > cap) {
			step *ns;
			cap = cap ? cap * 2 : 64;
			if (!(ns = arena_alloc(t->a, cap * sizeof *ns))) {
				store_cursor_close(c);
				return oom();
			}
			if (n)
				memcpy(ns, steps, n * sizeof *ns);
			steps = ns;
		}
		steps[n++] = (step){e.start, hold ? e.quantity : 0,
				    hold ? 0 : e.quantity};
		steps[n++] = (step){e.end, hold ? -e.quantity : 0,
				    hold ? 0 : -e.quantity};
	}
	store_cursor_close(c);
	if ((st = txn_status(t)))
		return st;
	if (n)
		qsort(steps, n, sizeof *steps, cmp_step);

	/* Walk the steps; each run of equal instants starts a segment with
	 * constant counts up to the next instant (the last runs forever). */
	out->end = BTIME_NEVER;
	for (size_t i = 0; i < n;) {
		btime seg = steps[i].at, next;
		while (i < n && steps[i].at == seg) {
			held += steps[i].held;
			booked += steps[i].booked;
			i++;
		}
		next = i < n ? steps[i].at : BTIME_NEVER;
		if (next <= from)
			continue;
		if (has_at) {
			if (seg > from) { /* a gap before this segment */
				out->end = seg;
				break;
			}
			out->held = held;
			out->booked = booked;
			out->start = seg;
			out->end = next;
			break;
		}
		if (held + booked > best) {
			best = held + booked;
			out->held = held;
			out->booked = booked;
			out->start = seg > from ? seg : from;
			out->end = next;
		}
	}
	out->available = out->total - out->held - out->booked;
	if (out->available < 0)
		out->available = 0;
	return BERTH_OK;
}
