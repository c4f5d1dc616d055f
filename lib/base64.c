/* base64.c - strict base64 decoding by table (base64.h). */
#include "base64.h"

/* Each character's six bits, or 64 for one outside the alphabet. */
static uint8_t value[256];
static int ready;

static void fill(void)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (int i = 0; i < 256; i++)
		value[i] = 64;
	for (int i = 0; i < 64; i++)
		value[(unsigned char)abc[i]] = (uint8_t)i;
	ready = 1;
}

int base64_decode(const char *s, size_t n, uint8_t *out, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, full, i;
	unsigned a, b, c, d;

	if (!ready)
		fill();
	if (n % 4)
		return -1;
	if (n == 0) {
		*len = 0;
		return 0;
	}
	/* Every quad but the last has four characters of the alphabet. */
	full = n - 4;
	for (i = 0; i < full; i += 4) {
		a = value[p[i]], b = value[p[i + 1]], c = value[p[i + 2]],
		d = value[p[i + 3]];
		if ((a | b | c | d) & 64)
			return -1;
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		out[o++] = (uint8_t)(b << 4 | c >> 2);
		out[o++] = (uint8_t)(c << 6 | d);
	}
	/* The last: xxxx, xxx= or xx==, and the bits the padding leaves
	 * over are zero (so that each text decodes from one byte string). */
	a = value[p[i]], b = value[p[i + 1]];
	if ((a | b) & 64)
		return -1;
	out[o++] = (uint8_t)(a << 2 | b >> 4);
	if (p[i + 2] == '=') {
		if (p[i + 3] != '=' || (b & 15))
			return -1;
	} else {
		c = value[p[i + 2]];
		if (c & 64)
			return -1;
		out[o++] = (uint8_t)(b << 4 | c >> 2);
		if (p[i + 3] == '=') {
			if (c & 3)
				return -1;
		} else {
			d = value[p[i + 3]];
			if (d & 64)
				return -1;
			out[o++] = (uint8_t)(c << 6 | d);
		}
	}
	*len = o;
	return 0;
}
