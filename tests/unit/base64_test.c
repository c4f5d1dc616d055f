/* base64_test.c - lib/base64.c against libsodium's decoder, which import
 * used before: every text of a few random lengths and alphabets, and the
 * encodings of random bytes (each round trip), taken or refused alike and
 * decoded to the same bytes. */
#include <sodium.h>
#include <string.h>

#include "base64.h"
#include "unit.h"

static void both(const char *s, size_t n)
{
	uint8_t a[256], b[256];
	size_t na = 0, nb = 0;
	int ra = sodium_base642bin(a, sizeof a, s, n, NULL, &na, NULL,
				   sodium_base64_VARIANT_ORIGINAL);
	int rb = base64_decode(s, n, b, &nb);

	CHECK((ra == 0) == (rb == 0), "'%.*s': sodium %d, ours %d", (int)n, s,
	      ra, rb);
	if (ra == 0 && rb == 0)
		CHECK(na == nb && !memcmp(a, b, na), "'%.*s' decodes otherwise",
		      (int)n, s);
}

int main(void)
{
	static const char chars[] = "AQgw+/9z=a-_ \n";
	unsigned long seed = 7;
	char s[64];

	if (sodium_init() < 0)
		return 1;
	/* Short texts over a small alphabet, every padding case among them. */
	for (int round = 0; round < 200000; round++) {
		size_t n;
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (seed >> 40) % 13;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL +
			       1442695040888963407UL;
			s[i] = chars[(seed >> 33) % (sizeof chars - 1)];
		}
		both(s, n);
	}
	/* Real encodings: random bytes of every length to 40. */
	for (int round = 0; round < 20000; round++) {
		uint8_t bin[40];
		char b64[64];
		size_t n = (size_t)round % 41;
		randombytes_buf(bin, n);
		sodium_bin2base64(b64, sizeof b64, bin, n,
				  sodium_base64_VARIANT_ORIGINAL);
		both(b64, strlen(b64));
	}
	printf("base64: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
