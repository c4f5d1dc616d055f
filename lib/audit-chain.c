/* audit-chain.c - the audit log as a chain: each record's hash is SHA-256
 * over the previous record's hash, its sequence number and a canonical
 * encoding of its content (DECISIONS.md), so that a record edited,
 * removed, inserted or reordered breaks every link after it, and a history
 * cut short or rewritten whole is caught against a hash written down
 * elsewhere (audit head, audit verify --anchor).
 *
 * Personal values (a claim's customer, the source of a change) enter the
 * hash as an HMAC keyed by a secret of the store's own (meta "audit_key"),
 * never as themselves: erasing them later for a customer who asks to be
 * forgotten leaves every link whole, and the chain reveals nothing about
 * them to whoever holds only the hashes.
 *
 * The canonical encoding is this file's, not the records': a record is
 * hashed from its decoded fields, so a later layout of the stored records
 * (an upgrade writes them anew) leaves every hash as it was. The entities
 * before and after are encoded by their record encoders: a change of one
 * of those must keep, here, the encoding the chain was made with (the
 * unit test pins one record's hash so that such a change cannot pass
 * unseen). */
#include <sodium.h>
#include <string.h>

#include "internal.h"

/* What one walk or transaction hashes with: the HMAC keyed once (its
 * two padded blocks hashed once, not for every value), and the last
 * source and customer with their HMACs, for a batch repeats them and a
 * claim's before and after name the same customer. */
/* The longest value memoised: a source's parts encoded are the longest. */
#define CHAIN_MEMO_MAX 1024

/* Beyond the last customer, the HMACs of many: a walk over a store's
 * claims (check, import) meets its customers again and again, in an
 * order that the last one alone does not catch, and an HMAC is two
 * SHA-256 blocks. Two ways a set, by a hash of the value; made only once
 * a context has missed CUST_MEMO_AFTER times (a command of one claim
 * never pays for it), in the context's arena: about a megabyte, however
 * large the store. */
#define CUST_MEMO_SETS 4096
#define CUST_MEMO_VALUE 48 /* longer customers are not kept */
#define CUST_MEMO_AFTER 64
struct cust_memo {
	unsigned char len, set, recent;
	char value[CUST_MEMO_VALUE];
	char hex[CHAIN_HEX_LEN];
	uint8_t mac[crypto_auth_hmacsha256_BYTES]; /* hex's bytes */
};

struct chain_ctx {
	crypto_auth_hmacsha256_state keyed;
	struct {
		char value[CHAIN_MEMO_MAX];
		size_t len;
		char hex[CHAIN_HEX_LEN];
		uint8_t mac[crypto_auth_hmacsha256_BYTES]; /* hex's bytes */
		int set;
	} memo[4];
	arena *a;
	unsigned misses;
	struct cust_memo (*cust)[2]; /* CUST_MEMO_SETS of them, or NULL */
};

chain_ctx *chain_ctx_new(arena *a, const uint8_t key[CHAIN_HASH_LEN])
{
	chain_ctx *c = arena_alloc(a, sizeof *c);

	if (c) {
		memset(c->memo, 0, sizeof c->memo);
		crypto_auth_hmacsha256_init(&c->keyed, key, CHAIN_HASH_LEN);
		c->a = a;
		c->misses = 0;
		c->cust = NULL;
	}
	return c;
}

/* The set of the customer memo where value is kept, if it is. */
static struct cust_memo *cust_set(chain_ctx *c, const char *value, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)value[i]) * 1099511628211u;
	return c->cust[(h ^ h >> 29) % CUST_MEMO_SETS];
}

/* The way of set w holding value (-1: none). */
static int cust_way(struct cust_memo *w, const char *value, size_t n)
{
	for (int i = 0; i < 2; i++)
		if (w[i].set && w[i].len == n && !memcmp(w[i].value, value, n))
			return i;
	return -1;
}

/* A personal value as it enters the hash: its HMAC, in hex. Slot 0 memos
 * sources, 1 customers, 2 the source's parts, 3 a customer's contact
 * data. */
static const char *mac_hex_n(chain_ctx *c, int slot, const char *value,
			     size_t n)
{
	crypto_auth_hmacsha256_state st;
	uint8_t *mac = c->memo[slot].mac;
	struct cust_memo *w = NULL;
	int way;

	if (c->memo[slot].set && c->memo[slot].len == n &&
	    !memcmp(c->memo[slot].value, value, n))
		return c->memo[slot].hex;
	if (slot == 1 && n <= CUST_MEMO_VALUE) {
		if (!c->cust && ++c->misses > CUST_MEMO_AFTER &&
		    (c->cust = arena_alloc(c->a, CUST_MEMO_SETS *
						     sizeof *c->cust)))
			memset(c->cust, 0, CUST_MEMO_SETS * sizeof *c->cust);
		if (c->cust) {
			w = cust_set(c, value, n);
			if ((way = cust_way(w, value, n)) >= 0) {
				w[way].recent = 1;
				w[!way].recent = 0;
				/* Into the slot too: a customer's digest
				 * is read as the slot's bytes. */
				memcpy(c->memo[slot].hex, w[way].hex,
				       CHAIN_HEX_LEN);
				memcpy(mac, w[way].mac, sizeof w[way].mac);
				goto remember;
			}
		}
	}
	st = c->keyed;
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(c->memo[slot].hex, CHAIN_HEX_LEN, mac,
		       crypto_auth_hmacsha256_BYTES);
	if (w) {
		/* Into the way used less recently. */
		way = w[0].recent;
		memcpy(w[way].value, value, n);
		w[way].len = (unsigned char)n;
		memcpy(w[way].hex, c->memo[slot].hex, CHAIN_HEX_LEN);
		memcpy(w[way].mac, mac, sizeof w[way].mac);
		w[way].set = 1;
		w[way].recent = 1;
		w[!way].recent = 0;
	}
remember:
	/* Values longer than any berth keeps are hashed, not memoised. */
	c->memo[slot].set = n <= sizeof c->memo[slot].value;
	if (c->memo[slot].set) {
		memcpy(c->memo[slot].value, value, n);
		c->memo[slot].len = n;
	}
	return c->memo[slot].hex;
}

/* A pseudonym (customer forget) carries the HMAC of the value it
 * replaced, which is what the chain hashed: it enters as that. */
static const char *mac_hex(chain_ctx *c, int slot, const char *value)
{
	const char *hex = pseudonym_hex(value);

	return hex ? hex : mac_hex_n(c, slot, value, strlen(value));
}

/* A customer's record as it enters the hash: every text in it is
 * personal (the id, the contact data, each attribute's value; the
 * attributes' names and the times are not), each as its HMAC. */
static void customer_record(wbuf *w, chain_ctx *cx, const berth_customer *in)
{
	char id[CHAIN_HEX_LEN], name[CHAIN_HEX_LEN], email[CHAIN_HEX_LEN],
	    phone[CHAIN_HEX_LEN], values[64][CHAIN_HEX_LEN];
	berth_attr attrs[64];
	berth_customer c = *in;

	/* The memo's buffer is the slot's: each HMAC copied out. */
	memcpy(id, mac_hex(cx, 1, c.id), CHAIN_HEX_LEN);
	c.id = id;
#define MAC(f)                                                     \
	if (c.f) {                                                 \
		memcpy(f, mac_hex(cx, 3, c.f), CHAIN_HEX_LEN);      \
		c.f = f;                                           \
	}
	MAC(name)
	MAC(email)
	MAC(phone)
#undef MAC
	/* Records hold at most 64 attributes (the decoder's bound). */
	if (c.attrs.n > 64) {
		w->oom = 1;
		return;
	}
	for (size_t i = 0; i < c.attrs.n; i++) {
		attrs[i].key = c.attrs.v[i].key;
		memcpy(values[i], mac_hex(cx, 3, c.attrs.v[i].value),
		       CHAIN_HEX_LEN);
		attrs[i].value = values[i];
	}
	c.attrs.v = attrs;
	audit_entity_record(w, ENT_CUSTOMER, &c);
}

/* The source's parts: their names as they are, their values as one HMAC
 * over them all (a process gives the same parts to every record it
 * writes: one HMAC, memoised). */
static void detail(wbuf *w, chain_ctx *cx, const berth_attrs *d)
{
	uint8_t small[512];
	wbuf values;

	wb_u32(w, (uint32_t)d->n);
	wb_on(&values, small, sizeof small);
	for (size_t i = 0; i < d->n; i++) {
		wb_str(w, d->v[i].key);
		wb_str(&values, d->v[i].value);
	}
	if (values.oom)
		w->oom = 1;
	else if (d->n)
		wb_str(w, mac_hex_n(cx, 2, (const char *)values.p,
				    values.len));
	wb_free(&values);
}

/* The entity before or after the change, as typed, or NULL. */
static const void *side(const audit_entry *e, int after)
{
	const berth_audit *a = &e->a;

	switch (e->type) {
	case ENT_CLAIM:
		return after ? (const void *)a->after_claim : a->before_claim;
	case ENT_RESOURCE:
		return after ? (const void *)a->after_res : a->before_res;
	case ENT_POLICY:
		return after ? (const void *)a->after_policy
			     : a->before_policy;
	case ENT_HOURS:
		return after ? (const void *)a->after_hours : a->before_hours;
	case ENT_HOLIDAY:
		return after ? (const void *)a->after_holiday
			     : a->before_holiday;
	case ENT_TIMEOFF:
		return after ? (const void *)a->after_timeoff
			     : a->before_timeoff;
	case ENT_SERVICE:
		return after ? (const void *)a->after_service
			     : a->before_service;
	case ENT_CUSTOMER:
		return after ? (const void *)a->after_customer
			     : a->before_customer;
	case ENT_WAITLIST:
		return after ? (const void *)a->after_waitlist
			     : a->before_waitlist;
	default:
		return NULL;
	}
}

static void entity(wbuf *w, chain_ctx *cx, entity_type type, const void *p)
{
	uint8_t small[512];
	wbuf body;

	wb_u8(w, p != NULL);
	if (!p)
		return;
	wb_on(&body, small, sizeof small);
	if (type == ENT_CLAIM) {
		/* The customer as its HMAC, in a copy: the claim is not
		 * ours. */
		berth_claim c = *(const berth_claim *)p;
		if (c.customer)
			c.customer = mac_hex(cx, 1, c.customer);
		audit_entity_record(&body, type, &c);
	} else if (type == ENT_CUSTOMER) {
		customer_record(&body, cx, p);
	} else if (type == ENT_WAITLIST) {
		/* A waitlist entry's customer likewise, so that forgetting
		 * a customer leaves the chain whole. */
		berth_waitlist wl = *(const berth_waitlist *)p;
		if (wl.customer)
			wl.customer = mac_hex(cx, 1, wl.customer);
		audit_entity_record(&body, type, &wl);
	} else {
		audit_entity_record(&body, type, p);
	}
	wb_bytes(w, body.p, body.len);
	if (body.oom)
		w->oom = 1;
	wb_free(&body);
}

int chain_link(chain_ctx *cx, const uint8_t prev[CHAIN_HASH_LEN],
	       const audit_entry *e,
	       const void *before, const void *after,
	       uint8_t out[CHAIN_HASH_LEN])
{
	uint8_t small[2048];
	wbuf w;
	int oom;

	wb_on(&w, small, sizeof small);
	wb_u8(&w, 1); /* this encoding */
	wb_raw(&w, prev, CHAIN_HASH_LEN);
	wb_u64(&w, e->seq);
	wb_i64(&w, e->a.at);
	wb_str(&w, e->a.actor);
	wb_u8(&w, (uint8_t)e->a.role);
	wb_str(&w, e->a.source ? mac_hex(cx, 0, e->a.source) : NULL);
	wb_str(&w, e->a.action);
	wb_str(&w, e->a.entity);
	wb_u8(&w, (uint8_t)e->type);
	entity(&w, cx, e->type, before);
	entity(&w, cx, e->type, after);
	wb_str(&w, e->a.reason);
	wb_str(&w, e->idem_key);
	detail(&w, cx, &e->a.source_detail);
	oom = w.oom;
	if (!oom)
		crypto_hash_sha256(out, w.p, w.len);
	wb_free(&w);
	return oom ? -1 : 0;
}

int chain_link_of(chain_ctx *cx, const uint8_t prev[CHAIN_HASH_LEN],
		  const audit_entry *e, uint8_t out[CHAIN_HASH_LEN])
{
	return chain_link(cx, prev, e, side(e, 0), side(e, 1), out);
}

chain_ctx *txn_chain(berth_txn *t)
{
	const uint8_t *key;

	if (t->chain)
		return t->chain;
	if (!(key = meta_audit_key(t)))
		return NULL;
	/* In the arena that outlives a walk's scratch (upgrade swaps t->a
	 * for one emptied every chunk). */
	if (!(t->chain = chain_ctx_new(t->cache_arena, key)))
		arena_set_failed(t->a);
	return t->chain;
}

void chain_digest(chain_ctx *cx, const char *customer,
		  uint8_t out[CUST_DIGEST_LEN])
{
	const char *hex = pseudonym_hex(customer);
	size_t n = 0;

	/* Of the 32 bytes, 16: two customers share one range by chance
	 * once in 2^64 pairs. A pseudonym carries its HMAC in hex, always
	 * 64 digits; a name's HMAC is taken in bytes from the memo, which
	 * keeps both (reading the hex back cost a batch 2% of its time). */
	if (hex) {
		sodium_hex2bin(out, CUST_DIGEST_LEN, hex, 2 * CUST_DIGEST_LEN,
			       NULL, &n, NULL);
		return;
	}
	mac_hex_n(cx, 1, customer, strlen(customer));
	memcpy(out, cx->memo[1].mac, CUST_DIGEST_LEN);
}

int chain_customer_digest(berth_txn *t, const char *customer,
			  uint8_t out[CUST_DIGEST_LEN])
{
	chain_ctx *cx = txn_chain(t);

	if (!cx)
		return -1;
	chain_digest(cx, customer, out);
	return 0;
}

int chain_personal_hex(berth_txn *t, const char *value, char *out)
{
	chain_ctx *cx = txn_chain(t);

	if (!cx)
		return -1;
	memcpy(out, mac_hex(cx, 3, value), CHAIN_HEX_LEN);
	return 0;
}

void chain_hex(const uint8_t h[CHAIN_HASH_LEN], char out[CHAIN_HEX_LEN])
{
	sodium_bin2hex(out, CHAIN_HEX_LEN, h, CHAIN_HASH_LEN);
}

int chain_unhex(const char *s, uint8_t out[CHAIN_HASH_LEN])
{
	size_t n = 0;

	if (strlen(s) != 2 * CHAIN_HASH_LEN)
		return -1;
	return sodium_hex2bin(out, CHAIN_HASH_LEN, s, strlen(s), NULL, &n,
			      NULL) == 0 && n == CHAIN_HASH_LEN
		   ? 0
		   : -1;
}
