/* slots.h - the windows a booking could take (slots-grid.c): the part of
 * `berth slots` that walks one resource's grid. */
#ifndef BERTH_SLOTS_H
#define BERTH_SLOTS_H

#include "avail.h"

/* The grid step when a resource names none. */
#define SLOTS_STEP_DEFAULT (15 * 60)

typedef struct {
	btime start, end;
} slots_span;

typedef struct {
	/* When the resource is open, in order, neither overlapping nor
	 * empty; spans that meet are one open time for a window (a booking
	 * may run across them), each still the start of its own grid. */
	const slots_span *open;
	size_t nopen;
	/* What is claimed, as avail_range gives it: in order, covering at
	 * least [from, to + duration + buffer); level 0 outside them. */
	const avail_step *steps;
	size_t nsteps;
	int64_t capacity, quantity;
	/* The window's length, the time kept free after it, the grid step. */
	int64_t duration, buffer, step;
	/* Starts are offered in [from, to) and in [earliest, latest]: the
	 * notice and the horizon are met exactly at their edges (BTIME_NEVER
	 * for no horizon). */
	btime from, to, earliest, latest;
	int all; /* offer full windows too, with the room left (0) */
	/* A seated resource: when its seats are taken (avail_seats_busy,
	 * for windows of duration + buffer), so that a window offers the
	 * seats free all through it; NULL for units. */
	const avail_seat_busy *seats;
} slots_query;

/* The windows one at a time, in order of start: slots_next gives the
 * next one's start, end and units free (1), or 0 when there are no more.
 * What the query points at must outlive the walk. */
typedef struct {
	const slots_query *q;
	size_t span, si;
	size_t on, off; /* in q->seats */
	int64_t step;
	btime lo, t, until;
	int fresh; /* at the start of span's grid */
} slots_iter;
void slots_begin(slots_iter *it, const slots_query *q);
int slots_next(slots_iter *it, btime *start, btime *end, int64_t *room);

/* Calls fn for each window in order of start: its start and end and the
 * units free over all of it and its buffer. Stops at fn's first non-zero
 * return and returns it; 0 when every window was offered. */
typedef int (*slots_fn)(void *ctx, btime start, btime end, int64_t room);
int slots_walk(const slots_query *q, slots_fn fn, void *ctx);

#endif
