/* record_seeds.c - writes the seed corpus of record_fuzz: one good entry
 * of every table, encoded by the real codecs and framed as the harness
 * reads its input (table byte, key length, key, value), plus format-1
 * records. Not part of any build; to regenerate the seeds:
 *   make && cc -Ilib -o /tmp/record_seeds tests/fuzz/record_seeds.c \
 *	build/libberth.a && /tmp/record_seeds tests/fuzz/corpus/record_fuzz */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *dir;

static void save(const char *name, uint8_t tb, const keybuf *k, const void *v,
		 size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")) || fputc(tb, f) == EOF ||
	    fputc((int)k->len, f) == EOF ||
	    fwrite(k->b, 1, k->len, f) != k->len || fwrite(v, 1, n, f) != n ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void entry(const char *name, store_table tb, const void *e)
{
	keybuf k;
	wbuf v = {0};

	schema_encode(tb, e, &k, &v);
	save(name, (uint8_t)tb, &k, v.p, v.len);
	wb_free(&v);
}

int main(int argc, char **argv)
{
	static uint32_t seats[] = {3, 4, 7};
	static berth_attr attrs[] = {{"note", "window seat"}, {"src", "web"}};
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
	wbuf body = {0};
	keybuf k;
	uint8_t bare[8];

	if (argc != 2) {
		fprintf(stderr, "usage: record_seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	schema_put_claim(&body, &booking);

	entry("booking", T_BOOKING, &(claim_entry){CLAIM_BOOKING, 7, booking});
	booking.kind = CLAIM_HOLD;
	booking.id = 12;
	booking.status = HOLD_ACTIVE;
	booking.expires_at = 1781000900;
	entry("hold", T_HOLD, &(claim_entry){CLAIM_HOLD, 12, booking});
	entry("resource", T_RESOURCE, &(resource_entry){"concert", res});
	entry("resid", T_RESID, &(resid_entry){3, "concert"});
	entry("span", T_SPAN,
	      &(span_entry){3, 1781546400, CLAIM_BOOKING, 7, 1781557200, 3,
			    BTIME_NEVER});
	entry("profile", T_PROFILE, &(profile_entry){3, 1781546400, 3, 3});
	entry("seat", T_SEAT,
	      &(seat_entry){3, 4, 1781546400, CLAIM_HOLD, 12, 1781557200,
			    1781000900});
	entry("expiry", T_EXPIRY,
	      &(expiry_entry){3, 1781000900, CLAIM_HOLD, 12, 1781546400,
			      1781557200, 3});
	entry("due", T_DUE, &(due_entry){1781000900, 3, CLAIM_HOLD, 12});
	entry("byres", T_BYRES, &(byres_entry){3, 1781546400, CLAIM_HOLD, 12});
	entry("policy", T_POLICY, &(policy_entry){3, "hold_ttl", 600});
	entry("audit_by", T_AUDIT_BY, &(audit_by_entry){"b7", 41});
	entry("idem", T_IDEM,
	      &(idem_entry){.key = "order-77",
			    .request = (uint8_t *)"book",
			    .request_len = 4,
			    .result_bytes = body.p,
			    .result_len = body.len});
	{
		audit_entry au = {.seq = 41,
				  .type = ENT_CLAIM,
				  .idem_key = "order-77",
				  .after = body.p,
				  .after_len = body.len};
		au.a.at = 1781000500;
		au.a.actor = "ann";
		au.a.role = ROLE_STAFF;
		au.a.source = "ann@desk pid 9";
		au.a.action = "booking.created";
		au.a.entity = "b7";
		entry("audit", T_AUDIT, &au);
	}
	/* Format 1: bare values (its claim records are in the corpus as
	 * v1-booking, taken from tests/fixtures/v1/store.mdb). */
	policy_key(&k, 0, "hold_ttl");
	be_put(bare, 900, 8);
	save("v1-policy", 0x80 | T_POLICY, &k, bare, 8);
	rid_key(&k, 3);
	save("v1-resid", 0x80 | T_RESID, &k, "concert", 7);
	wb_free(&body);
	return 0;
}
