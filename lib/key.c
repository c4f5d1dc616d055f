#include "key.h"

#include <string.h>

void key_reset(keybuf *k)
{
	k->len = 0;
	k->overflow = 0;
}

static void put_be(keybuf *k, uint64_t v, unsigned bytes)
{
	if (k->len + bytes > KEY_MAX) {
		k->overflow = 1;
		return;
	}
	for (unsigned i = 0; i < bytes; i++)
		k->b[k->len + i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
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

static uint64_t get_be(const void *p, unsigned bytes)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		v = v << 8 | b[i];
	return v;
}

uint32_t key_read_u32(const void *p)
{
	return (uint32_t)get_be(p, 4);
}

uint64_t key_read_u64(const void *p)
{
	return get_be(p, 8);
}

int64_t key_read_time(const void *p)
{
	return (int64_t)(get_be(p, 8) ^ 0x8000000000000000ull);
}
