/* record_seeds.c - writes the seed corpus of record_fuzz: claims and
 * resources encoded by the real record_put_*, plus a few damaged ones.
 * Not part of any build; to regenerate the seeds:
 *   make && cc -Ilib -o /tmp/record_seeds tests/fuzz/record_seeds.c \
 *	build/libberth.a && /tmp/record_seeds tests/fuzz/corpus/record_fuzz */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static const char *dir;

static void save(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")) || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void save_claim(const char *name, const berth_claim *c)
{
	wbuf w = {0};

	record_put_claim(&w, c);
	save(name, w.p, w.len);
	wb_free(&w);
}

static void save_resource(const char *name, const berth_resource *r)
{
	wbuf w = {0};

	record_put_resource(&w, r);
	save(name, w.p, w.len);
	wb_free(&w);
}

int main(int argc, char **argv)
{
	static uint32_t seats[] = {3, 4, 7};
	static berth_attr attrs[] = {{"note", "window seat"}, {"src", "web"}};
	berth_claim hold = {
	    .kind = CLAIM_HOLD,
	    .id = 12,
	    .rid = 1,
	    .resource = "stylist",
	    .start = 1781082000,
	    .end = 1781084700,
	    .quantity = 1,
	    .status = HOLD_ACTIVE,
	    .created_at = 1781000000,
	    .updated_at = 1781000000,
	    .expires_at = 1781000900,
	};
	berth_claim booking = {
	    .kind = CLAIM_BOOKING,
	    .id = 7,
	    .rid = 3,
	    .resource = "concert",
	    .start = 1781546400,
	    .end = 1781557200,
	    .quantity = 3,
	    .nseats = 3,
	    .seats = seats,
	    .customer = "ada@example.org",
	    .status = BOOKING_CONFIRMED,
	    .payment_status = PAY_PAID,
	    .payment_method = METHOD_ONLINE,
	    .payment_ref = "pi_123",
	    .link = 12,
	    .version = 2,
	    .reschedules = 1,
	    .attrs = {2, attrs},
	    .created_at = 1781000000,
	    .updated_at = 1781000500,
	    .expires_at = BTIME_NEVER,
	};
	berth_resource res = {
	    .rid = 1,
	    .name = "stylist",
	    .capacity = 1,
	    .tz = "Europe/Paris",
	    .buffer = 900,
	    .slot = 2700,
	    .created_at = 1781000000,
	    .updated_at = 1781000000,
	};
	berth_resource seated = {
	    .rid = 3,
	    .name = "concert",
	    .capacity = 500,
	    .seats = 500,
	    .tz = "Asia/Kathmandu",
	    .location = "Hall A",
	    .attrs = {2, attrs},
	    .created_at = 1781000000,
	    .updated_at = 1781000600,
	};
	wbuf w = {0};

	if (argc != 2) {
		fprintf(stderr, "usage: record_seeds DIR\n");
		return 2;
	}
	dir = argv[1];

	save_claim("claim-hold", &hold);
	save_claim("claim-booking-seats-attrs", &booking);
	booking.status = BOOKING_PENDING;
	booking.payment_status = PAY_PENDING;
	booking.payment_method = METHOD_ON_ARRIVAL;
	booking.payment_ref = "";
	booking.customer = NULL;
	booking.nseats = 0;
	booking.seats = NULL;
	booking.attrs.n = 0;
	save_claim("claim-booking-pending-null-customer", &booking);
	hold.status = HOLD_EXPIRED;
	hold.resource = "";
	hold.start = 0;
	hold.end = 253402300799;
	save_claim("claim-hold-extremes", &hold);
	save_resource("resource", &res);
	save_resource("resource-seated-attrs", &seated);
	seated.location = "";
	seated.attrs.n = 0;
	seated.capacity = BERTH_CAPACITY_MAX;
	save_resource("resource-empty-location", &seated);

	/* Damaged: the decoder must refuse these with STORE_CORRUPT. */
	record_put_claim(&w, &hold);
	w.p[0] = RECORD_VERSION + 1;
	save("claim-bad-version", w.p, w.len);
	w.p[0] = RECORD_VERSION;
	save("claim-truncated", w.p, w.len - 3);
	wb_u8(&w, 0);
	save("claim-trailing-byte", w.p, w.len);
	w.len = 0;
	record_put_resource(&w, &res);
	w.p[5 + 3] = 0xff; /* the name's length, far past the end */
	save("resource-long-string", w.p, w.len);
	w.p[5 + 3] = (uint8_t)strlen(res.name);
	w.p[5 + 4 + 1] = '\0'; /* a NUL inside the name */
	save("resource-nul-in-name", w.p, w.len);
	wb_free(&w);
	save("empty", "", 0);
	return 0;
}
