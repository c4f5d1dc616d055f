/* schema_test.c - every table's codec: what is encoded decodes to the same
 * fields; every value cut short, lengthened or with any one bit flipped is
 * refused; numbers out of range are refused even under a good seal (a
 * forgery, or a buggy writer); format 1's records still read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"
#include "unit.h"

static arena *A;

/* The hash chain_is_pinned's record has had since format 4. */
#define CHAIN_PINNED "a9d1a3755dcbf47f125da5de08cf5f657c0d437942d1538f34a633bc74d10db7"


/* Encodes e for table tb into k and v (v owns its bytes). */
static void encode(store_table tb, const void *e, keybuf *k, wbuf *v)
{
	memset(v, 0, sizeof *v);
	schema_encode(tb, e, k, v);
}

static int decode(store_table tb, const keybuf *k, const uint8_t *v, size_t n,
		  void *out)
{
	char why[160];
	sval kv = {k->b, k->len}, vv = {v, n};

	arena_reset(A);
	return schema_decode(tb, FORMAT_CURRENT, kv, vv, A, out, why,
			     sizeof why);
}

/* The value of e, and every way of damaging one byte or its length: all
 * refused. Returns the number of damaged forms that decoded (0 wanted). */
static int damage_all(store_table tb, const void *e)
{
	any_entry out;
	keybuf k;
	wbuf v;
	int slipped = 0;

	encode(tb, e, &k, &v);
	CHECK(decode(tb, &k, v.p, v.len, &out) == 0);
	for (size_t n = 0; n < v.len; n++)
		slipped += decode(tb, &k, v.p, n, &out) == 0;
	{
		uint8_t *longer = malloc(v.len + 1);
		memcpy(longer, v.p, v.len);
		longer[v.len] = 0;
		slipped += decode(tb, &k, longer, v.len + 1, &out) == 0;
		free(longer);
	}
	for (size_t i = 0; i < v.len; i++)
		for (int bit = 0; bit < 8; bit++) {
			v.p[i] ^= (uint8_t)(1u << bit);
			slipped += decode(tb, &k, v.p, v.len, &out) == 0;
			v.p[i] ^= (uint8_t)(1u << bit);
		}
	/* A flipped key byte too: the seal covers the key. */
	for (size_t i = 0; i < k.len; i++) {
		k.b[i] ^= 0x10;
		slipped += decode(tb, &k, v.p, v.len, &out) == 0;
		k.b[i] ^= 0x10;
	}
	wb_free(&v);
	return slipped;
}

/* e encoded, then decoded under a good seal: 0 when it decodes. Lets a
 * test forge a value a buggy writer would have sealed. */
static int forged(store_table tb, const void *e)
{
	any_entry out;
	keybuf k;
	wbuf v;
	int rc;

	encode(tb, e, &k, &v);
	rc = decode(tb, &k, v.p, v.len, &out);
	wb_free(&v);
	return rc;
}

static berth_claim sample_claim(void)
{
	static uint32_t seats[] = {3, 4};
	static berth_attr at[] = {{"room", "blue"}};
	berth_claim c = {.kind = CLAIM_BOOKING,
			 .id = 42,
			 .rid = 7,
			 .resource = "concert",
			 .start = 1781546400,
			 .end = 1781557200,
			 .quantity = 2,
			 .nseats = 2,
			 .seats = seats,
			 .customer = "alice",
			 .status = BOOKING_PENDING,
			 .payment_status = PAY_PAID,
			 .payment_ref = "card-1",
			 .link = 9,
			 .version = 3,
			 .attrs = {1, at},
			 .created_at = 1781500000,
			 .updated_at = 1781500001,
			 .expires_at = 1781501800};
	return c;
}

static void every_table_round_trips(void)
{
	berth_claim c = sample_claim();
	berth_resource r = {.rid = 7,
			    .name = "concert",
			    .capacity = 100,
			    .seats = 100,
			    .tz = "Europe/Paris",
			    .buffer = 600,
			    .slot = 1800,
			    .location = "hall",
			    .created_at = 1781500000,
			    .updated_at = 1781500000};
	span_entry sp = {7,	     1781546400, CLAIM_BOOKING, 42,
			 1781557200, 2,		 BTIME_NEVER};
	seat_entry se = {7, 3,		1781546400, CLAIM_HOLD,
			 5, 1781557200, 1781501800};
	expiry_entry ex = {7,	       1781501800, CLAIM_HOLD, 5,
			   1781546400, 1781557200, 2};
	due_entry du = {1781501800, 7, CLAIM_HOLD, 5};
	byres_entry by = {7, 1781546400, CLAIM_BOOKING, 42};
	profile_entry pr = {7, 1781546400, 5, -2};
	resid_entry ri = {7, "concert"};
	policy_entry po = {7, "hold_ttl", 300};
	audit_by_entry ab = {"b42", 12};
	claim_entry ce = {CLAIM_BOOKING, 42, c};
	resource_entry re = {"concert", r};
	wbuf body = {0};
	idem_entry ie = {
	    .key = "k1", .request = (const uint8_t *)"req", .request_len = 3};
	audit_entry au = {.seq = 12, .type = ENT_CLAIM, .idem_key = "k1"};
	span_entry sp2;
	profile_entry pr2;
	claim_entry ce2;
	char why[160];

	schema_put_claim(&body, &c);
	ie.result_bytes = body.p;
	ie.result_len = body.len;
	au.a.at = 1781500000;
	au.a.actor = "ann";
	au.a.role = ROLE_STAFF;
	au.a.source = "ann@host pid 1";
	au.a.action = "booking.created";
	au.a.entity = "b42";
	au.after = body.p;
	au.after_len = body.len;

	CHECK(damage_all(T_SPAN, &sp) == 0);
	CHECK(damage_all(T_SEAT, &se) == 0);
	CHECK(damage_all(T_EXPIRY, &ex) == 0);
	CHECK(damage_all(T_DUE, &du) == 0);
	CHECK(damage_all(T_BYRES, &by) == 0);
	CHECK(damage_all(T_PROFILE, &pr) == 0);
	CHECK(damage_all(T_RESID, &ri) == 0);
	CHECK(damage_all(T_POLICY, &po) == 0);
	CHECK(damage_all(T_AUDIT_BY, &ab) == 0);
	CHECK(damage_all(T_BOOKING, &ce) == 0);
	CHECK(damage_all(T_RESOURCE, &re) == 0);
	CHECK(damage_all(T_IDEM, &ie) == 0);
	CHECK(damage_all(T_AUDIT, &au) == 0);
	{
		berth_attr v[] = {{"vehicle", "VW Golf B-XY 123"}};
		customer_entry cu = {{.id = "ann",
				      .name = "Ann Example",
				      .phone = "+49 30 1234",
				      .attrs = {1, v},
				      .created_at = 1781500000,
				      .updated_at = 1781500001}};
		custhist_entry ch = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				      13, 14, 15, 16},
				     CLAIM_HOLD,
				     5};
		CHECK(damage_all(T_CUSTOMER, &cu) == 0);
		CHECK(damage_all(T_CUSTHIST, &ch) == 0);
	}

	/* What decodes is what was encoded. */
	{
		keybuf k;
		wbuf v;
		encode(T_SPAN, &sp, &k, &v);
		CHECK(decode(T_SPAN, &k, v.p, v.len, &sp2) == 0);
		CHECK(sp2.rid == sp.rid && sp2.start == sp.start &&
		      sp2.kind == sp.kind && sp2.id == sp.id &&
		      sp2.end == sp.end && sp2.quantity == sp.quantity &&
		      sp2.expires_at == sp.expires_at);
		wb_free(&v);
		encode(T_PROFILE, &pr, &k, &v);
		CHECK(decode(T_PROFILE, &k, v.p, v.len, &pr2) == 0);
		CHECK(pr2.level == 5 && pr2.delta == -2 && pr2.at == pr.at);
		wb_free(&v);
		encode(T_BOOKING, &ce, &k, &v);
		CHECK(decode(T_BOOKING, &k, v.p, v.len, &ce2) == 0);
		CHECK(ce2.c.id == 42 && ce2.c.nseats == 2 &&
		      ce2.c.seats[1] == 4 && !strcmp(ce2.c.customer, "alice"));
		wb_free(&v);
		/* A record under another id's key is refused: it names itself.
		 */
		ce2 = ce;
		ce2.id = 43;
		encode(T_BOOKING, &ce2, &k, &v);
		CHECK(decode(T_BOOKING, &k, v.p, v.len, &ce2) == -1);
		wb_free(&v);
		/* And a hold's record in the booking table. */
		ce2 = ce;
		ce2.c.kind = CLAIM_HOLD;
		encode(T_BOOKING, &ce2, &k, &v);
		CHECK(decode(T_BOOKING, &k, v.p, v.len, &ce2) == -1);
		wb_free(&v);
	}
	CHECK(schema_get_claim(body.p, body.len, A, &ce2.c, why, sizeof why) ==
	      0);
	wb_free(&body);
}

/* Numbers a writer could seal but no berth writes: each refused. */
static void ranges_under_a_good_seal(void)
{
	span_entry sp = {7,	     1781546400, CLAIM_BOOKING, 42,
			 1781557200, 2,		 BTIME_NEVER};
	profile_entry pr = {7, 1781546400, 5, 5};
	seat_entry se = {7, 3,		1781546400, CLAIM_HOLD,
			 5, 1781557200, 1781501800};
	policy_entry po = {0, "hold_ttl", 300};
	claim_entry ce = {CLAIM_BOOKING, 42, sample_claim()};
	span_entry s;
	profile_entry p;
	seat_entry st;
	policy_entry pe;
	claim_entry c;

	CHECK(forged(T_SPAN, &sp) == 0);
	s = sp, s.end = s.start;
	CHECK(forged(T_SPAN, &s) == -1); /* an end not after its start */
	s = sp, s.quantity = 0;
	CHECK(forged(T_SPAN, &s) == -1);
	s = sp, s.quantity = BERTH_CAPACITY_MAX + 1;
	CHECK(forged(T_SPAN, &s) == -1);
	s = sp, s.end = TIME_LAST + 1;
	CHECK(forged(T_SPAN, &s) == -1); /* past year 9999 */
	s = sp, s.expires_at = INT64_MIN;
	CHECK(forged(T_SPAN, &s) == -1);
	s = sp, s.kind = (claim_kind)7;
	CHECK(forged(T_SPAN, &s) == -1);
	s = sp, s.rid = 0;
	CHECK(forged(T_SPAN, &s) == -1);

	CHECK(forged(T_PROFILE, &pr) == 0);
	p = pr, p.level = INT64_MAX;
	CHECK(forged(T_PROFILE, &p) == -1); /* today's UBSan abort */
	p = pr, p.level = -1, p.delta = -1;
	CHECK(forged(T_PROFILE, &p) == -1);
	p = pr, p.delta = 0;
	CHECK(forged(T_PROFILE, &p) == -1); /* a point that says nothing */
	p = pr, p.delta = 6;
	CHECK(forged(T_PROFILE, &p) == -1); /* led from a level below 0 */
	p = pr, p.delta = INT64_MIN;
	CHECK(forged(T_PROFILE, &p) == -1);
	p = pr, p.level = LEVEL_MAX, p.delta = -LEVEL_MAX;
	CHECK(forged(T_PROFILE, &p) == -1);

	CHECK(forged(T_SEAT, &se) == 0);
	st = se, st.seat = 0;
	CHECK(forged(T_SEAT, &st) == -1);
	st = se, st.seat = BERTH_SEATS_MAX + 1;
	CHECK(forged(T_SEAT, &st) == -1);

	CHECK(forged(T_POLICY, &po) == 0);
	pe = po, pe.value = -1;
	CHECK(forged(T_POLICY, &pe) == -1);

	CHECK(forged(T_BOOKING, &ce) == 0);
	c = ce, c.c.quantity = BERTH_CAPACITY_MAX + 1;
	CHECK(forged(T_BOOKING, &c) == -1);
	c = ce, c.c.payment_status = 7;
	CHECK(forged(T_BOOKING, &c) == -1);
	c = ce, c.c.version = 0;
	CHECK(forged(T_BOOKING, &c) == -1);
	c = ce, c.c.start = TIME_FIRST - 1;
	CHECK(forged(T_BOOKING, &c) == -1);
	c = ce, c.c.nseats = 1; /* two units, one seat */
	CHECK(forged(T_BOOKING, &c) == -1);
}

/* A claim record as format 1 laid it down (version 1: every number in
 * full), to test that it still reads. */
static void put_claim_v1(wbuf *w, const berth_claim *c)
{
	wb_u8(w, 1);
	wb_u8(w, (uint8_t)c->kind);
	wb_u64(w, c->id);
	wb_u32(w, c->rid);
	wb_str(w, c->resource);
	wb_i64(w, c->start);
	wb_i64(w, c->end);
	wb_i64(w, c->quantity);
	wb_u32(w, c->nseats);
	for (uint32_t i = 0; i < c->nseats; i++)
		wb_u32(w, c->seats[i]);
	wb_str(w, c->customer);
	wb_u8(w, (uint8_t)c->status);
	wb_u8(w, (uint8_t)c->payment_status);
	wb_u8(w, (uint8_t)c->payment_method);
	wb_str(w, c->payment_ref);
	wb_u64(w, c->link);
	wb_u64(w, c->series);
	wb_i64(w, c->version);
	wb_i64(w, c->reschedules);
	wb_u32(w, (uint32_t)c->attrs.n);
	for (size_t i = 0; i < c->attrs.n; i++) {
		wb_str(w, c->attrs.v[i].key);
		wb_str(w, c->attrs.v[i].value);
	}
	wb_i64(w, c->created_at);
	wb_i64(w, c->updated_at);
	wb_i64(w, c->expires_at);
}

/* Format 1: records were unsealed, policies and resource names bare. */
static void format_one_reads(void)
{
	berth_claim c = sample_claim();
	claim_entry ce;
	policy_entry pe;
	resid_entry re;
	wbuf w = {0};
	keybuf k;
	char why[160];
	uint8_t bare[8];
	sval kv, vv;

	put_claim_v1(&w, &c);
	id_key(&k, 42);
	kv = (sval){k.b, k.len};
	vv = (sval){w.p, w.len};
	CHECK(schema_decode(T_BOOKING, 1, kv, vv, A, &ce, why, sizeof why) ==
	      0);
	CHECK(ce.c.id == 42 && ce.c.quantity == 2 && ce.c.nseats == 2 &&
	      ce.c.seats[1] == 4 && ce.c.expires_at == c.expires_at &&
	      !strcmp(ce.c.attrs.v[0].value, "blue"));
	/* Written again, it is the compact record of version 2, which
	 * reads back the same. */
	{
		wbuf w2 = {0};
		claim_entry ce2;
		schema_put_claim(&w2, &ce.c);
		CHECK(w2.len < w.len / 2 + 8);
		CHECK(schema_get_claim(w2.p, w2.len, A, &ce2.c, why,
				       sizeof why) == 0);
		CHECK(ce2.c.start == c.start && ce2.c.end == c.end &&
		      ce2.c.updated_at == c.updated_at &&
		      ce2.c.expires_at == c.expires_at &&
		      ce2.c.payment_status == c.payment_status &&
		      ce2.c.link == c.link && ce2.c.version == c.version);
		wb_free(&w2);
	}
	/* ... and the same bytes are no format-2 value: there is no seal. */
	CHECK(schema_decode(T_BOOKING, 2, kv, vv, A, &ce, why, sizeof why) ==
	      -1);
	wb_free(&w);

	policy_key(&k, 0, "hold_ttl");
	be_put(bare, 900, 8);
	kv = (sval){k.b, k.len};
	vv = (sval){bare, 8};
	CHECK(schema_decode(T_POLICY, 1, kv, vv, A, &pe, why, sizeof why) == 0);
	CHECK(pe.value == 900 && strcmp(pe.key, "hold_ttl") == 0);

	rid_key(&k, 3);
	kv = (sval){k.b, k.len};
	vv = (sval){"stylist", 7};
	CHECK(schema_decode(T_RESID, 1, kv, vv, A, &re, why, sizeof why) == 0);
	CHECK(re.rid == 3 && strcmp(re.name, "stylist") == 0);
	/* Format 1's indexes are rebuilt by upgrade, never read. */
	span_key(&k, 3, 0, CLAIM_HOLD, 1);
	kv = (sval){k.b, k.len};
	vv = (sval){bare, 8};
	CHECK(schema_decode(T_SPAN, 1, kv, vv, A, &re, why, sizeof why) == -1);
}

/* The audit chain's encoding is pinned: a change to it, or to an entity
 * encoder it uses, changes this hash and must not pass unseen, for every
 * hash in every store was made with it (docs/STORAGE.md). Also: the
 * customer and the source enter as HMACs, so another key is another
 * hash, and the link of a decoded record is the link of the record made. */
static void chain_is_pinned(void)
{
	berth_claim before = sample_claim(), after = sample_claim();
	uint8_t key[CHAIN_HASH_LEN], prev[CHAIN_HASH_LEN], h[CHAIN_HASH_LEN];
	uint8_t h2[CHAIN_HASH_LEN];
	char hex[CHAIN_HEX_LEN];
	audit_entry e = {.seq = 12, .type = ENT_CLAIM, .idem_key = "k1"};
	berth_attr detail[] = {{"user", "ann"}, {"client", "203.0.113.9"}};
	audit_entry d;
	any_entry any;
	keybuf k;
	wbuf v;

	for (int i = 0; i < CHAIN_HASH_LEN; i++) {
		key[i] = (uint8_t)i;
		prev[i] = (uint8_t)(0xff - i);
	}
	after.status = BOOKING_CANCELLED;
	after.version = 2;
	e.a.at = 1781500000;
	e.a.actor = "ann";
	e.a.role = ROLE_STAFF;
	e.a.source = "ann@desk pid 7";
	e.a.source_detail = (berth_attrs){2, detail};
	e.a.action = "booking.cancelled";
	e.a.entity = "b42";
	e.a.reason = "changed plans";
	e.a.before_claim = &before;
	e.a.after_claim = &after;
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, &before, &after,
			 h) == 0);
	chain_hex(h, hex);
	CHECK(!strcmp(hex, CHAIN_PINNED));
	if (strcmp(hex, CHAIN_PINNED))
		printf("chain: the pinned record hashes to %s\n", hex);
	key[0] ^= 1;
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, &before, &after,
			 h2) == 0);
	CHECK(memcmp(h, h2, sizeof h));
	key[0] ^= 1;
	/* Stored and read back: the same link. */
	memset(&v, 0, sizeof v);
	{
		wbuf b = {0}, a = {0};
		schema_put_claim(&b, &before);
		schema_put_claim(&a, &after);
		e.before = b.p;
		e.before_len = b.len;
		e.after = a.p;
		e.after_len = a.len;
		memcpy(e.a.hash, h, sizeof h);
		e.a.has_hash = 1;
		encode(T_AUDIT, &e, &k, &v);
		CHECK(decode(T_AUDIT, &k, v.p, v.len, &any) == 0);
		d = any.audit;
		CHECK(d.a.has_hash && !memcmp(d.a.hash, h, sizeof h));
		CHECK(chain_link_of(chain_ctx_new(A, key), prev, &d, h2) == 0);
		CHECK(!memcmp(h, h2, sizeof h));
		wb_free(&b);
		wb_free(&a);
		wb_free(&v);
	}
}

/* customer forget's promise: a customer record and a claim whose
 * personal texts were replaced by their pseudonyms ("forgotten:" and the
 * text's HMAC) hash as they did, and the digest the indexes are keyed by
 * is the same; a text changed otherwise changes the hash. The customer
 * record's encoding is pinned like the claim's. */
#define CUSTOMER_PINNED "69ee1b887c26b5735b159fd90b0de9bb2901841a4b1b8b962c84e003ed396c7a"

static const char *pseudo(const uint8_t key[CHAIN_HASH_LEN], const char *s)
{
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	char hex[CHAIN_HEX_LEN];

	crypto_auth_hmacsha256(mac, (const unsigned char *)s, strlen(s), key);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	return pseudonym_make(A, hex);
}

static void chain_survives_pseudonyms(void)
{
	uint8_t key[CHAIN_HASH_LEN], prev[CHAIN_HASH_LEN] = {0};
	uint8_t h[CHAIN_HASH_LEN], h2[CHAIN_HASH_LEN];
	uint8_t d[CUST_DIGEST_LEN], d2[CUST_DIGEST_LEN];
	berth_attr v[] = {{"vehicle", "VW Golf B-XY 123"}}, pv[1];
	berth_customer c = {.id = "ann",
			    .name = "Ann Example",
			    .email = "ann@example.org",
			    .phone = "+49 30 1234",
			    .attrs = {1, v},
			    .created_at = 1781500000,
			    .updated_at = 1781500001},
		       p = c;
	audit_entry e = {.seq = 3, .type = ENT_CUSTOMER};
	berth_claim b = sample_claim(), pb = sample_claim();
	char hex[CHAIN_HEX_LEN];

	for (int i = 0; i < CHAIN_HASH_LEN; i++)
		key[i] = (uint8_t)(3 * i);
	e.a.at = 1781500001;
	e.a.actor = "desk";
	e.a.role = ROLE_STAFF;
	e.a.action = "customer.created";
	e.a.entity = "customer/00";
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, NULL, &c, h) == 0);
	chain_hex(h, hex);
	CHECK(!strcmp(hex, CUSTOMER_PINNED));
	if (strcmp(hex, CUSTOMER_PINNED))
		printf("chain: the pinned customer hashes to %s\n", hex);
	p.id = pseudo(key, c.id);
	p.name = pseudo(key, c.name);
	p.email = pseudo(key, c.email);
	p.phone = pseudo(key, c.phone);
	pv[0] = (berth_attr){"vehicle", pseudo(key, v[0].value)};
	p.attrs = (berth_attrs){1, pv};
	CHECK(pseudonym_hex(p.id) != NULL);
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, NULL, &p, h2) == 0);
	CHECK(!memcmp(h, h2, sizeof h));
	p.phone = "+49 30 9999";
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, NULL, &p, h2) == 0);
	CHECK(memcmp(h, h2, sizeof h));
	/* A claim: the customer as its pseudonym, the same link and the
	 * same digest. */
	e.type = ENT_CLAIM;
	e.a.action = "booking.created";
	pb.customer = pseudo(key, b.customer);
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, NULL, &b, h) == 0);
	CHECK(chain_link(chain_ctx_new(A, key), prev, &e, NULL, &pb, h2) == 0);
	CHECK(!memcmp(h, h2, sizeof h));
	chain_digest(chain_ctx_new(A, key), b.customer, d);
	chain_digest(chain_ctx_new(A, key), pb.customer, d2);
	CHECK(!memcmp(d, d2, sizeof d));
	/* Not a pseudonym: a wrong prefix, length or digit. */
	CHECK(!pseudonym_hex("forgotten:abc"));
	CHECK(!pseudonym_hex("ann"));
	CHECK(berth_check_customer(pb.customer) == BERTH_INVALID_ARGUMENT);
	CHECK(berth_check_customer("ann") == BERTH_OK);
}

int main(void)
{
	A = arena_new();
	chain_is_pinned();
	chain_survives_pseudonyms();
	every_table_round_trips();
	ranges_under_a_good_seal();
	format_one_reads();
	arena_free(A);
	printf("schema: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
