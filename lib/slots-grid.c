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

int slots_walk(const slots_query *q, slots_fn fn, void *ctx)
{
	btime lo = q->from > q->earliest ? q->from : q->earliest;
	int64_t step = q->step > 0 ? q->step : SLOTS_STEP_DEFAULT;
	size_t si = 0;

	if (q->duration <= 0 || q->quantity <= 0)
		return 0;
	for (size_t i = 0; i < q->nopen; i++) {
		btime until = open_until(q, i);
		for (btime t = first_on_grid(q->open[i].start, step, lo);
		     t < q->open[i].end && t < q->to && t <= q->latest &&
		     t + q->duration <= until;
		     t += step) {
			int64_t room;
			int rc;
			room = q->capacity -
			       peak(q, &si, t, t + q->duration + q->buffer);
			if (room < 0)
				room = 0;
			if (room < q->quantity && !q->all)
				continue;
			if ((rc = fn(ctx, t, t + q->duration, room)))
				return rc;
		}
	}
	return 0;
}
