/* sha256.h - SHA-256 and HMAC-SHA-256 for the audit chain. libsodium
 * computes them in portable C; where the processor has the SHA
 * extensions (x86 SHA-NI) this file runs its compression on them instead,
 * several times faster: hashing was a tenth of the time of a large
 * `book --batch`. The result is the same bytes either way (the unit test
 * holds one against the other), so a store hashed on one machine verifies
 * on any. */
#ifndef BERTH_SHA256_H
#define BERTH_SHA256_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

/* A key made ready once: the padded key's two blocks hashed, so each
 * HMAC costs only its message and the two final blocks. */
typedef struct {
	crypto_auth_hmacsha256_state sodium; /* always: the portable path */
	uint32_t inner[8], outer[8];	     /* with the SHA extensions */
	int accelerated;		     /* inner and outer are set */
} sha256_hmac_key;

/* Whether the SHA extensions are used (they are looked for once). The
 * test can turn them off with sha256_force_portable. */
int sha256_accelerated(void);
void sha256_force_portable(int on);

void sha256(uint8_t out[SHA256_LEN], const void *p, size_t n);
void sha256_hmac_init(sha256_hmac_key *k, const uint8_t *key, size_t n);
void sha256_hmac(uint8_t out[SHA256_LEN], const sha256_hmac_key *k,
		 const void *p, size_t n);

#endif
