/* schema-key.c - every table's keys: big-endian numbers, times offset by
 * 2^63 and NUL-terminated texts, so that byte order is the order a cursor
 * walks; and reading the fields of a key back. */
#include <stdio.h>
#include <string.h>

#include "schema-codec.h"

void id_key(keybuf *k, uint64_t id)
{
	key_reset(k);
	key_u64(k, id);
}

void rid_key(keybuf *k, uint32_t rid)
{
	key_reset(k);
	key_u32(k, rid);
}

void rid_prefix(keybuf *k, uint32_t rid)
{
	rid_key(k, rid);
}

int key_of_rid(sval k, uint32_t rid)
{
	return k.len >= 4 && key_read_u32(k.data) == rid;
}

uint32_t rid_of_key(sval k)
{
	return k.len >= 4 ? key_read_u32(k.data) : 0;
}

int profile_key_at(sval k, btime *at)
{
	if (k.len != 12)
		return 0;
	*at = key_read_time((const uint8_t *)k.data + 4);
	return 1;
}

int numbered_key(store_table tb, sval k, uint64_t *id)
{
	if (k.len != (tb == T_RESID ? 4u : 8u))
		return 0;
	*id = k.len == 4 ? key_read_u32(k.data) : key_read_u64(k.data);
	return 1;
}

void name_key(keybuf *k, const char *name)
{
	key_reset(k);
	key_str(k, name);
}

/* A claim's place in a table keyed by resource and time. */
static void rid_time_claim(keybuf *k, uint32_t rid, btime at, claim_kind kind,
			   uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void span_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	      uint64_t id)
{
	rid_time_claim(k, rid, start, kind, id);
}

void byres_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	       uint64_t id)
{
	rid_time_claim(k, rid, start, kind, id);
}

void series_key(keybuf *k, uint64_t series, btime start, claim_kind kind,
		uint64_t id)
{
	key_reset(k);
	key_u64(k, series);
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

/* The digest first, as two big-endian halves, which lays its bytes down
 * as they are: one customer's claims are one range, in start order. */
void bycust_key(keybuf *k, const uint8_t cust[CUST_DIGEST_LEN], btime start,
		claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_u64(k, be_get(cust, 8));
	key_u64(k, be_get(cust + 8, 8));
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void custhist_key(keybuf *k, const uint8_t cust[CUST_DIGEST_LEN],
		  claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_u64(k, be_get(cust, 8));
	key_u64(k, be_get(cust + 8, 8));
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

int key_of_cust(sval k, const uint8_t cust[CUST_DIGEST_LEN])
{
	return k.len >= CUST_DIGEST_LEN &&
	       !memcmp(k.data, cust, CUST_DIGEST_LEN);
}

void expiry_key(keybuf *k, uint32_t rid, btime at, claim_kind kind, uint64_t id)
{
	rid_time_claim(k, rid, at, kind, id);
}

void seat_key(keybuf *k, uint32_t rid, uint32_t seat, btime start,
	      claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_u32(k, seat);
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

/* Time first: `expire` finds what is due with one seek, however many
 * resources there are. */
void due_key(keybuf *k, btime at, uint32_t rid, claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_time(k, at);
	key_u32(k, rid);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void profile_key(keybuf *k, uint32_t rid, btime at)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
}

void policy_key(keybuf *k, uint32_t rid, const char *key)
{
	key_reset(k);
	key_u32(k, rid);
	key_str(k, key);
}

void svcpolicy_key(keybuf *k, const char *service, const char *key)
{
	key_reset(k);
	key_str(k, service);
	key_str(k, key);
}

/* A name, then a number: an entity's audit records, a notifier's
 * deliveries. */
void audit_by_key(keybuf *k, const char *entity, uint64_t seq)
{
	key_reset(k);
	key_str(k, entity);
	key_u64(k, seq);
}

void delivery_key(keybuf *k, const char *name, uint64_t seq)
{
	audit_by_key(k, name, seq);
}

/* Reading keys back: the same fields through a bounded reader. */
btime rk_time(rbuf *r)
{
	return (btime)(rb_u64(r) ^ 0x8000000000000000ull);
}

const char *rk_str(rbuf *r)
{
	const uint8_t *nul;
	char *s;

	if (r->bad)
		return NULL;
	nul = memchr(r->p, '\0', rb_left(r));
	if (!nul || nul == r->p || nul - r->p > NAME_LIMIT) {
		rb_bad(r, "key text is not terminated");
		return NULL;
	}
	if (!(s = arena_strndup(r->a, (const char *)r->p,
				(size_t)(nul - r->p)))) {
		rb_bad(r, "out of memory");
		return NULL;
	}
	r->p = nul + 1;
	return s;
}

void hours_key(keybuf *k, uint32_t rid, int32_t date)
{
	key_reset(k);
	key_u32(k, rid);
	key_u32(k, (uint32_t)date);
}

void holiday_day_key(keybuf *k, uint32_t day, uint64_t id)
{
	key_reset(k);
	key_u32(k, day);
	key_u64(k, id);
}

void timeoff_by_key(keybuf *k, uint32_t rid, btime to, uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, to);
	key_u64(k, id);
}
