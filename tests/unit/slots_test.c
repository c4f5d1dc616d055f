/* slots_test.c - the slot grid (lib/slots-grid.c): the buffer example of
 * DECISIONS.md, the edges of notice, horizon and range, spans that meet,
 * and thousands of random calendars against a second, plain reading of
 * the rule written out here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slots.h"
#include "unit.h"

#define H(h, m) ((btime)(h) * 3600 + (m) * 60)

typedef struct {
	btime start, end;
	int64_t room;
} offer;

typedef struct {
	offer v[4096];
	size_t n;
} offers;

static int collect(void *ctx, btime start, btime end, int64_t room)
{
	offers *o = ctx;

	if (o->n < sizeof o->v / sizeof *o->v)
		o->v[o->n++] = (offer){start, end, room};
	return 0;
}

static int stop_at_second(void *ctx, btime start, btime end, int64_t room)
{
	offers *o = ctx;

	(void)start, (void)end, (void)room;
	return ++o->n == 2 ? 7 : 0;
}

typedef struct {
	btime start, end;
	int64_t quantity;
} claim;

/* The claims as avail_range gives them: one step a change of level. */
static size_t steps_of(const claim *c, size_t n, btime s, btime e,
		       avail_step *out)
{
	btime cut[2 * 64 + 2];
	size_t nc = 0, ns = 0;

	cut[nc++] = s;
	cut[nc++] = e;
	for (size_t i = 0; i < n; i++) {
		if (c[i].start > s && c[i].start < e)
			cut[nc++] = c[i].start;
		if (c[i].end > s && c[i].end < e)
			cut[nc++] = c[i].end;
	}
	for (size_t i = 1; i < nc; i++) /* insertion sort: few */
		for (size_t j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
			btime x = cut[j];
			cut[j] = cut[j - 1];
			cut[j - 1] = x;
		}
	for (size_t i = 0; i + 1 < nc; i++) {
		int64_t level = 0;
		if (cut[i] == cut[i + 1])
			continue;
		for (size_t k = 0; k < n; k++)
			if (c[k].start <= cut[i] && c[k].end > cut[i])
				level += c[k].quantity;
		out[ns++] = (avail_step){cut[i], cut[i + 1], 0, level};
	}
	return ns;
}

static void buffer_example(void)
{
	/* A 10:00-11:00 booking with a 15m buffer occupies 10:00-11:15. */
	claim c[] = {{H(10, 0), H(11, 15), 1}};
	slots_span open[] = {{H(8, 0), H(18, 0)}};
	avail_step st[8];
	size_t ns = steps_of(c, 1, H(0, 0), H(24, 0), st);
	slots_query q = {.open = open, .nopen = 1, .steps = st, .nsteps = ns,
			 .capacity = 1, .quantity = 1, .duration = H(1, 0),
			 .buffer = 15 * 60, .step = 15 * 60, .from = H(0, 0),
			 .to = H(24, 0), .earliest = 0, .latest = BTIME_NEVER};
	offers o = {.n = 0};
	int has915 = 0, has900 = 0, has1100 = 0, has1115 = 0, has845 = 0;

	slots_walk(&q, collect, &o);
	for (size_t i = 0; i < o.n; i++) {
		has845 |= o.v[i].start == H(8, 45);
		has900 |= o.v[i].start == H(9, 0);
		has915 |= o.v[i].start == H(9, 15);
		has1100 |= o.v[i].start == H(11, 0);
		has1115 |= o.v[i].start == H(11, 15);
	}
	CHECK(has845 && !has900 && !has915 && !has1100 && has1115,
	      "8:45 %d 9:00 %d 9:15 %d 11:00 %d 11:15 %d", has845, has900,
	      has915, has1100, has1115);
	/* The last start: 17:00, a 1h window ends at closing; its buffer may
	 * run past it. */
	CHECK(o.n && o.v[o.n - 1].start == H(17, 0), "last %lld",
	      (long long)o.v[o.n - 1].start);
	/* --all shows the full ones with 0. */
	q.all = 1;
	o.n = 0;
	slots_walk(&q, collect, &o);
	CHECK(o.n == 37 && o.v[4].start == H(9, 0) && o.v[4].room == 0,
	      "%zu offers", o.n);
}

static void edges(void)
{
	slots_span open[] = {{H(9, 0), H(12, 0)}, {H(12, 0), H(13, 0)},
			     {H(14, 0), H(15, 0)}};
	slots_query q = {.open = open, .nopen = 3, .capacity = 3,
			 .quantity = 1, .duration = H(2, 0), .step = H(1, 0),
			 .from = H(0, 0), .to = H(24, 0), .earliest = H(10, 0),
			 .latest = H(14, 0)};
	offers o = {.n = 0};

	slots_walk(&q, collect, &o);
	/* 10:00 (notice met exactly) and 11:00 (running on into the span
	 * that meets it); not 9:00 (notice), not 12:00 (past 13:00 into the
	 * break), not 14:00 (past closing). */
	CHECK(o.n == 2 && o.v[0].start == H(10, 0) &&
		      o.v[1].start == H(11, 0) && o.v[0].room == 3,
	      "%zu offers", o.n);
	/* The horizon exactly at a start allows it. */
	q.duration = H(1, 0);
	q.latest = H(14, 0);
	o.n = 0;
	slots_walk(&q, collect, &o);
	CHECK(o.n == 4 && o.v[2].start == H(12, 0) && o.v[3].start == H(14, 0),
	      "%zu offers", o.n);
	q.latest = H(14, 0) - 1;
	o.n = 0;
	slots_walk(&q, collect, &o);
	CHECK(o.n == 3, "%zu offers", o.n);
	/* The range's end is exclusive for starts. */
	q.latest = BTIME_NEVER;
	q.to = H(12, 0);
	o.n = 0;
	slots_walk(&q, collect, &o);
	CHECK(o.n == 2 && o.v[1].start == H(11, 0), "%zu offers", o.n);
	/* Grids are anchored at each span's start, not at midnight. */
	slots_span odd[] = {{H(9, 10), H(10, 0)}};
	q.open = odd;
	q.nopen = 1;
	q.from = 0;
	q.to = H(24, 0);
	q.earliest = 0;
	q.step = 15 * 60;
	q.duration = 15 * 60;
	o.n = 0;
	slots_walk(&q, collect, &o);
	CHECK(o.n == 3 && o.v[0].start == H(9, 10) && o.v[2].start == H(9, 40),
	      "%zu offers", o.n);
	/* A stop from the callback stops the walk, and is returned. */
	o.n = 0;
	CHECK(slots_walk(&q, stop_at_second, &o) == 7 && o.n == 2, "stop");
}

/* The rule, read a second way: every grid start of every span, held
 * against the claims directly. */
static size_t oracle(const slots_query *q, const claim *c, size_t nc,
		     offer *out)
{
	size_t n = 0;

	for (size_t i = 0; i < q->nopen; i++) {
		btime until = q->open[i].end;
		for (size_t j = i + 1;
		     j < q->nopen && q->open[j].start == until; j++)
			until = q->open[j].end;
		for (btime t = q->open[i].start; t < q->open[i].end;
		     t += q->step) {
			btime w = t + q->duration + q->buffer;
			int64_t top = 0;
			if (t < q->from || t < q->earliest || t >= q->to ||
			    t > q->latest || t + q->duration > until)
				continue;
			/* The level is highest at t or at some claim's start
			 * inside the window. */
			for (size_t k = 0; k <= nc; k++) {
				btime x = k == nc ? t : c[k].start;
				int64_t level = 0;
				if (x < t || x >= w)
					continue;
				for (size_t m = 0; m < nc; m++)
					if (c[m].start <= x && c[m].end > x)
						level += c[m].quantity;
				if (level > top)
					top = level;
			}
			int64_t room = q->capacity - top;
			if (room < 0)
				room = 0;
			if (room >= q->quantity || q->all)
				out[n++] = (offer){t, t + q->duration, room};
		}
	}
	return n;
}

static void random_calendars(void)
{
	static offer want[4096];
	unsigned seed = 20261203;

	for (int round = 0; round < 3000; round++) {
		slots_span open[6];
		claim c[12];
		avail_step st[64];
		size_t nopen = 0, nc = (size_t)(rand_r(&seed) % 12), ns, nw;
		btime at = (btime)(rand_r(&seed) % 8) * 900;
		offers o = {.n = 0};

		for (int i = 0; i < 6 && at < H(22, 0); i++) {
			btime len = (btime)(1 + rand_r(&seed) % 16) * 900;
			open[nopen++] = (slots_span){at, at + len};
			at += len + (rand_r(&seed) % 3 ? 0 : 1) *
					    (btime)(rand_r(&seed) % 8) * 900;
			if (at == open[nopen - 1].end && rand_r(&seed) % 2)
				at += 600; /* a gap off the grid */
		}
		for (size_t i = 0; i < nc; i++) {
			btime s = (btime)(rand_r(&seed) % 96) * 900 +
				  (rand_r(&seed) % 4 ? 0 : 300);
			c[i] = (claim){s, s + (btime)(1 + rand_r(&seed) % 12) * 600,
				       1 + rand_r(&seed) % 3};
		}
		ns = steps_of(c, nc, 0, H(30, 0), st);
		slots_query q = {
		    .open = open,
		    .nopen = nopen,
		    .steps = st,
		    .nsteps = ns,
		    .capacity = 1 + rand_r(&seed) % 4,
		    .quantity = 1 + rand_r(&seed) % 3,
		    .duration = (btime)(1 + rand_r(&seed) % 8) * 900,
		    .buffer = (btime)(rand_r(&seed) % 3) * 600,
		    .step = (btime)(1 + rand_r(&seed) % 4) * 900,
		    .from = (btime)(rand_r(&seed) % 12) * 900,
		    .to = H(24, 0) - (btime)(rand_r(&seed) % 12) * 900,
		    .earliest = (btime)(rand_r(&seed) % 40) * 450,
		    .latest = rand_r(&seed) % 2 ? BTIME_NEVER
						: H(12, 0) +
							  (btime)(rand_r(&seed) % 40) * 450,
		    .all = rand_r(&seed) % 4 == 0,
		};
		slots_walk(&q, collect, &o);
		nw = oracle(&q, c, nc, want);
		int same = nw == o.n;
		for (size_t i = 0; same && i < nw; i++)
			same = want[i].start == o.v[i].start &&
			       want[i].end == o.v[i].end &&
			       want[i].room == o.v[i].room;
		CHECK(same, "round %d: %zu offers, want %zu", round, o.n, nw);
		if (!same)
			break;
	}
}

int main(void)
{
	buffer_example();
	edges();
	random_calendars();
	printf("slots: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
