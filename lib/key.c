#include "key.h"

#include <string.h>

void key_reset(keybuf *k)
{
	k->len = 0;
	k->overflow = 0;
}

/* Every field of every key and record goes through these two; the common
 * widths take one byte swap where the host is little-endian. */
void be_put(uint8_t *p, uint64_t v, unsigned bytes)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (bytes == 8) {
		v = __builtin_bswap64(v);
		memcpy(p, &v, 8);
		return;
	}
	if (bytes == 4) {
		uint32_t w = __builtin_bswap32((uint32_t)v);
		memcpy(p, &w, 4);
		return;
	}
#endif
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
}

uint64_t be_get(const void *p, unsigned bytes)
{
	const uint8_t *b = p;
	uint64_t v = 0;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (bytes == 8) {
		memcpy(&v, p, 8);
		return __builtin_bswap64(v);
	}
	if (bytes == 4) {
		uint32_t w;
		memcpy(&w, p, 4);
		return __builtin_bswap32(w);
	}
#endif
	for (unsigned i = 0; i < bytes; i++)
		v = v << 8 | b[i];
	return v;
}

static void put_be(keybuf *k, uint64_t v, unsigned bytes)
{
	if (k->len + bytes > KEY_MAX) {
		k->overflow = 1;
		return;
	}
	be_put(k->b + k->len, v, bytes);
	k->len += bytes;
}

void key_u8(keybuf *k, uint8_t v)
{
	put_be(k, v, 1);
}

void key_u32(keybuf *k, uint32_t v)
{
	put_be(k, v, 4);
}

void key_u64(keybuf *k, uint64_t v)
{
	put_be(k, v, 8);
}

void key_time(keybuf *k, int64_t v)
{
	put_be(k, (uint64_t)v ^ 0x8000000000000000ull, 8);
}

void key_str(keybuf *k, const char *s)
{
	size_t n = strlen(s) + 1;

	if (k->len + n > KEY_MAX) {
		k->overflow = 1;
		return;
	}
	memcpy(k->b + k->len, s, n);
	k->len += n;
}

uint32_t key_read_u32(const void *p)
{
	return (uint32_t)be_get(p, 4);
}

uint64_t key_read_u64(const void *p)
{
	return be_get(p, 8);
}

int64_t key_read_time(const void *p)
{
	return (int64_t)(be_get(p, 8) ^ 0x8000000000000000ull);
}
