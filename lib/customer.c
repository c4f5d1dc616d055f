/* customer.c - customers: contact data (name, email, phone, attributes
 * such as a vehicle) kept under the customer id that claims name, and
 * the claims a customer ever had, read from the lasting index by customer
 * (custhist, custidx.c), never by a walk over the store's claims. A claim
 * may name a customer that has no record, before or without one: the
 * record is an address book beside the claims, not a key they need.
 * Erasing a customer is customer-forget.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"

berth_status berth_check_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (!*s)
		return BERTH_OK; /* clears it */
	if (!at || at == s || !at[1] || strchr(at + 1, '@') ||
	    strpbrk(s, " \t"))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "an email is NAME@DOMAIN, without spaces: '%s'",
			       s),
		    "email", s);
	return BERTH_OK;
}

berth_status berth_check_phone(const char *s)
{
	int digits = 0;

	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()./", *p))
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "a phone number holds digits, spaces "
				       "and + - ( ) . / only: '%s'",
				       s),
			    "phone", s);
	}
	if (*s && !digits)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a phone number needs a digit: '%s'", s),
		    "phone", s);
	return BERTH_OK;
}

#define ENTITY_LEN CUSTOMER_ENTITY_LEN
static berth_status entity_of(berth_txn *t, const char *id, char *out)
{
	return audit_customer_entity(t, id, out, ENTITY_LEN);
}

static berth_status validate(const berth_customer *c)
{
	berth_status st;

	if (!c->id || !*c->id)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a customer id must not be empty");
	if ((st = berth_check_customer(c->id)))
		return st;
	if (c->name && (st = berth_check_text("name", c->name)))
		return st;
	if (c->email && ((st = berth_check_text("email", c->email)) ||
			 (st = berth_check_email(c->email))))
		return st;
	if (c->phone && ((st = berth_check_text("phone", c->phone)) ||
			 (st = berth_check_phone(c->phone))))
		return st;
	return berth_check_attrs(&c->attrs);
}

/* The record of customer id: 1, 0 when there is none, or -1 with the
 * transaction failed. */
int customer_find(berth_txn *t, const char *id, berth_customer **out)
{
	customer_entry *e = arena_alloc(t->a, sizeof *e);
	int rc;

	if (!e) {
		oom();
		return -1;
	}
	memset(e, 0, sizeof *e);
	e->c.id = id;
	if ((rc = entry_get(t, T_CUSTOMER, e)) <= 0)
		return rc < 0 || store_failed(t->st) ? -1 : 0;
	*out = &e->c;
	return 1;
}

static berth_status unknown(const char *id)
{
	berth_fail(BERTH_NOT_FOUND, "no customer '%.80s'", id);
	berth_detail_str("kind", "customer");
	berth_detail_str("id", id);
	return BERTH_NOT_FOUND;
}

berth_status berth_customer_get(berth_txn *t, const char *id,
				berth_customer **out)
{
	berth_status st;
	int rc;

	if ((st = berth_check_text("customer", id)))
		return st;
	if ((rc = customer_find(t, id, out)) < 0)
		return txn_status(t);
	return rc ? BERTH_OK : unknown(id);
}

static void put(berth_txn *t, const berth_customer *c)
{
	entry_put(t, T_CUSTOMER, &(customer_entry){*c});
}

/* A text given empty clears the field: none is stored, not "". */
static const char *given(const char *s)
{
	return s && *s ? s : NULL;
}

berth_status berth_customer_add(berth_txn *t, const berth_customer *in,
				berth_customer **out)
{
	char entity[ENTITY_LEN];
	berth_customer *c, *old;
	berth_status st;
	int rc;

	if ((st = role_may_change(t, ENT_CUSTOMER, "customer.created")))
		return st;
	if ((st = validate(in)))
		return st;
	if ((rc = customer_find(t, in->id, &old)) < 0)
		return txn_status(t);
	if (rc)
		return berth_detail_option(
		    berth_fail(BERTH_ALREADY_EXISTS,
			       "customer '%s' already exists (customer set "
			       "changes it)",
			       in->id),
		    "customer", in->id);
	if (!(c = arena_alloc(t->a, sizeof *c)))
		return oom();
	*c = *in;
	c->name = given(c->name);
	c->email = given(c->email);
	c->phone = given(c->phone);
	/* An empty value names nothing to keep, as in customer set; the
	 * kept ones in a copy of our own, for a transaction may be run
	 * again from the caller's request. */
	c->attrs.n = 0;
	if (in->attrs.n &&
	    !(c->attrs.v = arena_alloc(t->a, in->attrs.n * sizeof *c->attrs.v)))
		return oom();
	for (size_t i = 0; i < in->attrs.n; i++)
		if (in->attrs.v[i].value[0])
			c->attrs.v[c->attrs.n++] = in->attrs.v[i];
	c->created_at = c->updated_at = t->now;
	if ((st = entity_of(t, c->id, entity)))
		return st;
	put(t, c);
	audit_append(t, "customer.created", entity, ENT_CUSTOMER, NULL, c, NULL,
		     NULL);
	*out = c;
	return txn_status(t);
}

/* Attributes merge: a key given again replaces its value, an empty value
 * removes it (as resource set does). */
static berth_status merge_attrs(berth_txn *t, berth_attrs *into,
				const berth_attrs *ch)
{
	size_t cap = into->n + ch->n, n = 0;
	berth_attr *v = arena_alloc(t->a, (cap ? cap : 1) * sizeof *v);

	if (!v)
		return oom();
	for (size_t i = 0; i < into->n; i++)
		v[n++] = into->v[i];
	for (size_t i = 0; i < ch->n; i++) {
		size_t j;
		for (j = 0; j < n && strcmp(v[j].key, ch->v[i].key); j++)
			;
		if (j == n)
			v[n++] = ch->v[i];
		else
			v[j] = ch->v[i];
	}
	into->n = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].value[0])
			v[into->n++] = v[i];
	into->v = v;
	return BERTH_OK;
}

berth_status berth_customer_set(berth_txn *t, const char *id,
				const berth_customer_change *ch,
				berth_customer **out)
{
	char entity[ENTITY_LEN];
	berth_customer *before, *c;
	berth_status st;

	if ((st = role_may_change(t, ENT_CUSTOMER, "customer.changed")))
		return st;
	if ((st = berth_customer_get(t, id, &before)))
		return st;
	if (!(c = arena_alloc(t->a, sizeof *c)))
		return oom();
	*c = *before;
	if (ch->name)
		c->name = ch->name;
	if (ch->email)
		c->email = ch->email;
	if (ch->phone)
		c->phone = ch->phone;
	if ((st = merge_attrs(t, &c->attrs, &ch->attrs)) || (st = validate(c)))
		return st;
	c->name = given(c->name);
	c->email = given(c->email);
	c->phone = given(c->phone);
	c->updated_at = t->now;
	if ((st = entity_of(t, c->id, entity)))
		return st;
	put(t, c);
	audit_append(t, "customer.changed", entity, ENT_CUSTOMER, before, c,
		     NULL, NULL);
	*out = c;
	return txn_status(t);
}

berth_status berth_customer_each(berth_txn *t, berth_customer_cb cb, void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_CUSTOMER);
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		customer_entry e;
		if (entry_read(t, T_CUSTOMER, k, v, &e) || cb(&e.c, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}

/* --- the claims a customer ever had --- */

typedef struct {
	custhist_entry *v;
	size_t n, cap;
	int oom;
} hist;

static int gather(const custhist_entry *e, void *arg)
{
	hist *h = arg;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 16;
		custhist_entry *v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->oom = 1;
			return 1;
		}
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = *e;
	return 0;
}

berth_status customer_history(berth_txn *t, const char *id,
			      custhist_entry **out, size_t *n)
{
	uint8_t d[CUST_DIGEST_LEN];
	hist h = {0};
	berth_status st;

	*out = NULL;
	*n = 0;
	if (chain_customer_digest(t, id, d))
		return txn_status(t);
	if ((st = custhist_walk(t, d, gather, &h))) {
		free(h.v);
		return st;
	}
	if (h.oom) {
		free(h.v);
		return oom();
	}
	*out = h.v;
	*n = h.n;
	return BERTH_OK;
}

/* Newest first: the latest start, then the newer id. */
static int newest_first(const void *a, const void *b)
{
	const berth_claim *x = *(berth_claim *const *)a;
	const berth_claim *y = *(berth_claim *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? 1 : -1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

berth_status berth_customer_claims(berth_txn *t, const char *id,
				   berth_claim_cb cb, void *arg)
{
	custhist_entry *h;
	berth_claim **v = NULL;
	berth_status st;
	size_t n;

	if ((st = berth_check_text("customer", id)) ||
	    (st = customer_history(t, id, &h, &n)))
		return st;
	if (n && !(v = malloc(n * sizeof *v))) {
		free(h);
		return oom();
	}
	for (size_t i = 0; i < n && !st; i++) {
		uint8_t d[CUST_DIGEST_LEN];
		const char *why = NULL;
		/* Claims are never deleted, and each names the customer its
		 * entry is under: anything else is damage. */
		st = claim_load(t, h[i].kind, h[i].id, &v[i]);
		if (st == BERTH_NOT_FOUND)
			why = "its claim is not there";
		else if (!st && (!v[i]->customer || !*v[i]->customer))
			why = "its claim names no customer";
		else if (!st && !chain_customer_digest(t, v[i]->customer, d) &&
			 memcmp(d, h[i].cust, CUST_DIGEST_LEN))
			why = "its claim is another customer's";
		if (why) {
			keybuf k;
			custhist_key(&k, h[i].cust, h[i].kind, h[i].id);
			st = schema_corrupt(t, T_CUSTHIST, (sval){k.b, k.len},
					    why);
		}
	}
	free(h);
	if (!st) {
		if (n)
			qsort(v, n, sizeof *v, newest_first);
		for (size_t i = 0; i < n; i++) {
			claim_effective(v[i], t->now);
			if (cb(v[i], arg))
				break;
		}
	}
	free(v);
	return st ? st : txn_status(t);
}
