/* slots.c - berth slots: for each resource named, its open time (the
 * calendar, calendar-open.c), what is claimed over it (avail_range) and
 * the notice window (notice.c) make one grid walk (slots-grid.c); the
 * walks are merged by start, then by resource name, and each window is
 * handed on as it is found. Memory grows with the open ranges and the
 * changes of level in the range asked, never with the windows given. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "service.h"
#include "slots.h"

/* The last instant a window or its buffer may reach: every time berth
 * keeps must print as a year up to 9999 in any zone (none is a day off
 * UTC), so the grid stops two days short of the end. */
#define SLOTS_LAST (TIME_LAST - 2 * 86400)

typedef struct {
	berth_resource *r;
	slots_span *open;
	size_t nopen, cap;
	avail_step *steps;
	size_t nsteps;
	avail_seat_busy seats;
	slots_query q;
	slots_iter it;
	berth_slot next; /* the walk's window to give next */
	int have;
	berth_txn *t; /* while the open time is gathered */
} walk;

static int add_open(btime start, btime end, void *arg)
{
	walk *w = arg;
	slots_span *grown = arena_grow(w->t->a, w->open, w->nopen,
				       w->nopen + 1, &w->cap, sizeof *grown);

	if (!grown)
		return 1; /* the arena is marked failed */
	w->open = grown;
	w->open[w->nopen++] = (slots_span){start, end};
	return 0;
}

static void advance(walk *w)
{
	w->have = slots_next(&w->it, &w->next.start, &w->next.end,
			     &w->next.available);
}

static berth_status range_of(berth_txn *t, const berth_slots_req *req,
			     const berth_resource *r, btime *from, btime *to)
{
	berth_status st;

	*from = t->now;
	if (req->has_from &&
	    (st = clock_resolve_at(&req->from, r->tz, t->now, from)))
		return st;
	if (req->has_to)
		return clock_resolve_until(&req->to, r->tz, t->now, to);
	*to = *from + BERTH_SLOTS_DAYS * 86400;
	return BERTH_OK;
}

/* Sets up one resource's walk; buffer -1: the resource's. */
static berth_status prepare(berth_txn *t, const berth_slots_req *req,
			    const char *name, int64_t buffer, walk *w)
{
	btime from, to, midnight, earliest, latest, reach;
	berth_status st;

	memset(w, 0, sizeof *w);
	w->t = t;
	if ((st = res_by_name(t, name, &w->r)) ||
	    (st = range_of(t, req, w->r, &from, &to)))
		return st;
	w->q.duration = req->duration > 0 ? req->duration : w->r->slot;
	if (w->q.duration <= 0)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "give --duration (%s has no slot length)",
			       w->r->name),
		    "--duration", NULL);
	w->q.step = w->r->slot;
	w->q.buffer = buffer >= 0 ? buffer : w->r->buffer;
	w->q.capacity = w->r->capacity;
	w->q.quantity = req->quantity > 0 ? req->quantity : 1;
	w->q.all = req->all;
	/* A range to the end of time (--to 9999-12-31) stops where a window
	 * and its buffer still print. */
	if (to > SLOTS_LAST - w->q.duration - w->q.buffer)
		to = SLOTS_LAST - w->q.duration - w->q.buffer;
	w->q.from = from;
	w->q.to = to;
	notice_window(t, w->r->rid, &earliest, &latest);
	w->q.earliest = earliest;
	w->q.latest = latest;
	if (to <= from)
		return txn_status(t);
	/* The open ranges whole from the start of from's local day, so each
	 * grid starts where its range does, not where the question does. */
	midnight = cal_wall(cal_days(cal_local_date(from, w->r->tz)) * 86400,
			    w->r->tz);
	reach = to + w->q.duration;
	if ((st = berth_open_each(t, w->r->name, midnight, reach, add_open,
				  w)))
		return st;
	if ((st = txn_status(t)))
		return st;
	w->q.open = w->open;
	w->q.nopen = w->nopen;
	if ((st = avail_range(t, w->r->rid, from, reach + w->q.buffer,
			      &w->steps, &w->nsteps)))
		return st;
	w->q.steps = w->steps;
	w->q.nsteps = w->nsteps;
	if (w->r->seats) {
		if ((st = avail_seats_busy(t, w->r, from, to,
					   w->q.duration + w->q.buffer,
					   &w->seats)))
			return st;
		w->q.seats = &w->seats;
	}
	w->next.resource = w->r->name;
	w->next.zone = w->r->tz;
	slots_begin(&w->it, &w->q);
	advance(w);
	return txn_status(t);
}

/* Whether walk a gives its next window before walk b: by start, then by
 * resource name. */
static int before(const walk *a, const walk *b)
{
	if (a->next.start != b->next.start)
		return a->next.start < b->next.start;
	return strcmp(a->r->name, b->r->name) < 0;
}

/* A heap of the walks that still have windows, soonest first. */
static void sift_down(walk **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		walk *x;
		if (l < n && before(h[l], h[m]))
			m = l;
		if (l + 1 < n && before(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		x = h[i];
		h[i] = h[m];
		h[m] = x;
		i = m;
	}
}

berth_status berth_slots(berth_txn *t, const berth_slots_req *req,
			 berth_slot_cb cb, void *arg)
{
	berth_slots_req sreq;
	int64_t buffer = -1;
	walk *w, **heap;
	size_t n = 0;
	berth_status st;

	if (req->service || req->location) {
		if ((st = slots_of_service(t, req, &sreq, &buffer)))
			return st;
		req = &sreq;
	}
	if (!req->nresources)
		return berth_fail(BERTH_INVALID_ARGUMENT, "name a resource");
	if (req->quantity < 0 || req->quantity > BERTH_CAPACITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "quantity must be 1 to %d", BERTH_CAPACITY_MAX);
	if (!(w = arena_alloc(t->a, req->nresources * sizeof *w)) ||
	    !(heap = arena_alloc(t->a, req->nresources * sizeof *heap)))
		return oom();
	for (size_t i = 0; i < req->nresources; i++) {
		for (size_t j = 0; j < i; j++)
			if (!strcmp(req->resources[i], req->resources[j]))
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "%s is named twice",
						  req->resources[i]);
		if ((st = prepare(t, req, req->resources[i], buffer, &w[i])))
			return st;
		if (w[i].have)
			heap[n++] = &w[i];
	}
	for (size_t i = n / 2; i-- > 0;)
		sift_down(heap, n, i);
	while (n) {
		walk *top = heap[0];
		if (cb(&top->next, arg))
			break;
		advance(top);
		if (!top->have)
			heap[0] = heap[--n];
		sift_down(heap, n, 0);
	}
	return txn_status(t);
}
