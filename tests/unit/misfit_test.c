/* misfit_test.c - misfit_fit (lib/misfit.c) against the plain way of
 * deciding who fits: admit the claims one by one, in the order they keep
 * their place, each checked at every instant of its window. Small cases
 * by hand, then many random ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "misfit.h"
#include "unit.h"

static misfit_item item(claim_kind kind, uint64_t id, btime s, btime e,
			int64_t q, int rank)
{
	return (misfit_item){kind, id, s, e, q, rank, 0};
}

/* The out flags, in the order misfit_fit leaves them (by claim), as a
 * string of ids: "b2 h1". */
static void outs(const misfit_item *v, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].out)
			len += (size_t)snprintf(
			    buf + len, size - len, "%s%c%llu", len ? " " : "",
			    v[i].kind == CLAIM_HOLD ? 'h' : 'b',
			    (unsigned long long)v[i].id);
}

static void by_hand(void)
{
	char got[256];

	/* three of one at once, room for one: the first booked stays */
	misfit_item a[] = {
	    item(CLAIM_BOOKING, 3, 0, 10, 1, 0),
	    item(CLAIM_BOOKING, 1, 0, 10, 1, 0),
	    item(CLAIM_BOOKING, 2, 5, 15, 1, 0),
	};
	CHECK(misfit_fit(a, 3, 1) == 0);
	outs(a, 3, got, sizeof got);
	CHECK(strcmp(got, "b2 b3") == 0);

	/* half-open windows: one ending as another starts do not meet */
	misfit_item b[] = {
	    item(CLAIM_BOOKING, 1, 0, 10, 1, 0),
	    item(CLAIM_BOOKING, 2, 10, 20, 1, 0),
	};
	CHECK(misfit_fit(b, 2, 1) == 0);
	outs(b, 2, got, sizeof got);
	CHECK(strcmp(got, "") == 0);

	/* confirmed before pending before holds, whatever the ids say */
	misfit_item c[] = {
	    item(CLAIM_HOLD, 1, 0, 10, 1, 2),
	    item(CLAIM_BOOKING, 1, 0, 10, 1, 1),
	    item(CLAIM_BOOKING, 2, 0, 10, 1, 0),
	};
	CHECK(misfit_fit(c, 3, 2) == 0);
	outs(c, 3, got, sizeof got);
	CHECK(strcmp(got, "h1") == 0);

	/* one too big alone never fits; smaller ones after it still do */
	misfit_item d[] = {
	    item(CLAIM_BOOKING, 1, 0, 10, 5, 0),
	    item(CLAIM_BOOKING, 2, 0, 10, 2, 0),
	};
	CHECK(misfit_fit(d, 2, 3) == 0);
	outs(d, 2, got, sizeof got);
	CHECK(strcmp(got, "b1") == 0);

	/* one set aside already (a seat beyond the last) makes room */
	misfit_item e[] = {
	    item(CLAIM_BOOKING, 1, 0, 10, 1, 0),
	    item(CLAIM_BOOKING, 2, 0, 10, 1, 0),
	};
	e[0].out = 1;
	CHECK(misfit_fit(e, 2, 1) == 0);
	outs(e, 2, got, sizeof got);
	CHECK(strcmp(got, "b1") == 0);

	CHECK(misfit_fit(NULL, 0, 1) == 0);
}

/* The plain way: every claim admitted so far, summed at each instant
 * where one starts (the level only rises there). */
static void plain(misfit_item *v, size_t n, int64_t capacity, int *out)
{
	size_t *order = malloc(n * sizeof *order);
	int *in = calloc(n, sizeof *in);

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* by rank, then id: a simple insertion sort */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const misfit_item *x = &v[order[j - 1]],
					  *y = &v[order[j]];
			if (x->rank < y->rank ||
			    (x->rank == y->rank && x->id <= y->id))
				break;
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t oi = 0; oi < n; oi++) {
		size_t i = order[oi];
		int fits = 1;
		out[i] = v[i].out;
		if (v[i].out)
			continue;
		/* The instants where the level can peak inside i's window:
		 * its start and every admitted start within it. */
		for (size_t p = 0; p <= n && fits; p++) {
			btime at = p == n ? v[i].start : v[p].start;
			int64_t level = v[i].quantity;
			if (p < n &&
			    (!in[p] || at < v[i].start || at >= v[i].end))
				continue;
			for (size_t j = 0; j < n; j++)
				if (in[j] && v[j].start <= at && at < v[j].end)
					level += v[j].quantity;
			if (level > capacity)
				fits = 0;
		}
		if (fits)
			in[i] = 1;
		else
			out[i] = 1;
	}
	free(order);
	free(in);
}

static void random_cases(void)
{
	srand(15);
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + (size_t)rand() % 30;
		int64_t capacity = 1 + rand() % 6;
		misfit_item *v = malloc(n * sizeof *v);
		int *want = malloc(n * sizeof *want);
		int same = 1;

		for (size_t i = 0; i < n; i++) {
			btime s = rand() % 40;
			int kind = rand() % 3 == 0;
			v[i] = item(kind ? CLAIM_HOLD : CLAIM_BOOKING, i + 1, s,
				    s + 1 + rand() % 12, 1 + rand() % 4,
				    kind ? 2 : rand() % 2);
			v[i].out = rand() % 10 == 0;
		}
		/* both see the items in the same order: by claim */
		misfit_sort(v, n);
		plain(v, n, capacity, want);
		if (misfit_fit(v, n, capacity)) {
			failed++;
			break;
		}
		for (size_t i = 0; i < n; i++)
			same &= v[i].out == want[i];
		CHECK(same);
		free(v);
		free(want);
	}
}

static void find(void)
{
	misfit_item v[] = {
	    item(CLAIM_HOLD, 2, 0, 1, 1, 2),
	    item(CLAIM_BOOKING, 7, 0, 1, 1, 0),
	    item(CLAIM_BOOKING, 2, 0, 1, 1, 0),
	};
	misfit_sort(v, 3);
	CHECK(v[0].kind == CLAIM_BOOKING && v[0].id == 2);
	CHECK(v[2].kind == CLAIM_HOLD);
	CHECK(misfit_find(v, 3, CLAIM_HOLD, 2) == &v[2]);
	CHECK(misfit_find(v, 3, CLAIM_BOOKING, 7) == &v[1]);
	CHECK(misfit_find(v, 3, CLAIM_HOLD, 7) == NULL);
	CHECK(misfit_find(v, 0, CLAIM_HOLD, 2) == NULL);
}

int main(void)
{
	by_hand();
	find();
	random_cases();
	printf("misfit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
