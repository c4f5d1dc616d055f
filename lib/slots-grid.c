/* slots-grid.c - the windows a booking could take on one resource: starts
 * on the slot grid of each open range, each window held against what is
 * already claimed. The calendar says when the resource is open, the
 * capacity accounting what is claimed when (avail_range); this file only
 * walks the grid, so it knows neither the store nor the calendar's rules.
 *
 * The grid steps in elapsed time from the start of each open range, so a
 * day whose clock skips an hour offers no start in the gap, and a day
 * whose clock repeats an hour offers each real instant once: nothing is
 * lost or doubled in UTC. One pass over the starts and one over the steps,
 * both in order: the cost is the number of candidates plus the number of
 * changes of level, whatever the range. */
#include <string.h>

#include "slots.h"

/* The end of the open time that runs on from span i without a break. */
static btime open_until(const slots_query *q, size_t i)
{
	btime end = q->open[i].end;

	while (++i < q->nopen && q->open[i].start <= end)
		if (q->open[i].end > end)
			end = q->open[i].end;
	return end;
}

/* The first start of span i's grid at or after `at`. */
static btime first_on_grid(btime start, int64_t step, btime at)
{
	if (at <= start)
		return start;
	return start + (at - start + step - 1) / step * step;
}

/* Moves *i to the step in force at t (steps are in order and t only
 * grows) and returns the highest level over [t, end). */
static int64_t peak(const slots_query *q, size_t *i, btime t, btime end)
{
	int64_t top = 0;

	while (*i < q->nsteps && q->steps[*i].end <= t)
		(*i)++;
	for (size_t j = *i; j < q->nsteps && q->steps[j].start < end; j++) {
		int64_t level = q->steps[j].held + q->steps[j].booked;
		if (level > top)
			top = level;
	}
	return top;
}

/* The seats taken somewhere in the window starting at t (t only grows). */
static int64_t seats_taken(const avail_seat_busy *b, slots_iter *it, btime t)
{
	while (it->on < b->n && b->on[it->on] <= t)
		it->on++;
	while (it->off < b->n && b->off[it->off] <= t)
		it->off++;
	return (int64_t)(it->on - it->off);
}

void slots_begin(slots_iter *it, const slots_query *q)
{
	memset(it, 0, sizeof *it);
	it->q = q;
	it->step = q->step > 0 ? q->step : SLOTS_STEP_DEFAULT;
	it->lo = q->from > q->earliest ? q->from : q->earliest;
	it->fresh = 1;
}

int slots_next(slots_iter *it, btime *start, btime *end, int64_t *room)
{
	const slots_query *q = it->q;

	if (q->duration <= 0 || q->quantity <= 0)
		return 0;
	for (;;) {
		int64_t left;
		btime t;
		if (it->fresh) {
			if (it->span >= q->nopen)
				return 0;
			it->until = open_until(q, it->span);
			it->t = first_on_grid(q->open[it->span].start, it->step,
					      it->lo);
			it->fresh = 0;
		} else {
			it->t += it->step;
		}
		t = it->t;
		if (t >= q->open[it->span].end || t >= q->to || t > q->latest ||
		    t + q->duration > it->until) {
			it->span++; /* this span's grid is done */
			it->fresh = 1;
			continue;
		}
		left = q->capacity -
		       peak(q, &it->si, t, t + q->duration + q->buffer);
		if (q->seats) {
			int64_t free_all_through =
			    q->capacity - seats_taken(q->seats, it, t);
			if (free_all_through < left)
				left = free_all_through;
		}
		if (left < 0)
			left = 0;
		if (left < q->quantity && !q->all)
			continue;
		*start = t;
		*end = t + q->duration;
		*room = left;
		return 1;
	}
}

int slots_walk(const slots_query *q, slots_fn fn, void *ctx)
{
	slots_iter it;
	btime s, e;
	int64_t room;
	int rc;

	slots_begin(&it, q);
	while (slots_next(&it, &s, &e, &room))
		if ((rc = fn(ctx, s, e, room)))
			return rc;
	return 0;
}
