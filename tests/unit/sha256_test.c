/* sha256_test.c - the SHA extensions' SHA-256 and HMAC give libsodium's
 * bytes, for every length around the block and padding edges, and for
 * keys shorter and longer than a block; and both give the published
 * digests (FIPS 180-2, RFC 4231), so neither can drift with the other. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"
#include "unit.h"

static void hex(const uint8_t *h, char out[2 * SHA256_LEN + 1])
{
	sodium_bin2hex(out, 2 * SHA256_LEN + 1, h, SHA256_LEN);
}

static void known(void)
{
	static const char *const abc =
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	static const char *const two =
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	/* RFC 4231 test case 2: key "Jefe". */
	static const char *const jefe =
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	const char *msg2 =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t h[SHA256_LEN];
	char x[2 * SHA256_LEN + 1];
	sha256_hmac_key k;

	for (int portable = 0; portable < 2; portable++) {
		sha256_force_portable(portable);
		sha256(h, "abc", 3);
		hex(h, x);
		CHECK(!strcmp(x, abc), " portable %d: %s", portable, x);
		sha256(h, msg2, strlen(msg2));
		hex(h, x);
		CHECK(!strcmp(x, two), " portable %d: %s", portable, x);
		sha256_hmac_init(&k, (const uint8_t *)"Jefe", 4);
		sha256_hmac(h, &k, "what do ya want for nothing?", 28);
		hex(h, x);
		CHECK(!strcmp(x, jefe), " portable %d: %s", portable, x);
	}
	sha256_force_portable(0);
}

static void same_as_sodium(void)
{
	uint8_t msg[300], key[140], a[SHA256_LEN], b[SHA256_LEN];
	sha256_hmac_key k;

	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 131 + 7);
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(i * 17 + 3);
	for (size_t n = 0; n <= sizeof msg; n++) {
		sha256(a, msg, n);
		crypto_hash_sha256(b, msg, n);
		CHECK(!memcmp(a, b, sizeof a), " sha256 of %zu bytes", n);
	}
	for (size_t kn = 0; kn <= sizeof key; kn += 7) {
		sha256_hmac_init(&k, key, kn);
		for (size_t n = 0; n <= sizeof msg; n += 13) {
			crypto_auth_hmacsha256_state st;
			sha256_hmac(a, &k, msg, n);
			crypto_auth_hmacsha256_init(&st, key, kn);
			crypto_auth_hmacsha256_update(&st, msg, n);
			crypto_auth_hmacsha256_final(&st, b);
			CHECK(!memcmp(a, b, sizeof a),
			      " hmac, key of %zu bytes, message of %zu", kn, n);
		}
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	printf("sha256: SHA extensions %s\n",
	       sha256_accelerated() ? "used" : "not there (portable only)");
	known();
	same_as_sodium();
	printf("sha256: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
