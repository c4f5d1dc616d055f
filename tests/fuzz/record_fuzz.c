/* record_fuzz.c - libFuzzer harness for the record decoder (lib/record.c).
 *
 * The input is a stored value as the disk might hand it back, damaged in
 * any way. Both decoders read it: each must answer BERTH_OK or
 * BERTH_STORE_CORRUPT, never crash or read past the value. What decodes
 * must encode again and decode to the same fields, and encode to the same
 * bytes a second time (the encoding of a record is canonical). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_attrs(const berth_attrs *a, const berth_attrs *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!same_str(a->v[i].key, b->v[i].key) ||
		    !same_str(a->v[i].value, b->v[i].value))
			return 0;
	return 1;
}

static void same_claim(const berth_claim *a, const berth_claim *b)
{
	require(a->kind == b->kind);
	require(a->id == b->id);
	require(a->rid == b->rid);
	require(same_str(a->resource, b->resource));
	require(a->start == b->start);
	require(a->end == b->end);
	require(a->quantity == b->quantity);
	require(a->nseats == b->nseats);
	for (uint32_t i = 0; i < a->nseats; i++)
		require(a->seats[i] == b->seats[i]);
	require(same_str(a->customer, b->customer));
	require(a->status == b->status);
	require(a->payment_status == b->payment_status);
	require(a->payment_method == b->payment_method);
	require(same_str(a->payment_ref, b->payment_ref));
	require(a->link == b->link);
	require(a->series == b->series);
	require(a->version == b->version);
	require(a->reschedules == b->reschedules);
	require(same_attrs(&a->attrs, &b->attrs));
	require(a->created_at == b->created_at);
	require(a->updated_at == b->updated_at);
	require(a->expires_at == b->expires_at);
}

static void same_resource(const berth_resource *a, const berth_resource *b)
{
	require(a->rid == b->rid);
	require(same_str(a->name, b->name));
	require(a->capacity == b->capacity);
	require(a->seats == b->seats);
	require(same_str(a->tz, b->tz));
	require(a->buffer == b->buffer);
	require(a->slot == b->slot);
	require(same_str(a->location, b->location));
	require(same_attrs(&a->attrs, &b->attrs));
	require(a->created_at == b->created_at);
	require(a->updated_at == b->updated_at);
}

static void check_claim(const uint8_t *data, size_t size, arena *a)
{
	berth_claim c1, c2;
	wbuf w1 = {0}, w2 = {0};
	berth_status st = record_get_claim(data, size, a, &c1);

	if (st != BERTH_OK) {
		require(st == BERTH_STORE_CORRUPT);
		return;
	}
	require(c1.resource != NULL);
	require(c1.nseats == 0 || c1.seats != NULL);
	require(c1.attrs.n == 0 || c1.attrs.v != NULL);
	record_put_claim(&w1, &c1);
	require(!w1.oom);
	/* Only the kind byte may read differently: any value but a booking
	 * decodes as a hold. */
	require(w1.len == size && size >= 2);
	require(w1.p[0] == data[0] &&
		memcmp(w1.p + 2, data + 2, size - 2) == 0);
	require(record_get_claim(w1.p, w1.len, a, &c2) == BERTH_OK);
	same_claim(&c1, &c2);
	record_put_claim(&w2, &c2);
	require(!w2.oom && w2.len == w1.len);
	require(memcmp(w1.p, w2.p, w1.len) == 0);
	wb_free(&w1);
	wb_free(&w2);
}

static void check_resource(const uint8_t *data, size_t size, arena *a)
{
	berth_resource r1, r2;
	wbuf w1 = {0}, w2 = {0};
	berth_status st = record_get_resource(data, size, a, &r1);

	if (st != BERTH_OK) {
		require(st == BERTH_STORE_CORRUPT);
		return;
	}
	require(r1.name != NULL && r1.tz != NULL);
	require(r1.capacity >= 1);
	require(r1.attrs.n == 0 || r1.attrs.v != NULL);
	record_put_resource(&w1, &r1);
	require(!w1.oom);
	/* Every byte of a resource is significant. */
	require(w1.len == size && memcmp(w1.p, data, size) == 0);
	require(record_get_resource(w1.p, w1.len, a, &r2) == BERTH_OK);
	same_resource(&r1, &r2);
	record_put_resource(&w2, &r2);
	require(!w2.oom && w2.len == w1.len);
	require(memcmp(w1.p, w2.p, w1.len) == 0);
	wb_free(&w1);
	wb_free(&w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();

	if (!a)
		return 0;
	check_claim(data, size, a);
	arena_reset(a);
	check_resource(data, size, a);
	arena_free(a);
	return 0;
}
