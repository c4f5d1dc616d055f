/* slots.c - berth slots: for each resource named, its open time (the
 * calendar, calendar-open.c), what is claimed over it (avail_range) and
 * the notice window (notice.c) make one grid walk (slots-grid.c); the
 * walks are merged by start, then by resource name, and each window is
 * handed on as it is found. The range is taken a week at a time, each
 * week's open ranges and levels in a scratch arena emptied for the next,
 * so memory grows with what one week holds, never with the range asked
 * or the windows given. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "service.h"
#include "slots.h"

/* The last instant a window or its buffer may reach: every time berth
 * keeps must print as a year up to 9999 in any zone (none is a day off
 * UTC), so the grid stops two days short of the end. */
#define SLOTS_LAST (TIME_LAST - 2 * 86400)

/* The stretch of starts whose open time and levels are held at once. */
#define SLOTS_CHUNK (7 * 86400)

typedef struct {
	berth_resource *r;
	slots_span *open;
	size_t nopen, cap;
	avail_step *steps;
	size_t nsteps;
	avail_seat_busy seats;
	slots_query q;
	btime from, to; /* the starts asked for, all weeks together */
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

/* Sets up what one resource's walk keeps for the whole range: the
 * resource, the window's shape, the notice and the starts asked for;
 * buffer -1: the resource's. */
static berth_status setup(berth_txn *t, const berth_slots_req *req,
			  const char *name, const char *service,
			  int64_t buffer, walk *w)
{
	btime from, to, earliest, latest;
	berth_status st;

	memset(w, 0, sizeof *w);
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
	w->from = from;
	w->to = to;
	/* A service's own notice and horizon bind the claims made for it
	 * (policy-service.c), so its slots start and end where they do. */
	notice_window(t, w->r->rid, service, &earliest, &latest);
	w->q.earliest = earliest;
	w->q.latest = latest;
	w->next.resource = w->r->name;
	w->next.zone = w->r->tz;
	return txn_status(t);
}

/* Starts the walk over the starts in [from, to), one week of the range,
 * with its open time and levels in t's arena of the moment. */
static berth_status fill(berth_txn *t, walk *w, btime from, btime to)
{
	btime midnight, reach;
	berth_status st;

	w->t = t;
	w->open = NULL;
	w->nopen = w->cap = 0;
	w->have = 0;
	w->q.from = from;
	w->q.to = to;
	/* The open ranges whole from the start of from's local day, so each
	 * grid starts where its range does, not where the question (or the
	 * week) does: no range runs across a local midnight, so every week
	 * sees the ranges, and grids, that the whole range would. */
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

/* Gives the windows of every walk starting in [lo, hi), merged. Returns
 * cb's first non-zero return, else 0. */
static int week(berth_txn *t, walk *w, size_t nw, walk **heap, btime lo,
		btime hi, berth_slot_cb cb, void *arg, berth_status *st)
{
	size_t n = 0;

	for (size_t i = 0; i < nw; i++) {
		btime from = w[i].from > lo ? w[i].from : lo;
		btime to = w[i].to < hi ? w[i].to : hi;
		if (to <= from)
			continue;
		if ((*st = fill(t, &w[i], from, to)))
			return 0;
		if (w[i].have)
			heap[n++] = &w[i];
	}
	for (size_t i = n / 2; i-- > 0;)
		sift_down(heap, n, i);
	while (n) {
		walk *top = heap[0];
		int rc;
		if ((rc = cb(&top->next, arg)))
			return rc;
		advance(top);
		if (!top->have)
			heap[0] = heap[--n];
		sift_down(heap, n, 0);
	}
	return 0;
}

berth_status berth_slots(berth_txn *t, const berth_slots_req *req,
			 berth_slot_cb cb, void *arg)
{
	berth_slots_req sreq;
	int64_t buffer = -1;
	walk *w, **heap;
	btime lo = BTIME_NEVER, hi = 0;
	arena *outer = t->a, *scratch;
	berth_status st = BERTH_OK;

	const char *service = req->service;

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
		if ((st = setup(t, req, req->resources[i], service, buffer,
				 &w[i])))
			return st;
		if (w[i].to > w[i].from) {
			if (w[i].from < lo)
				lo = w[i].from;
			if (w[i].to > hi)
				hi = w[i].to;
		}
	}
	if (lo >= hi)
		return txn_status(t);
	/* Each week's open time and levels go in a scratch arena, emptied
	 * before the next week's; the resources stay in the outer one, which
	 * alone the transaction's caches may point into. */
	if (!(scratch = arena_new()))
		return oom();
	t->a = scratch;
	for (btime at = lo; at < hi && !st; at += SLOTS_CHUNK) {
		btime end = hi - at > SLOTS_CHUNK ? at + SLOTS_CHUNK : hi;
		arena_reset(scratch);
		if (week(t, w, req->nresources, heap, at, end, cb, arg, &st))
			break;
	}
	if (arena_failed(scratch))
		arena_set_failed(outer);
	t->a = outer;
	arena_free(scratch);
	return st ? st : txn_status(t);
}
