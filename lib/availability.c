/* availability.c - counts for one resource: total, held, booked and
 * available, at an instant or at the tightest point from now on (from the
 * span index, which tells holds from bookings), over a range (the step
 * function of avail-range.c), and the seats free over a window. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "avail.h"

typedef struct {
	btime at;
	int64_t held, booked; /* change at this instant */
} step;

static int cmp_step(const void *a, const void *b)
{
	btime x = ((const step *)a)->at, y = ((const step *)b)->at;
	return (x > y) - (x < y);
}

typedef struct {
	step *v;
	size_t n, cap;
} step_list;

/* A span's two steps, unless it is over by `from` or expired and not yet
 * swept: the same spans the counts have always been taken from. */
static int add_span(berth_txn *t, const span_entry *e, btime from,
		    step_list *out)
{
	int hold = e->kind == CLAIM_HOLD;
	step *ns;

	if (e->end <= from || e->expires_at <= t->now)
		return 1;
	ns = arena_grow(t->a, out->v, out->n, out->n + 2, &out->cap,
			sizeof *ns);
	if (!ns)
		return 0;
	out->v = ns;
	out->v[out->n++] = (step){e->start, hold ? e->quantity : 0,
				  hold ? 0 : e->quantity};
	out->v[out->n++] = (step){e->end, hold ? -e->quantity : 0,
				  hold ? 0 : -e->quantity};
	return 1;
}

/* The spans in force at `from`, found by walking back from it through the
 * span index (in start order) until the quantities met add up to the
 * profile's level at `from`: that level is the sum of every counting
 * claim over the instant, swept or not, so once it is reached nothing
 * further back can reach `from`. This costs the claims in force at that
 * instant, never the resource's past. A store whose profile disagrees
 * with its spans (a sum that overshoots) is walked to the end, as it
 * always was. */
static berth_status spans_at(berth_txn *t, uint32_t rid, btime from,
			     step_list *out)
{
	avail_profile pr;
	int64_t level, sum = 0;
	store_cursor *c;
	berth_status st;
	span_entry e;
	keybuf k;
	sval kv, v;

	if ((st = avail_profile_read(t, rid, from, from + 1, &pr)))
		return st;
	level = pr.at_start ? pr.p[0].level : pr.before;
	if (!level)
		return BERTH_OK;
	c = store_cursor_open(t->st, T_SPAN);
	span_key(&k, rid, from, CLAIM_BOOKING, UINT64_MAX);
	for (int ok = store_seek_le(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid) && sum != level;
	     ok = store_prev(c, &kv, &v)) {
		if (entry_read(t, T_SPAN, kv, v, &e))
			break;
		if (e.end > from)
			sum += e.quantity;
		if (!add_span(t, &e, from, out)) {
			store_cursor_close(c);
			return oom();
		}
	}
	store_cursor_close(c);
	return txn_status(t);
}

/* The unexpired spans that start after `from`: all of them for the
 * tightest point from now on, the first for --at (the end of the window
 * it answers). Expired ones not yet swept are stepped over: `expire`
 * keeps them few. */
static berth_status spans_after(berth_txn *t, uint32_t rid, btime from,
				int first_only, step_list *out)
{
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	span_entry e;
	keybuf k;
	sval kv, v;

	span_key(&k, rid, from + 1, CLAIM_HOLD, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		size_t had = out->n;
		if (entry_read(t, T_SPAN, kv, v, &e))
			break;
		if (!add_span(t, &e, from, out)) {
			store_cursor_close(c);
			return oom();
		}
		if (first_only && out->n > had)
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}

berth_status berth_availability(berth_txn *t, const char *resource,
				int has_at, const civil_time *at,
				berth_avail *out)
{
	berth_resource *r;
	berth_status st;
	step_list sp = {0};
	step *steps;
	size_t n;
	btime from = t->now;
	int64_t held = 0, booked = 0, best = -1;

	memset(out, 0, sizeof *out);
	if ((st = res_by_name(t, resource, &r)))
		return st;
	if (has_at && (st = clock_resolve_at(at, r->tz, t->now, &from)))
		return st;
	out->resource = r->name;
	out->zone = r->tz;
	out->total = r->capacity;
	out->start = out->end = from;

	/* The steps of every span that is not over by `from`: those in force
	 * then and those after it. --at reads only the segment holding
	 * `from`, which ends at the first step after it, so one span after
	 * `from` is enough there. */
	if ((st = spans_at(t, r->rid, from, &sp)) ||
	    (st = spans_after(t, r->rid, from, has_at, &sp)))
		return st;
	steps = sp.v;
	n = sp.n;
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

/* The window of a request, resolved in r's zone: [at, at+1s), or [from,
 * to) with from now and to never by default. A window that ends where it
 * starts, or before, is refused naming --to. */
static berth_status window_of(berth_txn *t, const berth_window_req *req,
			      const berth_resource *r, btime *s, btime *e)
{
	berth_status st;

	*s = t->now;
	*e = BTIME_NEVER;
	if (req->has_at) {
		if ((st = clock_resolve_at(&req->at, r->tz, t->now, s)))
			return st;
		*e = *s + 1;
		return BERTH_OK;
	}
	if (req->has_from && (st = clock_resolve_at(&req->from, r->tz, t->now, s)))
		return st;
	if (req->has_to &&
	    (st = clock_resolve_until(&req->to, r->tz, t->now, e)))
		return st;
	if (*e <= *s)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--to must come after %s",
			       req->has_from ? "--from" : "now"),
		    "--to", req->to_text);
	return BERTH_OK;
}

berth_status berth_availability_range(berth_txn *t, const berth_window_req *req,
				      berth_avail **rows, size_t *n)
{
	berth_resource *r;
	berth_status st;
	avail_step *steps;
	btime s, e;

	*rows = NULL;
	*n = 0;
	if ((st = res_by_name(t, req->resource, &r)) ||
	    (st = window_of(t, req, r, &s, &e)) ||
	    (st = avail_range(t, r->rid, s, e, &steps, n)))
		return st;
	if (!(*rows = arena_alloc(t->a, *n * sizeof **rows)))
		return oom();
	for (size_t i = 0; i < *n; i++) {
		berth_avail *a = &(*rows)[i];
		a->resource = r->name;
		a->zone = r->tz;
		a->start = steps[i].start;
		a->end = steps[i].end;
		a->total = r->capacity;
		a->held = steps[i].held;
		a->booked = steps[i].booked;
		a->available = a->total - a->held - a->booked;
		if (a->available < 0)
			a->available = 0;
	}
	return BERTH_OK;
}

/* One seek per seat into the seat index (its claims are few): a venue of
 * N seats costs N short walks, whatever its history. */
berth_status berth_seats_free(berth_txn *t, const berth_window_req *req,
			      berth_free_seats *out)
{
	berth_resource *r;
	berth_status st;
	store_cursor *c;

	memset(out, 0, sizeof *out);
	if ((st = res_by_name(t, req->resource, &r)))
		return st;
	if (!r->seats) {
		berth_fail(BERTH_INVALID_ARGUMENT, "%s has no numbered seats",
			   r->name);
		berth_detail_str("option", "--seats");
		berth_detail_str("resource", r->name);
		return BERTH_INVALID_ARGUMENT;
	}
	if ((st = window_of(t, req, r, &out->start, &out->end)))
		return st;
	out->resource = r->name;
	out->zone = r->tz;
	out->total = r->seats;
	if (!(out->seats = arena_alloc(t->a, r->seats * sizeof *out->seats)))
		return oom();
	c = store_cursor_open(t->st, T_SEAT);
	for (uint32_t seat = 1; seat <= r->seats; seat++) {
		int taken = avail_seat_taken(t, r->rid, seat, out->start,
					     out->end, c, NULL);
		if (taken < 0)
			break;
		if (!taken)
			out->seats[out->available++] = seat;
	}
	store_cursor_close(c);
	return txn_status(t);
}
