/* key_test.c - key encoding sorts as the numbers it holds, and records
 * decode what was encoded, refusing damaged bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "key.h"
#include "internal.h"
#include "unit.h"

static int cmp(const keybuf *a, const keybuf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->b, b->b, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static void time_order(void)
{
	static const int64_t v[] = {INT64_MIN, -86400, -1, 0, 1, 1781546400,
				    INT64_MAX - 1, INT64_MAX};
	size_t n = sizeof v / sizeof v[0];

	for (size_t i = 0; i < n; i++) {
		keybuf a;
		key_reset(&a);
		key_time(&a, v[i]);
		CHECK(a.len == 8);
		CHECK(key_read_time(a.b) == v[i]);
		for (size_t j = 0; j < n; j++) {
			keybuf b;
			key_reset(&b);
			key_time(&b, v[j]);
			CHECK((cmp(&a, &b) < 0) == (v[i] < v[j]));
		}
	}
}

static void composite_order(void)
{
	keybuf a, b;

	/* rid first, then time: all of resource 1 sorts before resource 2. */
	key_reset(&a);
	key_u32(&a, 1);
	key_time(&a, INT64_MAX);
	key_reset(&b);
	key_u32(&b, 2);
	key_time(&b, INT64_MIN);
	CHECK(cmp(&a, &b) < 0);
	CHECK(key_read_u32(a.b) == 1 && key_read_u32(b.b) == 2);

	key_reset(&a);
	key_u64(&a, 255);
	key_reset(&b);
	key_u64(&b, 256);
	CHECK(cmp(&a, &b) < 0);
	CHECK(key_read_u64(b.b) == 256);

	/* Strings end in NUL: "ab" < "abc", and "ab" then a number never
	 * collides with "ab" + more text. */
	key_reset(&a);
	key_str(&a, "ab");
	key_u32(&a, 0xffffffff);
	key_reset(&b);
	key_str(&b, "abc");
	CHECK(cmp(&a, &b) < 0);
	CHECK(a.len == 7);
}

static void overflow(void)
{
	char big[KEY_MAX + 10];
	keybuf k;

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	key_reset(&k);
	key_str(&k, big);
	CHECK(k.overflow);
	CHECK(k.len == 0);
	key_reset(&k);
	for (int i = 0; i < KEY_MAX / 8; i++)
		key_u64(&k, (uint64_t)i);
	CHECK(!k.overflow);
	key_u64(&k, 1);
	CHECK(k.overflow);
}

static void claim_round_trip(void)
{
	arena *a = arena_new();
	uint32_t seats[] = {3, 4};
	berth_attr at[] = {{"room", "blue"}, {"note", "a,b=\"c\""}};
	berth_claim c = {.kind = CLAIM_BOOKING, .id = 42, .rid = 7,
			 .resource = "concert", .start = 1781546400,
			 .end = 1781557200, .quantity = 2, .nseats = 2,
			 .seats = seats, .customer = "alice",
			 .status = BOOKING_CONFIRMED, .payment_status = PAY_PAID,
			 .payment_ref = "card-1", .link = 9, .version = 3,
			 .attrs = {2, at}, .created_at = 1, .updated_at = 2,
			 .expires_at = INT64_MAX};
	berth_claim d;
	wbuf w = {0};
	char why[160];

	schema_put_claim(&w, &c);
	CHECK(!w.oom);
	CHECK(schema_get_claim(w.p, w.len, a, &d, why, sizeof why) == 0);
	CHECK(d.id == 42 && d.rid == 7 && d.kind == CLAIM_BOOKING);
	CHECK(strcmp(d.resource, "concert") == 0);
	CHECK(d.nseats == 2 && d.seats[0] == 3 && d.seats[1] == 4);
	CHECK(strcmp(d.customer, "alice") == 0);
	CHECK(strcmp(d.payment_ref, "card-1") == 0);
	CHECK(d.attrs.n == 2 && strcmp(d.attrs.v[1].value, "a,b=\"c\"") == 0);
	CHECK(d.expires_at == INT64_MAX && d.version == 3);

	/* Every truncation and a flipped version byte are damage, never a
	 * crash or a half-read record. */
	for (size_t n = 0; n < w.len; n++) {
		arena_reset(a);
		CHECK(schema_get_claim(w.p, n, a, &d, why, sizeof why) == -1);
	}
	w.p[0] ^= 0xff;
	CHECK(schema_get_claim(w.p, w.len, a, &d, why, sizeof why) == -1);
	w.p[0] ^= 0xff;
	/* A huge string length inside. */
	memset(w.p + 14, 0x7f, 4);
	CHECK(schema_get_claim(w.p, w.len, a, &d, why, sizeof why) == -1);
	wb_free(&w);
	arena_free(a);
}

int main(void)
{
	time_order();
	composite_order();
	overflow();
	claim_round_trip();
	printf("key: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
