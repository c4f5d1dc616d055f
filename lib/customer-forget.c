/* customer-forget.c - `customer forget`: a customer's personal data
 * erased from the whole store in one write transaction, the audit chain
 * left whole. The id becomes its pseudonym (pseudonym.c: "forgotten:"
 * and the id's HMAC under the store's audit key) wherever it was: in each
 * claim, in each audit record's before and after of those claims, and in
 * the answer and request an idempotency key keeps for them; the contact
 * record is deleted, and its copies in the audit log keep each personal
 * text (id, name, email, phone, attribute values) only as its pseudonym.
 * The chain hashes personal texts as their HMACs, and takes a pseudonym
 * as the HMAC it carries, so every hash stays as it was; the index by
 * customer is keyed by the same HMAC, so no entry moves, and the limits
 * per customer count the forgotten claims as before.
 *
 * It costs what the customer has: the claims come from the lasting index
 * by customer (custhist), their audit records from audit_by, the keys
 * from those records. No walk over the store. */
#include <stdlib.h>
#include <string.h>

#include "customer.h"

typedef struct {
	berth_txn *t;
	const char *id, *pseudonym;
	berth_forget_result *out;
} forget;

/* A personal text as forget leaves it: its pseudonym. */
static const char *erased(forget *f, const char *s)
{
	char hex[CHAIN_HEX_LEN];
	char *p;

	if (!s || pseudonym_hex(s))
		return s;
	if (chain_personal_hex(f->t, s, hex))
		return NULL;
	if (!(p = pseudonym_make(f->t->a, hex)))
		arena_set_failed(f->t->a);
	return p;
}

static void erase_customer(forget *f, berth_customer *c)
{
	berth_attr *v = NULL;

	if (!c)
		return;
	c->id = erased(f, c->id);
	c->name = erased(f, c->name);
	c->email = erased(f, c->email);
	c->phone = erased(f, c->phone);
	if (c->attrs.n && !(v = arena_alloc(f->t->a, c->attrs.n * sizeof *v))) {
		arena_set_failed(f->t->a);
		return;
	}
	for (size_t i = 0; i < c->attrs.n; i++) {
		v[i].key = c->attrs.v[i].key;
		v[i].value = erased(f, c->attrs.v[i].value);
	}
	c->attrs.v = v;
}

/* The claim's customer, when it is the one forgotten. */
static void erase_claim(forget *f, const berth_claim *c)
{
	if (c && c->customer && strcmp(c->customer, f->id) == 0)
		((berth_claim *)c)->customer = f->pseudonym;
}

/* A request's bytes with each text equal to the id (a u32 length and
 * the bytes, as wb_str lays texts down) replaced by the pseudonym: the
 * request is the normalised fingerprint (idem-fingerprint.c), or the
 * options as given (idem-legacy.c), and both write the customer so. A
 * retry under the key with the old id is then another request
 * (IDEMPOTENCY_MISMATCH), as it should be for a customer who is gone. */
static int erase_bytes(forget *f, const uint8_t *p, size_t n, wbuf *w)
{
	size_t idn = strlen(f->id), i = 0;

	while (i < n) {
		if (i + 4 + idn <= n && be_get(p + i, 4) == idn &&
		    memcmp(p + i + 4, f->id, idn) == 0) {
			wb_str(w, f->pseudonym);
			i += 4 + idn;
		} else {
			wb_raw(w, p + i, 1);
			i++;
		}
	}
	return w->oom ? -1 : 0;
}

static void erase_idem(forget *f, const char *key)
{
	idem_entry e = {.key = key};
	wbuf req = {0}, res = {0};
	int named;

	if (entry_get(f->t, T_IDEM, &e) != 1)
		return; /* a key since expired, or damage (failed) */
	named = e.result.customer && strcmp(e.result.customer, f->id) == 0;
	erase_claim(f, &e.result);
	schema_put_claim(&res, &e.result);
	if (erase_bytes(f, e.request, e.request_len, &req) || res.oom) {
		arena_set_failed(f->t->a);
	} else if (named || req.len != e.request_len ||
		   (req.len && memcmp(req.p, e.request, req.len))) {
		e.request = req.p;
		e.request_len = req.len;
		e.result_bytes = res.p;
		e.result_len = res.len;
		entry_put(f->t, T_IDEM, &e);
		f->out->idem_keys++;
	}
	wb_free(&req);
	wb_free(&res);
}

/* Every audit record of entity, its before and after with the customer's
 * personal texts erased; the hash each keeps stays, for it was made from
 * the HMACs the pseudonyms carry. */
static berth_status erase_audit(forget *f, const char *entity)
{
	berth_txn *t = f->t;
	store_cursor *c;
	uint64_t *seqs = NULL;
	size_t n = 0, cap = 0;
	audit_by_entry be;
	keybuf k;
	sval kv, v;

	/* The seqs first: no cursor walks audit_by while audit changes. */
	audit_by_key(&k, entity, 0);
	c = store_cursor_open(t->st, T_AUDIT_BY);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_AUDIT_BY, kv, v, &be) ||
		    strcmp(be.entity, entity))
			break;
		if (n == cap) {
			uint64_t *p = realloc(seqs, (cap = cap ? 2 * cap : 16) *
							sizeof *p);
			if (!p) {
				arena_set_failed(t->a);
				break;
			}
			seqs = p;
		}
		seqs[n++] = be.seq;
	}
	store_cursor_close(c);
	for (size_t i = 0; i < n && !txn_status(t); i++) {
		audit_entry e = {.seq = seqs[i]};
		wbuf b = {0}, a = {0};
		if (entry_get(t, T_AUDIT, &e) != 1) {
			keybuf bk;
			audit_by_key(&bk, entity, seqs[i]);
			schema_corrupt(t, T_AUDIT_BY, (sval){bk.b, bk.len},
				       "its audit record is not there");
			break;
		}
		if (e.type == ENT_CLAIM) {
			erase_claim(f, e.a.before_claim);
			erase_claim(f, e.a.after_claim);
		} else if (e.type == ENT_CUSTOMER) {
			erase_customer(f,
				       (berth_customer *)e.a.before_customer);
			erase_customer(f, (berth_customer *)e.a.after_customer);
		}
		{
			const void *bp = e.type == ENT_CLAIM
					     ? (const void *)e.a.before_claim
					     : e.a.before_customer;
			const void *ap = e.type == ENT_CLAIM
					     ? (const void *)e.a.after_claim
					     : e.a.after_customer;
			if (bp) {
				audit_entity_record(&b, e.type, bp);
				e.before = b.p;
				e.before_len = b.len;
			}
			if (ap) {
				audit_entity_record(&a, e.type, ap);
				e.after = a.p;
				e.after_len = a.len;
			}
		}
		if (b.oom || a.oom)
			arena_set_failed(t->a);
		else
			entry_put(t, T_AUDIT, &e);
		f->out->audit_records++;
		if (e.idem_key)
			erase_idem(f, e.idem_key);
		wb_free(&b);
		wb_free(&a);
	}
	free(seqs);
	return txn_status(t);
}

static berth_status erase_claims(forget *f)
{
	custhist_entry *h;
	berth_status st;
	size_t n;

	if ((st = customer_history(f->t, f->id, &h, &n)))
		return st;
	for (size_t i = 0; i < n && !st; i++) {
		claim_entry e = {.kind = h[i].kind, .id = h[i].id};
		char name[24];
		berth_id_format(e.kind, e.id, name, sizeof name);
		if (entry_get(f->t, claim_table(e.kind), &e) != 1) {
			keybuf k;
			custhist_key(&k, h[i].cust, h[i].kind, h[i].id);
			st =
			    schema_corrupt(f->t, T_CUSTHIST, (sval){k.b, k.len},
					   "its claim is not there");
			break;
		}
		/* Only the customer changes: every index entry of the claim
		 * stays as it is (bycust's key is the HMAC the pseudonym
		 * carries). */
		if (e.c.customer && strcmp(e.c.customer, f->id) == 0) {
			e.c.customer = f->pseudonym;
			entry_put(f->t, claim_table(e.kind), &e);
			f->out->claims++;
		}
		st = erase_audit(f, name);
	}
	free(h);
	return st ? st : txn_status(f->t);
}

/* The waitlist's entries of the customer. The waitlist is being built
 * apart (issue 11); once its entries are in the store, this is where
 * their customer becomes the pseudonym, as the claims' does above (their
 * own index by customer, if keyed by the same HMAC, staying as it is). */
static berth_status erase_waitlist(forget *f)
{
	(void)f;
	return BERTH_OK;
}

berth_status berth_customer_forget(berth_txn *t, const char *id,
				   berth_forget_result *out)
{
	char entity[CUSTOMER_ENTITY_LEN], hex[CHAIN_HEX_LEN];
	forget f = {.t = t, .id = id, .out = out};
	berth_customer *rec = NULL, *before = NULL;
	berth_status st;
	int rc;

	memset(out, 0, sizeof *out);
	/* Erasing is for admin (and system): it cannot be undone. */
	if (t->db->role != ROLE_ADMIN && t->db->role != ROLE_SYSTEM) {
		berth_fail(BERTH_FORBIDDEN,
			   "only admin may forget a customer: it cannot be "
			   "undone");
		berth_detail_str("role", berth_role_name(t->db->role));
		berth_detail_str("action", "customer.forgotten");
		return BERTH_FORBIDDEN;
	}
	if ((st = berth_check_customer(id)))
		return st;
	if ((rc = customer_find(t, id, &rec)) < 0)
		return txn_status(t);
	if (chain_personal_hex(t, id, hex) ||
	    !(f.pseudonym = pseudonym_make(t->a, hex)))
		return txn_status(t) ? txn_status(t) : oom();
	if ((st = audit_customer_entity(t, id, entity, sizeof entity)))
		return st;
	if ((st = erase_claims(&f)) || (st = erase_waitlist(&f)))
		return st;
	/* Nothing names it (never, or no longer: forgotten before). */
	if (!rc && !out->claims) {
		berth_fail(BERTH_NOT_FOUND,
			   "no customer '%.80s': no record, and no claim "
			   "names it",
			   id);
		berth_detail_str("kind", "customer");
		berth_detail_str("id", id);
		return BERTH_NOT_FOUND;
	}
	if ((st = erase_audit(&f, entity)))
		return st;
	if (!(before = arena_alloc(t->a, sizeof *before)))
		return oom();
	if (rc) {
		entry_del(t, T_CUSTOMER, &(customer_entry){*rec});
		*before = *rec;
		erase_customer(&f, before);
	} else {
		/* No record: the customer as its claims knew it, an id
		 * alone (an audit record keeps its entity's kind only
		 * with a before or an after). */
		memset(before, 0, sizeof *before);
		before->id = f.pseudonym;
		before->created_at = before->updated_at = t->now;
	}
	/* The forgetting itself, audited like any change (before: what
	 * is left of the record; after: none, it is gone). */
	audit_append(t, "customer.forgotten", entity, ENT_CUSTOMER, before,
		     NULL, NULL, NULL);
	out->pseudonym = f.pseudonym;
	out->had_record = rc;
	return txn_status(t);
}
