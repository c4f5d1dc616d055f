/* misfit.h - which claims a resource no longer has room for (misfit.c):
 * the parts `resource set` and `check` share. */
#ifndef BERTH_MISFIT_H
#define BERTH_MISFIT_H

#include "internal.h"

typedef struct {
	claim_kind kind;
	uint64_t id;
	btime start, end;
	int64_t quantity;
	int rank; /* who keeps its place first: 0 confirmed, 1 pending, 2 hold
		   */
	int out;  /* does not fit */
} misfit_item;

/* Whether a claim's span is held to the resource as it is now: its time
 * is not up and its window has not ended. */
int misfit_counts(const span_entry *s, btime now);
void misfit_item_of(const span_entry *s, misfit_item *out);
/* Sorts by claim (bookings, then holds, each by id), the order misfit_find
 * needs and the order they are listed in. */
void misfit_sort(misfit_item *v, size_t n);
misfit_item *misfit_find(misfit_item *v, size_t n, claim_kind kind,
			 uint64_t id);
/* Sets `out` on the items that do not fit `capacity`, those set already
 * (a seat beyond the last) put aside first. Leaves v sorted by claim.
 * 0, or -1 when memory ran out. */
/* Sets `out` on the live claims holding a seat beyond r's last one, as
 * the seat index says from the first seat too many on. Damage fails the
 * transaction, unless `scratch` is given: check reads past it, decoding
 * into scratch, since it reports damage where the seat table is walked. */
void misfit_beyond_seats(berth_txn *t, const berth_resource *r,
			 misfit_item *v, size_t n, arena *scratch);
int misfit_fit(misfit_item *v, size_t n, int64_t capacity);

#endif
