/* check-sum.c - a table's entries as one sum, so that check can hold an
 * index against its records without a lookup an entry.
 *
 * The records imply index entries (claim_index_of); the index holds
 * entries. Looking each one up in the other table costs a random read a
 * side, which at a million bookings was most of what check spent. Instead
 * each side adds a hash of every entry's key and value to a sum of its
 * own, and the two sums (with their counts) are compared at the end: the
 * same set of entries gives the same sum, in any order. A table whose sums
 * differ is then checked entry by entry, the slow way, which names every
 * problem exactly as before; a sound store never takes it.
 *
 * The hash is 128 bits, keyed with a seed drawn afresh for every check,
 * so that no entries can be made to look alike on purpose: two different
 * sets agree by chance once in 2^64 checks or so. */
#include <sodium.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "check.h"

void sum_seed(checker *ck)
{
	randombytes_buf(&ck->seed, sizeof ck->seed);
}

void sum_add(const checker *ck, entry_sum *s, sval k, sval v)
{
	/* The key's hash seeds the value's, so that where one ends and the
	 * other begins is part of what is hashed. */
	XXH64_hash_t hk = XXH3_64bits_withSeed(k.data, k.len, ck->seed);
	XXH128_hash_t h = XXH3_128bits_withSeed(v.data, v.len, hk ^ ck->seed);

	s->lo += h.low64;
	s->hi += h.high64;
	s->n++;
}

void sum_entry(checker *ck, entry_sum *s, store_table tb, const void *e)
{
	uint8_t small[512];
	keybuf k;
	wbuf w;

	wb_on(&w, small, sizeof small);
	schema_encode(tb, e, &k, &w);
	if (w.oom) {
		arena_set_failed(ck->t->a);
	} else {
		sval kv = {k.b, k.len}, vv = {w.p, w.len};
		sum_add(ck, s, kv, vv);
	}
	wb_free(&w);
}

int sum_same(const entry_sum *a, const entry_sum *b)
{
	return a->lo == b->lo && a->hi == b->hi && a->n == b->n;
}
