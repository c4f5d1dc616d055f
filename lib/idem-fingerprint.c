/* idem-fingerprint.c - the one encoding of a request that an idempotency
 * key remembers, for every verb that takes a key. It is taken over the
 * request as resolved (see idem_request in internal.h), so that every
 * spelling of one request has one fingerprint: the same seats in another
 * order, attributes in another order, a default spelled out, a time in Z
 * or as the same local time. Every field is written for every verb, in one
 * layout, so two verbs never share a fingerprint. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int by_seat(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int by_attr(const void *a, const void *b)
{
	const berth_attr *x = *(berth_attr *const *)a;
	const berth_attr *y = *(berth_attr *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value, y->value);
}

static void put_seats(wbuf *w, const uint32_t *seats, uint32_t n)
{
	uint32_t *sorted;

	wb_u32(w, n);
	if (!n)
		return;
	if (!(sorted = malloc(n * sizeof *sorted))) {
		w->oom = 1;
		return;
	}
	memcpy(sorted, seats, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, by_seat);
	for (uint32_t i = 0; i < n; i++)
		wb_u32(w, sorted[i]);
	free(sorted);
}

static void put_attrs(wbuf *w, const berth_attrs *a)
{
	size_t n = a ? a->n : 0;
	const berth_attr **sorted;

	wb_u32(w, (uint32_t)n);
	if (!n)
		return;
	if (!(sorted = malloc(n * sizeof *sorted))) {
		w->oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = &a->v[i];
	qsort(sorted, n, sizeof *sorted, by_attr);
	for (size_t i = 0; i < n; i++) {
		wb_str(w, sorted[i]->key);
		wb_str(w, sorted[i]->value);
	}
	free(sorted);
}

void idem_fingerprint(wbuf *w, const idem_request *r)
{
	wb_str(w, r->verb);
	/* lock, book */
	wb_u32(w, r->rid);
	wb_i64(w, r->start);
	wb_i64(w, r->end);
	wb_i64(w, r->quantity);
	put_seats(w, r->seats, r->nseats);
	wb_i64(w, r->ttl);
	wb_str(w, r->customer);
	wb_u8(w, (uint8_t)!!r->pending);
	put_attrs(w, r->attrs);
	/* confirm, cancel, pay */
	wb_u8(w, (uint8_t)r->target_kind);
	wb_u64(w, r->target);
	wb_i64(w, r->payment);
	wb_str(w, r->ref);
	wb_str(w, r->reason);
	/* Only a request with a service has these, so every fingerprint a
	 * key stored before services is still the one its request makes. */
	if (r->service) {
		wb_str(w, r->service);
		wb_str(w, r->location);
		wb_i64(w, r->buffer);
	}
	/* The same for a payment method: only a request that names one. */
	if (r->payment_method) {
		wb_u8(w, 'm');
		wb_u8(w, (uint8_t)r->payment_method);
	}
	/* And for pay --amount: only a request that gives one. */
	if (r->has_amount) {
		wb_u8(w, 'a');
		wb_i64(w, r->amount);
	}
}
