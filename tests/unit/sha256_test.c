/* sha256_test.c - sha256.c's digests and HMACs against libsodium's, on
 * every length from 0 to 300 bytes (each padding case, one block and
 * several) and a long one, and under two keys. */
#include <sodium.h>
#include <string.h>

#include "sha256.h"
#include "unit.h"

int main(void)
{
	static uint8_t data[5000];
	uint8_t a[32], b[32], key[32];

	if (sodium_init() < 0)
		return 1;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 131 + 7);
	for (size_t n = 0; n <= 300; n++) {
		sha256(a, data, n);
		crypto_hash_sha256(b, data, n);
		CHECK(memcmp(a, b, 32) == 0);
	}
	sha256(a, data, sizeof data);
	crypto_hash_sha256(b, data, sizeof data);
	CHECK(memcmp(a, b, 32) == 0);
	for (int k = 0; k < 2; k++) {
		crypto_auth_hmacsha256_state st, st2;
		memset(key, k ? 0xa5 : 0, sizeof key);
		crypto_auth_hmacsha256_init(&st, key, sizeof key);
		for (size_t n = 0; n <= 300; n += 7) {
			sha256_hmac(&st, data, n, a);
			st2 = st;
			crypto_auth_hmacsha256_update(&st2, data, n);
			crypto_auth_hmacsha256_final(&st2, b);
			CHECK(memcmp(a, b, 32) == 0);
		}
	}
	printf("sha256: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
