/* check-customer.c - the customer table: every entry decodes (walk
 * reports those that do not), holds no pseudonym (forget deletes the
 * record, never keeps one half erased), and is what its last audit record
 * says, found under the customer's entity, which is named by the
 * customer's digest rather than the id (customer.c). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "customer.h"

static int customer_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_customer *c = &e->customer.c;
	char entity[CUSTOMER_ENTITY_LEN];
	uint8_t d[CUST_DIGEST_LEN];

	if (pseudonym_hex(c->id))
		problem(ck, T_CUSTOMER, k, 0,
			"is kept under a forgotten customer's pseudonym");
	if (!ck->have_key)
		return 0; /* no key: reported with meta */
	if (!ck->chain &&
	    !(ck->chain = chain_ctx_new(ck->t->cache_arena, ck->chain_key))) {
		arena_set_failed(ck->t->a);
		return 1;
	}
	chain_digest(ck->chain, c->id, d);
	memcpy(entity, "customer/", 9);
	for (size_t i = 0; i < CUST_DIGEST_LEN; i++)
		snprintf(entity + 9 + 2 * i, 3, "%02x", d[i]);
	check_audited(ck, T_CUSTOMER, k, v, entity, ENT_CUSTOMER);
	return 0;
}

void check_customer(checker *ck)
{
	walk(ck, T_CUSTOMER, customer_fn);
}
