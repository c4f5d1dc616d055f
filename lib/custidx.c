/* custidx.c - the index by customer (bycust): each counting claim that
 * names a customer, keyed by a digest of the customer and the claim's
 * start, so that the limits per customer (customer-limit.c) count one
 * customer's claims by a range scan of that customer's own entries, never
 * a walk over the store's claims. An entry is there exactly while its
 * claim counts against capacity, so it is written and removed where the
 * capacity accounting is (avail.c); check holds it against the records
 * both ways and repair rebuilds it, both through custidx_of. */
#include "internal.h"

int custidx_entry(chain_ctx *cx, const berth_claim *c, bycust_entry *out)
{
	/* A claim for nobody in particular is limited by nothing. */
	if (!claim_counts(c) || !c->customer || !*c->customer)
		return 0;
	chain_digest(cx, c->customer, out->cust);
	out->start = c->start;
	out->kind = c->kind;
	out->id = c->id;
	out->rid = c->rid;
	out->end = c->end;
	out->expires_at = c->expires_at;
	return 1;
}

/* The lasting history (custhist): every claim that names a customer,
 * from the moment it is made, whatever becomes of it. bycust cannot
 * serve `customer show`: it forgets a claim once it stops counting. */
int custhist_entry_of(chain_ctx *cx, const berth_claim *c,
		      custhist_entry *out)
{
	if (!c->customer || !*c->customer)
		return 0;
	chain_digest(cx, c->customer, out->cust);
	out->kind = c->kind;
	out->id = c->id;
	return 1;
}

void custhist_note(berth_txn *t, const berth_claim *c)
{
	custhist_entry e;
	chain_ctx *cx;

	if (!c->customer || !*c->customer)
		return;
	if ((cx = txn_chain(t)) && custhist_entry_of(cx, c, &e))
		entry_put(t, T_CUSTHIST, &e);
}

berth_status custhist_walk(berth_txn *t, const uint8_t cust[CUST_DIGEST_LEN],
			   int (*fn)(const custhist_entry *e, void *arg),
			   void *arg)
{
	store_cursor *c;
	custhist_entry e;
	keybuf k;
	sval kv, v;

	custhist_key(&k, cust, CLAIM_HOLD, 0);
	c = store_cursor_open(t->st, T_CUSTHIST);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_cust(kv, cust); ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_CUSTHIST, kv, v, &e) || fn(&e, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}

int custidx_of(berth_txn *t, const berth_claim *c, bycust_entry *out)
{
	chain_ctx *cx;

	if (!claim_counts(c) || !c->customer || !*c->customer)
		return 0;
	if (!(cx = txn_chain(t)))
		return -1;
	return custidx_entry(cx, c, out);
}

void custidx_add(berth_txn *t, const berth_claim *c)
{
	bycust_entry e;

	if (custidx_of(t, c, &e) == 1)
		entry_put(t, T_BYCUST, &e);
}

void custidx_remove(berth_txn *t, const berth_claim *c)
{
	bycust_entry e;

	if (custidx_of(t, c, &e) == 1)
		entry_del(t, T_BYCUST, &e);
}

berth_status custidx_walk(berth_txn *t, const char *customer, btime from,
			  btime to, int (*fn)(const bycust_entry *e, void *arg),
			  void *arg)
{
	uint8_t cust[CUST_DIGEST_LEN];
	store_cursor *c;
	bycust_entry e;
	keybuf k;
	sval kv, v;

	if (chain_customer_digest(t, customer, cust))
		return txn_status(t);
	bycust_key(&k, cust, from, CLAIM_HOLD, 0);
	c = store_cursor_open(t->st, T_BYCUST);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_cust(kv, cust); ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_BYCUST, kv, v, &e) || e.start >= to ||
		    fn(&e, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}
