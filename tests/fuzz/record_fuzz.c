/* record_fuzz.c - libFuzzer harness for every table's decoder
 * (lib/schema.c), built with BERTH_FUZZ_UNSEALED so that a value reaches
 * the decoder whatever its checksum.
 *
 * The input is one stored entry as the disk might hand it back, damaged in
 * any way: byte 0 picks the table (and, with its high bit, format 1),
 * byte 1 the key's length, then the key, then the value. Every decoder
 * must answer 0 or -1, never crash or read past what it was given. What
 * decodes must encode again to an entry that decodes, and encode to the
 * same bytes a second time (an entry's encoding is canonical). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static void round_trip(store_table tb, const any_entry *e, arena *a)
{
	char why[160];
	any_entry e2;
	keybuf k1, k2;
	wbuf v1 = {0}, v2 = {0};
	sval kv, vv;

	schema_encode(tb, e, &k1, &v1);
	require(!v1.oom && !k1.overflow);
	kv = (sval){k1.b, k1.len};
	vv = (sval){v1.p, v1.len};
	require(schema_decode(tb, FORMAT_CURRENT, kv, vv, a, &e2, why,
			      sizeof why) == 0);
	schema_encode(tb, &e2, &k2, &v2);
	require(k1.len == k2.len && memcmp(k1.b, k2.b, k1.len) == 0);
	require(v1.len == v2.len && memcmp(v1.p, v2.p, v1.len) == 0);
	wb_free(&v1);
	wb_free(&v2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a;
	store_table tb;
	unsigned format;
	size_t klen;
	char why[160];
	any_entry e;
	sval k, v;

	if (size < 2)
		return 0;
	tb = (store_table)((data[0] & 0x7f) % T_COUNT);
	format = data[0] & 0x80 ? 1 : FORMAT_CURRENT;
	klen = data[1];
	if (klen > size - 2)
		klen = size - 2;
	/* Copies, so that a read one past the end is the sanitizer's. */
	k.len = klen;
	k.data = memcpy(malloc(klen ? klen : 1), data + 2, klen);
	v.len = size - 2 - klen;
	v.data = memcpy(malloc(v.len ? v.len : 1), data + 2 + klen, v.len);
	if (!(a = arena_new()))
		goto out;
	if (tb == T_META) {
		meta_entry m;
		int rc = meta_decode(k, v, format, a, &m, why, sizeof why);
		require(rc == 0 || rc == -1);
	} else {
		int rc =
		    schema_decode(tb, format, k, v, a, &e, why, sizeof why);
		require(rc == 0 || rc == -1);
		require(rc == 0 || why[0]);
		if (rc == 0)
			round_trip(tb, &e, a);
	}
	arena_free(a);
out:
	free((void *)k.data);
	free((void *)v.data);
	return 0;
}
