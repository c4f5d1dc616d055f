/* pseudonym.c - what `customer forget` leaves where a personal text was:
 * "forgotten:" and the 64 hex digits of the text's HMAC under the store's
 * audit key, the very value the audit chain hashes that text as
 * (audit-chain.c). The chain, seeing a pseudonym, takes the HMAC it
 * carries instead of hashing it again, so a record whose customer, name,
 * email or phone was replaced by its pseudonym hashes as it did before
 * and every link stays whole; the index by customer takes its digest from
 * the same HMAC, so no entry of a forgotten customer moves. The form is
 * reserved: no one may name a customer so (berth_check_customer). */
#include <string.h>

#include "internal.h"

#define PREFIX	   "forgotten:"
#define PREFIX_LEN (sizeof PREFIX - 1)
#define HEX_LEN	   (2 * CHAIN_HASH_LEN)

const char *pseudonym_hex(const char *v)
{
	if (!v || strncmp(v, PREFIX, PREFIX_LEN) ||
	    strlen(v) != PREFIX_LEN + HEX_LEN)
		return NULL;
	for (size_t i = PREFIX_LEN; i < PREFIX_LEN + HEX_LEN; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		      (v[i] >= 'a' && v[i] <= 'f')))
			return NULL;
	return v + PREFIX_LEN;
}

char *pseudonym_make(arena *a, const char *hex)
{
	char *p = arena_alloc(a, PREFIX_LEN + HEX_LEN + 1);

	if (p) {
		memcpy(p, PREFIX, PREFIX_LEN);
		memcpy(p + PREFIX_LEN, hex, HEX_LEN);
		p[PREFIX_LEN + HEX_LEN] = '\0';
	}
	return p;
}

berth_status berth_check_customer(const char *id)
{
	berth_status st;

	if ((st = berth_check_text("customer", id)))
		return st;
	if (pseudonym_hex(id))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "customer ids of the form " PREFIX
			       "HEX are the pseudonyms of forgotten "
			       "customers, and cannot be given"),
		    "customer", id);
	return BERTH_OK;
}
